// Test doubles for the panel view-model: a session that records the commands it receives, a recorder
// that keeps the operator's entries, a clock the test moves by hand, a small program, the model on all of
// them, and the setup form filled in.
#pragma once

#include <chrono>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "panel/model/OperatorPanelModel.h"
#include "panel/model/OperatorRecord.h"
#include "panel/model/SessionCommands.h"
#include "program/Program.h"

namespace stillpoint::panel::fakes {

class FakeSession : public SessionCommands {
public:
    // Each command by its table name, the value after it when it takes one: "extend_phase 5".
    std::vector<std::string> calls;
    double lastVolume = -1.0;
    std::uint32_t lastSeq = 0;

    std::uint32_t send(session::Action action, double value) override {
        const auto& spec = session::commandSpec(action);
        std::string call(spec.name);
        if (spec.value == session::CommandValue::Minutes) call += " " + std::to_string(std::lround(value));
        if (spec.value == session::CommandValue::Volume) lastVolume = value;
        calls.push_back(call);
        return ++lastSeq;
    }

    // "preview alternate entry", "preview track 0.1.-1 start"
    std::uint32_t sendPreview(const session::PreviewRequest& request) override {
        std::string call = "preview " + std::string(session::previewChoiceName(request.choice));
        if (request.choice == session::PreviewChoice::Track)
            call += " " + std::to_string(request.track.phase) + "." + std::to_string(request.track.index) +
                    "." + std::to_string(request.track.alternate);
        call += " " + std::string(session::previewFromName(request.from));
        calls.push_back(call);
        return ++lastSeq;
    }

    int count(const std::string& call) const {
        int n = 0;
        for (const auto& c : calls) n += c == call ? 1 : 0;
        return n;
    }
};

struct RecordedMarker {
    double at;
    MarkerKind kind;
    std::string label;
};

class FakeRecorder : public SessionRecorder {
public:
    std::vector<SessionSetup> setups;
    std::vector<RecordedMarker> markers;
    std::vector<std::string> notes;
    std::vector<std::string> postSessionNotes;
    std::vector<std::pair<double, Vitals>> vitals;
    std::vector<std::string> acknowledged;

    void recordSetup(const SessionSetup& setup) override { setups.push_back(setup); }
    void recordMarker(double at, MarkerKind kind, std::string_view label) override {
        markers.push_back({at, kind, std::string(label)});
    }
    void recordNote(double, std::string_view text) override { notes.emplace_back(text); }
    void recordPostSessionNote(std::string_view text) override { postSessionNotes.emplace_back(text); }
    void recordVitals(double at, const Vitals& v) override { vitals.emplace_back(at, v); }
    void recordAlertAcknowledged(double, std::string_view alert) override {
        acknowledged.emplace_back(alert);
    }
};

// A steady clock the test advances explicitly.
struct ManualClock {
    std::chrono::steady_clock::time_point now{std::chrono::seconds(1000)};
    void advance(std::chrono::milliseconds by) { now += by; }
};

// Settling 5 min, onset 10 min, peak 20 min, return 15 min: 50 min planned.
inline program::Program makeProgram() {
    using namespace std::chrono_literals;
    program::Program program;
    program.name = "Test program";
    program.route = program::Route::Iv;
    program.volumeCeilingDbfs = -6.0;
    const std::pair<const char*, program::Duration> phases[] = {
        {"settling", 5min}, {"onset", 10min}, {"peak", 20min}, {"return", 15min}};
    for (const auto& [name, planned] : phases) {
        program::Phase phase;
        phase.name = name;
        phase.planned = planned;
        for (int i = 0; i < 2; ++i) {
            program::Track track;
            track.file = std::string("/music/") + name + "-" + std::to_string(i + 1) + ".flac";
            track.fileAsWritten = track.file.filename().string();
            if (i == 0) track.title = std::string(name) + " opening";
            program::Track calmer;
            calmer.title = std::string(name) + " calmer";
            track.alternates.push_back(calmer);
            phase.tracks.push_back(track);
        }
        program.phases.push_back(phase);
    }
    program::Track grounding;
    grounding.title = "Grounding";
    program.grounding = grounding;
    return program;
}

// The panel model on the fakes above, its clock moved by the test (a test fixture takes it as a base).
struct FakePanel {
    FakePanel() = default;
    FakePanel(const FakePanel&) = delete;  // the model's clock points into this one
    FakePanel& operator=(const FakePanel&) = delete;

    program::Program program = makeProgram();
    FakeSession fakeSession;
    FakeRecorder recorder;
    ManualClock manualClock;
    OperatorPanelModel model{program, fakeSession, recorder, PanelOptions{},
                             [this] { return manualClock.now; }};
};

// The setup form as a clinician completes it before the start, with the consent given.
inline void fillSetup(OperatorPanelModel& model, MusicConsent consent = MusicConsent::Yes) {
    model.setup().patientId = "KX-0042";
    model.setup().clinician = "Dr. Lind";
    model.setup().musicConsent = consent;
}

}  // namespace stillpoint::panel::fakes
