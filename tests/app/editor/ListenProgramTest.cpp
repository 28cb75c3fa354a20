// Listening while authoring: the small program made from the edited one (which tracks, from where, the
// crossfade) and how it sounds when the engine plays it, rendered through the loopback device and read
// back sample by sample: the phase change on its frame with the program's crossfade length, the levels
// normalised to the program's target whatever the files' own levels.
#include <gtest/gtest.h>
#include <sndfile.h>

#include <cmath>
#include <map>
#include <numbers>
#include <vector>

#include "audio/decode/AudioFixtures.h"
#include "editor/ListenProgram.h"
#include "session/OfflineRender.h"
#include "session/SessionEngine.h"

namespace stillpoint::editor {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
constexpr int kRate = 48000;
// 10 ms: every test tone is a multiple of 100 Hz, so each is a whole number of cycles in a window and the
// tones do not leak into each other's measure.
constexpr int kWindow = kRate / 100;

program::Track trackOf(const fs::path& file) {
    program::Track track;
    track.file = file;
    track.fileAsWritten = file.filename().string();
    return track;
}

program::Phase phaseOf(const char* name, program::Duration planned, std::vector<program::Track> tracks) {
    program::Phase phase;
    phase.name = name;
    phase.planned = planned;
    phase.tracks = std::move(tracks);
    return phase;
}

FileLength lengths(std::map<fs::path, double> known) {
    return [known](const fs::path& file) -> std::optional<double> {
        const auto found = known.find(file);
        if (found == known.end()) return std::nullopt;
        return found->second;
    };
}

double seconds(program::Duration duration) {
    return std::chrono::duration<double>(duration).count();
}

TEST(ListenProgramTest, APhaseChangeStartsWhereASessionWouldBeTwentySecondsBeforeTheChange) {
    program::Program program;
    program.targetLufs = -20.0;
    program.volumeCeilingDbfs = -3.0;
    program.phases.push_back(
        phaseOf("onset", 90s, {trackOf("/m/a.wav"), trackOf("/m/b.wav"), trackOf("/m/c.wav")}));
    program.phases[0].crossfadeToNext = 8s;
    program.phases[0].trackCrossfade = 2s;
    program.phases[0].tracks[1].alternates.push_back(trackOf("/m/calm.wav"));
    program.phases.push_back(phaseOf("peak", 20min, {trackOf("/m/d.wav")}));
    program.phases[1].ends = program::PhaseEnd::Operator;
    program.grounding = trackOf("/m/ground.wav");
    // a: 0-40, b: 38-88, c: 86-... The listen starts at 70 s: 32 s into b.
    const auto plan = listenToPhaseChange(
        program, 0, lengths({{"/m/a.wav", 40}, {"/m/b.wav", 50}, {"/m/c.wav", 60}, {"/m/d.wav", 300}}));
    ASSERT_TRUE(plan.program) << plan.problem;
    const auto& listen = *plan.program;
    EXPECT_EQ(listen.targetLufs, -20.0);
    EXPECT_EQ(listen.volumeCeilingDbfs, -3.0);
    EXPECT_FALSE(listen.grounding);
    ASSERT_EQ(listen.phases.size(), 2u);
    const auto& leaving = listen.phases[0];
    EXPECT_EQ(leaving.planned, 20s);
    EXPECT_EQ(leaving.crossfadeToNext, 8s);
    EXPECT_EQ(leaving.trackCrossfade, 2s);
    ASSERT_EQ(leaving.tracks.size(), 2u);
    EXPECT_EQ(leaving.tracks[0].file, "/m/b.wav");
    ASSERT_TRUE(leaving.tracks[0].start);
    EXPECT_EQ(*leaving.tracks[0].start, 32s);
    EXPECT_EQ(seconds(leaving.tracks[0].fadeIn), kListenFadeInSeconds);  // no click where it starts
    EXPECT_TRUE(leaving.tracks[0].alternates.empty());
    EXPECT_EQ(leaving.tracks[1].file, "/m/c.wav");
    const auto& entering = listen.phases[1];
    EXPECT_EQ(entering.name, "peak");
    EXPECT_EQ(entering.planned, 20s);
    EXPECT_EQ(entering.ends, program::PhaseEnd::Automatic);  // a listen never waits for an advance
    EXPECT_EQ(plan.seconds, 40.0);
    EXPECT_EQ(plan.crossfadeStartSeconds, 16.0);
    EXPECT_EQ(plan.crossfadeSeconds, 8.0);
    EXPECT_EQ(plan.label, "\"onset\" into \"peak\"");
}

TEST(ListenProgramTest, ALoopingPhaseIsListenedToInTheRepeatItWouldBeIn) {
    program::Program program;
    program.phases.push_back(phaseOf("settling", 60s, {trackOf("/m/short.wav")}));
    program.phases[0].crossfadeToNext = 4s;
    program.phases.push_back(phaseOf("onset", 10min, {trackOf("/m/d.wav")}));
    // 7 s looped: the listen starts at 40 s, 5 s into the sixth repeat, and needs music up to 62 s.
    const auto plan = listenToPhaseChange(program, 0, lengths({{"/m/short.wav", 7}, {"/m/d.wav", 300}}));
    ASSERT_TRUE(plan.program) << plan.problem;
    const auto& tracks = plan.program->phases[0].tracks;
    ASSERT_EQ(tracks.size(), 4u);  // 35-42 (from 40), 42-49, 49-56, 56-63
    EXPECT_EQ(*tracks[0].start, 5s);
    for (std::size_t i = 1; i < tracks.size(); ++i) EXPECT_FALSE(tracks[i].start) << i;
}

TEST(ListenProgramTest, WhatCannotBeListenedToSaysWhy) {
    program::Program program;
    program.phases.push_back(phaseOf("peak", 60s, {trackOf("/m/gone.wav")}));
    program.phases.push_back(phaseOf("return", 60s, {trackOf("/m/d.wav")}));
    const auto known = lengths({{"/m/d.wav", 300}});
    const auto unreadable = listenToPhaseChange(program, 0, known);
    EXPECT_FALSE(unreadable.program);
    EXPECT_NE(unreadable.problem.find("/m/gone.wav"), std::string::npos) << unreadable.problem;
    const auto last = listenToPhaseChange(program, 1, known);
    EXPECT_FALSE(last.program);
    EXPECT_NE(last.problem.find("is the last"), std::string::npos) << last.problem;
    program.phases[0].fill = program::FillPolicy::Silence;
    program.phases[0].tracks[0].file = "/m/d.wav";
    program.phases[0].tracks[0].end = 20s;  // then 40 s of silence: the last 20 s are silence
    const auto silent = listenToPhaseChange(program, 0, known);
    EXPECT_FALSE(silent.program);
    EXPECT_NE(silent.problem.find("silence"), std::string::npos) << silent.problem;
    EXPECT_FALSE(listenToTrack(program, trackOf("/m/gone.wav"), known).program);
}

// The amplitude of one tone in the 10 ms window starting at `frame` (Goertzel).
double toneAmplitude(const std::vector<float>& samples, std::int64_t frame, double frequency) {
    const double step = 2.0 * std::numbers::pi * frequency / kRate;
    double re = 0.0, im = 0.0;
    for (int i = 0; i < kWindow; ++i) {
        const double sample = samples[static_cast<std::size_t>(frame + i)];
        re += sample * std::cos(step * i);
        im -= sample * std::sin(step * i);
    }
    return 2.0 * std::hypot(re, im) / kWindow;
}

double decibels(double ratio) {
    return 20.0 * std::log10(ratio);
}

class ListenRenderTest : public ::testing::Test {
protected:
    fs::path tone(const std::string& name, double frequency, double amplitude, double lengthSeconds) {
        const fs::path file = folder / name;
        testing::writeSine(file, testing::audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, kRate, 2, lengthSeconds),
                           frequency, amplitude);
        return file;
    }
    // The listen played by the engine, as the editor's player plays it, through the loopback device.
    std::vector<float> render(const ListenPlan& plan) {
        session::SessionOptions options;
        options.sampleRate = kRate;
        options.initialMasterVolume = 1.0;
        options.loudnessCacheFile = folder / "loudness.json";
        session::SessionEngine engine(*plan.program, options);
        std::vector<float> left;
        session::OfflineRenderOptions render;
        render.writeAudio = [&](const float* stereo, int frames) {
            for (int i = 0; i < frames; ++i) left.push_back(stereo[2 * i]);
        };
        session::renderOffline(engine, {}, kRate, render);
        return left;
    }
    static FileLength realLengths() {
        return [](const fs::path& file) -> std::optional<double> {
            SF_INFO info{};
            SNDFILE* handle = sf_open(file.c_str(), SFM_READ, &info);
            if (!handle) return std::nullopt;
            sf_close(handle);
            return static_cast<double>(info.frames) / info.samplerate;
        };
    }

    testing::TempFolder folder;
};

TEST_F(ListenRenderTest, ThePhaseChangeCrossfadesOnItsFrameWithTheProgramsCrossfadeAtNormalisedLevels) {
    program::Program program;
    program.targetLufs = -23.0;
    program.volumeCeilingDbfs = -1.0;
    // The phase's first track (300 Hz) ends 15 s in; the second (400 Hz) plays at the change. The next
    // phase's music (500 Hz) is written 14 dB quieter: normalised, it is as loud.
    program.phases.push_back(phaseOf(
        "onset", 30s, {trackOf(tone("first.wav", 300, 0.5, 15)), trackOf(tone("second.wav", 400, 0.5, 20))}));
    program.phases[0].crossfadeToNext = 4s;
    program.phases.push_back(phaseOf("peak", 10min, {trackOf(tone("peak.wav", 500, 0.1, 30))}));
    const auto plan = listenToPhaseChange(program, 0, realLengths());
    ASSERT_TRUE(plan.program) << plan.problem;
    ASSERT_EQ(plan.crossfadeStartSeconds, 18.0);
    ASSERT_EQ(plan.crossfadeSeconds, 4.0);
    const std::vector<float> left = render(plan);
    ASSERT_NEAR(static_cast<double>(left.size()) / kRate, plan.seconds, 0.05);

    // A sine of amplitude a in both channels measures -0.691 + 20 log10(a) LUFS: the target's amplitude.
    const double target = std::pow(10.0, (program.targetLufs + 0.691) / 20.0);
    // It starts 10 s into the first track (its last 5 s), fading in from silence, then the second track.
    EXPECT_LT(std::fabs(left[0]), 1e-3);
    EXPECT_NEAR(decibels(toneAmplitude(left, 3 * kRate, 300) / target), 0.0, 1.0);
    EXPECT_LT(toneAmplitude(left, 3 * kRate, 400), 0.01 * target);
    const double before = toneAmplitude(left, 12 * kRate, 400);
    EXPECT_NEAR(decibels(before / target), 0.0, 1.0);
    EXPECT_LT(toneAmplitude(left, 12 * kRate, 300), 0.01 * target);

    // The crossfade: not a trace of the next phase before its first frame, and the phase's music at full
    // level; half-way, both at -3 dB (equal power); after 4 s, the next phase alone.
    const std::int64_t start = 18 * kRate;
    EXPECT_LT(toneAmplitude(left, start - kWindow, 500), 1e-4 * target);
    EXPECT_NEAR(decibels(toneAmplitude(left, start - kWindow, 400) / before), 0.0, 0.1);
    EXPECT_GT(toneAmplitude(left, start + kWindow, 500), 0.002 * target);
    const std::int64_t middle = start + 2 * kRate - kWindow / 2;
    const double full = toneAmplitude(left, 30 * kRate, 500);
    EXPECT_NEAR(decibels(toneAmplitude(left, middle, 400) / before), -3.0, 0.3);
    EXPECT_NEAR(decibels(toneAmplitude(left, middle, 500) / full), -3.0, 0.3);
    const std::int64_t end = start + 4 * kRate;
    EXPECT_GT(toneAmplitude(left, end - 2 * kWindow, 400), 1e-4 * target);  // still fading out
    EXPECT_LT(toneAmplitude(left, end + kWindow, 400), 1e-4 * target);
    EXPECT_NEAR(decibels(toneAmplitude(left, end + kWindow, 500) / full), 0.0, 0.1);

    // Normalised: the next phase is as loud as the one before it, at the program's target (tones this
    // close differ by less than 0.1 dB in the loudness measure's weighting).
    EXPECT_NEAR(decibels(full / before), 0.0, 0.3);
    EXPECT_NEAR(decibels(full / target), 0.0, 1.0);
    // And the listen fades out at its end: its last frames are silence.
    EXPECT_LT(std::fabs(left[left.size() - 10]), 1e-3);
}

TEST_F(ListenRenderTest, ATrackPlaysAsWrittenFromItsStartToItsEndThenFades) {
    program::Program program;
    program.targetLufs = -18.0;
    program.phases.push_back(phaseOf("peak", 20min, {}));
    program::Track track = trackOf(tone("track.wav", 500, 0.3, 12));
    track.start = 2s;
    track.end = 8s;
    track.gainDb = -6.0;
    const auto plan = listenToTrack(program, track, realLengths());
    ASSERT_TRUE(plan.program) << plan.problem;
    EXPECT_EQ(plan.seconds, 6.0 + kListenEndFadeSeconds);
    const std::vector<float> left = render(plan);
    ASSERT_NEAR(static_cast<double>(left.size()) / kRate, plan.seconds, 0.05);
    const double target = std::pow(10.0, (program.targetLufs - 6.0 + 0.691) / 20.0);  // with its trim
    EXPECT_NEAR(decibels(toneAmplitude(left, 3 * kRate, 500) / target), 0.0, 1.0);
    // Its end point: sound up to 6 s, nothing after.
    EXPECT_GT(toneAmplitude(left, 6 * kRate - 2 * kWindow, 500), 0.5 * target);
    for (std::int64_t frame = 6 * kRate + kWindow; frame + kWindow < static_cast<std::int64_t>(left.size());
         frame += kWindow)
        ASSERT_LT(toneAmplitude(left, frame, 500), 1e-4 * target) << frame;
}

}  // namespace
}  // namespace stillpoint::editor
