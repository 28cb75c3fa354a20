#include "program/ProgramWriter.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "app/program/ProgramComparison.h"
#include "audio/decode/AudioFixtures.h"
#include "program/ProgramParser.h"

using namespace stillpoint::program;
using stillpoint::testing::expectSameProgram;
namespace fs = std::filesystem;

namespace {

Program parsedOrFail(const std::string& text, const fs::path& file) {
    const auto parsed = parseProgramText(text, file);
    for (const auto& problem : parsed.problems)
        if (problem.severity == Severity::Error) ADD_FAILURE() << problem.message << "\n" << text;
    return parsed.program.value_or(Program{});
}

}  // namespace

// Parse, write, parse: the same program, for every program shipped.
TEST(ProgramWriter, EveryShippedProgramRoundTrips) {
    int checked = 0;
    for (const auto& entry : fs::directory_iterator(fs::path(STILLPOINT_SOURCE_DIR) / "playlists")) {
        if (entry.path().extension() != ".toml") continue;
        SCOPED_TRACE(entry.path().filename().string());
        const auto original = parseProgramFile(entry.path());
        ASSERT_TRUE(original.program) << entry.path();
        ProgramWriteOptions options;
        options.programFolder = entry.path().parent_path();
        const std::string written = writeProgramText(*original.program, options);
        const Program again = parsedOrFail(written, entry.path());
        expectSameProgram(*original.program, again);
        // And writing what was read back gives the very same text.
        EXPECT_EQ(writeProgramText(again, options), written);
        ++checked;
    }
    EXPECT_GE(checked, 5);
}

TEST(ProgramWriter, TextsThatNeedEscapingComeBackUnchanged) {
    Program program;
    program.name = "Quotes \" and back\\slashes, tabs\tand lines\nin a name";
    program.description = "Arvo Pärt – Für Alina; 日本語";
    program.route = Route::Sublingual;
    program.targetLufs = -18.3;
    program.volumeCeilingDbfs = -1.0;
    Phase phase;
    phase.name = "peak";
    phase.planned = std::chrono::minutes(40);
    phase.maximum = std::chrono::minutes(55);
    phase.ends = PhaseEnd::Operator;
    phase.fill = FillPolicy::Silence;
    Track track;
    track.file = "/music/Album \"Live\"/01 Track #1.m4a";
    track.title = "Track #1 = \"first\"";
    track.gainDb = -2.5;
    track.lyrics = Lyrics::ForeignLanguage;
    track.tags = {"strings", "a \"quoted\" tag"};
    track.start = std::chrono::milliseconds(1500);
    phase.tracks.push_back(track);
    program.phases.push_back(phase);
    ProgramWriteOptions options;
    options.programFolder = "/music/programs";
    options.headerComment = "Imported from a playlist.\nCheck each phase.";
    options.phaseComments = {"Check: the peak's music"};
    const std::string written = writeProgramText(program, options);
    EXPECT_NE(written.find("# Imported from a playlist.\n# Check each phase.\n"), std::string::npos)
        << written;
    EXPECT_NE(written.find("# Check: the peak's music\n[[phase]]"), std::string::npos) << written;
    EXPECT_NE(written.find("file = \"../Album \\\"Live\\\"/01 Track #1.m4a\""), std::string::npos) << written;
    expectSameProgram(program, parsedOrFail(written, "/music/programs/imported.toml"));
}

TEST(ProgramWriter, WritesTheFileWhole) {
    stillpoint::testing::TempFolder folder;
    Program program;
    program.name = "Written";
    Phase phase;
    phase.name = "rest";
    phase.planned = std::chrono::minutes(5);
    Track track;
    track.file = folder.path() / "music" / "calm.flac";
    phase.tracks.push_back(track);
    program.phases.push_back(phase);
    writeProgramFile(program, folder / "program.toml", {});
    const auto parsed = parseProgramFile(folder / "program.toml");
    ASSERT_TRUE(parsed.program);
    EXPECT_EQ(parsed.program->phases[0].tracks[0].file, folder.path() / "music" / "calm.flac");
    std::ifstream text(folder / "program.toml");
    const std::string content((std::istreambuf_iterator<char>(text)), std::istreambuf_iterator<char>());
    EXPECT_NE(content.find("file = \"music/calm.flac\""), std::string::npos) << content;
    EXPECT_FALSE(fs::exists(folder / "program.toml.writing"));
    EXPECT_THROW(writeProgramFile(program, folder / "no-such-folder" / "program.toml", {}),
                 std::runtime_error);
}
