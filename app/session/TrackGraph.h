// Which track plays after which: the order a program's tracks play in (successor, fill policy, alternates,
// the stand-in for a phase with nothing playable) and which of them have failed. Pure: no audio, no
// streams, no clock; the conductor tells it when a file fails and asks it where to go next.
// Threads: built on the control thread; afterwards used on the audio thread only. Nothing here allocates
// after construction.
#pragma once

#include <cstdint>
#include <vector>

#include "program/Program.h"
#include "session/SessionEvent.h"
#include "session/TrackRef.h"
#include "session/TrackTable.h"

namespace stillpoint::session {

class TrackGraph {
public:
    TrackGraph(const program::Program& program, const TrackTable& tracks);

    static constexpr TrackRef kGrounding{TrackRole::Grounding, -1, -1, -1};

    // The next track as written, whether or not it can be played: the next in the phase, then what the
    // phase's fill policy says (loop to its first track, its bed, or nothing: silence). Grounding and a bed
    // follow themselves.
    TrackRef naturalSuccessor(TrackRef ref) const noexcept;
    // The next track that can be played; when every track the phase would go on with has failed, the
    // phase's stand-in. Invalid when the fill policy is silence (written, so intended).
    TrackRef playableSuccessor(TrackRef ref) const noexcept;
    // What follows a track that has played to its end: grounding loops until the operator moves on, any
    // other track hands over to its playable successor.
    TrackRef afterEnd(TrackRef ended) const noexcept;
    // The first playable track of `phase` (its first track, or its bed), else its stand-in.
    TrackRef firstPlayableOfPhase(int phase) const noexcept;
    // A phase whose every track has failed is never left silent: the first playable alternate of its
    // tracks, else the next phase's music, else the grounding track. Invalid if the phase has no music.
    TrackRef standInForPhase(int phase) const noexcept;
    // The next playable alternate of a phase track or alternate (calmest first), invalid if none is left.
    TrackRef alternateOf(TrackRef ref) const noexcept;
    // The next alternate as written, whether or not it can be played (to say why a swap is refused).
    TrackRef writtenAlternateOf(TrackRef ref) const noexcept;
    // The grounding track if the program has one and it can be played.
    TrackRef playableGrounding() const noexcept;

    // The failed set, by file entry: a track is failed once its file could not be played.
    bool isFailed(TrackRef ref) const noexcept;
    FaultKind failureOf(TrackRef ref) const noexcept;  // None if it has not failed
    void markFailed(TrackRef ref, FaultKind why) noexcept;

private:
    const program::Phase* phaseAt(int phase) const noexcept;

    const program::Program& program_;
    const TrackTable& tracks_;
    std::vector<std::uint8_t> failed_;  // per TrackTable entry: its FaultKind (0 = fine)
};

}  // namespace stillpoint::session
