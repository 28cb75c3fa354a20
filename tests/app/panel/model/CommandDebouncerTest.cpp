#include <gtest/gtest.h>

#include "panel/model/CommandDebouncer.h"

using namespace stillpoint::panel;
using stillpoint::session::Action;
using namespace std::chrono_literals;

namespace {
const CommandDebouncer::Clock::time_point t0{std::chrono::seconds(100)};
}

TEST(CommandDebouncer, DoublePressWithinWindowTriggersOnce) {
    CommandDebouncer debouncer(400ms);
    EXPECT_TRUE(debouncer.accept(Action::AdvancePhase, t0));
    EXPECT_FALSE(debouncer.accept(Action::AdvancePhase, t0 + 120ms));
    EXPECT_FALSE(debouncer.accept(Action::AdvancePhase, t0 + 399ms));
}

TEST(CommandDebouncer, PressAfterWindowTriggersAgain) {
    CommandDebouncer debouncer(400ms);
    EXPECT_TRUE(debouncer.accept(Action::SkipTrack, t0));
    EXPECT_TRUE(debouncer.accept(Action::SkipTrack, t0 + 400ms));
}

TEST(CommandDebouncer, RapidBurstTriggersOncePerWindowNotPerGap) {
    // Presses 300 ms apart: each is within the window of the previous press, but the window is measured
    // from the last accepted one, so the fourth (900 ms after the first accepted) gets through.
    CommandDebouncer debouncer(400ms);
    EXPECT_TRUE(debouncer.accept(Action::ExtendPhase, t0));
    EXPECT_FALSE(debouncer.accept(Action::ExtendPhase, t0 + 300ms));
    EXPECT_TRUE(debouncer.accept(Action::ExtendPhase, t0 + 600ms));
    EXPECT_FALSE(debouncer.accept(Action::ExtendPhase, t0 + 900ms));
}

TEST(CommandDebouncer, DifferentCommandsDoNotBlockEachOther) {
    CommandDebouncer debouncer(400ms);
    EXPECT_TRUE(debouncer.accept(Action::AdvancePhase, t0));
    EXPECT_TRUE(debouncer.accept(Action::PlayGrounding, t0 + 10ms));
}

TEST(CommandDebouncer, VolumeStepsAreNeverDropped) {
    CommandDebouncer debouncer(400ms);
    EXPECT_TRUE(debouncer.accept(Action::SetMasterVolume, t0));
    EXPECT_TRUE(debouncer.accept(Action::SetMasterVolume, t0 + 50ms));
    EXPECT_TRUE(debouncer.accept(Action::SetMasterVolume, t0 + 60ms));
}

TEST(CommandDebouncer, TheTwoHalvesOfAToggleAreOneCommand) {
    // A double press of H must not hold and at once release: hold and release hold share the window.
    CommandDebouncer debouncer(400ms);
    EXPECT_TRUE(debouncer.accept(Action::Hold, t0));
    EXPECT_FALSE(debouncer.accept(Action::ReleaseHold, t0 + 100ms));
    EXPECT_TRUE(debouncer.accept(Action::ReleaseHold, t0 + 400ms));
    EXPECT_TRUE(debouncer.accept(Action::Silence, t0 + 410ms));
    EXPECT_FALSE(debouncer.accept(Action::Resume, t0 + 500ms));
}
