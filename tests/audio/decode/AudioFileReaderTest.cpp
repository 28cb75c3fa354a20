#include "audio/decode/AudioFileReader.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "audio/decode/AudioFixtures.h"
#include "audio/decode/ReadBack.h"

using namespace stillpoint::audio;
using namespace stillpoint::testing;
namespace fs = std::filesystem;

namespace {

constexpr float kMinus3Db = 0.70710678f;

bool haveFfmpeg() {
    return std::system("ffmpeg -version >/dev/null 2>&1") == 0;
}

}  // namespace

TEST(AudioFileReader, StereoFloatWavComesBackSampleForSample) {
    TempFolder folder;
    const auto file = folder / "stereo.wav";
    writeAudio(file, audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 2, 0.5),
               [](std::int64_t frame, int channel) {
                   return (channel == 0 ? 1.0f : -1.0f) * float(frame % 100) / 200.0f;
               });
    AudioFileReader reader(file);
    EXPECT_EQ(reader.info().sampleRate, 48000);
    EXPECT_EQ(reader.info().channels, 2);
    EXPECT_EQ(reader.info().frames, 24000);
    EXPECT_TRUE(reader.info().framesExact);
    EXPECT_TRUE(reader.info().seekExact);
    EXPECT_EQ(reader.info().formatName, "WAV (float)");
    const auto samples = readAll(reader);
    ASSERT_EQ(samples.size(), 48000u);
    EXPECT_FLOAT_EQ(samples[2 * 150], 50.0f / 200.0f);
    EXPECT_FLOAT_EQ(samples[2 * 150 + 1], -50.0f / 200.0f);
    EXPECT_FALSE(reader.readError());
}

TEST(AudioFileReader, MonoIsCentredAtMinus3DbInEachChannel) {
    TempFolder folder;
    const auto file = folder / "mono.flac";
    writeAudio(file, audioSpec(SF_FORMAT_FLAC | SF_FORMAT_PCM_24, 44100, 1, 0.2),
               [](std::int64_t, int) { return 0.5f; });
    AudioFileReader reader(file);
    EXPECT_EQ(reader.info().sampleRate, 44100);
    EXPECT_EQ(reader.info().channels, 1);
    EXPECT_EQ(reader.info().formatName, "FLAC (24-bit)");
    const auto samples = readAll(reader);
    ASSERT_EQ(samples.size(), 2u * 8820u);
    EXPECT_NEAR(samples[100], 0.5f * kMinus3Db, 1e-5);
    EXPECT_NEAR(samples[101], 0.5f * kMinus3Db, 1e-5);
}

TEST(AudioFileReader, FivePointOneIsDownmixedWithoutLfe) {
    TempFolder folder;
    const auto file = folder / "surround.wav";
    // WAV order: L R C LFE Ls Rs; a different constant in each channel shows where each one goes.
    const float values[6] = {0.10f, 0.20f, 0.30f, 0.90f, 0.05f, 0.06f};
    writeAudio(file, audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 6, 0.1),
               [&values](std::int64_t, int channel) { return values[channel]; });
    AudioFileReader reader(file);
    EXPECT_EQ(reader.info().channels, 6);
    const auto samples = readAll(reader);
    ASSERT_EQ(samples.size(), 2u * 4800u);
    EXPECT_NEAR(samples[10], 0.10f + kMinus3Db * 0.30f + kMinus3Db * 0.05f, 1e-5);
    EXPECT_NEAR(samples[11], 0.20f + kMinus3Db * 0.30f + kMinus3Db * 0.06f, 1e-5);
}

TEST(AudioFileReader, OggVorbisOpensAndSaysSeeksAreNotExact) {
    TempFolder folder;
    const auto file = folder / "sine.ogg";
    writeSine(file, audioSpec(SF_FORMAT_OGG | SF_FORMAT_VORBIS, 44100, 2, 1.0));
    AudioFileReader reader(file);
    EXPECT_EQ(reader.info().formatName, "Ogg Vorbis");
    EXPECT_EQ(reader.info().sampleRate, 44100);
    EXPECT_FALSE(reader.info().seekExact);
    EXPECT_FALSE(reader.info().framesExact);
    const auto samples = readAll(reader);
    EXPECT_NEAR(static_cast<double>(samples.size()) / 2.0, 44100.0, 50.0);
}

TEST(AudioFileReader, OggOpusIsReadThroughOpusfileAt48k) {
    TempFolder folder;
    const auto file = folder / "sine.opus";
    writeSine(file, audioSpec(SF_FORMAT_OGG | SF_FORMAT_OPUS, 48000, 2, 1.0, "Opus Title"));
    AudioFileReader reader(file);
    EXPECT_EQ(reader.info().formatName, "Ogg Opus");
    EXPECT_EQ(reader.info().sampleRate, 48000);
    EXPECT_EQ(reader.info().title, "Opus Title");
    const auto samples = readAll(reader);
    EXPECT_NEAR(static_cast<double>(samples.size()) / 2.0, 48000.0, 1000.0);
    ASSERT_TRUE(reader.seek(24000));
    std::vector<float> block(200);
    EXPECT_EQ(reader.readStereo(block.data(), 100), 100);
}

// Most real Opus files were encoded from 44.1 kHz music; libsndfile 1.2 refuses them.
TEST(AudioFileReader, OpusMadeFrom44kSourceStillOpens) {
    if (!haveFfmpeg()) GTEST_SKIP() << "ffmpeg not installed";
    TempFolder folder;
    const auto source = folder / "source.wav";
    const auto file = folder / "from44k.opus";
    writeSine(source, audioSpec(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 1.0));
    const std::string command =
        "ffmpeg -loglevel error -y -i '" + source.string() + "' -c:a libopus '" + file.string() + "'";
    if (std::system(command.c_str()) != 0) GTEST_SKIP() << "ffmpeg cannot encode Opus here";
    AudioFileReader reader(file);
    EXPECT_EQ(reader.info().sampleRate, 48000);
    const auto samples = readAll(reader);
    EXPECT_NEAR(static_cast<double>(samples.size()) / 2.0, 48000.0, 1000.0);
}

TEST(AudioFileReader, Mp3OpensAndSaysItsLengthIsAnEstimate) {
    if (!haveFfmpeg()) GTEST_SKIP() << "ffmpeg not installed";
    TempFolder folder;
    const auto source = folder / "source.wav";
    const auto file = folder / "tone.mp3";
    writeSine(source, audioSpec(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 1.0));
    const std::string command = "ffmpeg -loglevel error -y -i '" + source.string() +
                                "' -c:a libmp3lame -b:a 128k '" + file.string() + "'";
    if (std::system(command.c_str()) != 0) GTEST_SKIP() << "ffmpeg cannot encode MP3 here";
    AudioFileReader reader(file);
    EXPECT_EQ(reader.info().formatName, "MP3");
    EXPECT_EQ(reader.info().sampleRate, 44100);
    EXPECT_FALSE(reader.info().framesExact);
    const auto samples = readAll(reader);
    EXPECT_NEAR(static_cast<double>(samples.size()) / 2.0, 44100.0, 2500.0);
}

TEST(AudioFileReader, TitleAndArtistComeFromTags) {
    TempFolder folder;
    const auto wav = folder / "tagged.wav";
    const auto flac = folder / "tagged.flac";
    writeSine(wav, audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 2, 0.1, "Adagio", "Quartet"));
    writeSine(flac, audioSpec(SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 48000, 2, 0.1, "Largo", "Trio"));
    AudioFileReader wavReader(wav);
    EXPECT_EQ(wavReader.info().title, "Adagio");
    EXPECT_EQ(wavReader.info().artist, "Quartet");
    AudioFileReader flacReader(flac);
    EXPECT_EQ(flacReader.info().title, "Largo");
    EXPECT_EQ(flacReader.info().artist, "Trio");
}

TEST(AudioFileReader, SeekLandsOnTheExactFrameInFlac) {
    TempFolder folder;
    const auto file = folder / "ramp.flac";
    writeAudio(file, audioSpec(SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 48000, 2, 1.0),
               [](std::int64_t frame, int) { return float(frame % 1000) / 2000.0f; });
    AudioFileReader reader(file);
    ASSERT_TRUE(reader.seek(12345));
    float frame[2];
    ASSERT_EQ(reader.readStereo(frame, 1), 1);
    EXPECT_NEAR(frame[0], 345.0f / 2000.0f, 1e-4);
    EXPECT_FALSE(reader.seek(-1));
    EXPECT_TRUE(reader.readError());
}

TEST(AudioFileReader, PathsWithSpacesAndNonAsciiCharactersOpen) {
    TempFolder folder;
    fs::create_directory(folder / "Musique du début");
    const auto file = folder.path() / "Musique du début" / "Arvo Pärt – Spiegel im Spiegel.flac";
    writeSine(file, audioSpec(SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 48000, 2, 0.1));
    AudioFileReader reader(file);
    EXPECT_EQ(reader.path(), file);
    EXPECT_EQ(reader.info().frames, 4800);
}

TEST(AudioFileReader, ReaderCanBeMoved) {
    TempFolder folder;
    const auto file = folder / "a.wav";
    writeSine(file, audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 2, 0.1));
    AudioFileReader first(file);
    AudioFileReader second(std::move(first));
    EXPECT_EQ(second.info().frames, 4800);
}

TEST(AudioFileReaderErrors, MissingFileSaysSoAndNamesIt) {
    TempFolder folder;
    const auto message = openingError(folder / "nowhere.flac");
    EXPECT_NE(message.find("nowhere.flac"), std::string::npos) << message;
    EXPECT_NE(message.find("no such file"), std::string::npos) << message;
}

TEST(AudioFileReaderErrors, DirectoryIsNotAnAudioFile) {
    TempFolder folder;
    fs::create_directory(folder / "album.flac");
    const auto message = openingError(folder / "album.flac");
    EXPECT_NE(message.find("is a folder"), std::string::npos) << message;
}

TEST(AudioFileReaderErrors, UnreadableFileSaysPermission) {
    if (runningAsRoot()) GTEST_SKIP() << "root reads every file";
    TempFolder folder;
    const auto file = folder / "locked.wav";
    writeSine(file, audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 2, 0.1));
    fs::permissions(file, fs::perms::none);
    const auto message = openingError(file);
    EXPECT_NE(message.find("no permission"), std::string::npos) << message;
}

TEST(AudioFileReaderErrors, EmptyFileSaysEmpty) {
    TempFolder folder;
    writeBytes(folder / "empty.wav", "");
    const auto message = openingError(folder / "empty.wav");
    EXPECT_NE(message.find("is empty"), std::string::npos) << message;
}

TEST(AudioFileReaderErrors, GarbageAndTextAreNotAudio) {
    TempFolder folder;
    writeBytes(folder / "notes.flac", "These are my session notes, not music.\n");
    std::string garbage(4096, '\0');
    for (std::size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<char>((i * 7919u + 13u) % 251u);
    writeBytes(folder / "garbage.wav", garbage);
    for (const char* name : {"notes.flac", "garbage.wav"}) {
        const auto message = openingError(folder / name);
        EXPECT_NE(message.find(name), std::string::npos) << message;
        EXPECT_NE(message.find("not an audio file"), std::string::npos) << message;
    }
}

TEST(AudioFileReaderErrors, GarbageNamedMp3IsNotCalledMissing) {
    TempFolder folder;
    writeBytes(folder / "song.mp3", std::string(2000, 'x'));
    const auto message = openingError(folder / "song.mp3");
    EXPECT_NE(message.find("is not an MP3 file"), std::string::npos) << message;
    EXPECT_EQ(message.find("does not exist"), std::string::npos) << message;
}

TEST(AudioFileReaderErrors, WavCutInsideItsHeaderSaysDamaged) {
    TempFolder folder;
    const auto file = folder / "cut.wav";
    writeSine(file, audioSpec(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2, 0.5));
    truncateTo(file, 30);
    const auto message = openingError(file);
    EXPECT_NE(message.find("cut.wav"), std::string::npos) << message;
    EXPECT_NE(message.find("damaged"), std::string::npos) << message;
}

TEST(AudioFileReaderDamage, TruncatedWavReadsWhatIsThere) {
    TempFolder folder;
    const auto file = folder / "half.wav";
    writeSine(file, audioSpec(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2, 1.0));
    truncateTo(file, fs::file_size(file) / 2);
    AudioFileReader reader(file);
    // libsndfile says nothing: the header's promise is read from its log, so the early end can be told.
    EXPECT_NEAR(static_cast<double>(reader.info().frames), 24000.0, 100.0);
    EXPECT_EQ(reader.info().declaredFrames, 48000);
    const auto samples = readAll(reader);
    EXPECT_NEAR(static_cast<double>(samples.size()) / 2.0, 24000.0, 100.0);
}

TEST(AudioFileReader, AnIntactFileDeclaresWhatItHolds) {
    TempFolder folder;
    for (const int format : {SF_FORMAT_WAV | SF_FORMAT_PCM_16, SF_FORMAT_FLAC | SF_FORMAT_PCM_16,
                             SF_FORMAT_AIFF | SF_FORMAT_PCM_24}) {
        const auto file = folder / ("whole" + std::to_string(format));
        writeSine(file, audioSpec(format, 44100, 2, 1.0));
        AudioFileReader reader(file);
        EXPECT_EQ(reader.info().frames, 44100) << format;
        EXPECT_EQ(reader.info().declaredFrames, 44100) << format;
    }
}

TEST(AudioFileReaderDamage, TruncatedFlacEndsShortWithTheDecodersComplaint) {
    TempFolder folder;
    const auto file = folder / "half.flac";
    writeNoise(file, audioSpec(SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 48000, 2, 2.0));
    truncateTo(file, fs::file_size(file) / 2);
    AudioFileReader reader(file);
    EXPECT_EQ(reader.info().frames, 96000);  // the header still promises the whole file
    const auto samples = readAll(reader, 4096);
    EXPECT_LT(samples.size() / 2, 96000u);
    ASSERT_TRUE(reader.readError());
    EXPECT_FALSE(reader.readError()->empty());
}

TEST(AudioFileReaderDamage, TruncatedOggDeclaresNoLengthAndEndsEarly) {
    TempFolder folder;
    const auto file = folder / "half.ogg";
    writeNoise(file, audioSpec(SF_FORMAT_OGG | SF_FORMAT_VORBIS, 48000, 2, 2.0));
    truncateTo(file, fs::file_size(file) / 2);
    AudioFileReader reader(file);
    EXPECT_GE(reader.info().frames, 0);
    EXPECT_LT(reader.info().frames, 96000 * 2);
    const auto samples = readAll(reader, 4096);
    EXPECT_LT(samples.size() / 2, 96000u);
}
