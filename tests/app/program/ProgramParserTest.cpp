#include "program/ProgramParser.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "audio/decode/AudioFixtures.h"

using namespace stillpoint::program;
using namespace std::chrono_literals;
using stillpoint::testing::TempFolder;
namespace fs = std::filesystem;

namespace {

const char* const kValidProgram = R"(format = 1
name = "Sublingual, two hours"
author = "Dr. A. Example"
route = "sublingual"
description = "Gentle onset, long peak, slow return."
target_loudness = -24
volume_ceiling = -2.0
end_fade = "45s"

[grounding]
file = "music/grounding.flac"
title = "Breath"

[[phase]]
name = "onset"
planned = "20m"
min = "15m"
max = "30m"
ends = "auto"
crossfade = "12s"
track_crossfade = "4s"
when_tracks_run_out = "bed"
bed = { file = "music/drone.flac", gain = -6 }

  [[phase.track]]
  file = "music/first light.flac"
  title = "First light"
  start = "5s"
  end = "7m30s"
  gain = -1.5
  fade_in = "3s"
  fade_out = "6s"
  lyrics = "none"
  intensity = 2
  tags = ["strings", "no-percussion"]

    [[phase.track.alternate]]
    file = "music/calmer.flac"
    intensity = 1

[[phase]]
name = "return"
planned = "10m"
ends = "operator"
when_tracks_run_out = "silence"

  [[phase.track]]
  file = "/library/Pärt/Spiegel im Spiegel.flac"
  lyrics = "known"
)";

ParseResult parse(const std::string& text) {
    return parseProgramText(text, "/clinic/programs/test.toml");
}

// The one problem whose message contains `fragment`; fails the test if there is not exactly one.
const Problem* problemWith(const ParseResult& result, const std::string& fragment) {
    const Problem* found = nullptr;
    for (const auto& problem : result.problems) {
        if (problem.message.find(fragment) == std::string::npos) continue;
        EXPECT_EQ(found, nullptr) << "more than one problem mentions " << fragment;
        found = &problem;
    }
    EXPECT_NE(found, nullptr) << "no problem mentions \"" << fragment << "\"; problems:\n"
                              << [&] {
                                     std::string all;
                                     for (const auto& problem : result.problems)
                                         all += formatProblem(problem) + "\n";
                                     return all;
                                 }();
    return found;
}

void expectAt(const Problem* problem, int line, int column) {
    ASSERT_NE(problem, nullptr);
    EXPECT_EQ(problem->where.line, line) << problem->message;
    EXPECT_EQ(problem->where.column, column) << problem->message;
}

// A minimal valid program, then `extra` lines appended.
std::string minimal(const std::string& phaseLines = "", const std::string& top = "") {
    return "format = 1\nname = \"Test\"\n" + top + "\n[[phase]]\nname = \"peak\"\nplanned = \"20m\"\n" +
           phaseLines + "\n  [[phase.track]]\n  file = \"a.flac\"\n";
}

}  // namespace

TEST(ProgramParser, ValidProgramFillsTheModel) {
    const auto result = parse(kValidProgram);
    for (const auto& problem : result.problems) ADD_FAILURE() << formatProblem(problem);
    ASSERT_TRUE(result.program);
    const Program& program = *result.program;
    EXPECT_EQ(program.name, "Sublingual, two hours");
    EXPECT_EQ(program.author, "Dr. A. Example");
    EXPECT_EQ(program.route, Route::Sublingual);
    EXPECT_DOUBLE_EQ(program.targetLufs, -24.0);
    EXPECT_DOUBLE_EQ(program.volumeCeilingDbfs, -2.0);
    EXPECT_EQ(program.endFade, 45s);
    EXPECT_EQ(program.sourceFile, fs::path("/clinic/programs/test.toml"));
    ASSERT_TRUE(program.grounding);
    EXPECT_EQ(program.grounding->file, fs::path("/clinic/programs/music/grounding.flac"));
    EXPECT_EQ(program.grounding->title, "Breath");

    ASSERT_EQ(program.phases.size(), 2u);
    const Phase& onset = program.phases[0];
    EXPECT_EQ(onset.name, "onset");
    EXPECT_EQ(onset.planned, 20min);
    EXPECT_EQ(onset.minimum, Duration(15min));
    EXPECT_EQ(onset.maximum, Duration(30min));
    EXPECT_EQ(onset.ends, PhaseEnd::Automatic);
    EXPECT_EQ(onset.crossfadeToNext, 12s);
    EXPECT_EQ(onset.trackCrossfade, 4s);
    EXPECT_EQ(onset.fill, FillPolicy::Bed);
    ASSERT_TRUE(onset.bed);
    EXPECT_DOUBLE_EQ(onset.bed->gainDb, -6.0);
    EXPECT_EQ(onset.where.line, 14);

    ASSERT_EQ(onset.tracks.size(), 1u);
    const Track& track = onset.tracks[0];
    EXPECT_EQ(track.file, fs::path("/clinic/programs/music/first light.flac"));
    EXPECT_EQ(track.fileAsWritten, "music/first light.flac");
    EXPECT_EQ(track.title, "First light");
    EXPECT_EQ(track.start, Duration(5s));
    EXPECT_EQ(track.end, Duration(7min + 30s));
    EXPECT_DOUBLE_EQ(track.gainDb, -1.5);
    EXPECT_EQ(track.fadeIn, 3s);
    EXPECT_EQ(track.fadeOut, 6s);
    EXPECT_EQ(track.lyrics, Lyrics::None);
    EXPECT_EQ(track.intensity, 2);
    EXPECT_EQ(track.tags, (std::vector<std::string>{"strings", "no-percussion"}));
    EXPECT_EQ(track.where.line, 25);
    EXPECT_EQ(track.where.column, 3);
    ASSERT_EQ(track.alternates.size(), 1u);
    EXPECT_EQ(track.alternates[0].file, fs::path("/clinic/programs/music/calmer.flac"));
    EXPECT_EQ(track.alternates[0].intensity, 1);

    const Phase& back = program.phases[1];
    EXPECT_EQ(back.ends, PhaseEnd::Operator);
    EXPECT_EQ(back.fill, FillPolicy::Silence);
    EXPECT_EQ(back.tracks[0].file, fs::path("/library/Pärt/Spiegel im Spiegel.flac"));
    EXPECT_EQ(back.tracks[0].lyrics, Lyrics::KnownLanguage);
    EXPECT_EQ(program.plannedTotal(), 30min);
}

TEST(ProgramParser, DefaultsApplyWhenKeysAreLeftOut) {
    const auto result = parse(minimal());
    ASSERT_TRUE(result.program);
    EXPECT_TRUE(result.problems.empty());
    const auto& program = *result.program;
    EXPECT_EQ(program.route, Route::Other);
    EXPECT_DOUBLE_EQ(program.targetLufs, -23.0);
    EXPECT_DOUBLE_EQ(program.volumeCeilingDbfs, -1.0);
    EXPECT_EQ(program.endFade, 30s);
    EXPECT_EQ(program.phases[0].fill, FillPolicy::Loop);
    EXPECT_EQ(program.phases[0].trackCrossfade, 0s);
}

TEST(ProgramParser, UnknownKeysSuggestTheClosestOne) {
    const auto result = parse(minimal("tittle = \"x\"\n", "athor = \"me\"\n"));
    EXPECT_FALSE(result.program);
    const auto* author = problemWith(result, "\"athor\"");
    expectAt(author, 3, 1);
    EXPECT_EQ(author->hint.rfind("did you mean \"author\"?", 0), 0u) << author->hint;
    const auto* title = problemWith(result, "\"tittle\"");
    expectAt(title, 8, 1);
    EXPECT_NE(title->hint.find("the keys phase \"peak\" can have"), std::string::npos) << title->hint;
}

TEST(ProgramParser, EveryProblemIsReportedNotJustTheFirst) {
    const auto result = parse(R"(format = 1
name = "Test"
route = "intranasel"
target_loudness = -5

[[phase]]
name = "onset"
planned = 10
min = "12m"

  [[phase.track]]
  file = "a.flac"
  intensity = 7
  titel = "x"
)");
    EXPECT_FALSE(result.program);
    expectAt(problemWith(result, "\"route\" cannot be \"intranasel\""), 3, 9);
    EXPECT_EQ(problemWith(result, "intranasel")->hint.rfind("did you mean \"intranasal\"?", 0), 0u);
    expectAt(problemWith(result, "\"target_loudness\" is -5"), 4, 19);
    expectAt(problemWith(result, "\"planned\" = 10 has no unit"), 8, 11);
    expectAt(problemWith(result, "\"intensity\" is 7"), 13, 15);
    expectAt(problemWith(result, "\"titel\""), 14, 3);
    EXPECT_EQ(result.problems.size(), 5u);
    // In file order, so the clinic can work down the list.
    for (std::size_t i = 1; i < result.problems.size(); ++i) {
        EXPECT_LE(result.problems[i - 1].where.line, result.problems[i].where.line);
    }
}

TEST(ProgramParser, OutOfOrderPhaseDurationsPointAtTheOffendingKey) {
    const auto result = parse(minimal("min = \"25m\"\nmax = \"15m\"\n"));
    expectAt(problemWith(result, "\"min\" (25m) is longer than \"planned\" (20m)"), 7, 7);
    expectAt(problemWith(result, "\"max\" (15m) is shorter than \"planned\" (20m)"), 8, 7);
}

TEST(ProgramParser, MissingRequiredKeysPointAtTheirTable) {
    const auto result =
        parse("name = \"x\"\n\n[[phase]]\nname = \"peak\"\n\n  [[phase.track]]\n  title = \"no file\"\n");
    expectAt(problemWith(result, "the program has no \"format\""), 1, 1);
    expectAt(problemWith(result, "phase \"peak\" has no \"planned\""), 3, 1);
    const auto* file = problemWith(result, "track 1 of phase \"peak\" has no \"file\"");
    expectAt(file, 6, 3);
    EXPECT_NE(file->hint.find("relative to the program file"), std::string::npos);
}

TEST(ProgramParser, WrongTypesSayWhatWasExpected) {
    const auto result = parse(minimal("ends = true\n", "name2 = 1\nvolume_ceiling = \"-1\"\n"));
    expectAt(problemWith(result, "\"volume_ceiling\" must be a number, not text"), 4, 18);
    expectAt(problemWith(result, "\"ends\" must be one of auto, operator in quotes, not true/false"), 9, 8);
}

TEST(ProgramParser, CeilingAboveZeroIsRefused) {
    const auto result = parse(minimal("", "volume_ceiling = 0.5\n"));
    const auto* ceiling = problemWith(result, "\"volume_ceiling\" is 0.5, outside -30 to 0 dBFS");
    expectAt(ceiling, 3, 18);
    EXPECT_NE(ceiling->hint.find("-30 to 0 dBFS"), std::string::npos);
}

TEST(ProgramParser, BedFillWithoutABedIsAnError) {
    const auto result = parse(minimal("when_tracks_run_out = \"bed\"\n"));
    expectAt(problemWith(result, "fills with a bed but has none"), 7, 23);
}

TEST(ProgramParser, PhaseWithoutTracksMustSayWhatFillsIt) {
    const auto looping = parse("format = 1\nname = \"x\"\n[[phase]]\nname = \"rest\"\nplanned = \"5m\"\n");
    expectAt(problemWith(looping, "phase \"rest\" has no tracks to loop"), 3, 1);
    const auto silent = parse(
        "format = 1\nname = \"x\"\n[[phase]]\nname = \"rest\"\nplanned = \"5m\"\nwhen_tracks_run_out = "
        "\"silence\"\n");
    EXPECT_TRUE(silent.program);
    const auto bedOnly = parse(
        "format = 1\nname = \"x\"\n[[phase]]\nname = \"rest\"\nplanned = \"5m\"\nwhen_tracks_run_out = "
        "\"bed\"\n"
        "bed = { file = \"drone.flac\" }\n");
    EXPECT_TRUE(bedOnly.program);
}

TEST(ProgramParser, AProgramNeedsAPhase) {
    const auto result = parse("format = 1\nname = \"x\"\n");
    expectAt(problemWith(result, "the program has no phases"), 1, 1);
}

// The engine holds a fixed number of phases; a longer program is refused where the first phase too many is
// written, never truncated or played past its arrays.
TEST(ProgramParser, MorePhasesThanTheEngineHoldsAreRefusedAtTheFirstOneTooMany) {
    auto program = [](int phases) {
        std::string text = "format = 1\nname = \"x\"\n";  // lines 1-2
        for (int p = 1; p <= phases; ++p)  // five lines each: header, name, planned, track, file
            text += "[[phase]]\nname = \"p" + std::to_string(p) +
                    "\"\nplanned = \"1m\"\n  [[phase.track]]\n  file = \"a.flac\"\n";
        return text;
    };
    const auto most = parse(program(kMaxPhases));
    ASSERT_TRUE(most.program) << formatProblem(most.problems.front());
    EXPECT_EQ(most.program->phases.size(), static_cast<std::size_t>(kMaxPhases));

    const auto tooMany = parse(program(kMaxPhases + 2));
    EXPECT_FALSE(tooMany.program);
    const auto* problem = problemWith(tooMany, "the program has 18 phases; Stillpoint plays at most 16");
    expectAt(problem, 3 + 5 * kMaxPhases, 1);  // the header of phase 17
    EXPECT_EQ(problem->where.file, fs::path("/clinic/programs/test.toml"));
    EXPECT_NE(problem->hint.find("merge phases"), std::string::npos) << problem->hint;
    EXPECT_NE(problem->hint.find("phase 17"), std::string::npos) << problem->hint;
}

TEST(ProgramParser, SingleBracketPhaseGetsADoubleBracketHint) {
    const auto result = parse("format = 1\nname = \"x\"\n[phase]\nname = \"a\"\nplanned = \"1m\"\n");
    const auto* problem = problemWith(result, "written as a single table");
    expectAt(problem, 3, 1);
    EXPECT_NE(problem->hint.find("[[phase]]"), std::string::npos);
}

TEST(ProgramParser, UnusedBedIsAWarningOnly) {
    const auto result = parse(minimal("bed = { file = \"drone.flac\" }\n"));
    ASSERT_TRUE(result.program);
    const auto* problem = problemWith(result, "is never played");
    expectAt(problem, 7, 7);
    EXPECT_EQ(problem->severity, Severity::Warning);
}

TEST(ProgramParser, TrackEndBeforeStartIsAnError) {
    const auto result = parse(minimal() + "  start = \"2m\"\n  end = \"1m\"\n");
    expectAt(problemWith(result, "\"end\" (1m) is not after \"start\" (2m)"), 11, 9);
}

TEST(ProgramParser, TomlSyntaxErrorsCarryTheirLocation) {
    const auto result = parse("format = 1\nname = \"unterminated\n[[phase]]\n");
    ASSERT_EQ(result.problems.size(), 1u);
    EXPECT_EQ(result.problems[0].where.line, 2);
    EXPECT_GT(result.problems[0].where.column, 0);
    EXPECT_NE(result.problems[0].message.find("TOML syntax"), std::string::npos);
}

TEST(ProgramParser, WrongFormatVersionIsExplained) {
    const auto result = parse(minimal("", "").replace(0, 10, "format = 2"));
    expectAt(problemWith(result, "reads program format 1, not 2"), 1, 10);
}

TEST(ProgramParser, NonUtf8TextIsLocated) {
    const auto result = parse("format = 1\nname = \"Caf\xE9\"\n");
    ASSERT_EQ(result.problems.size(), 1u);
    expectAt(&result.problems[0], 2, 12);
    EXPECT_NE(result.problems[0].hint.find("UTF-8"), std::string::npos);
}

TEST(ProgramParser, BinaryIsNotAProgram) {
    const auto result = parse(std::string("RIFF\0\0\0\0WAVEfmt ", 16));
    ASSERT_EQ(result.problems.size(), 1u);
    EXPECT_NE(result.problems[0].message.find("not a text file"), std::string::npos);
}

TEST(ProgramParserFiles, ReadsAFileWithSpacesAndAccentsInItsPath) {
    TempFolder folder;
    fs::create_directory(folder / "Programmes été");
    const auto file = folder.path() / "Programmes été" / "séance longue.toml";
    std::ofstream(file) << minimal();
    const auto result = parseProgramFile(file);
    ASSERT_TRUE(result.program);
    EXPECT_EQ(result.program->phases[0].tracks[0].file, folder.path() / "Programmes été" / "a.flac");
}

TEST(ProgramParserFiles, MissingDirectoryAndHugeFilesAreRefusedClearly) {
    TempFolder folder;
    const auto missing = parseProgramFile(folder / "absent.toml");
    ASSERT_EQ(missing.problems.size(), 1u);
    EXPECT_NE(missing.problems[0].message.find("no such file"), std::string::npos);

    const auto directory = parseProgramFile(folder.path());
    EXPECT_NE(directory.problems[0].message.find("is a folder"), std::string::npos);

    const auto huge = folder / "huge.toml";
    { std::ofstream(huge) << "x"; }
    fs::resize_file(huge, 100u * 1024u * 1024u);  // sparse: costs no disk and is never read
    const auto tooBig = parseProgramFile(huge);
    ASSERT_EQ(tooBig.problems.size(), 1u);
    EXPECT_NE(tooBig.problems[0].message.find("is 100 MB"), std::string::npos) << tooBig.problems[0].message;
    EXPECT_EQ(formatProblem(tooBig.problems[0]).rfind(huge.string() + ": error: ", 0), 0u);
}

TEST(ProgramParserLimits, NestingBeyondAnyProgramIsRefusedWhereItGoesTooDeepBeforeTomlPlusPlusRecurses) {
    std::string dots = "x";
    for (int i = 0; i < 35'000; ++i) dots += ".a";
    const std::string arrays = std::string(5'000, '[') + std::string(5'000, ']');
    std::string tables;
    for (int i = 0; i < 5'000; ++i) tables += "{a=";
    tables += "1" + std::string(5'000, '}');
    const std::vector<std::pair<std::string, int>> deep = {
        {"format = 1\n" + dots + " = 1\n", 2},      // a dotted key 35,000 levels deep
        {"format = 1\n[" + dots + "]\n", 2},        // a table header
        {"format = 1\nx = " + arrays + "\n", 2},    // arrays in arrays
        {"format = 1\n\nx = " + tables + "\n", 3},  // inline tables in inline tables
    };
    for (const auto& [text, line] : deep) {
        const auto result = parseProgramText(text, "deep.toml");
        ASSERT_EQ(result.problems.size(), 1u) << text.substr(0, 40);
        EXPECT_EQ(result.problems[0].where.line, line);
        EXPECT_GT(result.problems[0].where.column, 1);
        EXPECT_NE(result.problems[0].message.find("nest more than 32 levels"), std::string::npos)
            << result.problems[0].message;
    }
    // Dots and brackets inside strings and comments are text, not nesting.
    const std::string many = std::string(100, '[') + std::string(100, '.') + std::string(100, '{');
    std::string inText = kValidProgram;
    inText.replace(inText.find("Gentle onset"), 12, many + " ''' \\\" ");
    const std::string inComment = std::string(kValidProgram) + "# " + many + "\n";
    for (const auto& text : {inText, inComment}) {
        const auto result = parseProgramText(text, "dots.toml");
        EXPECT_FALSE(result.hasErrors())
            << (result.problems.empty() ? "" : formatProblem(result.problems[0]));
    }
}

TEST(ProgramParserFiles, ReadErrorsAndPipesAreProblemsNotCrashesOrHangs) {
    const auto memory = parseProgramFile("/proc/self/mem");  // a read there fails with EIO
    ASSERT_EQ(memory.problems.size(), 1u);
    EXPECT_NE(memory.problems[0].message.find("cannot be read (Input/output error)"), std::string::npos)
        << memory.problems[0].message;
    TempFolder folder;
    const auto pipe = folder / "pipe.toml";
    ASSERT_EQ(::mkfifo(pipe.c_str(), 0600), 0);
    const auto fifo = parseProgramFile(pipe);  // opening a pipe for reading would wait for a writer
    ASSERT_EQ(fifo.problems.size(), 1u);
    EXPECT_NE(fifo.problems[0].message.find("not a regular file"), std::string::npos)
        << fifo.problems[0].message;
}

TEST(ProgramParser, ProblemsFormatLikeACompiler) {
    Problem problem{
        {"prog.toml", 3, 9}, "\"route\" cannot be \"x\"", "choose one of iv, im", Severity::Error};
    EXPECT_EQ(formatProblem(problem),
              "prog.toml:3:9: error: \"route\" cannot be \"x\"\n  hint: choose one of iv, im");
}

TEST(EditDistance, CountsSingleCharacterEdits) {
    EXPECT_EQ(editDistance("titel", "title"), 2u);
    EXPECT_EQ(editDistance("planed", "planned"), 1u);
    EXPECT_EQ(editDistance("", "abc"), 3u);
    EXPECT_EQ(editDistance("same", "same"), 0u);
}

// The example in docs/program-format.md is what clinics copy: it must stay valid.
TEST(ProgramParser, DocumentedExampleIsValid) {
    std::ifstream stream(fs::path(STILLPOINT_SOURCE_DIR) / "docs" / "program-format.md");
    ASSERT_TRUE(stream) << "docs/program-format.md is missing";
    const std::string text((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
    const auto start = text.find("```toml\n");
    ASSERT_NE(start, std::string::npos);
    const auto end = text.find("```", start + 8);
    const auto result = parse(text.substr(start + 8, end - start - 8));
    for (const auto& problem : result.problems) ADD_FAILURE() << formatProblem(problem);
    ASSERT_TRUE(result.program);
    EXPECT_EQ(result.program->phases.size(), 4u);
    EXPECT_EQ(result.program->phases[2].maximum, Duration(75min));
}
