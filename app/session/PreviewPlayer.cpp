#include "session/PreviewPlayer.h"

#include <algorithm>

namespace stillpoint::session {

PreviewPlayer::PreviewPlayer(StreamProvider& streams, int sampleRate, PreviewOutputSettings settings)
    : streams_(streams),
      sampleRate_(sampleRate),
      settings_(settings),
      fadeFrames_(
          std::max<std::int64_t>(1, static_cast<std::int64_t>(settings.fade.count()) * sampleRate / 1000)),
      bus_(sampleRate, settings.ceilingDbfs, settings.initialVolume),
      scratch_(static_cast<std::size_t>(2 * kChunkFrames), 0.0f),
      dropped_(static_cast<std::size_t>(2 * kChunkFrames), 0.0f) {}

void PreviewPlayer::start(const PreviewRequest& request, TrackRef track, int slot,
                          float normalisationGain) noexcept {
    // The one fading out already (a third preview in quick succession) gives way at once; the one playing
    // fades out.
    const int next = current_ == 0 ? 1 : 0;
    if (current_ >= 0) {
        mix::Voice& previous = voices_[static_cast<std::size_t>(current_)];
        if (previous.active && !previous.leaving) {
            previous.leaving = true;
            previous.fade.rampTo(0.0f, fadeFrames_, mix::RampShape::EqualPower);
        }
    }
    release(voices_[static_cast<std::size_t>(next)]);
    mix::Voice& voice = voices_[static_cast<std::size_t>(next)];
    voice.active = true;
    voice.slot = slot;
    voice.track = track;
    voice.normalisationGain = normalisationGain;
    voice.fade.set(0.0f);
    voice.fade.rampTo(1.0f, fadeFrames_, mix::RampShape::EqualPower);
    current_ = next;
    request_ = request;
}

void PreviewPlayer::stop() noexcept {
    for (mix::Voice& voice : voices_) {
        if (!voice.active || voice.leaving) continue;
        voice.leaving = true;
        voice.fade.rampTo(0.0f, fadeFrames_, mix::RampShape::EqualPower);
    }
}

bool PreviewPlayer::playing() const noexcept {
    return current_ >= 0 && voices_[static_cast<std::size_t>(current_)].active;
}

bool PreviewPlayer::stopping() const noexcept {
    return playing() && voices_[static_cast<std::size_t>(current_)].leaving;
}

void PreviewPlayer::release(mix::Voice& voice) noexcept {
    if (voice.active) streams_.release(voice.slot);
    voice = mix::Voice{};
}

void PreviewPlayer::releaseFailed() noexcept {
    if (failedSlot_ >= 0) streams_.release(failedSlot_);
    failedSlot_ = -1;
    failedTrack_ = {};
}

std::int64_t PreviewPlayer::framesLeft(const mix::Voice& voice) const noexcept {
    const std::int64_t length = streams_.lengthFrames(voice.slot);
    return length < 0 ? -1 : std::max<std::int64_t>(0, length - streams_.framesRead(voice.slot));
}

void PreviewPlayer::mix(mix::Voice& voice, float* out, int frames) noexcept {
    const auto status = streams_.status(voice.slot);
    if (status == audio::StreamStatus::Failed) {
        if (failedSlot_ >= 0) streams_.release(failedSlot_);  // not yet reported: the newer one wins
        failedSlot_ = voice.slot;
        failedTrack_ = voice.track;
        voice = mix::Voice{};
        return;
    }
    // Not yet decoded: the fade-in waits for the first frame, so the preview still comes in gently.
    if (status == audio::StreamStatus::Opening) return;
    for (int done = 0; done < frames;) {
        int count = std::min(kChunkFrames, frames - done);
        // The end of the track (or of its out point) fades out too: it ends on silence, never on a cut.
        const std::int64_t left = framesLeft(voice);
        if (left >= 0 && !voice.leaving) {
            if (left <= fadeFrames_) {
                voice.leaving = true;
                voice.fade.rampTo(0.0f, std::max<std::int64_t>(left, 1), mix::RampShape::EqualPower);
            } else {
                count = static_cast<int>(std::min<std::int64_t>(count, left - fadeFrames_));
            }
        }
        const int got = streams_.read(voice.slot, scratch_.data(), count);
        float* target = out + 2 * done;
        const float gain = voice.normalisationGain;
        for (int i = 0; i < got; ++i) {
            const float g = voice.fade.next() * gain;
            target[2 * i] += scratch_[static_cast<std::size_t>(2 * i)] * g;
            target[2 * i + 1] += scratch_[static_cast<std::size_t>(2 * i + 1)] * g;
        }
        done += count;
        const bool ended = streams_.finished(voice.slot);
        const bool fadedOut = voice.leaving && !voice.fade.ramping() && voice.fade.value() == 0.0f;
        if (ended || fadedOut) {
            release(voice);
            return;
        }
        if (got < count) return;  // the decoder is behind: a gap on the operator's headphones only
    }
}

void PreviewPlayer::render(float* out, int frames) noexcept {
    if (!settings_.enabled) {
        if (out != nullptr) std::fill(out, out + 2 * frames, 0.0f);
        return;
    }
    for (int done = 0; done < frames;) {
        const int count = std::min(kChunkFrames, frames - done);
        float* chunk = out != nullptr ? out + 2 * done : dropped_.data();
        std::fill(chunk, chunk + 2 * count, 0.0f);
        for (mix::Voice& voice : voices_)
            if (voice.active) mix(voice, chunk, count);
        bus_.process(chunk, count);
        done += count;
    }
}

void PreviewPlayer::fillSnapshot(PreviewSnapshot& snapshot) const noexcept {
    snapshot.available = enabled();
    snapshot.playing = playing();
    snapshot.stopping = stopping();
    snapshot.request = request_;
    snapshot.volume = bus_.volume();
    snapshot.ceilingDbfs = settings_.ceilingDbfs;
    snapshot.track = {};
    snapshot.positionSeconds = 0.0;
    snapshot.durationSeconds = 0.0;
    if (!snapshot.playing) return;
    const mix::Voice& voice = voices_[static_cast<std::size_t>(current_)];
    snapshot.track = voice.track;
    snapshot.positionSeconds = static_cast<double>(streams_.framesRead(voice.slot)) / sampleRate_;
    const std::int64_t length = streams_.lengthFrames(voice.slot);
    snapshot.durationSeconds = length > 0 ? static_cast<double>(length) / sampleRate_ : 0.0;
}

}  // namespace stillpoint::session
