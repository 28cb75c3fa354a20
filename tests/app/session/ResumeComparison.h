// The check every resume test makes: after its start, a resumed session has the uninterrupted session's
// events on the same frames, and once faded in, its samples.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "app/session/ResumeScenario.h"

namespace stillpoint::session::testing {

// `resumed` picked up from `state`; its audio is compared from `settledFrame` (the end of its fade-in).
inline void expectSameContinuation(const ScenarioRun& reference, const ScenarioRun& resumed,
                                   const ResumeState& state, std::int64_t settledFrame) {
    // The resumed engine first says where it picks up: the start, the phase, each voice's track.
    const std::size_t startup = static_cast<std::size_t>(3 + state.voiceCount);
    ASSERT_GE(resumed.events.size(), startup);
    EXPECT_EQ(resumed.events[1].kind, EventKind::SessionStarted);
    EXPECT_EQ(resumed.events[1].sessionFrame, state.frame);
    EXPECT_EQ(resumed.events[2].kind, EventKind::PhaseEntered);
    EXPECT_EQ(resumed.events[2].phase, state.phase);
    for (std::size_t v = 3; v < startup; ++v) EXPECT_EQ(resumed.events[v].kind, EventKind::TrackStarted);

    // Then every later event of the uninterrupted session, on the same frame.
    auto later = [&](const std::vector<SessionEvent>& events, std::size_t from) {
        std::vector<SessionEvent> kept;
        for (std::size_t i = from; i < events.size(); ++i)
            if (events[i].sessionFrame > state.frame) kept.push_back(events[i]);
        return kept;
    };
    const auto expected = later(reference.events, 0);
    const auto got = later(resumed.events, startup);
    ASSERT_EQ(got.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        SCOPED_TRACE("event " + std::to_string(i) + ": " + std::to_string(static_cast<int>(expected[i].kind)) + " at frame " +
                     std::to_string(expected[i].sessionFrame));
        EXPECT_EQ(got[i].kind, expected[i].kind);
        EXPECT_EQ(got[i].sessionFrame, expected[i].sessionFrame);
        EXPECT_EQ(got[i].phase, expected[i].phase);
        EXPECT_EQ(got[i].track, expected[i].track);
        EXPECT_EQ(got[i].action, expected[i].action);
        EXPECT_NEAR(got[i].trackPositionSeconds, expected[i].trackPositionSeconds, 1e-9);
        EXPECT_NE(got[i].kind, EventKind::Fault) << got[i].detailText();
    }
    EXPECT_EQ(resumed.endedFrame, reference.endedFrame);

    // The audio: a fade-in from the gap's silence, then the very samples of the reference.
    ASSERT_EQ(resumed.lastFrame(), reference.lastFrame());
    ASSERT_LT(settledFrame, reference.lastFrame());
    float largest = 0.0f;
    std::int64_t where = -1;
    for (std::int64_t frame = settledFrame; frame < reference.lastFrame(); ++frame) {
        for (int channel = 0; channel < 2; ++channel) {
            const float difference = std::fabs(resumed.at(frame, channel) - reference.at(frame, channel));
            if (difference > largest) {
                largest = difference;
                where = frame;
            }
        }
    }
    EXPECT_LE(largest, 1e-6f) << "at session frame " << where;
    EXPECT_LT(std::fabs(resumed.at(state.frame, 0)), 0.01f) << "fades in from the gap's silence";
}

}  // namespace stillpoint::session::testing
