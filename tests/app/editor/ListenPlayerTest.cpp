// The editor's player on a live output (OpenAL Soft's null device, in real time): a listen is prepared and
// played on the player's own thread while the caller only looks, its position moves, Stop fades it out
// and frees the device, a new listen replaces the one playing, and what cannot play says why.
#include <gtest/gtest.h>
#include <sndfile.h>

#include <chrono>
#include <thread>

#include "audio/decode/AudioFixtures.h"
#include "editor/ListenPlayer.h"

namespace stillpoint::editor {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

class ListenPlayerTest : public ::testing::Test {
protected:
    void SetUp() override {
        testing::writeSine(folder / "long.wav",
                           testing::audioSpec(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2, 30));
        program.phases.resize(2);
        program.phases[0].name = "onset";
        program.phases[0].planned = std::chrono::seconds(40);
        program.phases[0].crossfadeToNext = std::chrono::seconds(6);
        program.phases[1].name = "peak";
        program.phases[1].planned = std::chrono::minutes(5);
        for (auto& phase : program.phases) {
            program::Track track;
            track.file = folder / "long.wav";
            phase.tracks.push_back(track);
        }
        options.output.device = "null";
        options.loudnessCacheFile = folder / "loudness.json";
    }
    // Polls the player's status until `done` accepts it (never longer than `timeout`).
    ListenStatus waitFor(ListenPlayer& player, const std::function<bool(const ListenStatus&)>& done,
                         std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        const auto until = Clock::now() + timeout;
        ListenStatus status = player.status();
        while (!done(status) && Clock::now() < until) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            status = player.status();
        }
        return status;
    }

    testing::TempFolder folder;
    program::Program program;
    ListenOptions options;
};

TEST_F(ListenPlayerTest, ATrackPlaysOnThePreviewDeviceWhileTheCallerNeverWaitsAndStopFadesItOut) {
    ListenPlayer player(options);
    ListenRequest request;
    request.program = program;
    request.track = program.phases[0].tracks[0];
    const auto asked = Clock::now();
    player.play(request);
    EXPECT_LT(Clock::now() - asked, std::chrono::milliseconds(20));  // the loudness is measured elsewhere
    EXPECT_NE(player.status().state, ListenState::Idle);
    auto status = waitFor(player, [](const ListenStatus& s) { return s.positionSeconds > 0.5; });
    EXPECT_EQ(status.state, ListenState::Playing);
    EXPECT_EQ(status.device, "null");
    EXPECT_NEAR(status.lengthSeconds, 30.0 + kListenEndFadeSeconds, 0.01);
    EXPECT_TRUE(status.problem.empty()) << status.problem;
    const double before = status.positionSeconds;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_GT(player.status().positionSeconds, before + 0.1);  // in real time
    const auto stopped = Clock::now();
    player.stop();
    status = waitFor(player, [](const ListenStatus& s) { return s.state == ListenState::Idle; });
    EXPECT_EQ(status.state, ListenState::Idle);
    // The end fade, then the device is closed: not a cut, and not the rest of the track.
    const double took = std::chrono::duration<double>(Clock::now() - stopped).count();
    EXPECT_GT(took, kListenEndFadeSeconds - 0.3);
    EXPECT_LT(took, kListenEndFadeSeconds + 1.5);
}

TEST_F(ListenPlayerTest, APhaseChangeReplacesTheTrackPlayingAndShowsWhereItsCrossfadeIs) {
    ListenPlayer player(options);
    ListenRequest track;
    track.program = program;
    track.track = program.phases[0].tracks[0];
    player.play(track);
    waitFor(player, [](const ListenStatus& s) { return s.state == ListenState::Playing; });
    ListenRequest change;
    change.program = program;
    change.phase = 0;
    player.play(change);
    const auto status = waitFor(player, [](const ListenStatus& s) {
        return s.state == ListenState::Playing && s.label.find("into") != std::string::npos;
    });
    EXPECT_EQ(status.label, "\"onset\" into \"peak\"");
    EXPECT_EQ(status.crossfadeStartSeconds, 17.0);
    EXPECT_EQ(status.crossfadeSeconds, 6.0);
    EXPECT_LT(status.positionSeconds, 5.0);  // the change's listen, from its start
}

TEST_F(ListenPlayerTest, WhatCannotPlaySaysWhyAndTheDeviceThatCannotOpenToo) {
    ListenPlayer player(options);
    ListenRequest request;
    request.program = program;
    request.track = program.phases[0].tracks[0];
    request.track->file = folder / "missing.flac";
    player.play(request);
    auto status = waitFor(player, [](const ListenStatus& s) { return s.state == ListenState::Idle; });
    EXPECT_NE(status.problem.find("missing.flac"), std::string::npos) << status.problem;

    ListenOptions elsewhere = options;
    elsewhere.output.device = "No such headset";
    ListenPlayer lost(elsewhere);
    request.track = program.phases[0].tracks[0];
    lost.play(request);
    status = waitFor(
        lost, [](const ListenStatus& s) { return s.state == ListenState::Idle && !s.problem.empty(); });
    EXPECT_NE(status.problem.find("No such headset"), std::string::npos) << status.problem;
}

}  // namespace
}  // namespace stillpoint::editor
