// The preview controls as the operator meets them, driven through the panel model with a fake session:
// what each choice names, play and stop, the position bar's figures, and nothing sent without a preview
// output.
#include <gtest/gtest.h>

#include "PanelFakes.h"
#include "panel/model/OperatorPanelModel.h"

using namespace stillpoint::panel;
using stillpoint::session::Action;
using stillpoint::session::PreviewChoice;
using stillpoint::session::PreviewFrom;
using stillpoint::session::SessionSnapshot;
using stillpoint::session::SessionState;
using stillpoint::session::TrackRef;
using stillpoint::session::TrackRole;
using namespace std::chrono_literals;

namespace {

class PreviewControlsTest : public ::testing::Test, protected fakes::FakePanel {
protected:
    // The onset's first track playing; next is its second, the alternate its calmer one.
    SessionSnapshot playing(bool withPreview = true) {
        SessionSnapshot snapshot;
        snapshot.state = SessionState::Playing;
        snapshot.phase = 1;
        snapshot.phaseCount = 4;
        snapshot.currentTrack = TrackRef{TrackRole::Phase, 1, 0, -1};
        snapshot.preview.available = withPreview;
        if (withPreview) {
            snapshot.preview.candidates[0] = TrackRef{TrackRole::Phase, 1, 1, -1};
            snapshot.preview.candidates[1] = TrackRef{TrackRole::Alternate, 1, 0, 0};
            snapshot.preview.candidates[2] = TrackRef{TrackRole::Grounding, -1, -1, -1};
        }
        return snapshot;
    }

    void start(const SessionSnapshot& snapshot) {
        fakes::fillSetup(model);
        ASSERT_TRUE(model.start());
        model.update(snapshot);
        manualClock.advance(1s);
        fakeSession.calls.clear();
    }
};

}  // namespace

TEST_F(PreviewControlsTest, EachChoiceNamesTheTrackItWouldPlayNowThenEveryTrackOfTheProgram) {
    start(playing());
    const auto& options = model.preview().options();
    ASSERT_EQ(options.size(),
              3u + 4u * 2u * 2u);  // three choices, then 4 phases x 2 tracks x (track + calmer)
    EXPECT_EQ(options[0].label, "Next track: onset-2.flac");
    EXPECT_EQ(options[1].label, "Calmer alternate: onset calmer");
    EXPECT_EQ(options[2].label, "Grounding: Grounding");
    EXPECT_EQ(options[3].label, "settling 1: settling opening");
    EXPECT_EQ(options[4].label, "settling 1 (calmer 1): settling calmer");
    EXPECT_EQ(options[5].label, "settling 2: settling-2.flac");
    for (const auto& option : options) EXPECT_TRUE(option.playable) << option.label;
    // The session moves on: the next track is now another, and there is no alternate any more.
    SessionSnapshot later = playing();
    later.preview.candidates[0] = TrackRef{TrackRole::Phase, 2, 0, -1};
    later.preview.candidates[1] = {};
    model.update(later);
    EXPECT_EQ(options[0].label, "Next track: peak opening");
    EXPECT_EQ(options[1].label, "Calmer alternate: none");
    EXPECT_FALSE(options[1].playable);
}

TEST_F(PreviewControlsTest, PlaySendsTheSelectedChoiceFromWhereChosenAndStopStopsIt) {
    start(playing());
    model.preview().select(1);
    EXPECT_TRUE(model.playPreview());
    model.preview().select(6);  // settling 2 (calmer 1)
    model.preview().setFrom(PreviewFrom::FileStart);
    manualClock.advance(1s);
    EXPECT_TRUE(model.command(Action::Preview));
    EXPECT_EQ(fakeSession.calls,
              (std::vector<std::string>{"preview alternate entry", "preview track 0.1.0 start"}));
    // Nothing plays yet in the snapshot: stop has nothing to stop.
    EXPECT_FALSE(model.stopPreview());
    SessionSnapshot previewing = playing();
    previewing.preview.playing = true;
    previewing.preview.track = TrackRef{TrackRole::Alternate, 0, 1, 0};
    previewing.preview.positionSeconds = 75.0;
    previewing.preview.durationSeconds = 300.0;
    model.update(previewing);
    EXPECT_TRUE(model.preview().playing());
    EXPECT_EQ(model.preview().status(), "Previewing settling calmer");
    EXPECT_DOUBLE_EQ(model.preview().fraction(), 0.25);
    EXPECT_EQ(model.preview().position(), "1:15 / 5:00");
    EXPECT_TRUE(model.stopPreview());
    EXPECT_EQ(fakeSession.calls.back(), "preview_stop");
    model.setPreviewVolume(1.7);
    EXPECT_EQ(fakeSession.calls.back(), "set_preview_volume");
    EXPECT_DOUBLE_EQ(fakeSession.lastVolume, 1.0);
    // A double press is one preview.
    manualClock.advance(1s);
    fakeSession.calls.clear();
    EXPECT_TRUE(model.playPreview());
    EXPECT_FALSE(model.playPreview());
    EXPECT_EQ(fakeSession.calls.size(), 1u);
}

TEST_F(PreviewControlsTest, WithoutAPreviewOutputItSaysSoAndSendsNothing) {
    start(playing(false));
    EXPECT_FALSE(model.preview().available());
    EXPECT_EQ(model.preview().status(), "No preview output");
    EXPECT_FALSE(model.preview().canPlay());
    EXPECT_FALSE(model.playPreview());
    EXPECT_FALSE(model.stopPreview());
    model.setPreviewVolume(0.5);
    EXPECT_TRUE(fakeSession.calls.empty());
    EXPECT_NE(model.feedback().find("No preview output"), std::string::npos) << model.feedback();
}

TEST_F(PreviewControlsTest, AChoiceThatNamesNothingIsNotSentAndALostDeviceIsShown) {
    SessionSnapshot snapshot = playing();
    snapshot.preview.candidates[1] = {};
    start(snapshot);
    model.preview().select(1);
    EXPECT_FALSE(model.playPreview());
    EXPECT_TRUE(fakeSession.calls.empty());
    EXPECT_NE(model.feedback().find("Calmer alternate: none"), std::string::npos) << model.feedback();
    snapshot.preview.deviceConnected = false;
    model.update(snapshot);
    EXPECT_EQ(model.preview().status(), "Preview output lost");
}
