// Every track a session may play (phase tracks, their alternates, phase beds, the grounding track), each
// with the integer source id the stream pool knows it by and its normalisation gain. Built on the control
// thread before the session starts; read-only afterwards, so the audio thread may look things up freely.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "audio/engine/stream/StreamPool.h"
#include "program/Program.h"
#include "session/TrackRef.h"

namespace stillpoint::session {

struct TrackEntry {
    TrackRef ref;
    const program::Track* track = nullptr;
    std::uint32_t sourceId = 0;
    float gain = 1.0f;              // linear: loudness normalisation x trim
    double normalisationDb = 0.0;   // for reports
    std::int64_t fadeInFrames = 0;  // at the output rate
    std::int64_t fadeOutFrames = 0;
    double durationSeconds = -1.0;  // of the part played, -1 when unknown
    int fileSampleRate = 0;         // 0 when the file could not be measured
    double loudestShortTermLufs = std::numeric_limits<double>::quiet_NaN();  // measured; NaN = unknown
};

class TrackTable {
public:
    // A source id with this bit opens the same track from its file's first frame, before its in point
    // (a preview from the start of the file).
    static constexpr std::uint32_t kFromFileStart = 0x8000'0000u;

    TrackTable() = default;
    // Lists the program's tracks with unit gain; the engine fills in the loudness afterwards.
    TrackTable(const program::Program& program, int outputSampleRate);

    const TrackEntry* find(TrackRef ref) const noexcept;
    const TrackEntry* bySource(std::uint32_t sourceId) const noexcept;
    std::vector<TrackEntry>& entries() { return entries_; }
    const std::vector<TrackEntry>& entries() const { return entries_; }

    // What the stream pool opens for a source id (called on the decode thread).
    audio::StreamSource streamSource(std::uint32_t sourceId) const;

private:
    std::vector<TrackEntry> entries_;
};

}  // namespace stillpoint::session
