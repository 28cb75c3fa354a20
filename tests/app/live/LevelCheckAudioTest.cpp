// The level check's sound, rendered through the loopback device and compared with the session's own
// render of the same track: the same level (within 0.1 dB) on the headphones and on the room's speakers,
// a ramped start and end (by itself after the excerpt, or on Stop), no click, never above the ceiling.
#include "live/LevelCheckPlayer.h"

#include <gtest/gtest.h>
#include <sndfile.h>

#include <cmath>
#include <numbers>
#include <thread>
#include <vector>

#include "audio/decode/AudioFixtures.h"
#include "audio/engine/output/LoopbackRenderer.h"
#include "audio/engine/output/RenderedSamples.h"

namespace stillpoint::live {
namespace {

constexpr int kRate = 48000;
constexpr int kBlock = 2048;  // what LiveOutput pulls

// The room's frames of each pass, as the room's device gets them in a session.
class RoomOfSession final : public audio::AudioSource {
public:
    explicit RoomOfSession(session::SessionEngine& engine) : engine_(engine) {}
    void render(float* out, int frames) noexcept override {
        patient_.resize(static_cast<std::size_t>(2 * frames));
        engine_.renderOutputs(patient_.data(), out, frames);
    }

private:
    session::SessionEngine& engine_;
    std::vector<float> patient_;
};

// Renders `source` through the loopback device for `seconds`; `each` runs before every block (its start
// second) to give commands.
std::vector<float> render(audio::AudioSource& source, session::SessionEngine& engine, double seconds,
                          const std::function<void(double)>& each = {}) {
    audio::LoopbackRenderer renderer(kRate);
    std::vector<float> out;
    std::vector<float> block(2 * kBlock);
    const auto total = static_cast<std::int64_t>(seconds * kRate);
    for (std::int64_t done = 0; done < total; done += kBlock) {
        if (each) each(static_cast<double>(done) / kRate);
        engine.waitUntilStreamsReady();
        renderer.render(source, block.data(), kBlock);
        out.insert(out.end(), block.begin(), block.end());
    }
    return out;
}

double rmsDb(const std::vector<float>& samples, double from, double to) {
    const auto begin = static_cast<std::size_t>(from * kRate) * 2;
    const auto end = std::min(samples.size(), static_cast<std::size_t>(to * kRate) * 2);
    double sum = 0.0;
    for (auto i = begin; i < end; ++i) sum += static_cast<double>(samples[i]) * samples[i];
    return 10.0 * std::log10(std::max(1e-30, sum / static_cast<double>(end - begin)));
}

float peak(const std::vector<float>& samples, double from = 0.0, double to = 1e9) {
    return testing::peakOfBothChannels(samples, kRate, from, to);
}

// The largest step between neighbouring samples of a channel: a click is a step far above the music's.
float largestStep(const std::vector<float>& samples) {
    float step = 0.0f;
    for (std::size_t i = 2; i < samples.size(); ++i)
        step = std::max(step, std::fabs(samples[i] - samples[i - 2]));
    return step;
}

// Where the output is exactly zero from on (the second), or -1 if it never is.
double silentFrom(const std::vector<float>& samples) {
    std::size_t last = samples.size();
    while (last > 0 && samples[last - 1] == 0.0f) --last;
    return last == samples.size() ? -1.0 : static_cast<double>(last / 2) / kRate;
}

class LevelCheckAudioTest : public ::testing::Test {
protected:
    void SetUp() override {
        // A quiet 220 Hz tone with a loud 880 Hz burst every second: normalised to -16 LUFS its bursts
        // would pass the -14 dBFS ceiling, so the limiter is at work in both renders.
        const auto file = folder_.path() / "first.wav";
        testing::writeAudio(
            file, testing::audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, kRate, 2, 40.0),
            [](std::int64_t frame, int channel) {
                const double t = static_cast<double>(frame) / kRate;
                const bool burst = std::fmod(t, 1.0) < 0.1;
                const double hertz = burst ? 880.0 : 220.0 * (channel ? 1.5 : 1.0);
                return static_cast<float>((burst ? 0.5 : 0.05) * std::sin(2 * std::numbers::pi * hertz * t));
            });
        const auto other = folder_.path() / "other.wav";
        testing::writeAudio(
            other, testing::audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, kRate, 2, 20.0),
            [](std::int64_t frame, int) {
                return static_cast<float>(0.3 * std::sin(2 * std::numbers::pi * 330.0 * frame / kRate));
            });
        program::Track first;
        first.file = file;
        first.fileAsWritten = "first.wav";
        first.gainDb = 1.5;
        program::Track second;
        second.file = other;
        second.fileAsWritten = "other.wav";
        program_.name = "Level";
        program_.targetLufs = -16.0;
        program_.volumeCeilingDbfs = -14.0;
        program_.phases.resize(2);
        program_.phases[0].name = "settling";
        program_.phases[0].planned = std::chrono::seconds(60);
        program_.phases[0].tracks = {first, second};
        program_.phases[1].name = "onset";
        program_.phases[1].planned = std::chrono::seconds(60);
        program_.phases[1].tracks = {second};
        program_.grounding = second;
        options_.sampleRate = kRate;
        options_.initialMasterVolume = 0.6;
        options_.room.enabled = true;
        options_.room.initialVolume = 0.35;
        options_.room.ceilingDbfs = -18.0;
        options_.loudnessCacheFile = folder_.path() / "loudness.json";
    }

    testing::TempFolder folder_;
    program::Program program_;
    session::SessionOptions options_;
};

TEST_F(LevelCheckAudioTest, PlaysTheFirstTrackAtTheSessionsLevelRampedInAndEndsByItselfWithAFade) {
    session::SessionEngine session(program_, options_);
    session.apply(session::Action::Start);
    const auto reference = render(session, session, 12.0);

    LevelCheckAudio check(program_, options_, panel::SetupOutput::Patient, 10.0);
    EXPECT_DOUBLE_EQ(check.volume(), 0.6);
    EXPECT_DOUBLE_EQ(check.ceilingDbfs(), -14.0);
    check.start();
    const auto played = render(check.source(), check.engine(), 14.0);

    // The level: the session's, second by second once the check's fade-in is over.
    for (double at = 2.0; at < 8.0; at += 1.0)
        EXPECT_NEAR(rmsDb(played, at, at + 1.0), rmsDb(reference, at, at + 1.0), 0.1) << "second " << at;
    EXPECT_GT(rmsDb(played, 2.0, 8.0), -40.0) << "it is heard";
    // The limiter keeps the bursts under the ceiling, as in the session.
    const float ceiling = static_cast<float>(std::pow(10.0, -14.0 / 20.0));
    EXPECT_LE(peak(played), ceiling * 1.0005f);
    EXPECT_GT(peak(played), ceiling * 0.9f) << "the test's bursts reach the ceiling";
    EXPECT_NEAR(peak(played, 2.0, 8.0), peak(reference, 2.0, 8.0), 1e-3f);

    // Ramped in: from silence, rising over the first second.
    EXPECT_LT(peak(played, 0.0, 0.01), 0.005f);
    EXPECT_LT(rmsDb(played, 0.15, 0.3), rmsDb(played, 1.15, 1.3) - 4.0);  // the same tone, a second apart
    // Ends by itself: the end fade finishes on the excerpt's end, then exact silence.
    EXPECT_TRUE(check.ended());
    const double silent = silentFrom(played);
    EXPECT_NEAR(silent, 10.0, 0.05);
    EXPECT_LT(rmsDb(played, 9.5, 9.9), rmsDb(played, 8.0, 8.4) - 6.0) << "faded, not cut";
    // No click anywhere: no step between samples beyond the music's own.
    EXPECT_LE(largestStep(played), largestStep(reference) * 1.05f);
}

TEST_F(LevelCheckAudioTest, StopFadesItOutWithoutAClick) {
    LevelCheckAudio check(program_, options_, panel::SetupOutput::Patient, 25.0);
    check.start();
    const auto played = render(check.source(), check.engine(), 9.0, [&](double second) {
        if (second >= 4.0 && second < 4.0 + static_cast<double>(kBlock) / kRate) check.fadeOut();
    });
    EXPECT_TRUE(check.ended());
    const double silent = silentFrom(played);
    EXPECT_GT(silent, 4.0 + 1.4);
    EXPECT_LT(silent, 4.0 + 1.6) << "over its 1.5 s fade";
    EXPECT_LT(rmsDb(played, 5.1, 5.4), rmsDb(played, 3.5, 4.0) - 6.0);
    session::SessionEngine session(program_, options_);
    session.apply(session::Action::Start);
    const auto reference = render(session, session, 9.0);
    EXPECT_LE(largestStep(played), largestStep(reference) * 1.05f);
}

TEST_F(LevelCheckAudioTest, OnTheRoomsSpeakersItHasTheRoomsLevelAndCeiling) {
    session::SessionEngine session(program_, options_);
    RoomOfSession room(session);
    session.apply(session::Action::Start);
    const auto reference = render(room, session, 10.0);

    LevelCheckAudio check(program_, options_, panel::SetupOutput::Room, 10.0);
    EXPECT_DOUBLE_EQ(check.volume(), 0.35);
    EXPECT_DOUBLE_EQ(check.ceilingDbfs(), -18.0);
    check.start();
    const auto played = render(check.source(), check.engine(), 10.0);
    for (double at = 2.0; at < 8.0; at += 1.0)
        EXPECT_NEAR(rmsDb(played, at, at + 1.0), rmsDb(reference, at, at + 1.0), 0.1) << "second " << at;
    EXPECT_LE(peak(played), static_cast<float>(std::pow(10.0, -18.0 / 20.0)) * 1.0005f);
    EXPECT_GT(peak(played), static_cast<float>(std::pow(10.0, -18.0 / 20.0)) * 0.9f);
    EXPECT_GT(rmsDb(played, 2.0, 8.0), -60.0);
    EXPECT_LE(largestStep(played), largestStep(reference) * 1.05f);
}

TEST_F(LevelCheckAudioTest, ThePlayerPlaysItOnADeviceAndLetsItGoOnceFadedOut) {
    LevelCheckPlayer player(program_, options_, LevelCheckPlayer::openLiveOutput(), 2.0);
    player.play(panel::SetupOutput::Patient, "null");
    const auto started = std::chrono::steady_clock::now();
    bool sawPlaying = false;
    panel::LevelCheckPlayer::Status status;
    while (std::chrono::steady_clock::now() - started < std::chrono::seconds(15)) {
        status = player.status();
        sawPlaying = sawPlaying || status.state == panel::LevelCheckPlayer::State::Playing;
        if (status.state == panel::LevelCheckPlayer::State::Finished ||
            status.state == panel::LevelCheckPlayer::State::Failed)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_TRUE(sawPlaying);
    ASSERT_EQ(status.state, panel::LevelCheckPlayer::State::Finished) << status.error;
    EXPECT_NEAR(status.playedSeconds, 2.0, 0.2);
    EXPECT_DOUBLE_EQ(status.volume, 0.6);
    // The trim and the normalisation to -16 LUFS (not the trim alone).
    EXPECT_TRUE(std::isfinite(status.trackGainDb));
    EXPECT_GT(std::fabs(status.trackGainDb - 1.5), 0.5);

    // A device that cannot be opened is a failure the panel can say.
    player.play(panel::SetupOutput::Patient, "No such device 42");
    for (int i = 0; i < 500 && player.status().state == panel::LevelCheckPlayer::State::Preparing; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const auto failed = player.status();
    EXPECT_EQ(failed.state, panel::LevelCheckPlayer::State::Failed);
    EXPECT_FALSE(failed.error.empty());
}

}  // namespace
}  // namespace stillpoint::live
