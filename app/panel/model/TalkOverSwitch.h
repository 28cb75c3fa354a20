// Talk-over on one key or button, hold or toggle: hold to talk and release to bring the music back, or
// tap once to duck and tap again to restore. A press longer than `holdThreshold` counts as a hold.
//
// The key and the mouse button are two sources of one press: whichever goes down first starts it, and
// it ends when the last of them is released, so key and mouse behave the same and a release seen twice
// (or without its press) changes nothing.
#pragma once

#include <chrono>
#include <optional>

namespace stillpoint::panel {

enum class PressSource { Key, Mouse };

class TalkOverSwitch {
public:
    using Clock = std::chrono::steady_clock;

    explicit TalkOverSwitch(std::chrono::milliseconds holdThreshold = std::chrono::milliseconds(500))
        : holdThreshold_(holdThreshold) {}

    // Each returns the talk-over state to send, or nothing if it does not change.
    std::optional<bool> pressed(Clock::time_point now, PressSource source = PressSource::Key);
    std::optional<bool> released(Clock::time_point now, PressSource source = PressSource::Key);

    bool on() const { return on_; }
    bool down(PressSource source) const { return (down_ & bit(source)) != 0; }
    bool down() const { return down_ != 0; }

    // The session's own state (e.g. after a resume): talk-over on without a press in progress.
    void adopt(bool on);

private:
    static unsigned bit(PressSource source) { return source == PressSource::Key ? 1u : 2u; }

    std::chrono::milliseconds holdThreshold_;
    bool on_ = false;
    unsigned down_ = 0;  // bits of the sources held down
    bool turnedOnByThisPress_ = false;
    Clock::time_point pressedAt_{};
};

}  // namespace stillpoint::panel
