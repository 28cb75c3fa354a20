#include "check/ProgramChecker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>

#include "audio/decode/AudioFixtures.h"
#include "audio/decode/FfmpegEncodedFixtures.h"
#include "check/CheckReportFormat.h"

using namespace stillpoint::check;
using namespace stillpoint::testing;
using stillpoint::program::Severity;
namespace fs = std::filesystem;

namespace {

// A program folder with generated audio: two 997 Hz sines at known loudness, a damaged FLAC.
class ProgramFolder {
public:
    ProgramFolder() {
        fs::create_directory(folder_ / "music");
        // Peak 0.1 in both channels: -20.0 LUFS, -20.0 dBTP.
        writeSine(folder_ / "music/quiet.flac",
                  audioSpec(SF_FORMAT_FLAC | SF_FORMAT_PCM_24, 48000, 2, 6.0, "Quiet tone"), 997.0, 0.1);
        // Peak 0.5: -6.0 LUFS, -6.0 dBTP.
        writeSine(folder_ / "music/loud.wav",
                  audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, 44100, 2, 4.0, "Tagged title", "Some artist"),
                  997.0, 0.5);
        writeNoise(folder_ / "music/damaged.flac",
                   audioSpec(SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 48000, 2, 2.0));
        fs::resize_file(folder_ / "music/damaged.flac", fs::file_size(folder_ / "music/damaged.flac") / 2);
        // A WAV cut short after 1 s of its 3 s: libsndfile opens it without a word.
        writeNoise(folder_ / "music/cut.wav", audioSpec(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2, 3.0));
        fs::resize_file(folder_ / "music/cut.wav", 44 + 48000 * 4);
    }

    fs::path write(const std::string& text) {
        const auto file = folder_ / "program.toml";
        std::ofstream(file) << text;
        return file;
    }

    fs::path cacheFile() const { return folder_ / "cache.json"; }
    const fs::path& path() const { return folder_.path(); }

private:
    TempFolder folder_;
};

CheckOptions isolated(const ProgramFolder& folder) {
    CheckOptions options;
    options.cacheFile = folder.cacheFile();
    return options;
}

const stillpoint::program::Problem* findProblem(const CheckReport& report, const std::string& fragment) {
    for (const auto& problem : report.problems) {
        if (problem.message.find(fragment) != std::string::npos) return &problem;
    }
    ADD_FAILURE() << "no problem mentions \"" << fragment << "\" in:\n" << formatReportText(report);
    return nullptr;
}

const char* const kProgram = R"(format = 1
name = "Check test"
target_loudness = -12
volume_ceiling = -1

[[phase]]
name = "onset"
planned = "10s"

  [[phase.track]]
  file = "music/quiet.flac"

  [[phase.track]]
  file = "music/loud.wav"
  gain = 12
  title = "Loud one"

[[phase]]
name = "return"
planned = "6s"
  [[phase.track]]
  file = "music/quiet.flac"
  lyrics = "known"
)";

}  // namespace

TEST(ProgramChecker, MeasuresEachTrackAndComputesItsGain) {
    ProgramFolder folder;
    ProgramChecker checker(isolated(folder));
    const auto report = checker.check(folder.write(kProgram));
    ASSERT_TRUE(report.program);
    ASSERT_EQ(report.tracks.size(), 3u);
    const auto& quiet = report.tracks[0];
    ASSERT_TRUE(quiet.measurement) << quiet.audioError;
    EXPECT_NEAR(quiet.measurement->integratedLufs, -20.0, 0.05);
    EXPECT_NEAR(quiet.gainDb, 8.0, 0.05);
    EXPECT_NEAR(quiet.playedSeconds, 6.0, 1e-6);
    const auto& loud = report.tracks[1];
    ASSERT_TRUE(loud.measurement);
    EXPECT_EQ(loud.measurement->sampleRate, 44100);
    EXPECT_NEAR(loud.gainDb, -12.0 + 6.0 + 12.0, 0.05);  // normalisation plus the written trim
    EXPECT_NEAR(loud.peakAfterGainDbtp, -6.0 + 6.0, 0.1);
    ASSERT_EQ(report.phases.size(), 2u);
    EXPECT_NEAR(report.phases[0].tracksSeconds, 10.0, 1e-6);
    EXPECT_FALSE(report.hasErrors());
}

TEST(ProgramChecker, TitlesComeFromTheProgramThenTheFilesTags) {
    ProgramFolder folder;
    ProgramChecker checker(isolated(folder));
    const auto report = checker.check(folder.write(kProgram));
    ASSERT_EQ(report.tracks.size(), 3u);
    EXPECT_EQ(report.tracks[0].title, "Quiet tone");
    EXPECT_EQ(report.tracks[1].title, "Loud one");
}

TEST(ProgramChecker, WarnsWhenTheGainPushesThePeakOverTheCeiling) {
    ProgramFolder folder;
    ProgramChecker checker(isolated(folder));
    const auto report = checker.check(folder.write(kProgram));
    const auto* peak = findProblem(report, "Loud one will peak at +0.0 dBTP after its gain of +6.0 dB");
    ASSERT_NE(peak, nullptr);
    EXPECT_EQ(peak->severity, Severity::Warning);
    EXPECT_EQ(peak->where.line, 13);
    EXPECT_EQ(peak->where.column, 3);
    EXPECT_NE(peak->hint.find("lower its gain by 1.0 dB"), std::string::npos) << peak->hint;
}

TEST(ProgramChecker, KnownLyricsAreFineInTheFinalPhaseOnly) {
    ProgramFolder folder;
    ProgramChecker checker(isolated(folder));
    auto text = std::string(kProgram);
    auto report = checker.check(folder.write(text));
    for (const auto& problem : report.problems) EXPECT_EQ(problem.message.find("lyrics"), std::string::npos);
    text.replace(text.find("  file = \"music/loud.wav\""), 0, "  lyrics = \"known\"\n");
    report = checker.check(folder.write(text));
    const auto* lyrics =
        findProblem(report, "has lyrics in a language the patient knows, in phase \"onset\"");
    ASSERT_NE(lyrics, nullptr);
    EXPECT_EQ(lyrics->where.line, 13);
}

TEST(ProgramChecker, DamagedAndMissingAudioAreErrorsAtTheTrack) {
    ProgramFolder folder;
    ProgramChecker checker(isolated(folder));
    const auto report = checker.check(folder.write(R"(format = 1
name = "Broken"
[[phase]]
name = "peak"
planned = "10s"
  [[phase.track]]
  file = "music/damaged.flac"
  [[phase.track]]
  file = "music/nowhere.flac"
)"));
    EXPECT_TRUE(report.hasErrors());
    const auto* damaged = findProblem(report, "is damaged");
    ASSERT_NE(damaged, nullptr);
    EXPECT_EQ(damaged->where.line, 6);
    EXPECT_EQ(damaged->where.column, 3);
    const auto* missing = findProblem(report, "no such file");
    ASSERT_NE(missing, nullptr);
    EXPECT_EQ(missing->where.line, 8);
    EXPECT_EQ(report.tracks[1].audioError.empty(), false);
}

TEST(ProgramChecker, ATruncatedWavIsAnErrorSayingHowMuchIsMissing) {
    ProgramFolder folder;
    ProgramChecker checker(isolated(folder));
    const auto report = checker.check(folder.write(R"(format = 1
name = "Cut"
[[phase]]
name = "peak"
planned = "10s"
  [[phase.track]]
  file = "music/cut.wav"
)"));
    EXPECT_TRUE(report.hasErrors());
    const auto* cut = findProblem(report, "cut short, its header promises 0:03 but it holds 0:01");
    ASSERT_NE(cut, nullptr);
    EXPECT_EQ(cut->where.line, 6);  // the track's [[phase.track]]
    EXPECT_EQ(cut->severity, Severity::Error);
}

// What a clinic's library holds beyond libsndfile's formats: the table says which library read each file.
TEST(ProgramChecker, AacAndAnOggCutShortAreCheckedAndTheDecoderIsNamed) {
    if (!haveFfmpegTool()) GTEST_SKIP() << "ffmpeg not installed";
    ProgramFolder folder;
    const auto source = folder.path() / "music/source.wav";
    writeNoise(source, audioSpec(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2, 3.0));
    ASSERT_TRUE(ffmpegEncode(source, folder.path() / "music/bought.m4a", "-c:a aac -b:a 128k"));
    ASSERT_TRUE(ffmpegEncode(source, folder.path() / "music/half.ogg", "-c:a libvorbis"));
    fs::resize_file(folder.path() / "music/half.ogg", fs::file_size(folder.path() / "music/half.ogg") / 2);
    ProgramChecker checker(isolated(folder));
    const auto report = checker.check(folder.write(R"(format = 1
name = "Library"
[[phase]]
name = "peak"
planned = "10s"
  [[phase.track]]
  file = "music/bought.m4a"
  [[phase.track]]
  file = "music/quiet.flac"
  [[phase.track]]
  file = "music/half.ogg"
)"));
    const auto text = formatReportText(report);
    EXPECT_NE(text.find("decoder"), std::string::npos) << text;
    EXPECT_NE(text.find("AAC (M4A)      FFmpeg"), std::string::npos) << text;
    EXPECT_NE(text.find("libsndfile"), std::string::npos) << text;
    EXPECT_EQ(reportToJson(report)["tracks"][0]["decoder"], "FFmpeg");
    EXPECT_TRUE(report.hasErrors());
    const auto* cut = findProblem(report, "half.ogg");
    ASSERT_NE(cut, nullptr);
    EXPECT_NE(cut->message.find("cut short"), std::string::npos) << cut->message;
    EXPECT_EQ(cut->severity, Severity::Error);
    EXPECT_EQ(cut->where.line, 10);
    for (const auto& problem : report.problems)
        EXPECT_EQ(problem.message.find("bought.m4a"), std::string::npos) << problem.message;
}

TEST(ProgramChecker, TimingWarningsForSilentGapsAndOverlongPhases) {
    ProgramFolder folder;
    ProgramChecker checker(isolated(folder));
    const auto report = checker.check(folder.write(R"(format = 1
name = "Timing"
[[phase]]
name = "short"
planned = "1m"
when_tracks_run_out = "silence"
  [[phase.track]]
  file = "music/quiet.flac"

[[phase]]
name = "long"
planned = "4s"
max = "5s"
  [[phase.track]]
  file = "music/quiet.flac"
)"));
    const auto* gap = findProblem(report, "planned for 1m: about 54s of silence");
    ASSERT_NE(gap, nullptr);
    EXPECT_EQ(gap->where.line, 3);
    const auto* overlong = findProblem(report, "much longer than its maximum of 5s");
    ASSERT_NE(overlong, nullptr);
    EXPECT_EQ(overlong->where.line, 10);
    EXPECT_FALSE(report.hasErrors());
}

TEST(ProgramChecker, ProgramFileProblemsStopBeforeAudio) {
    ProgramFolder folder;
    ProgramChecker checker(isolated(folder));
    const auto report = checker.check(folder.write("format = 1\nname = \"x\"\nroute = \"nasal\"\n"));
    EXPECT_FALSE(report.program);
    EXPECT_TRUE(report.tracks.empty());
    EXPECT_GE(report.count(Severity::Error), 2u);
}

TEST(ProgramChecker, SecondCheckIsServedFromTheCache) {
    ProgramFolder folder;
    const auto program = folder.write(kProgram);
    std::atomic<std::size_t> progressCalls{0};
    auto options = isolated(folder);
    options.progress = [&progressCalls](std::size_t done, std::size_t total) {
        EXPECT_LE(done, total);
        ++progressCalls;
    };
    {
        ProgramChecker checker(options);
        checker.check(program);
    }
    EXPECT_EQ(progressCalls.load(), 2u);  // two distinct files, quiet.flac used twice
    // Rewrite the audio with the same size and time: only a cache hit still reports the old loudness.
    const auto modified = fs::last_write_time(folder.path() / "music/quiet.flac");
    writeSine(folder.path() / "music/quiet.flac", audioSpec(SF_FORMAT_FLAC | SF_FORMAT_PCM_24, 48000, 2, 6.0),
              997.0, 0.1);
    fs::last_write_time(folder.path() / "music/quiet.flac", modified);
    ProgramChecker again(options);
    const auto report = again.check(program);
    ASSERT_TRUE(report.tracks[0].measurement);
    EXPECT_NEAR(report.tracks[0].measurement->integratedLufs, -20.0, 0.05);
}

TEST(CheckReportFormat, TextHasTheTableAndCompilerStyleProblems) {
    ProgramFolder folder;
    ProgramChecker checker(isolated(folder));
    const auto report = checker.check(folder.write(kProgram));
    const auto text = formatReportText(report);
    EXPECT_NE(text.find("\"Check test\" (other), 2 phases, 16s planned"), std::string::npos) << text;
    EXPECT_NE(text.find("onset 2"), std::string::npos) << text;
    EXPECT_NE(text.find("FLAC (24-bit)"), std::string::npos) << text;
    EXPECT_NE(text.find("-20.0"), std::string::npos) << text;
    EXPECT_NE(text.find((folder.path() / "program.toml").string() + ":13:3: warning: Loud one will peak"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("\n  hint: "), std::string::npos);
}

TEST(CheckReportFormat, JsonCarriesTracksAndProblems) {
    ProgramFolder folder;
    ProgramChecker checker(isolated(folder));
    const auto json = reportToJson(checker.check(folder.write(kProgram)));
    EXPECT_EQ(json["valid"], true);
    EXPECT_EQ(json["tracks"].size(), 3u);
    EXPECT_NEAR(json["tracks"][0]["integrated_lufs"].get<double>(), -20.0, 0.05);
    EXPECT_EQ(json["tracks"][1]["title"], "Loud one");
    EXPECT_EQ(json["problems"][0]["severity"], "warning");
    EXPECT_EQ(json["problems"][0]["line"], 13);
}
