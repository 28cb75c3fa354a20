// What the OSC port refuses, with real sockets: senders outside the allow-list (from a second loopback
// address), malformed packets, unknown addresses, wrong arguments, oversized strings, and a flood of
// thousands of messages a second while a live session plays on the null output. Each kind is counted and
// journaled once, and the session is not touched.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "app/remote/OscTestClient.h"
#include "app/remote/OscTestRoom.h"

namespace stillpoint::remote {
namespace {

using journal::Json;
using testing::OscTestClient;
using testing::OscTestRoom;
using testing::RoomOutput;

class OscRefusalTest : public ::testing::Test {
protected:
    std::unique_ptr<OscTestRoom> room;

    void open(OscServerOptions options, RoomOutput output = RoomOutput::RenderedByTest) {
        room = std::make_unique<OscTestRoom>(std::move(options), output);
        room->start();
    }
    OscServer& server() { return *room->server; }
    std::vector<Json> lines(const std::string& type) const { return room->lines(type); }
};

TEST_F(OscRefusalTest, ASenderOutsideTheAllowListIsRefusedAndJournaledOnce) {
    OscServerOptions options;
    options.bindAddress = "0.0.0.0";
    options.allow.add("127.0.0.1");
    open(std::move(options));
    ASSERT_FALSE(HasFatalFailure());
    // The same message from a second loopback address, which the allow-list does not name.
    UdpSocket stranger("127.0.0.2", 0);
    OscMessage hold;
    const Endpoint session = room->endpoint();
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(stranger.send(session, "/stillpoint/hold", hold.get()));
    ASSERT_TRUE(room->refused(5));
    EXPECT_EQ(server().refusedCount(Rejection::NotAllowed), 5u);
    EXPECT_TRUE(server().takeRequests().empty());
    const auto notices = lines("remote_refused");
    ASSERT_EQ(notices.size(), 1u);
    EXPECT_EQ(notices[0].value("kind", ""), "not_allowed");
    EXPECT_EQ(notices[0].value("source", "").rfind("osc 127.0.0.2:", 0), 0u);
    // The allowed address gets through.
    OscTestClient allowed(server().port());
    allowed.send("/stillpoint/hold");
    for (int i = 0; i < 300 && room->remote->requestsHandled() == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        room->poll();
    }
    EXPECT_EQ(room->remote->requestsHandled(), 1u);
}

TEST_F(OscRefusalTest, BadInputIsRefusedCountedAndJournaledOncePerKind) {
    open({});
    ASSERT_FALSE(HasFatalFailure());
    OscTestClient client(server().port());
    UdpSocket raw("127.0.0.1", 0);
    const Endpoint session = room->endpoint();
    const std::string longNote(kMaxStringBytes + 1, 'x');
    const std::string garbage = "\x01\x02not osc at all";
    const std::vector<char> huge(kMaxPacketBytes + 100, 'a');
    for (int round = 0; round < 3; ++round) {
        client.send("/stillpoint/dance");                   // unknown address
        client.send("/elsewhere/hold");                     // not under /stillpoint/
        client.send("/stillpoint/volume", "loud");          // wrong type
        client.send("/stillpoint/volume", 1.5f);            // out of range
        client.send("/stillpoint/marker", "party");         // no such marker kind
        client.send("/stillpoint/note", longNote.c_str());  // oversized string
        raw.sendBytes(session, garbage.data(), garbage.size());
        raw.sendBytes(session, huge.data(), huge.size());
    }
    ASSERT_TRUE(room->refused(24));
    EXPECT_EQ(server().refusedCount(Rejection::UnknownAddress), 6u);
    EXPECT_EQ(server().refusedCount(Rejection::WrongArguments), 9u);
    EXPECT_EQ(server().refusedCount(Rejection::Oversized), 6u);
    EXPECT_EQ(server().refusedCount(Rejection::Malformed), 3u);
    const auto notices = lines("remote_refused");
    ASSERT_EQ(notices.size(), 4u);  // one per kind, not per message
    std::vector<std::string> kinds;
    for (const auto& notice : notices) kinds.push_back(notice.value("kind", ""));
    EXPECT_EQ(kinds,
              (std::vector<std::string>{"unknown_address", "wrong_arguments", "oversized", "malformed"}));
    EXPECT_NE(notices[1].value("detail", "").find("/stillpoint/volume takes"), std::string::npos);
    EXPECT_TRUE(lines("remote_command").empty());
    EXPECT_TRUE(lines("note").empty());
    for (const auto& line : lines("operator_action")) EXPECT_EQ(line.value("action", ""), "start");
}

TEST_F(OscRefusalTest, AFloodIsRefusedWhileTheMusicPlaysWithoutAStarvedBuffer) {
    open({}, RoomOutput::LiveNullDevice);
    ASSERT_FALSE(HasFatalFailure());
    ASSERT_NE(room->controller->output(), nullptr);
    std::atomic<bool> flooding{true};
    std::atomic<int> sent{0};
    std::thread flood([&] {
        UdpSocket sender("127.0.0.1", 0);
        const Endpoint session = room->endpoint();
        OscMessage volume;
        volume.add(0.5f);
        // Thousands of messages a second, for a second.
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(1);
        while (std::chrono::steady_clock::now() < until) {
            for (int i = 0; i < 50; ++i) sender.send(session, "/stillpoint/volume", volume.get());
            sent += 50;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        flooding = false;
    });
    const auto started = std::chrono::steady_clock::now();
    while (flooding) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the headless loop's pace, roughly
        room->poll();
    }
    flood.join();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    for (int i = 0; i < 10; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        room->poll();
    }
    EXPECT_GT(sent.load(), 3000);
    EXPECT_EQ(room->controller->output()->starvedCount(), 0);
    EXPECT_GT(room->engine->snapshot().sessionSeconds, 0.7 * seconds);  // the music really played meanwhile
    EXPECT_EQ(room->engine->snapshot().state, session::SessionState::Playing);
    // What the rate limit let through is at most its burst and rate; the rest was refused and counted.
    const auto passed = room->remote->requestsHandled();
    EXPECT_LE(static_cast<double>(passed), 50.0 + 100.0 * (seconds + 0.5));
    EXPECT_GT(server().refusedCount(Rejection::Flood), static_cast<std::uint64_t>(sent.load()) / 2);
    const auto notices = lines("remote_refused");
    ASSERT_EQ(notices.size(), 1u);
    EXPECT_EQ(notices[0].value("kind", ""), "flood");
}

}  // namespace
}  // namespace stillpoint::remote
