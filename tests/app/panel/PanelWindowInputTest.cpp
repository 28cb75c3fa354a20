// The operator panel as a therapist uses it: the real `stillpoint play` window in an X server of its own
// (Xvfb), real key presses and clicks (xdotool), the screen read by OCR to find where to click, and the
// session journal, the record that counts, checked at the end. Keys are typed faster than the panel
// draws frames (xdotool's own pace), as a quick typist or a loaded machine would deliver them.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "app/panel/PanelOcr.h"
#include "app/panel/RealPanelWindow.h"
#include "app/panel/ToneProgram.h"
#include "audio/decode/AudioFixtures.h"

namespace {

using namespace stillpoint::panel::testing;
using stillpoint::testing::TempFolder;

constexpr int kScreenWidth = 1600;
constexpr int kScreenHeight = 1000;

class PanelWindowInputTest : public ::testing::Test {
protected:
    void SetUp() override {
        for (const char* tool : {"Xvfb", "xdotool"})
            if (!haveTool(tool)) GTEST_SKIP() << tool << " is needed (scripts/setup-debian.sh --test)";
        // Phases far longer than the test: it never ends on its own while keys are typed.
        writeToneProgram(program, "Window test",
                         {{"onset", "5m", {kToneA, kToneB}}, {"return", "5m", {kToneB}}}, 20.0);
        screen.emplace(kScreenWidth, kScreenHeight, folder / "xvfb.log");
    }

    void TearDown() override {
        panel.reset();
        screen.reset();
    }

    // Starts the panel with these extra arguments and waits until its window is shown and has the keyboard.
    void startPanel(const std::vector<std::string>& arguments) {
        std::vector<std::string> argv = {STILLPOINT_BINARY_DIR "/stillpoint",
                                         "play",
                                         program.string(),
                                         "--new",
                                         "--sessions",
                                         sessions.string()};
        argv.insert(argv.end(), arguments.begin(), arguments.end());
        panel.emplace(argv,
                      std::vector<std::string>{"DISPLAY=" + screen->display(), "SDL_VIDEODRIVER=x11",
                                               "ALSOFT_DRIVERS=null"},
                      log);
        window = runOn(*screen, "xdotool search --sync --onlyvisible --name '^Stillpoint$'");
        window = window.substr(0, window.find('\n'));
        ASSERT_FALSE(window.empty()) << "no panel window appeared\n" << readText(log);
        // No window manager: the keyboard goes where X's input focus is; give it to the panel.
        xdotool("windowfocus --sync " + window);
    }

    void xdotool(const std::string& arguments) {
        int status = -1;
        runOn(*screen, "xdotool " + arguments, &status);
        EXPECT_EQ(status, 0) << "xdotool " << arguments;
    }

    std::vector<nlohmann::json> journal() const { return journalLines(sessions); }
    bool journalHas(const std::string& type, std::size_t count = 1) const {
        return linesOfType(journal(), type).size() >= count;
    }

    // Where `word` is shown in the panel window now (window pixels), read by OCR; polled until it is on
    // screen or `timeout` has passed.
    std::optional<OcrWord> findOnScreen(const std::string& word, Seconds timeout) {
        std::optional<OcrWord> found;
        const auto shot = folder / "window.png";
        waitUntil(
            [&] {
                runOn(*screen, "import -window " + window + " '" + shot.string() + "'");
                const auto words = ocrWords(shot, 1);
                if (const auto* hit = findWord(words, word)) found = *hit;
                return found.has_value();
            },
            timeout);
        return found;
    }

    // For a failure's message: what the journal holds beside the session's own progress, and what the
    // window shows now.
    std::string whatHappened() {
        std::string told = "journal:\n";
        for (const auto& line : journal())
            if (line.value("type", "") != "position") told += "  " + line.dump() + "\n";
        const auto shot = folder / "failure.png";
        runOn(*screen, "import -window " + window + " '" + shot.string() + "'");
        return told + "window: " + ocrText(shot) + "\n" + readText(log);
    }

    TempFolder folder;
    std::filesystem::path program = folder / "short.toml";
    std::filesystem::path sessions = folder / "sessions";
    std::filesystem::path log = folder / "stillpoint.log";
    std::optional<VirtualScreen> screen;
    std::optional<ChildProcess> panel;
    std::string window;
};

}  // namespace

// The bug this guards against: after Enter the note field lost the keyboard, and the next note's letters
// ran as hotkeys (s skipped a track, e extended, h held, 1-6 set markers). Every shortcut letter and digit
// is typed in two notes entered one right after the other, then in text left in the field with Esc.
TEST_F(PanelWindowInputTest, TypedNotesStayNotesAndNeverBecomeCommands) {
    ASSERT_TRUE(ocrAvailable())
        << "tesseract-ocr and imagemagick are needed (scripts/setup-debian.sh --test)";
    startPanel({"--output", "null", "--patient", "KX-7", "--clinician", "Lind", "--consent", "yes"});
    ASSERT_FALSE(HasFatalFailure());
    // The setup is complete: Enter starts.
    xdotool("key Return");
    ASSERT_TRUE(waitUntil([&] { return journalHas("playback_started"); }, Seconds(15)))
        << "Enter did not start the session\n"
        << readText(log);

    const auto field = findOnScreen("happened", Seconds(15));  // the note field's hint, "what happened"
    ASSERT_TRUE(field) << "the note field was not found on screen";
    xdotool("mousemove --window " + window + " " + std::to_string(field->x) + " " + std::to_string(field->y) +
            " click 1");
    const std::string first = "she hears an ending, eases; 123456 gnmsaeh";
    const std::string second = "so: a calm hush, Then get me sun and 654321 more";
    xdotool("type --delay 15 '" + first + "'");
    // The next note's first letter pressed before Enter is let go, as quick typists do.
    xdotool("keydown Return keydown s keyup Return keyup s");
    xdotool("type --delay 15 '" + second.substr(1) + "'");
    xdotool("key Return");
    // Esc leaves the field keeping its text (the operator guide's promise); letters typed right after it
    // go nowhere. Clicking back in and pressing Enter adds what was kept, and only that.
    const std::string kept = "kept when leaving";
    xdotool("type --delay 15 '" + kept + "'");
    xdotool("key Escape");
    xdotool("type --delay 15 'nesh'");
    ASSERT_TRUE(waitUntil([&] { return journalHas("note", 2); }, Seconds(30)))
        << "the notes did not reach the journal\n"
        << whatHappened();
    xdotool("mousemove --window " + window + " " + std::to_string(field->x) + " " + std::to_string(field->y) +
            " click 1");
    xdotool("key Return");
    ASSERT_TRUE(waitUntil([&] { return journalHas("note", 3); }, Seconds(30))) << whatHappened();

    // End the session as an operator does: leave the field, Ctrl+End, Enter to confirm. Until the
    // shortcuts are back (1.5 s after typing) the chord is refused, and the operator presses it again.
    xdotool("key Escape");
    auto ended = [&] {
        const auto actions = fieldOf(journal(), "operator_action", "action");
        return std::find(actions.begin(), actions.end(), "end_session") != actions.end();
    };
    ASSERT_TRUE(waitUntil(
        [&] {
            xdotool("key ctrl+End Return");
            return waitUntil(ended, Seconds(0.5));
        },
        Seconds(15)))
        << readText(log);
    ASSERT_TRUE(waitUntil([&] { return journalHas("session_end"); }, Seconds(15))) << readText(log);
    // The end screen stays until the window is closed; a signal there closes it.
    panel->signal(SIGTERM);
    EXPECT_TRUE(panel->waitForExit(Seconds(15)));
    EXPECT_EQ(panel->exitCode(), 0) << readText(log);

    const auto lines = journal();
    EXPECT_EQ(fieldOf(lines, "note", "text"), (std::vector<std::string>{first, second, kept}));
    EXPECT_TRUE(linesOfType(lines, "marker").empty());
    EXPECT_TRUE(linesOfType(lines, "post_session_note").empty());
    EXPECT_EQ(fieldOf(lines, "operator_action", "action"), (std::vector<std::string>{"start", "end_session"}))
        << readText(sessions);
}

// The setup screen from the keyboard alone, typed at once as a practised operator does: Tab walks the
// form, text goes into the field Tab reached, Space opens a list, the arrows move in it and Enter or
// Space chooses, Space answers consent, and Enter starts. The record says what was chosen.
TEST_F(PanelWindowInputTest, TheWholeSetupWorksFromTheKeyboard) {
    startPanel({});
    ASSERT_FALSE(HasFatalFailure());
    xdotool("key Tab type 'KX-0042'");                // patient ID
    xdotool("key Tab type 'Dr Lind'");                // clinician
    xdotool("key Tab space Down Down Return");        // route: IV infusion, IM injection, Intranasal
    xdotool("key Tab type '0.5 mg/kg over 40 min'");  // dose note
    xdotool("key Tab space");                         // consent to music: Yes
    xdotool("key Tab Tab space Down space");          // past No to the output: the test output
    // Past the room, the preview, Save for this machine, the two level checks and the patient display to
    // Start.
    xdotool("key Tab Tab Tab Tab Tab Tab Tab Return");
    ASSERT_TRUE(waitUntil([&] { return journalHas("playback_started"); }, Seconds(15)))
        << "the session did not start\n"
        << readText(log);
    const auto start = linesOfType(journal(), "session_start").front();
    EXPECT_EQ(start.value("patient_id", ""), "KX-0042");
    EXPECT_EQ(start.value("clinician", ""), "Dr Lind");
    EXPECT_EQ(start.value("route", ""), "intranasal");
    EXPECT_EQ(start.value("dose_note", ""), "0.5 mg/kg over 40 min");
    EXPECT_EQ(start.value("consent_to_music", false), true);
    EXPECT_EQ(start.value("output_device", ""), "No Output");  // OpenAL Soft's null device, chosen
    // Nothing else was set off on the way: the only command is the start.
    EXPECT_EQ(fieldOf(journal(), "operator_action", "action"), (std::vector<std::string>{"start"}));
    panel->signal(SIGTERM);  // ends the session with its fade
    EXPECT_TRUE(waitUntil([&] { return journalHas("session_end"); }, Seconds(15))) << readText(log);
}

// On a clinic's 1024x600 laptop the window opens no larger than the screen, so every control the layout
// fits into the window is on the screen too.
TEST_F(PanelWindowInputTest, TheWindowOpensNoLargerThanASmallScreen) {
    screen.reset();
    screen.emplace(1024, 600, folder / "xvfb-small.log");
    startPanel({});
    ASSERT_FALSE(HasFatalFailure());
    const std::string geometry = runOn(*screen, "xdotool getwindowgeometry --shell " + window);
    const auto value = [&](const std::string& name) {
        const auto at = geometry.find(name + "=");
        return at == std::string::npos ? -1 : std::stoi(geometry.substr(at + name.size() + 1));
    };
    EXPECT_GT(value("WIDTH"), 0) << geometry;
    EXPECT_LE(value("WIDTH"), 1024) << geometry;
    EXPECT_GT(value("HEIGHT"), 0) << geometry;
    EXPECT_LE(value("HEIGHT"), 600) << geometry;
    EXPECT_TRUE(findOnScreen("start", Seconds(10)).has_value()) << "the setup screen is not shown";
}

// A click is taken where it was pressed and released, even when the pointer has moved on before the panel
// draws the frame that sees it (a loaded machine, a large screen, a quick hand): the panel is stopped
// while the press, the release and the move away are made, as if its frames took that long, and then goes
// on with all three waiting for it.
TEST_F(PanelWindowInputTest, AClickCountsWhereItWasMadeThoughThePointerMovedOn) {
    startPanel({"--output", "null", "--patient", "SC-1", "--clinician", "Lind", "--consent", "yes"});
    ASSERT_FALSE(HasFatalFailure());
    const auto start = findOnScreen("start", Seconds(10));
    ASSERT_TRUE(start) << "the setup screen is not shown";
    panel->signal(SIGSTOP);
    xdotool("mousemove --window " + window + " " + std::to_string(start->x) + " " + std::to_string(start->y) +
            " click 1 mousemove --window " + window + " 2 2");
    panel->signal(SIGCONT);
    EXPECT_TRUE(waitUntil([&] { return journalHas("playback_started"); }, Seconds(15)))
        << "the click on Start was lost\n"
        << whatHappened();
    panel->signal(SIGTERM);
    EXPECT_TRUE(waitUntil([&] { return journalHas("session_end"); }, Seconds(15))) << readText(log);
}
