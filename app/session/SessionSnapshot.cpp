#include "session/SessionSnapshot.h"

#include <algorithm>
#include <cmath>

namespace stillpoint::session {

const char* toString(SessionState state) {
    switch (state) {
        case SessionState::NotStarted:
            return "not-started";
        case SessionState::Playing:
            return "playing";
        case SessionState::Silenced:
            return "silenced";
        case SessionState::Ending:
            return "ending";
        case SessionState::Ended:
            return "ended";
    }
    return "not-started";
}

std::string_view ResumeState::reasonText() const {
    return std::string_view(reason.data(), std::find(reason.begin(), reason.end(), '\0') - reason.begin());
}

void ResumeState::setReason(std::string_view text) {
    reason.fill('\0');
    const std::size_t length = std::min(text.size(), reason.size() - 1);
    std::copy_n(text.begin(), length, reason.begin());
}

ResumeState ResumeState::atRate(int rate) const {
    if (!valid() || rate <= 0 || rate == sampleRate) return *this;
    const double scale = static_cast<double>(rate) / sampleRate;
    auto frames = [&](std::int64_t value) { return static_cast<std::int64_t>(std::llround(value * scale)); };
    auto ramp = [&](mix::GainRamp::State gain) {
        gain.position = frames(gain.position);
        gain.length = frames(gain.length);
        return gain;
    };
    ResumeState scaled = *this;
    scaled.sampleRate = rate;
    scaled.frame = frames(frame);
    scaled.phaseStartFrame = frames(phaseStartFrame);
    scaled.extensionFrames = frames(extensionFrames);
    scaled.boundaryFrame = frames(boundaryFrame);
    if (endingFrame >= 0) scaled.endingFrame = frames(endingFrame);
    scaled.volume = ramp(volume);
    scaled.duck = ramp(duck);
    scaled.presence = ramp(presence);
    scaled.roomVolume = ramp(roomVolume);
    for (int i = 0; i < std::clamp(voiceCount, 0, kMaxResumeVoices); ++i) {
        ResumeVoice& voice = scaled.voices[static_cast<std::size_t>(i)];
        voice.trackFrame = frames(voice.trackFrame);
        voice.startFrame = frames(voice.startFrame);
        voice.fade = ramp(voice.fade);
    }
    return scaled;
}

}  // namespace stillpoint::session
