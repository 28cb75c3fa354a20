// Files libsndfile and libopusfile refuse, read through the same AudioFileReader by FFmpeg; compared with
// ffmpeg's own decode of the same file, frame for frame within the codec's priming.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "audio/decode/AudioFileReader.h"
#include "audio/decode/AudioFixtures.h"
#include "audio/decode/FfmpegEncodedFixtures.h"
#include "audio/decode/ReadBack.h"

using namespace stillpoint::audio;
using namespace stillpoint::testing;
namespace fs = std::filesystem;

namespace {

// AAC's frame: the most an encoder adds at either end before the container's trimming.
constexpr std::int64_t kAacFrame = 1024;

std::int64_t frameCount(const std::vector<float>& stereo) {
    return static_cast<std::int64_t>(stereo.size() / 2);
}

// A two-second 44.1 kHz stereo source with a different tone in each channel.
class FfmpegFormats : public ::testing::Test {
protected:
    void SetUp() override {
        if (!haveFfmpegTool()) GTEST_SKIP() << "ffmpeg not installed";
        writeAudio(
            source_, audioSpec(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 2.0),
            [](std::int64_t frame, int channel) {
                const double t = static_cast<double>(frame) / 44100.0;
                return static_cast<float>(0.4 * std::sin(2.0 * M_PI * (channel == 0 ? 440.0 : 660.0) * t));
            });
    }

    fs::path encode(const std::string& name, const std::string& options) {
        const auto file = folder_ / name;
        if (!ffmpegEncode(source_, file, options)) ADD_FAILURE() << "ffmpeg cannot write " << name;
        return file;
    }

    TempFolder folder_;
    fs::path source_ = folder_ / "source.wav";
    const std::int64_t sourceFrames_ = 88200;
};

std::uint32_t readBigEndian(const std::string& bytes, std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at])) << 24 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 1])) << 16 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 2])) << 8 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 3]));
}

std::string bigEndian(std::uint32_t value) {
    return {static_cast<char>(value >> 24), static_cast<char>(value >> 16), static_cast<char>(value >> 8),
            static_cast<char>(value)};
}

std::string atom(const std::string& type, const std::string& body) {
    return bigEndian(static_cast<std::uint32_t>(8 + body.size())) + type + body;
}

// Adds the tag iTunes writes ('----' com.apple.iTunes / iTunSMPB) to the end of moov/udta/meta/ilst of a
// file whose moov comes after its audio (as ffmpeg writes it), growing each enclosing atom to match.
void addItunesGaplessTag(const fs::path& file, const std::string& value) {
    std::string bytes = readBytes(file);
    const std::string tag = atom("----", atom("mean", std::string(4, '\0') + "com.apple.iTunes") +
                                             atom("name", std::string(4, '\0') + "iTunSMPB") +
                                             atom("data", bigEndian(1) + bigEndian(0) + value));
    std::vector<std::size_t> path;  // where moov, udta, meta and ilst start
    std::size_t at = 0, end = bytes.size();
    for (const std::string want : {"moov", "udta", "meta", "ilst"}) {
        while (at + 8 <= end && bytes.compare(at + 4, 4, want) != 0) at += readBigEndian(bytes, at);
        ASSERT_LE(at + 8, end) << "no " << want << " atom";
        path.push_back(at);
        end = at + readBigEndian(bytes, at);
        at += want == "meta" ? 12 : 8;  // meta has a version and flags before its children
    }
    bytes.insert(end, tag);
    for (const std::size_t start : path)
        bytes.replace(start, 4,
                      bigEndian(readBigEndian(bytes, start) + static_cast<std::uint32_t>(tag.size())));
    writeBytes(file, bytes);
}

}  // namespace

// iTunes Store and Apple Music files record the encoder's priming and padding in an 'iTunSMPB' tag rather
// than an edit list: both are trimmed, so the decode is the music and only the music.
TEST_F(FfmpegFormats, AacWithAnItunesGaplessTagInsteadOfAnEditList) {
    const auto withEditList = encode("edit.m4a", "-c:a aac -b:a 160k");
    const auto file = encode("itunes.m4a", "-c:a aac -b:a 160k -use_editlist 0 -metadata title=Gapless");
    {
        AudioFileReader untagged(file);  // without either, the encoder's padding would play
        EXPECT_GT(frameCount(readAll(untagged)), sourceFrames_);
    }
    addItunesGaplessTag(file, " 00000000 00000400 00000378 0000000000015888");  // 1024, 888, 88200
    AudioFileReader reader(file);
    EXPECT_EQ(reader.info().title, "Gapless");
    EXPECT_TRUE(reader.info().framesExact);
    EXPECT_EQ(reader.info().frames, sourceFrames_);
    const auto ours = readAll(reader);
    ASSERT_EQ(frameCount(ours), sourceFrames_);
    AudioFileReader reference(withEditList);
    const auto expected = readAll(reference);
    ASSERT_EQ(expected.size(), ours.size());
    for (std::size_t i = 0; i < ours.size(); ++i) ASSERT_NEAR(ours[i], expected[i], 1e-6) << i;
}

TEST_F(FfmpegFormats, AacInM4aHasItsExactLengthAndDecodesToIt) {
    const auto file =
        encode("tone.m4a", "-c:a aac -b:a 160k -metadata title=Morning -metadata artist=Ensemble");
    AudioFileReader reader(file);
    EXPECT_EQ(reader.info().decoder, "FFmpeg");
    EXPECT_EQ(reader.info().formatName, "AAC (M4A)");
    EXPECT_EQ(reader.info().sampleRate, 44100);
    EXPECT_EQ(reader.info().channels, 2);
    EXPECT_TRUE(reader.info().framesExact);
    EXPECT_EQ(reader.info().frames, sourceFrames_);  // the edit list removes the priming and the padding
    EXPECT_EQ(reader.info().title, "Morning");
    EXPECT_EQ(reader.info().artist, "Ensemble");
    const auto ours = readAll(reader);
    EXPECT_EQ(frameCount(ours), sourceFrames_);
    EXPECT_FALSE(reader.readError());

    // ffmpeg itself trims the priming but keeps the padding of the last AAC frame: the same start, and at
    // most one frame more at the end.
    const auto theirs = ffmpegDecodeStereo(file);
    ASSERT_GE(frameCount(theirs), frameCount(ours));
    EXPECT_LT(frameCount(theirs) - frameCount(ours), kAacFrame);
    double largest = 0.0;
    for (std::size_t i = 0; i < ours.size(); ++i)
        largest = std::max(largest, double(std::abs(ours[i] - theirs[i])));
    EXPECT_LT(largest, 1e-6);
}

TEST_F(FfmpegFormats, AacSeekLandsOnTheSameSamplesAsReadingThrough) {
    const auto file = encode("tone.m4a", "-c:a aac -b:a 160k");
    AudioFileReader through(file);
    const auto all = readAll(through);
    AudioFileReader seeking(file);
    // AAC after a seek is decoded from a pre-roll: equal to far below audibility (-80 dB), on the same frame.
    for (const std::int64_t target :
         {std::int64_t{54321}, std::int64_t{1000}, std::int64_t{0}, std::int64_t{80000}}) {
        ASSERT_TRUE(seeking.seek(target)) << target;
        std::vector<float> block(2 * 256);
        ASSERT_EQ(seeking.readStereo(block.data(), 256), 256) << target;
        for (std::size_t i = 0; i < block.size(); ++i)
            ASSERT_NEAR(block[i], all[static_cast<std::size_t>(2 * target) + i], 1e-4) << target << " " << i;
    }
    EXPECT_FALSE(seeking.seek(sourceFrames_ + 1));
}

TEST_F(FfmpegFormats, AlacIsLosslessAndExact) {
    const auto file = encode("tone.m4a", "-c:a alac");
    AudioFileReader reader(file);
    EXPECT_EQ(reader.info().formatName, "ALAC (M4A)");
    EXPECT_EQ(reader.info().frames, sourceFrames_);
    EXPECT_TRUE(reader.info().framesExact);
    const auto ours = readAll(reader);
    AudioFileReader original(source_);
    const auto expected = readAll(original);
    ASSERT_EQ(ours.size(), expected.size());
    for (std::size_t i = 0; i < ours.size(); ++i) ASSERT_FLOAT_EQ(ours[i], expected[i]) << i;
}

TEST_F(FfmpegFormats, WmaReadsAsLongAsFfmpegDecodesIt) {
    const auto file = encode("tone.wma", "-c:a wmav2 -b:a 128k -metadata title=Evening");
    AudioFileReader reader(file);
    EXPECT_EQ(reader.info().decoder, "FFmpeg");
    EXPECT_EQ(reader.info().formatName, "WMA");
    EXPECT_EQ(reader.info().title, "Evening");
    EXPECT_FALSE(reader.info().framesExact);  // ASF keeps milliseconds
    EXPECT_NEAR(static_cast<double>(reader.info().frames), sourceFrames_, 2048.0);
    const auto ours = readAll(reader);
    EXPECT_EQ(frameCount(ours), frameCount(ffmpegDecodeStereo(file)));
}

TEST_F(FfmpegFormats, OpusInWebmReadsAt48k) {
    const auto file = encode("tone.webm", "-c:a libopus -b:a 96k");
    AudioFileReader reader(file);
    EXPECT_EQ(reader.info().formatName, "Opus (WebM)");
    EXPECT_EQ(reader.info().sampleRate, 48000);
    const auto ours = readAll(reader);
    EXPECT_EQ(frameCount(ours), frameCount(ffmpegDecodeStereo(file)));
    EXPECT_NEAR(static_cast<double>(frameCount(ours)), 96000.0, 960.0);
}

// A first page that implies a negative start, which libopusfile refuses (RFC 7845 4.5): what ffmpeg writes
// from a source whose timestamps start before zero (here 20 ms before). The pre-skip and the 20 ms before
// zero are trimmed: no lost or extra samples.
TEST_F(FfmpegFormats, OpusWithANegativeStartIsTrimmedExactly) {
    const auto file = folder_ / "negative.opus";
    const std::string command = "ffmpeg -nostdin -loglevel error -y -itsoffset -0.02 -i " +
                                shellQuoted(source_) + " -c:a libopus -b:a 96k " + shellQuoted(file);
    ASSERT_EQ(std::system(command.c_str()), 0);
    AudioFileReader reader(file);
    EXPECT_EQ(reader.info().decoder, "FFmpeg");
    EXPECT_EQ(reader.info().formatName, "Ogg Opus");
    EXPECT_EQ(reader.info().sampleRate, 48000);
    EXPECT_TRUE(reader.info().framesExact);
    constexpr std::int64_t kBeforeZero = 960;  // 20 ms at 48 kHz
    EXPECT_EQ(reader.info().frames, 96000 - kBeforeZero);
    const auto ours = readAll(reader);
    EXPECT_FALSE(reader.readError());
    ASSERT_EQ(frameCount(ours), 96000 - kBeforeZero);
    // ffmpeg's own decode keeps the 20 ms stamped before zero; after them it is the same, sample for sample.
    const auto theirs = ffmpegDecodeStereo(file);
    ASSERT_EQ(frameCount(theirs), 96000);
    for (std::size_t i = 0; i < ours.size(); ++i)
        ASSERT_NEAR(ours[i], theirs[i + 2 * kBeforeZero], 1e-6) << i;

    // A seek back to the start lands on the same first frame.
    ASSERT_TRUE(reader.seek(0));
    std::vector<float> first(2 * 64);
    ASSERT_EQ(reader.readStereo(first.data(), 64), 64);
    for (std::size_t i = 0; i < first.size(); ++i) EXPECT_FLOAT_EQ(first[i], ours[i]);
}

TEST_F(FfmpegFormats, OpusFrom44kSourceStaysWithOpusfile) {
    const auto file = encode("from44k.opus", "-c:a libopus -b:a 96k");
    AudioFileReader reader(file);
    EXPECT_EQ(reader.info().decoder, "libopusfile");
    const auto ours = readAll(reader);
    EXPECT_EQ(frameCount(ours), frameCount(ffmpegDecodeStereo(file)));
}

TEST_F(FfmpegFormats, FilesLibsndfileReadsStayWithIt) {
    AudioFileReader wav(source_);
    EXPECT_EQ(wav.info().decoder, "libsndfile");
    const auto flac = encode("tone.flac", "-c:a flac");
    AudioFileReader flacReader(flac);
    EXPECT_EQ(flacReader.info().decoder, "libsndfile");
}

TEST_F(FfmpegFormats, ProtectedM4pSaysItIsProtected) {
    const auto plain = encode("tone.m4a", "-c:a aac -b:a 128k");
    // An iTunes Store purchase with FairPlay has a 'drms' sample entry where a plain file has 'mp4a'.
    std::string bytes = readBytes(plain);
    const auto entry = bytes.find("mp4a");
    ASSERT_NE(entry, std::string::npos);
    bytes.replace(entry, 4, "drms");
    writeBytes(folder_ / "bought.m4p", bytes);
    const auto message = openingError(folder_ / "bought.m4p");
    EXPECT_NE(message.find("bought.m4p"), std::string::npos) << message;
    EXPECT_NE(message.find("protected"), std::string::npos) << message;
}

TEST_F(FfmpegFormats, M4aCutShortBeforeItsIndexSaysItCannotBeDecoded) {
    const auto file = encode("cut.m4a", "-c:a aac -b:a 128k");  // ffmpeg writes the index at the end
    truncateTo(file, fs::file_size(file) / 2);
    const auto message = openingError(file);
    EXPECT_NE(message.find("cut.m4a"), std::string::npos) << message;
    EXPECT_NE(message.find("cannot be decoded"), std::string::npos) << message;
}

TEST_F(FfmpegFormats, M4aCutShortAfterItsIndexEndsEarly) {
    const auto file = encode("cut.m4a", "-c:a aac -b:a 128k -movflags +faststart");
    truncateTo(file, fs::file_size(file) / 2);
    AudioFileReader reader(file);
    EXPECT_EQ(reader.info().declaredFrames, sourceFrames_);
    const auto samples = readAll(reader);
    EXPECT_LT(frameCount(samples), sourceFrames_ * 3 / 4);
}

TEST_F(FfmpegFormats, ImagesAndTextAreStillNotAudio) {
    writeBytes(folder_ / "cover.m4a", "not an mp4 at all, only text\n");
    const auto message = openingError(folder_ / "cover.m4a");
    EXPECT_NE(message.find("not an audio file"), std::string::npos) << message;
}

// Cut short while copying: the last page lacks its end-of-stream flag. Both Ogg decoders read to the last
// whole packet without complaint; the reader says what happened.
TEST(OggCutShort, VorbisAndOpusSayTheyWereCutShort) {
    if (!haveFfmpegTool()) GTEST_SKIP() << "ffmpeg not installed";
    TempFolder folder;
    const auto source = folder / "source.wav";
    writeNoise(source, audioSpec(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2, 3.0));
    for (const char* name : {"cut.ogg", "cut.opus"}) {
        const auto file = folder / name;
        ASSERT_TRUE(
            ffmpegEncode(source, file, std::string(name) == "cut.ogg" ? "-c:a libvorbis" : "-c:a libopus"));
        {
            AudioFileReader whole(file);
            readAll(whole);
            EXPECT_FALSE(whole.readError()) << name;
        }
        truncateTo(file, fs::file_size(file) * 2 / 3);
        AudioFileReader reader(file);
        const auto samples = readAll(reader);
        EXPECT_LT(frameCount(samples), 3 * 48000) << name;
        ASSERT_TRUE(reader.readError()) << name;
        EXPECT_NE(reader.readError()->find("cut short"), std::string::npos) << *reader.readError();
    }
}
