#include "remote/OscServer.h"

#include <algorithm>
#include <chrono>
#include <utility>

namespace stillpoint::remote {

OscServer::OscServer(OscServerOptions options, std::function<void()> wake)
    : options_(std::move(options)),
      wake_(std::move(wake)),
      socket_(options_.bindAddress, options_.port),
      thread_([this] { run(); }) {}

OscServer::~OscServer() {
    stop_ = true;
    thread_.join();
}

bool OscServer::openToNetwork() const {
    const auto address = parseAddress(socket_.address());
    return !address || !isLoopback(*address);
}

std::vector<ReceivedRequest> OscServer::takeRequests() {
    std::lock_guard lock(mutex_);
    return std::exchange(requests_, {});
}

std::vector<RefusalNotice> OscServer::takeFirstRefusals() {
    std::lock_guard lock(mutex_);
    return std::exchange(firstRefusals_, {});
}

std::uint64_t OscServer::refusedCount(Rejection kind) const {
    return refused_[static_cast<std::size_t>(kind)].load();
}

std::uint64_t OscServer::refusedTotal() const {
    std::uint64_t total = 0;
    for (const auto& count : refused_) total += count.load();
    return total;
}

void OscServer::refuse(Rejection kind, const Endpoint& from, std::string detail) {
    const std::uint64_t count = ++refused_[static_cast<std::size_t>(kind)];
    if (count != 1) return;
    {
        std::lock_guard lock(mutex_);
        firstRefusals_.push_back({kind, from, std::move(detail), count});
    }
    if (wake_) wake_();
}

void OscServer::run() {
    using Clock = std::chrono::steady_clock;
    std::vector<char> buffer(kMaxPacketBytes + 1);
    double tokens = options_.burst;
    auto refilled = Clock::now();
    while (!stop_) {
        // A short wait, so stopping the session never waits long for this thread.
        const auto datagram = socket_.receive(50, buffer);
        if (!datagram) continue;
        if (!options_.allow.allows(datagram->from.address)) {
            refuse(Rejection::NotAllowed, datagram->from,
                   datagram->from.text() + " is not in the allow-list (--osc-allow)");
            continue;
        }
        const auto now = Clock::now();
        tokens = std::min(options_.burst, tokens + options_.messagesPerSecond *
                                                       std::chrono::duration<double>(now - refilled).count());
        refilled = now;
        if (tokens < 1.0) {
            refuse(Rejection::Flood, datagram->from,
                   "more than " + std::to_string(static_cast<int>(options_.messagesPerSecond)) +
                       " messages a second");
            continue;
        }
        tokens -= 1.0;
        auto read = readPacket(buffer.data(), datagram->size);
        if (read.rejection) {
            refuse(*read.rejection, datagram->from, std::move(read.detail));
            continue;
        }
        if (!read.request) continue;  // a button's release
        bool queued = false;
        {
            std::lock_guard lock(mutex_);
            if (requests_.size() < options_.queueLimit) {
                requests_.push_back({std::move(*read.request), datagram->from});
                queued = true;
            }
        }
        if (!queued) {
            refuse(Rejection::Flood, datagram->from, "more requests waiting than the session takes at once");
            continue;
        }
        if (wake_) wake_();
    }
}

}  // namespace stillpoint::remote
