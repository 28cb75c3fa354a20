// The level check's state before the start: one output at a time, only with consent, the session waits
// while it plays, and every check ends up in the setup record with its output, device, level and who
// stopped it when.
#include "panel/model/LevelCheck.h"

#include <gtest/gtest.h>

#include "panel/model/SetupCheck.h"

namespace stillpoint::panel {
namespace {

using State = LevelCheckPlayer::State;

LevelCheckPlayer::Status statusOf(State state, double played = 0.0, std::string error = {}) {
    LevelCheckPlayer::Status made;
    made.state = state;
    made.playedSeconds = played;
    made.error = std::move(error);
    return made;
}

class FakePlayer final : public LevelCheckPlayer {
public:
    void play(SetupOutput output, const std::string& device) override {
        ++plays;
        lastOutput = output;
        lastDevice = device;
        now = statusOf(State::Preparing);
    }
    void fadeOut() override {
        ++fadeOuts;
        if (now.state == State::Playing) now.state = State::FadingOut;
    }
    Status status() override { return now; }
    void playing(double seconds) { now = {State::Playing, seconds, "", 0.6, -6.0, 2.5}; }

    Status now;
    int plays = 0;
    int fadeOuts = 0;
    SetupOutput lastOutput = SetupOutput::Patient;
    std::string lastDevice;
};

class LevelCheckTest : public ::testing::Test {
protected:
    LevelCheckTest() {
        setup.patientId = "KX-1";
        setup.clinician = "Dr A";
        setup.musicConsent = MusicConsent::Yes;
        setup.outputDevice = "Headphones";
    }
    std::chrono::system_clock::time_point at(int seconds) const {
        return std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000 + seconds));
    }

    FakePlayer player;
    SessionSetup setup;
    int clock = 0;
    LevelCheck check{player, setup, "Dawn", "/music/dawn.flac", 25.0, [this] { return at(clock); }};
};

TEST_F(LevelCheckTest, PlaysOnTheChosenDeviceAndTheSessionWaitsUntilItHasFadedOut) {
    ASSERT_TRUE(check.play(SetupOutput::Patient));
    EXPECT_EQ(player.lastDevice, "Headphones");
    EXPECT_TRUE(check.active());
    EXPECT_NE(check.statusLine().find("Preparing"), std::string::npos);
    EXPECT_FALSE(checkSetup(setup).canStart) << "no session on top of the check";
    player.playing(4.0);
    check.update();
    EXPECT_EQ(check.statusLine(), "Headphones at 60 %, ceiling -6 dBFS: 21 s left");
    clock = 5;
    check.stop();
    EXPECT_EQ(player.fadeOuts, 1);
    check.update();
    EXPECT_TRUE(check.active()) << "until its fade is over";
    EXPECT_TRUE(check.fadingOut());
    EXPECT_FALSE(checkSetup(setup).canStart);
    clock = 7;
    player.now = statusOf(State::Finished, 5.2);
    check.update();
    EXPECT_FALSE(check.active());
    EXPECT_TRUE(checkSetup(setup).canStart);
    ASSERT_EQ(setup.levelChecks.size(), 1u);
    const auto& record = setup.levelChecks[0];
    EXPECT_EQ(record.output, "patient");
    EXPECT_EQ(record.device, "Headphones");
    EXPECT_EQ(record.track, "Dawn");
    EXPECT_EQ(record.trackFile, "/music/dawn.flac");
    EXPECT_DOUBLE_EQ(record.volume, 0.6);
    EXPECT_DOUBLE_EQ(record.ceilingDbfs, -6.0);
    EXPECT_DOUBLE_EQ(record.trackGainDb, 2.5);
    EXPECT_EQ(record.started, at(0));
    EXPECT_EQ(record.stopped, at(5)) << "when Stop was pressed";
    EXPECT_DOUBLE_EQ(record.playedSeconds, 5.2);
    EXPECT_EQ(record.stoppedBy, "operator");
    EXPECT_EQ(check.statusLine(), "Headphones: played 5 s at 60 %, ceiling -6 dBFS, stopped");
}

TEST_F(LevelCheckTest, AnExcerptThatEndsByItselfIsRecordedAsFinished) {
    ASSERT_TRUE(check.play(SetupOutput::Patient));
    player.playing(24.9);
    check.update();
    clock = 25;
    player.now = statusOf(State::Finished, 25.0);
    check.update();
    ASSERT_EQ(setup.levelChecks.size(), 1u);
    EXPECT_EQ(setup.levelChecks[0].stoppedBy, "finished");
    EXPECT_EQ(setup.levelChecks[0].stopped, at(25));
    EXPECT_EQ(player.fadeOuts, 0);
}

TEST_F(LevelCheckTest, OneOutputAtATimeAndTheRoomOnlyWithADevice) {
    EXPECT_TRUE(check.cannotPlay(SetupOutput::Room)) << "no room device chosen";
    EXPECT_FALSE(check.play(SetupOutput::Room));
    setup.roomOutputDevice = "Speakers";
    ASSERT_TRUE(check.play(SetupOutput::Room));
    EXPECT_EQ(player.lastOutput, SetupOutput::Room);
    EXPECT_EQ(player.lastDevice, "Speakers");
    EXPECT_TRUE(check.cannotPlay(SetupOutput::Patient));
    EXPECT_FALSE(check.play(SetupOutput::Patient));
    EXPECT_EQ(player.plays, 1);
}

TEST_F(LevelCheckTest, NothingPlaysWithoutConsentToMusic) {
    for (auto consent : {MusicConsent::Unanswered, MusicConsent::No}) {
        setup.musicConsent = consent;
        EXPECT_TRUE(check.cannotPlay(SetupOutput::Patient));
        EXPECT_FALSE(check.play(SetupOutput::Patient));
    }
    EXPECT_EQ(player.plays, 0);
}

TEST_F(LevelCheckTest, ChangingTheOutputWhileItPlaysFadesItOut) {
    ASSERT_TRUE(check.play(SetupOutput::Patient));
    player.playing(3.0);
    check.update();
    setup.outputDevice = "Other headphones";
    check.update();
    EXPECT_EQ(player.fadeOuts, 1);
    player.now = statusOf(State::Finished, 4.0);
    check.update();
    ASSERT_EQ(setup.levelChecks.size(), 1u);
    EXPECT_EQ(setup.levelChecks[0].stoppedBy, "output changed");
    EXPECT_EQ(setup.levelChecks[0].device, "Headphones");
}

TEST_F(LevelCheckTest, ADeviceThatFailsIsSaidAndRecorded) {
    ASSERT_TRUE(check.play(SetupOutput::Patient));
    player.now = statusOf(State::Failed, 0.0, "the device \"Headphones\" cannot be opened");
    check.update();
    EXPECT_FALSE(check.active());
    EXPECT_TRUE(checkSetup(setup).canStart);
    ASSERT_EQ(setup.levelChecks.size(), 1u);
    EXPECT_EQ(setup.levelChecks[0].stoppedBy, "failed: the device \"Headphones\" cannot be opened");
    EXPECT_NE(check.statusLine().find("could not play"), std::string::npos);
}

}  // namespace
}  // namespace stillpoint::panel
