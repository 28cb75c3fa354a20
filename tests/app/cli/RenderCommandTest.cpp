// `stillpoint render` end to end: the built executable renders generated programs to files, which are read
// back for their rate and length, with a session journal beside them; wrong output names are refused plainly.
#include <gtest/gtest.h>
#include <sndfile.h>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "app/cli/StillpointProcess.h"
#include "audio/decode/AudioFixtures.h"

using namespace stillpoint::testing;
namespace fs = std::filesystem;

namespace {

class RenderCommand : public ::testing::Test {
protected:
    // One phase of 3 s, its track at `rate`.
    fs::path writeProgram(const std::string& name, int rate) {
        const fs::path track = folder_ / (name + ".flac");
        writeSine(track, audioSpec(SF_FORMAT_FLAC | SF_FORMAT_PCM_16, rate, 2, 4.0), 440.0, 0.2);
        const fs::path program = folder_ / (name + ".toml");
        std::ofstream(program) << "format = 1\nname = \"" << name << "\"\nend_fade = \"1s\"\n"
                               << "[[phase]]\nname = \"only\"\nplanned = \"3s\"\n"
                               << "  [[phase.track]]\n  file = \"" << track.filename().string() << "\"\n";
        return program;
    }

    StillpointRun render(const std::string& arguments,
                         const std::string& environment = "ALSOFT_DRIVERS=null") {
        return runStillpoint("render " + arguments + " --cache-file " + quoted(folder_ / "cache.json"),
                             environment);
    }

    // The machine configuration the render reads: stillpoint.toml under the folder's own config home.
    fs::path writeMachineConfig(const std::string& text) {
        fs::create_directories(folder_ / "config" / "stillpoint");
        const fs::path config = folder_ / "config" / "stillpoint" / "stillpoint.toml";
        std::ofstream(config) << text;
        return config;
    }

    // A render that reads the configuration writeMachineConfig() wrote.
    StillpointRun renderWithMachineConfig(const std::string& arguments) {
        return render(arguments, "ALSOFT_DRIVERS=null XDG_CONFIG_HOME=" + quoted(folder_ / "config"));
    }

    static SF_INFO infoOf(const fs::path& file) {
        SF_INFO info{};
        if (SNDFILE* sound = sf_open(file.c_str(), SFM_READ, &info)) sf_close(sound);
        return info;
    }

    // Every sample of `file`, interleaved; empty when it cannot be read.
    static std::vector<float> samplesOf(const fs::path& file) {
        SF_INFO info{};
        std::vector<float> samples;
        if (SNDFILE* sound = sf_open(file.c_str(), SFM_READ, &info)) {
            samples.resize(static_cast<std::size_t>(info.frames * info.channels));
            sf_readf_float(sound, samples.data(), info.frames);
            sf_close(sound);
        }
        return samples;
    }

    TempFolder folder_;
};

TEST_F(RenderCommand, RendersAtTheRateOfTheProgramsMusicUnlessAskedOtherwise) {
    const fs::path cd = writeProgram("cd", 44100);
    const auto run = render(quoted(cd) + " -o " + quoted(folder_ / "cd.wav"));
    ASSERT_EQ(run.exitCode, 0) << run.output;
    const SF_INFO native = infoOf(folder_ / "cd.wav");
    EXPECT_EQ(native.samplerate, 44100);
    EXPECT_EQ(native.channels, 2);
    // The session's planned 3 s (its end fade closes the last phase), to the frame.
    EXPECT_EQ(native.frames, 3 * 44100);
    EXPECT_NE(run.output.find("44.1 kHz"), std::string::npos) << run.output;

    const auto asked = render(quoted(cd) + " -o " + quoted(folder_ / "cd48.flac") + " --sample-rate 48000");
    ASSERT_EQ(asked.exitCode, 0) << asked.output;
    const SF_INFO resampled = infoOf(folder_ / "cd48.flac");
    EXPECT_EQ(resampled.samplerate, 48000);
    EXPECT_EQ(resampled.frames, 3 * 48000);

    const fs::path studio = writeProgram("studio", 48000);
    ASSERT_EQ(render(quoted(studio) + " -o " + quoted(folder_ / "studio.wav")).exitCode, 0);
    EXPECT_EQ(infoOf(folder_ / "studio.wav").samplerate, 48000);
}

// A preview is journaled like a session, so `stillpoint report` makes the same report of it: the script's
// commands are in it with their outcome, and it says it is a rendered preview.
TEST_F(RenderCommand, JournalsThePreviewForTheReport) {
    const fs::path program = writeProgram("preview", 48000);
    const fs::path actions = folder_ / "actions.toml";
    std::ofstream(actions) << "[[action]]\nat = \"1s\"\ndo = \"hold\"\n"
                           << "[[action]]\nat = \"1500ms\"\ndo = \"release\"\n"  // an older name
                           << "[[action]]\nat = \"2s\"\ndo = \"resume\"\n";      // refused: not silenced
    const fs::path journals = folder_ / "journals";
    const auto run = render(quoted(program) + " -o " + quoted(folder_ / "rendered.flac") + " --actions " +
                            quoted(actions) + " --journal " + quoted(journals));
    ASSERT_EQ(run.exitCode, 0) << run.output;
    EXPECT_NE(run.output.find("Resume music: the music was not silenced"), std::string::npos) << run.output;
    fs::path session;
    for (const auto& entry : fs::directory_iterator(journals)) session = entry.path();
    ASSERT_FALSE(session.empty()) << run.output;
    EXPECT_NE(session.filename().string().find("PREVIEW"), std::string::npos);
    std::ifstream in(session / "journal.jsonl");
    const std::string journal((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(journal.find("\"rendered_preview\":true"), std::string::npos) << journal;
    EXPECT_NE(journal.find("\"type\":\"phase_entered\""), std::string::npos) << journal;
    EXPECT_NE(journal.find("\"action\":\"release_hold\""), std::string::npos) << journal;
    EXPECT_NE(journal.find("\"reason\":\"not_silenced\""), std::string::npos) << journal;
    EXPECT_NE(journal.find("\"type\":\"session_end\""), std::string::npos) << journal;
    EXPECT_EQ(journal.find("events.jsonl"), std::string::npos);

    const auto report = runStillpoint("report " + quoted(session), "ALSOFT_DRIVERS=null");
    ASSERT_EQ(report.exitCode, 0) << report.output;
    for (const char* output : {"report.html", "events.csv", "played.m3u8"})
        EXPECT_TRUE(fs::exists(session / output)) << output;
    // Without --journal the session folder is made beside the output.
    ASSERT_EQ(render(quoted(program) + " -o " + quoted(folder_ / "beside.wav")).exitCode, 0);
    bool beside = false;
    for (const auto& entry : fs::directory_iterator(folder_.path()))
        beside = beside || (entry.is_directory() && fs::exists(entry.path() / "journal.jsonl"));
    EXPECT_TRUE(beside);
}

TEST_F(RenderCommand, RefusesAnOutputItCannotWriteWithWhatToDo) {
    const fs::path program = writeProgram("refused", 48000);
    const auto mp3 = render(quoted(program) + " -o " + quoted(folder_ / "out.mp3"));
    EXPECT_EQ(mp3.exitCode, 2) << mp3.output;
    EXPECT_NE(mp3.output.find("choose an output ending in .wav"), std::string::npos) << mp3.output;

    const auto missing = render(quoted(program) + " -o " + quoted(folder_ / "no-folder" / "out.wav"));
    EXPECT_EQ(missing.exitCode, 1) << missing.output;
    EXPECT_NE(missing.output.find("check that the folder exists"), std::string::npos) << missing.output;
}

TEST_F(RenderCommand, ExitsWithItsOwnStatusWhenFaultsWereReported) {
    const fs::path track = folder_ / "good.flac";
    writeSine(track, audioSpec(SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 48000, 2, 2.0), 440.0, 0.2);
    const fs::path program = folder_ / "faulty.toml";
    std::ofstream(program) << "format = 1\nname = \"faulty\"\nend_fade = \"1s\"\n"
                           << "[[phase]]\nname = \"only\"\nplanned = \"3s\"\n"
                           << "  [[phase.track]]\n  file = \"missing.flac\"\n"
                           << "  [[phase.track]]\n  file = \"good.flac\"\n";
    const auto run = render(quoted(program) + " -o " + quoted(folder_ / "faulty.wav"));
    EXPECT_EQ(run.exitCode, 3) << run.output;
    EXPECT_NE(run.output.find("fault(s), listed above"), std::string::npos) << run.output;
    EXPECT_TRUE(fs::exists(folder_ / "faulty.wav"));  // the preview is still written
}

// The room speakers' output beside the patient's, with the level the machine configuration gives the room.
TEST_F(RenderCommand, RendersTheRoomOutputFrameForFrameAtTheRoomsConfiguredLevel) {
    const fs::path program = writeProgram("rooms", 48000);
    writeMachineConfig("[outputs.room]\nvolume = 0.5\n");
    const auto run = renderWithMachineConfig(quoted(program) + " -o " + quoted(folder_ / "patient.wav") +
                                             " --room-output " + quoted(folder_ / "room.wav"));
    ASSERT_EQ(run.exitCode, 0) << run.output;
    EXPECT_NE(run.output.find("the room output to"), std::string::npos) << run.output;
    const std::vector<float> patient = samplesOf(folder_ / "patient.wav");
    const std::vector<float> room = samplesOf(folder_ / "room.wav");
    ASSERT_EQ(patient.size(), static_cast<std::size_t>(2 * 3 * 48000));
    ASSERT_EQ(room.size(), patient.size());
    float worst = 0.0f, loudest = 0.0f;
    for (std::size_t i = 0; i < patient.size(); ++i) {
        worst = std::max(worst, std::fabs(room[i] - 0.5f * patient[i]));
        loudest = std::max(loudest, std::fabs(patient[i]));
    }
    EXPECT_GT(loudest, 0.05f);
    EXPECT_LT(worst, 1e-6f);

    // --room-volume overrides the configuration.
    const auto quieter =
        renderWithMachineConfig(quoted(program) + " -o " + quoted(folder_ / "p2.wav") + " --room-output " +
                                quoted(folder_ / "r2.wav") + " --room-volume 0.25");
    ASSERT_EQ(quieter.exitCode, 0) << quieter.output;
    const std::vector<float> room2 = samplesOf(folder_ / "r2.wav");
    ASSERT_EQ(room2.size(), patient.size());
    EXPECT_NEAR(room2[2 * 48000], 0.25f * samplesOf(folder_ / "p2.wav")[2 * 48000], 1e-6f);
}

// The preview output beside the patient's: the actions' previews on the operator's headphones, at the
// level and under the ceiling [outputs.preview] gives them, and the patient's file not changed by a sample.
TEST_F(RenderCommand, RendersThePreviewOutputAndLeavesThePatientsFileAsItWas) {
    const fs::path track = folder_ / "main.flac";
    writeSine(track, audioSpec(SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 48000, 2, 4.0), 440.0, 0.2);
    writeSine(folder_ / "calm.flac", audioSpec(SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 48000, 2, 4.0), 550.0, 0.5);
    const fs::path program = folder_ / "previewed.toml";
    std::ofstream(program) << "format = 1\nname = \"previewed\"\nend_fade = \"1s\"\n"
                           << "[[phase]]\nname = \"only\"\nplanned = \"3s\"\n"
                           << "  [[phase.track]]\n  file = \"main.flac\"\n"
                           << "    [[phase.track.alternate]]\n    file = \"calm.flac\"\n";
    const fs::path actions = folder_ / "actions.toml";
    std::ofstream(actions) << "[[action]]\nat = \"1s\"\ndo = \"preview\"\nwhat = \"alternate\"\n"
                           << "[[action]]\nat = \"2s\"\ndo = \"preview-stop\"\n";
    writeMachineConfig("[outputs.preview]\nvolume = 1.0\nceiling = -30.0\n");
    const auto run = renderWithMachineConfig(quoted(program) + " -o " + quoted(folder_ / "patient.wav") +
                                             " --preview-output " + quoted(folder_ / "preview.wav") +
                                             " --actions " + quoted(actions));
    ASSERT_EQ(run.exitCode, 0) << run.output;
    EXPECT_NE(run.output.find("the preview output to"), std::string::npos) << run.output;
    const auto alone = renderWithMachineConfig(quoted(program) + " -o " + quoted(folder_ / "alone.wav") +
                                               " --actions " + quoted(actions));
    ASSERT_EQ(alone.exitCode, 0) << alone.output;
    const std::vector<float> patient = samplesOf(folder_ / "patient.wav");
    const std::vector<float> without = samplesOf(folder_ / "alone.wav");
    const std::vector<float> preview = samplesOf(folder_ / "preview.wav");
    ASSERT_EQ(patient.size(), static_cast<std::size_t>(2 * 3 * 48000));
    ASSERT_EQ(without.size(), patient.size());
    ASSERT_EQ(preview.size(), patient.size());
    for (std::size_t i = 0; i < patient.size(); ++i) ASSERT_EQ(patient[i], without[i]) << "sample " << i;
    const auto peak = [&](double from, double to) {
        float value = 0.0f;
        for (auto i = static_cast<std::size_t>(from * 48000) * 2;
             i < static_cast<std::size_t>(to * 48000) * 2; ++i)
            value = std::max(value, std::fabs(preview[i]));
        return value;
    };
    const float ceiling = static_cast<float>(std::pow(10.0, -30.0 / 20.0));
    EXPECT_EQ(peak(0.0, 1.0), 0.0f);
    EXPECT_GT(peak(1.3, 1.9), 0.5f * ceiling);
    EXPECT_LE(peak(0.0, 3.0), ceiling);
    EXPECT_EQ(peak(2.3, 3.0), 0.0f);
    // A preview action that names a phase the program does not have is refused before anything renders.
    std::ofstream(actions) << "[[action]]\nat = \"1s\"\ndo = \"preview\"\nphase = \"peak\"\ntrack = 1\n";
    const auto wrong = renderWithMachineConfig(quoted(program) + " -o " + quoted(folder_ / "wrong.wav") +
                                               " --preview-output " + quoted(folder_ / "wrong-preview.wav") +
                                               " --actions " + quoted(actions));
    EXPECT_EQ(wrong.exitCode, 1) << wrong.output;
    EXPECT_NE(wrong.output.find(actions.string() + ":1:1: the preview names phase \"peak\""),
              std::string::npos)
        << wrong.output;
    EXPECT_FALSE(fs::exists(folder_ / "wrong.wav"));
    // --preview-volume without a preview file says what it is for.
    const auto lonely =
        render(quoted(program) + " -o " + quoted(folder_ / "p.wav") + " --preview-volume 0.3");
    EXPECT_EQ(lonely.exitCode, 2) << lonely.output;
    EXPECT_NE(lonely.output.find("--preview-output"), std::string::npos) << lonely.output;
}

TEST_F(RenderCommand, RefusesAMachineConfigurationWithErrorsWhereTheyAre) {
    const fs::path program = writeProgram("badconfig", 48000);
    const fs::path config = writeMachineConfig("[outputs.room]\nvolum = 0.5\n");
    const auto run = renderWithMachineConfig(quoted(program) + " -o " + quoted(folder_ / "patient.wav") +
                                             " --room-output " + quoted(folder_ / "room.wav"));
    EXPECT_EQ(run.exitCode, 1) << run.output;
    EXPECT_NE(run.output.find(config.string() + ":2:1: error: unknown key \"volum\" in [outputs.room]"),
              std::string::npos)
        << run.output;
    EXPECT_NE(run.output.find("did you mean \"volume\""), std::string::npos) << run.output;
    EXPECT_FALSE(fs::exists(folder_ / "room.wav"));

    const auto alone = render(quoted(program) + " -o " + quoted(folder_ / "p.wav") + " --room-volume 0.3");
    EXPECT_EQ(alone.exitCode, 2) << alone.output;
    EXPECT_NE(alone.output.find("--room-output"), std::string::npos) << alone.output;
}

// `stillpoint devices` names the output each device is assigned to by the machine configuration.
TEST(DevicesCommand, ShowsWhichOutputEachDeviceIsAssignedTo) {
    TempFolder folder;
    fs::create_directories(folder / "stillpoint");
    std::ofstream(folder / "stillpoint" / "stillpoint.toml")
        << "[outputs.patient]\ndevice = \"null\"\n[outputs.room]\ndevice = \"Room speakers\"\n"
        << "[outputs.preview]\ndevice = \"null\"\n";
    const auto run = runStillpoint("devices", "ALSOFT_DRIVERS=null XDG_CONFIG_HOME=" + quoted(folder.path()));
    EXPECT_NE(run.output.find("null   (no sound: plays silently in real time, for rehearsals and tests)   -> "
                              "patient, preview"),
              std::string::npos)
        << run.output;
    EXPECT_NE(run.output.find("The room output \"Room speakers\" is not among these devices"),
              std::string::npos)
        << run.output;
    EXPECT_NE(run.output.find("Assignments from " + (folder / "stillpoint" / "stillpoint.toml").string()),
              std::string::npos)
        << run.output;
}

}  // namespace
