// A remote control of a live session, on the control thread: carries out what the OSC port received
// through the panel's own path (SessionController, OperatorPanelModel), so a command by OSC changes the
// session exactly as its button does and is journaled like it, with where it came from; answers status
// queries; keeps the subscribers (session events and a heartbeat every second); journals the first of each
// kind of refused input.
//
//   OSC datagram -> OscServer thread (allow-list, rate limit, OscProtocol) -> queue -> RemoteControl::poll()
//     -> SessionController::actFor(source, model call) -> SessionController::send() -> engine
//
// Threads: the control thread only.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "live/SessionController.h"
#include "remote/OscServer.h"

namespace stillpoint::remote {

// `/stillpoint/end` waits this long for `/stillpoint/end/confirm`.
inline constexpr std::chrono::seconds kEndConfirmWindow{5};
// A subscription lasts this long from the latest subscribe of its subscriber.
inline constexpr std::chrono::seconds kSubscriptionLease{30};
inline constexpr std::chrono::seconds kHeartbeatInterval{1};

// What /stillpoint/reply/status and /stillpoint/heartbeat carry, in this order (docs/osc.md).
struct RoomStatus {
    std::string patientId;
    std::string state;  // not_started, playing, held, awaiting_operator, silenced, ending, ended
    std::string phase;
    float phaseLeftSeconds = 0;
    float programLeftSeconds = 0;
    float sessionSeconds = 0;
    std::string track;
    float volume = 0;
    int alertCount = 0;
    std::string alerts;  // "; "-separated, oldest first
};
RoomStatus roomStatus(const panel::OperatorPanelModel& model);
void addStatus(OscMessage& message, const RoomStatus& status);

class RemoteControl {
public:
    using Clock = std::chrono::steady_clock;
    RemoteControl(live::SessionController& controller, OscServer& server);

    // Each pass of the session's loop, after SessionController::pump().
    void poll(Clock::time_point now = Clock::now());

    std::size_t subscriberCount() const { return subscribers_.size(); }
    std::uint64_t requestsHandled() const { return requestsHandled_; }  // since the port opened

private:
    struct Subscriber {
        Endpoint endpoint;
        Clock::time_point expires;
    };
    // An end asked for: only the peer that asked (its address and port) can confirm it.
    struct PendingEnd {
        Endpoint from;
        std::string source;
        Clock::time_point deadline;
    };

    void carryOut(const ReceivedRequest& received, Clock::time_point now);
    std::string command(const ReceivedRequest& received, const std::string& source, Clock::time_point now);
    void subscribe(const Endpoint& endpoint, const std::string& source, Clock::time_point now);
    void sendToSubscribers(const char* path, const OscMessage& message);

    live::SessionController& controller_;
    OscServer& server_;
    std::vector<Subscriber> subscribers_;
    std::optional<PendingEnd> pendingEnd_;
    std::vector<RefusalNotice> unjournaledRefusals_;  // before the journal exists (setup screen)
    Clock::time_point lastHeartbeat_{};
    std::uint64_t requestsHandled_ = 0;
};

// Wakes a control loop that waits on a file descriptor (the headless player's terminal) when a request
// arrives: an eventfd, written from the OSC thread.
class Wakeup {
public:
    Wakeup();
    ~Wakeup();
    Wakeup(const Wakeup&) = delete;
    Wakeup& operator=(const Wakeup&) = delete;
    int fd() const { return fd_; }
    void notify();

private:
    int fd_ = -1;
};

}  // namespace stillpoint::remote
