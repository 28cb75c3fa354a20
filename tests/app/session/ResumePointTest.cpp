// A session interrupted at any frame and resumed from its ResumeState goes on exactly as if it had never
// stopped: the same events on the same frames, and after the resume fade-in the same samples. Interrupted
// inside every kind of crossfade (track, grounding, skip, phase, the end fade), while held, silenced, with
// talk-over on, waiting for the operator, and at seeded random frames.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

#include "app/session/ResumeComparison.h"
#include "app/session/ResumeScenario.h"
#include "audio/decode/AudioFixtures.h"

namespace stillpoint::session {
namespace {

using testing::driveScenario;
using testing::kScenarioRate;
using testing::ScenarioRun;

constexpr std::chrono::milliseconds kFadeIn{250};

class ResumePointTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        folder_ = new stillpoint::testing::TempFolder();
        program_ = new program::Program(testing::scenarioProgram(folder_->path(), true));
        SessionEngine engine(*program_, options());
        reference_ = new ScenarioRun(driveScenario(engine, testing::scenarioActions()));
    }
    static void TearDownTestSuite() {
        delete reference_;
        delete program_;
        delete folder_;
    }
    static SessionOptions options() {
        SessionOptions options;
        options.sampleRate = kScenarioRate;
        options.loudnessCacheFile = folder_->path() / "loudness.json";
        options.resumeFadeIn = kFadeIn;
        return options;
    }

    // The state of the reference after its first block that ends at or after `seconds`.
    static const ResumeState& stateAt(double seconds) {
        for (const ResumeState& state : reference_->states)
            if (state.valid() && state.frame >= std::llround(seconds * kScenarioRate)) return state;
        return reference_->states.back();
    }

    // Resumes from `state` with the reference's own later actions replayed on their frames, in blocks of
    // another size, and compares the rest of the session with the reference.
    static void resumeAndCompare(const ResumeState& state) {
        ASSERT_TRUE(state.valid());
        ResumePoint point;
        point.state = state;
        point.gapSeconds = 42.0;
        for (const SessionEvent& event : reference_->events) {
            if (event.kind == EventKind::OperatorAction && event.action != Action::Start &&
                event.sessionFrame >= state.frame)
                point.actions.push_back({event.action, event.value, event.sessionFrame});
        }
        SessionOptions resumedOptions = options();
        resumedOptions.resumeFrom = point;
        SessionEngine engine(*program_, resumedOptions);
        EXPECT_TRUE(engine.snapshot().resumed);
        EXPECT_DOUBLE_EQ(engine.snapshot().resumedAfterSeconds, 42.0);
        const ScenarioRun resumed = driveScenario(engine, {}, 1000);
        EXPECT_EQ(std::string(resumed.events.at(1).detailText()), "resumed after 42 s");
        testing::expectSameContinuation(*reference_, resumed, state,
                                        state.frame + kFadeIn.count() * kScenarioRate / 1000);
    }

    static stillpoint::testing::TempFolder* folder_;
    static program::Program* program_;
    static ScenarioRun* reference_;
};

stillpoint::testing::TempFolder* ResumePointTest::folder_ = nullptr;
program::Program* ResumePointTest::program_ = nullptr;
ScenarioRun* ResumePointTest::reference_ = nullptr;

TEST_F(ResumePointTest, TheScenarioPlaysWhatItShould) {
    // The reference itself: extended onset, hold, grounding and skip, silence, advance, end, no faults.
    const auto& events = reference_->events;
    std::vector<SessionEvent> entered;
    for (const SessionEvent& event : events) {
        EXPECT_NE(event.kind, EventKind::Fault) << event.detailText();
        if (event.kind == EventKind::PhaseEntered) entered.push_back(event);
    }
    ASSERT_EQ(entered.size(), 3u);
    // Held until 14.5 s, past the extended end's crossfade start (14 s): the boundary 2 s after release.
    EXPECT_NEAR(entered[1].sessionSeconds(), 16.5, 0.1);
    EXPECT_NEAR(entered[2].sessionSeconds(), 29.0, 0.1);
    EXPECT_NEAR(static_cast<double>(reference_->endedFrame) / kScenarioRate, 35.0, 0.1);
}

TEST_F(ResumePointTest, InsideATrackCrossfade) {
    const ResumeState& state = stateAt(5.0);
    EXPECT_EQ(state.voiceCount, 2);
    resumeAndCompare(state);
}

TEST_F(ResumePointTest, InsideTheCrossfadeIntoGroundingFromATrackCrossfade) {
    const ResumeState& state = stateAt(5.6);
    EXPECT_EQ(state.voiceCount, 3);
    resumeAndCompare(state);
}

TEST_F(ResumePointTest, ExtendedHeldAndInsideTheSkipBackFromGrounding) {
    const ResumeState& state = stateAt(11.0);
    EXPECT_GT(state.extensionFrames, 0);
    EXPECT_TRUE(state.groundingReturn.valid() || state.voiceCount >= 2);
    resumeAndCompare(state);
    resumeAndCompare(stateAt(13.0));  // held
}

TEST_F(ResumePointTest, InsideAPhaseCrossfade) {
    const ResumeState& state = stateAt(16.0);
    EXPECT_GE(state.nextPhase, 1);
    resumeAndCompare(state);
    resumeAndCompare(stateAt(28.0));  // the operator's advance
}

TEST_F(ResumePointTest, WithTalkOverSilencedAndWaitingForTheOperator) {
    EXPECT_TRUE(stateAt(20.0).talkOver);
    resumeAndCompare(stateAt(20.0));
    EXPECT_EQ(stateAt(22.5).state, SessionState::Silenced);
    resumeAndCompare(stateAt(22.5));
    EXPECT_TRUE(stateAt(26.0).awaitingOperator);
    resumeAndCompare(stateAt(26.0));
}

TEST_F(ResumePointTest, InsideTheEndFade) {
    const ResumeState& state = stateAt(33.5);
    EXPECT_EQ(state.state, SessionState::Ending);
    resumeAndCompare(state);
}

TEST_F(ResumePointTest, AtSeededRandomFrames) {
    std::mt19937 random(20261201);
    std::uniform_real_distribution<double> seconds(0.5, 34.0);
    for (int round = 0; round < 3; ++round) {
        const double at = seconds(random);
        SCOPED_TRACE("interrupted at " + std::to_string(at) + " s");
        resumeAndCompare(stateAt(at));
    }
}

}  // namespace
}  // namespace stillpoint::session
