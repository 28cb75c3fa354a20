// Random valid programs (seeded, so a failure can be replayed) written through the editor's save path (the
// ProgramWriter with comments) and parsed back: the same program, and the same text when written again.
#include <gtest/gtest.h>

#include <random>

#include "app/program/ProgramComparison.h"
#include "program/ProgramComments.h"
#include "program/ProgramParser.h"
#include "program/ProgramWriter.h"

using namespace stillpoint::program;
namespace fs = std::filesystem;

namespace {

class RandomProgram {
public:
    explicit RandomProgram(unsigned seed) : random_(seed) {}

    Program make(const fs::path& folder) {
        Program program;
        program.name = text();
        if (chance()) program.author = text();
        program.route = static_cast<Route>(between(0, 5));
        if (chance()) program.description = text();
        program.targetLufs = between(-400, -100) / 10.0;
        program.volumeCeilingDbfs = between(-300, 0) / 10.0 + (chance() ? 0.0 : 0.05);
        if (program.volumeCeilingDbfs > 0.0) program.volumeCeilingDbfs = 0.0;
        program.endFade = Duration(between(0, 600'000));
        if (chance()) program.grounding = track(folder, false);
        const int phases = between(1, kMaxPhases);
        for (int p = 0; p < phases; ++p) {
            Phase phase;
            phase.name = text();
            phase.planned = Duration(between(1000, 4 * 3'600'000));
            if (chance()) phase.minimum = Duration(between(0, static_cast<int>(phase.planned.count())));
            if (chance()) phase.maximum = phase.planned + Duration(between(0, 3'600'000));
            phase.ends = chance() ? PhaseEnd::Operator : PhaseEnd::Automatic;
            phase.crossfadeToNext = Duration(between(0, static_cast<int>(phase.planned.count())));
            phase.trackCrossfade = Duration(between(0, 20'000));
            phase.fill = static_cast<FillPolicy>(between(0, 2));
            if (phase.fill == FillPolicy::Bed || chance(0.1)) phase.bed = track(folder, false);
            if (phase.fill == FillPolicy::Bed && !phase.bed) phase.bed = track(folder, false);
            const int tracks = phase.fill == FillPolicy::Loop ? between(1, 6) : between(0, 3);
            for (int t = 0; t < tracks; ++t) phase.tracks.push_back(track(folder, true));
            if (phase.fill != FillPolicy::Bed) phase.bed.reset();  // an unplayed bed is only a warning
            program.phases.push_back(std::move(phase));
        }
        return program;
    }

    // Comments as an editor keeps them: above the file, the grounding track, phases and tracks.
    ProgramWriteOptions comments(const Program& program, const fs::path& folder) {
        ProgramWriteOptions options;
        options.programFolder = folder;
        if (chance()) options.headerComment = words() + "\n\n" + words();
        if (program.grounding && chance()) options.groundingComment = words();
        for (const auto& phase : program.phases) {
            options.phaseComments.push_back(chance() ? words() : "");
            options.trackComments.emplace_back();
            for (std::size_t t = 0; t < phase.tracks.size(); ++t)
                options.trackComments.back().push_back(chance(0.3) ? words() : "");
        }
        return options;
    }

private:
    int between(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }
    bool chance(double p = 0.5) { return std::bernoulli_distribution(p)(random_); }

    // Text a clinic might write, with what needs escaping: quotes, backslashes, '#', tabs, accents.
    std::string text() {
        static const std::vector<std::string> pieces{"peak",        "Für Alina", " ",         "\"quoted\"",
                                                     "back\\slash", "#1",        "tab\there", "日本語",
                                                     "new\nline",   "'single'",  "=",         "[x]"};
        std::string out;
        const int count = between(1, 4);
        for (int i = 0; i < count; ++i) out += pieces[static_cast<std::size_t>(between(0, 11))];
        return out;
    }
    std::string words() {
        static const std::vector<std::string> pieces{"Check", "the",  "peak",     "#",
                                                     "\"x\"", "Pärt", "[[phase]]"};
        std::string out;
        for (int i = between(1, 6); i > 0; --i) out += pieces[static_cast<std::size_t>(between(0, 6))] + " ";
        return out.substr(0, out.size() - 1);
    }

    Track track(const fs::path& folder, bool alternates) {
        Track track;
        static const std::vector<std::string> names{"a.flac", "Album \"Live\"/01 #1.m4a", "../up/Pärt.ogg",
                                                    "sub/dir/x y.wav"};
        track.file = (folder / names[static_cast<std::size_t>(between(0, 3))]).lexically_normal();
        if (chance()) track.title = text();
        if (chance()) track.start = Duration(between(0, 60'000));
        if (chance()) track.end = Duration((track.start ? track.start->count() : 0) + between(1, 600'000));
        if (chance()) track.gainDb = between(-300, 120) / 10.0;
        if (chance()) track.fadeIn = Duration(between(0, 30'000));
        if (chance()) track.fadeOut = Duration(between(0, 30'000));
        track.lyrics = static_cast<Lyrics>(between(0, 3));
        if (chance()) track.intensity = between(1, 5);
        for (int i = between(0, 3); i > 0; --i) track.tags.push_back(text());
        if (alternates)
            for (int i = between(0, 2); i > 0; --i) track.alternates.push_back(this->track(folder, false));
        return track;
    }

    std::mt19937 random_;
};

}  // namespace

TEST(EditorRoundTrip, RandomValidProgramsComeBackTheSame) {
    const fs::path folder = "/clinic/programs";
    for (unsigned seed = 1; seed <= 150; ++seed) {
        SCOPED_TRACE("seed " + std::to_string(seed));
        RandomProgram random(seed);
        const Program program = random.make(folder);
        const ProgramWriteOptions options = random.comments(program, folder);
        const std::string written = writeProgramText(program, options);
        const auto parsed = parseProgramText(written, folder / "random.toml");
        for (const auto& problem : parsed.problems)
            ASSERT_NE(problem.severity, Severity::Error) << formatProblem(problem) << "\n" << written;
        ASSERT_TRUE(parsed.program);
        stillpoint::testing::expectSameProgram(program, *parsed.program);
        // The comments come back where they were written, and writing again gives the same text.
        const auto comments = readProgramComments(written);
        EXPECT_TRUE(comments.unkeptLines.empty());
        EXPECT_EQ(comments.phases, options.phaseComments);
        EXPECT_EQ(comments.tracks, options.trackComments);
        EXPECT_EQ(comments.grounding, options.groundingComment);
        ProgramWriteOptions again = options;
        again.headerComment = comments.header;
        EXPECT_EQ(writeProgramText(*parsed.program, again), written);
        if (HasFailure()) break;
    }
}
