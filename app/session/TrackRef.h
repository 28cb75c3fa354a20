// Names one track of a program without owning it: plain data, safe to pass to and from the audio thread.
#pragma once

#include <cstdint>

#include "program/Program.h"

namespace stillpoint::session {

enum class TrackRole : std::uint8_t { None, Phase, Alternate, Grounding, Bed };

struct TrackRef {
    TrackRole role = TrackRole::None;
    std::int16_t phase = -1;      // phase index (Phase, Alternate, Bed)
    std::int16_t index = -1;      // track index within the phase (Phase, Alternate)
    std::int16_t alternate = -1;  // alternate index within that track (Alternate)

    bool valid() const { return role != TrackRole::None; }
    friend bool operator==(const TrackRef&, const TrackRef&) = default;
};

// The track a reference names, or nullptr if it names none in this program.
const program::Track* resolve(const program::Program& program, TrackRef ref);

// A name for people: the track's title, else its file name.
std::string displayName(const program::Track& track);

const char* toString(TrackRole role);

}  // namespace stillpoint::session
