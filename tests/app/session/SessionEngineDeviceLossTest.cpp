// Ending a session while the output device is lost. Nothing calls render() then, and nothing can be
// heard: the end must complete at once, on the control thread, without waiting for audio; a device that
// comes back afterwards plays only silence, and one that comes back before the end was carried out hears
// the usual fade, never a cut. The test renders the engine itself, as the output's feeder thread would.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <thread>
#include <vector>

#include "audio/decode/AudioFixtures.h"
#include "session/SessionEngine.h"

namespace stillpoint::session {
namespace {

namespace fs = std::filesystem;
constexpr int kRate = 48000;
constexpr int kBlock = 1024;

class SessionEngineDeviceLoss : public ::testing::Test {
protected:
    void SetUp() override {
        testing::writeSine(folder_ / "a.wav",
                           testing::audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, kRate, 2, 30.0), 220.0, 0.2);
        program::Track track;
        track.file = folder_ / "a.wav";
        track.fileAsWritten = "a.wav";
        program::Phase phase;
        phase.name = "peak";
        phase.planned = std::chrono::minutes(5);
        phase.tracks = {track};
        program_.phases = {phase};
        program_.endFade = std::chrono::seconds(2);
        options_.loudnessCacheFile = folder_ / "loudness.json";
    }

    // Renders `seconds` as an output's feeder would, appending the left channel to `heard`; faster than
    // real time, so it waits for the decoder as an offline render does.
    static void play(SessionEngine& engine, double seconds, std::vector<float>& heard) {
        std::vector<float> block(2 * kBlock);
        for (int n = 0; n < static_cast<int>(seconds * kRate / kBlock); ++n) {
            if (engine.snapshot().state != SessionState::NotStarted) engine.waitUntilStreamsReady();
            engine.render(block.data(), kBlock);
            for (int i = 0; i < kBlock; ++i) heard.push_back(block[2 * i]);
        }
    }

    // Starts the session and plays a second of music.
    static void startAndPlay(SessionEngine& engine, std::vector<SessionEvent>& events) {
        engine.apply(Action::Start);
        std::vector<float> heard;
        for (int i = 0; i < 400 && engine.snapshot().state == SessionState::NotStarted; ++i) {
            play(engine, double(kBlock) / kRate, heard);
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        heard.clear();
        play(engine, 1.0, heard);
        engine.drainEvents(events);
        ASSERT_EQ(engine.snapshot().state, SessionState::Playing);
        ASSERT_GT(rms(heard, heard.size() - kRate / 10, heard.size()), 0.02) << "music is playing";
    }

    static double rms(const std::vector<float>& samples, std::size_t from, std::size_t to) {
        double sum = 0.0;
        for (std::size_t i = from; i < to; ++i) sum += double(samples[i]) * samples[i];
        return std::sqrt(sum / double(std::max<std::size_t>(1, to - from)));
    }

    static std::vector<SessionEvent> of(const std::vector<SessionEvent>& events, EventKind kind) {
        std::vector<SessionEvent> found;
        for (const auto& event : events)
            if (event.kind == kind) found.push_back(event);
        return found;
    }

    testing::TempFolder folder_;
    program::Program program_;
    SessionOptions options_;
};

TEST_F(SessionEngineDeviceLoss, AnEndAskedForWhileTheDeviceIsLostCompletesAtOnceAndStaysSilent) {
    SessionEngine engine(program_, options_);
    std::vector<SessionEvent> events;
    startAndPlay(engine, events);
    engine.reportDeviceConnected(false);
    engine.drainEvents(events);
    const auto stoppedAt = engine.snapshot();

    events.clear();
    engine.apply(Action::EndSession);
    engine.drainEvents(events);  // no render in between: the device is gone
    EXPECT_EQ(engine.snapshot().state, SessionState::Ended);
    const auto actions = of(events, EventKind::OperatorAction);
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].action, Action::EndSession);
    EXPECT_EQ(actions[0].refusal, Refusal::None);
    const auto ended = of(events, EventKind::SessionEnded);
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(ended[0].fault, FaultKind::DeviceLost) << "said to have ended without its fade";
    EXPECT_NE(ended[0].detailText().find("output device was lost"), std::string_view::npos);
    // Where the music stopped: the clock did not run on through a fade nobody heard.
    EXPECT_NEAR(ended[0].sessionSeconds(), stoppedAt.sessionSeconds, 0.01);
    EXPECT_EQ(of(events, EventKind::PhaseLeft).size(), 1u);
    EXPECT_EQ(of(events, EventKind::TrackEnded).size(), 1u);

    // The device comes back: not one frame of the music from before the loss, only exact zeros.
    engine.reportDeviceConnected(true);
    std::vector<float> heard;
    play(engine, 0.5, heard);
    std::size_t sounding = 0;
    for (const float sample : heard) sounding += sample != 0.0f ? 1 : 0;
    EXPECT_EQ(sounding, 0u);
}

TEST_F(SessionEngineDeviceLoss, ADeviceLostDuringTheEndFadeEndsTheSessionAtOnce) {
    SessionEngine engine(program_, options_);
    std::vector<SessionEvent> events;
    startAndPlay(engine, events);
    engine.apply(Action::EndSession);
    std::vector<float> heard;
    play(engine, 0.5, heard);
    ASSERT_EQ(engine.snapshot().state, SessionState::Ending);
    engine.reportDeviceConnected(false);
    events.clear();
    engine.drainEvents(events);
    EXPECT_EQ(engine.snapshot().state, SessionState::Ended);
    const auto ended = of(events, EventKind::SessionEnded);
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(ended[0].fault, FaultKind::DeviceLost);

    engine.reportDeviceConnected(true);
    heard.clear();
    play(engine, 0.3, heard);
    for (const float sample : heard) ASSERT_EQ(sample, 0.0f) << "what was left of the fade is not played";
}

TEST_F(SessionEngineDeviceLoss, ADeviceBackBeforeTheEndWasCarriedOutHearsTheUsualFade) {
    SessionEngine engine(program_, options_);
    std::vector<SessionEvent> events;
    startAndPlay(engine, events);
    std::vector<float> before;
    play(engine, 0.1, before);
    engine.reportDeviceConnected(false);
    engine.drainEvents(events);
    engine.apply(Action::EndSession);
    engine.reportDeviceConnected(true);  // back before the control loop came round again
    events.clear();
    engine.drainEvents(events);
    EXPECT_NE(engine.snapshot().state, SessionState::Ended) << "a device to play it: the fade is played";

    std::vector<float> heard;
    play(engine, 3.0, heard);
    // The music goes on where it stopped and fades: no cut, no jump.
    EXPECT_NEAR(20 * std::log10(rms(heard, 0, kRate / 50) / rms(before, 0, before.size())), 0.0, 1.0);
    float largestStep = 0.0f;
    for (std::size_t i = 1; i < heard.size(); ++i)
        largestStep = std::max(largestStep, std::fabs(heard[i] - heard[i - 1]));
    EXPECT_LT(largestStep, 0.05f);
    EXPECT_LT(rms(heard, kRate, kRate + kRate / 10), rms(heard, 0, kRate / 10)) << "it fades";
    events.clear();
    engine.drainEvents(events);
    const auto ended = of(events, EventKind::SessionEnded);
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(ended[0].fault, FaultKind::None);
}

TEST_F(SessionEngineDeviceLoss, AnEndRefusedBeforeTheStartDoesNotEndTheSessionWhenTheDeviceIsLost) {
    SessionEngine engine(program_, options_);
    engine.apply(Action::EndSession);  // refused: nothing plays yet
    std::vector<SessionEvent> events;
    std::vector<float> heard;
    play(engine, 0.05, heard);
    startAndPlay(engine, events);
    engine.reportDeviceConnected(false);
    engine.drainEvents(events);
    EXPECT_EQ(engine.snapshot().state, SessionState::Playing) << "a loss alone never ends a session";
}

// The device ran dry twice between two looks (the output's thread was late): one fault in the record that
// says how often, where in the session, and how much the output keeps queued from then on; the session
// plays on.
TEST_F(SessionEngineDeviceLoss, GapsTheDevicePlayedAreJournaledOnceWithTheQueueThatFollows) {
    SessionEngine engine(program_, options_);
    std::vector<SessionEvent> events;
    startAndPlay(engine, events);
    events.clear();
    engine.drainEvents(events);
    EXPECT_TRUE(of(events, EventKind::Fault).empty());

    engine.outputStarved(2048);
    engine.outputStarved(4096);
    engine.drainEvents(events);
    const auto faults = of(events, EventKind::Fault);
    ASSERT_EQ(faults.size(), 1u);
    EXPECT_EQ(faults[0].fault, FaultKind::OutputUnderrun);
    EXPECT_NE(faults[0].detailText().find("2 times"), std::string_view::npos) << faults[0].detailText();
    EXPECT_NE(faults[0].detailText().find("85 ms"), std::string_view::npos) << faults[0].detailText();
    EXPECT_NEAR(faults[0].sessionSeconds(), engine.snapshot().sessionSeconds, 0.05);
    EXPECT_EQ(engine.snapshot().state, SessionState::Playing);

    events.clear();
    engine.drainEvents(events);
    EXPECT_TRUE(of(events, EventKind::Fault).empty()) << "told once";
}

}  // namespace
}  // namespace stillpoint::session
