// The OSC port of a live session: a thread of its own receives datagrams, refuses what it must (senders
// not in the allow-list, malformed packets, unknown addresses, wrong arguments, oversized strings, more
// than the rate limit lets through), counts each kind of refusal, and queues the requests for the
// control thread, which wakes through `wake`. It never touches the engine: the control thread carries
// the requests out (RemoteControl), through the same SessionController as the panel, so the audio path
// is the panel's.
//
// Threads: the receiving thread inside; the public functions from the control thread.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "remote/OscProtocol.h"
#include "remote/PeerAllowList.h"
#include "remote/UdpSocket.h"

namespace stillpoint::remote {

struct OscServerOptions {
    std::string bindAddress = "127.0.0.1";  // loopback unless a network is asked for
    int port = 0;                           // 0 = any free port (tests)
    PeerAllowList allow;                    // empty: this machine only
    // The rate limit: sustained messages per second, and how many may come at once. A show controller
    // sends a few a second; a flood of thousands is refused (and counted) without reaching the session.
    double messagesPerSecond = 100.0;
    double burst = 50.0;
    std::size_t queueLimit = 256;  // requests waiting for the control thread
};

struct ReceivedRequest {
    RemoteRequest request;
    Endpoint from;
};

struct RefusalNotice {
    Rejection kind = Rejection::Malformed;
    Endpoint from;
    std::string detail;
    std::uint64_t count = 0;  // of that kind so far
};

class OscServer {
public:
    // Listens at once. Throws std::runtime_error if the socket cannot be opened (port in use, bad address).
    OscServer(OscServerOptions options, std::function<void()> wake = {});
    ~OscServer();
    OscServer(const OscServer&) = delete;
    OscServer& operator=(const OscServer&) = delete;

    int port() const { return socket_.port(); }
    const std::string& bindAddress() const { return socket_.address(); }
    // Bound to something other than loopback: other machines can reach it (the panel shows a badge).
    bool openToNetwork() const;
    UdpSocket& socket() { return socket_; }

    std::vector<ReceivedRequest> takeRequests();
    // The first refusal of each kind since the server started (journaled once, not per message).
    std::vector<RefusalNotice> takeFirstRefusals();
    std::uint64_t refusedCount(Rejection kind) const;
    std::uint64_t refusedTotal() const;

private:
    void run();
    void refuse(Rejection kind, const Endpoint& from, std::string detail);

    OscServerOptions options_;
    std::function<void()> wake_;
    UdpSocket socket_;
    std::array<std::atomic<std::uint64_t>, kRejectionCount> refused_{};
    std::mutex mutex_;
    std::vector<ReceivedRequest> requests_;
    std::vector<RefusalNotice> firstRefusals_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace stillpoint::remote
