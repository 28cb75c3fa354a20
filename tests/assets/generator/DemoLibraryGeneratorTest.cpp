// The generator as the build runs it: the stillpoint-demo-music executable, into temporary folders,
// with shortened pieces. Same bytes on every run, nothing regenerated when up to date, tagged FLAC files
// at the loudness each recipe asks for.
#include <ebur128.h>
#include <gtest/gtest.h>
#include <sndfile.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "DemoLibraryGenerator.h"
#include "FlacPieceWriter.h"
#include "PieceRecipe.h"

namespace stillpoint::demo {
namespace {

namespace fs = std::filesystem;

constexpr int kTestSeconds = 8;

struct CommandResult {
    int exitCode = -1;
    std::string output;
};

CommandResult runGenerator(const std::string& arguments) {
    const fs::path log = fs::temp_directory_path() / ("demo-music-log-" + std::to_string(::getpid()));
    const std::string command =
        std::string(STILLPOINT_DEMO_MUSIC_EXECUTABLE) + " " + arguments + " > " + log.string() + " 2>&1";
    const int status = std::system(command.c_str());
    CommandResult result;
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream in(log);
    std::ostringstream text;
    text << in.rdbuf();
    result.output = text.str();
    fs::remove(log);
    return result;
}

std::string readBytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

class DemoLibraryGeneratorTest : public ::testing::Test {
protected:
    void SetUp() override {
        root_ =
            fs::temp_directory_path() / ("stillpoint-demo-music-test-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(root_);
        fs::create_directories(root_);
    }
    void TearDown() override { fs::remove_all(root_); }

    CommandResult generateInto(const fs::path& folder, const std::string& extra = "") {
        return runGenerator("--output-dir " + folder.string() + " --max-seconds " +
                            std::to_string(kTestSeconds) + " " + extra);
    }

    fs::path root_;
};

TEST_F(DemoLibraryGeneratorTest, TwoRunsWriteTheSameBytes) {
    const auto first = generateInto(root_ / "first");
    ASSERT_EQ(first.exitCode, 0) << first.output;
    // One job against two: the threads must not change a single byte.
    const auto second = generateInto(root_ / "second", "--jobs 1");
    ASSERT_EQ(second.exitCode, 0) << second.output;
    for (const auto& recipe : demoLibraryCatalogue()) {
        const std::string name = recipe.fileStem + ".flac";
        const std::string bytes = readBytes(root_ / "first" / name);
        ASSERT_FALSE(bytes.empty()) << name;
        EXPECT_TRUE(bytes == readBytes(root_ / "second" / name)) << name << " differs between two runs";
    }
    EXPECT_EQ(readBytes(root_ / "first" / kManifestFileName),
              readBytes(root_ / "second" / kManifestFileName));
    for (const auto& entry : fs::directory_iterator(root_ / "first"))
        EXPECT_EQ(entry.path().string().find(".partial"), std::string::npos)
            << "left behind: " << entry.path();
}

TEST_F(DemoLibraryGeneratorTest, UpToDateLibraryIsLeftAloneAndAMissingFileIsRegenerated) {
    const fs::path folder = root_ / "library";
    ASSERT_EQ(generateInto(folder).exitCode, 0);
    const fs::path piece = folder / (demoLibraryCatalogue().front().fileStem + ".flac");
    const auto writtenAt = fs::last_write_time(piece);

    const auto again = generateInto(folder);
    ASSERT_EQ(again.exitCode, 0) << again.output;
    EXPECT_NE(again.output.find("up to date"), std::string::npos) << again.output;
    EXPECT_EQ(fs::last_write_time(piece), writtenAt);

    fs::remove(piece);
    const auto repaired = generateInto(folder);
    ASSERT_EQ(repaired.exitCode, 0) << repaired.output;
    EXPECT_TRUE(fs::exists(piece));
    EXPECT_EQ(repaired.output.find("up to date"), std::string::npos) << repaired.output;
}

TEST_F(DemoLibraryGeneratorTest, ChangedLengthIsNotMistakenForUpToDate) {
    const fs::path folder = root_ / "library";
    ASSERT_EQ(generateInto(folder).exitCode, 0);
    const auto longer = runGenerator("--output-dir " + folder.string() + " --max-seconds 9");
    ASSERT_EQ(longer.exitCode, 0) << longer.output;
    SF_INFO info{};
    SNDFILE* file =
        sf_open((folder / (demoLibraryCatalogue().front().fileStem + ".flac")).c_str(), SFM_READ, &info);
    ASSERT_NE(file, nullptr);
    EXPECT_EQ(info.frames, 9 * 48000);
    sf_close(file);
}

TEST_F(DemoLibraryGeneratorTest, FilesAreTaggedStereoFlacAtTheirTargetLoudness) {
    const fs::path folder = root_ / "library";
    const auto result = generateInto(folder);
    ASSERT_EQ(result.exitCode, 0) << result.output;
    double quietest = 0.0, loudest = -100.0;
    for (const auto& recipe : demoLibraryCatalogue()) {
        const fs::path path = folder / (recipe.fileStem + ".flac");
        SF_INFO info{};
        SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
        ASSERT_NE(file, nullptr) << path << ": " << sf_strerror(nullptr);
        EXPECT_EQ(info.format, SF_FORMAT_FLAC | SF_FORMAT_PCM_16);
        EXPECT_EQ(info.samplerate, 48000);
        EXPECT_EQ(info.channels, 2);
        EXPECT_EQ(info.frames, kTestSeconds * 48000);
        const char* title = sf_get_string(file, SF_STR_TITLE);
        const char* artist = sf_get_string(file, SF_STR_ARTIST);
        ASSERT_NE(title, nullptr) << path;
        ASSERT_NE(artist, nullptr) << path;
        EXPECT_EQ(std::string(title), recipe.title);
        EXPECT_EQ(std::string(artist), kDemoLibraryArtist);
        // A date or a software version in the tags would make the bytes differ between runs or machines.
        EXPECT_EQ(sf_get_string(file, SF_STR_DATE), nullptr) << path;
        EXPECT_EQ(sf_get_string(file, SF_STR_SOFTWARE), nullptr) << path;

        std::vector<float> samples(static_cast<std::size_t>(info.frames) * 2);
        ASSERT_EQ(sf_readf_float(file, samples.data(), info.frames), info.frames);
        sf_close(file);
        ebur128_state* meter = ebur128_init(2, 48000, EBUR128_MODE_I | EBUR128_MODE_SAMPLE_PEAK);
        ebur128_add_frames_float(meter, samples.data(), static_cast<std::size_t>(info.frames));
        double loudness = 0.0;
        double peakLeft = 0.0, peakRight = 0.0;
        ebur128_loudness_global(meter, &loudness);
        ebur128_sample_peak(meter, 0, &peakLeft);
        ebur128_sample_peak(meter, 1, &peakRight);
        ebur128_destroy(&meter);
        EXPECT_NEAR(loudness, recipe.targetLufs, 0.3) << path;
        EXPECT_LT(20.0 * std::log10(std::max(peakLeft, peakRight)), -1.0) << path;
        quietest = std::min(quietest, loudness);
        loudest = std::max(loudest, loudness);
    }
    // Deliberately different, as real albums are, so loudness normalisation has something to show.
    EXPECT_GE(loudest - quietest, 10.0);
}

TEST_F(DemoLibraryGeneratorTest, UnwritableFolderIsAClearErrorNamingIt) {
    const fs::path blocker = root_ / "not-a-folder";
    std::ofstream(blocker) << "a file where the library folder should be";
    const auto result = runGenerator("--output-dir " + (blocker / "music").string() + " --max-seconds 2");
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_NE(result.output.find((blocker / "music").string()), std::string::npos) << result.output;
}

TEST_F(DemoLibraryGeneratorTest, MissingOutputFolderOptionIsAUsageError) {
    const auto result = runGenerator("");
    EXPECT_NE(result.exitCode, 0);
    EXPECT_NE(result.output.find("--output-dir"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace stillpoint::demo
