#include "program/ImportPlan.h"

#include <gtest/gtest.h>

using namespace stillpoint::program;

namespace {

std::vector<ImportedTrack> tracksOf(const std::vector<double>& minutes) {
    std::vector<ImportedTrack> tracks;
    for (std::size_t i = 0; i < minutes.size(); ++i)
        tracks.push_back({"/music/" + std::to_string(i) + ".flac", "Track " + std::to_string(i), minutes[i] * 60.0});
    return tracks;
}

std::vector<std::string> titlesIn(const Phase& phase) {
    std::vector<std::string> titles;
    for (const auto& track : phase.tracks) titles.push_back(track.title);
    return titles;
}

}  // namespace

TEST(ImportPlan, TheIvPlanHasTheShippedProgramsPhases) {
    const auto imported = planImportedProgram(tracksOf({10, 10}), Route::Iv, "Infusion", "infusion.m3u");
    const auto& phases = imported.program.phases;
    ASSERT_EQ(phases.size(), 5u);
    EXPECT_EQ(phases[0].name, "settling");
    EXPECT_EQ(phases[0].ends, PhaseEnd::Operator);
    EXPECT_EQ(phases[2].name, "peak");
    EXPECT_EQ(phases[2].planned, std::chrono::minutes(27));
    EXPECT_EQ(phases[2].maximum, Duration(std::chrono::minutes(40)));
    EXPECT_EQ(imported.program.route, Route::Iv);
    EXPECT_EQ(imported.phaseComments.size(), 5u);
}

// A playlist as long as the plan lands phase by phase; each track where its middle falls.
TEST(ImportPlan, TracksGoInOrderToThePhaseWhereTheirMiddleFalls) {
    // Sublingual plan: settling 10, onset 20, peak 30, return 20, rest 10 (90 min).
    const auto imported =
        planImportedProgram(tracksOf({6, 6, 10, 10, 15, 15, 12, 8, 8}), Route::Sublingual, "S", "s.m3u");
    const auto& phases = imported.program.phases;
    EXPECT_EQ(titlesIn(phases[0]), (std::vector<std::string>{"Track 0", "Track 1"}));  // middles at 3, 9
    EXPECT_EQ(titlesIn(phases[1]), (std::vector<std::string>{"Track 2", "Track 3"}));  // 17, 27
    EXPECT_EQ(titlesIn(phases[2]), (std::vector<std::string>{"Track 4", "Track 5"}));  // 39.5, 54.5
    EXPECT_EQ(titlesIn(phases[3]), (std::vector<std::string>{"Track 6", "Track 7"}));  // 68, 78
    EXPECT_EQ(titlesIn(phases[4]), (std::vector<std::string>{"Track 8"}));             // 86
    EXPECT_NE(imported.phaseComments[2].find("2 tracks, 30m of music for 30m planned"), std::string::npos)
        << imported.phaseComments[2];
    EXPECT_NE(imported.phaseComments[2].find("Check: "), std::string::npos);
}

// Half as much music as planned: the same proportions, and each phase says its music loops.
TEST(ImportPlan, AShortPlaylistIsStretchedAndEveryPhaseGetsMusic) {
    const auto imported = planImportedProgram(tracksOf({20, 25}), Route::Im, "Short", "short.pls");
    for (std::size_t i = 0; i < imported.program.phases.size(); ++i)
        EXPECT_FALSE(imported.program.phases[i].tracks.empty()) << i;
    EXPECT_NE(imported.phaseComments[0].find("repeats the nearest one"), std::string::npos) << imported.phaseComments[0];
    // The peak (30m) holds the first track (20m): it says its music loops.
    EXPECT_NE(imported.phaseComments[2].find("loops"), std::string::npos) << imported.phaseComments[2];
    EXPECT_NE(imported.headerComment.find("where its middle falls"), std::string::npos);
}

TEST(ImportPlan, RoutesByName) {
    EXPECT_EQ(importRouteNamed("intranasal"), Route::Intranasal);
    EXPECT_EQ(importRouteNamed("oral"), Route::Oral);
    EXPECT_FALSE(importRouteNamed("rectal"));
}
