#include "program/PlaylistReader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "audio/decode/AudioFixtures.h"

using namespace stillpoint::program;
using namespace stillpoint::testing;
namespace fs = std::filesystem;

namespace {

// A clinic's music folder, copied from another computer: an album folder with its playlist beside it.
class MusicFolder : public ::testing::Test {
  protected:
    void SetUp() override {
        fs::create_directories(folder_ / "Album One");
        for (const char* name : {"Album One/01 Début.flac", "Album One/02 Second.flac", "loose.wav"})
            writeSilence(folder_.path() / name, audioSpec(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2, 0.1));
    }
    fs::path write(const std::string& name, const std::string& text) {
        const auto file = folder_ / name;
        std::ofstream(file, std::ios::binary) << text;
        return file;
    }
    fs::path at(const std::string& relative) const { return (folder_.path() / relative).lexically_normal(); }

    TempFolder folder_;
};

}  // namespace

TEST_F(MusicFolder, M3uWithExtinfBomCrlfWindowsPathsAndFileUrls) {
    const auto playlist = write("session.m3u8",
                                "\xEF\xBB\xBF#EXTM3U\r\n"
                                "#EXTINF:253,Ensemble - First Light\r\n"
                                "Album One/01 Début.flac\r\n"
                                "\r\n"
                                "# a comment\r\n"
                                "C:\\Users\\clinic\\Music\\Album One\\02 Second.flac\r\n"
                                "file://" + at("loose.wav").string() + "\r\n"
                                "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC\r\n"
                                "Album One/03 Missing.flac\r\n");
    const Playlist read = readPlaylist(playlist);
    ASSERT_EQ(read.entries.size(), 3u);
    EXPECT_EQ(read.entries[0].file, at("Album One/01 Début.flac"));
    EXPECT_EQ(read.entries[0].title, "Ensemble - First Light");
    EXPECT_EQ(read.entries[0].line, 3);
    EXPECT_EQ(read.entries[1].file, at("Album One/02 Second.flac"));  // found beside the playlist
    EXPECT_EQ(read.entries[2].file, at("loose.wav"));
    ASSERT_EQ(read.skipped.size(), 2u);
    EXPECT_EQ(read.skipped[0].line, 8);
    EXPECT_NE(read.skipped[0].reason.find("web or streaming address"), std::string::npos);
    EXPECT_EQ(read.skipped[1].line, 9);
    EXPECT_EQ(read.skipped[1].written, "Album One/03 Missing.flac");
    EXPECT_EQ(read.skipped[1].reason, "no such file");
}

TEST_F(MusicFolder, Latin1M3uAndPercentEncodedUrls) {
    // "01 Début.flac" written by a Windows player in Latin-1 (é = 0xE9), and as a URL.
    const auto playlist = write("latin1.m3u",
                                "Album One\\01 D\xE9" "but.flac\n"
                                "file:///" + at("Album One").relative_path().string() + "/02%20Second.flac\n");
    const Playlist read = readPlaylist(playlist);
    ASSERT_EQ(read.entries.size(), 2u) << (read.skipped.empty() ? "" : read.skipped[0].written);
    EXPECT_EQ(read.entries[0].file, at("Album One/01 Début.flac"));
    EXPECT_EQ(read.entries[1].file, at("Album One/02 Second.flac"));
}

TEST_F(MusicFolder, PlsInNumberOrderWithTitles) {
    const auto playlist = write("session.pls",
                                "[playlist]\n"
                                "File2=loose.wav\nTitle2=Loose\n"
                                "File1=Album One/01 Début.flac\nTitle1=First\n"
                                "File3=gone.mp3\n"
                                "NumberOfEntries=3\nVersion=2\n");
    const Playlist read = readPlaylist(playlist);
    ASSERT_EQ(read.entries.size(), 2u);
    EXPECT_EQ(read.entries[0].title, "First");
    EXPECT_EQ(read.entries[1].file, at("loose.wav"));
    EXPECT_EQ(read.entries[1].title, "Loose");
    ASSERT_EQ(read.skipped.size(), 1u);
    EXPECT_EQ(read.skipped[0].line, 6);
}

TEST_F(MusicFolder, XspfWithRelativeAndFileLocations) {
    const auto playlist = write("session.xspf",
                                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                "<playlist version=\"1\" xmlns=\"http://xspf.org/ns/0/\">\n"
                                "  <trackList>\n"
                                "    <track><location>Album%20One/01%20D%C3%A9but.flac</location>"
                                "<title>First &amp; Only</title></track>\n"
                                "    <track><location>file://" + at("loose.wav").string() + "</location></track>\n"
                                "    <track><location>nowhere.ogg</location></track>\n"
                                "  </trackList>\n"
                                "</playlist>\n");
    const Playlist read = readPlaylist(playlist);
    ASSERT_EQ(read.entries.size(), 2u);
    EXPECT_EQ(read.entries[0].file, at("Album One/01 Début.flac"));
    EXPECT_EQ(read.entries[0].title, "First & Only");
    EXPECT_EQ(read.entries[1].file, at("loose.wav"));
    ASSERT_EQ(read.skipped.size(), 1u);
    EXPECT_EQ(read.skipped[0].line, 6);
}

TEST_F(MusicFolder, AFolderIsItsAudioFilesInNameOrder) {
    write("notes.txt", "not music");
    write(".hidden.wav", "");
    const Playlist read = readPlaylist(folder_.path());
    ASSERT_EQ(read.entries.size(), 3u);
    EXPECT_EQ(read.entries[0].file, at("Album One/01 Début.flac"));
    EXPECT_EQ(read.entries[1].file, at("Album One/02 Second.flac"));
    EXPECT_EQ(read.entries[2].file, at("loose.wav"));
}

TEST_F(MusicFolder, WhatIsNotAPlaylistSaysSo) {
    EXPECT_THROW(readPlaylist(folder_ / "none.m3u"), std::runtime_error);
    const auto text = write("notes.txt", "hello");
    try {
        readPlaylist(text);
        ADD_FAILURE() << "a text file read as a playlist";
    } catch (const std::runtime_error& error) {
        EXPECT_NE(std::string(error.what()).find(".m3u, .m3u8, .pls or .xspf"), std::string::npos) << error.what();
    }
    const auto broken = write("broken.xspf", "<playlist><trackList><track>");
    EXPECT_THROW(readPlaylist(broken), std::runtime_error);
}
