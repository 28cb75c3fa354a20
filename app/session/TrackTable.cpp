#include "session/TrackTable.h"

#include <cmath>

namespace stillpoint::session {

namespace {

std::int64_t framesOf(program::Duration duration, int sampleRate) {
    return static_cast<std::int64_t>(std::llround(duration.count() / 1000.0 * sampleRate));
}

}  // namespace

TrackTable::TrackTable(const program::Program& program, int outputSampleRate) {
    auto add = [&](TrackRef ref, const program::Track& track) {
        TrackEntry entry;
        entry.ref = ref;
        entry.track = &track;
        entry.sourceId = static_cast<std::uint32_t>(entries_.size());
        entry.fadeInFrames = framesOf(track.fadeIn, outputSampleRate);
        entry.fadeOutFrames = framesOf(track.fadeOut, outputSampleRate);
        entries_.push_back(entry);
    };
    for (std::size_t p = 0; p < program.phases.size(); ++p) {
        const auto& phase = program.phases[p];
        for (std::size_t t = 0; t < phase.tracks.size(); ++t) {
            const auto phaseIndex = static_cast<std::int16_t>(p);
            const auto trackIndex = static_cast<std::int16_t>(t);
            add(TrackRef{TrackRole::Phase, phaseIndex, trackIndex, -1}, phase.tracks[t]);
            for (std::size_t a = 0; a < phase.tracks[t].alternates.size(); ++a) {
                add(TrackRef{TrackRole::Alternate, phaseIndex, trackIndex, static_cast<std::int16_t>(a)},
                    phase.tracks[t].alternates[a]);
            }
        }
        if (phase.bed) add(TrackRef{TrackRole::Bed, static_cast<std::int16_t>(p), -1, -1}, *phase.bed);
    }
    if (program.grounding) add(TrackRef{TrackRole::Grounding, -1, -1, -1}, *program.grounding);
}

const TrackEntry* TrackTable::find(TrackRef ref) const noexcept {
    for (const auto& entry : entries_) {
        if (entry.ref == ref) return &entry;
    }
    return nullptr;
}

const TrackEntry* TrackTable::bySource(std::uint32_t sourceId) const noexcept {
    return sourceId < entries_.size() ? &entries_[sourceId] : nullptr;
}

audio::StreamSource TrackTable::streamSource(std::uint32_t sourceId) const {
    audio::StreamSource source;
    const bool fromFileStart = (sourceId & kFromFileStart) != 0;
    const TrackEntry* entry = bySource(sourceId & ~kFromFileStart);
    if (entry == nullptr) return source;
    source.file = entry->track->file;
    // In/out points are written in time; the pool wants frames at the file's own rate.
    const int rate = entry->fileSampleRate;
    if (rate > 0 && entry->track->start && !fromFileStart)
        source.startFrame = framesOf(*entry->track->start, rate);
    if (rate > 0 && entry->track->end) source.endFrame = framesOf(*entry->track->end, rate);
    source.loudestShortTermLufs = entry->loudestShortTermLufs;
    return source;
}

}  // namespace stillpoint::session
