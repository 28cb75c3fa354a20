// The OSC port of a live session with real sockets on 127.0.0.1, a real engine and a real journal: the
// test renders the engine (it is the output device), sends OSC as a show controller would (liblo), and
// reads the journal the session wrote.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "app/remote/OscTestClient.h"
#include "app/remote/OscTestRoom.h"

namespace stillpoint::remote {
namespace {

using journal::Json;
using session::Action;
using testing::OscTestClient;

using Room = testing::OscTestRoom;

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
        ASSERT_TRUE(byOsc.handledAfter(byOscSend, static_cast<std::uint64_t>(requests)));
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

TEST(RemoteControlTest, TheRoomsVolumeIsSetByOscAsByAnActionScript) {
    // The panel has no room volume of its own (the setup screen's level check sets it before the start):
    // by OSC it is the table's set_room_volume, journaled with its value and where it came from.
    Room room;
    room.start();
    OscTestClient client(room.server->port());
    ASSERT_TRUE(room.handledAfter([&] { client.send("/stillpoint/room/volume", 0.3f); }));
    room.play(6);
    const auto received = room.lines("remote_command");
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(received[0].value("address", ""), "/stillpoint/room/volume");
    EXPECT_EQ(received[0].value("arguments", ""), "f 0.3");
    EXPECT_EQ(received[0].value("outcome", ""), "sent");
    const auto actions = room.lines("operator_action");
    ASSERT_EQ(actions.size(), 2u);  // the start, then the room's volume
    EXPECT_EQ(actions[1].value("action", ""), "set_room_volume");
    EXPECT_NEAR(actions[1].value("value", 0.0), 0.3, 1e-6);
    EXPECT_EQ(actions[1].value("outcome", ""), "carried_out");
    EXPECT_EQ(actions[1].value("source", ""), "osc 127.0.0.1:" + std::to_string(client.port()));
}

TEST(RemoteControlTest, EndWithoutConfirmationWithinFiveSecondsDoesNotEnd) {
    Room room;
    room.start();
    OscTestClient client(room.server->port());
    ASSERT_TRUE(room.handledAfter([&] { client.send("/stillpoint/end"); }));
    EXPECT_TRUE(room.controller->model().endPending());  // the panel shows its end dialog meanwhile
    // The window passes (the control thread's clock, moved on).
    room.remote->poll(RemoteControl::Clock::now() + kEndConfirmWindow + std::chrono::milliseconds(10));
    EXPECT_FALSE(room.controller->model().endPending());
    ASSERT_TRUE(room.handledAfter([&] { client.send("/stillpoint/end/confirm"); }));
    room.play(20);
    EXPECT_EQ(room.engine->snapshot().state, session::SessionState::Playing);
    const auto received = room.lines("remote_command");
    ASSERT_EQ(received.size(), 3u);
    EXPECT_EQ(received[0].value("outcome", ""), "awaiting_confirmation");
    EXPECT_EQ(received[1].value("outcome", ""), "confirmation_expired");
    EXPECT_EQ(received[2].value("outcome", ""), "nothing_to_confirm");
    for (const auto& line : room.lines("operator_action")) EXPECT_NE(line.value("action", ""), "end_session");
}

TEST(RemoteControlTest, OnlyThePeerThatAskedToEndCanConfirmIt) {
    Room room;
    room.start();
    // Two controllers on this machine: the same address, each its own port.
    OscTestClient asking(room.server->port());
    OscTestClient other(room.server->port());
    ASSERT_NE(asking.port(), other.port());
    ASSERT_TRUE(room.handledAfter([&] { asking.send("/stillpoint/end"); }));
    ASSERT_TRUE(room.handledAfter([&] { other.send("/stillpoint/end/confirm"); }));
    room.play(20);
    EXPECT_EQ(room.engine->snapshot().state, session::SessionState::Playing);
    EXPECT_TRUE(room.controller->model().endPending());  // still asking the peer that asked
    // Each sender is told what became of its command, at /stillpoint/reply/command.
    EXPECT_EQ(asking.waitFor("/stillpoint/reply/command").strings,
              (std::vector<std::string>{"/stillpoint/end", "awaiting_confirmation"}));
    EXPECT_EQ(other.waitFor("/stillpoint/reply/command").strings,
              (std::vector<std::string>{"/stillpoint/end/confirm", "refused_other_peer"}));
    for (const auto& line : room.lines("operator_action")) EXPECT_NE(line.value("action", ""), "end_session");

    // The peer that asked confirms within the window: the session ends.
    ASSERT_TRUE(room.handledAfter([&] { asking.send("/stillpoint/end/confirm"); }));
    room.play(20);
    EXPECT_NE(room.engine->snapshot().state, session::SessionState::Playing);
    EXPECT_EQ(asking.waitFor("/stillpoint/reply/command").strings,
              (std::vector<std::string>{"/stillpoint/end/confirm", "sent"}));

    const auto received = room.lines("remote_command");
    ASSERT_EQ(received.size(), 3u);
    const std::string askingSource = "osc 127.0.0.1:" + std::to_string(asking.port());
    const std::string otherSource = "osc 127.0.0.1:" + std::to_string(other.port());
    EXPECT_EQ(received[0].value("source", ""), askingSource);
    EXPECT_EQ(received[0].value("outcome", ""), "awaiting_confirmation");
    EXPECT_EQ(received[1].value("source", ""), otherSource);
    EXPECT_EQ(received[1].value("address", ""), "/stillpoint/end/confirm");
    EXPECT_EQ(received[1].value("outcome", ""), "refused_other_peer");
    EXPECT_EQ(received[2].value("source", ""), askingSource);
    EXPECT_EQ(received[2].value("outcome", ""), "sent");
    const auto actions = room.lines("operator_action");
    ASSERT_FALSE(actions.empty());
    EXPECT_EQ(actions.back().value("action", ""), "end_session");
    EXPECT_EQ(actions.back().value("source", ""), askingSource);
}

TEST(RemoteControlTest, StatusBeforeTheStartSaysNotStartedAsDocumented) {
    Room room;  // the setup screen: the port is open, the session not started
    OscTestClient client(room.server->port());
    ASSERT_TRUE(room.handledAfter([&] { client.send("/stillpoint/status"); }));
    const auto reply = client.waitFor("/stillpoint/reply/status");
    ASSERT_EQ(reply.types, "sssfffsfis");
    EXPECT_EQ(reply.strings[1], "not_started");
}

TEST(RemoteControlTest, StatusRepliesToTheSenderAndParsesWithLiblo) {
    Room room;
    room.start();
    OscTestClient client(room.server->port());
    ASSERT_TRUE(room.handledAfter(
        [&] {
            client.send("/stillpoint/hold");
            client.send("/stillpoint/status");
        },
        2));
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
    ASSERT_TRUE(room.handledAfter([&] { client.send("/stillpoint/status"); }));
    EXPECT_EQ(client.waitFor("/stillpoint/reply/status").strings[1], "held");
}

TEST(RemoteControlTest, SubscribersGetEventsAndAHeartbeatEachSecondUntilTheyUnsubscribe) {
    Room room;
    room.start();
    OscTestClient client(room.server->port());
    ASSERT_TRUE(room.handledAfter([&] { client.send("/stillpoint/subscribe"); }));
    EXPECT_EQ(room.remote->subscriberCount(), 1u);
    EXPECT_EQ(client.waitFor("/stillpoint/heartbeat").strings.at(0), "KX-7");  // at once, then each second
    ASSERT_TRUE(room.handledAfter([&] { client.send("/stillpoint/skip"); }));
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
    ASSERT_TRUE(room.handledAfter(
        [&] {
            client.send("/stillpoint/subscribe");
            client.send("/stillpoint/unsubscribe");
        },
        2));
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
