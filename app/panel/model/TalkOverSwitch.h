// Talk-over on one key, hold or toggle: hold the key to talk and release to bring the music back, or tap
// it once to duck and tap again to restore. A press longer than `holdThreshold` counts as a hold.
#pragma once

#include <chrono>
#include <optional>

namespace stillpoint::panel {

class TalkOverSwitch {
public:
    using Clock = std::chrono::steady_clock;

    explicit TalkOverSwitch(std::chrono::milliseconds holdThreshold = std::chrono::milliseconds(500))
        : holdThreshold_(holdThreshold) {}

    // Each returns the talk-over state to send, or nothing if it does not change.
    std::optional<bool> pressed(Clock::time_point now);
    std::optional<bool> released(Clock::time_point now);

    bool on() const { return on_; }

private:
    std::chrono::milliseconds holdThreshold_;
    bool on_ = false;
    bool keyDown_ = false;
    bool turnedOnByThisPress_ = false;
    Clock::time_point pressedAt_{};
};

}  // namespace stillpoint::panel
