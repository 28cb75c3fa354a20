#include "audio/engine/stream/StreamPool.h"

#include "audio/loudness/LoudnessCache.h"

#include <gtest/gtest.h>
#include <sndfile.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <numbers>
#include <random>
#include <thread>
#include <vector>

namespace stillpoint::audio {
namespace {

namespace fs = std::filesystem;

// Writes interleaved stereo float frames to a file in the given libsndfile format.
void writeSoundFile(const fs::path& path, int format, int rate, const std::vector<float>& interleavedStereo) {
    SF_INFO info{};
    info.samplerate = rate;
    info.channels = 2;
    info.format = format;
    SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
    ASSERT_NE(file, nullptr) << sf_strerror(nullptr);
    const auto frames = static_cast<sf_count_t>(interleavedStereo.size() / 2);
    ASSERT_EQ(sf_writef_float(file, interleavedStereo.data(), frames), frames);
    sf_close(file);
}

std::vector<float> randomFrames(std::int64_t frames, unsigned seed) {
    std::mt19937 generator(seed);
    std::uniform_real_distribution<float> distribution(-0.5f, 0.5f);
    std::vector<float> samples(static_cast<std::size_t>(frames) * 2);
    for (float& sample : samples) sample = distribution(generator);
    return samples;
}

// Each frame says where it came from: left = frame / 2^20, right = -left (exact in float32).
std::vector<float> indexFrames(std::int64_t frames) {
    std::vector<float> samples(static_cast<std::size_t>(frames) * 2);
    for (std::int64_t frame = 0; frame < frames; ++frame) {
        samples[static_cast<std::size_t>(frame) * 2] = static_cast<float>(frame) / 1048576.0f;
        samples[static_cast<std::size_t>(frame) * 2 + 1] = -static_cast<float>(frame) / 1048576.0f;
    }
    return samples;
}

std::vector<float> sineFrames(double frequency, int rate, double seconds, float amplitude = 0.5f) {
    const auto frames = static_cast<std::size_t>(std::llround(seconds * rate));
    std::vector<float> samples(frames * 2);
    for (std::size_t frame = 0; frame < frames; ++frame) {
        const auto value = amplitude * static_cast<float>(std::sin(2.0 * std::numbers::pi * frequency *
                                                                   static_cast<double>(frame) / rate));
        samples[frame * 2] = value;
        samples[frame * 2 + 1] = value;
    }
    return samples;
}

class StreamPoolTest : public ::testing::Test {
protected:
    void SetUp() override {
        folder_ =
            fs::temp_directory_path() /
            ("stillpoint-streampool-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(folder_);
    }
    void TearDown() override { fs::remove_all(folder_); }

    StreamSourceResolver resolver() {
        return [this](std::uint32_t id) { return sources_.at(id); };
    }

    // Reads a stream to its end the way an offline render does: wait for the decoder, then read a block.
    static std::vector<float> readAll(StreamPool& pool, int slot, int blockFrames = 1000) {
        std::vector<float> all;
        std::vector<float> block(static_cast<std::size_t>(blockFrames) * 2);
        for (int guard = 0; guard < 100000; ++guard) {
            pool.waitUntilFilled();
            const int got = pool.read(slot, block.data(), blockFrames);
            all.insert(all.end(), block.begin(), block.begin() + got * 2);
            if (got == 0 && pool.finished(slot)) break;
        }
        return all;
    }

    fs::path folder_;
    std::map<std::uint32_t, StreamSource> sources_;
};

TEST_F(StreamPoolTest, PassesA48kHzWavThroughBitExact) {
    const auto samples = randomFrames(48000 * 3 + 123, 7);
    const fs::path file = folder_ / "noise.wav";
    writeSoundFile(file, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, samples);
    sources_[1] = {file, 0, -1};

    StreamPool pool(48000, resolver(), 4, 1.0);
    const int slot = pool.acquire(1);
    ASSERT_GE(slot, 0);
    const auto out = readAll(pool, slot);

    ASSERT_EQ(out.size(), samples.size());
    EXPECT_EQ(std::memcmp(out.data(), samples.data(), samples.size() * sizeof(float)), 0);
    EXPECT_TRUE(pool.finished(slot));
    EXPECT_TRUE(pool.lengthExact(slot));
    EXPECT_EQ(pool.lengthFrames(slot), 48000 * 3 + 123);
    EXPECT_EQ(pool.framesRead(slot), 48000 * 3 + 123);
    EXPECT_EQ(pool.fault(slot), StreamFault::None);
    EXPECT_EQ(pool.status(slot), StreamStatus::Ready);
}

int countRisingZeroCrossings(const std::vector<float>& interleaved, std::size_t fromFrame,
                             std::size_t toFrame) {
    int crossings = 0;
    for (std::size_t frame = fromFrame + 1; frame < toFrame; ++frame)
        if (interleaved[(frame - 1) * 2] < 0.0f && interleaved[frame * 2] >= 0.0f) ++crossings;
    return crossings;
}

TEST_F(StreamPoolTest, Resamples44100To48000WithLengthAndPitchKept) {
    const fs::path file = folder_ / "sine44.wav";
    writeSoundFile(file, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 44100, sineFrames(1000.0, 44100, 2.0));
    sources_[3] = {file, 0, -1};

    StreamPool pool(48000, resolver(), 2, 1.0);
    const int slot = pool.acquire(3);
    ASSERT_GE(slot, 0);
    const auto out = readAll(pool, slot, 777);

    const auto frames = static_cast<std::int64_t>(out.size() / 2);
    EXPECT_NEAR(static_cast<double>(frames), 96000.0,
                1.0);  // the resampler's tail is flushed, its delay removed
    EXPECT_EQ(pool.lengthFrames(slot), frames);
    EXPECT_TRUE(pool.lengthExact(slot));
    // 1 kHz over exactly one second in the middle: 1000 rising zero crossings (±1 for where the window
    // falls).
    EXPECT_NEAR(countRisingZeroCrossings(out, 24000, 72000), 1000, 1);
    // No latency offset: a sine starting at phase 0 still starts near 0 and rises.
    EXPECT_NEAR(out[0], 0.0f, 0.02f);
    EXPECT_GT(out[2 * 5], 0.0f);
    float peak = 0.0f;
    for (std::size_t frame = 24000; frame < 72000; ++frame) peak = std::max(peak, std::abs(out[frame * 2]));
    EXPECT_NEAR(peak, 0.5f, 0.01f);
}

TEST_F(StreamPoolTest, HonoursStartAndEndFramesAndTheAcquireOffset) {
    const fs::path file = folder_ / "index.wav";
    writeSoundFile(file, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, indexFrames(96000));
    sources_[5] = {file, 12000, 36000};

    StreamPool pool(48000, resolver(), 2, 1.0);
    const int whole = pool.acquire(5);
    ASSERT_GE(whole, 0);
    // Opening until the decode thread has filled it, which on a quick machine may already have happened.
    const StreamStatus justAsked = pool.status(whole);
    EXPECT_TRUE(justAsked == StreamStatus::Opening || justAsked == StreamStatus::Ready);
    const auto part = readAll(pool, whole);
    ASSERT_EQ(part.size(), 24000u * 2);
    EXPECT_FLOAT_EQ(part.front() * 1048576.0f, 12000.0f);
    EXPECT_FLOAT_EQ(part[part.size() - 2] * 1048576.0f, 35999.0f);
    EXPECT_EQ(pool.lengthFrames(whole), 24000);
    pool.release(whole);

    const int offset = pool.acquire(5, 0.25);  // 12000 frames into the part
    ASSERT_GE(offset, 0);
    const auto rest = readAll(pool, offset);
    ASSERT_EQ(rest.size(), 12000u * 2);
    EXPECT_FLOAT_EQ(rest.front() * 1048576.0f, 24000.0f);
    EXPECT_FLOAT_EQ(rest[1] * 1048576.0f, -24000.0f);
}

TEST_F(StreamPoolTest, AnOffsetPastTheEndGivesAnEmptyFinishedStreamAndBadOffsetsStartAtZero) {
    const fs::path file = folder_ / "index.wav";
    writeSoundFile(file, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, indexFrames(4800));
    sources_[5] = {file, 0, -1};
    StreamPool pool(48000, resolver(), 3, 1.0);
    const int past = pool.acquire(5, 60.0);
    const int negative = pool.acquire(5, -3.0);
    const int notANumber = pool.acquire(5, std::nan(""));
    ASSERT_GE(notANumber, 0);
    EXPECT_TRUE(readAll(pool, past).empty());
    EXPECT_EQ(pool.status(past), StreamStatus::Ready);
    EXPECT_EQ(pool.fault(past), StreamFault::None);
    EXPECT_TRUE(pool.finished(past));
    EXPECT_EQ(pool.lengthFrames(past), 0);
    for (const int slot : {negative, notANumber}) {
        const auto out = readAll(pool, slot);
        ASSERT_EQ(out.size(), 4800u * 2);
        EXPECT_EQ(out[0], 0.0f);
    }
}

TEST_F(StreamPoolTest, AMissingFileFailsWithAMessageNamingIt) {
    sources_[9] = {folder_ / "not-there.flac", 0, -1};
    StreamPool pool(48000, resolver(), 2, 1.0);
    const int slot = pool.acquire(9);
    ASSERT_GE(slot, 0);
    pool.waitUntilFilled();
    EXPECT_EQ(pool.status(slot), StreamStatus::Failed);
    EXPECT_EQ(pool.fault(slot), StreamFault::FileMissing);
    EXPECT_NE(std::string(pool.faultDetail(slot)).find("not-there.flac"), std::string::npos)
        << pool.faultDetail(slot);
    EXPECT_TRUE(pool.finished(slot));
    float block[64];
    EXPECT_EQ(pool.read(slot, block, 32), 0);
}

TEST_F(StreamPoolTest, AFileThatIsNoAudioIsUnreadable) {
    const fs::path file = folder_ / "notes.wav";
    std::ofstream(file) << "this is a text file, not a recording\n";
    sources_[4] = {file, 0, -1};
    StreamPool pool(48000, resolver(), 2, 1.0);
    const int slot = pool.acquire(4);
    pool.waitUntilFilled();
    EXPECT_EQ(pool.status(slot), StreamStatus::Failed);
    EXPECT_EQ(pool.fault(slot), StreamFault::FileUnreadable);
    EXPECT_NE(std::string(pool.faultDetail(slot)).find("notes.wav"), std::string::npos)
        << pool.faultDetail(slot);
}

TEST_F(StreamPoolTest, AnUnknownSourceIdFailsInsteadOfThrowing) {
    StreamPool pool(48000, resolver(), 2, 1.0);
    const int slot = pool.acquire(12345);
    pool.waitUntilFilled();
    EXPECT_EQ(pool.status(slot), StreamStatus::Failed);
    EXPECT_NE(std::string(pool.faultDetail(slot)).find("12345"), std::string::npos) << pool.faultDetail(slot);
}

TEST_F(StreamPoolTest, ATruncatedFlacEndsEarlyAfterDeliveringWhatWasThere) {
    const fs::path file = folder_ / "cut.flac";
    writeSoundFile(file, SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 48000, randomFrames(48000 * 4, 3));
    fs::resize_file(file, fs::file_size(file) / 2);
    sources_[2] = {file, 0, -1};

    StreamPool pool(48000, resolver(), 2, 1.0);
    const int slot = pool.acquire(2);
    const auto out = readAll(pool, slot);

    const auto frames = static_cast<std::int64_t>(out.size() / 2);
    EXPECT_GT(frames, 48000);      // about half of it was there and is played
    EXPECT_LT(frames, 48000 * 4);  // but not all of it
    EXPECT_EQ(pool.status(slot), StreamStatus::Ready);
    EXPECT_EQ(pool.fault(slot), StreamFault::EndedEarly);
    const std::string detail = pool.faultDetail(slot);
    EXPECT_NE(detail.find("cut.flac"), std::string::npos) << detail;
    EXPECT_NE(detail.find("ended at"), std::string::npos) << detail;
    EXPECT_TRUE(pool.finished(slot));
    EXPECT_TRUE(pool.lengthExact(slot));
    EXPECT_EQ(pool.lengthFrames(slot), frames);
}

// The loudness guard: music at the loudness measured for it, then (as if the file were rewritten in place
// by something that kept its size and time) noise 20 dB louder. The stream is cut where the noise begins.
TEST_F(StreamPoolTest, TheLoudnessGuardCutsAStreamWhereItBecomesFarLouderThanMeasured) {
    const fs::path file = folder_ / "music-then-noise.wav";
    auto samples = sineFrames(440.0, 48000, 4.0, 0.05f);
    auto noise = randomFrames(48000 * 3, 9);  // uniform +-0.5: about 20 dB above the sine
    samples.insert(samples.end(), noise.begin(), noise.end());
    writeSoundFile(file, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, samples);
    // What the loudness cache measured before the file changed: the music alone (about -26.7 LUFS).
    writeSoundFile(folder_ / "music.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000,
                   sineFrames(440.0, 48000, 4.0, 0.05f));
    const double measured = measureLoudness(folder_ / "music.wav").loudestShortTermLufs;
    EXPECT_NEAR(measured, -26.7, 0.5);
    sources_[1] = {file, 0, -1, measured};
    sources_[2] = {file, 0, -1};  // unknown loudness: no guard

    StreamPool pool(48000, resolver(), 4, 1.0);
    const int guarded = pool.acquire(1);
    const auto out = readAll(pool, guarded);
    EXPECT_EQ(pool.fault(guarded), StreamFault::EndedEarly);
    const std::string detail = pool.faultDetail(guarded);
    EXPECT_NE(detail.find("far louder"), std::string::npos) << detail;
    EXPECT_NE(detail.find("music-then-noise.wav"), std::string::npos) << detail;
    ASSERT_TRUE(pool.lengthExact(guarded));
    const std::int64_t length = pool.lengthFrames(guarded);
    // Cut within a decode chunk (85 ms) of where the noise begins, never in the music.
    EXPECT_GE(length, 48000 * 4 - 4096 * 2);
    EXPECT_LE(length, 48000 * 4 + 4096);
    float loudestBeforeCut = 0.0f;
    for (std::int64_t i = 0; i < std::min<std::int64_t>(length, 48000 * 4) * 2; ++i)
        loudestBeforeCut = std::max(loudestBeforeCut, std::fabs(out[static_cast<std::size_t>(i)]));
    EXPECT_LE(loudestBeforeCut, 0.0501f);
    // Far less than the noise was decoded: decoding stopped when the guard tripped.
    EXPECT_LT(static_cast<std::int64_t>(out.size() / 2), 48000 * 6);

    const int unguarded = pool.acquire(2);
    const auto all = readAll(pool, unguarded);
    EXPECT_EQ(pool.fault(unguarded), StreamFault::None);
    EXPECT_EQ(static_cast<std::int64_t>(all.size() / 2), 48000 * 7);
}

TEST_F(StreamPoolTest, AFileReplacedWhileItPlaysEndsTheStreamThereAsAFault) {
    const fs::path file = folder_ / "track.wav";
    writeSoundFile(file, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, sineFrames(440.0, 48000, 8.0, 0.2f));
    sources_[1] = {file, 0, -1};
    StreamPool pool(48000, resolver(), 2, 1.0);
    const int slot = pool.acquire(1);
    std::vector<float> block(2000);
    pool.waitUntilFilled();
    ASSERT_EQ(pool.read(slot, block.data(), 1000), 1000);
    // Replaced by another file of the very same content: a new inode under the same name.
    const fs::path copy = folder_ / "copy.wav";
    fs::copy_file(file, copy);
    fs::rename(copy, file);
    const auto rest = readAll(pool, slot);
    EXPECT_EQ(pool.fault(slot), StreamFault::EndedEarly);
    const std::string detail = pool.faultDetail(slot);
    EXPECT_NE(detail.find("changed while it played"), std::string::npos) << detail;
    EXPECT_TRUE(pool.lengthExact(slot));
    EXPECT_LT(pool.lengthFrames(slot), 48000 * 4) << "decoding stopped at the change";
    EXPECT_EQ(pool.lengthFrames(slot), 1000 + static_cast<std::int64_t>(rest.size() / 2));
}

// libsndfile opens a truncated WAV silently with its frame count shortened, so there is no fault to
// report; what matters is that every whole frame that is there plays, unchanged.
TEST_F(StreamPoolTest, ATruncatedWavDeliversEveryWholeFrameThatIsThere) {
    const fs::path file = folder_ / "cut.wav";
    const auto samples = indexFrames(48000);
    writeSoundFile(file, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, samples);
    const auto headerBytes = fs::file_size(file) - 48000u * 8;
    fs::resize_file(file, headerBytes + 20000u * 8 + 3);  // cut inside frame 20000
    sources_[8] = {file, 0, -1};

    StreamPool pool(48000, resolver(), 1, 1.0);
    const int slot = pool.acquire(8);
    const auto out = readAll(pool, slot);
    ASSERT_EQ(out.size(), 20000u * 2);
    EXPECT_EQ(std::memcmp(out.data(), samples.data(), out.size() * sizeof(float)), 0);
    EXPECT_TRUE(pool.finished(slot));
    EXPECT_EQ(pool.lengthFrames(slot), 20000);
}

TEST_F(StreamPoolTest, AFileShorterThanItsProgrammedEndEndsEarly) {
    const fs::path file = folder_ / "short.wav";
    writeSoundFile(file, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, indexFrames(48000));
    sources_[6] = {file, 0, 96000};

    StreamPool pool(48000, resolver(), 2, 1.0);
    const int slot = pool.acquire(6);
    const auto out = readAll(pool, slot);
    EXPECT_EQ(out.size(), 48000u * 2);
    EXPECT_EQ(pool.fault(slot), StreamFault::EndedEarly);
    EXPECT_NE(std::string(pool.faultDetail(slot)).find("short.wav"), std::string::npos);

    sources_[7] = {file, 60000, 96000};  // the whole part lies beyond the end of the file
    const int beyond = pool.acquire(7);
    EXPECT_TRUE(readAll(pool, beyond).empty());
    EXPECT_EQ(pool.fault(beyond), StreamFault::EndedEarly);
    EXPECT_NE(std::string(pool.faultDetail(beyond)).find("before the part to play"), std::string::npos)
        << pool.faultDetail(beyond);
}

TEST_F(StreamPoolTest, AReleasedSlotIsReusedForAnotherSource) {
    const fs::path first = folder_ / "first.wav";
    const fs::path second = folder_ / "second.wav";
    writeSoundFile(first, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, indexFrames(48000));
    auto secondSamples = randomFrames(30000, 11);
    writeSoundFile(second, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, secondSamples);
    sources_[1] = {first, 0, -1};
    sources_[2] = {second, 0, -1};

    StreamPool pool(48000, resolver(), 1, 1.0);
    const int slot = pool.acquire(1);
    ASSERT_EQ(slot, 0);
    EXPECT_EQ(pool.acquire(2), -1) << "the only slot is taken";
    pool.waitUntilFilled();
    float block[200];
    ASSERT_EQ(pool.read(slot, block, 100), 100);
    pool.release(slot);
    EXPECT_EQ(pool.status(slot), StreamStatus::Free);

    int reused = -1;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (reused < 0 && std::chrono::steady_clock::now() < deadline) {
        reused = pool.acquire(2);
        if (reused < 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ASSERT_EQ(reused, 0);
    EXPECT_EQ(pool.framesRead(reused), 0);
    const auto out = readAll(pool, reused);
    ASSERT_EQ(out.size(), secondSamples.size());
    EXPECT_EQ(std::memcmp(out.data(), secondSamples.data(), out.size() * sizeof(float)), 0);
}

TEST_F(StreamPoolTest, ReadingNeverWaitsForTheDecoder) {
    const fs::path file = folder_ / "slow.wav";
    writeSoundFile(file, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, indexFrames(48000));
    std::atomic<bool> letResolverFinish{false};
    // A resolver that hangs like a slow network share until the test lets it go.
    StreamPool pool(
        48000,
        [&](std::uint32_t) {
            while (!letResolverFinish.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
            return StreamSource{file, 0, -1};
        },
        2, 1.0);
    const int slot = pool.acquire(1);
    ASSERT_GE(slot, 0);
    std::vector<float> block(2048 * 2);
    const auto before = std::chrono::steady_clock::now();
    for (int i = 0; i < 100; ++i) EXPECT_EQ(pool.read(slot, block.data(), 2048), 0);
    const auto elapsed = std::chrono::steady_clock::now() - before;
    EXPECT_LT(elapsed, std::chrono::milliseconds(50));
    EXPECT_EQ(pool.status(slot), StreamStatus::Opening);
    EXPECT_FALSE(pool.finished(slot)) << "behind is not the end";
    letResolverFinish.store(true);
    const auto out = readAll(pool, slot);
    EXPECT_EQ(out.size(), 48000u * 2);
}

TEST_F(StreamPoolTest, DecodesAheadWithoutBeingAskedToWait) {
    const fs::path file = folder_ / "ahead.wav";
    writeSoundFile(file, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, indexFrames(48000 * 5));
    sources_[1] = {file, 0, -1};
    StreamPool pool(48000, resolver(), 2, 1.0);
    const int slot = pool.acquire(1);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (pool.status(slot) != StreamStatus::Ready && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ASSERT_EQ(pool.status(slot), StreamStatus::Ready);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::vector<float> block(48000 * 2);
    // At least the 1 s ahead target is queued, and not the whole 5 s file.
    EXPECT_EQ(pool.read(slot, block.data(), 48000), 48000);
    EXPECT_FLOAT_EQ(block[47999 * 2] * 1048576.0f, 47999.0f);
    EXPECT_FALSE(pool.finished(slot));
    EXPECT_EQ(pool.lengthFrames(slot), 48000 * 5);  // declared, not yet exact
    EXPECT_FALSE(pool.lengthExact(slot));
}

}  // namespace
}  // namespace stillpoint::audio
