// Names one track of a program without owning it: plain data, safe to pass to and from the audio thread.
#pragma once

#include <cstdint>
#include <string>

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

// The track a reference names, or nullptr if it names none in this program. The one lookup every layer
// uses (engine, journal, panel); inline so the panel's model needs no engine library.
inline const program::Track* resolve(const program::Program& program, TrackRef ref) {
    if (ref.role == TrackRole::Grounding) return program.grounding ? &*program.grounding : nullptr;
    if (ref.role == TrackRole::None) return nullptr;
    if (ref.phase < 0 || ref.phase >= static_cast<int>(program.phases.size())) return nullptr;
    const auto& phase = program.phases[static_cast<std::size_t>(ref.phase)];
    if (ref.role == TrackRole::Bed) return phase.bed ? &*phase.bed : nullptr;
    if (ref.index < 0 || ref.index >= static_cast<int>(phase.tracks.size())) return nullptr;
    const auto& track = phase.tracks[static_cast<std::size_t>(ref.index)];
    if (ref.role == TrackRole::Phase) return &track;
    if (ref.alternate < 0 || ref.alternate >= static_cast<int>(track.alternates.size())) return nullptr;
    return &track.alternates[static_cast<std::size_t>(ref.alternate)];
}

// A track's name for people, the one rule for panel, journal and report: its title, else its file name.
inline std::string displayName(const program::Track& track) {
    if (!track.title.empty()) return track.title;
    if (!track.file.empty()) return track.file.filename().string();
    return track.fileAsWritten;
}

}  // namespace stillpoint::session
