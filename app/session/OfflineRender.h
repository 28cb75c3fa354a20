// Renders a whole session offline, as fast as the machine allows: the SessionEngine driven block by block
// through OpenAL Soft's loopback device (the same mix as live playback). Before each block the decoder is
// waited for, so the result is deterministic and never starves; scripted operator actions land on their
// exact frame (blocks are split there). Used by `stillpoint render` and by the tests.
// Threads: the caller's thread does everything (it is the audio thread of this render).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

#include "session/ActionScript.h"
#include "session/SessionEngine.h"

namespace stillpoint::session {

struct OfflineRenderOptions {
    // Each block costs a round through OpenAL Soft (queue, play, render) and the engine's bookkeeping; a
    // third of a second at a time keeps that small. Scripted actions still land on their exact frame.
    int blockFrames = 16384;
    // A program whose phases wait for the operator could run for ever without an 'advance' action: the
    // render ends the session by itself after this long.
    std::chrono::seconds longest{std::chrono::hours(12)};
    // Audio as it is rendered (interleaved stereo float): the patient output.
    std::function<void(const float* interleavedStereo, int frames)> writeAudio;
    // The room output (an engine made with SessionOptions::room enabled), frame for frame beside the
    // patient's, through a loopback device of its own.
    std::function<void(const float* interleavedStereo, int frames)> writeRoomAudio;
    // The preview output (SessionOptions::preview enabled), frame for frame beside the patient's, through
    // a loopback device of its own. A preview action's stream is decoded before its frame, so the preview
    // starts on the very frame the action names.
    std::function<void(const float* interleavedStereo, int frames)> writePreviewAudio;
    // Events as they are emitted.
    std::function<void(const SessionEvent& event)> onEvent;
    // Session seconds rendered so far; called once per block.
    std::function<void(double renderedSeconds)> onProgress;
};

struct OfflineRenderResult {
    std::int64_t frames = 0;
    bool stoppedAtLongest = false;  // the session did not end by itself
};

// The rate to render a preview at: 44.1 kHz when most of the program's phase music (weighted by how long
// each track plays) is at 44.1 kHz or a multiple of it, otherwise 48 kHz. Rendering at the music's own
// rate spares resampling it. Files that cannot be read count for nothing (the render reports them).
int nativeSampleRate(const program::Program& program);

// Starts the session, applies `actions` at their session times and renders until the session has ended.
// The audio starts at the session's start (a resume point, or 0) and stops on the frame it ended.
OfflineRenderResult renderOffline(SessionEngine& engine, const std::vector<ScriptedAction>& actions,
                                  int sampleRate, const OfflineRenderOptions& options);

}  // namespace stillpoint::session
