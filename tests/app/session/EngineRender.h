// What the engine-on-files tests share: an operator action at a session time, and one offline render of
// every output the options enable (the patient's, the room's, the preview's), each through a loopback
// device of its own, with the events and the preview's state after each block.
#pragma once

#include <chrono>
#include <cstddef>
#include <vector>

#include "session/OfflineRender.h"
#include "session/SessionEngine.h"

namespace stillpoint::session {

inline ScriptedAction actionAt(double seconds, Action what, double value = 0.0) {
    ScriptedAction action;
    action.at = std::chrono::milliseconds(static_cast<long>(seconds * 1000));
    action.action = what;
    action.value = value;
    return action;
}

struct RenderedOutputs {
    std::vector<float> patient;  // interleaved stereo
    std::vector<float> room;     // empty without a room output
    std::vector<float> preview;  // empty without a preview output
    std::vector<SessionEvent> events;
    std::vector<PreviewSnapshot> snapshots;  // one per block
    std::size_t frames() const { return patient.size() / 2; }
};

inline RenderedOutputs renderOutputs(const program::Program& program, const SessionOptions& options,
                                     const std::vector<ScriptedAction>& actions, int sampleRate) {
    SessionEngine engine(program, options);
    RenderedOutputs out;
    OfflineRenderOptions renderOptions;
    renderOptions.blockFrames = 5000;  // blocks that do not fall on the engine's chunks
    renderOptions.writeAudio = [&](const float* samples, int frames) {
        out.patient.insert(out.patient.end(), samples, samples + 2 * frames);
    };
    if (options.room.enabled)
        renderOptions.writeRoomAudio = [&](const float* samples, int frames) {
            out.room.insert(out.room.end(), samples, samples + 2 * frames);
        };
    if (options.preview.enabled)
        renderOptions.writePreviewAudio = [&](const float* samples, int frames) {
            out.preview.insert(out.preview.end(), samples, samples + 2 * frames);
        };
    renderOptions.onEvent = [&](const SessionEvent& event) { out.events.push_back(event); };
    renderOptions.onProgress = [&](double) { out.snapshots.push_back(engine.snapshot().preview); };
    renderOffline(engine, actions, sampleRate, renderOptions);
    return out;
}

}  // namespace stillpoint::session
