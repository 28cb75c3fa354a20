#include <gtest/gtest.h>

#include <string>

#include "panel/model/PanelHotkeys.h"

using namespace stillpoint::panel;
using stillpoint::session::Action;

namespace {
KeyPress letter(char c, bool ctrl = false) {
    KeyPress key;
    key.character = c;
    key.ctrl = ctrl;
    return key;
}
KeyPress named(NamedKey k, bool ctrl = false) {
    KeyPress key;
    key.named = k;
    key.ctrl = ctrl;
    return key;
}
}  // namespace

TEST(PanelHotkeys, LettersNamedAfterTheirAction) {
    EXPECT_EQ(hotkeyFor(letter('e'))->action, Action::ExtendPhase);
    EXPECT_EQ(hotkeyFor(letter('h'))->action, Action::Hold);
    EXPECT_EQ(hotkeyFor(letter('s'))->action, Action::SkipTrack);
    EXPECT_EQ(hotkeyFor(letter('a'))->action, Action::SwapToAlternate);
    EXPECT_EQ(hotkeyFor(letter('m'))->action, Action::Silence);
    EXPECT_EQ(hotkeyFor(letter('e'))->kind, Hotkey::Kind::Command);
}

TEST(PanelHotkeys, AdvanceEndAndGroundingTakeCtrl) {
    for (const auto& [key, action] : {std::pair{letter('n', true), Action::AdvancePhase},
                                      std::pair{letter('g', true), Action::PlayGrounding},
                                      std::pair{named(NamedKey::End, true), Action::EndSession}}) {
        const auto hotkey = hotkeyFor(key);
        ASSERT_TRUE(hotkey.has_value());
        EXPECT_EQ(hotkey->kind, Hotkey::Kind::Command);
        EXPECT_EQ(hotkey->action, action);
    }
    // The plain keys only say which chord to use.
    EXPECT_EQ(hotkeyFor(letter('n'))->kind, Hotkey::Kind::NeedsCtrl);
    EXPECT_EQ(hotkeyFor(letter('g'))->kind, Hotkey::Kind::NeedsCtrl);
    EXPECT_EQ(hotkeyFor(named(NamedKey::End))->kind, Hotkey::Kind::NeedsCtrl);
}

TEST(PanelHotkeys, NoLetterATypistUsesAdvancesOrEnds) {
    for (char c = 'a'; c <= 'z'; ++c) {
        const auto hotkey = hotkeyFor(letter(c));
        if (!hotkey || hotkey->kind != Hotkey::Kind::Command) continue;
        EXPECT_NE(hotkey->action, Action::AdvancePhase) << c;
        EXPECT_NE(hotkey->action, Action::EndSession) << c;
        EXPECT_NE(hotkey->action, Action::PlayGrounding) << c;
    }
}

TEST(PanelHotkeys, SpaceIsTalkOverAndArrowsAreVolume) {
    EXPECT_EQ(hotkeyFor(named(NamedKey::Space))->kind, Hotkey::Kind::TalkOver);
    EXPECT_EQ(hotkeyFor(named(NamedKey::Up))->step, +1);
    EXPECT_EQ(hotkeyFor(named(NamedKey::Down))->step, -1);
}

TEST(PanelHotkeys, CtrlQRequestsTheEndAndOtherChordsDoNothing) {
    EXPECT_EQ(hotkeyFor(letter('q', true))->action, Action::EndSession);
    EXPECT_FALSE(hotkeyFor(letter('q')).has_value());  // plain q in the panel does nothing
    EXPECT_FALSE(hotkeyFor(letter('e', true)).has_value());
    EXPECT_FALSE(hotkeyFor(letter('1', true)).has_value());
    EXPECT_FALSE(hotkeyFor(named(NamedKey::Space, true)).has_value());
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
    EXPECT_STREQ(hotkeyLabel(Action::AdvancePhase), "Ctrl+N");
    EXPECT_STREQ(hotkeyLabel(Action::ExtendPhase), "E");
    EXPECT_STREQ(hotkeyLabel(Action::EndSession), "Ctrl+End");
    EXPECT_STREQ(hotkeyLabel(MarkerKind::Distress), "5");
}

TEST(PanelHotkeys, EveryKeyOfTheCommandTableTriggersItsCommand) {
    for (const auto& spec : stillpoint::session::kCommandTable) {
        if (spec.key == 0) continue;
        const auto hotkey = hotkeyFor(letter(spec.key, spec.needsCtrl));
        ASSERT_TRUE(hotkey.has_value()) << spec.name;
        EXPECT_EQ(hotkey->kind, Hotkey::Kind::Command) << spec.name;
        // A toggle's second half is reached through its first (the model picks by state).
        EXPECT_EQ(hotkey->action, stillpoint::session::toggleGroup(spec.action)) << spec.name;
        const std::string label = hotkeyLabel(spec.action);
        EXPECT_EQ(label, spec.needsCtrl ? std::string("Ctrl+") + char(std::toupper(spec.key))
                                        : std::string(1, char(std::toupper(spec.key))))
            << spec.name;
    }
}

TEST(PanelHotkeys, TheHelpLineNamesEveryKeyOnce) {
    const std::string help = hotkeyHelp();
    for (const char* expected : {"Space talk-over", "Ctrl+N advance phase", "E extend phase", "H hold phase",
                                 "S skip track", "A calmer alternate", "Ctrl+G grounding track", "M silence",
                                 "Up/Down volume", "1-6 markers", "q or Ctrl-C"})
        EXPECT_NE(help.find(expected), std::string::npos) << expected << " in: " << help;
    EXPECT_EQ(help.find("release"), std::string::npos) << help;
}
