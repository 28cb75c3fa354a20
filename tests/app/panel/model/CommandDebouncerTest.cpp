#include <gtest/gtest.h>

#include "panel/model/CommandDebouncer.h"

using namespace stillpoint::panel;
using namespace std::chrono_literals;

namespace {
const CommandDebouncer::Clock::time_point t0{std::chrono::seconds(100)};
}

TEST(CommandDebouncer, DoublePressWithinWindowTriggersOnce) {
    CommandDebouncer debouncer(400ms);
    EXPECT_TRUE(debouncer.accept(PanelCommand::AdvancePhase, t0));
    EXPECT_FALSE(debouncer.accept(PanelCommand::AdvancePhase, t0 + 120ms));
    EXPECT_FALSE(debouncer.accept(PanelCommand::AdvancePhase, t0 + 399ms));
}

TEST(CommandDebouncer, PressAfterWindowTriggersAgain) {
    CommandDebouncer debouncer(400ms);
    EXPECT_TRUE(debouncer.accept(PanelCommand::SkipTrack, t0));
    EXPECT_TRUE(debouncer.accept(PanelCommand::SkipTrack, t0 + 400ms));
}

TEST(CommandDebouncer, RapidBurstTriggersOncePerWindowNotPerGap) {
    // Presses 300 ms apart: each is within the window of the previous press, but the window is measured
    // from the last accepted one, so the fourth (900 ms after the first accepted) gets through.
    CommandDebouncer debouncer(400ms);
    EXPECT_TRUE(debouncer.accept(PanelCommand::ExtendPhase, t0));
    EXPECT_FALSE(debouncer.accept(PanelCommand::ExtendPhase, t0 + 300ms));
    EXPECT_TRUE(debouncer.accept(PanelCommand::ExtendPhase, t0 + 600ms));
    EXPECT_FALSE(debouncer.accept(PanelCommand::ExtendPhase, t0 + 900ms));
}

TEST(CommandDebouncer, DifferentCommandsDoNotBlockEachOther) {
    CommandDebouncer debouncer(400ms);
    EXPECT_TRUE(debouncer.accept(PanelCommand::AdvancePhase, t0));
    EXPECT_TRUE(debouncer.accept(PanelCommand::Grounding, t0 + 10ms));
}

TEST(CommandDebouncer, VolumeStepsAreNeverDropped) {
    CommandDebouncer debouncer(400ms);
    EXPECT_TRUE(debouncer.accept(PanelCommand::VolumeUp, t0));
    EXPECT_TRUE(debouncer.accept(PanelCommand::VolumeUp, t0 + 50ms));
    EXPECT_TRUE(debouncer.accept(PanelCommand::VolumeDown, t0 + 60ms));
}
