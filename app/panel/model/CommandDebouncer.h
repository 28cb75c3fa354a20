// Drops a repeat of the same command within a short window: a double press of "advance phase" must
// never advance twice. The clock is passed in, so tests control time.
#pragma once

#include <array>
#include <chrono>
#include <optional>

#include "session/CommandTable.h"

namespace stillpoint::panel {

class CommandDebouncer {
public:
    using Clock = std::chrono::steady_clock;

    explicit CommandDebouncer(std::chrono::milliseconds window = std::chrono::milliseconds(400));

    // True if the command goes through; false if the same command (or the other half of its toggle pair,
    // e.g. hold / release hold) went through less than `window` ago. Volume steps always go through:
    // pressing twice to go two steps is intended.
    bool accept(session::Action command, Clock::time_point now);

    std::chrono::milliseconds window() const { return window_; }

private:
    std::chrono::milliseconds window_;
    std::array<std::optional<Clock::time_point>, session::kActionCount> lastAccepted_{};
};

}  // namespace stillpoint::panel
