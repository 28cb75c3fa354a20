#include "session/TrackGraph.h"

namespace stillpoint::session {

TrackGraph::TrackGraph(const program::Program& program, const TrackTable& tracks)
    : program_(program), tracks_(tracks), failed_(tracks.entries().size(), 0) {}

const program::Phase* TrackGraph::phaseAt(int phase) const noexcept {
    if (phase < 0 || phase >= static_cast<int>(program_.phases.size())) return nullptr;
    return &program_.phases[static_cast<std::size_t>(phase)];
}

TrackRef TrackGraph::naturalSuccessor(TrackRef ref) const noexcept {
    switch (ref.role) {
        case TrackRole::None:
            return {};
        case TrackRole::Grounding:
        case TrackRole::Bed:
            return ref;
        case TrackRole::Phase:
        case TrackRole::Alternate:
            break;
    }
    const program::Phase* phase = phaseAt(ref.phase);
    if (phase == nullptr) return {};
    if (ref.index + 1 < static_cast<int>(phase->tracks.size())) {
        return TrackRef{TrackRole::Phase, ref.phase, static_cast<std::int16_t>(ref.index + 1), -1};
    }
    switch (phase->fill) {
        case program::FillPolicy::Loop:
            return phase->tracks.empty() ? TrackRef{} : TrackRef{TrackRole::Phase, ref.phase, 0, -1};
        case program::FillPolicy::Bed:
            return phase->bed ? TrackRef{TrackRole::Bed, ref.phase, -1, -1} : TrackRef{};
        case program::FillPolicy::Silence:
            return {};
    }
    return {};
}

TrackRef TrackGraph::playableSuccessor(TrackRef ref) const noexcept {
    TrackRef candidate = naturalSuccessor(ref);
    for (std::size_t tries = 0; tries <= tracks_.entries().size(); ++tries) {
        if (!candidate.valid() || !isFailed(candidate)) return candidate;  // invalid: fill = silence
        candidate = naturalSuccessor(candidate);
    }
    // Every track the phase would go on with has failed.
    return ref.role == TrackRole::Grounding ? TrackRef{} : standInForPhase(ref.phase);
}

TrackRef TrackGraph::afterEnd(TrackRef ended) const noexcept {
    return ended.role == TrackRole::Grounding ? ended : playableSuccessor(ended);
}

TrackRef TrackGraph::firstPlayableOfPhase(int phase) const noexcept {
    const program::Phase* written = phaseAt(phase);
    if (written == nullptr) return {};
    const TrackRef first = written->tracks.empty()
                               ? TrackRef{TrackRole::Bed, static_cast<std::int16_t>(phase), -1, -1}
                               : TrackRef{TrackRole::Phase, static_cast<std::int16_t>(phase), 0, -1};
    if (!isFailed(first)) return first;
    // Walk the phase's own list once.
    TrackRef candidate = first;
    for (std::size_t tries = 0; tries <= written->tracks.size(); ++tries) {
        candidate = naturalSuccessor(candidate);
        if (!candidate.valid() || candidate == first) break;
        if (!isFailed(candidate)) return candidate;
    }
    return standInForPhase(phase);
}

TrackRef TrackGraph::standInForPhase(int phase) const noexcept {
    const program::Phase* written = phaseAt(phase);
    if (written == nullptr) return {};
    if (written->tracks.empty() && !written->bed) return {};  // nothing written: nothing to stand in for
    for (std::size_t index = 0; index < written->tracks.size(); ++index) {
        const TrackRef alternate = alternateOf(TrackRef{TrackRole::Phase, static_cast<std::int16_t>(phase),
                                                        static_cast<std::int16_t>(index), -1});
        if (alternate.valid()) return alternate;
    }
    if (const TrackRef next = firstPlayableOfPhase(phase + 1); next.valid()) return next;
    return playableGrounding();
}

TrackRef TrackGraph::alternateOf(TrackRef ref) const noexcept {
    for (TrackRef candidate = writtenAlternateOf(ref); candidate.valid();
         candidate = writtenAlternateOf(candidate)) {
        if (!isFailed(candidate)) return candidate;
    }
    return {};
}

TrackRef TrackGraph::writtenAlternateOf(TrackRef ref) const noexcept {
    if (ref.role != TrackRole::Phase && ref.role != TrackRole::Alternate) return {};
    const program::Track* original = resolve(program_, TrackRef{TrackRole::Phase, ref.phase, ref.index, -1});
    if (original == nullptr) return {};
    const int next = ref.role == TrackRole::Alternate ? ref.alternate + 1 : 0;
    return next < static_cast<int>(original->alternates.size())
               ? TrackRef{TrackRole::Alternate, ref.phase, ref.index, static_cast<std::int16_t>(next)}
               : TrackRef{};
}

TrackRef TrackGraph::playableGrounding() const noexcept {
    return program_.grounding && !isFailed(kGrounding) ? kGrounding : TrackRef{};
}

bool TrackGraph::isFailed(TrackRef ref) const noexcept {
    const TrackEntry* entry = tracks_.find(ref);
    return entry == nullptr || failed_[entry->sourceId] != 0;
}

FaultKind TrackGraph::failureOf(TrackRef ref) const noexcept {
    const TrackEntry* entry = tracks_.find(ref);
    if (entry == nullptr) return FaultKind::FileMissing;
    return static_cast<FaultKind>(failed_[entry->sourceId]);
}

void TrackGraph::markFailed(TrackRef ref, FaultKind why) noexcept {
    if (why == FaultKind::None) why = FaultKind::FileUnreadable;
    if (const TrackEntry* entry = tracks_.find(ref))
        failed_[entry->sourceId] = static_cast<std::uint8_t>(why);
}

}  // namespace stillpoint::session
