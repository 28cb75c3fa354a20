// The whole engine on real files: SessionEngine + StreamPool + LoopbackRenderer, rendered offline from
// audio the tests write themselves (tones, seconds long), asserted on the samples and the events.
#include <gtest/gtest.h>
#include <sndfile.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <numbers>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "app/session/EngineRender.h"
#include "audio/decode/AudioFixtures.h"
#include "audio/decode/FfmpegEncodedFixtures.h"
#include "audio/loudness/LoudnessCache.h"
#include "session/OfflineRender.h"
#include "session/SessionEngine.h"

namespace stillpoint::session {
namespace {

namespace fs = std::filesystem;
constexpr int kRate = 48000;

struct Tone {
    double frequency = 440.0;
    double amplitude = 0.25;
    double seconds = 5.0;
    int sampleRate = kRate;
    int channels = 2;
    int format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    double startPhaseSeconds = 0.0;  // continue a tone written in an earlier file
};

void writeTone(const fs::path& file, const Tone& tone) {
    testing::writeAudio(
        file, testing::audioSpec(tone.format, tone.sampleRate, tone.channels, tone.seconds),
        [&tone](std::int64_t frame, int) {
            const double t = tone.startPhaseSeconds + static_cast<double>(frame) / tone.sampleRate;
            return static_cast<float>(tone.amplitude * std::sin(2.0 * std::numbers::pi * tone.frequency * t));
        });
}

program::Track track(const fs::path& file) {
    program::Track written;
    written.file = file;
    written.fileAsWritten = file.filename().string();
    return written;
}

program::Phase phase(const char* name, double plannedSeconds, std::vector<program::Track> tracks) {
    program::Phase written;
    written.name = name;
    written.planned = program::Duration(static_cast<long>(plannedSeconds * 1000));
    written.tracks = std::move(tracks);
    written.crossfadeToNext = std::chrono::seconds(2);
    return written;
}

struct Rendered {
    std::vector<float> left;
    std::vector<float> right;
    std::vector<SessionEvent> events;
    SessionSnapshot finalSnapshot;

    std::vector<SessionEvent> of(EventKind kind) const {
        std::vector<SessionEvent> found;
        for (const auto& event : events) {
            if (event.kind == kind) found.push_back(event);
        }
        return found;
    }
    double rms(double from, double to) const {
        double sum = 0.0;
        const auto begin = static_cast<std::size_t>(from * kRate);
        const auto end = std::min(left.size(), static_cast<std::size_t>(to * kRate));
        for (std::size_t i = begin; i < end; ++i) sum += double(left[i]) * left[i];
        return std::sqrt(sum / static_cast<double>(std::max<std::size_t>(1, end - begin)));
    }
    std::size_t longestSilence() const {
        std::size_t longest = 0, run = 0;
        for (std::size_t i = 0; i < left.size(); ++i) {
            run = left[i] == 0.0f && right[i] == 0.0f ? run + 1 : 0;
            longest = std::max(longest, run);
        }
        return longest;
    }
    float peak() const {
        float value = 0.0f;
        for (std::size_t i = 0; i < left.size(); ++i)
            value = std::max({value, std::fabs(left[i]), std::fabs(right[i])});
        return value;
    }
    // The lowest RMS of any 20 ms window in [from, to): a dip or a gap, even one that is not exact zeros.
    double quietestWindow(double from, double to) const {
        constexpr double kWindow = 0.02;
        double quietest = 1e9;
        for (double start = from; start + kWindow <= to; start += kWindow / 2)
            quietest = std::min(quietest, rms(start, start + kWindow));
        return quietest;
    }
    // How long the output sounds like broadband noise rather than the test's tones: 10 ms windows whose
    // sample-to-sample differences are large against their level (a tone below 1 kHz: under 0.15; noise:
    // about 1.4).
    double noisySeconds() const {
        constexpr std::size_t kWindow = kRate / 100;
        std::size_t noisy = 0;
        for (std::size_t start = 1; start + kWindow <= left.size(); start += kWindow) {
            double level = 0.0, change = 0.0;
            for (std::size_t i = start; i < start + kWindow; ++i) {
                level += double(left[i]) * left[i];
                change += double(left[i] - left[i - 1]) * (left[i] - left[i - 1]);
            }
            if (level > kWindow * 1e-6 && change > 0.25 * level) noisy += kWindow;
        }
        return static_cast<double>(noisy) / kRate;
    }
    float largestStep(double from, double to) const {
        float step = 0.0f;
        const auto begin = static_cast<std::size_t>(std::max(1.0, from * kRate));
        const auto end = std::min(left.size(), static_cast<std::size_t>(to * kRate));
        for (std::size_t i = begin; i < end; ++i) step = std::max(step, std::fabs(left[i] - left[i - 1]));
        return step;
    }
};

class SessionRender : public ::testing::Test {
protected:
    void SetUp() override {
        folder_ = fs::temp_directory_path() /
                  ("stillpoint-session-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                   "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(folder_);
        fs::create_directories(folder_);
    }
    void TearDown() override { fs::remove_all(folder_); }

    fs::path file(const std::string& name) const { return folder_ / name; }

    Rendered render(program::Program program, const std::vector<ScriptedAction>& actions = {},
                    SessionOptions options = {}) {
        if (program.endFade == std::chrono::seconds(30)) program.endFade = std::chrono::seconds(1);
        options.loudnessCacheFile = folder_ / "loudness.json";
        SessionEngine engine(program, options);
        Rendered rendered;
        OfflineRenderOptions renderOptions;
        renderOptions.writeAudio = [&](const float* samples, int frames) {
            for (int i = 0; i < frames; ++i) {
                rendered.left.push_back(samples[2 * i]);
                rendered.right.push_back(samples[2 * i + 1]);
            }
        };
        renderOptions.onEvent = [&](const SessionEvent& event) { rendered.events.push_back(event); };
        renderOptions.longest = std::chrono::seconds(120);
        renderOptions.onProgress = onProgress_;
        renderOffline(engine, actions, kRate, renderOptions);
        rendered.finalSnapshot = engine.snapshot();
        return rendered;
    }

    fs::path folder_;
    std::function<void(double renderedSeconds)> onProgress_;  // called between render blocks
};

TEST_F(SessionRender, PhaseBoundaryLandsOnThePlannedFrameAndTheSessionEndsOnTime) {
    writeTone(file("a.wav"), {440.0, 0.2, 10.0});
    writeTone(file("b.wav"), {660.0, 0.2, 10.0});
    program::Program program;
    program.phases = {phase("onset", 4.0, {track(file("a.wav"))}),
                      phase("peak", 3.0, {track(file("b.wav"))})};
    const Rendered rendered = render(program);
    const auto entered = rendered.of(EventKind::PhaseEntered);
    ASSERT_EQ(entered.size(), 2u);
    EXPECT_EQ(entered[1].sessionFrame, 4 * kRate);
    ASSERT_EQ(rendered.of(EventKind::SessionEnded).size(), 1u);
    EXPECT_EQ(rendered.of(EventKind::SessionEnded)[0].sessionFrame, 7 * kRate);
    EXPECT_EQ(rendered.left.size(), static_cast<std::size_t>(7 * kRate));
    EXPECT_EQ(rendered.finalSnapshot.state, SessionState::Ended);
}

TEST_F(SessionRender, PhaseCrossfadeKeepsTheLoudnessOfTwoEqualTonesConstant) {
    // Two uncorrelated tones normalised to the same loudness: an equal-power crossfade keeps the RMS flat,
    // a linear one would dip by 3 dB at the midpoint.
    writeTone(file("a.wav"), {500.0, 0.2, 10.0});
    writeTone(file("b.wav"), {520.0, 0.2, 10.0});
    program::Program program;
    program.phases = {phase("onset", 4.0, {track(file("a.wav"))}),
                      phase("peak", 4.0, {track(file("b.wav"))})};
    const Rendered rendered = render(program);
    const double steady = rendered.rms(1.0, 2.5);
    for (double t = 3.05; t < 4.95; t += 0.1) {
        EXPECT_NEAR(20.0 * std::log10(rendered.rms(t - 0.05, t + 0.05) / steady), 0.0, 0.5)
            << "at " << t << " s";
    }
}

TEST_F(SessionRender, GaplessTracksJoinWithoutAClickOrASilence) {
    // One continuous tone cut into two files: played gaplessly, the join is invisible.
    writeTone(file("part1.wav"), {440.0, 0.3, 2.0});
    writeTone(file("part2.wav"), {440.0, 0.3, 3.0, kRate, 2, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 2.0});
    program::Program program;
    program.phases = {phase("onset", 4.5, {track(file("part1.wav")), track(file("part2.wav"))})};
    const Rendered rendered = render(program);
    EXPECT_LE(rendered.longestSilence(), 1u) << "only the sine's own zero at its very first frame";
    const float materialStep = rendered.largestStep(0.5, 1.5);
    EXPECT_LE(rendered.largestStep(1.9, 2.1), materialStep * 1.05f);
    const auto started = rendered.of(EventKind::TrackStarted);
    ASSERT_GE(started.size(), 2u);
    EXPECT_EQ(started[1].sessionFrame, 2 * kRate);
}

TEST_F(SessionRender, EachTrackIsNormalisedToTheTargetLoudness) {
    writeTone(file("quiet.wav"), {440.0, 0.02, 4.0});
    writeTone(file("loud.wav"), {440.0, 0.5, 4.0});
    program::Program program;
    program.targetLufs = -23.0;
    program.phases = {phase("onset", 8.0, {track(file("quiet.wav")), track(file("loud.wav"))})};
    SessionOptions options;
    options.initialMasterVolume = 1.0;
    const Rendered rendered = render(program, {}, options);
    auto loudnessOf = [&](double from, double to) {
        const fs::path segment = file("segment.wav");
        SF_INFO info{};
        info.samplerate = kRate;
        info.channels = 2;
        info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
        SNDFILE* sound = sf_open(segment.c_str(), SFM_WRITE, &info);
        for (auto i = static_cast<std::size_t>(from * kRate); i < static_cast<std::size_t>(to * kRate); ++i) {
            const float frame[2] = {rendered.left[i], rendered.right[i]};
            sf_writef_float(sound, frame, 1);
        }
        sf_close(sound);
        return audio::measureLoudness(segment).integratedLufs;
    };
    EXPECT_NEAR(loudnessOf(0.5, 3.5), -23.0, 1.0);
    EXPECT_NEAR(loudnessOf(4.5, 6.5), -23.0, 1.0);
}

TEST_F(SessionRender, TalkOverDucksByFifteenDecibels) {
    writeTone(file("a.wav"), {440.0, 0.25, 10.0});
    program::Program program;
    program.phases = {phase("peak", 6.0, {track(file("a.wav"))})};
    const Rendered rendered =
        render(program, {actionAt(2.0, Action::TalkOverOn), actionAt(4.0, Action::TalkOverOff)});
    const double depth = 20.0 * std::log10(rendered.rms(2.5, 3.5) / rendered.rms(1.0, 2.0));
    EXPECT_NEAR(depth, -15.0, 0.5);
    // Ramp of about 0.3 s: half-way down after 0.15 s, all the way by 0.35 s.
    EXPECT_GT(rendered.rms(2.1, 2.15), rendered.rms(2.5, 3.5) * 2.0);
    EXPECT_NEAR(rendered.rms(2.35, 2.45) / rendered.rms(2.5, 3.5), 1.0, 0.05);
    EXPECT_NEAR(rendered.rms(4.6, 5.0) / rendered.rms(1.0, 2.0), 1.0, 0.02);
}

TEST_F(SessionRender, CeilingHoldsForALoudTrackAtFullVolume) {
    // A square-ish wave at full scale: normalisation and volume push it far above the ceiling.
    writeTone(file("loud.wav"), {100.0, 8.0, 3.0});
    program::Program program;
    program.targetLufs = -5.0;
    program.volumeCeilingDbfs = -3.0;
    program.phases = {phase("peak", 3.0, {track(file("loud.wav"))})};
    SessionOptions options;
    options.initialMasterVolume = 1.0;
    const Rendered rendered = render(program, {}, options);
    EXPECT_LE(rendered.peak(), static_cast<float>(std::pow(10.0, -3.0 / 20.0)));
}

TEST_F(SessionRender, TruncatedAndMissingFilesAreReportedAndTheMusicContinues) {
    writeTone(file("first.wav"), {440.0, 0.2, 2.0});
    writeTone(file("damaged.flac"), {550.0, 0.2, 4.0, kRate, 2, SF_FORMAT_FLAC | SF_FORMAT_PCM_16});
    fs::resize_file(file("damaged.flac"), fs::file_size(file("damaged.flac")) / 2);
    writeTone(file("last.wav"), {660.0, 0.2, 6.0});
    program::Program program;
    program.phases = {phase("onset", 8.0,
                            {track(file("first.wav")), track(file("gone.wav")), track(file("damaged.flac")),
                             track(file("last.wav"))})};
    const Rendered rendered = render(program);
    bool missing = false, endedEarly = false;
    for (const auto& fault : rendered.of(EventKind::Fault)) {
        missing = missing || fault.fault == FaultKind::FileMissing;
        endedEarly = endedEarly || fault.fault == FaultKind::FileEndedEarly;
    }
    EXPECT_TRUE(missing);
    EXPECT_TRUE(endedEarly);
    EXPECT_LT(rendered.longestSilence(), static_cast<std::size_t>(kRate / 20));
    EXPECT_GT(rendered.rms(6.0, 7.0), 0.01);
    EXPECT_EQ(rendered.left.size(), static_cast<std::size_t>(8 * kRate));
}

TEST_F(SessionRender, ATruncatedWavIsReportedWhereItEndsAndTheNextTrackTakesOver) {
    // libsndfile opens a cut-short WAV without complaint; the header's promise tells the early end.
    writeTone(file("cut.wav"), {440.0, 0.2, 4.0, kRate, 2, SF_FORMAT_WAV | SF_FORMAT_PCM_16});
    fs::resize_file(file("cut.wav"), 44 + 4 * kRate * 3 / 2);  // 1.5 s of 16-bit stereo of the 4 s
    writeTone(file("next.wav"), {660.0, 0.2, 6.0});
    program::Program program;
    program.phases = {phase("onset", 6.0, {track(file("cut.wav")), track(file("next.wav"))})};
    const Rendered rendered = render(program);
    const auto faults = rendered.of(EventKind::Fault);
    ASSERT_EQ(faults.size(), 1u);
    EXPECT_EQ(faults[0].fault, FaultKind::FileEndedEarly);
    EXPECT_EQ(faults[0].track.index, 0);
    // Reported as soon as the decoder, running ahead, reaches the real end: before it is heard.
    EXPECT_LE(faults[0].sessionSeconds(), 1.5);
    EXPECT_NE(std::string(faults[0].detailText()).find("before its expected end at 4.0 s"), std::string::npos)
        << faults[0].detailText();
    const auto started = rendered.of(EventKind::TrackStarted);
    ASSERT_EQ(started.size(), 2u);
    EXPECT_NEAR(started[1].sessionSeconds(), 1.5, 0.05) << "the next track follows at once";
    EXPECT_LT(rendered.longestSilence(), static_cast<std::size_t>(kRate / 20));
}

TEST_F(SessionRender, AFileKnownToEndEarlyStillGetsItsWholeCrossfadeIntoTheNextTrack) {
    writeTone(file("damaged.flac"), {440.0, 0.2, 10.0, kRate, 2, SF_FORMAT_FLAC | SF_FORMAT_PCM_16});
    fs::resize_file(file("damaged.flac"), fs::file_size(file("damaged.flac")) * 6 / 10);
    writeTone(file("next.wav"), {660.0, 0.2, 10.0});
    program::Program program;
    program.phases = {phase("onset", 12.0, {track(file("damaged.flac")), track(file("next.wav"))})};
    program.phases[0].trackCrossfade = std::chrono::seconds(2);
    const Rendered rendered = render(program);

    const auto faults = rendered.of(EventKind::Fault);
    ASSERT_EQ(faults.size(), 1u);
    ASSERT_EQ(faults[0].fault, FaultKind::FileEndedEarly);
    double realEnd = 0.0;
    for (const auto& ended : rendered.of(EventKind::TrackEnded)) {
        if (ended.track.index != 0) continue;
        realEnd = ended.sessionSeconds();
        break;
    }
    ASSERT_GT(realEnd, 4.0);
    ASSERT_LT(realEnd, 9.0);
    EXPECT_LT(faults[0].sessionSeconds(), realEnd - 2.5) << "the decoder, 3 s ahead, knows it in time";
    const auto started = rendered.of(EventKind::TrackStarted);
    ASSERT_GE(started.size(), 2u);
    EXPECT_EQ(started[1].track.index, 1);
    // The written 2 s crossfade, ending on the file's real end.
    EXPECT_NEAR(started[1].sessionSeconds(), realEnd - 2.0, 0.03);
    // Equal-power between two tones of the same loudness: no dip, no gap anywhere across it.
    const double steady = rendered.rms(1.0, 2.0);
    EXPECT_GT(rendered.quietestWindow(1.0, realEnd + 1.0), 0.7 * steady);
    EXPECT_LT(rendered.largestStep(1.0, realEnd + 1.0), 0.05f);
}

TEST_F(SessionRender, AWavOverwrittenWithNoiseWhileItPlaysFadesOutAndTheNextTrackTakesOver) {
    writeTone(file("A.wav"), {440.0, 0.2, 8.0, kRate, 2, SF_FORMAT_WAV | SF_FORMAT_PCM_16});
    writeTone(file("B.wav"), {660.0, 0.2, 8.0, kRate, 2, SF_FORMAT_WAV | SF_FORMAT_PCM_16});
    program::Program program;
    program.phases = {phase("onset", 12.0, {track(file("A.wav")), track(file("B.wav"))})};
    double overwrittenAt = -1.0;
    onProgress_ = [&](double seconds) {
        if (overwrittenAt >= 0.0 || seconds < 2.0) return;
        overwrittenAt = seconds;
        // What `head -c SIZE /dev/urandom > A.wav` does: the same file truncated, then random bytes.
        const auto size = fs::file_size(file("A.wav"));
        std::mt19937 random(99);
        std::string bytes(size, '\0');
        for (char& byte : bytes) byte = static_cast<char>(random() & 0xff);
        std::ofstream(file("A.wav"), std::ios::binary | std::ios::trunc) << bytes;
    };
    const Rendered rendered = render(program);
    ASSERT_GE(overwrittenAt, 2.0);

    // Reported as the decoder meets the change, then again (unreadable) when the phase loops back to it.
    const auto faults = rendered.of(EventKind::Fault);
    ASSERT_GE(faults.size(), 1u);
    EXPECT_EQ(faults[0].fault, FaultKind::FileEndedEarly);
    for (std::size_t i = 1; i < faults.size(); ++i) EXPECT_EQ(faults[i].fault, FaultKind::FileUnreadable);
    EXPECT_NE(faults[0].detailText().find("changed while it played"), std::string::npos)
        << faults[0].detailText();
    EXPECT_LT(rendered.noisySeconds(), 0.05) << "at most a moment of noise";
    const auto started = rendered.of(EventKind::TrackStarted);
    ASSERT_GE(started.size(), 2u);
    EXPECT_EQ(started[1].track.index, 1);
    const double handOver = started[1].sessionSeconds();
    EXPECT_GT(handOver, overwrittenAt) << "what was decoded before the change still plays";
    EXPECT_LT(handOver, overwrittenAt + 5.0);
    // A fade, not a cut: the last 30 ms of A fall smoothly, then B comes up to the steady level.
    double endOfA = 0.0;
    for (const auto& ended : rendered.of(EventKind::TrackEnded)) {
        if (ended.track.index != 0) continue;
        endOfA = ended.sessionSeconds();
        break;
    }
    EXPECT_NEAR(endOfA, handOver + 0.03, 0.005);
    EXPECT_LT(rendered.largestStep(0.5, 11.0), 0.05f);
    EXPECT_LT(rendered.rms(endOfA - 0.005, endOfA), 0.4 * rendered.rms(1.0, 2.0));
    EXPECT_NEAR(rendered.rms(handOver + 1.5, handOver + 2.5), rendered.rms(1.0, 2.0),
                0.2 * rendered.rms(1.0, 2.0));
}

TEST_F(SessionRender, APhaseWhoseOnlyTrackIsUnreadablePlaysItsAlternateAtOnce) {
    writeTone(file("first.wav"), {440.0, 0.2, 6.0});
    std::ofstream(file("broken.wav"), std::ios::binary) << std::string(20000, '\x5a');
    writeTone(file("calm.wav"), {330.0, 0.2, 10.0});
    writeTone(file("calmer.wav"), {262.0, 0.2, 10.0});
    writeTone(file("last.wav"), {550.0, 0.2, 6.0});
    program::Program program;
    program.phases = {phase("onset", 4.0, {track(file("first.wav"))}),
                      phase("peak", 6.0, {track(file("broken.wav"))}),
                      phase("return", 4.0, {track(file("last.wav"))})};
    program.phases[1].tracks[0].alternates = {track(file("calm.wav")), track(file("calmer.wav"))};
    // The operator asks for a calmer track in the broken phase: the next alternate, not a refusal.
    const Rendered rendered = render(program, {actionAt(7.0, Action::SwapToAlternate)});

    bool reported = false;
    for (const auto& fault : rendered.of(EventKind::Fault)) {
        reported = reported || fault.fault == FaultKind::FileUnreadable;
        EXPECT_NE(fault.fault, FaultKind::UnexpectedSilence) << fault.detailText();
    }
    EXPECT_TRUE(reported);
    std::vector<TrackRef> played;
    for (const auto& event : rendered.of(EventKind::TrackStarted)) played.push_back(event.track);
    ASSERT_GE(played.size(), 4u);
    EXPECT_EQ(played[1].role, TrackRole::Alternate) << "the alternate crosses in where the phase begins";
    EXPECT_EQ(played[1].alternate, 0);
    EXPECT_EQ(played[2].role, TrackRole::Alternate);
    EXPECT_EQ(played[2].alternate, 1);
    for (const auto& event : rendered.of(EventKind::OperatorAction))
        EXPECT_EQ(event.detailText().find("ignored"), std::string::npos) << event.detailText();
    // Never silent: no gap and no dip through the whole session but its end fade.
    const double steady = rendered.rms(1.0, 2.0);
    EXPECT_GT(rendered.quietestWindow(0.5, 13.0), 0.5 * steady);
}

TEST_F(SessionRender, APhaseWithNothingPlayableHandsOverToTheNextPhaseOrTheGrounding) {
    writeTone(file("first.wav"), {440.0, 0.2, 6.0});
    std::ofstream(file("broken.wav"), std::ios::binary) << std::string(20000, '\x5a');
    writeTone(file("ground.wav"), {196.0, 0.2, 8.0});
    writeTone(file("last.wav"), {550.0, 0.2, 6.0});
    for (const bool lastPhaseBroken : {false, true}) {
        SCOPED_TRACE(lastPhaseBroken ? "the last phase is broken: grounding" : "the next phase's music");
        program::Program program;
        program.grounding = track(file("ground.wav"));
        program.phases = {phase("onset", 4.0, {track(file("first.wav"))}),
                          phase("peak", 5.0, {track(file("broken.wav"))})};
        if (!lastPhaseBroken) program.phases.push_back(phase("return", 4.0, {track(file("last.wav"))}));
        const Rendered rendered = render(program);
        const auto started = rendered.of(EventKind::TrackStarted);
        ASSERT_GE(started.size(), 2u);
        if (lastPhaseBroken) {
            EXPECT_EQ(started[1].track.role, TrackRole::Grounding);
        } else {
            EXPECT_EQ(started[1].track.phase, 2) << "the next phase's music comes early";
        }
        EXPECT_NEAR(started[1].sessionSeconds(), 3.0, 0.05) << "on the phase crossfade, at once";
        for (const auto& fault : rendered.of(EventKind::Fault))
            EXPECT_NE(fault.fault, FaultKind::UnexpectedSilence) << fault.detailText();
        const double steady = rendered.rms(1.0, 2.0);
        EXPECT_GT(rendered.quietestWindow(0.5, lastPhaseBroken ? 7.5 : 11.5), 0.5 * steady);
    }
}

TEST_F(SessionRender, MixedRatesAndChannelLayoutsPlayInOneProgram) {
    writeTone(file("stereo48.wav"), {440.0, 0.2, 2.0});
    writeTone(file("mono44.wav"), {440.0, 0.2, 2.0, 44100, 1});
    writeTone(file("surround.wav"), {440.0, 0.2, 2.0, kRate, 6});
    writeTone(file("stereo44.flac"), {440.0, 0.2, 2.0, 44100, 2, SF_FORMAT_FLAC | SF_FORMAT_PCM_24});
    program::Program program;
    program.phases = {phase("onset", 8.0,
                            {track(file("stereo48.wav")), track(file("mono44.wav")),
                             track(file("surround.wav")), track(file("stereo44.flac"))})};
    program.phases[0].fill = program::FillPolicy::Silence;
    const Rendered rendered = render(program);
    EXPECT_TRUE(rendered.of(EventKind::Fault).empty());
    const auto started = rendered.of(EventKind::TrackStarted);
    ASSERT_EQ(started.size(), 4u);
    // Resampled tracks last as long as they should (within a few frames of soxr's rounding).
    EXPECT_NEAR(static_cast<double>(started[2].sessionFrame), 4.0 * kRate, 4.0);
    EXPECT_NEAR(static_cast<double>(started[3].sessionFrame), 6.0 * kRate, 4.0);
    const double reference = rendered.rms(0.5, 1.5);
    for (double t : {2.5, 4.5, 6.5})
        EXPECT_NEAR(20 * std::log10(rendered.rms(t, t + 1.0) / reference), 0.0, 1.0) << t;
}

TEST_F(SessionRender, OperatorActionsDoWhatTheySay) {
    writeTone(file("a.wav"), {440.0, 0.2, 30.0});
    writeTone(file("b.wav"), {660.0, 0.2, 30.0});
    writeTone(file("calm.wav"), {330.0, 0.2, 30.0});
    writeTone(file("ground.wav"), {220.0, 0.2, 3.0});
    writeTone(file("return.wav"), {550.0, 0.2, 30.0});
    program::Program program;
    program.grounding = track(file("ground.wav"));
    program.phases = {phase("peak", 10.0, {track(file("a.wav")), track(file("b.wav"))}),
                      phase("return", 30.0, {track(file("return.wav"))})};
    program.phases[0].tracks[0].alternates = {track(file("calm.wav"))};
    program.phases[0].ends = program::PhaseEnd::Operator;
    const std::vector<ScriptedAction> actions = {
        actionAt(1.0, Action::SwapToAlternate), actionAt(6.0, Action::PlayGrounding),
        actionAt(12.0, Action::SkipTrack),      actionAt(16.0, Action::Silence),
        actionAt(20.0, Action::Resume),         actionAt(24.0, Action::Hold),
        actionAt(26.0, Action::ReleaseHold),    actionAt(27.0, Action::ExtendPhase, 1.0),
        actionAt(28.0, Action::AdvancePhase),   actionAt(33.0, Action::EndSession)};
    const Rendered rendered = render(program, actions);

    auto startedRole = [&](TrackRole role) {
        for (const auto& event : rendered.of(EventKind::TrackStarted)) {
            if (event.track.role == role) return event.sessionSeconds();
        }
        return -1.0;
    };
    EXPECT_NEAR(startedRole(TrackRole::Alternate), 1.0, 0.01);
    EXPECT_NEAR(startedRole(TrackRole::Grounding), 6.0, 0.01);
    // Skip from grounding goes on with the phase: the track after the one grounding interrupted.
    bool bAfterSkip = false;
    for (const auto& event : rendered.of(EventKind::TrackStarted)) {
        bAfterSkip =
            bAfterSkip || (event.track.index == 1 && std::fabs(event.sessionSeconds() - 12.0) < 0.01);
    }
    EXPECT_TRUE(bAfterSkip);
    // Silence: exact zeros from 2 s after the command until resume.
    std::size_t zeros = 0;
    for (auto i = static_cast<std::size_t>(18.1 * kRate); i < static_cast<std::size_t>(20.0 * kRate); ++i) {
        zeros += rendered.left[i] == 0.0f ? 1 : 0;
    }
    EXPECT_EQ(zeros, static_cast<std::size_t>(1.9 * kRate));
    EXPECT_NEAR(20.0 * std::log10(rendered.rms(22.5, 23.5) / rendered.rms(14.0, 15.0)), 0.0, 0.5)
        << "resume brings the music back to where it was";
    // The operator phase waited for the advance (hold and extend had nothing to stop): return at ~29 s.
    const auto entered = rendered.of(EventKind::PhaseEntered);
    ASSERT_EQ(entered.size(), 2u);
    EXPECT_NEAR(entered[1].sessionSeconds(), 29.0, 0.01);
    const auto ended = rendered.of(EventKind::SessionEnded);
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_NEAR(ended[0].sessionSeconds(), 34.0, 0.01);                            // the 1 s end fade
    EXPECT_EQ(rendered.of(EventKind::OperatorAction).size(), actions.size() + 1);  // + start
}

TEST_F(SessionRender, ResumeContinuesTheSessionClockInsideTheTrack) {
    writeTone(file("a.wav"), {440.0, 0.2, 20.0});
    writeTone(file("b.wav"), {660.0, 0.2, 20.0});
    program::Program program;
    program.phases = {phase("onset", 10.0, {track(file("a.wav"))}),
                      phase("peak", 10.0, {track(file("b.wav"))})};
    SessionOptions options;
    ResumePoint resume;
    resume.phase = 1;
    resume.track = TrackRef{TrackRole::Phase, 1, 0, -1};
    resume.trackPositionSeconds = 4.0;
    resume.sessionSeconds = 15.0;
    resume.phaseElapsedSeconds = 5.0;
    options.resumeFrom = resume;
    options.resumeFadeIn = std::chrono::milliseconds(500);
    const Rendered rendered = render(program, {}, options);
    ASSERT_FALSE(rendered.events.empty());
    const auto started = rendered.of(EventKind::SessionStarted);
    ASSERT_EQ(started.size(), 1u);
    EXPECT_EQ(started[0].sessionFrame, 15 * kRate);
    const auto ended = rendered.of(EventKind::SessionEnded);
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(ended[0].sessionFrame, 20 * kRate);
    // The audio starts at the resume point, less the limiter's 3 ms lookahead: the frames the interrupted
    // session had produced but not yet played, silent now.
    const std::size_t lookahead = rendered.left.size() - static_cast<std::size_t>(5 * kRate);
    EXPECT_GT(lookahead, 0u);
    EXPECT_LE(lookahead, static_cast<std::size_t>(0.004 * kRate));
    EXPECT_LT(rendered.rms(0.0, 0.1), rendered.rms(1.0, 2.0) / 2) << "fades in";
    EXPECT_LE(rendered.longestSilence(), lookahead + 1);
    // Positions count from the start of the track, so a second interruption resumes at the right place.
    const auto trackEnded = rendered.of(EventKind::TrackEnded);
    ASSERT_FALSE(trackEnded.empty());
    EXPECT_NEAR(trackEnded.back().trackPositionSeconds, 4.0 + 5.0, 0.05);
}

}  // namespace
}  // namespace stillpoint::session

namespace stillpoint::session {
namespace {

TEST_F(SessionRender, LiveStartWaitsForTheFirstTrackInsteadOfStarvingIt) {
    // A live output pulls blocks as soon as Start is pressed and never waits for the decoder. The session
    // must begin on music: no starvation fault, no silence at frame 0. Blocks are pulled at the pace of a
    // device (one block's duration apart), since the engine's wait for the first track is counted in
    // frames: pulled faster, a loaded machine would be given less time than a real device gives it.
    writeTone(file("a.wav"), {440.0, 0.2, 10.0});
    program::Program program;
    program.phases = {phase("onset", 5.0, {track(file("a.wav"))})};
    SessionOptions options;
    options.loudnessCacheFile = folder_ / "loudness.json";
    for (int attempt = 0; attempt < 3; ++attempt) {
        SessionEngine engine(program, options);
        engine.apply(Action::Start);
        std::vector<float> block(2 * 1024);
        std::vector<float> heard;
        std::vector<SessionEvent> events;
        for (int i = 0; i < 200 && heard.size() < 2u * kRate; ++i) {
            engine.render(block.data(), 1024);
            engine.drainEvents(events);
            if (engine.snapshot().state != SessionState::NotStarted)
                heard.insert(heard.end(), block.begin(), block.end());
            std::this_thread::sleep_for(std::chrono::microseconds(1024 * 1'000'000 / kRate));
        }
        for (const SessionEvent& event : events)
            EXPECT_NE(event.kind, EventKind::Fault) << event.detailText();
        ASSERT_GE(heard.size(), 2u * kRate / 2) << "the session started within a few blocks";
        std::size_t silentRun = 0, longest = 0;
        for (std::size_t i = 0; i < heard.size() / 2; ++i) {
            silentRun = heard[2 * i] == 0.0f ? silentRun + 1 : 0;
            longest = std::max(longest, silentRun);
        }
        EXPECT_LE(longest, 1u) << "no silence at the start of the session";
    }
}

}  // namespace
}  // namespace stillpoint::session

// --- Files FFmpeg reads, gapless albums, Ogg files cut short -------------------------------------------

namespace stillpoint::session {
namespace {

// Encodes a WAV written by writeTone with the ffmpeg command; false where this ffmpeg lacks the encoder.
bool encode(const fs::path& wav, const fs::path& target, const std::string& options) {
    return testing::ffmpegEncode(wav, target, options);
}

}  // namespace

TEST_F(SessionRender, EveryFormatFfmpegReadsPlaysNormalisedWithoutAFault) {
    if (!testing::haveFfmpegTool()) GTEST_SKIP() << "ffmpeg not installed";
    writeTone(file("source48.wav"), {440.0, 0.1, 1.5});
    writeTone(file("source44.wav"), {440.0, 0.4, 1.5, 44100});
    const std::pair<const char*, std::string> encodings[] = {{"aac.m4a", "-c:a aac -b:a 192k"},
                                                             {"alac.m4a", "-c:a alac"},
                                                             {"wma.wma", "-c:a wmav2 -b:a 192k"},
                                                             {"opus.webm", "-c:a libopus -b:a 128k"},
                                                             {"from44k.opus", "-c:a libopus -b:a 128k"}};
    std::vector<program::Track> tracks;
    for (const auto& [name, options] : encodings) {
        ASSERT_TRUE(encode(file(std::string(name) == "from44k.opus" ? "source44.wav" : "source48.wav"),
                           file(name), options))
            << name;
        tracks.push_back(track(file(name)));
    }
    // Negative start: timestamps from 20 ms before zero.
    const std::string negative = "ffmpeg -nostdin -loglevel error -y -itsoffset -0.02 -i " +
                                 testing::shellQuoted(file("source44.wav")) + " -c:a libopus " +
                                 testing::shellQuoted(file("negative.opus"));
    ASSERT_EQ(std::system(negative.c_str()), 0);
    tracks.push_back(track(file("negative.opus")));
    program::Program program;
    program.phases = {phase("onset", 10.5, tracks)};  // the end fade comes after the last track
    program.phases[0].fill = program::FillPolicy::Silence;
    const Rendered rendered = render(program);
    for (const auto& fault : rendered.of(EventKind::Fault)) ADD_FAILURE() << fault.detailText();
    const auto started = rendered.of(EventKind::TrackStarted);
    ASSERT_EQ(started.size(), tracks.size());
    // AAC and ALAC in MP4 know their length to the frame: the next track starts exactly 1.5 s later.
    EXPECT_EQ(started[1].sessionFrame, 3 * kRate / 2);
    EXPECT_EQ(started[2].sessionFrame, 3 * kRate);
    // Every one normalised to the same loudness, whatever its level and decoder.
    const double reference = rendered.rms(0.3, 1.2);
    for (std::size_t i = 1; i < started.size(); ++i) {
        const double from = started[i].sessionSeconds() + 0.3;
        EXPECT_NEAR(20 * std::log10(rendered.rms(from, from + 0.8) / reference), 0.0, 0.5) << i;
    }
    // Nothing missing between the tracks: each follows the one before after its length.
    for (std::size_t i = 1; i < started.size(); ++i)
        EXPECT_NEAR(started[i].sessionSeconds() - started[i - 1].sessionSeconds(), 1.5, 0.03) << i;
}

// One continuous tone cut into two files and encoded lossily, as an album ripped gaplessly is: the
// encoder's delay and padding (MP4 edit list, LAME header) are trimmed, so the join is neither a gap
// nor a click.
TEST_F(SessionRender, GaplessAacAndMp3AlbumsJoinWithoutAGapOrAClick) {
    if (!testing::haveFfmpegTool()) GTEST_SKIP() << "ffmpeg not installed";
    writeTone(file("part1.wav"), {440.0, 0.3, 2.0});
    writeTone(file("part2.wav"), {440.0, 0.3, 2.5, kRate, 2, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 2.0});
    for (const auto& [extension, options] :
         {std::pair<std::string, std::string>{".m4a", "-c:a aac -b:a 256k"},
          {".mp3", "-c:a libmp3lame -b:a 256k"}}) {
        ASSERT_TRUE(encode(file("part1.wav"), file("part1" + extension), options));
        ASSERT_TRUE(encode(file("part2.wav"), file("part2" + extension), options));
        program::Program program;
        program.phases = {
            phase("onset", 4.5, {track(file("part1" + extension)), track(file("part2" + extension))})};
        const Rendered rendered = render(program);
        EXPECT_TRUE(rendered.of(EventKind::Fault).empty()) << extension;
        const auto started = rendered.of(EventKind::TrackStarted);
        ASSERT_GE(started.size(), 2u) << extension;
        EXPECT_EQ(started[1].sessionFrame, 2 * kRate) << extension << ": the first file lasts exactly 2 s";
        EXPECT_LE(rendered.longestSilence(), 1u) << extension;
        // Around the join the signal moves no faster than the tone itself does elsewhere.
        const float materialStep = rendered.largestStep(0.5, 1.5);
        EXPECT_LE(rendered.largestStep(1.95, 2.05), materialStep * 1.1f) << extension;
        // And no dip: the level across the join is the level of the tone.
        EXPECT_NEAR(20 * std::log10(rendered.rms(1.99, 2.01) / rendered.rms(0.5, 1.5)), 0.0, 0.5)
            << extension;
    }
}

TEST_F(SessionRender, AnOggCutShortIsReportedAndTheNextTrackTakesOver) {
    testing::writeNoise(file("cut.ogg"), testing::audioSpec(SF_FORMAT_OGG | SF_FORMAT_VORBIS, kRate, 2, 4.0),
                        0.1);
    fs::resize_file(file("cut.ogg"), fs::file_size(file("cut.ogg")) / 2);
    writeTone(file("next.wav"), {660.0, 0.2, 6.0});
    program::Program program;
    program.phases = {phase("onset", 6.0, {track(file("cut.ogg")), track(file("next.wav"))})};
    const Rendered rendered = render(program);
    const auto faults = rendered.of(EventKind::Fault);
    ASSERT_EQ(faults.size(), 1u);
    EXPECT_EQ(faults[0].fault, FaultKind::FileEndedEarly);
    EXPECT_NE(std::string(faults[0].detailText()).find("cut.ogg"), std::string::npos)
        << faults[0].detailText();
    EXPECT_NE(std::string(faults[0].detailText()).find("cut short"), std::string::npos)
        << faults[0].detailText();
    const auto started = rendered.of(EventKind::TrackStarted);
    ASSERT_EQ(started.size(), 2u);
    // Reported as soon as the decoder, running ahead, reaches the cut; the next track follows at once.
    EXPECT_LT(faults[0].sessionSeconds(), 0.5);
    EXPECT_GT(started[1].sessionSeconds(), 1.0);
    EXPECT_LT(started[1].sessionSeconds(), 2.5);
    EXPECT_LT(rendered.longestSilence(), static_cast<std::size_t>(kRate / 20));
}

// The parser refuses such a program; one built in code is refused by the engine, before its fixed per-phase
// arrays could be overrun.
TEST_F(SessionRender, AProgramWithMorePhasesThanTheEngineHoldsIsRefused) {
    program::Program program;
    program.sourceFile = file("long.toml");
    for (int p = 0; p <= kMaxPhases; ++p) program.phases.push_back(phase("p", 60.0, {track(file("a.wav"))}));
    SessionOptions options;
    options.loudnessCacheFile = folder_ / "loudness.json";
    try {
        SessionEngine engine(program, options);
        ADD_FAILURE() << "a program of " << program.phases.size() << " phases was accepted";
    } catch (const std::invalid_argument& refused) {
        EXPECT_NE(std::string(refused.what()).find("17 phases; at most 16"), std::string::npos)
            << refused.what();
    }
    program.phases.pop_back();
    EXPECT_NO_THROW(SessionEngine(program, options));
}

}  // namespace stillpoint::session
