// Durations the way people write them in a program file: "90s", "8m", "1h20m", "1h 20m", "2.5s", "500ms".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "program/Program.h"

namespace stillpoint::program {

struct DurationParse {
    std::optional<Duration> value;  // set when the text is a valid duration
    std::string error;              // otherwise: what is wrong with it
    std::string hint;               // and how to write it instead
};

// Units: h, m (or min), s, ms; largest first, each at most once; decimals allowed ("2.5s"), rounded to
// the millisecond. A bare number is refused: "10" could mean seconds or minutes, and a session must not
// guess.
DurationParse parseDuration(std::string_view text);

// The shortest spelling parseDuration reads back, e.g. "1h20m", "90s" -> "1m30s", "0s".
std::string formatDuration(Duration duration);

// A session time as a clock, the one format of the panel, the terminal, the report and render's
// progress: "1:05:09", "4:07", "0:09" (whole seconds, rounded; negative shows as 0:00).
std::string formatClock(double seconds);

}  // namespace stillpoint::program
