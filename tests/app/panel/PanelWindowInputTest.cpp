// The operator panel as a therapist uses it: a real window in an X server (Xvfb), real key presses and
// clicks (xdotool), the screen read by OCR to find where to click. Everything is checked in the session
// journal, the record that counts: notes typed with every shortcut letter are notes, never commands;
// talk-over held by mouse or by Space is on while held and off when released; Enter starts a complete
// setup. The driver is drive-panel.sh beside this file; its screenshots stay in the test's folder.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "audio/decode/AudioFixtures.h"

namespace {

using stillpoint::testing::TempFolder;

bool have(const char* tool) {
    return std::system(("command -v " + std::string(tool) + " >/dev/null 2>&1").c_str()) == 0;
}

std::string readFile(const std::filesystem::path& file) {
    std::stringstream text;
    text << std::ifstream(file).rdbuf();
    return text.str();
}

// The values of `"key":"..."` in the journal's lines of type `type`, in order.
std::vector<std::string> fieldsOf(const std::string& journal, const std::string& type,
                                  const std::string& key) {
    std::vector<std::string> values;
    std::stringstream lines(journal);
    for (std::string line; std::getline(lines, line);) {
        if (line.find("\"type\":\"" + type + "\"") == std::string::npos) continue;
        const auto at = line.find("\"" + key + "\":\"");
        if (at == std::string::npos) continue;
        const auto start = at + key.size() + 4;
        values.push_back(line.substr(start, line.find('"', start) - start));
    }
    return values;
}

}  // namespace

TEST(PanelWindowInput, TypedNotesNeverBecomeCommandsAndTalkOverFollowsThePress) {
    for (const char* tool : {"xvfb-run", "xdotool", "tesseract", "import"})
        if (!have(tool)) GTEST_SKIP() << tool << " is needed (scripts/setup-debian.sh --test)";
    using namespace stillpoint::testing;
    TempFolder folder;
    writeSine(folder / "a.wav", audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 2, 20.0), 220.0);
    writeSine(folder / "b.wav", audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 2, 20.0), 330.0);
    const auto program = folder / "short.toml";
    // Long enough that the session is still playing when the typing is done, even on a slow machine.
    std::ofstream(program) << R"(format = 1
name = "Window test"
route = "iv"
end_fade = "1s"

[[phase]]
name = "onset"
planned = "5m"

  [[phase.track]]
  file = "a.wav"
  title = "Tone A"

  [[phase.track]]
  file = "b.wav"
  title = "Tone B"

[[phase]]
name = "return"
planned = "5m"

  [[phase.track]]
  file = "b.wav"
  title = "Tone B"
)";
    const auto sessions = folder / "sessions";
    const auto work = folder / "work";
    std::filesystem::create_directories(work);
    const std::string command = "timeout 240 xvfb-run -a -s '-screen 0 1600x1000x24' '" STILLPOINT_SOURCE_DIR
                                "/tests/app/panel/drive-panel.sh' '" STILLPOINT_BINARY_DIR "/stillpoint' '" +
                                program.string() + "' '" + sessions.string() + "' '" + work.string() +
                                "' 2>&1";
    const int status = std::system(command.c_str());
    EXPECT_EQ(status, 0) << readFile(work / "stillpoint.log");
    EXPECT_FALSE(std::filesystem::exists(work / "problems.txt")) << readFile(work / "problems.txt");

    std::filesystem::path journalFile;
    for (const auto& entry : std::filesystem::directory_iterator(sessions))
        journalFile = entry.path() / "journal.jsonl";
    const std::string journal = readFile(journalFile);
    ASSERT_FALSE(journal.empty()) << "no journal in " << sessions;

    // The first note, whole; the second was left in the field with Esc (kept, not added), and the letters
    // typed right after Esc went nowhere.
    EXPECT_EQ(fieldsOf(journal, "note", "text"),
              (std::vector<std::string>{"Then she said: a calm hush, get me sun and 123456 more time"}));
    EXPECT_TRUE(fieldsOf(journal, "marker", "marker").empty()) << journal;
    // The only commands: start, talk-over on and off twice (mouse, then Space), the end.
    EXPECT_EQ(fieldsOf(journal, "operator_action", "action"),
              (std::vector<std::string>{"start", "talk_over_on", "talk_over_off", "talk_over_on",
                                        "talk_over_off", "end_session"}))
        << journal;
    EXPECT_NE(journal.find("\"type\":\"session_end\""), std::string::npos);
}
