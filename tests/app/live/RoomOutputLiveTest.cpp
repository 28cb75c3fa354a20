// The room speakers in a live session, in real time on OpenAL Soft's null devices: the patient's output
// pulls both outputs from the engine, the room's follows its clock. Losing the room's device alerts the
// operator ("room output lost") and is journaled while the headphones play on; when the device is back it
// rejoins in step.
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

class RoomOutputLive : public ::testing::Test {
protected:
    static void SetUpTestSuite() { setenv("ALSOFT_DRIVERS", "null", 0); }

    void SetUp() override {
        session::SessionOptions options;
        options.loudnessCacheFile = folder.path() / "loudness.json";
        options.room.enabled = true;
        options.room.initialVolume = 0.5;
        engine = std::make_unique<session::SessionEngine>(program, options);
        room = std::make_unique<FollowerOutputs>(*engine, options.sampleRate, 2048, true, false);
        recorder = std::make_unique<panel::JournalRecorder>(folder.path() / "sessions", program);
        controller = std::make_unique<SessionController>(
            program, *engine, *recorder, [this](session::SessionEngine&, const std::string& device) {
                return std::make_unique<audio::LiveOutput>(room->leader(),
                                                           audio::OutputOptions{.deviceName = device});
            });
        auto& setup = controller->model().setup();
        setup.patientId = "RM-1";
        setup.clinician = "Dr. Test";
        setup.musicConsent = panel::MusicConsent::Yes;
        setup.outputDevice = "null";
        controller->openOutput("null");
        roomDevice = std::make_unique<audio::LiveOutput>(room->follower(FollowerOutput::Room),
                                                         audio::OutputOptions{.deviceName = "null"});
        roomDevice->start();
    }

    void TearDown() override {
        roomDevice->stop();
        controller->stopOutput();
    }

    // The player's loop, every 100 ms, until `done` or `span` has passed.
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

    const panel::Alert* roomAlert() const {
        for (const auto& alert : controller->model().alerts().alerts())
            if (alert.kind == panel::AlertKind::RoomOutputLost) return &alert;
        return nullptr;
    }

    int journalLines(const std::string& type) const {
        int count = 0;
        for (const auto& line : journal::readJournal(recorder->journal()->file()).events)
            if (line.event.value("type", "") == type && line.event.value("fault", "") == "room_output_lost")
                ++count;
        return count;
    }

    journal::testing::TempFolder folder;
    program::Program program = journal::testing::makeRenderedProgram(folder.path(), true);
    std::unique_ptr<session::SessionEngine> engine;
    std::unique_ptr<FollowerOutputs> room;
    std::unique_ptr<panel::JournalRecorder> recorder;
    std::unique_ptr<SessionController> controller;
    std::unique_ptr<audio::LiveOutput> roomDevice;
};

TEST_F(RoomOutputLive, LosingTheRoomAlertsAndTheHeadphonesPlayOnThenItRejoinsInStep) {
    ASSERT_TRUE(controller->model().start());
    ASSERT_TRUE(pumpUntil(std::chrono::seconds(5), [&] { return engine->snapshot().sessionSeconds > 1.5; }));
    // The room follows, never dry, near its place. Live, the level is measured from the feeders' wake
    // times (every 2 ms) and is still settling in these first seconds: within 25 ms here. The 5 ms over
    // hours are shown on the controller itself (FollowerLinkTest).
    const double kLiveTolerance = 0.025 * 48000;
    EXPECT_LT(std::abs(room->link(FollowerOutput::Room).offsetFrames()), kLiveTolerance);
    EXPECT_EQ(room->link(FollowerOutput::Room).underruns(), 0u);
    EXPECT_EQ(roomAlert(), nullptr);

    roomDevice->simulateDeviceLoss(audio::SimulatedLoss::DeviceStaysAway);
    const auto unplugged = Clock::now();
    ASSERT_TRUE(pumpUntil(std::chrono::seconds(2), [&] { return roomAlert() != nullptr; }));
    EXPECT_LT(std::chrono::duration<double>(Clock::now() - unplugged).count(), 1.0);
    EXPECT_NE(roomAlert()->message.find("Room output lost"), std::string::npos) << roomAlert()->message;
    EXPECT_NE(roomAlert()->message.find("headphones play on"), std::string::npos) << roomAlert()->message;
    EXPECT_EQ(journalLines("fault"), 1);
    // The patient's output is not touched: connected, its clock going on.
    const double lostAt = engine->snapshot().sessionSeconds;
    ASSERT_TRUE(
        pumpUntil(std::chrono::seconds(3), [&] { return engine->snapshot().sessionSeconds > lostAt + 1.0; }));
    EXPECT_TRUE(engine->snapshot().deviceConnected);
    EXPECT_FALSE(controller->model().display().clockPaused);

    roomDevice->endSimulatedDeviceLoss();
    ASSERT_TRUE(pumpUntil(std::chrono::seconds(3), [&] { return roomAlert()->cleared; }));
    EXPECT_EQ(journalLines("fault_cleared"), 1);
    // Back in step: it rejoined at the leader's frames and settles on its target.
    const std::uint64_t underrunsBefore = room->link(FollowerOutput::Room).underruns();
    pumpUntil(std::chrono::milliseconds(1500), [] { return false; });
    EXPECT_LT(std::abs(room->link(FollowerOutput::Room).offsetFrames()), kLiveTolerance);
    EXPECT_EQ(room->link(FollowerOutput::Room).underruns(), underrunsBefore);
}

}  // namespace
}  // namespace stillpoint::live
