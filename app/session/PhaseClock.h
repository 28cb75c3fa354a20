// When the playing phase next needs a decision, from its timing alone: the frame an operator-ended phase
// starts waiting for the operator, and the frame the phase is left (its crossfade into the next phase, or
// the end fade of the last, begins so that it is centred on, or ends at, the phase's boundary). The
// conductor asks it both what to decide now and how far it may render before asking again, so each of
// these frames is computed in one place. Plain data, on the audio thread.
#pragma once

#include <algorithm>
#include <cstdint>

namespace stillpoint::session {

struct PhaseClock {
    enum class Due : std::uint8_t { Nothing, AwaitOperator, Leave };
    struct Decision {
        Due kind = Due::Nothing;
        std::int64_t frame = 0;     // the first session frame it is due at
        std::int64_t boundary = 0;  // Leave: the frame the phase ends on
        const char* reason = "";    // Leave: why, as journaled
    };

    std::int64_t start = 0;       // the frame the phase began on
    std::int64_t planned = 0;     // planned length plus extensions, frames
    std::int64_t maximum = -1;    // its maximum length, frames; -1 = none
    bool automatic = true;        // ends at its planned time (else when the operator advances)
    std::int64_t leadFrames = 0;  // how long before its boundary the phase is left

    // Where the phase ends if nobody changes it: planned plus extensions, never past the maximum of a
    // phase that ends by itself.
    std::int64_t end() const noexcept {
        return start + (automatic && maximum >= 0 ? std::min(planned, maximum) : planned);
    }

    // The decision due at `now`, else the earliest still to come. An operator-ended phase waits for the
    // operator from its end (unless it already does) and is advanced automatically at its maximum; when
    // both are due, waiting is decided first.
    Decision next(std::int64_t now, bool awaitingOperator) const noexcept {
        if (automatic) return leave(end(), "planned end");
        const Decision waiting = awaitingOperator ? Decision{} : Decision{Due::AwaitOperator, end(), 0, ""};
        const Decision atMaximum =
            maximum >= 0 ? leave(start + maximum, "reached its maximum; advanced automatically") : Decision{};
        if (waiting.kind == Due::Nothing) return atMaximum;
        if (atMaximum.kind == Due::Nothing || waiting.frame <= now) return waiting;
        return atMaximum.frame < waiting.frame ? atMaximum : waiting;
    }

private:
    Decision leave(std::int64_t boundary, const char* reason) const noexcept {
        return {Due::Leave, std::max(start, boundary - leadFrames), boundary, reason};
    }
};

}  // namespace stillpoint::session
