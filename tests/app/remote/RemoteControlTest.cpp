// The OSC port of a live session with real sockets on 127.0.0.1, a real engine and a real journal: the
// test renders the engine (it is the output device), sends OSC as a show controller would (liblo), and
// reads the journal the session wrote.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "app/journal/JournalTestSupport.h"
#include "app/remote/OscTestClient.h"
#include "journal/JournalReader.h"
#include "live/SessionController.h"
#include "remote/OscServer.h"
#include "remote/RemoteControl.h"

namespace stillpoint::remote {
namespace {

using journal::Json;
using session::Action;
using testing::OscTestClient;

// One room: engine, journal, controller, and (when asked) its OSC port.
struct Room {
    journal::testing::TempFolder folder;
    program::Program program;
    std::unique_ptr<session::SessionEngine> engine;
    std::unique_ptr<panel::JournalRecorder> recorder;
    std::unique_ptr<live::SessionController> controller;
    std::unique_ptr<OscServer> server;
    std::unique_ptr<RemoteControl> remote;
    std::vector<float> block = std::vector<float>(2 * 1024);

    explicit Room(OscServerOptions oscOptions = {}) {
        program = journal::testing::makeRenderedProgram(folder.path(), true);
        // Something for grounding and alternate to play, so they are carried out, not refused.
        program.grounding = journal::testing::makeTrack(folder.path() / "return.wav");
        program.phases[0].tracks[0].alternates.push_back(
            journal::testing::makeTrack(folder.path() / "peak-b.wav"));
        session::SessionOptions options;
        options.loudnessCacheFile = folder.path() / "loudness.json";
        engine = std::make_unique<session::SessionEngine>(program, options);
        recorder = std::make_unique<panel::JournalRecorder>(folder.path() / "sessions", program);
        panel::PanelOptions panelOptions;
        panelOptions.debounce = std::chrono::milliseconds(0);  // the script presses faster than a person
        controller = std::make_unique<live::SessionController>(
            program, *engine, *recorder, [](session::SessionEngine&, const std::string&) { return nullptr; },
            panelOptions);
        auto& setup = controller->model().setup();
        setup.patientId = "KX-7";
        setup.clinician = "Dr. Test";
        setup.musicConsent = panel::MusicConsent::Yes;
        server = std::make_unique<OscServer>(std::move(oscOptions));
        remote = std::make_unique<RemoteControl>(*controller, *server);
    }

    void play(int blocks) {
        for (int i = 0; i < blocks; ++i) {
            engine->waitUntilStreamsReady();
            engine->render(block.data(), 1024);
            controller->pump();
            remote->poll();
        }
    }

    void start() {
        ASSERT_TRUE(controller->model().start());
        play(8);
        ASSERT_EQ(engine->snapshot().state, session::SessionState::Playing);
    }

    // Waits (without rendering, so the session's frames are those of the panel's run) until the OSC port
    // has handled `count` more requests.
    bool handled(std::uint64_t before, std::uint64_t count = 1) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
        while (remote->requestsHandled() < before + count) {
            if (std::chrono::steady_clock::now() > until) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            controller->pump();
            remote->poll();
        }
        return true;
    }

    std::vector<Json> lines(const std::string& type) const {
        std::vector<Json> found;
        for (const auto& line : journal::readJournal(recorder->journal()->file()).events)
            if (line.event.value("type", "") == type) found.push_back(line.event);
        return found;
    }
};

// What a journal says the operator's commands did, in order, without where they came from.
std::vector<std::string> commandOutcomes(const Room& room) {
    std::vector<std::string> outcomes;
    for (const auto& line : room.lines("operator_action")) {
        std::string text = line.value("action", "") + " " + std::to_string(line.value("value", 0.0)) + " " +
                           line.value("outcome", "") + " " + line.value("reason", "");
        outcomes.push_back(text);
    }
    for (const auto& line : room.lines("marker")) outcomes.push_back("marker " + line.value("marker", ""));
    for (const auto& line : room.lines("note")) outcomes.push_back("note " + line.value("text", ""));
    return outcomes;
}

TEST(RemoteControlTest, EveryCommandByOscChangesTheSessionAsThePanelsButtonDoes) {
    // The same presses, once on the panel, once by OSC, on the same frames of two identical sessions.
    Room byPanel;
    Room byOsc;
    byPanel.start();
    byOsc.start();
    OscTestClient client(byOsc.server->port());
    auto& panel = byPanel.controller->model();
    const auto step = [&](auto onPanel, auto byOscSend, int requests = 1) {
        onPanel();
        const auto before = byOsc.remote->requestsHandled();
        byOscSend();
        ASSERT_TRUE(byOsc.handled(before, static_cast<std::uint64_t>(requests)));
        byPanel.play(6);
        byOsc.play(6);
        EXPECT_EQ(byPanel.engine->snapshot().held, byOsc.engine->snapshot().held);
        EXPECT_EQ(byPanel.engine->snapshot().state, byOsc.engine->snapshot().state);
        EXPECT_EQ(byPanel.engine->snapshot().talkOver, byOsc.engine->snapshot().talkOver);
    };
    step([&] { panel.command(Action::Hold); }, [&] { client.send("/stillpoint/hold"); });
    EXPECT_TRUE(byOsc.engine->snapshot().held);
    step([&] { panel.command(Action::ReleaseHold); }, [&] { client.send("/stillpoint/release"); });
    step([&] { panel.command(Action::ExtendPhase); }, [&] { client.send("/stillpoint/extend", 5.0f); });
    step([&] { panel.command(Action::SkipTrack); }, [&] { client.send("/stillpoint/skip"); });
    step([&] { panel.command(Action::SwapToAlternate); }, [&] { client.send("/stillpoint/alternate", 1); });
    step([&] { panel.command(Action::PlayGrounding); }, [&] { client.send("/stillpoint/grounding"); });
    step([&] { panel.talkOverPressed(), panel.talkOverReleased(); },
         [&] { client.send("/stillpoint/talkover", 1); });
    EXPECT_TRUE(byOsc.engine->snapshot().talkOver);
    step([&] { panel.talkOverPressed(), panel.talkOverReleased(); },
         [&] { client.send("/stillpoint/talkover", 0); });
    step([&] { panel.setVolume(0.4); }, [&] { client.send("/stillpoint/volume", 0.4f); });
    step([&] { panel.command(Action::Silence); }, [&] { client.send("/stillpoint/silence"); });
    EXPECT_EQ(byOsc.engine->snapshot().state, session::SessionState::Silenced);
    step([&] { panel.command(Action::Resume); }, [&] { client.send("/stillpoint/resume"); });
    step([&] { panel.addMarker(panel::MarkerKind::DoseGiven); },
         [&] { client.send("/stillpoint/marker", "dose_given"); });
    step([&] { panel.addNote("patient asked for water"); },
         [&] { client.send("/stillpoint/note", "patient asked for water"); });
    step([&] { panel.command(Action::AdvancePhase); }, [&] { client.send("/stillpoint/advance"); });
    step(
        [&] {
            panel.requestEnd();
            panel.confirmEnd();
        },
        [&] {
            client.send("/stillpoint/end");
            client.send("/stillpoint/end/confirm");
        },
        2);
    for (int i = 0; i < 3000 && !(byPanel.controller->ended() && byOsc.controller->ended()); ++i) {
        byPanel.play(1);
        byOsc.play(1);
    }
    ASSERT_TRUE(byOsc.controller->ended());

    const auto panelOutcomes = commandOutcomes(byPanel);
    EXPECT_EQ(commandOutcomes(byOsc), panelOutcomes);
    EXPECT_EQ(panelOutcomes.size(), 16u);  // start, 13 commands, a marker, a note
    for (const auto& outcome : panelOutcomes)
        EXPECT_EQ(outcome.find("refused"), std::string::npos) << outcome;

    // Each command the OSC port sent carries where it came from; the panel's carry none.
    const std::string source = "osc 127.0.0.1:" + std::to_string(client.port());
    for (const auto& line : byOsc.lines("operator_action")) {
        if (line.value("action", "") == "start") continue;
        EXPECT_EQ(line.value("source", ""), source) << line.dump();
    }
    for (const auto& line : byPanel.lines("operator_action")) EXPECT_FALSE(line.contains("source"));
    const auto received = byOsc.lines("remote_command");
    ASSERT_EQ(received.size(), 16u);
    for (const auto& line : received) EXPECT_EQ(line.value("source", ""), source);
    EXPECT_EQ(received[2].value("address", ""), "/stillpoint/extend");
    EXPECT_EQ(received[2].value("arguments", ""), "f 5");
    EXPECT_EQ(received[14].value("outcome", ""), "awaiting_confirmation");
    EXPECT_EQ(received[15].value("address", ""), "/stillpoint/end/confirm");
    EXPECT_EQ(received[15].value("outcome", ""), "sent");
}

TEST(RemoteControlTest, EndWithoutConfirmationWithinFiveSecondsDoesNotEnd) {
    Room room;
    room.start();
    OscTestClient client(room.server->port());
    auto before = room.remote->requestsHandled();
    client.send("/stillpoint/end");
    ASSERT_TRUE(room.handled(before));
    EXPECT_TRUE(room.controller->model().endPending());  // the panel shows its end dialog meanwhile
    // The window passes (the control thread's clock, moved on).
    room.remote->poll(RemoteControl::Clock::now() + kEndConfirmWindow + std::chrono::milliseconds(10));
    EXPECT_FALSE(room.controller->model().endPending());
    before = room.remote->requestsHandled();
    client.send("/stillpoint/end/confirm");
    ASSERT_TRUE(room.handled(before));
    room.play(20);
    EXPECT_EQ(room.engine->snapshot().state, session::SessionState::Playing);
    const auto received = room.lines("remote_command");
    ASSERT_EQ(received.size(), 3u);
    EXPECT_EQ(received[0].value("outcome", ""), "awaiting_confirmation");
    EXPECT_EQ(received[1].value("outcome", ""), "confirmation_expired");
    EXPECT_EQ(received[2].value("outcome", ""), "nothing_to_confirm");
    for (const auto& line : room.lines("operator_action")) EXPECT_NE(line.value("action", ""), "end_session");
}

TEST(RemoteControlTest, StatusRepliesToTheSenderAndParsesWithLiblo) {
    Room room;
    room.start();
    OscTestClient client(room.server->port());
    auto before = room.remote->requestsHandled();
    client.send("/stillpoint/hold");
    client.send("/stillpoint/status");
    ASSERT_TRUE(room.handled(before, 2));
    const auto reply = client.waitFor("/stillpoint/reply/status");
    ASSERT_EQ(reply.types, "sssfffsfis");
    EXPECT_EQ(reply.strings[0], "KX-7");  // the pseudonymous patient ID
    EXPECT_EQ(reply.strings[2], "settling");
    EXPECT_GT(reply.numbers[0], 0.0);               // phase time left
    EXPECT_GT(reply.numbers[1], reply.numbers[0]);  // program time left
    EXPECT_GE(reply.numbers[2], 0.0);               // session time
    EXPECT_EQ(reply.strings[3], "settle.wav");      // the track playing
    EXPECT_NEAR(reply.numbers[3], room.controller->model().display().volume, 1e-6);
    EXPECT_EQ(reply.numbers[4], 0.0);  // no alerts
    // The hold before it was carried out first: the state says so.
    room.play(4);
    before = room.remote->requestsHandled();
    client.send("/stillpoint/status");
    ASSERT_TRUE(room.handled(before));
    EXPECT_EQ(client.waitFor("/stillpoint/reply/status").strings[1], "held");
}

TEST(RemoteControlTest, SubscribersGetEventsAndAHeartbeatEachSecondUntilTheyUnsubscribe) {
    Room room;
    room.start();
    OscTestClient client(room.server->port());
    auto before = room.remote->requestsHandled();
    client.send("/stillpoint/subscribe");
    ASSERT_TRUE(room.handled(before));
    EXPECT_EQ(room.remote->subscriberCount(), 1u);
    EXPECT_EQ(client.waitFor("/stillpoint/heartbeat").strings.at(0), "KX-7");  // at once, then each second
    before = room.remote->requestsHandled();
    client.send("/stillpoint/skip");
    ASSERT_TRUE(room.handled(before));
    room.play(6);
    const auto event = client.waitFor("/stillpoint/event");
    ASSERT_EQ(event.types, "ssf");
    EXPECT_EQ(event.strings[0], "operator_action");
    EXPECT_EQ(event.strings[1], "skip_track carried_out");
    // One heartbeat each second on the control thread's clock, not one per pass of its loop.
    client.drain(std::chrono::milliseconds(50));
    client.received().clear();
    const auto now = RemoteControl::Clock::now();
    const auto heartbeatsAfter = [&](std::chrono::milliseconds later) {
        room.remote->poll(now + later);
        client.drain(std::chrono::milliseconds(30));
        int count = 0;
        for (const auto& message : client.received()) count += message.path == "/stillpoint/heartbeat";
        client.received().clear();
        return count;
    };
    EXPECT_EQ(heartbeatsAfter(std::chrono::milliseconds(2000)), 1);
    EXPECT_EQ(heartbeatsAfter(std::chrono::milliseconds(2500)), 0);
    EXPECT_EQ(heartbeatsAfter(std::chrono::milliseconds(3100)), 1);
    // A subscriber whose lease runs out without a renewal is dropped.
    room.remote->poll(now + kSubscriptionLease + std::chrono::seconds(1));
    EXPECT_EQ(room.remote->subscriberCount(), 0u);
    before = room.remote->requestsHandled();
    client.send("/stillpoint/subscribe");
    client.send("/stillpoint/unsubscribe");
    ASSERT_TRUE(room.handled(before, 2));
    EXPECT_EQ(room.remote->subscriberCount(), 0u);
    client.drain(std::chrono::milliseconds(50));
    client.received().clear();
    room.remote->poll(RemoteControl::Clock::now() + std::chrono::seconds(5));
    client.drain(std::chrono::milliseconds(100));
    EXPECT_TRUE(client.received().empty());
    const auto lines = room.lines("remote_command");
    int subscribed = 0;
    int unsubscribed = 0;
    for (const auto& line : lines) {
        subscribed += line.value("outcome", "") == "subscribed";
        unsubscribed += line.value("outcome", "") == "unsubscribed";
    }
    EXPECT_EQ(subscribed, 2);
    EXPECT_EQ(unsubscribed, 1);
}

}  // namespace
}  // namespace stillpoint::remote
