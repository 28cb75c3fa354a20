#include "session/OfflineRender.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "audio/decode/AudioFileReader.h"
#include "audio/engine/output/LoopbackRenderer.h"

namespace stillpoint::session {

int nativeSampleRate(const program::Program& program) {
    double cdFamilySeconds = 0.0;
    double otherSeconds = 0.0;
    for (const program::Phase& phase : program.phases) {
        for (const program::Track& track : phase.tracks) {
            try {
                const audio::AudioFileInfo info = audio::AudioFileReader(track.file).info();
                if (info.sampleRate <= 0) continue;
                const double seconds =
                    program::playedSeconds(track, static_cast<double>(info.frames) / info.sampleRate);
                (info.sampleRate % 44100 == 0 ? cdFamilySeconds : otherSeconds) += seconds;
            } catch (const audio::AudioFileError&) {
            }
        }
    }
    return cdFamilySeconds > otherSeconds ? 44100 : 48000;
}

namespace {

// The patient's loopback device pulls the engine; the room's and the preview's frames of the same pass
// are kept for their own loopback devices, which pull them next.
class LeaderSource final : public audio::AudioSource {
public:
    LeaderSource(SessionEngine& engine, float* room, float* preview)
        : engine_(engine), room_(room), preview_(preview) {}
    void render(float* interleavedStereo, int frames) noexcept override {
        engine_.renderOutputs(interleavedStereo, room_, frames, preview_);
    }

private:
    SessionEngine& engine_;
    float* room_;
    float* preview_;
};

class RenderedFrames final : public audio::AudioSource {
public:
    explicit RenderedFrames(const float* frames) : frames_(frames) {}
    void render(float* interleavedStereo, int frames) noexcept override {
        std::copy(frames_, frames_ + 2 * frames, interleavedStereo);
    }

private:
    const float* frames_;
};

// An output beside the patient's: the engine's frames for it, and its own loopback device playing them.
struct FollowerRender {
    FollowerRender(std::function<void(const float*, int)> writer, int sampleRate, int blockFrames)
        : write(std::move(writer)) {
        if (!enabled()) return;
        mixed.resize(static_cast<std::size_t>(2 * blockFrames));
        played.resize(mixed.size());
        renderer.emplace(sampleRate);
    }
    bool enabled() const { return static_cast<bool>(write); }
    float* engineFrames() { return enabled() ? mixed.data() : nullptr; }
    void render(int count) {
        if (!enabled()) return;
        RenderedFrames frames(mixed.data());
        renderer->render(frames, played.data(), count);
    }
    void flush(int count) {
        if (enabled()) write(played.data(), count);
    }

    std::function<void(const float*, int)> write;
    std::vector<float> mixed;
    std::vector<float> played;
    std::optional<audio::LoopbackRenderer> renderer;
};

}  // namespace

OfflineRenderResult renderOffline(SessionEngine& engine, const std::vector<ScriptedAction>& actions,
                                  int sampleRate, const OfflineRenderOptions& options) {
    audio::LoopbackRenderer renderer(sampleRate);
    const int blockFrames = std::max(1, options.blockFrames);
    std::vector<float> block(static_cast<std::size_t>(2 * blockFrames));
    FollowerRender room(options.writeRoomAudio, sampleRate, blockFrames);
    FollowerRender preview(options.writePreviewAudio, sampleRate, blockFrames);
    LeaderSource leader(engine, room.engineFrames(), preview.engineFrames());
    // One pass of the engine for every output, each through its own device.
    const auto renderBlock = [&](int count) {
        renderer.render(leader, block.data(), count);
        room.render(count);
        preview.render(count);
    };
    const auto write = [&](int count) {
        if (options.writeAudio) options.writeAudio(block.data(), count);
        room.flush(count);
        preview.flush(count);
    };
    std::vector<SessionEvent> events;
    const std::int64_t longest = static_cast<std::int64_t>(options.longest.count()) * sampleRate;
    // A resumed session starts its clock where it was interrupted; the output file starts there, and
    // action times are session times.
    const std::int64_t origin = engine.snapshot().sessionFrame;
    auto frameOf = [&](const ScriptedAction& action) {
        return static_cast<std::int64_t>(action.at.count()) * sampleRate / 1000 - origin;
    };

    OfflineRenderResult result;
    std::size_t nextAction = 0;
    bool endRequested = false;
    std::int64_t endFrame = 0;
    engine.apply(Action::Start);
    while (true) {
        // Actions due now act on the next block's first frame.
        // Previews first, on their own: their streams open in a call of no frames and are decoded below
        // with the rest, so a preview starts on its action's frame and the session's streams are left
        // exactly as they would be without it. The other actions of the moment follow.
        const std::size_t firstDue = nextAction;
        while (nextAction < actions.size() && frameOf(actions[nextAction]) <= result.frames) ++nextAction;
        bool previewAsked = false;
        for (std::size_t i = firstDue; i < nextAction; ++i) {
            if (actions[i].action != Action::Preview) continue;
            engine.preview(actions[i].preview);
            previewAsked = true;
        }
        if (previewAsked) engine.renderOutputs(nullptr, nullptr, 0, nullptr);
        for (std::size_t i = firstDue; i < nextAction; ++i)
            if (actions[i].action != Action::Preview) engine.apply(actions[i].action, actions[i].value);
        std::int64_t count = blockFrames;
        if (nextAction < actions.size())
            count = std::min(count, frameOf(actions[nextAction]) - result.frames);
        engine.waitUntilStreamsReady();
        renderBlock(static_cast<int>(count));

        events.clear();
        engine.drainEvents(events);
        bool ended = false;
        for (const SessionEvent& event : events) {
            if (options.onEvent) options.onEvent(event);
            if (event.kind == EventKind::SessionEnded) {
                ended = true;
                endFrame = event.sessionFrame - origin;
            }
        }
        // The audio stops on the frame the session ended (the rest of the block is silence).
        const std::int64_t keep =
            ended ? std::clamp<std::int64_t>(endFrame - result.frames, 0, count) : count;
        if (keep > 0) write(static_cast<int>(keep));
        result.frames += keep;
        if (options.onProgress) options.onProgress(static_cast<double>(result.frames) / sampleRate);
        if (ended || engine.snapshot().state == SessionState::Ended) break;
        if (result.frames >= longest && !endRequested) {
            result.stoppedAtLongest = true;
            endRequested = true;
            engine.apply(Action::EndSession);
        }
    }
    // The limiter's lookahead still holds the last frames of the end fade: the audio ends where the
    // session did.
    while (result.frames < endFrame) {
        const auto count = static_cast<int>(std::min<std::int64_t>(blockFrames, endFrame - result.frames));
        renderBlock(count);
        write(count);
        result.frames += count;
    }
    return result;
}

}  // namespace stillpoint::session
