#include "audio/encode/AudioFileWriter.h"

#include <gtest/gtest.h>
#include <sndfile.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

namespace stillpoint::audio {
namespace {

namespace fs = std::filesystem;

class AudioFileWriterTest : public ::testing::Test {
protected:
    void SetUp() override {
        folder_ = fs::temp_directory_path() / ("stillpoint-writer-" + std::to_string(::getpid()));
        fs::create_directories(folder_);
    }
    void TearDown() override { fs::remove_all(folder_); }

    // Ten seconds of two different tones, enough to go round the writer's queue twice.
    static std::vector<float> tones(int frames) {
        std::vector<float> audio(2 * static_cast<std::size_t>(frames));
        for (int i = 0; i < frames; ++i) {
            audio[2 * static_cast<std::size_t>(i)] = 0.5f * std::sin(static_cast<float>(i) * 0.031f);
            audio[2 * static_cast<std::size_t>(i) + 1] = 0.25f * std::sin(static_cast<float>(i) * 0.017f);
        }
        return audio;
    }

    static std::vector<float> readBack(const fs::path& file, SF_INFO& info) {
        SNDFILE* sound = sf_open(file.c_str(), SFM_READ, &info);
        EXPECT_NE(sound, nullptr) << sf_strerror(nullptr);
        if (sound == nullptr) return {};
        std::vector<float> audio(static_cast<std::size_t>(info.frames * info.channels));
        EXPECT_EQ(sf_readf_float(sound, audio.data(), info.frames), info.frames);
        sf_close(sound);
        return audio;
    }

    // Writes in blocks of uneven sizes, then one block larger than the whole queue.
    static void writeInPieces(AudioFileWriter& writer, const std::vector<float>& audio) {
        const int frames = static_cast<int>(audio.size() / 2);
        int done = 0;
        for (int block = 1; done < frames / 2; block = block * 3 % 5000 + 1) {
            const int count = std::min(block, frames / 2 - done);
            writer.write(audio.data() + 2 * done, count);
            done += count;
        }
        writer.write(audio.data() + 2 * done, frames - done);
    }

    struct RoundTrip {
        std::vector<float> written;
        std::vector<float> back;
        SF_INFO info{};
    };
    // Tones written through an AudioFileWriter in uneven pieces, closed, and read back with libsndfile.
    RoundTrip writeAndReadBack(const std::string& name, int rate, int frames) {
        RoundTrip trip;
        trip.written = tones(frames);
        AudioFileWriter writer(folder_ / name, rate);
        writeInPieces(writer, trip.written);
        writer.close();
        trip.back = readBack(folder_ / name, trip.info);
        return trip;
    }

    fs::path folder_;
};

TEST_F(AudioFileWriterTest, WavHoldsExactlyTheFloatSamplesWrittenInOrder) {
    const RoundTrip trip = writeAndReadBack("out.wav", 48000, 48000 * 12);
    EXPECT_EQ(trip.info.samplerate, 48000);
    EXPECT_EQ(trip.info.channels, 2);
    EXPECT_EQ(trip.info.format, SF_FORMAT_WAV | SF_FORMAT_FLOAT);
    ASSERT_EQ(trip.back.size(), trip.written.size());
    for (std::size_t i = 0; i < trip.written.size(); ++i)
        ASSERT_EQ(trip.back[i], trip.written[i]) << "sample " << i;
}

TEST_F(AudioFileWriterTest, FlacIsTwentyFourBitWithinOneStep) {
    const RoundTrip trip = writeAndReadBack("out.flac", 44100, 44100 * 3);
    EXPECT_EQ(trip.info.samplerate, 44100);
    EXPECT_EQ(trip.info.format, SF_FORMAT_FLAC | SF_FORMAT_PCM_24);
    ASSERT_EQ(trip.back.size(), trip.written.size());
    for (std::size_t i = 0; i < trip.written.size(); ++i)
        ASSERT_NEAR(trip.back[i], trip.written[i], 1.0 / (1 << 23)) << i;
}

TEST_F(AudioFileWriterTest, AnotherExtensionIsRefusedWithTheChoices) {
    EXPECT_FALSE(AudioFileWriter::supportedExtension("out.mp3"));
    try {
        AudioFileWriter writer(folder_ / "out.mp3", 48000);
        FAIL() << "an .mp3 output was accepted";
    } catch (const AudioWriteError& error) {
        EXPECT_NE(std::string(error.what()).find(".wav (32-bit float) or .flac"), std::string::npos)
            << error.what();
    }
    EXPECT_FALSE(fs::exists(folder_ / "out.mp3"));
}

TEST_F(AudioFileWriterTest, AMissingFolderIsNamedWithWhatToCheck) {
    const fs::path file = folder_ / "no-such-folder" / "out.wav";
    try {
        AudioFileWriter writer(file, 48000);
        FAIL() << "writing into a missing folder was accepted";
    } catch (const AudioWriteError& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find(file.string()), std::string::npos) << message;
        EXPECT_NE(message.find("folder exists"), std::string::npos) << message;
    }
}

TEST_F(AudioFileWriterTest, AFullDiskIsReportedNotIgnored) {
    // /dev/full fails every write with ENOSPC, as a full disk does.
    const fs::path file = folder_ / "full.wav";
    fs::create_symlink("/dev/full", file);
    const std::vector<float> audio = tones(48000);
    bool reported = false;
    try {
        AudioFileWriter writer(file, 48000);
        for (int i = 0; i < 20; ++i) writer.write(audio.data(), 48000);
        writer.close();
    } catch (const AudioWriteError& error) {
        reported = true;
        EXPECT_NE(std::string(error.what()).find(file.string()), std::string::npos) << error.what();
    }
    EXPECT_TRUE(reported) << "twenty seconds went to a full disk without an error";
}

}  // namespace
}  // namespace stillpoint::audio
