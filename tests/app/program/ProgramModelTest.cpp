#include <gtest/gtest.h>

#include "program/Program.h"

using namespace stillpoint::program;
using namespace std::chrono_literals;

TEST(ProgramModel, PlannedTotalAddsPhases) {
    Program program;
    program.phases.resize(3);
    program.phases[0].planned = 10min;
    program.phases[1].planned = 20min;
    program.phases[2].planned = 90s;
    EXPECT_EQ(program.plannedTotal(), Duration(31min + 30s));
}

TEST(ProgramModel, EnumsHaveTheirFormatSpelling) {
    EXPECT_STREQ(toString(Route::Intranasal), "intranasal");
    EXPECT_STREQ(toString(PhaseEnd::Operator), "operator");
    EXPECT_STREQ(toString(FillPolicy::Silence), "silence");
    EXPECT_STREQ(toString(Lyrics::KnownLanguage), "known");
}
