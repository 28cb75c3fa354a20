// Drops a repeat of the same command within a short window: a double press of "advance phase" must
// never advance twice. The clock is passed in, so tests control time.
#pragma once

#include <array>
#include <chrono>
#include <optional>

namespace stillpoint::panel {

enum class PanelCommand {
    Start,
    AdvancePhase,
    ExtendPhase,
    ToggleHold,
    SkipTrack,
    CalmerAlternate,
    Grounding,
    ToggleSilence,
    VolumeUp,
    VolumeDown,
    EndSession,
    Marker,
};
inline constexpr int kPanelCommandCount = 12;

class CommandDebouncer {
public:
    using Clock = std::chrono::steady_clock;

    explicit CommandDebouncer(std::chrono::milliseconds window = std::chrono::milliseconds(400));

    // True if the command goes through; false if the same command went through less than `window` ago.
    // Volume steps always go through: pressing twice to go two steps is intended.
    bool accept(PanelCommand command, Clock::time_point now);

    std::chrono::milliseconds window() const { return window_; }

private:
    std::chrono::milliseconds window_;
    std::array<std::optional<Clock::time_point>, kPanelCommandCount> lastAccepted_{};
};

}  // namespace stillpoint::panel
