// The editor's model without a window: every change and its undo, problems placed on the element they
// concern, templates that match the shipped programs, saving through the ProgramWriter and what a save
// keeps of a hand-written file's comments.
#include "editor/EditorModel.h"
#include "editor/ProgramImport.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>

#include "app/program/ProgramComparison.h"
#include "audio/decode/AudioFixtures.h"
#include "program/ProgramParser.h"

using namespace stillpoint::editor;
using namespace stillpoint::program;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
using stillpoint::testing::expectSameProgram;
using stillpoint::testing::TempFolder;

namespace {

const fs::path kPlaylists = fs::path(STILLPOINT_SOURCE_DIR) / "playlists";

Track trackFor(const fs::path& file, const std::string& title = {}) {
    Track track;
    track.file = file;
    track.title = title;
    return track;
}

Program parsed(const fs::path& file) {
    const auto result = parseProgramFile(file);
    for (const auto& problem : result.problems)
        if (problem.severity == Severity::Error) ADD_FAILURE() << formatProblem(problem);
    return result.program.value_or(Program{});
}

std::string readAll(const fs::path& file) {
    std::ifstream in(file);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeText(const fs::path& file, const std::string& text) {
    std::ofstream(file) << text;
}

bool mentions(const std::vector<EditorProblem>& problems, const std::string& words) {
    return std::any_of(problems.begin(), problems.end(), [&](const EditorProblem& p) {
        return p.problem.message.find(words) != std::string::npos;
    });
}

std::vector<std::string> phaseNames(const EditorModel& model) {
    std::vector<std::string> names;
    for (const auto& phase : model.program().phases) names.push_back(phase.name);
    return names;
}

}  // namespace

TEST(EditorTemplates, RouteTemplatesHaveTheShippedProgramsPhasePlans) {
    const std::vector<std::pair<ProgramTemplate, const char*>> shipped{
        {ProgramTemplate::IvInfusion40, "iv-infusion-40.toml"},
        {ProgramTemplate::Im60, "im-60.toml"},
        {ProgramTemplate::Sublingual90, "sublingual-90.toml"},
        {ProgramTemplate::IntranasalEsketamine120, "intranasal-esketamine-120.toml"}};
    for (const auto& [id, file] : shipped) {
        SCOPED_TRACE(file);
        const EditorModel model(id);
        const Program program = parsed(kPlaylists / file);
        EXPECT_EQ(model.program().route, program.route);
        EXPECT_EQ(model.program().name, program.name);
        ASSERT_EQ(model.program().phases.size(), program.phases.size());
        for (std::size_t i = 0; i < program.phases.size(); ++i)
            stillpoint::testing::expectSamePhasePlan(model.program().phases[i], program.phases[i]);
        // A template has no music yet: the problems say which phases need tracks, and it is not modified.
        EXPECT_TRUE(model.hasErrors());
        EXPECT_TRUE(mentions(model.problemsOf(ElementRef::phaseAt(0)), "has no tracks"));
    }
    EXPECT_EQ(EditorModel(ProgramTemplate::Oral).program().plannedTotal(), 120min);
    EXPECT_EQ(EditorModel(ProgramTemplate::Blank).program().phases.size(), 1u);
    EXPECT_EQ(programTemplates().size(), 6u);
}

TEST(EditorModel, PhasesAreAddedMovedAndRemovedAndEachIsOneUndoStep) {
    EditorModel model(ProgramTemplate::IvInfusion40);
    Phase closing;
    closing.name = "closing";
    closing.planned = 5min;
    EXPECT_EQ(model.addPhase(99, closing), 5);
    EXPECT_EQ(phaseNames(model),
              (std::vector<std::string>{"settling", "onset", "peak", "return", "rest", "closing"}));
    model.movePhase(5, 0);
    EXPECT_EQ(phaseNames(model).front(), "closing");
    // The comment written above a phase moves with it.
    EXPECT_EQ(model.comments().phases[1].rfind("What to choose: soft, familiar", 0), 0u)
        << model.comments().phases[1];
    model.removePhase(2);
    EXPECT_EQ(phaseNames(model), (std::vector<std::string>{"closing", "settling", "peak", "return", "rest"}));
    EXPECT_EQ(model.undoLabel(), "remove phase");
    model.undo();
    EXPECT_EQ(phaseNames(model),
              (std::vector<std::string>{"closing", "settling", "onset", "peak", "return", "rest"}));
    model.undo();
    model.undo();
    EXPECT_EQ(phaseNames(model), (std::vector<std::string>{"settling", "onset", "peak", "return", "rest"}));
    EXPECT_FALSE(model.canUndo());
    model.redo();
    model.redo();
    EXPECT_EQ(phaseNames(model).front(), "closing");
    EXPECT_EQ(model.redoLabel(), "remove phase");
    // A new change after undo drops what could have been redone.
    model.editPhase(0, "name", [](Phase& p) { p.name = "farewell"; });
    EXPECT_FALSE(model.canRedo());
}

TEST(EditorModel, TracksAndAlternatesMoveWithinAndBetweenPhases) {
    EditorModel model(ProgramTemplate::Blank);
    Phase second;
    second.name = "second";
    second.planned = 10min;
    model.addPhase(1, second);
    model.addTrack(0, 0, trackFor("/m/a.flac", "A"));
    model.addTrack(0, 1, trackFor("/m/b.flac", "B"));
    model.addTrack(0, 2, trackFor("/m/c.flac", "C"));
    model.moveTrack(0, 2, 0, 0);
    auto titles = [&](int phase) {
        std::string joined;
        for (const auto& t : model.program().phases[static_cast<std::size_t>(phase)].tracks)
            joined += t.title;
        return joined;
    };
    EXPECT_EQ(titles(0), "CAB");
    model.moveTrack(0, 1, 1, 0);
    EXPECT_EQ(titles(0), "CB");
    EXPECT_EQ(titles(1), "A");
    model.addAlternate(1, 0, trackFor("/m/a-calm.flac", "calm"));
    model.addAlternate(1, 0, trackFor("/m/a-calmer.flac", "calmer"));
    model.moveAlternate(1, 0, 1, 0);
    ASSERT_EQ(model.program().phases[1].tracks[0].alternates.size(), 2u);
    EXPECT_EQ(model.program().phases[1].tracks[0].alternates[0].title, "calmer");
    model.removeAlternate(1, 0, 0);
    EXPECT_EQ(model.program().phases[1].tracks[0].alternates[0].title, "calm");
    model.removeTrack(0, 0);
    EXPECT_EQ(titles(0), "B");
    for (int i = 0; i < 6; ++i) model.undo();
    EXPECT_EQ(titles(0), "CAB");
    EXPECT_EQ(titles(1), "");
    // Nothing happens (and nothing is added to undo) for an element that does not exist.
    const auto steps = model.undoLabel();
    model.removeTrack(7, 0);
    model.moveTrack(0, 9, 0, 0);
    model.editTrack(ElementRef::trackAt(0, 5), "gain", [](Track& t) { t.gainDb = 1; });
    EXPECT_EQ(model.undoLabel(), steps);
}

TEST(EditorModel, EveryFieldIsSavedAndReadBack) {
    TempFolder folder;
    EditorModel model(ProgramTemplate::Blank);
    model.editProgram("name", [](Program& p) { p.name = "Clinic \"North\" – Für Alina"; });
    model.editProgram("author", [](Program& p) { p.author = "Dr. Example"; });
    model.editProgram("route", [](Program& p) { p.route = Route::Oral; });
    model.editProgram("description", [](Program& p) { p.description = "Two lines\nof text"; });
    model.editProgram("target loudness", [](Program& p) { p.targetLufs = -20.5; });
    model.editProgram("ceiling", [](Program& p) { p.volumeCeilingDbfs = -3.0; });
    model.editProgram("end fade", [](Program& p) { p.endFade = 45s; });
    model.editPhase(0, "fields", [](Phase& p) {
        p.name = "peak";
        p.planned = 40min;
        p.minimum = 20min;
        p.maximum = 55min;
        p.ends = PhaseEnd::Operator;
        p.crossfadeToNext = 30s;
        p.trackCrossfade = 8s;
        p.fill = FillPolicy::Bed;
    });
    model.setBed(0, trackFor(folder / "music" / "bed.flac", "Bed"));
    model.addTrack(0, 0, trackFor(folder / "music" / "one.flac"));
    model.editTrack(ElementRef::trackAt(0, 0), "fields", [](Track& t) {
        t.title = "One";
        t.start = 1500ms;
        t.end = 4min;
        t.gainDb = -2.5;
        t.fadeIn = 3s;
        t.fadeOut = 10s;
        t.lyrics = Lyrics::ForeignLanguage;
        t.intensity = 4;
        t.tags = {"strings", "no-percussion"};
    });
    model.addAlternate(0, 0, trackFor(folder / "music" / "one calm.flac", "One, calmer"));
    model.editTrack(ElementRef::alternateAt(0, 0, 0), "intensity", [](Track& t) { t.intensity = 1; });
    model.setGrounding(trackFor(folder / "music" / "ground.flac", "Ground"));
    model.editTrack(ElementRef::grounding(), "lyrics", [](Track& t) { t.lyrics = Lyrics::None; });

    const fs::path file = folder / "programs" / "clinic.toml";
    fs::create_directories(file.parent_path());
    EXPECT_TRUE(model.modified());
    model.save(file);
    EXPECT_FALSE(model.modified());
    const std::string text = readAll(file);
    EXPECT_NE(text.find("file = \"../music/one calm.flac\""), std::string::npos) << text;  // relative
    const Program back = parsed(file);
    expectSameProgram(model.program(), back);
    EXPECT_EQ(back.phases[0].tracks[0].tags, (std::vector<std::string>{"strings", "no-percussion"}));
    EXPECT_EQ(back.phases[0].bed->title, "Bed");
    EXPECT_EQ(back.endFade, 45s);
}

TEST(EditorModel, TypingInOneFieldIsOneUndoStep) {
    EditorModel model(ProgramTemplate::Blank);
    for (const char* typed : {"C", "Cl", "Cli", "Clinic"})
        model.editProgram("name", [&](Program& p) { p.name = typed; });
    model.endTyping();
    model.editProgram("name", [](Program& p) { p.name = "Clinic A"; });
    model.undo();
    EXPECT_EQ(model.program().name, "Clinic");
    model.undo();
    EXPECT_EQ(model.program().name, "New program");
    EXPECT_FALSE(model.canUndo());
}

TEST(EditorModel, ProblemsArePlacedOnTheElementTheyConcern) {
    EditorModel model(ProgramTemplate::Sublingual90);
    for (int phase = 0; phase < 5; ++phase) model.addTrack(phase, 0, trackFor("/m/x.flac"));
    EXPECT_FALSE(model.hasErrors());
    model.editPhase(2, "min", [](Phase& p) { p.minimum = 45min; });  // planned is 30m
    model.addTrack(3, 1, trackFor("/m/y.flac"));
    model.editTrack(ElementRef::trackAt(3, 1), "intensity", [](Track& t) { t.intensity = 9; });
    model.addAlternate(1, 0, trackFor("/m/z.flac"));
    model.editTrack(ElementRef::alternateAt(1, 0, 0), "gain", [](Track& t) { t.gainDb = 40; });
    model.editProgram("ceiling", [](Program& p) { p.volumeCeilingDbfs = 3; });
    EXPECT_TRUE(
        mentions(model.problemsOf(ElementRef::phaseAt(2)), "\"min\" (45m) is longer than \"planned\""));
    EXPECT_TRUE(mentions(model.problemsOf(ElementRef::trackAt(3, 1)), "\"intensity\" is 9"));
    EXPECT_TRUE(mentions(model.problemsOf(ElementRef::alternateAt(1, 0, 0)), "\"gain\" is 40"));
    EXPECT_TRUE(mentions(model.problemsOf(ElementRef::program()), "volume_ceiling"));
    EXPECT_EQ(model.problems().size(), 4u);
    EXPECT_TRUE(model.hasErrors());
    EXPECT_FALSE(model.canStartSession());
    for (int step = 0; step < 6; ++step) model.undo();
    EXPECT_TRUE(model.problems().empty());
}

TEST(EditorModel, TheAudioCheckFindsMissingFilesAndMeasuresPhaseLengths) {
    TempFolder folder;
    const fs::path present = folder / "tone.wav";
    stillpoint::testing::writeAudio(
        present, stillpoint::testing::audioSpec(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2, 3.0),
        [](std::int64_t frame, int) { return 0.1f * std::sin(0.05f * frame); });
    EditorModel model(ProgramTemplate::Blank);
    model.editPhase(0, "planned", [](Phase& p) { p.planned = 5s; });
    model.addTrack(0, 0, trackFor(present));
    model.addTrack(0, 1, trackFor(folder / "missing.flac"));
    EXPECT_FALSE(model.audioChecked());
    EXPECT_EQ(model.phaseMusic(0).fit, PhaseFit::Unknown);
    stillpoint::check::CheckOptions options;
    options.cacheFile = folder / "loudness.json";
    stillpoint::check::ProgramChecker checker(options);
    model.checkNow(checker);
    EXPECT_TRUE(model.audioChecked());
    const auto onMissing = model.problemsOf(ElementRef::trackAt(0, 1));
    ASSERT_EQ(onMissing.size(), 1u);
    EXPECT_EQ(onMissing[0].problem.severity, Severity::Error);
    EXPECT_TRUE(model.problemsOf(ElementRef::trackAt(0, 0)).empty());
    model.removeTrack(0, 1);
    EXPECT_FALSE(model.audioChecked());  // a change needs a new check
    // The lengths measured stay known: 3 s of music for 5 s planned loops to fill it (the phase's tracks
    // loop when they run out, so it is never short), plays its bed, or is too short when set to silence;
    // for 2 s it fits.
    EXPECT_NEAR(model.phaseMusic(0).musicSeconds, 3.0, 0.01);
    EXPECT_EQ(model.phaseMusic(0).fit, PhaseFit::Loops);
    EXPECT_STREQ(toString(model.phaseMusic(0).fit), "loops to fill");
    model.setBed(0, trackFor(present));
    model.editPhase(0, "fill", [](Phase& p) { p.fill = stillpoint::program::FillPolicy::Bed; });
    EXPECT_EQ(model.phaseMusic(0).fit, PhaseFit::BedFills);
    model.editPhase(0, "fill", [](Phase& p) { p.fill = stillpoint::program::FillPolicy::Silence; });
    EXPECT_EQ(model.phaseMusic(0).fit, PhaseFit::TooShort);
    model.editPhase(0, "planned", [](Phase& p) { p.planned = 2500ms; });
    EXPECT_EQ(model.phaseMusic(0).fit, PhaseFit::Fits);
    model.editPhase(0, "planned", [](Phase& p) { p.planned = 1s; });
    EXPECT_EQ(model.phaseMusic(0).fit, PhaseFit::MuchLonger);
    // A report of an older revision does not replace the problems of this one.
    const auto before = model.problems().size();
    stillpoint::check::CheckReport stale;
    stale.problems.push_back({{}, "stale", "", Severity::Error});
    model.takeCheckReport(model.revision() - 1, stale);
    EXPECT_EQ(model.problems().size(), before);
}

TEST(EditorModel, ShippedProgramsOpenUnmodifiedAndSaveToTheSameProgram) {
    TempFolder folder;
    for (const auto& entry : fs::directory_iterator(kPlaylists)) {
        if (entry.path().extension() != ".toml") continue;
        SCOPED_TRACE(entry.path().filename().string());
        auto opened = EditorModel::open(entry.path());
        ASSERT_TRUE(opened.model);
        EditorModel& model = *opened.model;
        EXPECT_FALSE(model.modified());
        EXPECT_FALSE(model.hasErrors());
        // Saved elsewhere: the original file's comments are not at stake.
        const fs::path copy = folder / entry.path().filename();
        EXPECT_TRUE(model.savePlan(copy).lostCommentLines.empty());
        model.save(copy);
        expectSameProgram(parsed(entry.path()), parsed(copy));
        // The comments above the file, the grounding track, each phase and each track are written again.
        const auto original = readProgramComments(readAll(entry.path()));
        const auto saved = readProgramComments(readAll(copy));
        EXPECT_EQ(saved.header, original.header);
        EXPECT_EQ(saved.grounding, original.grounding);
        EXPECT_EQ(saved.phases, original.phases);
        EXPECT_EQ(saved.tracks, original.tracks);
    }
}

TEST(EditorModel, ASavedProgramPassesCheck) {
    // A program made from a template with short generated tones (real audio, measured by the checker).
    TempFolder folder;
    fs::create_directories(folder / "music");
    auto tone = [&](const std::string& name, float pitch) {
        const fs::path file = folder / "music" / name;
        stillpoint::testing::writeAudio(
            file, stillpoint::testing::audioSpec(SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 48000, 2, 2.0),
            [pitch](std::int64_t frame, int) { return 0.05f * std::sin(pitch * frame); });
        return file;
    };
    EditorModel model(ProgramTemplate::IvInfusion40);
    for (int phase = 0; phase < 5; ++phase) {
        model.addTrack(phase, 0,
                       trackFor(tone("t" + std::to_string(phase) + ".flac", 0.01f + 0.01f * phase)));
        model.addAlternate(phase, 0, trackFor(tone("calm" + std::to_string(phase) + ".flac", 0.005f)));
    }
    model.setGrounding(trackFor(tone("ground.flac", 0.003f), "Ground"));
    const fs::path file = folder / "programs" / "iv.toml";
    fs::create_directories(file.parent_path());
    model.save(file);
    stillpoint::check::CheckOptions options;
    options.cacheFile = folder / "loudness.json";
    stillpoint::check::ProgramChecker checker(options);
    const auto report = checker.check(file);
    for (const auto& problem : report.problems)
        EXPECT_NE(problem.severity, Severity::Error) << formatProblem(problem);
    ASSERT_TRUE(report.program);
    EXPECT_EQ(report.tracks.size(), 11u);
    for (const auto& track : report.tracks) EXPECT_TRUE(track.measurement) << track.fileAsWritten;
    // And the editor's own check of the same text agrees.
    model.checkNow(checker);
    EXPECT_FALSE(model.hasErrors());
}

TEST(EditorModel, AHandWrittenFilesCommentsAreKeptOrReportedBeforeTheyAreLost) {
    TempFolder folder;
    const fs::path file = folder / "hand.toml";
    writeText(file,
              "# Written by hand.\n"
              "format = 1\n"
              "name = \"Hand # not a comment\"  # after a value\n"
              "\n"
              "# Above the phase.\n"
              "[[phase]]\n"
              "name = \"only\"\n"
              "planned = \"5m\"\n"
              "# inside the phase table\n"
              "when_tracks_run_out = \"loop\"\n"
              "\n"
              "# Above the track.\n"
              "[[phase.track]]\n"
              "file = \"a.flac\"\n"
              "\n"
              "# Above the alternate.\n"
              "[[phase.track.alternate]]\n"
              "file = \"b.flac\"\n");
    auto opened = EditorModel::open(file);
    ASSERT_TRUE(opened.model);
    EditorModel& model = *opened.model;
    EXPECT_EQ(model.comments().header, "Written by hand.");
    EXPECT_EQ(model.comments().phases, (std::vector<std::string>{"Above the phase."}));
    const auto plan = model.savePlan(file);
    EXPECT_TRUE(plan.replacesOpenedFile);
    EXPECT_EQ(plan.lostCommentLines, (std::vector<int>{3, 9, 16}));
    EXPECT_NE(plan.whatIsKept.find("3 other comments of the file (lines 3, 9, 16) would be lost"),
              std::string::npos)
        << plan.whatIsKept;
    model.editPhase(0, "planned", [](Phase& p) { p.planned = 6min; });
    model.save(file);
    const auto saved = readProgramComments(readAll(file));
    EXPECT_EQ(saved.header, "Written by hand.");
    EXPECT_EQ(saved.phases, (std::vector<std::string>{"Above the phase."}));
    EXPECT_EQ(saved.tracks, (std::vector<std::vector<std::string>>{{"Above the track."}}));
    EXPECT_TRUE(saved.unkeptLines.empty());
    EXPECT_TRUE(model.savePlan(file).lostCommentLines.empty());  // nothing more to lose
}

TEST(ProgramComments, HashesInsideStringsAreNotComments) {
    const auto comments = readProgramComments(
        "name = 'a # b'\n"
        "description = \"\"\"\n"
        "# not a comment\n"
        "\"\"\" # but this is\n"
        "title = \"c \\\" # d\"\n");
    EXPECT_EQ(comments.unkeptLines, (std::vector<int>{4}));
    EXPECT_TRUE(comments.header.empty());
}

TEST(EditorModel, AFileThatIsNotAProgramIsNotOpened) {
    TempFolder folder;
    writeText(folder / "broken.toml", "format = 1\nname = \"x\"\n[[phase]]\nname = \"p\"\nplanned = 20\n");
    const auto opened = EditorModel::open(folder / "broken.toml");
    EXPECT_FALSE(opened.model);
    ASSERT_EQ(opened.problems.size(), 2u);
    EXPECT_EQ(opened.problems[1].where.line, 5);
    EXPECT_NE(opened.problems[1].message.find("has no unit"), std::string::npos);
}

TEST(EditorModel, AFolderImportedReplacesTheProgramAsOneUndoStepAndKeepsTheFileToSaveTo) {
    TempFolder folder;
    fs::create_directories(folder / "music");
    for (const char* name : {"01 first.wav", "02 second.wav", "03 third.wav", "04 fourth.wav"})
        stillpoint::testing::writeSine(
            folder / "music" / name,
            stillpoint::testing::audioSpec(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2, 2.0));
    stillpoint::testing::writeBytes(folder / "music" / "05 broken.wav", "not audio");
    const auto imported = importProgram(folder / "music", Route::Iv);
    ASSERT_TRUE(imported.imported) << imported.error;
    EXPECT_EQ(imported.name, "music");
    EXPECT_EQ(imported.tracks, 4u);
    ASSERT_EQ(imported.skipped.size(), 1u);  // the file that is not audio, named
    EXPECT_NE(imported.skipped[0].find("05 broken.wav"), std::string::npos) << imported.skipped[0];

    const fs::path file = folder / "clinic.toml";
    EditorModel model(ProgramTemplate::Blank);
    model.save(file);
    const std::string before = model.text();
    model.replaceWithImport(*imported.imported);
    EXPECT_EQ(model.file(), file);
    EXPECT_TRUE(model.modified());
    EXPECT_EQ(model.program().route, Route::Iv);
    EXPECT_EQ(model.program().phases.size(), routePhasePlan(Route::Iv).size());
    std::size_t tracks = 0;
    for (const auto& phase : model.program().phases) tracks += phase.tracks.size();
    EXPECT_GE(tracks, 4u);
    // The import's comments (what to check at each phase) are written with it.
    EXPECT_NE(model.text().find("# "), std::string::npos) << model.text();
    EXPECT_EQ(model.undoLabel(), "import playlist");
    model.undo();
    EXPECT_EQ(model.text(), before);

    EXPECT_FALSE(importProgram(folder / "nowhere.m3u", Route::Iv).imported);
    EXPECT_FALSE(importProgram(folder / "nowhere.m3u", Route::Iv).error.empty());
}
