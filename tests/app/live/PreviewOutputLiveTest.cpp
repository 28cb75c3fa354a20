// The preview output in a live session, in real time on OpenAL Soft's null devices: the patient's output
// pulls every output from the engine, the preview's device follows its clock. A preview chosen on the
// panel model plays and moves on while the session plays on; losing the preview's device alerts the
// operator ("Preview output lost") and is journaled while the headphones play on.
#include <gtest/gtest.h>

#include "app/live/FollowerOutputLiveSession.h"

namespace stillpoint::live {
namespace {

class PreviewOutputLive : public testing::FollowerOutputLiveSession {
protected:
    PreviewOutputLive() : FollowerOutputLiveSession(FollowerOutput::Preview, "PV-1") {}
    void configureFollower(session::SessionOptions& options) override { options.preview.enabled = true; }
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

    followerDevice->simulateDeviceLoss(audio::SimulatedLoss::DeviceStaysAway);
    ASSERT_TRUE(pumpUntil(std::chrono::seconds(2), [&] { return followerLostAlert() != nullptr; }));
    EXPECT_NE(followerLostAlert()->message.find("session plays on"), std::string::npos)
        << followerLostAlert()->message;
    EXPECT_EQ(model.preview().status(), "Preview output lost");
    EXPECT_EQ(journalLines("fault", "fault", "preview_output_lost"), 1);
    const double lostAt = engine->snapshot().sessionSeconds;
    ASSERT_TRUE(
        pumpUntil(std::chrono::seconds(3), [&] { return engine->snapshot().sessionSeconds > lostAt + 1.0; }));
    EXPECT_TRUE(engine->snapshot().deviceConnected);
    followerDevice->endSimulatedDeviceLoss();
    ASSERT_TRUE(pumpUntil(std::chrono::seconds(3), [&] { return followerLostAlert()->cleared; }));

    ASSERT_TRUE(model.stopPreview());
    ASSERT_TRUE(pumpUntil(std::chrono::seconds(2), [&] { return !engine->snapshot().preview.playing; }));
    EXPECT_EQ(journalLines("operator_action", "action", "preview_stop"), 1);
}

}  // namespace
}  // namespace stillpoint::live
