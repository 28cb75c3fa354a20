// When an output's device asked for its frames, read from when its feeder thread asked for them. The
// feeder wakes after the device has finished a buffer, late by whatever held it up: its 2-ms looks, the
// scheduler (20 ms now and then on a busy machine). A room output that follows the patient's by those
// times moves against the patient as they change, by more than the 5 ms the two may differ.
//
// The lateness is never negative: the time of a call, less the frames rendered before it at the nominal
// rate, is the device's own epoch plus the lateness. The least of it over the last one to two seconds is
// the epoch, the lateness removed (to within how close the best-timed calls of those seconds came); the
// device's time for each call is that epoch plus the frames before it: its playing position, steady
// where the calls come in bursts (a mixing update finishes several buffers at once). A device whose
// crystal is 200 ppm slow is seen as an epoch creeping later by 0.2 ms a second, which the least follows
// within two (0.4 ms). Simulated, the estimate stays within 0.5 ms of the position with 256-frame
// updates, 1.2 ms with 1024 (DeviceClockTest); the raw times move by a whole update and the lateness.
//
// Pure arithmetic on the times it is given, real-time safe; one thread (the output's feeder) calls it,
// restart() may come from any.
#pragma once

#include <atomic>
#include <cstdint>
#include <limits>

namespace stillpoint::audio {

class DeviceClock {
public:
    static constexpr double kWindowSeconds = 1.0;  // the least is kept over the last one or two of these

    explicit DeviceClock(double sampleRate) : rate_(sampleRate) {}

    // The feeder asks for `frames` at `nowSeconds`: returns when the device asked for them, on the same
    // clock, never later than `nowSeconds`.
    double asked(double nowSeconds, int frames) noexcept {
        if (restart_.exchange(false, std::memory_order_acquire)) startOver();
        const double before = static_cast<double>(rendered_) / rate_;
        const double epoch = nowSeconds - before;
        if (nowSeconds - windowStart_ >= kWindowSeconds) {
            leastBefore_ = leastNow_;
            leastNow_ = epoch;
            windowStart_ = nowSeconds;
        } else if (epoch < leastNow_) {
            leastNow_ = epoch;
        }
        rendered_ += frames;
        return (leastNow_ < leastBefore_ ? leastNow_ : leastBefore_) + before;
    }

    // The device stopped and started again (it ran dry, or was lost and reopened): time went on while it
    // played nothing, and the epoch moved later. Any thread; taken up at the next asked().
    void restart() noexcept { restart_.store(true, std::memory_order_release); }

private:
    void startOver() noexcept {
        rendered_ = 0;
        leastNow_ = leastBefore_ = std::numeric_limits<double>::infinity();
        windowStart_ = -std::numeric_limits<double>::infinity();
    }

    double rate_;
    std::int64_t rendered_ = 0;
    double leastNow_ = std::numeric_limits<double>::infinity();     // this window's least epoch
    double leastBefore_ = std::numeric_limits<double>::infinity();  // the window before's
    double windowStart_ = -std::numeric_limits<double>::infinity();
    std::atomic<bool> restart_{false};
};

}  // namespace stillpoint::audio
