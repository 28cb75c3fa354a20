// The preview output (the operator's headphones) beside the patient's: one pass of the engine, rendered
// offline through loopback devices of their own and compared sample by sample. The patient's output must
// not change by a single sample because of a preview; the preview holds the track asked for, at its
// normalised loudness, under its ceiling, faded in and out.
#include <gtest/gtest.h>
#include <sndfile.h>

#include <cmath>
#include <filesystem>
#include <numbers>
#include <optional>
#include <vector>

#include "app/session/EngineRender.h"
#include "audio/decode/AudioFixtures.h"
#include "audio/loudness/LoudnessCache.h"
#include "session/ActionScript.h"
#include "session/OfflineRender.h"
#include "session/SessionEngine.h"

namespace stillpoint::session {
namespace {

namespace fs = std::filesystem;
constexpr int kRate = 48000;
constexpr double kAlternateIn = 2.001;  // the alternate's in point: mid-cycle, so a hard start would click

// The alternate: 550 Hz, quieter for its first two seconds, so where a preview starts in it shows.
float alternateSample(std::int64_t frame) {
    const double amplitude = frame < 2 * kRate ? 0.02 : 0.05;
    return static_cast<float>(amplitude * std::sin(2.0 * std::numbers::pi * 550.0 * frame / kRate));
}

// Left channel of `samples` from `from` to `to` seconds.
float peak(const std::vector<float>& samples, double from = 0.0, double to = 1e9) {
    float value = 0.0f;
    const auto end = std::min(samples.size(), static_cast<std::size_t>(to * kRate) * 2);
    for (auto i = static_cast<std::size_t>(from * kRate) * 2; i < end; i += 2)
        value = std::max(value, std::fabs(samples[i]));
    return value;
}

double rms(const std::vector<float>& samples, double from, double seconds) {
    double sum = 0.0;
    const auto begin = static_cast<std::size_t>(from * kRate);
    const auto count = static_cast<std::size_t>(seconds * kRate);
    for (std::size_t i = begin; i < begin + count; ++i) sum += double(samples[2 * i]) * samples[2 * i];
    return std::sqrt(sum / static_cast<double>(count));
}

float largestStep(const std::vector<float>& samples, double from, double to) {
    float step = 0.0f;
    const auto begin = static_cast<std::size_t>(std::max(1.0, from * kRate));
    const auto end = std::min(samples.size() / 2, static_cast<std::size_t>(to * kRate));
    for (std::size_t i = begin; i < end; ++i)
        step = std::max(step, std::fabs(samples[2 * i] - samples[2 * i - 2]));
    return step;
}

std::size_t firstSound(const std::vector<float>& samples, double from) {
    for (auto i = static_cast<std::size_t>(from * kRate); i < samples.size() / 2; ++i)
        if (samples[2 * i] != 0.0f) return i;
    return samples.size() / 2;
}

class PreviewOutputRender : public ::testing::Test {
protected:
    void SetUp() override {
        const auto tone = [&](const char* name, double hz, double amplitude, double seconds) {
            const fs::path file = folder_.path() / name;
            testing::writeAudio(file, testing::audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, kRate, 2, seconds),
                                [=](std::int64_t frame, int) {
                                    return static_cast<float>(
                                        amplitude * std::sin(2.0 * std::numbers::pi * hz * frame / kRate));
                                });
            return file;
        };
        const auto track = [](const fs::path& file) {
            program::Track t;
            t.file = file;
            t.fileAsWritten = file.filename().string();
            return t;
        };
        alternateFile_ = folder_.path() / "alternate.wav";
        testing::writeAudio(alternateFile_,
                            testing::audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, kRate, 2, 10.0),
                            [](std::int64_t frame, int) { return alternateSample(frame); });
        program_.phases.resize(1);
        program_.phases[0].name = "onset";
        program_.phases[0].planned = std::chrono::seconds(8);
        program::Track first = track(tone("first.wav", 440.0, 0.2, 10.0));
        program::Track alternate = track(alternateFile_);
        alternate.start = std::chrono::milliseconds(static_cast<long>(kAlternateIn * 1000));
        first.alternates = {alternate};
        program_.phases[0].tracks = {first, track(tone("second.wav", 330.0, 0.1, 10.0))};
        program_.grounding = track(tone("grounding.wav", 660.0, 0.3, 1.5));
        program_.endFade = std::chrono::seconds(1);
        options_.initialMasterVolume = 1.0;
        options_.room.enabled = true;
        options_.room.initialVolume = 0.5;
        options_.preview.enabled = true;
        options_.preview.initialVolume = 1.0;
        options_.loudnessCacheFile = folder_.path() / "loudness.json";
    }

    RenderedOutputs render(const std::vector<ScriptedAction>& actions = {}) {
        return renderOutputs(program_, options_, actions, kRate);
    }

    static ScriptedAction preview(double seconds, PreviewChoice choice,
                                  PreviewFrom from = PreviewFrom::Entry) {
        ScriptedAction action = actionAt(seconds, Action::Preview);
        action.preview.choice = choice;
        action.preview.from = from;
        return action;
    }

    // The alternate's normalisation gain, as the engine measures it.
    double alternateGain() {
        audio::LoudnessCache cache(folder_.path() / "loudness.json");
        return std::pow(
            10.0, audio::normalisationGainDb(cache.measure(alternateFile_), program_.targetLufs) / 20.0);
    }

    // Fits preview = gain x alternate(frame - start + offset) after the fade-in, trying the starts next to
    // the first sound; returns the gain and the worst difference of the best start.
    struct Fit {
        double gain = 0.0;
        double worst = 1e9;
        std::size_t start = 0;
    };
    static Fit fitAlternate(const std::vector<float>& preview, double heardFrom, std::int64_t offset,
                            double seconds) {
        Fit best;
        const std::size_t sound = firstSound(preview, heardFrom);
        for (std::size_t start = sound - 3; start <= sound; ++start) {
            const std::size_t from = start + kRate / 2;  // well after the fade-in
            const auto count = static_cast<std::size_t>(seconds * kRate);
            double pb = 0.0, bb = 0.0;
            for (std::size_t i = from; i < from + count; ++i) {
                const double b = alternateSample(static_cast<std::int64_t>(i - start) + offset);
                pb += preview[2 * i] * b;
                bb += b * b;
            }
            Fit fit;
            fit.gain = pb / bb;
            fit.start = start;
            fit.worst = 0.0;
            for (std::size_t i = from; i < from + count; ++i) {
                const double b = alternateSample(static_cast<std::int64_t>(i - start) + offset);
                fit.worst = std::max(fit.worst, std::fabs(preview[2 * i] - fit.gain * b));
                fit.worst = std::max(fit.worst, std::fabs(preview[2 * i + 1] - fit.gain * b));
            }
            if (fit.worst < best.worst) best = fit;
        }
        return best;
    }

    testing::TempFolder folder_;
    fs::path alternateFile_;
    program::Program program_;
    SessionOptions options_;
};

TEST_F(PreviewOutputRender, ThePatientAndTheRoomDoNotChangeByASingleSampleWithPreviews) {
    const std::vector<ScriptedAction> previews = {
        preview(1.0, PreviewChoice::Alternate),
        actionAt(2.5, Action::SetPreviewVolume, 0.4),
        actionAt(3.0, Action::PreviewStop),
        preview(3.5, PreviewChoice::Grounding),
        preview(4.0, PreviewChoice::Next),
        preview(4.1, PreviewChoice::Alternate, PreviewFrom::FileStart),
    };
    const RenderedOutputs with = render(previews);
    options_.preview.enabled = false;
    const RenderedOutputs without = render();
    ASSERT_GT(peak(with.preview, 1.5, 2.5), 0.01f) << "the preview played";
    ASSERT_EQ(with.patient.size(), without.patient.size());
    ASSERT_EQ(with.room.size(), without.room.size());
    ASSERT_EQ(with.preview.size(), with.patient.size()) << "the preview file is frame for frame beside";
    for (std::size_t i = 0; i < with.patient.size(); ++i) {
        ASSERT_EQ(with.patient[i], without.patient[i]) << "patient sample " << i;
        ASSERT_EQ(with.room[i], without.room[i]) << "room sample " << i;
    }
    // And the patient never hears the alternate: the session played its first track throughout.
    for (const SessionEvent& event : with.events)
        if (event.kind == EventKind::TrackStarted) {
            EXPECT_NE(event.track.role, TrackRole::Alternate);
        }
}

TEST_F(PreviewOutputRender, ThePreviewHoldsTheAlternateFromItsEntryAtItsNormalisedGain) {
    const RenderedOutputs out =
        render({preview(1.0, PreviewChoice::Alternate), actionAt(4.0, Action::PreviewStop)});
    EXPECT_EQ(peak(out.preview, 0.0, 1.0), 0.0f) << "silent before the preview";
    const std::int64_t entry = std::llround(kAlternateIn * kRate);
    const Fit fit = fitAlternate(out.preview, 1.0, entry, 2.0);
    EXPECT_LT(fit.worst, 1e-5) << "the preview is the alternate's own samples from its in point";
    EXPECT_NEAR(fit.gain, alternateGain(), alternateGain() * 1e-4) << "at its normalised loudness";
    // It starts on the action's frame, delayed by the limiter's lookahead as the patient's commands are.
    EXPECT_GE(fit.start, static_cast<std::size_t>(kRate));
    EXPECT_LT(fit.start, static_cast<std::size_t>(kRate + kRate / 100));
    // The position bar's figures: playing the alternate, moving on.
    bool seenPlaying = false;
    double lastPosition = -1.0;
    for (const PreviewSnapshot& snapshot : out.snapshots) {
        EXPECT_TRUE(snapshot.available);
        if (!snapshot.playing || snapshot.stopping) continue;
        seenPlaying = true;
        EXPECT_EQ(snapshot.track.role, TrackRole::Alternate);
        EXPECT_GT(snapshot.positionSeconds, lastPosition);
        lastPosition = snapshot.positionSeconds;
        EXPECT_NEAR(snapshot.durationSeconds, 10.0 - kAlternateIn, 0.01);
    }
    EXPECT_TRUE(seenPlaying);
    EXPECT_GT(lastPosition, 2.5);
    // Journaled as the operator's: what was previewed, and carried out.
    bool journaled = false;
    for (const SessionEvent& event : out.events) {
        if (event.kind != EventKind::OperatorAction || event.action != Action::Preview) continue;
        journaled = true;
        EXPECT_EQ(event.refusal, Refusal::None);
        EXPECT_EQ(event.preview.choice, PreviewChoice::Alternate);
        EXPECT_EQ(event.track.role, TrackRole::Alternate);
    }
    EXPECT_TRUE(journaled);
}

TEST_F(PreviewOutputRender, TheSessionsSilenceAndTalkOverLeaveThePreviewAlone) {
    // The patient asked for silence and the therapist talks: the operator still hears the preview as is.
    const RenderedOutputs out = render({actionAt(0.2, Action::Silence), actionAt(0.3, Action::TalkOverOn),
                                        preview(1.0, PreviewChoice::Alternate)});
    EXPECT_EQ(peak(out.patient, 3.0, 4.0), 0.0f) << "the patient's output is silent";
    EXPECT_EQ(peak(out.room, 3.0, 4.0), 0.0f);
    const Fit fit = fitAlternate(out.preview, 1.0, std::llround(kAlternateIn * kRate), 2.0);
    EXPECT_LT(fit.worst, 1e-5);
    EXPECT_NEAR(fit.gain, alternateGain(), alternateGain() * 1e-4) << "not ducked, not faded";
}

TEST_F(PreviewOutputRender, FromTheStartOfItsFilePlaysWhatComesBeforeTheInPoint) {
    const RenderedOutputs out = render({preview(1.0, PreviewChoice::Alternate, PreviewFrom::FileStart)});
    const Fit fit = fitAlternate(out.preview, 1.0, 0, 1.0);
    EXPECT_LT(fit.worst, 1e-5);
    EXPECT_NEAR(fit.gain, alternateGain(), alternateGain() * 1e-4);
    // The quiet first two seconds of the file, then the louder part the program starts at.
    const double start = static_cast<double>(fit.start) / kRate;
    EXPECT_NEAR(rms(out.preview, start + 2.2, 0.5) / rms(out.preview, start + 1.0, 0.5), 2.5, 0.05);
}

TEST_F(PreviewOutputRender, StartAndStopAreRampedWithoutAClick) {
    const RenderedOutputs out =
        render({preview(1.0, PreviewChoice::Alternate), actionAt(3.0, Action::PreviewStop)});
    const double start = static_cast<double>(firstSound(out.preview, 1.0)) / kRate;
    const float material = largestStep(out.preview, start + 1.0, start + 1.5);
    ASSERT_GT(material, 0.0f);
    EXPECT_LE(largestStep(out.preview, 0.9, start + 0.5), material * 1.01f) << "no click at the start";
    EXPECT_LE(largestStep(out.preview, 2.8, 4.0), material * 1.01f) << "no click at the stop";
    const double steady = rms(out.preview, start + 1.0, 0.5);
    // It comes in over a quarter of a second (equal power: 0.38 of its level a tenth in), not at once.
    EXPECT_LT(rms(out.preview, start, 0.01), 0.15 * steady);
    EXPECT_NEAR(rms(out.preview, start + 0.1, 0.005) / steady, std::sin(0.4 * std::numbers::pi / 2), 0.08);
    // The stop ramps down over the same quarter of a second, then the output is exact silence.
    const double stop = 3.0 + (start - 1.0);
    EXPECT_NEAR(rms(out.preview, stop + 0.1, 0.005) / steady, std::cos(0.4 * std::numbers::pi / 2), 0.08);
    EXPECT_GT(rms(out.preview, stop + 0.2, 0.005), 0.05 * steady);
    EXPECT_EQ(peak(out.preview, stop + 0.26, 5.0), 0.0f);
    // A preview-stop with nothing playing is refused, and says why.
    const RenderedOutputs twice =
        render({preview(1.0, PreviewChoice::Alternate), actionAt(3.0, Action::PreviewStop),
                actionAt(3.5, Action::PreviewStop)});
    int refused = 0;
    for (const SessionEvent& event : twice.events) {
        if (event.kind == EventKind::OperatorAction && event.action == Action::PreviewStop &&
            event.refusal == Refusal::NoPreviewPlaying)
            ++refused;
    }
    EXPECT_EQ(refused, 1);
}

TEST_F(PreviewOutputRender, ATrackThatEndsFadesOutAndAnotherPreviewCrossesOver) {
    // The grounding file lasts 1.5 s: its preview ends with a fade, not a cut.
    const RenderedOutputs out =
        render({preview(1.0, PreviewChoice::Grounding), preview(4.0, PreviewChoice::Next),
                preview(5.0, PreviewChoice::Alternate)});
    const double start = static_cast<double>(firstSound(out.preview, 1.0)) / kRate;
    const double end = start + 1.5;
    const float material = largestStep(out.preview, start + 0.5, start + 1.0);
    EXPECT_LE(largestStep(out.preview, end - 0.5, end + 0.5), material * 1.01f);
    EXPECT_LT(rms(out.preview, end - 0.05, 0.01), 0.5 * rms(out.preview, start + 0.5, 0.5));
    EXPECT_EQ(peak(out.preview, end + 0.01, 4.0), 0.0f);
    // "next" is the phase's second track (330 Hz); the alternate replacing it crosses over, no click.
    const float next = largestStep(out.preview, 4.5, 4.9);
    EXPECT_GT(next, 0.0f);
    // Equal power: mid-way each is at 0.71, so their steps add up to at most the root of their squares.
    const float alternate = largestStep(out.preview, 5.6, 6.0);
    EXPECT_LE(largestStep(out.preview, 4.9, 5.6), std::hypot(next, alternate) * 1.05f);
    std::vector<TrackRef> previewed;
    for (const SessionEvent& event : out.events)
        if (event.kind == EventKind::OperatorAction && event.action == Action::Preview)
            previewed.push_back(event.track);
    ASSERT_EQ(previewed.size(), 3u);
    EXPECT_EQ(previewed[0].role, TrackRole::Grounding);
    EXPECT_EQ(previewed[1], (TrackRef{TrackRole::Phase, 0, 1, -1}));
    EXPECT_EQ(previewed[2], (TrackRef{TrackRole::Alternate, 0, 0, 0}));
}

TEST_F(PreviewOutputRender, EachOutputStaysUnderItsOwnCeiling) {
    program_.targetLufs = -8.0;  // loud: the alternate would peak far above the preview's ceiling
    options_.preview.ceilingDbfs = -20.0;
    const RenderedOutputs out =
        render({preview(1.0, PreviewChoice::Alternate), preview(4.0, PreviewChoice::Grounding)});
    const float ceiling = static_cast<float>(std::pow(10.0, -20.0 / 20.0));
    EXPECT_GT(peak(out.preview, 1.5, 3.5), 0.8f * ceiling) << "the preview plays up to its ceiling";
    EXPECT_LE(peak(out.preview), ceiling);
    EXPECT_GT(peak(out.patient), 2.0f * ceiling) << "the patient is not held to the preview's ceiling";
    EXPECT_LE(peak(out.patient), static_cast<float>(std::pow(10.0, program_.volumeCeilingDbfs / 20.0)));
}

TEST_F(PreviewOutputRender, ATrackNamedInTheActionsFilePlaysAsTheSameTrackNamedByWhatItIs) {
    auto script = parseActionScript(R"([[action]]
at = "1s"
do = "preview"
phase = "onset"
track = 2
[[action]]
at = "3s"
do = "preview-stop"
)",
                                    "actions.toml");
    resolveTrackNames(script, program_);
    ASSERT_TRUE(script.ok()) << toString(script.problems.front());
    const RenderedOutputs named = render(script.actions);
    const RenderedOutputs next =
        render({preview(1.0, PreviewChoice::Next), actionAt(3.0, Action::PreviewStop)});
    ASSERT_GT(peak(named.preview), 0.01f);
    ASSERT_EQ(named.preview.size(), next.preview.size());
    for (std::size_t i = 0; i < named.preview.size(); ++i) ASSERT_EQ(named.preview[i], next.preview[i]) << i;
}

TEST_F(PreviewOutputRender, WithoutAPreviewOutputEveryPreviewIsRefusedAndSaysWhy) {
    options_.preview.enabled = false;
    const RenderedOutputs out =
        render({preview(1.0, PreviewChoice::Alternate), actionAt(2.0, Action::PreviewStop),
                actionAt(2.5, Action::SetPreviewVolume, 0.5)});
    int refused = 0;
    for (const SessionEvent& event : out.events) {
        if (event.kind != EventKind::OperatorAction || !isPreviewCommand(event.action)) continue;
        EXPECT_EQ(event.refusal, Refusal::NoPreviewOutput) << commandSpec(event.action).name;
        EXPECT_EQ(describeCommand(event).find("there is no preview output") != std::string::npos, true);
        ++refused;
    }
    EXPECT_EQ(refused, 3);
    for (const PreviewSnapshot& snapshot : out.snapshots) EXPECT_FALSE(snapshot.available);
}

TEST_F(PreviewOutputRender, AnAlternateThatDoesNotExistIsRefused) {
    program_.phases[0].tracks[0].alternates.clear();
    program_.grounding.reset();
    const RenderedOutputs out =
        render({preview(1.0, PreviewChoice::Alternate), preview(1.5, PreviewChoice::Grounding)});
    int refused = 0;
    for (const SessionEvent& event : out.events) {
        if (event.kind == EventKind::OperatorAction && event.action == Action::Preview) {
            EXPECT_EQ(event.refusal, Refusal::NothingToPreview);
            ++refused;
        }
    }
    EXPECT_EQ(refused, 2);
    EXPECT_EQ(peak(out.preview), 0.0f);
}

TEST_F(PreviewOutputRender, AFileFoundMissingIsThePreviewsFaultOrRefusalAndTheSessionPlaysOn) {
    // The alternate waits ready in the session's standby, so it is known not to play: refused, and why.
    fs::remove(alternateFile_);
    // A third track nothing prepares: found missing only when the preview opens it.
    program::Track third = program_.phases[0].tracks[1];
    third.file = folder_.path() / "gone.wav";
    program_.phases[0].tracks.push_back(third);
    ScriptedAction named = preview(1.5, PreviewChoice::Track);
    named.preview.track = TrackRef{TrackRole::Phase, 0, 2, -1};
    const RenderedOutputs out = render({preview(1.0, PreviewChoice::Alternate), named});
    bool refused = false, reported = false;
    for (const SessionEvent& event : out.events) {
        if (event.kind == EventKind::OperatorAction && event.action == Action::Preview &&
            event.preview.choice == PreviewChoice::Alternate) {
            refused = true;
            EXPECT_EQ(event.refusal, Refusal::PreviewUnreadable);
            EXPECT_NE(describeCommand(event).find("its file is missing"), std::string::npos)
                << describeCommand(event);
        }
        if (event.kind == EventKind::Fault && event.action == Action::Preview) {
            reported = true;
            EXPECT_EQ(event.track, (TrackRef{TrackRole::Phase, 0, 2, -1}));
            EXPECT_NE(event.detailText().find("preview"), std::string_view::npos);
        }
    }
    EXPECT_TRUE(refused);
    EXPECT_TRUE(reported);
    EXPECT_EQ(peak(out.preview), 0.0f);
    EXPECT_GT(peak(out.patient, 2.0, 3.0), 0.05f);
}

}  // namespace
}  // namespace stillpoint::session
