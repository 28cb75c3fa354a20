#include <gtest/gtest.h>

#include "panel/model/TypingGuard.h"

using namespace stillpoint::panel;
using namespace std::chrono_literals;

namespace {
const TypingGuard::Clock::time_point t0{std::chrono::seconds(50)};
}

TEST(TypingGuard, BlocksWhileTypingAndForTheGraceAfter) {
    TypingGuard guard(1500ms);
    EXPECT_FALSE(guard.blocksShortcuts(t0));
    guard.observe(true, t0);
    EXPECT_TRUE(guard.blocksShortcuts(t0 + 1h));  // however long the note takes
    guard.observe(true, t0 + 10s);
    guard.observe(false, t0 + 12s);  // Enter, Esc or a click elsewhere
    EXPECT_TRUE(guard.blocksShortcuts(t0 + 12s + 1400ms));
    EXPECT_FALSE(guard.blocksShortcuts(t0 + 12s + 1500ms));
}

TEST(TypingGuard, TheGraceCountsFromWhenTheEndWasFirstSeen) {
    TypingGuard guard(1000ms);
    guard.observe(true, t0);
    guard.observe(false, t0 + 5s);
    guard.observe(false, t0 + 5s + 900ms);  // seeing "not typing" again does not restart or shorten it
    EXPECT_TRUE(guard.blocksShortcuts(t0 + 5s + 950ms));
    EXPECT_FALSE(guard.blocksShortcuts(t0 + 6s));
}

TEST(TypingGuard, NothingBlocksBeforeAnyTyping) {
    TypingGuard guard(1000ms);
    guard.observe(false, t0);
    EXPECT_FALSE(guard.blocksShortcuts(t0));
}
