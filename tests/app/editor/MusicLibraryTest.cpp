// The editor's music library: folders remembered in the editor's own settings file, the files in them
// listed from their headers at once and measured in the background, searched and sorted.
#include "editor/MusicLibrary.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "audio/decode/AudioFixtures.h"

using namespace stillpoint::editor;
namespace fs = std::filesystem;
using stillpoint::testing::TempFolder;

namespace {

bool waitFor(MusicLibrary& library, const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        library.poll();
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

class MusicLibraryTest : public ::testing::Test {
protected:
    void SetUp() override {
        using namespace stillpoint::testing;
        fs::create_directories(folder / "music" / "album");
        writeSine(folder / "music" / "album" / "01 north.wav",
                  audioSpec(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2, 3.0, "North Meadow", "Field Choir"),
                  220.0, 0.3);
        writeSine(folder / "music" / "harbour.flac",
                  audioSpec(SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 44100, 2, 1.5, "Deep Harbour", "Tide"), 330.0,
                  0.05);
        std::ofstream(folder / "music" / "notes.txt") << "not music";
        std::ofstream(folder / "music" / "broken.mp3") << "not an mp3 either";
    }
    TempFolder folder;
    fs::path settings = folder / "config" / "stillpoint" / "editor.toml";
    fs::path cache = folder / "cache" / "loudness.json";
};

}  // namespace

TEST_F(MusicLibraryTest, FoldersAreRememberedAndTheirAudioListedWithLengthsAndLoudness) {
    {
        MusicLibrary library(settings, cache);
        EXPECT_TRUE(library.folders().empty());
        EXPECT_EQ(library.addFolder(folder / "music"), "");
        EXPECT_NE(library.addFolder(folder / "music" / "notes.txt"), "");
        EXPECT_NE(library.addFolder(folder / "music"), "");  // already there
        ASSERT_TRUE(waitFor(library, [&] {
            const auto progress = library.progress();
            return !progress.scanning && library.entries().size() == 3;
        })) << library.entries().size();
        const auto byLength = library.view("", LibrarySort::Length);
        ASSERT_EQ(byLength.size(), 3u);  // the text file is not listed; the broken "mp3" is, with its error
        EXPECT_FALSE(byLength[0]->error.empty());
        EXPECT_EQ(byLength[1]->title, "Deep Harbour");
        EXPECT_EQ(byLength[1]->artist, "Tide");
        EXPECT_NEAR(byLength[1]->seconds, 1.5, 0.01);
        EXPECT_EQ(byLength[1]->format.substr(0, 4), "FLAC");
        EXPECT_EQ(byLength[2]->title, "North Meadow");
        ASSERT_TRUE(byLength[1]->integratedLufs && byLength[2]->integratedLufs);
        EXPECT_GT(*byLength[2]->integratedLufs,
                  *byLength[1]->integratedLufs + 10.0);  // 0.3 vs 0.05 amplitude
        const auto quiet = library.view("", LibrarySort::Loudness);
        EXPECT_EQ(quiet[0]->title, "Deep Harbour");
        EXPECT_EQ(library.view("choir north", LibrarySort::Title).size(), 1u);
        EXPECT_EQ(library.view("HARBOUR", LibrarySort::Title).size(), 1u);
        EXPECT_TRUE(library.view("nothing like this", LibrarySort::Title).empty());
    }
    // A second editor finds the folder remembered, and the loudness cached.
    MusicLibrary again(settings, cache);
    ASSERT_EQ(again.folders().size(), 1u);
    EXPECT_EQ(again.folders()[0], (folder / "music").lexically_normal());
    ASSERT_TRUE(waitFor(again, [&] { return !again.progress().scanning && again.entries().size() == 3; }));
    again.removeFolder(0);
    ASSERT_TRUE(waitFor(again, [&] { return again.entries().empty(); }));
    EXPECT_TRUE(MusicLibrary(settings, cache).folders().empty());
}

TEST_F(MusicLibraryTest, DamagedSettingsAreSaidAndReplaced) {
    fs::create_directories(settings.parent_path());
    std::ofstream(settings) << "[library\nfolders = 3\n";
    MusicLibrary library(settings, cache);
    EXPECT_NE(library.settingsProblem().find("editor.toml:1"), std::string::npos)
        << library.settingsProblem();
    EXPECT_EQ(library.addFolder(folder / "music"), "");
    EXPECT_TRUE(library.settingsProblem().empty());
    EXPECT_EQ(MusicLibrary(settings, cache).folders().size(), 1u);
}
