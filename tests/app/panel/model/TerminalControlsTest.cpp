#include <gtest/gtest.h>

#include "panel/model/TerminalControls.h"

using namespace stillpoint::panel;
using stillpoint::session::Action;

TEST(TerminalControls, DecodesLettersArrowsAndQuit) {
    const auto keys = decodeTerminalKeys(std::string("nE \x1b[A\x1b[B\x1b[Fq\x03", 14));
    ASSERT_EQ(keys.size(), 8u);
    EXPECT_EQ(keys[0].press.character, 'n');
    EXPECT_EQ(keys[1].press.character, 'e');  // upper case is the same key
    EXPECT_EQ(keys[2].press.named, NamedKey::Space);
    EXPECT_EQ(keys[3].press.named, NamedKey::Up);
    EXPECT_EQ(keys[4].press.named, NamedKey::Down);
    EXPECT_EQ(keys[5].press.named, NamedKey::End);
    EXPECT_TRUE(keys[6].quit);
    EXPECT_TRUE(keys[7].quit);  // Ctrl-C arrives as a byte in raw mode
}

TEST(TerminalControls, UnknownBytesAndSequencesAreSkipped) {
    const auto keys = decodeTerminalKeys(
        "\x1b[Z\x7f"
        "3");
    ASSERT_EQ(keys.size(), 1u);
    EXPECT_EQ(keys[0].press.character, '3');
    EXPECT_EQ(hotkeyFor(keys[0].press)->marker, MarkerKind::VitalsCheck);
}

TEST(TerminalControls, StatusLineSaysPhaseTimeTrackAndState) {
    SessionDisplay display;
    display.state = stillpoint::session::SessionState::Playing;
    display.phase = 2;
    display.phaseCount = 4;
    display.phaseName = "peak";
    display.phaseRemainingSeconds = 768;
    display.sessionSeconds = 1392;
    display.nowPlaying = "Ocean";
    display.volume = 0.42;
    display.talkOver = true;
    EXPECT_EQ(statusLine(display), "peak 3/4 | 12:48 left | session 23:12 | Ocean | vol 42% | TALK-OVER");
    display.phaseOvertimeSeconds = 100;
    display.held = true;
    EXPECT_NE(statusLine(display).find("+1:40 over plan"), std::string::npos);
    EXPECT_NE(statusLine(display).find("HELD"), std::string::npos);
}

TEST(TerminalControls, CtrlLettersAreChords) {
    const auto keys = decodeTerminalKeys("\x0e\x07n\x1b[1;5F");
    ASSERT_EQ(keys.size(), 4u);
    EXPECT_EQ(keys[3].press.named, NamedKey::End);
    EXPECT_TRUE(keys[3].press.ctrl);
    EXPECT_TRUE(keys[0].press.ctrl);
    EXPECT_EQ(hotkeyFor(keys[0].press)->action, Action::AdvancePhase);
    EXPECT_EQ(hotkeyFor(keys[0].press)->kind, Hotkey::Kind::Command);
    EXPECT_EQ(hotkeyFor(keys[1].press)->action, Action::PlayGrounding);
    EXPECT_EQ(hotkeyFor(keys[2].press)->kind, Hotkey::Kind::NeedsCtrl);  // plain n only says how
}

TEST(TerminalControls, FunctionKeysAreReadForACallButton) {
    // F1 as xterm sends it, F5 and F12 as VT220 numbers them (skipping 16 and 22), then an unknown one.
    const auto keys = decodeTerminalKeys("\x1bOP\x1b[15~\x1b[24~\x1b[16~h");
    ASSERT_EQ(keys.size(), 4u);
    EXPECT_EQ(keys[0].function, 1);
    EXPECT_EQ(keys[1].function, 5);
    EXPECT_EQ(keys[2].function, 12);
    EXPECT_EQ(keys[3].press.character, 'h');  // what follows is read as before
    EXPECT_EQ(keys[3].function, 0);
}
