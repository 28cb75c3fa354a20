// The threads behind a session's live outputs. One real-time thread keeps every device's queue topped up
// (the patient's headphones first at each wake, then the room's speakers and the operator's preview, which
// follow it), and one ordinary thread closes and reopens a device that was lost, so that opening a sound
// server's device, which can take a long time, never holds up the devices still playing.
//
// One feeding thread for all of a session's outputs, rather than one each: a hold-up on a busy machine
// stops all of them together, so the room's link from the patient needs no cushion for the patient's
// feeder being late while the room's goes on taking (FollowerLink), the room's queue can be as short as
// the patient's, and wakes that fall together are served together.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace stillpoint::audio {

// A device an OutputFeeder feeds (LiveOutput's). Each call on the thread it names.
class FedOutput {
public:
    using Clock = std::chrono::steady_clock;
    virtual ~FedOutput() = default;
    // Feeding thread, when the output is attached: queue up and play.
    virtual void beginFeeding() = 0;
    // Feeding thread: refill what the device has played; returns when to look again. Real-time safe.
    virtual Clock::time_point feed(Clock::time_point now) = 0;
    // Feeding thread, when the output is detached.
    virtual void endFeeding() = 0;
    // Keeping thread, every 100 ms: closes and reopens the device if it is lost.
    virtual void keep(Clock::time_point now) = 0;
};

class OutputFeeder {
public:
    // `First`: fed before the others at each wake (the output the others follow).
    enum class Turn { First, After };
    static constexpr int kMaxOutputs = 8;

    OutputFeeder() = default;
    ~OutputFeeder();
    OutputFeeder(const OutputFeeder&) = delete;
    OutputFeeder& operator=(const OutputFeeder&) = delete;

    // Control thread. Both return once the feeding thread has begun or ended the output; the threads start
    // with the first output attached. Throws std::length_error beyond kMaxOutputs.
    void attach(FedOutput& output, Turn turn);
    void detach(FedOutput& output);
    bool attached(const FedOutput& output) const;
    // Whether the feeding thread got a real-time priority (SCHED_FIFO); best effort.
    bool realtimePriority() const { return realtimePriority_.load(); }

private:
    struct Slot {
        FedOutput* output = nullptr;
        Turn turn = Turn::After;
        FedOutput::Clock::time_point lookAt{};
    };
    enum class Request { None, Attach, Detach };

    bool attachedLocked(const FedOutput& output) const;
    void startThreads();
    void feedLoop();
    void keepLoop();
    // Feeding thread, with mutex_ held: carries out an attach or detach asked for.
    void carryOutRequest(std::array<Slot, kMaxOutputs>& slots, int& count);

    mutable std::mutex mutex_;  // the requests and the output list; the feeding thread waits on it
    std::condition_variable changed_;
    Request request_ = Request::None;
    Slot requested_{};
    std::array<FedOutput*, kMaxOutputs> outputs_{};  // attached, for the keeping thread and attached()
    int outputCount_ = 0;
    bool stopping_ = false;
    std::uint64_t requestsDone_ = 0;

    std::mutex keepMutex_;  // held while the keeping thread reopens: detach() waits for it
    std::condition_variable keepWake_;

    std::thread feeding_;
    std::thread keeping_;
    std::atomic<bool> realtimePriority_{false};
};

}  // namespace stillpoint::audio
