#include "session/TrackRef.h"

#include <string>

namespace stillpoint::session {

const program::Track* resolve(const program::Program& program, TrackRef ref) {
    if (ref.role == TrackRole::Grounding) return program.grounding ? &*program.grounding : nullptr;
    if (ref.phase < 0 || ref.phase >= static_cast<int>(program.phases.size())) return nullptr;
    const auto& phase = program.phases[static_cast<std::size_t>(ref.phase)];
    switch (ref.role) {
        case TrackRole::Bed:
            return phase.bed ? &*phase.bed : nullptr;
        case TrackRole::Phase:
        case TrackRole::Alternate: {
            if (ref.index < 0 || ref.index >= static_cast<int>(phase.tracks.size())) return nullptr;
            const auto& track = phase.tracks[static_cast<std::size_t>(ref.index)];
            if (ref.role == TrackRole::Phase) return &track;
            if (ref.alternate < 0 || ref.alternate >= static_cast<int>(track.alternates.size()))
                return nullptr;
            return &track.alternates[static_cast<std::size_t>(ref.alternate)];
        }
        case TrackRole::None:
        case TrackRole::Grounding:
            break;
    }
    return nullptr;
}

std::string displayName(const program::Track& track) {
    if (!track.title.empty()) return track.title;
    if (!track.file.empty()) return track.file.filename().string();
    return track.fileAsWritten;
}

const char* toString(TrackRole role) {
    switch (role) {
        case TrackRole::None:
            return "none";
        case TrackRole::Phase:
            return "phase";
        case TrackRole::Alternate:
            return "alternate";
        case TrackRole::Grounding:
            return "grounding";
        case TrackRole::Bed:
            return "bed";
    }
    return "none";
}

}  // namespace stillpoint::session
