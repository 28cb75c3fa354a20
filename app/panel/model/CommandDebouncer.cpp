#include "panel/model/CommandDebouncer.h"

namespace stillpoint::panel {

CommandDebouncer::CommandDebouncer(std::chrono::milliseconds window) : window_(window) {}

bool CommandDebouncer::accept(session::Action command, Clock::time_point now) {
    if (command == session::Action::SetMasterVolume) return true;
    auto& last = lastAccepted_[static_cast<std::size_t>(session::toggleGroup(command))];
    // Measured from the last accepted press: a burst of presses triggers once per window, not once.
    if (last && now - *last < window_) return false;
    last = now;
    return true;
}

}  // namespace stillpoint::panel
