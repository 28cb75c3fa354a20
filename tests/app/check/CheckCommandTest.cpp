// Drives the `stillpoint` executable as a clinic would, for its exit codes and output.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "app/cli/StillpointProcess.h"
#include "audio/decode/AudioFixtures.h"

using namespace stillpoint::testing;
namespace fs = std::filesystem;

namespace {

StillpointRun runStillpoint(const std::string& arguments, const fs::path& cacheHome) {
    return stillpoint::testing::runStillpoint(arguments, "XDG_CACHE_HOME=" + quoted(cacheHome),
                                              Capture::StdoutOnly);
}

class CheckCommand : public ::testing::Test {
protected:
    void SetUp() override {
        fs::create_directory(folder_ / "music");
        writeSine(folder_ / "music/tone.flac", audioSpec(SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 48000, 2, 3.0),
                  997.0, 0.1);
        std::ofstream(folder_ / "good.toml")
            << "format = 1\nname = \"Good\"\n[[phase]]\nname = \"peak\"\n"
               "planned = \"3s\"\n  [[phase.track]]\n  file = \"music/tone.flac\"\n";
        std::ofstream(folder_ / "bad.toml")
            << "format = 1\nname = \"Bad\"\n[[phase]]\nname = \"peak\"\n"
               "planned = 20\n  [[phase.track]]\n  file = \"music/none.flac\"\n";
    }
    TempFolder folder_;
};

TEST_F(CheckCommand, AFileThatFailsToReadIsAnErrorNotACrash) {
    const auto run = runStillpoint("check /proc/self/mem", folder_.path());
    EXPECT_EQ(run.exitCode, 1) << run.output;
    EXPECT_NE(run.output.find("Input/output error"), std::string::npos) << run.output;
}

}  // namespace

TEST_F(CheckCommand, ValidProgramExitsZeroWithATable) {
    const auto run = runStillpoint("check " + quoted(folder_ / "good.toml"), folder_.path());
    EXPECT_EQ(run.exitCode, 0) << run.output;
    EXPECT_NE(run.output.find("tone.flac"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("-20.0"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("0 errors, 0 warnings"), std::string::npos) << run.output;
    EXPECT_TRUE(fs::exists(folder_ / "stillpoint" / "loudness.json"));
}

TEST_F(CheckCommand, ProblemsExitOneAndNameTheirLine) {
    const auto run = runStillpoint(
        "check " + quoted(folder_ / "good.toml") + " " + quoted(folder_ / "bad.toml"), folder_.path());
    EXPECT_EQ(run.exitCode, 1) << run.output;
    EXPECT_NE(run.output.find((folder_ / "bad.toml").string() + ":5:11: error: \"planned\" = 20 has no unit"),
              std::string::npos)
        << run.output;
}

TEST_F(CheckCommand, MissingAudioIsAnErrorAtItsTrack) {
    std::ofstream(folder_ / "missing.toml")
        << "format = 1\nname = \"M\"\n[[phase]]\nname = \"peak\"\n"
           "planned = \"3s\"\n  [[phase.track]]\n  file = \"music/none.flac\"\n";
    const auto run = runStillpoint("check " + quoted(folder_ / "missing.toml"), folder_.path());
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_NE(run.output.find("missing.toml:6:3: error:"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("no such file"), std::string::npos) << run.output;
}

TEST_F(CheckCommand, NoProgramIsAUsageError) {
    EXPECT_EQ(runStillpoint("check", folder_.path()).exitCode, 2);
    EXPECT_EQ(runStillpoint("check --no-such-option x.toml", folder_.path()).exitCode, 2);
}

TEST_F(CheckCommand, JsonIsOneDocument) {
    const auto run = runStillpoint(
        "check --json --no-cache " + quoted(folder_ / "good.toml") + " " + quoted(folder_ / "bad.toml"),
        folder_.path());
    EXPECT_EQ(run.exitCode, 1);
    const auto json = nlohmann::json::parse(run.output, nullptr, false);
    ASSERT_FALSE(json.is_discarded()) << run.output;
    EXPECT_EQ(json["valid"], false);
    ASSERT_EQ(json["programs"].size(), 2u);
    EXPECT_EQ(json["programs"][0]["valid"], true);
    EXPECT_NEAR(json["programs"][0]["tracks"][0]["integrated_lufs"].get<double>(), -20.0, 0.05);
    EXPECT_EQ(json["programs"][1]["problems"][0]["line"], 5);
    EXPECT_FALSE(fs::exists(folder_ / "stillpoint" / "loudness.json"));  // --no-cache leaves no cache
}
