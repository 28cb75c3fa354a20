#include <gtest/gtest.h>

#include "panel/model/TalkOverSwitch.h"

using namespace stillpoint::panel;
using namespace std::chrono_literals;

namespace {
const TalkOverSwitch::Clock::time_point t0{std::chrono::seconds(50)};
}

TEST(TalkOverSwitch, HoldTalksWhileHeldAndRestoresOnRelease) {
    TalkOverSwitch talkOver(500ms);
    EXPECT_EQ(talkOver.pressed(t0), true);
    EXPECT_EQ(talkOver.pressed(t0 + 600ms), std::nullopt);  // auto-repeat while held
    EXPECT_EQ(talkOver.released(t0 + 3s), false);
    EXPECT_FALSE(talkOver.on());
}

TEST(TalkOverSwitch, TapTogglesOnThenTapTogglesOff) {
    TalkOverSwitch talkOver(500ms);
    EXPECT_EQ(talkOver.pressed(t0), true);
    EXPECT_EQ(talkOver.released(t0 + 150ms), std::nullopt);
    EXPECT_TRUE(talkOver.on());
    EXPECT_EQ(talkOver.pressed(t0 + 10s), false);
    EXPECT_EQ(talkOver.released(t0 + 10s + 100ms), std::nullopt);
    EXPECT_FALSE(talkOver.on());
}

TEST(TalkOverSwitch, ReleaseWithoutPressDoesNothing) {
    TalkOverSwitch talkOver(500ms);
    EXPECT_EQ(talkOver.released(t0), std::nullopt);
    EXPECT_FALSE(talkOver.on());
}

TEST(TalkOverSwitch, MouseHoldBehavesLikeKeyHold) {
    TalkOverSwitch talkOver(500ms);
    EXPECT_EQ(talkOver.pressed(t0, PressSource::Mouse), true);
    EXPECT_EQ(talkOver.released(t0 + 2s, PressSource::Mouse), false);
    EXPECT_FALSE(talkOver.on());
    // And a key hold afterwards still works: the mouse left nothing held down.
    EXPECT_EQ(talkOver.pressed(t0 + 5s, PressSource::Key), true);
    EXPECT_EQ(talkOver.released(t0 + 7s, PressSource::Key), false);
}

TEST(TalkOverSwitch, MouseTapTogglesLikeKeyTap) {
    TalkOverSwitch talkOver(500ms);
    EXPECT_EQ(talkOver.pressed(t0, PressSource::Mouse), true);
    EXPECT_EQ(talkOver.released(t0 + 100ms, PressSource::Mouse), std::nullopt);
    EXPECT_TRUE(talkOver.on());
    EXPECT_EQ(talkOver.pressed(t0 + 3s, PressSource::Key), false);  // a key tap turns it off
    EXPECT_EQ(talkOver.released(t0 + 3s + 100ms, PressSource::Key), std::nullopt);
    EXPECT_FALSE(talkOver.on());
}

TEST(TalkOverSwitch, KeyAndMouseTogetherAreOnePressEndingWithTheLastRelease) {
    TalkOverSwitch talkOver(500ms);
    EXPECT_EQ(talkOver.pressed(t0, PressSource::Key), true);
    EXPECT_EQ(talkOver.pressed(t0 + 100ms, PressSource::Mouse), std::nullopt);
    EXPECT_EQ(talkOver.released(t0 + 1s, PressSource::Key), std::nullopt);  // the mouse still holds it
    EXPECT_TRUE(talkOver.on());
    EXPECT_EQ(talkOver.released(t0 + 2s, PressSource::Mouse), false);
    EXPECT_FALSE(talkOver.down());
}

TEST(TalkOverSwitch, ReleaseOfTheOtherSourceChangesNothing) {
    TalkOverSwitch talkOver(500ms);
    EXPECT_EQ(talkOver.pressed(t0, PressSource::Key), true);
    EXPECT_EQ(talkOver.released(t0 + 2s, PressSource::Mouse), std::nullopt);
    EXPECT_TRUE(talkOver.down(PressSource::Key));
    EXPECT_EQ(talkOver.released(t0 + 2s, PressSource::Key), false);
}

TEST(TalkOverSwitch, AdoptsTheSessionsStateOnlyBetweenPresses) {
    TalkOverSwitch talkOver(500ms);
    talkOver.adopt(true);
    EXPECT_TRUE(talkOver.on());
    EXPECT_EQ(talkOver.pressed(t0), false);  // the first tap after a resume with talk-over on ends it
    talkOver.adopt(true);                    // ignored while held
    EXPECT_FALSE(talkOver.on());
}
