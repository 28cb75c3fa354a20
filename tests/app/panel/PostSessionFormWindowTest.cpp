// The post-session form as a therapist fills it: a real panel window in an X server (Xvfb), filled at the
// smallest size and looked at (OCR) at a large one, real clicks and typing (xdotool), the screen read by OCR
// to find where to click (drive-post-session-form.sh beside this file). A short program plays to its end; on
// the end screen the form is opened, the phase rated, the patient's words typed, one unwelcome moment typed
// as m:ss and one picked on the form's timeline, the answers saved and Open report pressed. What counts is
// checked where it is kept: the session journal, and the report made from it. The screenshots stay in the
// test's folder (STILLPOINT_KEEP_SCREENSHOTS=DIR copies them there).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app/panel/PanelOcr.h"
#include "app/panel/RealPanelWindow.h"
#include "app/panel/ToneProgram.h"
#include "audio/decode/AudioFixtures.h"
#include "journal/JournalReader.h"

namespace {

namespace fs = std::filesystem;
using namespace stillpoint::panel::testing;
using stillpoint::testing::TempFolder;

class PostSessionFormWindow : public ::testing::TestWithParam<std::pair<int, int>> {};

TEST_P(PostSessionFormWindow, RatingsAndUnwelcomeMomentsGoToTheJournalAndTheReport) {
    for (const char* tool : {"xvfb-run", "xdotool", "tesseract", "import"})
        if (!haveTool(tool)) GTEST_SKIP() << tool << " is needed (scripts/setup-debian.sh --test)";
    const auto [width, height] = GetParam();
    // The form is filled at the smallest size, where it is most cramped; at the large one it is looked at.
    const bool fills = width == 1024;
    using namespace stillpoint::testing;
    TempFolder folder;
    const auto program = folder / "short.toml";
    writeToneProgram(program, "Form test", {{"onset", "4s", {kToneA}}, {"return", "4s", {kToneB}}}, 8.0);
    const auto sessions = folder / "sessions";
    const auto work = folder / "work";
    fs::create_directories(work);
    const std::string screen = std::to_string(width) + "x" + std::to_string(height);
    // The window opens centred at 1400x880 and is then resized where it is: the X screen leaves room.
    const std::string room = std::to_string(std::max(1400, 2 * width - 1400)) + "x" +
                             std::to_string(std::max(880, 2 * height - 880));
    const std::string command =
        "timeout 240 xvfb-run -a -s '-screen 0 " + room +
        "x24' '" STILLPOINT_SOURCE_DIR "/tests/app/panel/drive-post-session-form.sh' '" STILLPOINT_BINARY_DIR
        "/stillpoint' '" +
        program.string() + "' '" + sessions.string() + "' '" + work.string() + "' " + std::to_string(width) +
        " " + std::to_string(height) + (fills ? " fill" : " look") + " >'" + (work / "driver.log").string() +
        "' 2>&1";
    const int status = std::system(command.c_str());
    if (const char* keep = std::getenv("STILLPOINT_KEEP_SCREENSHOTS"))
        for (const char* shot :
             {"end-screen.png", "form-open.png", "form-scrolled.png", "form-filled.png", "form-saved.png"})
            if (fs::exists(work / shot))
                fs::copy_file(work / shot, fs::path(keep) / (screen + "-" + shot),
                              fs::copy_options::overwrite_existing);
    ASSERT_EQ(status, 0) << readText(work / "driver.log") << readText(work / "stillpoint.log");

    // The form as the therapist sees it: its title, the questions, the moment controls.
    ScreenReading seen(work / "form-open.png");
    for (const char* words : {"how the music landed", "save answers", "how much did you like the music",
                              "not at all", "very much", "completely", "fully open", "onset"})
        EXPECT_TRUE(seen.says(words)) << "\"" << words << "\" not read on the form: " << seen.text();
    // Scrolled to its end: the unwelcome moments, with their timeline and the two ways to give a time.
    ScreenReading scrolled(work / "form-scrolled.png");
    for (const char* words : {"moments of the music that were unwelcome", "click the timeline", "add moment"})
        EXPECT_TRUE(scrolled.says(words)) << "\"" << words << "\" not read: " << scrolled.text();
    if (!fills) return;

    fs::path folderOfSession;
    for (const auto& entry : fs::directory_iterator(sessions)) folderOfSession = entry.path();
    const auto journal = stillpoint::journal::readJournal(folderOfSession / "journal.jsonl");
    std::vector<nlohmann::ordered_json> ratings, moments;
    bool endedBefore = false, recordedAfterEnd = false;
    for (const auto& line : journal.events) {
        const std::string type = line.event.value("type", "");
        if (type == "post_session_rating") ratings.push_back(line.event);
        if (type == "post_session_moment") moments.push_back(line.event);
        if (type == "marker" || type == "vitals") recordedAfterEnd = recordedAfterEnd || endedBefore;
        if (type == "session_end") endedBefore = true;
    }
    EXPECT_FALSE(recordedAfterEnd);
    ASSERT_EQ(ratings.size(), 1u) << readText(folderOfSession / "journal.jsonl");
    EXPECT_EQ(ratings[0].value("rated_phase", ""), "onset");
    EXPECT_EQ(ratings[0].value("rated_phase_index", -1), 0);
    EXPECT_EQ(ratings[0]["liking"], 7);
    EXPECT_EQ(ratings[0]["resonance"], 8);
    EXPECT_EQ(ratings[0]["openness"], 3);
    EXPECT_EQ(ratings[0].value("text", ""), "Like being carried");
    ASSERT_EQ(moments.size(), 2u) << readText(folderOfSession / "journal.jsonl");
    EXPECT_DOUBLE_EQ(moments[0].value("moment_s", -1.0), 2.0);
    EXPECT_EQ(moments[0].value("text", ""), "a sharp tone");
    // Picked three quarters along the 8 s session's timeline (a whole second).
    EXPECT_NEAR(moments[1].value("moment_s", -1.0), 6.0, 1.5);
    EXPECT_EQ(moments[1].value("text", ""), "too loud here");

    // Open report made the report from the journal, answers included, and opened it.
    const std::string report = readText(folderOfSession / "report.html");
    for (const char* words : {"Like being carried", "a sharp tone", "too loud here"})
        EXPECT_NE(report.find(words), std::string::npos) << words;
    EXPECT_NE(readText(work / "opened.txt").find("report.html"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Sizes, PostSessionFormWindow,
                         ::testing::Values(std::pair{1024, 600}, std::pair{1920, 1080}),
                         [](const auto& size) {
                             return std::to_string(size.param.first) + "x" +
                                    std::to_string(size.param.second);
                         });

}  // namespace
