#include <gtest/gtest.h>

#include "panel/model/PanelHotkeys.h"

using namespace stillpoint::panel;

namespace {
KeyPress letter(char c, bool ctrl = false) {
    KeyPress key;
    key.character = c;
    key.ctrl = ctrl;
    return key;
}
KeyPress named(NamedKey k) {
    KeyPress key;
    key.named = k;
    return key;
}
}  // namespace

TEST(PanelHotkeys, LettersNamedAfterTheirAction) {
    EXPECT_EQ(hotkeyFor(letter('n'))->command, PanelCommand::AdvancePhase);
    EXPECT_EQ(hotkeyFor(letter('e'))->command, PanelCommand::ExtendPhase);
    EXPECT_EQ(hotkeyFor(letter('h'))->command, PanelCommand::ToggleHold);
    EXPECT_EQ(hotkeyFor(letter('s'))->command, PanelCommand::SkipTrack);
    EXPECT_EQ(hotkeyFor(letter('a'))->command, PanelCommand::CalmerAlternate);
    EXPECT_EQ(hotkeyFor(letter('g'))->command, PanelCommand::Grounding);
    EXPECT_EQ(hotkeyFor(letter('m'))->command, PanelCommand::ToggleSilence);
}

TEST(PanelHotkeys, SpaceIsTalkOverAndArrowsAreVolume) {
    EXPECT_EQ(hotkeyFor(named(NamedKey::Space))->kind, Hotkey::Kind::TalkOver);
    EXPECT_EQ(hotkeyFor(named(NamedKey::Up))->command, PanelCommand::VolumeUp);
    EXPECT_EQ(hotkeyFor(named(NamedKey::Down))->command, PanelCommand::VolumeDown);
}

TEST(PanelHotkeys, EndAndCtrlQRequestTheEnd) {
    EXPECT_EQ(hotkeyFor(named(NamedKey::End))->command, PanelCommand::EndSession);
    EXPECT_EQ(hotkeyFor(letter('q', true))->command, PanelCommand::EndSession);
    EXPECT_FALSE(hotkeyFor(letter('q')).has_value());  // plain q in the panel does nothing
    EXPECT_FALSE(hotkeyFor(letter('n', true)).has_value());
}

TEST(PanelHotkeys, DigitsOneToSixAreMarkers) {
    const auto dose = hotkeyFor(letter('1'));
    ASSERT_TRUE(dose.has_value());
    EXPECT_EQ(dose->kind, Hotkey::Kind::Marker);
    EXPECT_EQ(dose->marker, MarkerKind::DoseGiven);
    EXPECT_EQ(hotkeyFor(letter('5'))->marker, MarkerKind::Distress);
    EXPECT_EQ(hotkeyFor(letter('6'))->marker, MarkerKind::Custom);
    EXPECT_FALSE(hotkeyFor(letter('7')).has_value());
    EXPECT_FALSE(hotkeyFor(letter('0')).has_value());
}

TEST(PanelHotkeys, ButtonLabelsMatchTheTable) {
    EXPECT_STREQ(hotkeyLabel(PanelCommand::AdvancePhase), "N");
    EXPECT_STREQ(hotkeyLabel(MarkerKind::Distress), "5");
}
