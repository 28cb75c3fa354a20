#include "panel/model/TalkOverSwitch.h"

namespace stillpoint::panel {

std::optional<bool> TalkOverSwitch::pressed(Clock::time_point now) {
    if (keyDown_) return std::nullopt;  // key auto-repeat
    keyDown_ = true;
    pressedAt_ = now;
    if (on_) {
        // A tap while on (toggle mode) turns talk-over off at once.
        on_ = false;
        turnedOnByThisPress_ = false;
        return false;
    }
    on_ = true;
    turnedOnByThisPress_ = true;
    return true;
}

std::optional<bool> TalkOverSwitch::released(Clock::time_point now) {
    if (!keyDown_) return std::nullopt;
    keyDown_ = false;
    const bool wasHeld = now - pressedAt_ >= holdThreshold_;
    if (turnedOnByThisPress_ && wasHeld) {
        on_ = false;
        turnedOnByThisPress_ = false;
        return false;
    }
    turnedOnByThisPress_ = false;
    return std::nullopt;
}

}  // namespace stillpoint::panel
