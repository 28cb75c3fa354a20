// The station's view of several rooms (`stillpoint monitor`), without any drawing: it subscribes to each
// room's OSC port (renewing every 2 s), reads their heartbeats and events, and says when a room's
// heartbeat has stopped for 3 s (an alert), when it is back, and when a room raises an alert. The window
// and the terminal view sit on it; tests drive it with real sessions.
//
// Threads: one (the station's loop).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "remote/RemoteControl.h"
#include "remote/UdpSocket.h"

namespace stillpoint::remote {

inline constexpr std::chrono::seconds kHeartbeatLostAfter{3};
inline constexpr std::chrono::seconds kResubscribeEvery{2};

struct WatchedRoom {
    std::string name;  // as given: HOST:PORT
    Endpoint endpoint;
    std::optional<RoomStatus> status;  // the latest heartbeat or status reply
    std::chrono::steady_clock::time_point lastHeard{};
    bool lost = false;  // no heartbeat for kHeartbeatLostAfter (or none yet, that long after the start)
    // The room's latest command and what became of it, in words ("Grounding track: carried out"): what
    // the room answered to one sent from here (/stillpoint/reply/command), then what its engine did with
    // it, or with one from its own panel (/stillpoint/event).
    std::string lastCommand;
};

// Reads a /stillpoint/reply/status or /stillpoint/heartbeat datagram; nothing if it is neither.
std::optional<RoomStatus> readStatus(const void* data, std::size_t size);

class RoomWatch {
public:
    using Clock = std::chrono::steady_clock;
    // `rooms`: HOST:PORT each. Throws std::runtime_error naming one that does not resolve.
    explicit RoomWatch(const std::vector<std::string>& rooms, Clock::time_point now = Clock::now());
    ~RoomWatch();

    // Receives what came within `timeoutMs`, renews the subscriptions when due, and judges each room.
    void poll(int timeoutMs, Clock::time_point now = Clock::now());
    const std::vector<WatchedRoom>& rooms() const { return rooms_; }
    // What changed since the last call, one line each ("ALERT 127.0.0.1:9001: no heartbeat for 3 s").
    std::vector<std::string> takeNews();
    // Sends a command (an address of docs/osc.md, with its arguments) to a room (`stillpoint monitor
    // --control`); its outcome comes back into the room's lastCommand.
    bool send(std::size_t room, const std::string& address, const OscMessage& arguments);
    bool send(std::size_t room, const std::string& address);
    // Where the rooms' answers come to: the source of every command sent from here.
    int port() const { return socket_.port(); }
    const std::string& address() const { return socket_.address(); }

private:
    void judge(WatchedRoom& room, const RoomStatus* before, Clock::time_point now);
    void heard(WatchedRoom& room, const char* data, std::size_t size, Clock::time_point now);
    void commandOutcome(WatchedRoom& room, std::string text);

    std::vector<WatchedRoom> rooms_;
    UdpSocket socket_;
    Clock::time_point started_;
    Clock::time_point lastSubscribe_{};
    std::vector<std::string> news_;
    std::vector<char> buffer_ = std::vector<char>(kMaxPacketBytes + 1);
};

// "KX-7  peak  12:48 left  playing  2 alerts: ..." for a terminal line.
std::string describeRoom(const WatchedRoom& room);

}  // namespace stillpoint::remote
