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
KeyPress named(NamedKey k) {
    KeyPress key;
    key.named = k;
    return key;
}
}  // namespace

TEST(PanelHotkeys, LettersNamedAfterTheirAction) {
    EXPECT_EQ(hotkeyFor(letter('n'))->action, Action::AdvancePhase);
    EXPECT_EQ(hotkeyFor(letter('e'))->action, Action::ExtendPhase);
    EXPECT_EQ(hotkeyFor(letter('h'))->action, Action::Hold);
    EXPECT_EQ(hotkeyFor(letter('s'))->action, Action::SkipTrack);
    EXPECT_EQ(hotkeyFor(letter('a'))->action, Action::SwapToAlternate);
    EXPECT_EQ(hotkeyFor(letter('g'))->action, Action::PlayGrounding);
    EXPECT_EQ(hotkeyFor(letter('m'))->action, Action::Silence);
}

TEST(PanelHotkeys, SpaceIsTalkOverAndArrowsAreVolume) {
    EXPECT_EQ(hotkeyFor(named(NamedKey::Space))->kind, Hotkey::Kind::TalkOver);
    EXPECT_EQ(hotkeyFor(named(NamedKey::Up))->step, +1);
    EXPECT_EQ(hotkeyFor(named(NamedKey::Down))->step, -1);
}

TEST(PanelHotkeys, EndAndCtrlQRequestTheEnd) {
    EXPECT_EQ(hotkeyFor(named(NamedKey::End))->action, Action::EndSession);
    EXPECT_EQ(hotkeyFor(letter('q', true))->action, Action::EndSession);
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
    EXPECT_STREQ(hotkeyLabel(Action::AdvancePhase), "N");
    EXPECT_STREQ(hotkeyLabel(MarkerKind::Distress), "5");
}

TEST(PanelHotkeys, EveryKeyOfTheCommandTableTriggersItsCommand) {
    for (const auto& spec : stillpoint::session::kCommandTable) {
        if (spec.key == 0) continue;
        const auto hotkey = hotkeyFor(letter(spec.key));
        ASSERT_TRUE(hotkey.has_value()) << spec.name;
        EXPECT_EQ(hotkey->kind, Hotkey::Kind::Command) << spec.name;
        // A toggle's second half is reached through its first (the model picks by state).
        EXPECT_EQ(hotkey->action, stillpoint::session::toggleGroup(spec.action)) << spec.name;
        EXPECT_EQ(std::string(hotkeyLabel(spec.action)).size(), 1u) << spec.name;
    }
}

TEST(PanelHotkeys, TheHelpLineNamesEveryKeyOnce) {
    const std::string help = hotkeyHelp();
    for (const char* expected : {"Space talk-over", "N advance phase", "E extend phase", "H hold phase",
                                 "S skip track", "A calmer alternate", "G grounding track", "M silence",
                                 "Up/Down volume", "1-6 markers", "q or Ctrl-C"})
        EXPECT_NE(help.find(expected), std::string::npos) << expected << " in: " << help;
    EXPECT_EQ(help.find("release"), std::string::npos) << help;
}
