// Drives a PhaseConductor on synthetic streams the way SessionEngine does (start, lookahead priming,
// commands at exact frames) and keeps the rendered left channel and every event for assertions.
#pragma once

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "app/session/FakeStreams.h"
#include "session/PhaseConductor.h"

namespace stillpoint::session::testing {

inline constexpr int kRate = 48000;

class RecordingSink final : public EventSink {
public:
    void emit(const SessionEvent& event) noexcept override { events.push_back(event); }
    std::vector<SessionEvent> events;
};

inline program::Track makeTrack(const char* name) {
    program::Track track;
    track.file = name;
    track.fileAsWritten = name;
    return track;
}

inline program::Phase makePhase(const char* name, double plannedSeconds, std::vector<program::Track> tracks) {
    program::Phase phase;
    phase.name = name;
    phase.planned = program::Duration(static_cast<long>(plannedSeconds * 1000));
    phase.tracks = std::move(tracks);
    phase.fill = program::FillPolicy::Loop;
    return phase;
}

inline program::Duration ms(double seconds) {
    return program::Duration(static_cast<long>(seconds * 1000));
}

class ConductorHarness {
public:
    explicit ConductorHarness(program::Program program) : program_(std::move(program)) {
        program_.volumeCeilingDbfs = 0.0;
        // Test sessions last seconds: the default 30 s end fade would span them whole.
        if (program_.endFade == std::chrono::seconds(30)) program_.endFade = ms(0.5);
        tracks_ = TrackTable(program_, kRate);
    }

    // Sets the synthetic audio of the track named by `ref`.
    FakeSource& source(TrackRef ref) { return streams.sources[tracks_.find(ref)->sourceId]; }
    const TrackTable& tracks() const { return tracks_; }

    void build(ConductorSettings settings = {}) {
        settings.sampleRate = kRate;
        settings.initialMasterVolume = 1.0f;
        conductor = std::make_unique<PhaseConductor>(program_, tracks_, streams, sink, settings);
    }

    void start() {
        if (!conductor) build();
        conductor->apply(SessionCommand{Action::Start, 0.0});
        std::vector<float> prime(static_cast<std::size_t>(2 * conductor->latencyFrames()));
        conductor->render(prime.data(), conductor->latencyFrames());
    }

    void command(Action action, double value = 0.0) { conductor->apply(SessionCommand{action, value}); }

    // Renders until the output holds `seconds` of session time, in blocks of `block` frames.
    void renderUntil(double seconds, int block = 512) {
        const auto target = static_cast<std::size_t>(std::llround(seconds * kRate));
        std::vector<float> buffer(static_cast<std::size_t>(2 * block));
        while (left.size() < target) {
            const int count = static_cast<int>(
                std::min<std::size_t>(static_cast<std::size_t>(block), target - left.size()));
            conductor->render(buffer.data(), count);
            for (int i = 0; i < count; ++i) left.push_back(buffer[static_cast<std::size_t>(2 * i)]);
        }
    }

    float at(double seconds) const { return left[static_cast<std::size_t>(std::llround(seconds * kRate))]; }

    std::vector<SessionEvent> eventsOf(EventKind kind) const {
        std::vector<SessionEvent> found;
        for (const auto& event : sink.events) {
            if (event.kind == kind) found.push_back(event);
        }
        return found;
    }

    // Longest run of exact zeros in [fromSeconds, toSeconds), in frames.
    std::int64_t longestSilence(double fromSeconds, double toSeconds) const {
        std::int64_t longest = 0, run = 0;
        const auto from = static_cast<std::size_t>(fromSeconds * kRate);
        const auto to = std::min(left.size(), static_cast<std::size_t>(toSeconds * kRate));
        for (std::size_t i = from; i < to; ++i) {
            run = left[i] == 0.0f ? run + 1 : 0;
            longest = std::max(longest, run);
        }
        return longest;
    }

    float largestStep() const {
        float step = 0.0f;
        for (std::size_t i = 1; i < left.size(); ++i) step = std::max(step, std::fabs(left[i] - left[i - 1]));
        return step;
    }

    SessionSnapshot snapshot() const {
        SessionSnapshot snapshot;
        conductor->fillSnapshot(snapshot);
        return snapshot;
    }

    FakeStreams streams;
    RecordingSink sink;
    std::unique_ptr<PhaseConductor> conductor;
    std::vector<float> left;

private:
    program::Program program_;
    TrackTable tracks_;
};

}  // namespace stillpoint::session::testing
