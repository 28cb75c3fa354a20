// The editor's music library: folders remembered in the editor's own settings file, the files in them
// listed from their headers (and tags) at once and measured in the background, searched and sorted.
#include "editor/MusicLibrary.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "audio/decode/AudioFixtures.h"
#include "audio/decode/FfmpegEncodedFixtures.h"

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

// A clinic's tagged library: what the tags say of lyrics, intensity and character is listed, whichever
// decoder reads the file (libsndfile for FLAC, libopusfile for Opus, FFmpeg for AAC).
TEST_F(MusicLibraryTest, TheTagsSayLyricsIntensityAndCharacter) {
    if (!stillpoint::testing::haveFfmpegTool()) GTEST_SKIP() << "ffmpeg is needed to write tagged files";
    using stillpoint::testing::ffmpegEncode;
    const fs::path source = folder / "music" / "album" / "01 north.wav";
    fs::create_directories(folder / "tagged");
    ASSERT_TRUE(ffmpegEncode(source, folder / "tagged" / "strings.flac",
                             "-metadata genre='Ambient; Strings' -c:a flac"));
    ASSERT_TRUE(
        ffmpegEncode(source, folder / "tagged" / "piano.flac", "-metadata genre=Instrumental -c:a flac"));
    const bool opus = ffmpegEncode(source, folder / "tagged" / "choir.opus",
                                   "-c:a libopus -metadata GENRE=Choir -metadata INTENSITY=4 "
                                   "-metadata LYRICS='Slow words'");
    const bool aac = ffmpegEncode(source, folder / "tagged" / "drums.m4a",
                                  "-c:a aac -movflags use_metadata_tags -metadata genre=Drums "
                                  "-metadata mood=Driving -metadata intensity=5");
    MusicLibrary library(settings, cache);
    ASSERT_EQ(library.addFolder(folder / "tagged"), "");
    const std::size_t files = 2 + opus + aac;
    ASSERT_TRUE(waitFor(library, [&] { return library.entries().size() == files; }));
    auto entry = [&](const std::string& name) -> const LibraryEntry& {
        for (const auto& found : library.entries())
            if (found.file.filename() == name) return found;
        ADD_FAILURE() << name << " not listed";
        static const LibraryEntry none;
        return none;
    };
    using stillpoint::program::Lyrics;
    const auto& strings = entry("strings.flac");
    EXPECT_EQ(strings.tags, (std::vector<std::string>{"Ambient", "Strings"}));
    EXPECT_EQ(strings.lyrics, Lyrics::Unspecified);  // nothing said: nothing guessed
    EXPECT_FALSE(strings.intensity);
    EXPECT_EQ(entry("piano.flac").lyrics, Lyrics::None);
    EXPECT_EQ(library.view("strings", LibrarySort::Title).size(), 1u);  // tags are searched
    if (opus) {
        const auto& choir = entry("choir.opus");
        EXPECT_EQ(choir.tags, std::vector<std::string>{"Choir"});
        EXPECT_EQ(choir.intensity, 4);
        EXPECT_EQ(choir.lyrics, Lyrics::KnownLanguage);
    }
    if (aac) {
        const auto& drums = entry("drums.m4a");
        EXPECT_EQ(drums.tags, (std::vector<std::string>{"Drums", "Driving"}));
        EXPECT_EQ(drums.intensity, 5);
    }
}
