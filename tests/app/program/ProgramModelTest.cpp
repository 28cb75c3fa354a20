#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>

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

// The panel and the editor name routes with one function: each route its own words, capitalised for a label.
TEST(ProgramModel, EveryRouteHasItsOwnDisplayName) {
    const Route routes[] = {Route::Iv,         Route::Im,   Route::Intranasal,
                            Route::Sublingual, Route::Oral, Route::Other};
    std::set<std::string> names;
    for (const Route route : routes) {
        const std::string name = displayName(route);
        EXPECT_TRUE(std::isupper(static_cast<unsigned char>(name.front()))) << name;
        EXPECT_NE(name, toString(route));
        names.insert(name);
    }
    EXPECT_EQ(names.size(), std::size(routes));
    EXPECT_STREQ(displayName(Route::Iv), "IV infusion");
}
