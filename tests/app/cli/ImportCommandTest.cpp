// `stillpoint import` run as a clinic would, on each kind of playlist: the program it writes passes
// `stillpoint check` (warnings allowed, no errors), with paths relative to the program and tag titles.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "app/cli/StillpointProcess.h"
#include "audio/decode/AudioFixtures.h"
#include "audio/decode/FfmpegEncodedFixtures.h"

using namespace stillpoint::testing;
namespace fs = std::filesystem;

namespace {

class ImportCommand : public ::testing::Test {
protected:
    void SetUp() override {
        fs::create_directories(folder_ / "Music/Album");
        // Nine 4-second tracks with tags, so every phase gets music.
        for (int i = 1; i <= 9; ++i) {
            const auto name = "Music/Album/0" + std::to_string(i) + " Piece.flac";
            writeSine(folder_.path() / name,
                      audioSpec(SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 48000, 2, 4.0,
                                "Piece " + std::to_string(i), "Ensemble"),
                      220.0 * i, 0.1);
        }
        fs::create_directories(folder_ / "programs");
    }

    StillpointRun run(const std::string& arguments) {
        return runStillpoint(arguments, "XDG_CACHE_HOME=" + quoted(folder_.path()), Capture::StdoutAndStderr);
    }

    fs::path write(const std::string& name, const std::string& text) {
        std::ofstream(folder_ / name, std::ios::binary) << text;
        return folder_ / name;
    }

    std::string read(const fs::path& file) {
        std::ifstream stream(file);
        return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
    }

    // Imports, then checks the program with `stillpoint check --json`: no errors.
    nlohmann::json importAndCheck(const fs::path& playlist, const std::string& extra = {}) {
        const auto program = folder_ / "programs/imported.toml";
        fs::remove(program);
        const auto imported = run("import " + quoted(playlist) + " -o " + quoted(program) + " " + extra);
        EXPECT_EQ(imported.exitCode, 0) << imported.output;
        const auto checked = runStillpoint("check --json " + quoted(program),
                                           "XDG_CACHE_HOME=" + quoted(folder_.path()), Capture::StdoutOnly);
        const auto json = nlohmann::json::parse(checked.output, nullptr, false);
        EXPECT_FALSE(json.is_discarded()) << checked.output;
        if (json.is_discarded()) return {};
        EXPECT_EQ(json["valid"], true) << checked.output << "\n" << read(program);
        if (!json.contains("programs") || json["programs"].empty()) return {};
        return json["programs"][0];
    }

    // How many different files the checked program plays (a phase no track falls in repeats one).
    static std::size_t distinctFiles(const nlohmann::json& program) {
        std::set<std::string> files;
        for (const auto& track : program["tracks"]) files.insert(track["file"].get<std::string>());
        return files.size();
    }

    TempFolder folder_;
};

std::string m3uOfAlbum(const std::string& prefix) {
    std::string text = "#EXTM3U\n";
    for (int i = 1; i <= 9; ++i)
        text += "#EXTINF:4,Ensemble - Piece\n" + prefix + "0" + std::to_string(i) + " Piece.flac\n";
    return text;
}

}  // namespace

TEST_F(ImportCommand, M3uBecomesAProgramThatPassesCheck) {
    const auto playlist = write("session.m3u8", m3uOfAlbum("Music/Album/") + "Music/Album/10 Missing.flac\n");
    const auto program = folder_ / "programs/imported.toml";
    const auto imported =
        run("import " + quoted(playlist) + " -o " + quoted(program) + " --route iv --name 'Infusion'");
    ASSERT_EQ(imported.exitCode, 0) << imported.output;
    EXPECT_NE(imported.output.find("session.m3u8:20: skipped 'Music/Album/10 Missing.flac': no such file"),
              std::string::npos)
        << imported.output;
    const std::string text = read(program);
    EXPECT_NE(text.find("name = \"Infusion\""), std::string::npos) << text;
    EXPECT_NE(text.find("route = \"iv\""), std::string::npos) << text;
    EXPECT_NE(text.find("file = \"../Music/Album/01 Piece.flac\""), std::string::npos) << text;
    EXPECT_NE(text.find("title = \"Piece 1\""), std::string::npos) << text;  // from the tags
    EXPECT_NE(text.find("# Check: "), std::string::npos) << text;
    const auto json = importAndCheck(playlist, "--route iv");
    EXPECT_EQ(distinctFiles(json), 9u);
    // Refuses to overwrite without --force.
    EXPECT_EQ(run("import " + quoted(playlist) + " -o " + quoted(program)).exitCode, 2);
}

TEST_F(ImportCommand, WindowsExportsWithBackslashesDrivesAndUrls) {
    std::string text = "\xEF\xBB\xBF#EXTM3U\r\n";
    for (int i = 1; i <= 9; ++i) {
        const std::string name = "0" + std::to_string(i) + " Piece.flac";
        text += i % 3 == 0   ? "C:\\Users\\therapist\\Music\\Album\\" + name + "\r\n"
                : i % 3 == 1 ? "Music\\Album\\" + name + "\r\n"
                             : "file://" + (folder_.path() / "Music/Album").string() + "/0" +
                                   std::to_string(i) + "%20Piece.flac\r\n";
    }
    text += "spotify:track:4uLU6hMCjMI75M1A2tKUQC\r\n";
    const auto json = importAndCheck(write("exported.m3u", text), "--route im");
    EXPECT_EQ(distinctFiles(json), 9u);
}

TEST_F(ImportCommand, PlsXspfAndAFolder) {
    std::string pls = "[playlist]\n";
    std::string xspf =
        "<?xml version=\"1.0\"?>\n<playlist version=\"1\" xmlns=\"http://xspf.org/ns/0/\"><trackList>\n";
    for (int i = 1; i <= 9; ++i) {
        const std::string name = "Music/Album/0" + std::to_string(i) + " Piece.flac";
        pls += "File" + std::to_string(i) + "=" + name + "\n";
        xspf += "<track><location>Music/Album/0" + std::to_string(i) + "%20Piece.flac</location></track>\n";
    }
    xspf += "</trackList></playlist>\n";
    EXPECT_EQ(distinctFiles(importAndCheck(write("session.pls", pls), "--route sublingual")), 9u);
    EXPECT_EQ(distinctFiles(importAndCheck(write("session.xspf", xspf), "--route intranasal")), 9u);
    EXPECT_EQ(distinctFiles(importAndCheck(folder_ / "Music", "--route oral")), 9u);
}

TEST_F(ImportCommand, FilesOnlyFfmpegReadsAreImportedWithTheirTags) {
    if (!haveFfmpegTool()) GTEST_SKIP() << "ffmpeg not installed";
    ASSERT_TRUE(ffmpegEncode(folder_ / "Music/Album/01 Piece.flac", folder_ / "Music/bought.m4a",
                             "-c:a aac -b:a 128k -metadata title=Bought -metadata artist=Someone"));
    const auto playlist = write("mixed.m3u", m3uOfAlbum("Music/Album/") + "Music/bought.m4a\n");
    importAndCheck(playlist);
    EXPECT_NE(read(folder_ / "programs/imported.toml").find("title = \"Bought\""), std::string::npos);
}

TEST_F(ImportCommand, NothingPlayableWritesNothing) {
    const auto playlist = write("empty.m3u", "#EXTM3U\nnowhere.flac\nhttps://example.com/stream\n");
    const auto program = folder_ / "programs/none.toml";
    const auto imported = run("import " + quoted(playlist) + " -o " + quoted(program));
    EXPECT_EQ(imported.exitCode, 1) << imported.output;
    EXPECT_NE(imported.output.find("no playable music"), std::string::npos) << imported.output;
    EXPECT_FALSE(fs::exists(program));
}
