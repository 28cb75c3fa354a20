// A session the engine really renders (offline, through the loopback renderer) and journals the way a
// live session does: engine events and heartbeats from every block, the operator's markers, notes and
// vitals at given session times, commands through the engine (journaled from its echo, with their
// outcome), and optionally a crash and resume in the middle. For report tests that must see what a real
// session writes, in the order the engine writes it.
#pragma once

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/journal/JournalTestSupport.h"
#include "audio/engine/output/LoopbackRenderer.h"
#include "journal/SessionJournal.h"
#include "journal/SessionRecovery.h"
#include "session/SessionEngine.h"

namespace stillpoint::journal::testing {

// Four short phases of looping 10-second tones (about 4 minutes of music); the peak's first track has a
// calmer alternate; the program has a grounding track.
inline program::Program makeRichProgram(const std::filesystem::path& folder) {
    const char* names[] = {"arrive.wav", "open.wav",   "deep.wav", "deeper.wav",
                           "calm.wav",   "ground.wav", "home.wav"};
    const char* titles[] = {"Arrival",    "Opening", "Deep Field", "Deeper Still",
                            "Calm Water", "Earth",   "Home"};
    const double hertz[] = {220, 247, 330, 392, 196, 174, 262};
    for (int i = 0; i < 7; ++i) writeToneWav(folder / names[i], 10.0, hertz[i], titles[i]);
    writeWholeFile(folder / "rich.toml", "format = 1\nname = \"Rich\"\n");
    program::Program program;
    program.name = "Evening session, IV";
    program.route = program::Route::Iv;
    program.sourceFile = folder / "rich.toml";
    const auto phase = [&](const char* name, int seconds, std::vector<int> tracks) {
        program::Phase made;
        made.name = name;
        made.planned = std::chrono::seconds(seconds);
        for (const int t : tracks) made.tracks.push_back(makeTrack(folder / names[t]));
        return made;
    };
    program.phases = {phase("settling", 30, {0}), phase("onset", 60, {1}), phase("peak", 90, {2, 3}),
                      phase("return", 45, {6})};
    program.phases[2].tracks[0].alternates.push_back(makeTrack(folder / names[4]));
    program.grounding = makeTrack(folder / names[5]);
    program.endFade = std::chrono::seconds(3);
    return program;
}

// One thing the operator does at a session time.
struct OperatorStep {
    double at = 0.0;
    std::function<void(session::SessionEngine&, SessionJournal&)> act;
};

inline OperatorStep marker(double at, MarkerKind kind, std::string text = {}) {
    return {at, [kind, text](session::SessionEngine&, SessionJournal& j) { j.recordMarker(kind, text); }};
}
inline OperatorStep note(double at, std::string text) {
    return {at, [text](session::SessionEngine&, SessionJournal& j) { j.recordNote(text); }};
}
inline OperatorStep vitals(double at, int systolic, int diastolic, int heartRate, int spo2) {
    return {at, [=](session::SessionEngine&, SessionJournal& j) {
                j.recordVitals(makeVitals(systolic, diastolic, heartRate, spo2));
            }};
}
inline OperatorStep command(double at, session::Action action, double value = 0.0) {
    return {at, [=](session::SessionEngine& e, SessionJournal&) { e.apply(action, value); }};
}

struct RenderedSessionPlan {
    std::vector<OperatorStep> steps;
    std::optional<double> crashAt;       // the program dies here; the session is resumed
    std::chrono::seconds crashGap{200};  // wall-clock time until it is started again
    double endAt = 1e9;                  // the operator ends the session here
};

// Renders `program` with `plan` and returns the session's folder. The journal's wall clock follows the
// audio clock from `clock`'s time.
inline std::filesystem::path renderJournaledSession(const std::filesystem::path& sessionsRoot,
                                                    const program::Program& program,
                                                    const RenderedSessionPlan& plan, ManualClock& clock,
                                                    const std::filesystem::path& loudnessCache) {
    session::SessionOptions options;
    options.loudnessCacheFile = loudnessCache;
    auto engine = std::make_unique<session::SessionEngine>(program, options);
    auto journal = std::make_unique<SessionJournal>(
        SessionJournal::start(sessionsRoot, program, makeDetails(), clock.options()));
    const auto startWall = *clock.now;
    auto wallOffset = std::chrono::milliseconds(0);
    audio::LoopbackRenderer renderer(options.sampleRate);
    constexpr int kBlock = 4800;  // 0.1 s
    std::vector<float> audio(2 * kBlock);
    std::vector<session::SessionEvent> events;
    auto steps = plan.steps;
    std::stable_sort(steps.begin(), steps.end(), [](auto& a, auto& b) { return a.at < b.at; });
    std::size_t next = 0;
    bool crashed = false, endRequested = false;
    engine->apply(session::Action::Start);
    for (int guard = 0; guard < 100000; ++guard) {
        engine->waitUntilStreamsReady();
        renderer.render(*engine, audio.data(), kBlock);
        const auto snapshot = engine->snapshot();
        *clock.now = startWall + wallOffset +
                     std::chrono::milliseconds(static_cast<long>(snapshot.sessionSeconds * 1000));
        events.clear();
        engine->drainEvents(events);
        journal->recordEngineEvents(events);
        journal->observe(snapshot);
        if (snapshot.state == session::SessionState::Ended) break;
        while (next < steps.size() && steps[next].at <= snapshot.sessionSeconds) {
            steps[next++].act(*engine, *journal);
        }
        if (!endRequested && snapshot.sessionSeconds >= plan.endAt) {
            engine->apply(session::Action::EndSession);
            endRequested = true;
        }
        if (plan.crashAt && !crashed && snapshot.sessionSeconds >= *plan.crashAt) {
            crashed = true;  // as if killed: nothing more is written, the next start resumes
            journal.reset();
            engine.reset();
            *clock.now += plan.crashGap;
            wallOffset += plan.crashGap;
            const auto unfinished = findUnfinishedSession(sessionsRoot, *clock.now);
            if (!unfinished) throw std::runtime_error("the crashed session is not found unfinished");
            const auto point = makeResumePoint(unfinished->journal);
            options.resumeFrom = point;
            engine = std::make_unique<session::SessionEngine>(program, options);
            journal = std::make_unique<SessionJournal>(
                continueSession(*unfinished, program, point, clock.options()));
            engine->apply(session::Action::Start);
        }
    }
    journal->endSession();
    return journal->folder();
}

// The steps of a busy session: clusters of markers and notes, vitals, talk-over, silence, a skip, the
// calmer alternate, grounding, an extension, a refused command and a marker whose text repeats its kind.
inline std::vector<OperatorStep> busySessionSteps() {
    using session::Action;
    return {
        marker(2, MarkerKind::DoseGiven, "Dose given"),
        vitals(3, 122, 78, 72, 98),
        note(8, "Settled on the couch, eye shades on"),
        command(12, Action::TalkOverOn),
        command(19, Action::TalkOverOff),
        command(20, Action::ReleaseHold),  // nothing is held: refused
        vitals(33, 126, 80, 78, 98),
        marker(40, MarkerKind::PatientSpoke, "asked about the music"),
        marker(41, MarkerKind::VitalsCheck),
        note(41.5, "Breathing slower"),
        marker(42, MarkerKind::Custom, "Moved arms"),
        command(55, Action::AdvancePhase),
        vitals(63, 131, 84, 88, 97),
        marker(57, MarkerKind::Distress, "tearful, hands clenched"),
        command(58, Action::SwapToAlternate),
        note(59, "Reassured her; music calmer"),
        command(75, Action::Silence),
        command(82, Action::Resume),
        command(88, Action::PlayGrounding),
        marker(89, MarkerKind::PatientSpoke),
        vitals(93, 128, 82, 84, 96),
        command(100, Action::ExtendPhase, 1),
        command(104, Action::SkipTrack),
        marker(110, MarkerKind::Custom, "Smiled"),
        note(110.5, "Said it felt like floating"),
        marker(111, MarkerKind::PatientSpoke, "wants the playlist"),
        marker(111.5, MarkerKind::Custom, "Hand on chest"),
        command(120, Action::SetMasterVolume, 0.6),
        vitals(123, 124, 79, 76, 98),
        marker(150, MarkerKind::InfusionStopped),
        command(160, Action::TalkOverOn),
        command(168, Action::TalkOverOff),
        note(170, "Eyes open, talking calmly"),
        vitals(178, 120, 77, 70, 99),
    };
}

}  // namespace stillpoint::journal::testing
