// The controller between the panel and the engine, with a real engine and a real journal: the test plays
// the part of the output device (it renders the engine) and of the operator (it presses buttons and keys).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/journal/JournalTestSupport.h"
#include "journal/JournalReader.h"
#include "live/SessionController.h"

namespace stillpoint::live {
namespace {

using journal::Json;
using session::Action;

class SessionControllerTest : public ::testing::Test {
protected:
    journal::testing::TempFolder folder;
    program::Program program = journal::testing::makeRenderedProgram(folder.path(), true);
    std::unique_ptr<session::SessionEngine> engine;
    std::unique_ptr<panel::JournalRecorder> recorder;
    std::unique_ptr<SessionController> controller;
    std::vector<float> block = std::vector<float>(2 * 1024);

    void SetUp() override {
        session::SessionOptions options;
        options.loudnessCacheFile = folder.path() / "loudness.json";
        engine = std::make_unique<session::SessionEngine>(program, options);
        recorder = std::make_unique<panel::JournalRecorder>(folder.path() / "sessions", program);
        // No device: the test renders the engine itself.
        controller = std::make_unique<SessionController>(
            program, *engine, *recorder, [](session::SessionEngine&, const std::string&) { return nullptr; });
        auto& setup = controller->model().setup();
        setup.patientId = "KX-7";
        setup.clinician = "Dr. Test";
        setup.musicConsent = panel::MusicConsent::Yes;
    }

    // Renders `blocks` audio blocks and runs one pass of the controller after each.
    void play(int blocks) {
        for (int i = 0; i < blocks; ++i) {
            engine->waitUntilStreamsReady();
            engine->render(block.data(), 1024);
            controller->pump();
        }
    }

    void startPlaying() {
        ASSERT_TRUE(controller->model().start());
        play(8);
        ASSERT_EQ(engine->snapshot().state, session::SessionState::Playing);
    }

    std::vector<Json> journalLines(const std::string& type) const {
        std::vector<Json> lines;
        for (const auto& line : journal::readJournal(recorder->journal()->file()).events)
            if (line.event.value("type", "") == type) lines.push_back(line.event);
        return lines;
    }

    Json actionLine(const std::string& name) const {
        for (const auto& line : journalLines("operator_action"))
            if (line.value("action", "") == name) return line;
        return Json();
    }
};

TEST_F(SessionControllerTest, AButtonPressIsJournaledAsCarriedOutWithItsSequenceNumber) {
    startPlaying();
    ASSERT_TRUE(controller->model().command(Action::Hold));
    play(2);
    EXPECT_TRUE(engine->snapshot().held);
    const Json hold = actionLine("hold");
    ASSERT_TRUE(hold.is_object());
    EXPECT_EQ(hold["outcome"], "carried_out");
    // Start was command 1.
    EXPECT_EQ(hold["command_seq"], 2);
    EXPECT_EQ(actionLine("start")["command_seq"], 1);
    EXPECT_FALSE(controller->model().lastRefusal().has_value());
}

TEST_F(SessionControllerTest, ARefusedCommandIsJournaledAsRefusedAndShownOnThePanel) {
    startPlaying();
    // Release while not held: the engine refuses it.
    ASSERT_EQ(controller->send(Action::ReleaseHold), 2u);
    play(2);
    const Json release = actionLine("release_hold");
    ASSERT_TRUE(release.is_object());
    EXPECT_EQ(release["outcome"], "refused");
    EXPECT_EQ(release["reason"], "not_held");
    EXPECT_EQ(release["reason_text"], "the phase was not held");
    ASSERT_TRUE(controller->model().lastRefusal().has_value());
    EXPECT_EQ(controller->model().lastRefusal()->text, "Release hold: the phase was not held");
    EXPECT_EQ(controller->model().lastRefusal()->commandSeq, 2u);
}

TEST_F(SessionControllerTest, TerminalKeysGoThroughTheSameTableAsThePanel) {
    startPlaying();
    panel::TerminalKey h;
    h.press.character = 'h';
    controller->pressTerminalKey(h);
    play(2);
    EXPECT_TRUE(engine->snapshot().held);
    panel::TerminalKey space;
    space.press.named = panel::NamedKey::Space;
    controller->pressTerminalKey(space);  // a tap: the terminal reports no release
    play(2);
    EXPECT_TRUE(engine->snapshot().talkOver);
    panel::TerminalKey quit;
    quit.quit = true;
    controller->pressTerminalKey(quit);
    for (int i = 0; i < 2000 && !controller->ended(); ++i) play(1);
    EXPECT_TRUE(controller->ended());
    EXPECT_EQ(actionLine("end_session")["outcome"], "carried_out");
    EXPECT_EQ(journalLines("session_end").size(), 1u);
}

TEST_F(SessionControllerTest, CommandsThatFindTheQueueFullReachTheOperatorAndTheJournal) {
    startPlaying();
    // More commands than the queue holds before the audio thread takes any.
    for (int i = 0; i < 300; ++i) controller->send(Action::SetMasterVolume, 0.5);
    play(2);
    const auto faults = journalLines("fault");
    int dropped = 0;
    for (const auto& fault : faults) dropped += fault.value("fault", "") == "command_dropped";
    EXPECT_GT(dropped, 0);
    int refusedQueueFull = 0;
    for (const auto& line : journalLines("operator_action"))
        refusedQueueFull += line.value("reason", "") == "queue_full";
    EXPECT_EQ(refusedQueueFull, dropped);
    bool alerted = false;
    for (const auto& alert : controller->model().alerts().alerts())
        alerted = alerted || alert.kind == panel::AlertKind::CommandLost;
    EXPECT_TRUE(alerted);
}

}  // namespace
}  // namespace stillpoint::live
