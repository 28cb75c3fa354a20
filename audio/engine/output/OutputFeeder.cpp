#include "audio/engine/output/OutputFeeder.h"

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <stdexcept>

namespace stillpoint::audio {

namespace {

// Outputs whose next look is this close to the one due are looked at in the same wake: a look a little
// early finds nothing played and costs nothing, a wake of its own costs tens of microseconds.
constexpr auto kLookTogether = std::chrono::microseconds(1000);
constexpr auto kKeepInterval = std::chrono::milliseconds(100);
constexpr auto kIdleWake = std::chrono::seconds(1);

}  // namespace

OutputFeeder::~OutputFeeder() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    keepWake_.notify_all();
    if (feeding_.joinable()) feeding_.join();
    if (keeping_.joinable()) keeping_.join();
}

void OutputFeeder::startThreads() {
    if (feeding_.joinable()) return;
    feeding_ = std::thread([this] { feedLoop(); });
    keeping_ = std::thread([this] { keepLoop(); });
}

void OutputFeeder::attach(FedOutput& output, Turn turn) {
    std::unique_lock lock(mutex_);
    if (std::find(outputs_.begin(), outputs_.begin() + outputCount_, &output) !=
        outputs_.begin() + outputCount_)
        return;
    if (outputCount_ == kMaxOutputs) throw std::length_error("OutputFeeder: too many outputs");
    changed_.wait(lock, [this] { return request_ == Request::None; });
    startThreads();
    request_ = Request::Attach;
    requested_ = Slot{&output, turn, {}};
    const std::uint64_t ticket = requestsDone_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return requestsDone_ != ticket; });
}

void OutputFeeder::detach(FedOutput& output) {
    {
        std::unique_lock lock(mutex_);
        if (!attachedLocked(output)) return;
        changed_.wait(lock, [this] { return request_ == Request::None; });
        request_ = Request::Detach;
        requested_ = Slot{&output, Turn::After, {}};
        const std::uint64_t ticket = requestsDone_;
        changed_.notify_all();
        changed_.wait(lock, [&] { return requestsDone_ != ticket; });
    }
    // The keeping thread may be in the middle of reopening it: wait for that pass to end.
    std::lock_guard keep(keepMutex_);
}

bool OutputFeeder::attached(const FedOutput& output) const {
    std::lock_guard lock(mutex_);
    return attachedLocked(output);
}

bool OutputFeeder::attachedLocked(const FedOutput& output) const {
    const auto end = outputs_.begin() + outputCount_;
    return std::find(outputs_.begin(), end, &output) != end;
}

void OutputFeeder::carryOutRequest(std::array<Slot, kMaxOutputs>& slots, int& count) {
    if (request_ == Request::Attach) {
        requested_.output->beginFeeding();
        requested_.lookAt = FedOutput::Clock::now();
        // The first in turn go before the others; otherwise in the order attached.
        const auto at = requested_.turn == Turn::First
                            ? std::find_if(slots.begin(), slots.begin() + count,
                                           [](const Slot& slot) { return slot.turn != Turn::First; })
                            : slots.begin() + count;
        std::move_backward(at, slots.begin() + count, slots.begin() + count + 1);
        *at = requested_;
        ++count;
        outputs_[static_cast<std::size_t>(outputCount_++)] = requested_.output;
    } else if (request_ == Request::Detach) {
        requested_.output->endFeeding();
        const auto end = slots.begin() + count;
        const auto at = std::find_if(slots.begin(), end,
                                     [&](const Slot& slot) { return slot.output == requested_.output; });
        if (at != end) {
            std::move(at + 1, end, at);
            --count;
        }
        const auto listed = std::remove(outputs_.begin(), outputs_.begin() + outputCount_, requested_.output);
        outputCount_ = static_cast<int>(listed - outputs_.begin());
    }
    request_ = Request::None;
    ++requestsDone_;
    changed_.notify_all();
}

void OutputFeeder::feedLoop() {
    // Best effort: a real-time priority keeps the short queues from running dry when the machine is busy.
    // Allowed for root or with an RLIMIT_RTPRIO (the audio group on most desktops); otherwise the thread
    // stays at normal priority and nothing is reported.
    sched_param priority{};
    priority.sched_priority = 10;
    realtimePriority_.store(pthread_setschedparam(pthread_self(), SCHED_FIFO, &priority) == 0);
    std::array<Slot, kMaxOutputs> slots{};
    int count = 0;
    std::unique_lock lock(mutex_);
    for (;;) {
        if (request_ != Request::None) carryOutRequest(slots, count);
        if (stopping_) break;
        auto wakeAt = FedOutput::Clock::now() + kIdleWake;
        for (int index = 0; index < count; ++index) wakeAt = std::min(wakeAt, slots[index].lookAt);
        changed_.wait_until(lock, wakeAt, [this] { return stopping_ || request_ != Request::None; });
        if (stopping_ || request_ != Request::None) continue;
        lock.unlock();
        const auto due = FedOutput::Clock::now() + kLookTogether;
        for (int index = 0; index < count; ++index) {
            Slot& slot = slots[static_cast<std::size_t>(index)];
            if (slot.lookAt <= due) slot.lookAt = slot.output->feed(FedOutput::Clock::now());
        }
        lock.lock();
    }
    for (int index = 0; index < count; ++index) slots[static_cast<std::size_t>(index)].output->endFeeding();
}

void OutputFeeder::keepLoop() {
    std::array<FedOutput*, kMaxOutputs> keeping{};
    for (;;) {
        std::unique_lock keep(keepMutex_);
        int count = 0;
        {
            std::unique_lock lock(mutex_);
            if (stopping_) return;
            count = outputCount_;
            std::copy(outputs_.begin(), outputs_.begin() + count, keeping.begin());
        }
        for (int index = 0; index < count; ++index)
            keeping[static_cast<std::size_t>(index)]->keep(FedOutput::Clock::now());
        keepWake_.wait_for(keep, kKeepInterval);
    }
}

}  // namespace stillpoint::audio
