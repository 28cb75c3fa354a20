// A short session with every kind of operator action (talk-over, extend, volume, grounding, skip, hold,
// silence, advance) and every kind of crossfade (track, grounding, phase, the end fade), driven block by
// block through the loopback renderer. The resume tests interrupt it at chosen frames and check that the
// resumed session goes on exactly as the uninterrupted one did. Shared by the in-process test and the
// kill test's child process, so both play the very same session.
#pragma once

#include <sndfile.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <numbers>
#include <vector>

#include "audio/engine/output/LoopbackRenderer.h"
#include "session/ActionScript.h"
#include "session/SessionEngine.h"

namespace stillpoint::session::testing {

inline constexpr int kScenarioRate = 48000;
inline constexpr int kScenarioBlock = 4096;

inline void writeScenarioTone(const std::filesystem::path& file, double seconds, double hertz) {
    SF_INFO info{};
    info.samplerate = kScenarioRate;
    info.channels = 2;
    info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    SNDFILE* sound = sf_open(file.c_str(), SFM_WRITE, &info);
    if (sound == nullptr) throw std::runtime_error("cannot write " + file.string());
    const auto frames = static_cast<std::size_t>(seconds * kScenarioRate);
    std::vector<float> samples(2 * frames);
    for (std::size_t i = 0; i < frames; ++i) {
        const double t = static_cast<double>(i) / kScenarioRate;
        samples[2 * i] = static_cast<float>(0.2 * std::sin(2 * std::numbers::pi * hertz * t));
        samples[2 * i + 1] = static_cast<float>(0.2 * std::sin(2 * std::numbers::pi * hertz * 1.5 * t));
    }
    sf_writef_float(sound, samples.data(), static_cast<sf_count_t>(frames));
    sf_close(sound);
}

// onset (auto, 10 s, two 6 s tracks crossing over 1.5 s, an alternate), peak (waits for the operator
// after 8 s), return (auto, 6 s); phase crossfades of 4 s; a 5 s grounding track; a 2 s end fade.
inline program::Program scenarioProgram(const std::filesystem::path& folder, bool writeFiles) {
    const char* names[] = {"a.wav", "b.wav", "alt.wav", "c.wav", "ground.wav"};
    const double seconds[] = {6, 6, 8, 10, 5};
    const double hertz[] = {220, 330, 262, 392, 196};
    if (writeFiles) {
        for (int i = 0; i < 5; ++i) writeScenarioTone(folder / names[i], seconds[i], hertz[i]);
        std::ofstream(folder / "scenario.toml") << "format = 1\nname = \"Resume scenario\"\n";
    }
    auto track = [&](int i) {
        program::Track made;
        made.file = folder / names[i];
        made.fileAsWritten = names[i];
        return made;
    };
    auto phase = [](const char* name, int plannedSeconds) {
        program::Phase made;
        made.name = name;
        made.planned = std::chrono::seconds(plannedSeconds);
        made.crossfadeToNext = std::chrono::seconds(4);
        return made;
    };
    program::Program program;
    program.name = "Resume scenario";
    program.sourceFile = folder / "scenario.toml";
    program.endFade = std::chrono::seconds(2);
    auto onset = phase("onset", 10);
    onset.tracks = {track(0), track(1)};
    onset.tracks[0].alternates = {track(2)};
    onset.trackCrossfade = std::chrono::milliseconds(1500);
    auto peak = phase("peak", 8);
    peak.ends = program::PhaseEnd::Operator;
    peak.maximum = std::chrono::seconds(40);
    peak.tracks = {track(3)};
    auto back = phase("return", 6);
    back.tracks = {track(1)};
    program.phases = {onset, peak, back};
    program.grounding = track(4);
    return program;
}

inline ScriptedAction scenarioAction(double atSeconds, Action action, double value = 0.0) {
    ScriptedAction scripted;
    scripted.at = std::chrono::milliseconds(std::llround(atSeconds * 1000));
    scripted.action = action;
    scripted.value = value;
    return scripted;
}

// Onset extended by 6 s (to 16 s); grounding during the first track's crossfade, skip back from it; hold
// and release just before the extended end; the peak waits for the operator past its plan, is silenced and
// resumed, and advanced at 27 s; the return ends the session.
inline std::vector<ScriptedAction> scenarioActions() {
    return {scenarioAction(1.0, Action::TalkOverOn),
            scenarioAction(2.0, Action::TalkOverOff),
            scenarioAction(3.0, Action::ExtendPhase, 0.1),
            scenarioAction(4.0, Action::SetMasterVolume, 0.6),
            scenarioAction(5.2, Action::PlayGrounding),
            scenarioAction(10.0, Action::SkipTrack),
            scenarioAction(12.0, Action::Hold),
            scenarioAction(14.5, Action::ReleaseHold),
            scenarioAction(19.0, Action::TalkOverOn),
            scenarioAction(21.0, Action::Silence),
            scenarioAction(23.0, Action::Resume),
            scenarioAction(24.0, Action::TalkOverOff),
            scenarioAction(27.0, Action::AdvancePhase)};
}

// The room speakers of the scenario, as a clinic's configuration starts them.
inline RoomOutputOptions roomScenarioOptions() {
    RoomOutputOptions room;
    room.enabled = true;
    room.initialVolume = 0.8;
    return room;
}

// The scenario with the operator turning the room speakers down early (to 0.3) and up a little later (to
// 0.45, during the grounding track): a resume must keep the room where the operator left it.
inline std::vector<ScriptedAction> roomScenarioActions() {
    auto actions = scenarioActions();
    actions.insert(actions.begin() + 2, scenarioAction(2.5, Action::SetRoomVolume, 0.3));
    actions.insert(actions.begin() + 6, scenarioAction(7.0, Action::SetRoomVolume, 0.45));
    return actions;
}

// What a drive produced: the audio from its first output frame, every event, and the state after each
// block.
struct ScenarioRun {
    std::int64_t firstFrame = 0;   // session frame of audio[0]
    std::vector<float> audio;      // interleaved stereo
    std::vector<float> roomAudio;  // the room speakers' frames of the same pass, when asked for
    std::vector<SessionEvent> events;
    std::vector<ResumeState> states;
    std::int64_t endedFrame = -1;

    // The sample at session frame `frame`, channel `channel`.
    float at(std::int64_t frame, int channel) const {
        return audio[static_cast<std::size_t>(2 * (frame - firstFrame) + channel)];
    }
    std::int64_t lastFrame() const { return firstFrame + static_cast<std::int64_t>(audio.size() / 2); }
};

// Operator commands given on exact session frames (ReplayedAction::frame), from `startFrame` (the
// conductor's frame when the drive starts: a resumed engine's state frame).
struct FramedActions {
    std::vector<ReplayedAction> actions;
    std::int64_t startFrame = 0;
};

// The patient's output as the loopback device pulls it, keeping the room's frames of the same pass.
class RoomCapture final : public audio::AudioSource {
public:
    RoomCapture(SessionEngine& engine, std::vector<float>& room) : engine_(engine), room_(room) {}
    void render(float* interleavedStereo, int frames) noexcept override {
        scratch_.resize(static_cast<std::size_t>(2 * frames));
        engine_.renderOutputs(interleavedStereo, scratch_.data(), frames);
        room_.insert(room_.end(), scratch_.begin(), scratch_.end());
    }

private:
    SessionEngine& engine_;
    std::vector<float>& room_;
    std::vector<float> scratch_;
};

// Starts `engine` and renders it in blocks of `block` frames until the session ends. Scripted actions
// act on the first block that begins at or after their time; framed ones on their frame (blocks end
// there). `afterBlock` (if set) sees each block's snapshot and events once they are in the run; returning
// false stops the drive there. `withRoom`: the room's frames are kept too (ScenarioRun::roomAudio).
inline ScenarioRun driveScenario(
    SessionEngine& engine, const std::vector<ScriptedAction>& actions, int block = kScenarioBlock,
    const std::function<bool(const SessionSnapshot&, const std::vector<SessionEvent>&)>& afterBlock = {},
    const FramedActions& framed = {}, bool withRoom = false) {
    audio::LoopbackRenderer renderer(kScenarioRate);
    ScenarioRun run;
    run.firstFrame = engine.snapshot().sessionFrame;
    std::vector<float> buffer(static_cast<std::size_t>(2 * block));
    std::vector<SessionEvent> events;
    std::size_t next = 0;
    std::size_t nextFramed = 0;
    std::int64_t clock = framed.startFrame;
    RoomCapture roomCapture(engine, run.roomAudio);
    audio::AudioSource& source = withRoom ? static_cast<audio::AudioSource&>(roomCapture) : engine;
    engine.apply(Action::Start);
    for (int blocks = 0; blocks < 100000; ++blocks) {
        const std::int64_t now = run.lastFrame();
        while (next < actions.size() &&
               static_cast<std::int64_t>(actions[next].at.count()) * kScenarioRate / 1000 <= now) {
            engine.apply(actions[next].action, actions[next].value);
            ++next;
        }
        while (nextFramed < framed.actions.size() && framed.actions[nextFramed].frame <= clock) {
            engine.apply(framed.actions[nextFramed].action, framed.actions[nextFramed].value);
            ++nextFramed;
        }
        int count = block;
        if (nextFramed < framed.actions.size())
            count = static_cast<int>(std::min<std::int64_t>(count, framed.actions[nextFramed].frame - clock));
        engine.waitUntilStreamsReady();
        renderer.render(source, buffer.data(), count);
        clock += count;
        run.audio.insert(run.audio.end(), buffer.begin(), buffer.begin() + 2 * count);
        events.clear();
        engine.drainEvents(events);
        for (const SessionEvent& event : events) {
            run.events.push_back(event);
            if (event.kind == EventKind::SessionEnded) run.endedFrame = event.sessionFrame;
        }
        const SessionSnapshot snapshot = engine.snapshot();
        run.states.push_back(snapshot.resume);
        if (afterBlock && !afterBlock(snapshot, events)) break;
        // The limiter still holds the end fade's last frames for a block after the end.
        if (run.endedFrame >= 0 && run.lastFrame() >= run.endedFrame + block) break;
        if (snapshot.resume.valid()) clock = snapshot.resume.frame;
    }
    if (run.endedFrame >= 0 && run.lastFrame() > run.endedFrame) {
        run.audio.resize(static_cast<std::size_t>(2 * (run.endedFrame - run.firstFrame)));
        if (withRoom) run.roomAudio.resize(run.audio.size());
    }
    return run;
}

}  // namespace stillpoint::session::testing
