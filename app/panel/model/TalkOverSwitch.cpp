#include "panel/model/TalkOverSwitch.h"

namespace stillpoint::panel {

std::optional<bool> TalkOverSwitch::pressed(Clock::time_point now, PressSource source) {
    const bool alreadyDown = down_ != 0;
    down_ |= bit(source);
    if (alreadyDown) return std::nullopt;  // key auto-repeat, or the other source joining the press
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

std::optional<bool> TalkOverSwitch::released(Clock::time_point now, PressSource source) {
    if (!(down_ & bit(source))) return std::nullopt;
    down_ &= ~bit(source);
    if (down_ != 0) return std::nullopt;  // still held by the other source
    const bool wasHeld = now - pressedAt_ >= holdThreshold_;
    const bool turnOff = turnedOnByThisPress_ && wasHeld;
    turnedOnByThisPress_ = false;
    if (turnOff) {
        on_ = false;
        return false;
    }
    return std::nullopt;
}

void TalkOverSwitch::adopt(bool on) {
    if (down_ == 0) on_ = on;
}

}  // namespace stillpoint::panel
