// The station's side (`stillpoint monitor`) against a live session's OSC port over real sockets on
// 127.0.0.1: the room's status from its heartbeat, a command sent with --control and what became of it
// (the room's answer, then its engine's event), and the lost-heartbeat alert on the station's clock.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>

#include "app/remote/OscTestRoom.h"
#include "remote/RoomWatch.h"

namespace stillpoint::remote {
namespace {

using testing::OscTestRoom;

// Runs the room's control loop and the station's until `done` (bounded); whether it came.
bool until(OscTestRoom& room, RoomWatch& watch, const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        room.play(1);
        watch.poll(5);
    }
    return true;
}

TEST(RoomWatchTest, ShowsTheRoomAndWhatBecameOfACommandSentFromTheStation) {
    OscTestRoom room;
    room.start();
    ASSERT_FALSE(HasFatalFailure());
    RoomWatch watch({"127.0.0.1:" + std::to_string(room.server->port())});
    const WatchedRoom& watched = watch.rooms()[0];
    ASSERT_TRUE(until(room, watch, [&] { return watched.status.has_value(); }));
    EXPECT_EQ(watched.status->patientId, "KX-7");
    EXPECT_EQ(watched.status->state, "playing");
    EXPECT_FALSE(watched.lost);

    ASSERT_TRUE(watch.send(0, "/stillpoint/grounding"));
    EXPECT_EQ(watched.lastCommand, "Grounding track: sent, waiting for the room's answer");
    // The room's answer, then what its engine did.
    ASSERT_TRUE(until(room, watch, [&] { return watched.lastCommand == "Grounding track: carried out"; }))
        << watched.lastCommand;
    bool answered = false;
    for (const auto& line : watch.takeNews())
        answered = answered || line.find("Grounding track: sent") != std::string::npos;
    EXPECT_TRUE(answered);
    // The room journaled it from the station's own address.
    const auto received = room.lines("remote_command");
    ASSERT_FALSE(received.empty());
    EXPECT_EQ(received.back().value("address", ""), "/stillpoint/grounding");
    EXPECT_EQ(received.back().value("source", ""), "osc 127.0.0.1:" + std::to_string(watch.port()));

    // A marker with its argument; the room's answer says it was recorded.
    OscMessage marker;
    marker.add(std::string("dose_given"));
    ASSERT_TRUE(watch.send(0, "/stillpoint/marker", marker));
    ASSERT_TRUE(until(room, watch, [&] { return watched.lastCommand == "Marker: recorded"; }))
        << watched.lastCommand;
    EXPECT_EQ(room.lines("marker").size(), 1u);
}

TEST(RoomWatchTest, ARoomsOwnAlertReachesTheStationWithItsWords) {
    // The patient presses the call button in the room: the nurse at the station must see it.
    OscTestRoom room;
    room.start();
    ASSERT_FALSE(HasFatalFailure());
    RoomWatch watch({"127.0.0.1:" + std::to_string(room.server->port())});
    const WatchedRoom& watched = watch.rooms()[0];
    ASSERT_TRUE(until(room, watch, [&] { return watched.status.has_value(); }));
    EXPECT_EQ(watched.status->alertCount, 0);
    room.controller->model().patientCalled(false);
    ASSERT_TRUE(until(room, watch, [&] { return watched.status->alertCount == 1; }))
        << watched.status->alerts;
    EXPECT_NE(watched.status->alerts.find("Patient called"), std::string::npos) << watched.status->alerts;
    EXPECT_FALSE(watched.lost);
    EXPECT_NE(describeRoom(watched).find("Patient called"), std::string::npos) << describeRoom(watched);
}

TEST(RoomWatchTest, ARoomNotHeardFromForThreeSecondsIsAnAlert) {
    OscTestRoom room;
    room.start();
    ASSERT_FALSE(HasFatalFailure());
    RoomWatch watch({"127.0.0.1:" + std::to_string(room.server->port())});
    ASSERT_TRUE(until(room, watch, [&] { return watch.rooms()[0].status.has_value(); }));
    // The room goes quiet (its loop no longer runs): what it sent before is read, then the station's
    // clock moves on.
    watch.poll(100);
    watch.takeNews();
    const auto now = RoomWatch::Clock::now();
    watch.poll(0, now + kHeartbeatLostAfter - std::chrono::milliseconds(200));
    EXPECT_FALSE(watch.rooms()[0].lost);
    watch.poll(0, now + kHeartbeatLostAfter + std::chrono::milliseconds(100));
    EXPECT_TRUE(watch.rooms()[0].lost);
    const auto news = watch.takeNews();
    ASSERT_EQ(news.size(), 1u);
    EXPECT_NE(news[0].find("no heartbeat for 3 s"), std::string::npos) << news[0];
    EXPECT_NE(describeRoom(watch.rooms()[0]).find("NO HEARTBEAT"), std::string::npos);
}

}  // namespace
}  // namespace stillpoint::remote
