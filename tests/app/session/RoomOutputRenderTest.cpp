// The room speakers beside the patient's headphones: one pass of the engine, two outputs, rendered offline
// through two loopback devices and compared sample by sample.
#include <gtest/gtest.h>
#include <sndfile.h>

#include <cmath>
#include <filesystem>
#include <numbers>
#include <vector>

#include "app/session/EngineRender.h"
#include "audio/decode/AudioFixtures.h"
#include "audio/engine/output/RenderedSamples.h"
#include "session/OfflineRender.h"
#include "session/SessionEngine.h"

namespace stillpoint::session {
namespace {

namespace fs = std::filesystem;
constexpr int kRate = 48000;

// Both channels of `samples` from `from` to `to` seconds.
float peak(const std::vector<float>& samples, double from = 0.0, double to = 1e9) {
    return testing::peakOfBothChannels(samples, kRate, from, to);
}

class RoomOutputRender : public ::testing::Test {
protected:
    void SetUp() override {
        tone_ = folder_.path() / "tone.wav";
        writeTone(0.2);
        program_.phases.resize(1);
        program_.phases[0].name = "onset";
        program_.phases[0].planned = std::chrono::seconds(6);
        program::Track track;
        track.file = tone_;
        track.fileAsWritten = "tone.wav";
        program_.phases[0].tracks = {track};
        program_.endFade = std::chrono::seconds(1);
        options_.initialMasterVolume = 1.0;
        options_.room.enabled = true;
        options_.room.initialVolume = 0.5;
        options_.loudnessCacheFile = folder_.path() / "loudness.json";
    }

    void writeTone(double amplitude) {
        testing::writeAudio(tone_, testing::audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, kRate, 2, 10.0),
                            [amplitude](std::int64_t frame, int) {
                                return static_cast<float>(
                                    amplitude * std::sin(2.0 * std::numbers::pi * 440.0 * frame / kRate));
                            });
    }

    RenderedOutputs render(const std::vector<ScriptedAction>& actions = {}) {
        return renderOutputs(program_, options_, actions, kRate);
    }

    testing::TempFolder folder_;
    fs::path tone_;
    program::Program program_;
    SessionOptions options_;
};

TEST_F(RoomOutputRender, TheRoomIsThePatientTimesItsGainOnTheSameFrame) {
    const RenderedOutputs outputs = render();
    ASSERT_EQ(outputs.frames(), static_cast<std::size_t>(6 * kRate));
    ASSERT_EQ(outputs.room.size(), outputs.patient.size());
    ASSERT_GT(peak(outputs.patient), 0.05f);
    float worst = 0.0f;
    for (std::size_t i = 0; i < outputs.patient.size(); ++i)
        worst = std::max(worst, std::fabs(outputs.room[i] - 0.5f * outputs.patient[i]));
    EXPECT_LT(worst, 1e-6f);
    // One frame off would not match: the comparison above tells alignment apart.
    float shifted = 0.0f;
    for (std::size_t i = 2; i < outputs.patient.size(); ++i)
        shifted = std::max(shifted, std::fabs(outputs.room[i] - 0.5f * outputs.patient[i - 2]));
    EXPECT_GT(shifted, 1e-3f);
}

TEST_F(RoomOutputRender, TheRoomVolumeRampsTheRoomAloneAndTheRampHasNoStep) {
    const RenderedOutputs outputs = render({actionAt(2.0, Action::SetRoomVolume, 0.25)});
    const RenderedOutputs unchanged = [&] {
        options_.room.enabled = false;
        return render();
    }();
    // The patient's output is the same as without a room volume change (and without a room at all).
    ASSERT_EQ(unchanged.room.size(), 0u);
    ASSERT_EQ(outputs.patient.size(), unchanged.patient.size());
    for (std::size_t i = 0; i < outputs.patient.size(); ++i)
        ASSERT_EQ(outputs.patient[i], unchanged.patient[i]) << "sample " << i;
    // The room's gain against the patient: 0.5 before, 0.25 half a second after, a straight ramp between.
    auto gainAt = [&](double seconds) {
        double patient = 0.0, room = 0.0;
        const auto from = static_cast<std::size_t>(seconds * kRate) * 2;
        for (std::size_t i = from; i < from + 2 * 480; ++i) {
            patient += std::fabs(outputs.patient[i]);
            room += std::fabs(outputs.room[i]);
        }
        return room / patient;
    };
    EXPECT_NEAR(gainAt(1.5), 0.5, 1e-4);
    EXPECT_NEAR(gainAt(2.25), 0.375, 0.01);
    EXPECT_NEAR(gainAt(3.0), 0.25, 1e-4);
    double last = gainAt(1.99);
    for (double t = 2.0; t < 2.6; t += 0.01) {
        const double gain = gainAt(t);
        EXPECT_LE(gain, last + 1e-4) << t;
        EXPECT_LT(last - gain, 0.01) << "a step at " << t;
        last = gain;
    }
}

TEST_F(RoomOutputRender, EachOutputStaysUnderItsOwnCeilingAndTheProgramsCeiling) {
    writeTone(0.9);
    program_.targetLufs = -10.0;  // the tone comes out at about -9 dBFS peak
    program_.volumeCeilingDbfs = -1.0;
    options_.room.initialVolume = 1.0;
    options_.room.ceilingDbfs = -14.0;
    const RenderedOutputs outputs = render();
    const float roomCeiling = static_cast<float>(std::pow(10.0, -14.0 / 20.0));
    EXPECT_GT(peak(outputs.patient), 1.5f * roomCeiling) << "the patient is not held to the room's";
    EXPECT_LE(peak(outputs.patient), static_cast<float>(std::pow(10.0, -1.0 / 20.0)));
    EXPECT_LE(peak(outputs.room), roomCeiling);
    EXPECT_GT(peak(outputs.room, 1.0, 4.0), 0.9f * roomCeiling);

    // A room ceiling above the program's does not raise it.
    program_.volumeCeilingDbfs = -9.0;
    options_.room.ceilingDbfs = -3.0;
    const RenderedOutputs lowProgram = render();
    EXPECT_LE(peak(lowProgram.room), static_cast<float>(std::pow(10.0, -9.0 / 20.0)));
    EXPECT_LE(peak(lowProgram.patient), static_cast<float>(std::pow(10.0, -9.0 / 20.0)));
}

TEST_F(RoomOutputRender, TalkOverDucksEachOutputAsItIsSet) {
    options_.room.talkOverDuckDb = 0.0;  // this room is not ducked
    const RenderedOutputs outputs =
        render({actionAt(2.0, Action::TalkOverOn), actionAt(4.0, Action::TalkOverOff)});
    const double duck = std::pow(10.0, -15.0 / 20.0);
    EXPECT_NEAR(peak(outputs.patient, 3.0, 3.9) / peak(outputs.patient, 1.0, 1.9), duck, 0.01);
    EXPECT_NEAR(peak(outputs.room, 3.0, 3.9) / peak(outputs.room, 1.0, 1.9), 1.0, 0.01);

    options_.room.talkOverDuckDb = -6.0;
    const RenderedOutputs ducked =
        render({actionAt(2.0, Action::TalkOverOn), actionAt(4.0, Action::TalkOverOff)});
    EXPECT_NEAR(peak(ducked.room, 3.0, 3.9) / peak(ducked.room, 1.0, 1.9), std::pow(10.0, -6.0 / 20.0), 0.01);
}

TEST_F(RoomOutputRender, SilenceAndTheEndFadeReachBothOutputs) {
    const RenderedOutputs outputs = render({actionAt(1.0, Action::Silence), actionAt(3.5, Action::Resume)});
    // Silenced: exact zeros on both once the 2 s fade is over, music again after the resume.
    EXPECT_EQ(peak(outputs.patient, 3.1, 3.5), 0.0f);
    EXPECT_EQ(peak(outputs.room, 3.1, 3.5), 0.0f);
    EXPECT_GT(peak(outputs.room, 4.0, 4.5), 0.01f);
    EXPECT_GT(peak(outputs.room, 1.0, 1.1), 0.03f);
    // The end fade (1 s from 5 s) brings both down to nothing on the session's last frame.
    const RenderedOutputs ending = render();
    const std::size_t last = ending.patient.size() - 2;
    EXPECT_LT(std::fabs(ending.patient[last]), 1e-3f);
    EXPECT_LT(std::fabs(ending.room[last]), 1e-3f);
    EXPECT_LT(peak(ending.room, 5.9, 6.0), 0.3f * peak(ending.room, 4.0, 4.9));
    EXPECT_LT(peak(ending.patient, 5.9, 6.0), 0.3f * peak(ending.patient, 4.0, 4.9));
}

}  // namespace
}  // namespace stillpoint::session
