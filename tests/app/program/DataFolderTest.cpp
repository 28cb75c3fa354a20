#include <gtest/gtest.h>

#include <unistd.h>
#include <fstream>

#include "program/DataFolder.h"

using namespace stillpoint::program;
namespace fs = std::filesystem;

namespace {

class DataFolderTest : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("stillpoint-data-folder-" + std::to_string(::getpid()));
        fs::remove_all(root_);
    }
    void TearDown() override { fs::remove_all(root_); }

    fs::path withDemo(const fs::path& folder) {
        fs::create_directories(folder / "playlists");
        std::ofstream(folder / "playlists" / "demo.toml") << "format = 1\n";
        return folder;
    }
    fs::path root_;
};

}  // namespace

TEST_F(DataFolderTest, InstalledBesideTheExecutableWhateverThePrefix) {
    const auto data = withDemo(root_ / "opt/clinic/share/stillpoint");
    DataFolderSearch search{root_ / "opt/clinic/bin/stillpoint", "../share/stillpoint", root_ / "src"};
    EXPECT_EQ(findDataFolder(search), data.lexically_normal());
}

TEST_F(DataFolderTest, InstalledCopyIsPreferredToTheSourceTree) {
    const auto installed = withDemo(root_ / "usr/share/stillpoint");
    withDemo(root_ / "src");
    DataFolderSearch search{root_ / "usr/bin/stillpoint", "../share/stillpoint", root_ / "src"};
    EXPECT_EQ(findDataFolder(search), installed.lexically_normal());
}

TEST_F(DataFolderTest, DevelopersBuildFindsItsSourceTree) {
    const auto source = withDemo(root_ / "src");
    fs::create_directories(root_ / "src/build/release");
    DataFolderSearch search{root_ / "src/build/release/stillpoint", "../share/stillpoint", source};
    EXPECT_EQ(findDataFolder(search), source.lexically_normal());
}

TEST_F(DataFolderTest, AFolderWithoutTheDemoDoesNotCount) {
    fs::create_directories(root_ / "usr/share/stillpoint/playlists");  // emptied by hand
    DataFolderSearch search{root_ / "usr/bin/stillpoint", "../share/stillpoint", root_ / "nowhere"};
    EXPECT_EQ(findDataFolder(search), std::nullopt);
    EXPECT_EQ(dataFolderCandidates(search),
              (std::vector<fs::path>{root_ / "usr/share/stillpoint", root_ / "nowhere"}));
}

TEST_F(DataFolderTest, ThisBuildFindsTheSourceTreeItWasBuiltFrom) {
    // The test binary is not an installed stillpoint: its search ends in the source tree.
    const auto demo = findDemoProgram();
    ASSERT_TRUE(demo.has_value());
    EXPECT_TRUE(fs::equivalent(*demo, fs::path(STILLPOINT_SOURCE_DIR) / "playlists" / "demo.toml"));
}
