// Keeps typed text from becoming commands. While a text field has the keyboard, and for a grace period
// after it lets go (Enter, Esc, a click elsewhere), no single-key shortcut fires: a therapist who goes on
// typing after the field lost focus types into nothing instead of skipping, extending or advancing.
#pragma once

#include <chrono>
#include <optional>

namespace stillpoint::panel {

class TypingGuard {
public:
    using Clock = std::chrono::steady_clock;

    explicit TypingGuard(std::chrono::milliseconds grace = std::chrono::milliseconds(1500)) : grace_(grace) {}

    // Called with what the UI knows at each input event and each frame: does a text field have the
    // keyboard? The end of typing is timed from when it was first seen to have ended.
    void observe(bool textFieldActive, Clock::time_point now);
    bool blocksShortcuts(Clock::time_point now) const;
    bool typing() const { return active_; }

private:
    std::chrono::milliseconds grace_;
    bool active_ = false;
    std::optional<Clock::time_point> endedAt_;
};

}  // namespace stillpoint::panel
