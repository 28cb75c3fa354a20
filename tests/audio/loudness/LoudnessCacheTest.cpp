#include "audio/loudness/LoudnessCache.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <random>
#include <thread>

#include "ScopedEnvironmentVariable.h"
#include "audio/decode/AudioFileReader.h"
#include "audio/decode/AudioFixtures.h"
#include "audio/decode/FfmpegEncodedFixtures.h"

using namespace stillpoint::audio;
using namespace stillpoint::testing;
namespace fs = std::filesystem;

namespace {

// BS.1770: a 997 Hz sine of peak A in one channel reads 20 log10(A) - 3.01 LUFS (the K-filter's gain at
// 997 Hz is cancelled by the -0.691 constant); the same sine in both channels adds 3.01 dB.
double stereoSineLufs(double amplitude) {
    return 20.0 * std::log10(amplitude);
}

}  // namespace

TEST(MeasureLoudness, StereoSineMatchesItsAnalyticLoudness) {
    TempFolder folder;
    const auto file = folder / "sine.wav";
    writeSine(file, audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 2, 5.0), 997.0, 0.5);
    const auto measured = measureLoudness(file);
    EXPECT_NEAR(measured.integratedLufs, stereoSineLufs(0.5), 0.05);
    EXPECT_NEAR(measured.truePeakDbtp, 20.0 * std::log10(0.5), 0.1);
    EXPECT_NEAR(measured.loudnessRangeLu, 0.0, 0.1);
    EXPECT_NEAR(measured.durationSeconds, 5.0, 1e-6);
    EXPECT_EQ(measured.sampleRate, 48000);
    EXPECT_EQ(measured.channels, 2);
    EXPECT_EQ(measured.formatName, "WAV (float)");
}

// Files only FFmpeg reads are measured on what the engine plays, and agree with ffmpeg's own ebur128.
TEST(MeasureLoudness, FilesFfmpegDecodesAgreeWithFfmpegsEbur128) {
    if (!haveFfmpegTool()) GTEST_SKIP() << "ffmpeg not installed";
    TempFolder folder;
    const auto source = folder / "source.wav";
    // Music-like: a tone whose level swells, over noise, so gating and the K-filter both matter.
    std::mt19937 noise(7);
    std::uniform_real_distribution<float> uniform(-0.05f, 0.05f);
    writeAudio(
        source, audioSpec(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 6.0),
        [&](std::int64_t frame, int channel) {
            const double t = static_cast<double>(frame) / 44100.0;
            const double swell = 0.15 + 0.25 * (0.5 + 0.5 * std::sin(2.0 * M_PI * 0.3 * t));
            return static_cast<float>(swell * std::sin(2.0 * M_PI * (channel == 0 ? 330.0 : 495.0) * t)) +
                   uniform(noise);
        });
    const std::pair<const char*, const char*> formats[] = {{"aac.m4a", "-c:a aac -b:a 192k"},
                                                           {"alac.m4a", "-c:a alac"},
                                                           {"wma.wma", "-c:a wmav2 -b:a 192k"},
                                                           {"opus.webm", "-c:a libopus -b:a 128k"}};
    for (const auto& [name, options] : formats) {
        const auto file = folder / name;
        ASSERT_TRUE(ffmpegEncode(source, file, options)) << name;
        const auto measured = measureLoudness(file);
        EXPECT_EQ(measured.decoder, "FFmpeg") << name;
        const auto theirs = ffmpegIntegratedLufs(file);
        ASSERT_TRUE(theirs) << name;
        EXPECT_NEAR(measured.integratedLufs, *theirs, 0.1) << name;
        EXPECT_NEAR(measured.durationSeconds, 6.0, 0.05) << name;
        EXPECT_TRUE(measured.damage.empty()) << name << ": " << measured.damage;
    }
}

TEST(MeasureLoudness, AnOggCutShortIsMeasuredOnWhatPlaysAndSaysItIsDamaged) {
    TempFolder folder;
    const auto file = folder / "half.ogg";
    writeNoise(file, audioSpec(SF_FORMAT_OGG | SF_FORMAT_VORBIS, 48000, 2, 4.0));
    fs::resize_file(file, fs::file_size(file) / 2);
    const auto measured = measureLoudness(file);
    EXPECT_LT(measured.durationSeconds, 3.0);
    EXPECT_NE(measured.damage.find("half.ogg"), std::string::npos) << measured.damage;
    EXPECT_NE(measured.damage.find("cut short"), std::string::npos) << measured.damage;
}

TEST(MeasureLoudness, MonoIsMeasuredAsThePlayedCentredDownmix) {
    TempFolder folder;
    const auto file = folder / "mono.flac";
    writeSine(file, audioSpec(SF_FORMAT_FLAC | SF_FORMAT_PCM_24, 44100, 1, 5.0), 997.0, 0.5);
    const auto measured = measureLoudness(file);
    // Each channel carries A / sqrt(2): together they read as one channel of peak A, i.e. 3.01 dB lower.
    EXPECT_NEAR(measured.integratedLufs, stereoSineLufs(0.5) - 3.01, 0.05);
    EXPECT_EQ(measured.channels, 1);
}

TEST(MeasureLoudness, QuieterSineMeasuresTwentyDbLower) {
    TempFolder folder;
    writeSine(folder / "loud.wav", audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 2, 4.0), 997.0, 0.5);
    writeSine(folder / "quiet.wav", audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 2, 4.0), 997.0, 0.05);
    const double loud = measureLoudness(folder / "loud.wav").integratedLufs;
    const double quiet = measureLoudness(folder / "quiet.wav").integratedLufs;
    EXPECT_NEAR(loud - quiet, 20.0, 0.02);
}

TEST(MeasureLoudness, SilenceNeedsNoGain) {
    TempFolder folder;
    const auto file = folder / "silence.wav";
    writeSilence(file, audioSpec(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2, 2.0));
    const auto measured = measureLoudness(file);
    EXPECT_EQ(measured.integratedLufs, -70.0);
    EXPECT_EQ(measured.truePeakDbtp, -120.0);
    EXPECT_EQ(normalisationGainDb(measured, -23.0), 0.0);
}

TEST(MeasureLoudness, DamagedFlacIsMeasuredOnWhatPlaysAndSaysSo) {
    TempFolder folder;
    const auto file = folder / "cut.flac";
    writeNoise(file, audioSpec(SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 48000, 2, 2.0));
    fs::resize_file(file, fs::file_size(file) / 2);
    const LoudnessMeasurement measured = measureLoudness(file);
    EXPECT_NE(measured.damage.find("is damaged: decoding stopped after"), std::string::npos)
        << measured.damage;
    EXPECT_NE(measured.damage.find(file.string()), std::string::npos) << measured.damage;
    EXPECT_GT(measured.durationSeconds, 0.3);
    EXPECT_LT(measured.durationSeconds, 1.8);
    // The part that plays is normalised like any other music, not left at its raw level.
    EXPECT_GT(measured.integratedLufs, -40.0);
}

TEST(MeasureLoudness, TruncatedWavSaysHowLongItShouldHaveBeen) {
    TempFolder folder;
    const auto file = folder / "cut.wav";
    writeNoise(file, audioSpec(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2, 4.0));
    fs::resize_file(file, 44 + 48000 * 4);  // the header, then one second of 16-bit stereo
    const LoudnessMeasurement measured = measureLoudness(file);
    EXPECT_NEAR(measured.durationSeconds, 1.0, 0.01);
    EXPECT_NE(measured.damage.find("cut short, its header promises 0:04 but it holds 0:01"),
              std::string::npos)
        << measured.damage;
}

TEST(LoudnessCache, KeepsWhatIsWrongWithADamagedFile) {
    TempFolder folder;
    const auto file = folder / "cut.wav";
    writeNoise(file, audioSpec(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2, 4.0));
    fs::resize_file(file, 44 + 48000 * 4);
    {
        LoudnessCache cache(folder / "cache.json");
        EXPECT_FALSE(cache.measure(file).damage.empty());
        cache.save();
    }
    LoudnessCache again(folder / "cache.json");
    EXPECT_FALSE(again.measure(file).damage.empty()) << "the cached figures lost the damage";
}

TEST(NormalisationGain, BringsTheMeasurementToTheTarget) {
    LoudnessMeasurement measured;
    measured.integratedLufs = -14.5;
    EXPECT_DOUBLE_EQ(normalisationGainDb(measured, -23.0), -8.5);
    measured.integratedLufs = -30.0;
    EXPECT_DOUBLE_EQ(normalisationGainDb(measured, -23.0), 7.0);
}

TEST(LoudnessCache, SecondMeasureIsServedFromTheCacheWithoutReadingTheFile) {
    TempFolder folder;
    const auto file = folder / "track.wav";
    writeSine(file, audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 2, 3.0), 997.0, 0.5);
    LoudnessCache cache(folder / "cache.json");
    EXPECT_FALSE(cache.find(file));
    const auto first = cache.measure(file);

    // Same size, same modification time, different content: only a cache hit still answers -6 LUFS.
    const auto modified = fs::last_write_time(file);
    writeSine(file, audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 2, 3.0), 997.0, 0.05);
    fs::last_write_time(file, modified);
    const auto second = cache.measure(file);
    EXPECT_DOUBLE_EQ(second.integratedLufs, first.integratedLufs);
    ASSERT_TRUE(cache.find(file));
}

TEST(LoudnessCache, ChangedModificationTimeOrSizeMeasuresAgain) {
    TempFolder folder;
    const auto file = folder / "track.wav";
    writeSine(file, audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 2, 3.0), 997.0, 0.5);
    LoudnessCache cache(folder / "cache.json");
    cache.measure(file);

    const auto modified = fs::last_write_time(file);
    writeSine(file, audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 2, 3.0), 997.0, 0.05);
    fs::last_write_time(file, modified + std::chrono::seconds(5));
    EXPECT_FALSE(cache.find(file));
    EXPECT_NEAR(cache.measure(file).integratedLufs, stereoSineLufs(0.05), 0.05);

    writeSine(file, audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 2, 4.0), 997.0, 0.5);
    fs::last_write_time(file, modified + std::chrono::seconds(5));
    EXPECT_FALSE(cache.find(file));
    EXPECT_NEAR(cache.measure(file).durationSeconds, 4.0, 1e-6);
}

TEST(LoudnessCache, SavedFiguresAreFoundByTheNextRun) {
    TempFolder folder;
    const auto file = folder / "track.flac";
    writeSine(file, audioSpec(SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 44100, 2, 2.0, "Largo", "Trio"), 997.0,
              0.25);
    {
        LoudnessCache cache(folder / "cache" / "loudness.json");
        cache.measure(file);
    }  // the destructor saves
    EXPECT_TRUE(fs::exists(folder / "cache" / "loudness.json"));
    LoudnessCache nextRun(folder / "cache" / "loudness.json");
    const auto cached = nextRun.find(file);
    ASSERT_TRUE(cached);
    EXPECT_NEAR(cached->integratedLufs, stereoSineLufs(0.25), 0.05);
    EXPECT_EQ(cached->formatName, "FLAC (16-bit)");
    EXPECT_EQ(cached->sampleRate, 44100);
    EXPECT_EQ(cached->title, "Largo");
    EXPECT_EQ(cached->artist, "Trio");
}

TEST(LoudnessCache, DamagedCacheFileIsIgnored) {
    TempFolder folder;
    writeBytes(folder / "cache.json", "{ this is not json");
    const auto file = folder / "track.wav";
    writeSine(file, audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 2, 1.0));
    LoudnessCache cache(folder / "cache.json");
    EXPECT_FALSE(cache.find(file));
    cache.measure(file);
    cache.save();
    LoudnessCache reread(folder / "cache.json");
    EXPECT_TRUE(reread.find(file));
}

TEST(LoudnessCache, DefaultFileHonoursXdgCacheHome) {
    TempFolder folder;
    const auto file = folder / "track.wav";
    writeSine(file, audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 2, 1.0));
    {
        const ScopedEnvironmentVariable xdg("XDG_CACHE_HOME", (folder.path() / "xdg").string());
        LoudnessCache cache;
        cache.measure(file);
    }
    EXPECT_TRUE(fs::exists(folder / "xdg" / "stillpoint" / "loudness.json"));
}

TEST(LoudnessCache, TwoThreadsMeasureDifferentFilesSafely) {
    TempFolder folder;
    for (int i = 0; i < 4; ++i) {
        writeSine(folder / ("t" + std::to_string(i) + ".wav"),
                  audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 2, 1.0), 997.0, 0.1 * (i + 1));
    }
    LoudnessCache cache(folder / "cache.json");
    auto work = [&](int first) {
        for (int i = first; i < 4; i += 2) cache.measure(folder / ("t" + std::to_string(i) + ".wav"));
    };
    std::thread a(work, 0);
    std::thread b(work, 1);
    a.join();
    b.join();
    for (int i = 0; i < 4; ++i) {
        const auto cached = cache.find(folder / ("t" + std::to_string(i) + ".wav"));
        ASSERT_TRUE(cached);
        EXPECT_NEAR(cached->integratedLufs, stereoSineLufs(0.1 * (i + 1)), 0.05);
    }
}
