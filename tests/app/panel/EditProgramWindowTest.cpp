// The setup screen's Edit program, as a clinician uses it: the real `stillpoint play` window and the real
// editor it opens, in an X server of their own, driven by xdotool and read by OCR. When the editor
// returns with the program changed, the setup screen shows the edited program (started again on it, so it
// is parsed and checked as at start-up) with what was typed in the setup kept; when the edited program has
// errors, the setup screen keeps the program it had and says why.
#include <gtest/gtest.h>
#include <sndfile.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "app/editor/RealWindowSetup.h"
#include "app/editor/WindowCloseRequest.h"
#include "app/panel/PanelOcr.h"
#include "app/panel/RealPanelWindow.h"
#include "app/remote/OscTestClient.h"
#include "audio/decode/AudioFixtures.h"

namespace {

using namespace stillpoint::panel::testing;
using stillpoint::testing::TempFolder;

class EditProgramWindowTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (const std::string missing = missingRealWindowTool(); !missing.empty()) GTEST_SKIP() << missing;
        using namespace stillpoint::testing;
        writeSine(folder / "a.wav", audioSpec(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2, 20.0), 220.0);
        std::ofstream(program) << "format = 1\nname = \"Window test\"\nroute = \"iv\"\n\n[[phase]]\nname = "
                                  "\"onset\"\nplanned = \"5m\"\n\n[[phase.track]]\nfile = \"a.wav\"\n\n"
                                  "[[phase]]\nname = \"return\"\nplanned = \"5m\"\n\n[[phase.track]]\n"
                                  "file = \"a.wav\"\n";
        screen.emplace(1280, 720, folder / "xvfb.log");
    }
    void TearDown() override {
        panel.reset();
        screen.reset();
    }

    std::string windowNamed(const std::string& name) {
        std::string found = runOn(*screen, "xdotool search --sync --onlyvisible --name '" + name + "'");
        return found.substr(0, found.find('\n'));
    }
    void xdotool(const std::string& arguments) {
        int status = -1;
        runOn(*screen, "xdotool " + arguments, &status);
        EXPECT_EQ(status, 0) << "xdotool " << arguments;
    }
    // The words on the whole screen, polled until `found` accepts them or `timeout` has passed.
    std::vector<OcrWord> readScreen(const std::function<bool(const std::vector<OcrWord>&)>& found,
                                    Seconds timeout) {
        std::vector<OcrWord> words;
        const auto shot = folder / "screen.png";
        waitUntil(
            [&] {
                runOn(*screen, "import -window root '" + shot.string() + "'");
                words = ocrWords(shot, 1);
                return found(words);
            },
            timeout);
        return words;
    }
    void startPanel(const std::vector<std::string>& options = {}) {
        std::vector<std::string> argv{
            STILLPOINT_BINARY_DIR "/stillpoint", "play", program.string(), "--new", "--sessions",
            (folder / "sessions").string()};
        argv.insert(argv.end(), options.begin(), options.end());
        panel.emplace(argv, realWindowEnvironment(*screen, folder.path()), log);
        setup = windowNamed("^Stillpoint$");
        ASSERT_FALSE(setup.empty()) << readText(log);
        xdotool("windowfocus --sync " + setup);
    }
    // Opens the editor from the setup screen, types `text` into the first phase's field that `tabs` Tabs
    // reach (1: its name, 2: its planned time), saves, closes it.
    void editFirstPhase(int tabs, const std::string& text) {
        auto words = readScreen([](const auto& w) { return findWord(w, "edit") != nullptr; }, Seconds(20));
        const OcrWord* edit = findWord(words, "edit");
        ASSERT_TRUE(edit) << allText(words) << "\n" << readText(log);
        xdotool("mousemove " + std::to_string(edit->x) + " " + std::to_string(edit->y) + " click 1");
        const std::string editor = windowNamed("^Stillpoint: program editor$");
        ASSERT_FALSE(editor.empty()) << "no editor appeared\n" << readText(log);
        xdotool("windowfocus --sync " + editor);
        readScreen([](const auto& w) { return findWord(w, "phases") != nullptr; }, Seconds(20));
        std::string keys = "F6 F6";  // the phase's column
        for (int i = 0; i < tabs; ++i) keys += " Tab";
        xdotool("key --delay 150 " + keys);
        xdotool("type --delay 80 '" + text + "'");
        xdotool("key --delay 150 ctrl+s");
        readScreen([](const auto& w) { return findWord(w, "saved") != nullptr; }, Seconds(10));
        EXPECT_TRUE(stillpoint::testing::askWindowToClose(screen->display(), editor));
    }

    TempFolder folder;
    std::filesystem::path program = folder / "clinic.toml";
    std::filesystem::path log = folder / "stillpoint.log";
    std::optional<VirtualScreen> screen;
    std::optional<ChildProcess> panel;
    std::string setup;  // the panel's window
};

}  // namespace

TEST_F(EditProgramWindowTest, TheSetupScreenShowsTheEditedProgramWithWhatWasTypedKept) {
    startPanel();
    xdotool("key Tab type --delay 80 'KX-0042'");  // the patient ID, typed before the edit
    auto words =
        readScreen([](const auto& w) { return findWord(w, "kx-0042") && findWord(w, "onset"); }, Seconds(20));
    ASSERT_TRUE(findWord(words, "kx-0042")) << allText(words);
    editFirstPhase(1, "arrival");
    // The panel is the same process (its journal and its window), started again on the edited file.
    words = readScreen([](const auto& w) { return findWord(w, "arrival") && findWord(w, "kx-0042"); },
                       Seconds(30));
    EXPECT_TRUE(findWord(words, "arrival")) << allText(words) << "\n" << readText(log);
    EXPECT_FALSE(findWord(words, "onset")) << allText(words);
    EXPECT_TRUE(findWord(words, "kx-0042")) << allText(words);
    EXPECT_TRUE(panel->running()) << readText(log);
}

// The panel started with a remote control port and a call button starts again on the edited program with
// both: the new start answers OSC on the same port and still knows its call key.
TEST_F(EditProgramWindowTest, TheRemoteControlAndTheCallButtonSurviveTheEdit) {
    // A free UDP port, found by letting liblo choose one and closing it again.
    lo_server probe = lo_server_new_with_proto(nullptr, LO_UDP, nullptr);
    ASSERT_TRUE(probe);
    const int port = lo_server_get_port(probe);
    lo_server_free(probe);
    startPanel({"--osc", std::to_string(port), "--call-key", "F13", "--call-grounding"});
    stillpoint::remote::testing::OscTestClient before(port);
    before.send("/stillpoint/status", before.port());
    ASSERT_EQ(before.waitFor("/stillpoint/reply/status", std::chrono::seconds(10)).path,
              "/stillpoint/reply/status")
        << readText(log);
    editFirstPhase(1, "arrival");
    readScreen([](const auto& w) { return findWord(w, "arrival") != nullptr; }, Seconds(30));
    // The new start's command line (the same process, started again: its window says which it is).
    std::string pid = runOn(*screen, "xdotool getwindowpid " + windowNamed("^Stillpoint$"));
    pid = pid.substr(0, pid.find('\n'));
    ASSERT_FALSE(pid.empty());
    std::ifstream cmdline("/proc/" + pid + "/cmdline");
    std::string arguments{std::istreambuf_iterator<char>(cmdline), std::istreambuf_iterator<char>()};
    std::replace(arguments.begin(), arguments.end(), '\0', ' ');
    EXPECT_NE(arguments.find("--osc " + std::to_string(port)), std::string::npos) << arguments;
    EXPECT_NE(arguments.find("--call-key F13"), std::string::npos) << arguments;
    EXPECT_NE(arguments.find("--call-grounding"), std::string::npos) << arguments;
    stillpoint::remote::testing::OscTestClient after(port);
    after.send("/stillpoint/status", after.port());
    const auto reply = after.waitFor("/stillpoint/reply/status", std::chrono::seconds(10));
    EXPECT_EQ(reply.path, "/stillpoint/reply/status") << readText(log);
    EXPECT_TRUE(panel->running()) << readText(log);
}

// A program edited into one with errors can be saved, not started: the setup screen keeps the program it
// had, says why, and Start does nothing though the form is complete.
TEST_F(EditProgramWindowTest, AnEditedProgramWithErrorsIsNotStarted) {
    startPanel({"--patient", "KX-0042", "--clinician", "Ward", "--consent", "yes"});
    auto words =
        readScreen([](const auto& w) { return findWord(w, "onset") && findWord(w, "enter"); }, Seconds(20));
    ASSERT_TRUE(findWord(words, "enter")) << allText(words);  // "or press Enter": the form is complete
    editFirstPhase(2, "0s");                                  // the onset planned for no time: an error
    ASSERT_NE(readText(program).find("planned = \"0s\""), std::string::npos) << readText(program);
    // The panel's notice (the editor's window has gone): it keeps the program it had, and says why.
    words =
        readScreen([](const auto& w) { return findWord(w, "keeps") && findWord(w, "patient"); }, Seconds(30));
    std::string shown = allText(words);
    EXPECT_NE(shown.find("edited program has errors"), std::string::npos) << shown;
    EXPECT_NE(shown.find("planned"), std::string::npos) << shown;  // which error, in the parser's words
    // The notice takes room: the form's end (Start and what blocks it) is scrolled to, as a person would.
    const OcrWord* patient = findWord(words, "patient");
    ASSERT_TRUE(patient) << shown;
    xdotool("mousemove " + std::to_string(patient->x + 300) + " " + std::to_string(patient->y) +
            " click --repeat 10 --delay 50 5");
    words =
        readScreen([](const auto& w) { return findWord(w, "fixed") && findWord(w, "start"); }, Seconds(10));
    shown = allText(words);
    if (const char* keep = std::getenv("STILLPOINT_SCREENSHOT_DIR"))
        std::filesystem::copy_file(folder / "screen.png",
                                   std::filesystem::path(keep) / "setup-program-errors.png",
                                   std::filesystem::copy_options::overwrite_existing);
    EXPECT_NE(shown.find("file has errors"), std::string::npos) << shown;  // what blocks Start
    EXPECT_FALSE(findWord(words, "enter")) << shown;                       // Start is not offered
    const OcrWord* start = nullptr;
    for (const auto& word : words)
        if (word.text == "start" && (!start || word.y > start->y)) start = &word;  // the button, below
    ASSERT_TRUE(start) << shown;
    xdotool("mousemove " + std::to_string(start->x) + " " + std::to_string(start->y) + " click 1");
    xdotool("windowfocus --sync " + setup + " key Return");
    waitUntil([] { return false; }, Seconds(3));
    words = readScreen([](const auto& w) { return findWord(w, "errors") != nullptr; }, Seconds(10));
    EXPECT_TRUE(findWord(words, "session")) << allText(words);  // still "new session"
    EXPECT_TRUE(findWord(words, "onset")) << allText(words);    // the program it had
    std::size_t journals = 0;
    std::error_code error;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder / "sessions", error))
        if (entry.path().filename() == "journal.jsonl") ++journals;
    EXPECT_EQ(journals, 0u);
    EXPECT_TRUE(panel->running()) << readText(log);
}
