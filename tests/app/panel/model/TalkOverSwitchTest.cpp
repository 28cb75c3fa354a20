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
