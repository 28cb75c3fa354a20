// One short, calm line that says what a command did not do and why ("The grounding track is already
// playing."), or how to give it ("Advance takes Ctrl+N, so a stray key never moves the session on.").
// It stays a few seconds and is replaced by the next; it never needs acknowledging, unlike an alert.
#pragma once

#include <chrono>
#include <optional>
#include <string>


namespace stillpoint::panel {

class CommandFeedback {
public:
    using Clock = std::chrono::steady_clock;

    explicit CommandFeedback(std::chrono::milliseconds shownFor = std::chrono::seconds(8))
        : shownFor_(shownFor) {}

    void say(std::string text, Clock::time_point now);
    // The line to show now, or empty once it has been shown long enough.
    std::string current(Clock::time_point now) const;

private:
    std::chrono::milliseconds shownFor_;
    std::string text_;
    Clock::time_point saidAt_{};
};

}  // namespace stillpoint::panel
