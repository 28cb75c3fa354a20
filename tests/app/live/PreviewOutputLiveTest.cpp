// The preview output in a live session, in real time on OpenAL Soft's null devices: the patient's output
// pulls every output from the engine, the preview's device follows its clock. A preview chosen on the
// panel model plays and moves on while the session plays on; losing the preview's device alerts the
// operator ("Preview output lost") and is journaled while the headphones play on.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "app/journal/JournalTestSupport.h"
#include "journal/JournalReader.h"
#include "live/FollowerOutputs.h"
#include "live/SessionController.h"

namespace stillpoint::live {
namespace {

using Clock = std::chrono::steady_clock;

class PreviewOutputLive : public ::testing::Test {
protected:
    static void SetUpTestSuite() { setenv("ALSOFT_DRIVERS", "null", 0); }

    void SetUp() override {
        session::SessionOptions options;
        options.loudnessCacheFile = folder.path() / "loudness.json";
        options.preview.enabled = true;
        engine = std::make_unique<session::SessionEngine>(program, options);
        followers = std::make_unique<FollowerOutputs>(*engine, options.sampleRate, 2048, false, true);
        recorder = std::make_unique<panel::JournalRecorder>(folder.path() / "sessions", program);
        controller = std::make_unique<SessionController>(
            program, *engine, *recorder, [this](session::SessionEngine&, const std::string& device) {
                return std::make_unique<audio::LiveOutput>(followers->leader(),
                                                           audio::OutputOptions{.deviceName = device});
            });
        auto& setup = controller->model().setup();
        setup.patientId = "PV-1";
        setup.clinician = "Dr. Test";
        setup.musicConsent = panel::MusicConsent::Yes;
        setup.outputDevice = "null";
        controller->openOutput("null");
        previewDevice = std::make_unique<audio::LiveOutput>(followers->follower(FollowerOutput::Preview),
                                                            audio::OutputOptions{.deviceName = "null"});
        previewDevice->start();
    }

    void TearDown() override {
        previewDevice->stop();
        controller->stopOutput();
    }

    template <typename Done>
    bool pumpUntil(std::chrono::milliseconds span, Done done) {
        const auto deadline = Clock::now() + span;
        while (Clock::now() < deadline) {
            controller->pump();
            if (done()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return false;
    }

    const panel::Alert* previewAlert() const {
        for (const auto& alert : controller->model().alerts().alerts())
            if (alert.kind == panel::AlertKind::PreviewOutputLost) return &alert;
        return nullptr;
    }

    int journalLines(const std::string& type, const std::string& key, const std::string& value) const {
        int count = 0;
        for (const auto& line : journal::readJournal(recorder->journal()->file()).events)
            if (line.event.value("type", "") == type && line.event.value(key, "") == value) ++count;
        return count;
    }

    journal::testing::TempFolder folder;
    program::Program program = journal::testing::makeRenderedProgram(folder.path(), true);
    std::unique_ptr<session::SessionEngine> engine;
    std::unique_ptr<FollowerOutputs> followers;
    std::unique_ptr<panel::JournalRecorder> recorder;
    std::unique_ptr<SessionController> controller;
    std::unique_ptr<audio::LiveOutput> previewDevice;
};

TEST_F(PreviewOutputLive, APreviewPlaysAndMovesOnWhileTheSessionPlaysOnAndALostDeviceIsAlerted) {
    panel::OperatorPanelModel& model = controller->model();
    ASSERT_TRUE(model.start());
    ASSERT_TRUE(pumpUntil(std::chrono::seconds(5), [&] { return engine->snapshot().sessionSeconds > 0.5; }));
    // The settling phase loops its one track: that is what comes next. The peak's first track is chosen
    // among the program's tracks.
    ASSERT_TRUE(model.preview().available());
    EXPECT_EQ(model.preview().options()[0].label, "Next track: settle.wav");
    ASSERT_EQ(model.preview().options()[4].label, "peak 1: peak-a.wav");
    model.preview().select(4);
    ASSERT_TRUE(model.playPreview());
    ASSERT_TRUE(
        pumpUntil(std::chrono::seconds(3), [&] { return engine->snapshot().preview.positionSeconds > 1.0; }));
    const session::SessionSnapshot during = engine->snapshot();
    EXPECT_TRUE(during.preview.playing);
    EXPECT_EQ(during.preview.track, (session::TrackRef{session::TrackRole::Phase, 1, 0, -1}));
    EXPECT_EQ(during.currentTrack, (session::TrackRef{session::TrackRole::Phase, 0, 0, -1}))
        << "the session plays its own track on";
    EXPECT_GT(model.preview().fraction(), 0.1);
    EXPECT_EQ(model.preview().status(), "Previewing peak-a.wav");
    EXPECT_EQ(followers->link(FollowerOutput::Preview).underruns(), 0u);
    EXPECT_EQ(journalLines("operator_action", "action", "preview"), 1);

    previewDevice->simulateDeviceLoss(audio::SimulatedLoss::DeviceStaysAway);
    ASSERT_TRUE(pumpUntil(std::chrono::seconds(2), [&] { return previewAlert() != nullptr; }));
    EXPECT_NE(previewAlert()->message.find("session plays on"), std::string::npos) << previewAlert()->message;
    EXPECT_EQ(model.preview().status(), "Preview output lost");
    EXPECT_EQ(journalLines("fault", "fault", "preview_output_lost"), 1);
    const double lostAt = engine->snapshot().sessionSeconds;
    ASSERT_TRUE(
        pumpUntil(std::chrono::seconds(3), [&] { return engine->snapshot().sessionSeconds > lostAt + 1.0; }));
    EXPECT_TRUE(engine->snapshot().deviceConnected);
    previewDevice->endSimulatedDeviceLoss();
    ASSERT_TRUE(pumpUntil(std::chrono::seconds(3), [&] { return previewAlert()->cleared; }));

    ASSERT_TRUE(model.stopPreview());
    ASSERT_TRUE(pumpUntil(std::chrono::seconds(2), [&] { return !engine->snapshot().preview.playing; }));
    EXPECT_EQ(journalLines("operator_action", "action", "preview_stop"), 1);
}

}  // namespace
}  // namespace stillpoint::live
