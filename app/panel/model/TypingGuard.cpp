#include "panel/model/TypingGuard.h"

namespace stillpoint::panel {

void TypingGuard::observe(bool textFieldActive, Clock::time_point now) {
    if (active_ && !textFieldActive) endedAt_ = now;
    active_ = textFieldActive;
}

bool TypingGuard::blocksShortcuts(Clock::time_point now) const {
    return active_ || (endedAt_ && now - *endedAt_ < grace_);
}

}  // namespace stillpoint::panel
