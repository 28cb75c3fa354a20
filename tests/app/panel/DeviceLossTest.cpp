// A lost output device, end to end and in real time: the engine plays through LiveOutput (OpenAL Soft's
// null device), the panel model and the journal are pumped as `stillpoint play` does, and the device is
// unplugged for good. The operator must see it (sticky alert, NO OUTPUT, the clock paused), the headless
// status line must say it and the journal must hold it within a second, though the device never returns.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <numbers>
#include <string>
#include <thread>
#include <vector>

#include "audio/decode/AudioFixtures.h"
#include "audio/engine/output/LiveOutput.h"
#include "journal/JournalEntry.h"
#include "journal/JournalReader.h"
#include "live/SessionController.h"
#include "panel/JournalRecorder.h"
#include "panel/model/OperatorPanelModel.h"
#include "panel/model/SessionCommands.h"
#include "panel/model/TerminalControls.h"
#include "session/SessionEngine.h"

namespace stillpoint::panel {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// The panel's commands straight to the engine (the live controller does the same, with its output).
struct EngineCommands final : SessionCommands {
    explicit EngineCommands(session::SessionEngine& e) : engine(e) {}
    std::uint32_t send(session::Action action, double value) override { return engine.apply(action, value); }
    std::uint32_t sendPreview(const session::PreviewRequest& request) override {
        return engine.preview(request);
    }
    session::SessionEngine& engine;
};

class DeviceLossTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { setenv("ALSOFT_DRIVERS", "null", 0); }

    void SetUp() override {
        testing::writeSine(folder_ / "calm.wav",
                           testing::audioSpec(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2, 30.0), 220.0, 0.2);
        program::Track track;
        track.file = folder_ / "calm.wav";
        track.fileAsWritten = "calm.wav";
        program::Phase phase;
        phase.name = "onset";
        phase.planned = std::chrono::minutes(2);
        phase.tracks = {track};
        program_.name = "device loss";
        program_.sourceFile = folder_ / "program.toml";
        std::ofstream(program_.sourceFile) << "# the journal records the program's digest\n";
        program_.phases = {phase};
    }

    testing::TempFolder folder_;
    program::Program program_;
};

// What one pass of the player's loop does: engine events and the snapshot to the journal and the panel.
struct Pump {
    session::SessionEngine& engine;
    JournalRecorder& recorder;
    OperatorPanelModel& model;
    std::vector<session::SessionEvent> seen;

    void operator()() {
        std::vector<session::SessionEvent> events;
        engine.drainEvents(events);
        const auto snapshot = engine.snapshot();
        recorder.recordEngineEvents(events);
        recorder.observe(snapshot);
        model.update(snapshot, events);
        seen.insert(seen.end(), events.begin(), events.end());
    }
};

const Alert* deviceAlert(const OperatorPanelModel& model) {
    for (const auto& alert : model.alerts().alerts())
        if (alert.kind == AlertKind::DeviceLost) return &alert;
    return nullptr;
}

int countJournalFaults(const fs::path& journalFile, const char* type) {
    int count = 0;
    for (const auto& line : journal::readJournal(journalFile).events) {
        if (line.event.value("type", "") == type && line.event.value("fault", "") == "device_lost") ++count;
    }
    return count;
}

TEST_F(DeviceLossTest, ADeviceThatNeverComesBackIsReportedEverywhereWithinASecond) {
    session::SessionOptions options;
    options.loudnessCacheFile = folder_ / "loudness.json";
    session::SessionEngine engine(program_, options);
    audio::LiveOutput output(engine, {.deviceName = "null"});
    JournalRecorder recorder(folder_ / "sessions", program_);
    EngineCommands commands(engine);
    OperatorPanelModel model(program_, commands, recorder);
    model.setup().patientId = "DL-1";
    model.setup().clinician = "Lind";
    model.setup().musicConsent = MusicConsent::Yes;
    ASSERT_TRUE(model.start());
    output.start();
    Pump pump{engine, recorder, model, {}};

    // The player's loop wakes every 200 ms.
    const auto pumpFor = [&](std::chrono::milliseconds span, auto until) {
        const auto deadline = Clock::now() + span;
        while (Clock::now() < deadline) {
            pump();
            if (until()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
        return false;
    };
    ASSERT_TRUE(pumpFor(std::chrono::seconds(5), [&] { return model.snapshot().sessionSeconds > 1.5; }));
    ASSERT_NE(recorder.journal(), nullptr) << recorder.takeError();
    const fs::path journalFile = recorder.journal()->file();
    EXPECT_EQ(deviceAlert(model), nullptr);

    output.simulateDeviceLoss(audio::SimulatedLoss::DeviceStaysAway);
    const auto unplugged = Clock::now();
    ASSERT_TRUE(pumpFor(std::chrono::seconds(2), [&] { return deviceAlert(model) != nullptr; }));
    const double reportedAfter = std::chrono::duration<double>(Clock::now() - unplugged).count();
    EXPECT_LT(reportedAfter, 1.0) << "the operator must learn of the loss within a second";

    // Panel: a sticky alert saying where the music stopped, the NO OUTPUT state, the clock paused.
    const Alert* alert = deviceAlert(model);
    // In plain words; where the music stopped is in the detail, one click away.
    EXPECT_NE(alert->message.find("sound device was disconnected"), std::string::npos) << alert->message;
    EXPECT_NE(alert->detail.find("paused at 0:0"), std::string::npos) << alert->detail;
    EXPECT_FALSE(model.display().deviceConnected);
    EXPECT_TRUE(model.display().clockPaused);
    EXPECT_GE(model.display().activeFaults, 1);
    // The headless player's status line.
    const std::string line = statusLine(model.display());
    EXPECT_NE(line.find("NO OUTPUT DEVICE"), std::string::npos) << line;
    EXPECT_NE(line.find("PAUSED"), std::string::npos) << line;
    // The journal: written (durably) by the time the operator sees it.
    EXPECT_EQ(countJournalFaults(journalFile, "fault"), 1);

    // It stays lost: the clock stands where the music stopped, the alert stays, nothing is "cleared", and
    // the loss is not reported again and again.
    const double stoppedAt = model.snapshot().sessionSeconds;
    EXPECT_GT(stoppedAt, 1.5);
    pumpFor(std::chrono::milliseconds(2500), [] { return false; });
    EXPECT_DOUBLE_EQ(model.snapshot().sessionSeconds, stoppedAt);
    ASSERT_NE(deviceAlert(model), nullptr);
    EXPECT_FALSE(deviceAlert(model)->cleared);
    EXPECT_TRUE(model.display().clockPaused);
    EXPECT_EQ(countJournalFaults(journalFile, "fault"), 1);
    EXPECT_EQ(countJournalFaults(journalFile, "fault_cleared"), 0);
    int faultEvents = 0;
    for (const auto& event : pump.seen) {
        if (event.fault != session::FaultKind::DeviceLost) continue;
        ++faultEvents;
        EXPECT_EQ(event.kind, session::EventKind::Fault);
        // Stamped where the music stopped (the clock the panel shows).
        EXPECT_NEAR(event.sessionSeconds(), stoppedAt, 0.01);
    }
    EXPECT_EQ(faultEvents, 1);
    output.stop();
}

TEST_F(DeviceLossTest, WhenTheDeviceIsBackTheMusicAndTheClockGoOnFromWhereTheyStopped) {
    session::SessionOptions options;
    options.loudnessCacheFile = folder_ / "loudness.json";
    session::SessionEngine engine(program_, options);
    audio::LiveOutput output(engine, {.deviceName = "null"});
    engine.apply(session::Action::Start);
    output.start();
    std::vector<session::SessionEvent> events;
    const auto waitFor = [&](auto condition) {
        const auto deadline = Clock::now() + std::chrono::seconds(4);
        while (Clock::now() < deadline) {
            engine.drainEvents(events);
            if (condition()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    };
    ASSERT_TRUE(waitFor([&] { return engine.snapshot().sessionSeconds > 1.0; }));
    output.simulateDeviceLoss(audio::SimulatedLoss::DeviceStaysAway);
    ASSERT_TRUE(waitFor([&] { return !engine.snapshot().deviceConnected; }));
    const double stoppedAt = engine.snapshot().sessionSeconds;
    const double trackAt = engine.snapshot().trackPositionSeconds;
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    EXPECT_DOUBLE_EQ(engine.snapshot().sessionSeconds, stoppedAt);
    output.endSimulatedDeviceLoss();
    ASSERT_TRUE(waitFor([&] { return engine.snapshot().deviceConnected; }));
    ASSERT_TRUE(waitFor([&] { return engine.snapshot().sessionSeconds > stoppedAt + 0.3; }));
    // The clock and the track went on from where they were, not from the wall clock: the gap is not
    // counted (well under the 1.2 s the device was away), and the track did not restart.
    const auto after = engine.snapshot();
    EXPECT_LT(after.sessionSeconds - stoppedAt, 1.0);
    EXPECT_GT(after.trackPositionSeconds, trackAt);
    EXPECT_LT(after.trackPositionSeconds - trackAt, 1.0);
    output.stop();
    engine.drainEvents(events);
    std::vector<session::EventKind> device;
    for (const auto& event : events)
        if (event.fault == session::FaultKind::DeviceLost) device.push_back(event.kind);
    EXPECT_EQ(device, (std::vector{session::EventKind::Fault, session::EventKind::FaultCleared}));
}

// The operator ends the session while the device is gone for good (End, then confirm, as on the panel):
// nothing can be heard, so there is no fade to wait for. The session must end within a second, the panel
// reach its end screen and the journal say how it ended, though nothing renders any more.
TEST_F(DeviceLossTest, EndingWhileTheDeviceStaysAwayCompletesWithinASecond) {
    session::SessionOptions options;
    options.loudnessCacheFile = folder_ / "loudness.json";
    program_.endFade = std::chrono::seconds(30);  // a fade that could never be waited out here
    session::SessionEngine engine(program_, options);
    JournalRecorder recorder(folder_ / "sessions", program_);
    live::SessionController controller(program_, engine, recorder, live::SessionController::openLiveOutput());
    controller.openOutput("null");
    OperatorPanelModel& model = controller.model();
    model.setup().patientId = "DL-2";
    model.setup().clinician = "Lind";
    model.setup().musicConsent = MusicConsent::Yes;
    ASSERT_TRUE(model.start());
    const auto pumpUntil = [&](std::chrono::milliseconds span, auto until) {
        const auto deadline = Clock::now() + span;
        while (Clock::now() < deadline) {
            controller.pump();
            if (until()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the player's loop
        }
        return false;
    };
    ASSERT_TRUE(pumpUntil(std::chrono::seconds(5), [&] { return model.snapshot().sessionSeconds > 1.0; }));
    controller.output()->simulateDeviceLoss(audio::SimulatedLoss::DeviceStaysAway);
    ASSERT_TRUE(pumpUntil(std::chrono::seconds(2), [&] { return !model.display().deviceConnected; }));
    const double stoppedAt = model.snapshot().sessionSeconds;

    model.requestEnd();
    ASSERT_TRUE(model.confirmEnd());
    const auto ended = Clock::now();
    ASSERT_TRUE(pumpUntil(std::chrono::seconds(3), [&] { return controller.ended(); }))
        << "the end waited for a device that is not there";
    EXPECT_LT(std::chrono::duration<double>(Clock::now() - ended).count(), 1.0);
    EXPECT_EQ(model.display().state, session::SessionState::Ended);
    EXPECT_TRUE(model.sessionOver());
    controller.stopOutput();

    const auto journal = journal::readJournal(recorder.journal()->file());
    std::string endAction, playbackEndedFault, endReason;
    double playbackEndedAt = -1;
    for (const auto& line : journal.events) {
        const auto& event = line.event;
        const std::string type = event.value("type", "");
        if (type == journal::type::kOperatorAction && event.value("action", "") == "end_session")
            endAction = event.value("outcome", "");
        if (type == journal::type::kPlaybackEnded) {
            playbackEndedFault = event.value("fault", "");
            playbackEndedAt = event.value("session_s", -1.0);
        }
        if (type == journal::type::kSessionEnd) endReason = event.value("reason", "");
    }
    EXPECT_EQ(endAction, journal::kOutcomeCarriedOut);
    EXPECT_EQ(playbackEndedFault, "device_lost");
    EXPECT_NEAR(playbackEndedAt, stoppedAt, 0.05) << "ended where the music stopped";
    EXPECT_EQ(endReason, journal::kEndedWhileOutputLost);
}

}  // namespace
}  // namespace stillpoint::panel
