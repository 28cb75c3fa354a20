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
    EXPECT_EQ(hotkeyFor(letter('e'))->command, PanelCommand::ExtendPhase);
    EXPECT_EQ(hotkeyFor(letter('h'))->command, PanelCommand::ToggleHold);
    EXPECT_EQ(hotkeyFor(letter('s'))->command, PanelCommand::SkipTrack);
    EXPECT_EQ(hotkeyFor(letter('a'))->command, PanelCommand::CalmerAlternate);
    EXPECT_EQ(hotkeyFor(letter('m'))->command, PanelCommand::ToggleSilence);
    EXPECT_EQ(hotkeyFor(letter('e'))->kind, Hotkey::Kind::Command);
}

TEST(PanelHotkeys, AdvanceEndAndGroundingTakeCtrl) {
    for (const auto& [key, command] : {std::pair{letter('n', true), PanelCommand::AdvancePhase},
                                       std::pair{letter('g', true), PanelCommand::Grounding}}) {
        const auto hotkey = hotkeyFor(key);
        ASSERT_TRUE(hotkey.has_value());
        EXPECT_EQ(hotkey->kind, Hotkey::Kind::Command);
        EXPECT_EQ(hotkey->command, command);
    }
    KeyPress ctrlEnd = named(NamedKey::End);
    ctrlEnd.ctrl = true;
    EXPECT_EQ(hotkeyFor(ctrlEnd)->kind, Hotkey::Kind::Command);
    EXPECT_EQ(hotkeyFor(ctrlEnd)->command, PanelCommand::EndSession);
    // The plain keys only say which chord to use.
    EXPECT_EQ(hotkeyFor(letter('n'))->kind, Hotkey::Kind::NeedsCtrl);
    EXPECT_EQ(hotkeyFor(letter('g'))->kind, Hotkey::Kind::NeedsCtrl);
    EXPECT_EQ(hotkeyFor(named(NamedKey::End))->kind, Hotkey::Kind::NeedsCtrl);
}

TEST(PanelHotkeys, NoLetterATypistUsesAdvancesOrEnds) {
    for (char c = 'a'; c <= 'z'; ++c) {
        const auto hotkey = hotkeyFor(letter(c));
        if (!hotkey || hotkey->kind != Hotkey::Kind::Command) continue;
        EXPECT_NE(hotkey->command, PanelCommand::AdvancePhase) << c;
        EXPECT_NE(hotkey->command, PanelCommand::EndSession) << c;
        EXPECT_NE(hotkey->command, PanelCommand::Grounding) << c;
    }
}

TEST(PanelHotkeys, SpaceIsTalkOverAndArrowsAreVolume) {
    EXPECT_EQ(hotkeyFor(named(NamedKey::Space))->kind, Hotkey::Kind::TalkOver);
    EXPECT_EQ(hotkeyFor(named(NamedKey::Up))->command, PanelCommand::VolumeUp);
    EXPECT_EQ(hotkeyFor(named(NamedKey::Down))->command, PanelCommand::VolumeDown);
}

TEST(PanelHotkeys, CtrlQRequestsTheEndAndOtherChordsDoNothing) {
    EXPECT_EQ(hotkeyFor(letter('q', true))->command, PanelCommand::EndSession);
    EXPECT_FALSE(hotkeyFor(letter('q')).has_value());  // plain q in the panel does nothing
    EXPECT_FALSE(hotkeyFor(letter('e', true)).has_value());
    EXPECT_FALSE(hotkeyFor(letter('1', true)).has_value());
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
    EXPECT_STREQ(hotkeyLabel(PanelCommand::AdvancePhase), "Ctrl+N");
    EXPECT_STREQ(hotkeyLabel(PanelCommand::ExtendPhase), "E");
    EXPECT_STREQ(hotkeyLabel(MarkerKind::Distress), "5");
}
