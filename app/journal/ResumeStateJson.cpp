#include "journal/ResumeStateJson.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace stillpoint::journal {

namespace {

using session::ResumeState;
using session::ResumeVoice;
using session::SessionState;
using Ramp = session::mix::GainRamp::State;

constexpr std::int64_t kMostFrames = std::int64_t{384000} * 3600 * 48;  // two days at the highest rate

const char* stateName(SessionState state) {
    switch (state) {
        case SessionState::Silenced:
            return "silenced";
        case SessionState::Ending:
            return "ending";
        case SessionState::NotStarted:
        case SessionState::Playing:
        case SessionState::Ended:
            break;
    }
    return "playing";
}

std::optional<SessionState> stateFromName(const std::string& name) {
    if (name == "playing") return SessionState::Playing;
    if (name == "silenced") return SessionState::Silenced;
    if (name == "ending") return SessionState::Ending;
    return std::nullopt;
}

// A gain at rest is its value; a ramp under way says where it goes and how far it has come.
Json toJson(const Ramp& ramp) {
    if (ramp.length <= 0 || ramp.position >= ramp.length) return ramp.target;
    return {{"from", ramp.from},
            {"to", ramp.target},
            {"at", ramp.position},
            {"of", ramp.length},
            {"shape", ramp.shape == session::mix::RampShape::EqualPower ? "equal_power" : "linear"}};
}

// Every field must be there and plausible; one that is not makes the whole state unusable.
class Reader {
public:
    bool ok = true;

    std::int64_t frames(const Json& object, const char* key, std::int64_t lowest = 0) {
        const auto found = object.find(key);
        if (found == object.end() || !found->is_number()) return fail();
        const double value = found->get<double>();
        if (!std::isfinite(value) || value != std::floor(value) || value < static_cast<double>(lowest) ||
            value > static_cast<double>(kMostFrames))
            return fail();
        return static_cast<std::int64_t>(value);
    }
    bool flag(const Json& object, const char* key) {
        const auto found = object.find(key);
        if (found == object.end()) return false;  // flags that are false may be left out
        if (!found->is_boolean()) return fail() != 0;
        return found->get<bool>();
    }
    float gain(const Json& value) {
        if (!value.is_number()) return static_cast<float>(fail());
        const double gain = value.get<double>();
        if (!std::isfinite(gain) || gain < 0.0 || gain > 16.0) return static_cast<float>(fail());
        return static_cast<float>(gain);
    }
    Ramp ramp(const Json& object, const char* key) {
        Ramp ramp;
        const auto found = object.find(key);
        if (found == object.end()) {
            fail();
        } else if (found->is_number()) {
            ramp.from = ramp.target = gain(*found);
        } else if (found->is_object()) {
            ramp.from = gain(found->value("from", Json()));
            ramp.target = gain(found->value("to", Json()));
            ramp.position = frames(*found, "at");
            ramp.length = frames(*found, "of", 1);
            if (ramp.position > ramp.length) fail();
            const std::string shape = stringField(*found, "shape");
            if (shape != "linear" && shape != "equal_power") fail();
            ramp.shape = shape == "equal_power" ? session::mix::RampShape::EqualPower
                                                : session::mix::RampShape::Linear;
        } else {
            fail();
        }
        return ramp;
    }
    double seconds(const Json& object, const char* key) {
        const auto found = object.find(key);
        if (found == object.end() || !found->is_number()) return static_cast<double>(fail());
        const double value = found->get<double>();
        if (!std::isfinite(value) || value < -1.0 || value > 1e7) return static_cast<double>(fail());
        return value;
    }

private:
    std::int64_t fail() {
        ok = false;
        return 0;
    }
};

}  // namespace

Json toJson(const ResumeState& state) {
    Json json = {{"rate", state.sampleRate},
                 {"frame", state.frame},
                 {"state", stateName(state.state)},
                 {"phase", state.phase},
                 {"phase_start_frame", state.phaseStartFrame},
                 {"extension_frames", state.extensionFrames},
                 {"held", state.held},
                 {"awaiting_operator", state.awaitingOperator},
                 {"talk_over", state.talkOver}};
    if (state.nextPhase >= 0) {
        json["next_phase"] = state.nextPhase;
        json["boundary_frame"] = state.boundaryFrame;
    }
    if (state.endingFrame >= 0) json["ending_frame"] = state.endingFrame;
    if (!state.reasonText().empty()) json["reason"] = std::string(state.reasonText());
    json["volume"] = toJson(state.volume);
    json["duck"] = toJson(state.duck);
    json["presence"] = toJson(state.presence);
    if (state.hasRoomVolume) json["room_volume"] = toJson(state.roomVolume);
    Json voices = Json::array();
    for (int v = 0; v < std::clamp(state.voiceCount, 0, session::kMaxResumeVoices); ++v) {
        const ResumeVoice& voice = state.voices[static_cast<std::size_t>(v)];
        Json saved = {{"index", voice.index},
                      {"track_ref", toJson(voice.track)},
                      {"track_frame", voice.trackFrame},
                      {"start_frame", voice.startFrame},
                      {"fade", toJson(voice.fade)}};
        if (voice.lead) saved["lead"] = true;
        if (voice.leaving) saved["leaving"] = true;
        if (voice.trackFadeOutStarted) saved["fade_out_started"] = true;
        if (voice.earlyEndHandled) saved["early_end"] = true;
        voices.push_back(std::move(saved));
    }
    json["voices"] = std::move(voices);
    if (state.groundingReturn.valid()) json["grounding_return"] = toJson(state.groundingReturn);
    if (state.groundingInterrupted.valid())
        json["grounding_interrupted"] = toJson(state.groundingInterrupted);
    // The phases so far (the later ones are as the program plans them).
    Json phases = Json::array();
    for (int p = 0; p <= std::min(state.phase, session::kMaxPhases - 1); ++p) {
        const auto& timing = state.phases[static_cast<std::size_t>(p)];
        phases.push_back({{"planned_s", timing.plannedSeconds},
                          {"started_s", timing.startedAt},
                          {"ended_s", timing.endedAt}});
    }
    json["phases"] = std::move(phases);
    return json;
}

std::optional<ResumeState> resumeStateFromJson(const Json& value) {
    if (!value.is_object()) return std::nullopt;
    Reader read;
    ResumeState state;
    const std::int64_t rate = read.frames(value, "rate", 8000);
    if (rate > 384000) return std::nullopt;
    state.sampleRate = static_cast<int>(rate);
    state.frame = read.frames(value, "frame");
    const auto named = stateFromName(stringField(value, "state"));
    if (!named) return std::nullopt;
    state.state = *named;
    const std::int64_t phase = read.frames(value, "phase");
    if (phase >= session::kMaxPhases) return std::nullopt;
    state.phase = static_cast<int>(phase);
    state.phaseStartFrame = read.frames(value, "phase_start_frame");
    state.extensionFrames = read.frames(value, "extension_frames", -kMostFrames);
    state.held = read.flag(value, "held");
    state.awaitingOperator = read.flag(value, "awaiting_operator");
    state.talkOver = read.flag(value, "talk_over");
    if (value.contains("next_phase")) {
        const std::int64_t next = read.frames(value, "next_phase");
        if (next >= session::kMaxPhases) return std::nullopt;
        state.nextPhase = static_cast<int>(next);
        state.boundaryFrame = read.frames(value, "boundary_frame");
    }
    if (value.contains("ending_frame")) state.endingFrame = read.frames(value, "ending_frame");
    state.setReason(stringField(value, "reason"));
    state.volume = read.ramp(value, "volume");
    state.duck = read.ramp(value, "duck");
    state.presence = read.ramp(value, "presence");
    if (value.contains("room_volume")) {
        state.hasRoomVolume = true;
        state.roomVolume = read.ramp(value, "room_volume");
    }

    const auto voices = value.find("voices");
    if (voices == value.end() || !voices->is_array() ||
        voices->size() > static_cast<std::size_t>(session::kMaxResumeVoices))
        return std::nullopt;
    std::uint32_t usedIndices = 0;
    for (const Json& saved : *voices) {
        if (!saved.is_object()) return std::nullopt;
        ResumeVoice& voice = state.voices[static_cast<std::size_t>(state.voiceCount++)];
        const std::int64_t index = read.frames(saved, "index");
        if (index >= session::kMaxResumeVoices || (usedIndices & (1u << index)) != 0) return std::nullopt;
        usedIndices |= 1u << index;
        voice.index = static_cast<int>(index);
        voice.track = trackRefFromJson(saved.value("track_ref", Json()));
        if (!voice.track.valid()) return std::nullopt;
        voice.trackFrame = read.frames(saved, "track_frame");
        voice.startFrame = read.frames(saved, "start_frame");
        voice.fade = read.ramp(saved, "fade");
        voice.lead = read.flag(saved, "lead");
        voice.leaving = read.flag(saved, "leaving");
        voice.trackFadeOutStarted = read.flag(saved, "fade_out_started");
        voice.earlyEndHandled = read.flag(saved, "early_end");
    }
    state.groundingReturn = trackRefFromJson(value.value("grounding_return", Json()));
    state.groundingInterrupted = trackRefFromJson(value.value("grounding_interrupted", Json()));

    const auto phases = value.find("phases");
    if (phases == value.end() || !phases->is_array() ||
        phases->size() > static_cast<std::size_t>(session::kMaxPhases))
        return std::nullopt;
    std::size_t p = 0;
    for (const Json& timing : *phases) {
        if (!timing.is_object()) return std::nullopt;
        auto& restored = state.phases[p++];
        restored.plannedSeconds = read.seconds(timing, "planned_s");
        restored.startedAt = read.seconds(timing, "started_s");
        restored.endedAt = read.seconds(timing, "ended_s");
    }
    if (!read.ok) return std::nullopt;
    return state;
}

}  // namespace stillpoint::journal
