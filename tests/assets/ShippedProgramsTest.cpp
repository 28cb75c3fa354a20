// The programs shipped in playlists/: each parses without a problem, uses only music the demo library
// generates (so a fresh checkout plays after one build), takes excerpts inside the pieces, offers a
// grounding track and calmer alternates, and fits the timing of its route (docs: /work/shared/domain.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "PieceRecipe.h"
#include "program/ProgramParser.h"

namespace stillpoint {
namespace {

namespace fs = std::filesystem;
using std::chrono::minutes;
using std::chrono::seconds;

const fs::path kPlaylists = fs::path(STILLPOINT_SOURCE_DIR) / "playlists";

std::vector<fs::path> shippedPrograms() {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(kPlaylists))
        if (entry.path().extension() == ".toml") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

// Demo library file name -> length in seconds.
std::map<std::string, double> libraryPieces() {
    std::map<std::string, double> pieces;
    for (const auto& recipe : demo::demoLibraryCatalogue())
        pieces[recipe.fileStem + ".flac"] = recipe.durationSeconds;
    return pieces;
}

double secondsOf(program::Duration duration) {
    return std::chrono::duration<double>(duration).count();
}

void expectLibraryTrack(const program::Track& track, const std::string& where) {
    static const auto pieces = libraryPieces();
    SCOPED_TRACE(where + ": " + track.fileAsWritten);
    EXPECT_TRUE(track.fileAsWritten.starts_with("../assets/music/"));
    const auto piece = pieces.find(track.file.filename().string());
    ASSERT_NE(piece, pieces.end()) << "not a file the demo library generates";
    const double start = track.start ? secondsOf(*track.start) : 0.0;
    const double end = track.end ? secondsOf(*track.end) : piece->second;
    EXPECT_LT(start, end);
    EXPECT_LE(end, piece->second) << "the excerpt runs past the end of the piece";
    EXPECT_EQ(track.lyrics, program::Lyrics::None);
}

TEST(ShippedProgramsTest, TheFiveClinicProgramsAreThere) {
    std::vector<std::string> names;
    for (const auto& file : shippedPrograms()) names.push_back(file.filename().string());
    for (const char* expected : {"demo.toml", "iv-infusion-40.toml", "im-60.toml", "sublingual-90.toml",
                                 "intranasal-esketamine-120.toml"})
        EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
}

TEST(ShippedProgramsTest, EveryProgramParsesWithoutProblemsAndUsesOnlyTheDemoLibrary) {
    for (const auto& file : shippedPrograms()) {
        SCOPED_TRACE(file.string());
        const auto parsed = program::parseProgramFile(file);
        for (const auto& problem : parsed.problems) ADD_FAILURE() << program::formatProblem(problem);
        ASSERT_TRUE(parsed.program.has_value());
        const program::Program& program = *parsed.program;

        ASSERT_TRUE(program.grounding.has_value()) << "no grounding track";
        expectLibraryTrack(*program.grounding, "grounding");
        int alternates = 0;
        for (const auto& phase : program.phases) {
            ASSERT_FALSE(phase.tracks.empty()) << phase.name;
            for (const auto& track : phase.tracks) {
                expectLibraryTrack(track, phase.name);
                for (const auto& alternate : track.alternates) {
                    expectLibraryTrack(alternate, phase.name + " alternate");
                    ++alternates;
                }
            }
            if (phase.bed) expectLibraryTrack(*phase.bed, phase.name + " bed");
        }
        EXPECT_GE(alternates, 2) << "calmer alternates must be one action away";
        EXPECT_DOUBLE_EQ(program.targetLufs, -23.0);
    }
}

struct RouteTiming {
    const char* file;
    program::Route route;
    program::Duration shortest;
    program::Duration longest;
};

TEST(ShippedProgramsTest, PlannedTimesFitTheRoute) {
    const std::vector<RouteTiming> timings = {
        {"demo.toml", program::Route::Other, seconds(170), seconds(190)},
        {"iv-infusion-40.toml", program::Route::Iv, minutes(70),
         minutes(90)},  // 40 min drip + return + recovery
        {"im-60.toml", program::Route::Im, minutes(55), minutes(75)},
        {"sublingual-90.toml", program::Route::Sublingual, minutes(85), minutes(95)},
        {"intranasal-esketamine-120.toml", program::Route::Intranasal, minutes(120), minutes(125)},
    };
    for (const auto& timing : timings) {
        SCOPED_TRACE(timing.file);
        const auto parsed = program::parseProgramFile(kPlaylists / timing.file);
        ASSERT_TRUE(parsed.program.has_value());
        EXPECT_EQ(parsed.program->route, timing.route);
        EXPECT_GE(parsed.program->plannedTotal(), timing.shortest);
        EXPECT_LE(parsed.program->plannedTotal(), timing.longest);
        const auto& phases = parsed.program->phases;
        const bool hasPeak =
            std::any_of(phases.begin(), phases.end(), [](const auto& p) { return p.name == "peak"; });
        EXPECT_TRUE(hasPeak);
    }
}

TEST(ShippedProgramsTest, InfusionPeakEndsWhenTheOperatorSaysSoWithinAMaximum) {
    const auto parsed = program::parseProgramFile(kPlaylists / "iv-infusion-40.toml");
    ASSERT_TRUE(parsed.program.has_value());
    const auto& phases = parsed.program->phases;
    const auto peak =
        std::find_if(phases.begin(), phases.end(), [](const auto& p) { return p.name == "peak"; });
    ASSERT_NE(peak, phases.end());
    EXPECT_EQ(peak->ends, program::PhaseEnd::Operator);
    ASSERT_TRUE(peak->maximum.has_value());
    EXPECT_GT(*peak->maximum, peak->planned);
    ASSERT_NE(peak + 1, phases.end());
    EXPECT_EQ((peak + 1)->name, "return");
}

}  // namespace
}  // namespace stillpoint
