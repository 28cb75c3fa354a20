// The state a resume continues from, as the journal writes it and reads it back: exact, and refused whole
// when damaged.
#include <gtest/gtest.h>

#include "journal/ResumeStateJson.h"

namespace stillpoint::journal {
namespace {

using session::ResumeState;
using Ramp = session::mix::GainRamp::State;

ResumeState crossfadeState() {
    ResumeState state;
    state.sampleRate = 48000;
    state.frame = 1234567;
    state.state = session::SessionState::Silenced;
    state.phase = 1;
    state.phaseStartFrame = 1000003;
    state.extensionFrames = 14400000;
    state.held = true;
    state.talkOver = true;
    state.nextPhase = 2;
    state.boundaryFrame = 1300001;
    state.setReason("planned end");
    state.volume = {0.8f, 0.6f, 1201, 24000, session::mix::RampShape::Linear};
    state.duck = {0.17782794f, 0.17782794f, 0, 0, session::mix::RampShape::Linear};
    state.presence = {1.0f, 0.0f, 95000, 96000, session::mix::RampShape::EqualPower};
    state.hasRoomVolume = true;
    state.roomVolume = {0.8f, 0.3f, 600, 24000, session::mix::RampShape::Linear};
    state.voiceCount = 2;
    state.voices[0] = {3,
                       {session::TrackRole::Phase, 1, 0, -1},
                       480001,
                       700000,
                       {1.0f, 0.0f, 77, 192000, session::mix::RampShape::EqualPower},
                       false,
                       true,
                       true,
                       false};
    state.voices[1] = {0,
                       {session::TrackRole::Alternate, 2, 1, 0},
                       12345,
                       1200000,
                       {0.123456789f, 1.0f, 5, 192000, session::mix::RampShape::EqualPower},
                       true,
                       false,
                       false,
                       true};
    state.groundingReturn = {session::TrackRole::Phase, 1, 1, -1};
    state.phases[0] = {120.0, 0.0, 20.833333333333332};
    state.phases[1] = {600.0 + 300.0, 20.833333333333332, -1.0};
    return state;
}

TEST(ResumeStateJsonTest, ReadsBackExactlyWhatWasWritten) {
    const ResumeState written = crossfadeState();
    // Through text, as in the journal file.
    const auto read = resumeStateFromJson(Json::parse(toJson(written).dump()));
    ASSERT_TRUE(read);
    // Member by member: the structs' padding bytes are not part of the state.
    EXPECT_TRUE(read->voices == written.voices);
    EXPECT_EQ(read->frame, written.frame);
    EXPECT_EQ(read->state, written.state);
    EXPECT_EQ(read->phaseStartFrame, written.phaseStartFrame);
    EXPECT_EQ(read->extensionFrames, written.extensionFrames);
    EXPECT_TRUE(read->held);
    EXPECT_TRUE(read->talkOver);
    EXPECT_FALSE(read->awaitingOperator);
    EXPECT_EQ(read->nextPhase, 2);
    EXPECT_EQ(read->boundaryFrame, written.boundaryFrame);
    EXPECT_EQ(read->reasonText(), "planned end");
    EXPECT_EQ(read->volume.from, written.volume.from);
    EXPECT_EQ(read->volume.target, written.volume.target);
    EXPECT_EQ(read->volume.position, written.volume.position);
    EXPECT_EQ(read->presence.shape, session::mix::RampShape::EqualPower);
    EXPECT_EQ(read->duck.target, written.duck.target);
    EXPECT_TRUE(read->hasRoomVolume);
    EXPECT_EQ(read->roomVolume.from, written.roomVolume.from);
    EXPECT_EQ(read->roomVolume.target, written.roomVolume.target);
    EXPECT_EQ(read->roomVolume.position, written.roomVolume.position);
    EXPECT_EQ(read->roomVolume.length, written.roomVolume.length);
    EXPECT_EQ(read->groundingReturn, written.groundingReturn);
    EXPECT_FALSE(read->groundingInterrupted.valid());
    EXPECT_DOUBLE_EQ(read->phases[0].endedAt, written.phases[0].endedAt);
    EXPECT_DOUBLE_EQ(read->phases[1].plannedSeconds, 900.0);
    EXPECT_DOUBLE_EQ(read->phases[2].startedAt, -1.0) << "later phases are as planned";
}

TEST(ResumeStateJsonTest, AStateWithoutRoomSpeakersHasNoRoomVolume) {
    ResumeState written = crossfadeState();
    written.hasRoomVolume = false;
    const Json json = toJson(written);
    EXPECT_FALSE(json.contains("room_volume"));
    const auto read = resumeStateFromJson(json);
    ASSERT_TRUE(read);
    EXPECT_FALSE(read->hasRoomVolume);
}

TEST(ResumeStateJsonTest, RefusesADamagedOrImplausibleStateWhole) {
    const Json good = toJson(crossfadeState());
    ASSERT_TRUE(resumeStateFromJson(good));
    auto damaged = [&](auto change) {
        Json copy = good;
        change(copy);
        return !resumeStateFromJson(copy).has_value();
    };
    EXPECT_TRUE(damaged([](Json& j) { j.erase("frame"); }));
    EXPECT_TRUE(damaged([](Json& j) { j["frame"] = -5; }));
    EXPECT_TRUE(damaged([](Json& j) { j["frame"] = 1e300; }));
    EXPECT_TRUE(damaged([](Json& j) { j["frame"] = 1.5; }));
    EXPECT_TRUE(damaged([](Json& j) { j["rate"] = 0; }));
    EXPECT_TRUE(damaged([](Json& j) { j["state"] = "dancing"; }));
    EXPECT_TRUE(damaged([](Json& j) { j["held"] = "yes"; }));
    EXPECT_TRUE(damaged([](Json& j) { j["volume"] = "loud"; }));
    EXPECT_TRUE(damaged([](Json& j) { j["volume"] = 1e9; }));
    EXPECT_TRUE(damaged([](Json& j) { j["presence"]["at"] = 200000; }));  // past its length
    EXPECT_TRUE(damaged([](Json& j) { j["room_volume"] = -0.5; }));
    EXPECT_TRUE(damaged([](Json& j) { j["voices"][1]["index"] = 3; }));  // two voices in one place
    EXPECT_TRUE(damaged([](Json& j) { j["voices"][0]["track_ref"] = "a.wav"; }));
    EXPECT_TRUE(damaged([](Json& j) { j["voices"] = Json::array({1, 2, 3, 4, 5, 6, 7, 8, 9}); }));
    EXPECT_TRUE(damaged([](Json& j) { j["phases"][0]["planned_s"] = nullptr; }));
    EXPECT_TRUE(damaged([](Json& j) { j = Json::array(); }));
}

}  // namespace
}  // namespace stillpoint::journal
