#include "session/PhaseConductor.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <optional>
#include <utility>

#include "session/mix/SampleKernels.h"

namespace stillpoint::session {

namespace {

constexpr int kRoleCount = 5;

FaultKind faultKindOf(audio::StreamFault fault) {
    switch (fault) {
        case audio::StreamFault::FileMissing:
            return FaultKind::FileMissing;
        case audio::StreamFault::EndedEarly:
            return FaultKind::FileEndedEarly;
        case audio::StreamFault::FileUnreadable:
        case audio::StreamFault::None:
            return FaultKind::FileUnreadable;
    }
    return FaultKind::FileUnreadable;
}

}  // namespace

PhaseConductor::PhaseConductor(const program::Program& program, const TrackTable& tracks,
                               StreamProvider& streams, EventSink& events, ConductorSettings settings)
    : program_(program),
      tracks_(tracks),
      streams_(streams),
      events_(events),
      settings_(settings),
      bus_(settings.sampleRate, program.volumeCeilingDbfs, settings.initialMasterVolume),
      roomBus_(settings.sampleRate, std::min(settings.room.ceilingDbfs, program.volumeCeilingDbfs),
               settings.room.initialVolume),
      graph_(program, tracks),
      preview_(streams, settings.sampleRate,
               [&] {
                   PreviewOutputSettings preview = settings.preview;
                   preview.ceilingDbfs = std::min(preview.ceilingDbfs, program.volumeCeilingDbfs);
                   return preview;
               }()),
      scratch_(static_cast<std::size_t>(2 * kChunkFrames), 0.0f),
      roomScratch_(static_cast<std::size_t>(2 * kChunkFrames), 0.0f) {}

std::int64_t PhaseConductor::frames(std::chrono::milliseconds duration) const noexcept {
    return static_cast<std::int64_t>(duration.count()) * settings_.sampleRate / 1000;
}

const program::Phase* PhaseConductor::currentPhase() const noexcept {
    if (phase_ < 0 || phase_ >= static_cast<int>(program_.phases.size())) return nullptr;
    return &program_.phases[static_cast<std::size_t>(phase_)];
}

bool PhaseConductor::lastPhase() const noexcept {
    return phase_ + 1 >= static_cast<int>(program_.phases.size());
}

PhaseClock PhaseConductor::phaseClock() const noexcept {
    PhaseClock timing;
    const program::Phase* phase = currentPhase();
    if (phase == nullptr) {
        timing.start = clock_;
        return timing;
    }
    timing.start = phaseStartFrame_;
    timing.planned = frames(phase->planned) + extensionFrames_;
    timing.maximum = phase->maximum ? frames(*phase->maximum) : -1;
    timing.automatic = phase->ends == program::PhaseEnd::Automatic;
    // The crossfade into the next phase is centred on the boundary; the last phase's end fade ends on it.
    timing.leadFrames = lastPhase() ? frames(program_.endFade) : phaseCrossfadeFrames() / 2;
    return timing;
}

std::int64_t PhaseConductor::phaseCrossfadeFrames() const noexcept {
    const program::Phase* phase = currentPhase();
    const auto written = phase != nullptr ? phase->crossfadeToNext : program::Duration{0};
    return frames(std::max(written, settings_.minimumPhaseCrossfade));
}

std::int64_t PhaseConductor::trackCrossfadeFrames() const noexcept {
    const program::Phase* phase = currentPhase();
    return phase != nullptr ? frames(phase->trackCrossfade) : 0;
}

// ---- prepared streams ----------------------------------------------------------------------------------

TrackRef PhaseConductor::desiredStandby(StandbyRole role) const noexcept {
    if (state_ == SessionState::NotStarted || state_ == SessionState::Ended) return {};
    const TrackRef lead = leadTrack();
    switch (role) {
        case StandbyRole::Successor:
            return graph_.playableSuccessor(lead);
        case StandbyRole::NextPhase:
            return transitionPending_ ? TrackRef{} : graph_.firstPlayableOfPhase(phase_ + 1);
        case StandbyRole::Alternate:
            return graph_.alternateOf(lead.role == TrackRole::Grounding ? groundingInterrupted_ : lead);
        case StandbyRole::Grounding:
            return lead.role == TrackRole::Grounding ? TrackRef{} : graph_.playableGrounding();
        case StandbyRole::Return:
            return lead.role == TrackRole::Grounding ? groundingReturn_ : TrackRef{};
        case StandbyRole::Count:
            break;
    }
    return {};
}

void PhaseConductor::refreshStandbys() noexcept {
    for (int role = 0; role < kRoleCount; ++role) {
        Standby& standby = standbys_[static_cast<std::size_t>(role)];
        if (standby.slot >= 0 && streams_.status(standby.slot) == audio::StreamStatus::Failed) {
            // Found out ahead of time: report it now and prepare the next candidate instead.
            reportStreamFailure(standby.track, standby.slot);
            graph_.markFailed(standby.track, faultKindOf(streams_.fault(standby.slot)));
            streams_.release(standby.slot);
            standby.slot = -1;
            standby.track = {};
        }
        const TrackRef desired = desiredStandby(static_cast<StandbyRole>(role));
        if (standby.track == desired && (standby.slot >= 0 || !desired.valid())) continue;
        // Another role may already hold a stream for the same track (e.g. successor and return).
        if (standby.slot >= 0) streams_.release(standby.slot);
        standby.slot = -1;
        standby.track = desired;
        if (!desired.valid()) continue;
        if (const TrackEntry* entry = tracks_.find(desired))
            standby.slot = streams_.acquire(entry->sourceId, 0.0);
    }
}

int PhaseConductor::takeStream(TrackRef target, double offsetSeconds) noexcept {
    if (offsetSeconds <= 0.0) {
        for (Standby& standby : standbys_) {
            if (standby.track == target && standby.slot >= 0) {
                const int slot = standby.slot;
                standby.slot = -1;
                standby.track = {};
                if (streams_.status(slot) == audio::StreamStatus::Failed) {
                    reportStreamFailure(target, slot);
                    graph_.markFailed(target, faultKindOf(streams_.fault(slot)));
                    streams_.release(slot);
                    return -1;
                }
                return slot;
            }
        }
    }
    const TrackEntry* entry = tracks_.find(target);
    if (entry == nullptr) return -1;
    const int slot = streams_.acquire(entry->sourceId, offsetSeconds);
    if (slot < 0) {
        SessionEvent event = makeEvent(EventKind::Fault, clock_);
        event.fault = FaultKind::DecoderStarved;
        event.track = target;
        event.setDetail("no free stream slot to open the track; moving on");
        emit(event);
    }
    return slot;
}

void PhaseConductor::reportStreamFailure(TrackRef track, int slot) noexcept {
    SessionEvent event = makeEvent(EventKind::Fault, clock_);
    event.fault = faultKindOf(streams_.fault(slot));
    event.track = track;
    const char* detail = streams_.faultDetail(slot);
    event.setDetail(detail != nullptr && detail[0] != '\0' ? detail : "the file could not be played");
    emit(event);
}

// ---- voices ----------------------------------------------------------------------------------------------

int PhaseConductor::startLead(TrackRef target, std::int64_t fadeInFrames, mix::RampShape shape,
                              int chunkOffset, std::int64_t outgoingFadeFrames) noexcept {
    if (outgoingFadeFrames >= 0) {
        for (auto& voice : voices_) {
            if (!voice.active) continue;
            // A voice already on its way out keeps the shorter of the two fades.
            if (voice.leaving && voice.fade.ramping() && voice.fade.remainingFrames() <= outgoingFadeFrames)
                continue;
            voice.leaving = true;
            voice.fade.rampTo(0.0f, outgoingFadeFrames, mix::RampShape::EqualPower);
        }
    }
    lead_ = -1;
    int slot = -1;
    for (std::size_t tries = 0; target.valid() && tries <= tracks_.entries().size(); ++tries) {
        slot = takeStream(target, 0.0);
        if (slot >= 0) break;
        target = graph_.playableSuccessor(target);
    }
    if (slot < 0) {
        if (state_ != SessionState::Ending) {
            SessionEvent event = makeEvent(EventKind::Fault, clock_ + chunkOffset);
            event.fault = FaultKind::UnexpectedSilence;
            event.setDetail("no playable track left to continue with");
            emit(event);
        }
        return -1;
    }
    int index = -1;
    for (int i = 0; i < kMaxVoices; ++i) {
        if (!voices_[static_cast<std::size_t>(i)].active) {
            index = i;
            break;
        }
    }
    if (index < 0) {
        // Every voice busy (a burst of skips): the quietest leaving voice makes room.
        float quietest = 2.0f;
        for (int i = 0; i < kMaxVoices; ++i) {
            const auto& voice = voices_[static_cast<std::size_t>(i)];
            if (voice.leaving && voice.fade.value() < quietest) {
                quietest = voice.fade.value();
                index = i;
            }
        }
        if (index < 0) index = 0;
        releaseVoice(index, true);
    }
    mix::Voice& voice = startVoice(index, slot, target, chunkOffset, 0);
    voice.fade.set(0.0f);
    voice.fade.rampTo(1.0f, fadeInFrames, shape);
    lead_ = index;
    return index;
}

mix::Voice& PhaseConductor::startVoice(int index, int slot, TrackRef track, int chunkOffset,
                                       std::int64_t trackFrame) noexcept {
    mix::Voice& voice = voices_[static_cast<std::size_t>(index)];
    const TrackEntry* entry = tracks_.find(track);
    voice = mix::Voice{};
    voice.active = true;
    voice.slot = slot;
    voice.track = track;
    voice.normalisationGain = entry != nullptr ? entry->gain : 1.0f;
    voice.startFrame = clock_ + chunkOffset;
    voice.chunkOffset = chunkOffset;
    voice.openedAtFrame = trackFrame;
    SessionEvent event = makeEvent(EventKind::TrackStarted, voice.startFrame);
    event.track = track;
    event.trackPositionSeconds = static_cast<double>(trackFrame) / settings_.sampleRate;
    emit(event);
    return voice;
}

void PhaseConductor::releaseVoice(int voiceIndex, bool emitEnded) noexcept {
    mix::Voice& voice = voices_[static_cast<std::size_t>(voiceIndex)];
    if (!voice.active) return;
    if (emitEnded) emitTrackEnded(voice, clock_ + voice.chunkOffset);
    if (voice.starved) --activeFaults_;
    streams_.release(voice.slot);
    voice = mix::Voice{};
    if (lead_ == voiceIndex) lead_ = -1;
}

void PhaseConductor::mixVoice(mix::Voice& voice, float* out, int from, int to) noexcept {
    const int wanted = to - from;
    const int got = wanted > 0 ? streams_.read(voice.slot, scratch_.data(), wanted) : 0;
    const float gain = voice.normalisationGain;
    float* target = out + 2 * from;
    if (voice.fade.ramping()) {
        for (int i = 0; i < got; ++i) {
            const float g = voice.fade.next() * gain;
            target[2 * i] += scratch_[static_cast<std::size_t>(2 * i)] * g;
            target[2 * i + 1] += scratch_[static_cast<std::size_t>(2 * i + 1)] * g;
        }
    } else {
        // Between fades (most of every track) the gain is constant for the whole read.
        mix::addScaled(target, scratch_.data(), 2 * got, voice.fade.value() * gain);
    }
    const int index = static_cast<int>(&voice - voices_.data());
    if (got < wanted) {
        const auto status = streams_.status(voice.slot);
        if (streams_.finished(voice.slot) || status == audio::StreamStatus::Failed) {
            if (status == audio::StreamStatus::Failed) {
                reportStreamFailure(voice.track, voice.slot);
                graph_.markFailed(voice.track, faultKindOf(streams_.fault(voice.slot)));
            }
            onVoiceFinished(index, from + got);
            return;
        }
        voice.fade.advance(wanted - got);
        if (!voice.starved) {
            voice.starved = true;
            ++activeFaults_;
            SessionEvent event = makeVoiceEvent(EventKind::Fault, clock_ + from + got, voice);
            event.fault = FaultKind::DecoderStarved;
            event.setDetail("the decoder fell behind: the disk or the machine is too slow");
            emit(event);
        }
    } else if (voice.starved) {
        voice.starved = false;
        --activeFaults_;
        SessionEvent event = makeVoiceEvent(EventKind::FaultCleared, clock_ + to, voice);
        event.fault = FaultKind::DecoderStarved;
        event.setDetail("the decoder caught up");
        emit(event);
    }
}

void PhaseConductor::onVoiceFinished(int voiceIndex, int chunkOffset) noexcept {
    mix::Voice& voice = voices_[static_cast<std::size_t>(voiceIndex)];
    const bool wasLead = voiceIndex == lead_;
    const TrackRef track = voice.track;
    const bool endedBadly = voice.earlyEndHandled || graph_.isFailed(track);
    voice.chunkOffset = chunkOffset;
    releaseVoice(voiceIndex, true);
    // The music goes on under the end fade, so the successor still comes in while Ending.
    if (!wasLead || state_ == SessionState::Ended) return;
    // Gapless: the next track starts on the very frame after the last one ended.
    const TrackRef next = graph_.afterEnd(track);
    if (!next.valid()) return;  // fill = silence: written, so intended
    const TrackEntry* entry = tracks_.find(next);
    std::int64_t fadeIn = entry != nullptr ? entry->fadeInFrames : 0;
    if (endedBadly) fadeIn = std::max(fadeIn, frames(settings_.earlyEndFadeIn));
    startLead(next, fadeIn, mix::RampShape::EqualPower, chunkOffset, -1);
}

// ---- decisions -------------------------------------------------------------------------------------------

void PhaseConductor::decide() noexcept {
    if (state_ == SessionState::NotStarted || state_ == SessionState::Ended) return;
    if (state_ == SessionState::Ending && clock_ >= endingFrame_) {
        finishSession();
        return;
    }
    if (transitionPending_ && clock_ >= boundaryFrame_) completePhaseTransition();
    decidePhase();
    decideLeadTrack();
    for (int i = 0; i < kMaxVoices; ++i) {
        const auto& voice = voices_[static_cast<std::size_t>(i)];
        if (voice.active && voice.leaving && !voice.fade.ramping() && voice.fade.value() == 0.0f) {
            releaseVoice(i, true);
        }
    }
}

// Nothing is decided about the phase while a transition or the end fade is under way, or while it is held.
PhaseClock::Decision PhaseConductor::nextPhaseDecision() const noexcept {
    if (transitionPending_ || held_ || state_ == SessionState::Ending || currentPhase() == nullptr) return {};
    return phaseClock().next(clock_, awaitingOperator_);
}

void PhaseConductor::decidePhase() noexcept {
    for (auto due = nextPhaseDecision(); due.kind != PhaseClock::Due::Nothing && clock_ >= due.frame;
         due = nextPhaseDecision()) {
        if (due.kind == PhaseClock::Due::AwaitOperator) {
            awaitingOperator_ = true;
            continue;
        }
        leavePhase(due.boundary, due.reason);
        return;
    }
}

// Into the next phase with the crossfade centred on `boundary`, or, from the last, the end fade ending there.
void PhaseConductor::leavePhase(std::int64_t boundary, const char* reason) noexcept {
    if (lastPhase()) {
        transitionReason_ = reason;
        beginEnding(boundary > clock_ ? boundary - clock_ : frames(program_.endFade));
    } else {
        beginPhaseTransition(std::max(boundary, clock_ + phaseCrossfadeFrames() / 2), reason);
    }
}

std::optional<std::int64_t> PhaseConductor::leadFramesLeft() const noexcept {
    if (lead_ < 0) return std::nullopt;
    const mix::Voice& voice = voices_[static_cast<std::size_t>(lead_)];
    const std::int64_t length = streams_.lengthFrames(voice.slot);
    if (length < 0) return std::nullopt;
    return length - streams_.framesRead(voice.slot);
}

void PhaseConductor::decideLeadTrack() noexcept {
    const std::optional<std::int64_t> framesLeft = leadFramesLeft();
    if (!framesLeft) return;
    const std::int64_t remaining = *framesLeft;
    mix::Voice& voice = voices_[static_cast<std::size_t>(lead_)];
    const bool endsEarly =
        streams_.fault(voice.slot) == audio::StreamFault::EndedEarly && streams_.lengthExact(voice.slot);
    if (endsEarly && !voice.earlyEndHandled) {
        voice.earlyEndHandled = true;
        SessionEvent event = makeVoiceEvent(EventKind::Fault, clock_, voice);
        event.fault = FaultKind::FileEndedEarly;
        const char* detail = streams_.faultDetail(voice.slot);
        event.setDetail(detail != nullptr && detail[0] != '\0' ? detail
                                                               : "the file ends before its declared length");
        emit(event);
    }
    const TrackEntry* entry = tracks_.find(voice.track);
    const std::int64_t crossfade = trackCrossfadeFrames();
    const std::int64_t fadeOut =
        endsEarly ? frames(settings_.earlyEndTailFade) : (entry ? entry->fadeOutFrames : 0);
    if (crossfade > 0 && remaining <= crossfade) {
        const TrackRef next = graph_.afterEnd(voice.track);
        if (next.valid()) {
            // A file that ends early crosses into the next track at its real end like any other: in full when
            // the decoder found that end in time, else over what is left, the newcomer then coming in over
            // at least earlyEndFadeIn (never abruptly).
            const std::int64_t fadeIn =
                endsEarly ? std::max(remaining, std::min(frames(settings_.earlyEndFadeIn), crossfade))
                          : crossfade;
            startLead(next, fadeIn, mix::RampShape::EqualPower, 0, outgoingFade(remaining, endsEarly));
            return;
        }
    }
    if (fadeOut > 0 && remaining <= fadeOut && !voice.trackFadeOutStarted) {
        voice.trackFadeOutStarted = true;
        voice.fade.rampTo(0.0f, outgoingFade(remaining, endsEarly), mix::RampShape::EqualPower);
        if (endsEarly) {
            // What is left of the damaged file fades out while the next track comes in.
            const TrackRef next = graph_.afterEnd(voice.track);
            if (next.valid())
                startLead(next, frames(settings_.earlyEndFadeIn), mix::RampShape::EqualPower, 0, -1);
        }
    }
}

// How long the lead voice takes to fade out when it has `remaining` frames to its end. A stream cut short
// behind the play position (the loudness guard found it too loud only now) still fades, over the tail fade.
std::int64_t PhaseConductor::outgoingFade(std::int64_t remaining, bool endsEarly) const noexcept {
    if (endsEarly && remaining <= 0) return frames(settings_.earlyEndTailFade);
    return std::max<std::int64_t>(remaining, 1);
}

std::int64_t PhaseConductor::framesUntilNextDecision() const noexcept {
    std::int64_t best = kChunkFrames;
    auto consider = [&](std::int64_t frame) {
        const std::int64_t distance = frame - clock_;
        if (distance > 0) best = std::min(best, distance);
    };
    if (state_ == SessionState::Ending) consider(endingFrame_);
    if (transitionPending_) consider(boundaryFrame_);
    if (const PhaseClock::Decision due = nextPhaseDecision(); due.kind != PhaseClock::Due::Nothing)
        consider(due.frame);
    // Every frame decideLeadTrack() may act on: the crossfade, the track's own fade-out or the tail fade of
    // a file found to end early, and the end itself.
    if (const std::optional<std::int64_t> framesLeft = leadFramesLeft()) {
        const std::int64_t end = clock_ + *framesLeft;
        const TrackEntry* entry = tracks_.find(voices_[static_cast<std::size_t>(lead_)].track);
        consider(end - trackCrossfadeFrames());
        if (entry != nullptr) consider(end - entry->fadeOutFrames);
        consider(end - frames(settings_.earlyEndTailFade));
        consider(end);
    }
    for (const auto& voice : voices_) {
        if (voice.active && voice.fade.ramping()) consider(clock_ + voice.fade.remainingFrames());
    }
    return best;
}

// ---- phases and the session ------------------------------------------------------------------------------

void PhaseConductor::beginPhaseTransition(std::int64_t boundary, const char* reason) noexcept {
    const int next = phase_ + 1;
    if (next >= static_cast<int>(program_.phases.size())) {
        transitionReason_ = reason;
        beginEnding(frames(program_.endFade));
        return;
    }
    transitionPending_ = true;
    boundaryFrame_ = boundary;
    nextPhase_ = next;
    transitionReason_ = reason;
    held_ = false;
    awaitingOperator_ = false;
    // Midpoint of the equal-power crossfade on the boundary: the crossfade spans boundary -/+ half.
    const std::int64_t crossfade = std::max<std::int64_t>(2 * (boundary - clock_), 1);
    startLead(graph_.firstPlayableOfPhase(next), crossfade, mix::RampShape::EqualPower, 0, crossfade);
}

// The one place a phase is journaled as left: how long it was planned (with its extensions), how long it
// lasted and why it ended.
void PhaseConductor::emitPhaseLeft(std::int64_t frame, const char* reason) noexcept {
    SessionEvent left = makeEvent(EventKind::PhaseLeft, frame);
    left.plannedSeconds = static_cast<double>(phaseClock().planned) / settings_.sampleRate;
    left.actualSeconds = static_cast<double>(frame - phaseStartFrame_) / settings_.sampleRate;
    left.setDetail(reason);
    emit(left);
    phaseTimings_[static_cast<std::size_t>(phase_)].endedAt =
        static_cast<double>(frame) / settings_.sampleRate;
}

// The one place a phase is journaled as entered, on the frame it began (the report continues a resumed
// phase from there).
void PhaseConductor::emitPhaseEntered() noexcept {
    SessionEvent entered = makeEvent(EventKind::PhaseEntered, phaseStartFrame_);
    entered.plannedSeconds = static_cast<double>(frames(currentPhase()->planned)) / settings_.sampleRate;
    emit(entered);
}

void PhaseConductor::completePhaseTransition() noexcept {
    emitPhaseLeft(boundaryFrame_, transitionReason_);
    phase_ = nextPhase_;
    phaseStartFrame_ = boundaryFrame_;
    extensionFrames_ = 0;
    held_ = false;
    awaitingOperator_ = false;
    transitionPending_ = false;
    auto& timing = phaseTimings_[static_cast<std::size_t>(phase_)];
    timing.startedAt = static_cast<double>(boundaryFrame_) / settings_.sampleRate;
    timing.plannedSeconds = static_cast<double>(frames(currentPhase()->planned)) / settings_.sampleRate;
    emitPhaseEntered();
}

void PhaseConductor::beginEnding(std::int64_t fadeFrames) noexcept {
    if (state_ == SessionState::Ending || state_ == SessionState::Ended) return;
    state_ = SessionState::Ending;
    endingFrame_ = clock_ + std::max<std::int64_t>(fadeFrames, 1);
    fadeOutputsOut(endingFrame_ - clock_);
}

bool PhaseConductor::endWithoutOutput() noexcept {
    if (state_ != SessionState::Ending) return false;
    finishSession(FaultKind::DeviceLost);
    // The limiter's delay line still holds the last few milliseconds from before the loss: push them out
    // unheard, so a device that comes back hears nothing of them.
    std::fill(scratch_.begin(), scratch_.end(), 0.0f);
    const int chunk = static_cast<int>(scratch_.size() / 2);
    for (int left = bus_.latencyFrames(); left > 0; left -= chunk) {
        bus_.process(scratch_.data(), std::min(left, chunk));
        if (settings_.room.enabled) roomBus_.process(scratch_.data(), std::min(left, chunk));
    }
    bus_.takePeak();  // nor do they move the level meter
    return true;
}

void PhaseConductor::finishSession(FaultKind cause) noexcept {
    if (transitionPending_) completePhaseTransition();
    emitPhaseLeft(clock_, transitionReason_[0] != '\0' ? transitionReason_ : "session ended");
    for (int i = 0; i < kMaxVoices; ++i) releaseVoice(i, true);
    for (Standby& standby : standbys_) {
        if (standby.slot >= 0) streams_.release(standby.slot);
        standby = Standby{};
    }
    state_ = SessionState::Ended;
    setOutputsPresence(0.0f);
    preview_.stop();  // the end screen has no preview controls
    SessionEvent ended = makeEvent(EventKind::SessionEnded, clock_);
    ended.fault = cause;
    if (cause == FaultKind::DeviceLost)
        ended.setDetail(
            "ended at once, without its fade: the output device was lost, nothing could be heard");
    emit(ended);
}

void PhaseConductor::setStartPoint(const ResumeState& state, const char* startDetail) noexcept {
    if (state_ != SessionState::NotStarted) return;
    startPoint_ = state;
    startDetail_.fill('\0');
    if (startDetail != nullptr) std::strncpy(startDetail_.data(), startDetail, startDetail_.size() - 1);
    if (startPoint_.valid()) clock_ = startPoint_.frame;  // the snapshot shows where it begins
}

void PhaseConductor::prepareStart() noexcept {
    if (state_ != SessionState::NotStarted || program_.phases.empty()) return;
    for (const Standby& standby : prepared_)
        if (standby.slot >= 0) return;
    auto prepare = [&](int index, TrackRef track, std::int64_t trackFrame) {
        const TrackEntry* entry = tracks_.find(track);
        if (entry == nullptr || index < 0 || index >= kMaxVoices) return;
        Standby& standby = prepared_[static_cast<std::size_t>(index)];
        standby.track = track;
        standby.slot =
            streams_.acquire(entry->sourceId, static_cast<double>(std::max<std::int64_t>(trackFrame, 0)) /
                                                  settings_.sampleRate);
    };
    if (startPoint_.valid()) {
        for (int v = 0; v < std::clamp(startPoint_.voiceCount, 0, kMaxResumeVoices); ++v) {
            const ResumeVoice& voice = startPoint_.voices[static_cast<std::size_t>(v)];
            prepare(voice.index, voice.track, voice.trackFrame);
        }
        return;
    }
    prepare(0, graph_.firstPlayableOfPhase(0), 0);
}

bool PhaseConductor::readyToStart() const noexcept {
    for (const Standby& standby : prepared_) {
        if (standby.slot >= 0 && streams_.status(standby.slot) == audio::StreamStatus::Opening) return false;
    }
    return true;
}

void PhaseConductor::begin() noexcept {
    if (state_ != SessionState::NotStarted || program_.phases.empty()) return;
    if (startPoint_.valid())
        beginResumed(startPoint_);
    else
        beginFresh();
    // A prepared stream no voice took (its track is gone from the program) goes back to the pool.
    for (Standby& standby : prepared_) {
        if (standby.slot >= 0) streams_.release(standby.slot);
        standby = Standby{};
    }
    refreshStandbys();
}

void PhaseConductor::beginFresh() noexcept {
    clock_ = 0;
    phase_ = 0;
    phaseStartFrame_ = 0;
    extensionFrames_ = 0;
    state_ = SessionState::Playing;
    for (int p = 0; p < static_cast<int>(program_.phases.size()); ++p) {
        phaseTimings_[static_cast<std::size_t>(p)].plannedSeconds =
            static_cast<double>(frames(program_.phases[static_cast<std::size_t>(p)].planned)) /
            settings_.sampleRate;
    }
    phaseTimings_[0].startedAt = 0.0;
    SessionEvent started = makeEvent(EventKind::SessionStarted, clock_);
    if (startDetail_[0] != '\0') started.setDetail(startDetail_.data());
    emit(started);
    emitPhaseEntered();

    const TrackRef first = graph_.firstPlayableOfPhase(phase_);
    if (prepared_[0].slot >= 0) {
        // Hand the prepared stream to the standby list, where startLead() looks for it.
        Standby& standby = standbys_[static_cast<std::size_t>(StandbyRole::Successor)];
        if (standby.slot >= 0) streams_.release(standby.slot);
        standby = prepared_[0];
        prepared_[0] = Standby{};
    }
    const TrackEntry* entry = tracks_.find(first);
    startLead(first, entry ? entry->fadeInFrames : 0, mix::RampShape::EqualPower, 0, -1);
}

// Everything as it was at state.frame: phase and its timing, a transition or the end fade under way, every
// voice at its place in its track with its envelope, the bus's gains. Only the output fades in, since the
// gap left silence; from the end of that fade the session sounds as if it had never stopped.
void PhaseConductor::beginResumed(const ResumeState& resumed) noexcept {
    const int phaseCount = static_cast<int>(program_.phases.size());
    clock_ = resumed.frame;
    phase_ = std::clamp(resumed.phase, 0, phaseCount - 1);
    phaseStartFrame_ = std::min(resumed.phaseStartFrame, clock_);
    extensionFrames_ = resumed.extensionFrames;
    held_ = resumed.held;
    awaitingOperator_ = resumed.awaitingOperator;
    talkOver_ = resumed.talkOver;
    state_ = resumed.state == SessionState::Silenced || resumed.state == SessionState::Ending
                 ? resumed.state
                 : SessionState::Playing;
    transitionPending_ =
        resumed.nextPhase == phase_ + 1 && resumed.nextPhase < phaseCount && state_ != SessionState::Ending;
    nextPhase_ = transitionPending_ ? resumed.nextPhase : -1;
    boundaryFrame_ = transitionPending_ ? std::max(resumed.boundaryFrame, clock_) : 0;
    if (state_ == SessionState::Ending) endingFrame_ = std::max(resumed.endingFrame, clock_ + 1);
    resumedReason_ = resumed.reason;
    resumedReason_.back() = '\0';
    transitionReason_ = resumedReason_.data();
    groundingReturn_ = resumed.groundingReturn;
    groundingInterrupted_ = resumed.groundingInterrupted;

    bus_.restore({resumed.volume, resumed.duck, resumed.presence});
    // The room's volume is its own (a state from an older journal has none: the configured one); the rest
    // follows the patient's (talk-over through its own duck).
    roomBus_.restore({resumed.hasRoomVolume ? resumed.roomVolume : roomBus_.state().volume, resumed.duck,
                      resumed.presence});
    // The flags are what the operator sees; the gains follow them (a state from an older journal has no
    // gains of its own).
    if (resumed.duck.target != duckGain()) bus_.setDuck(duckGain(), 0);
    roomBus_.setDuck(roomDuckGain(), 0);
    if (state_ == SessionState::Silenced && !bus_.fadingOut()) setOutputsPresence(0.0f);
    if (state_ == SessionState::Playing && bus_.fadingOut()) fadeOutputsIn(frames(settings_.silenceFade));
    if (state_ == SessionState::Ending && !bus_.fadingOut()) fadeOutputsOut(endingFrame_ - clock_);
    resumeFade_.set(0.0f);
    resumeFade_.rampTo(1.0f, frames(settings_.resumeFadeIn), mix::RampShape::EqualPower);

    phaseTimings_ = resumed.phases;
    for (int p = 0; p < phaseCount; ++p) {
        auto& timing = phaseTimings_[static_cast<std::size_t>(p)];
        const std::int64_t planned = frames(program_.phases[static_cast<std::size_t>(p)].planned);
        if (p == phase_) {
            timing.plannedSeconds = static_cast<double>(phaseClock().planned) / settings_.sampleRate;
            if (timing.startedAt < 0.0)
                timing.startedAt = static_cast<double>(phaseStartFrame_) / settings_.sampleRate;
            timing.endedAt = -1.0;
        } else if (timing.plannedSeconds <= 0.0 || p > phase_) {
            timing.plannedSeconds = static_cast<double>(planned) / settings_.sampleRate;
        }
    }

    SessionEvent started = makeEvent(EventKind::SessionStarted, clock_);
    started.setDetail(startDetail_[0] != '\0' ? startDetail_.data() : "resumed after an interruption");
    emit(started);
    emitPhaseEntered();

    // The voices fading out first, the lead last: the journal's position follows the last track started.
    for (int pass = 0; pass < 2; ++pass) {
        for (int v = 0; v < std::clamp(resumed.voiceCount, 0, kMaxResumeVoices); ++v) {
            const ResumeVoice& saved = resumed.voices[static_cast<std::size_t>(v)];
            if (saved.lead != (pass == 1) || saved.index < 0 || saved.index >= kMaxVoices) continue;
            const TrackEntry* entry = tracks_.find(saved.track);
            mix::Voice& voice = voices_[static_cast<std::size_t>(saved.index)];
            if (entry == nullptr || voice.active) continue;
            Standby& prepared = prepared_[static_cast<std::size_t>(saved.index)];
            int slot = -1;
            if (prepared.slot >= 0 && prepared.track == saved.track) {
                slot = std::exchange(prepared.slot, -1);
                prepared.track = {};
            } else {
                slot = streams_.acquire(
                    entry->sourceId,
                    static_cast<double>(std::max<std::int64_t>(saved.trackFrame, 0)) / settings_.sampleRate);
            }
            if (slot < 0) continue;
            startVoice(saved.index, slot, saved.track, 0, std::max<std::int64_t>(saved.trackFrame, 0));
            voice.startFrame = saved.startFrame;
            voice.fade.restore(saved.fade);
            voice.leaving = saved.leaving;
            voice.trackFadeOutStarted = saved.trackFadeOutStarted;
            voice.earlyEndHandled = saved.earlyEndHandled;
            if (saved.lead) lead_ = saved.index;
        }
    }
    if (lead_ < 0 && state_ != SessionState::Ending) {
        // Nothing to continue (the journal knew no track yet, or it is gone): the phase's own music, or
        // what follows the track that was playing.
        TrackRef next = graph_.firstPlayableOfPhase(transitionPending_ ? nextPhase_ : phase_);
        const TrackEntry* entry = tracks_.find(next);
        startLead(next, entry ? entry->fadeInFrames : 0, mix::RampShape::EqualPower, 0, -1);
    }
}

// ---- commands --------------------------------------------------------------------------------------------

// Every command is journaled with its outcome before it acts, so what it starts (tracks, a phase change, the
// end fade) follows it in the journal. A refused command changes nothing.
void PhaseConductor::apply(const SessionCommand& command) noexcept {
    SessionEvent event = makeEvent(EventKind::OperatorAction, clock_);
    event.action = command.action;
    event.value = command.value;
    event.commandSeq = command.seq;
    const bool preview = command.action == Action::Preview;
    const Verdict verdict = preview ? judgePreview(command.preview) : judge(command.action);
    event.refusal = verdict.refusal;
    if (preview) {
        event.preview = command.preview;
        event.track = previewTarget(command.preview);
    }
    if (verdict.unplayable.valid()) {
        // A track that exists but cannot be played: the refusal says what is wrong with it.
        event.track = verdict.unplayable;
        event.fault = graph_.failureOf(verdict.unplayable);
    }
    emit(event);
    if (verdict.refusal == Refusal::None) carryOut(command);
}

bool PhaseConductor::running() const noexcept {
    return state_ == SessionState::Playing || state_ == SessionState::Silenced;
}

TrackRef PhaseConductor::leadTrack() const noexcept {
    return lead_ >= 0 ? voices_[static_cast<std::size_t>(lead_)].track : TrackRef{};
}

// Why a command cannot be carried out now (Refusal::None: it can).
PhaseConductor::Verdict PhaseConductor::judge(Action action) const noexcept {
    const bool phaseMoving = transitionPending_;
    switch (action) {
        case Action::Start:
            return {state_ == SessionState::NotStarted ? Refusal::None : Refusal::AlreadyStarted};
        case Action::AdvancePhase:
            if (!running()) return {Refusal::NotPlaying};
            return {phaseMoving ? Refusal::AlreadyMoving : Refusal::None};
        case Action::ExtendPhase:
        case Action::Hold:
            if (!running()) return {Refusal::NotPlaying};
            return {phaseMoving ? Refusal::PhaseEnding : Refusal::None};
        case Action::ReleaseHold:
            return {held_ ? Refusal::None : Refusal::NotHeld};
        case Action::SkipTrack:
            if (!running()) return {Refusal::NotPlaying};
            return {skipTarget().valid() ? Refusal::None : Refusal::NoTrackToSkipTo};
        case Action::SwapToAlternate:
            return judgeSwap();
        case Action::PlayGrounding:
            return judgeGrounding();
        case Action::SetMasterVolume:
        case Action::SetRoomVolume:
        case Action::TalkOverOn:
        case Action::TalkOverOff:
            return {};  // always: the level is the operator's at any time
        case Action::Silence:
            return {state_ == SessionState::Playing ? Refusal::None : Refusal::MusicNotPlaying};
        case Action::Resume:
            return {state_ == SessionState::Silenced ? Refusal::None : Refusal::NotSilenced};
        case Action::EndSession:
            return {running() ? Refusal::None : Refusal::NotPlaying};
        case Action::Preview:
            return {Refusal::NothingToPreview};  // judged with its request (judgePreview)
        case Action::PreviewStop:
            if (!preview_.enabled()) return {Refusal::NoPreviewOutput};
            return {preview_.playing() && !preview_.stopping() ? Refusal::None : Refusal::NoPreviewPlaying};
        case Action::SetPreviewVolume:
            return {preview_.enabled() ? Refusal::None : Refusal::NoPreviewOutput};
    }
    return {};
}

// What the session would play for each choice at this moment: skip's next track (before the start, the
// first one), swap's calmer alternate, the grounding track, or the track named.
TrackRef PhaseConductor::previewTarget(const PreviewRequest& request) const noexcept {
    const bool notStarted = state_ == SessionState::NotStarted;
    switch (request.choice) {
        case PreviewChoice::Next:
            if (state_ == SessionState::Ended) return {};
            return notStarted ? graph_.firstPlayableOfPhase(0) : skipTarget();
        case PreviewChoice::Alternate:
            if (state_ == SessionState::Ended) return {};
            return graph_.alternateOf(notStarted ? graph_.firstPlayableOfPhase(0) : swapSource());
        case PreviewChoice::Grounding:
            return program_.grounding ? TrackGraph::kGrounding : TrackRef{};
        case PreviewChoice::Track:
            return tracks_.find(request.track) != nullptr ? request.track : TrackRef{};
    }
    return {};
}

PhaseConductor::Verdict PhaseConductor::judgePreview(const PreviewRequest& request) const noexcept {
    if (!preview_.enabled()) return {Refusal::NoPreviewOutput};
    if (state_ == SessionState::Ended) return {Refusal::NotPlaying};
    const TrackRef target = previewTarget(request);
    if (target.valid())
        return graph_.isFailed(target) ? Verdict{Refusal::PreviewUnreadable, target} : Verdict{};
    // Named, but known not to play: say so rather than that there is none.
    if (request.choice == PreviewChoice::Alternate) {
        const TrackRef written = graph_.writtenAlternateOf(
            state_ == SessionState::NotStarted ? graph_.firstPlayableOfPhase(0) : swapSource());
        if (written.valid()) return {Refusal::PreviewUnreadable, written};
    }
    return {Refusal::NothingToPreview};
}

// On streams of its own, so the session's prepared streams are never taken: the session plays on exactly
// as it would have without the preview.
void PhaseConductor::startPreview(const PreviewRequest& request) noexcept {
    const TrackRef target = previewTarget(request);
    const TrackEntry* entry = tracks_.find(target);
    if (entry == nullptr) return;
    const std::uint32_t source =
        entry->sourceId | (request.from == PreviewFrom::FileStart ? TrackTable::kFromFileStart : 0u);
    const int slot = streams_.acquire(source, 0.0);
    if (slot < 0) {
        SessionEvent event = makeEvent(EventKind::Fault, clock_);
        event.fault = FaultKind::DecoderStarved;
        event.action = Action::Preview;
        event.track = target;
        event.setDetail("no free stream slot to open the preview; the session plays on");
        emit(event);
        return;
    }
    preview_.start(request, target, slot, entry->gain);
}

void PhaseConductor::reportPreviewFailure() noexcept {
    const int slot = preview_.failedSlot();
    SessionEvent event = makeEvent(EventKind::Fault, clock_);
    event.fault = faultKindOf(streams_.fault(slot));
    event.action = Action::Preview;  // about the preview, not the session's music
    event.track = preview_.failedTrack();
    const char* detail = streams_.faultDetail(slot);
    char text[sizeof event.detail];
    std::snprintf(text, sizeof text, "the preview could not be played: %s",
                  detail != nullptr && detail[0] != '\0' ? detail : "the file could not be read");
    event.setDetail(text);
    emit(event);
    preview_.releaseFailed();
}

PhaseConductor::Verdict PhaseConductor::judgeSwap() const noexcept {
    if (!running()) return {Refusal::NotPlaying};
    const TrackRef from = swapSource();
    if (graph_.alternateOf(from).valid()) return {};
    const TrackRef unplayable = graph_.writtenAlternateOf(from);
    return unplayable.valid() ? Verdict{Refusal::AlternateUnreadable, unplayable}
                              : Verdict{Refusal::NoAlternate};
}

PhaseConductor::Verdict PhaseConductor::judgeGrounding() const noexcept {
    if (!running()) return {Refusal::NotPlaying};
    if (!program_.grounding) return {Refusal::NoGrounding};
    if (leadTrack() == TrackGraph::kGrounding) return {Refusal::GroundingPlaying};
    if (graph_.isFailed(TrackGraph::kGrounding))
        return {Refusal::GroundingUnreadable, TrackGraph::kGrounding};
    return {};
}

// What each command does once judged possible.
void PhaseConductor::carryOut(const SessionCommand& command) noexcept {
    switch (command.action) {
        case Action::Start:
            begin();
            break;
        case Action::AdvancePhase:
            held_ = false;
            beginPhaseTransition(clock_ + phaseCrossfadeFrames() / 2, "operator advanced");
            break;
        case Action::ExtendPhase:
            extendPhase(command.value);
            break;
        case Action::Hold:
            held_ = true;
            break;
        case Action::ReleaseHold:
            held_ = false;
            break;
        case Action::SkipTrack:
            crossTo(skipTarget(), settings_.skipCrossfade);
            break;
        case Action::SwapToAlternate:
            crossTo(graph_.alternateOf(swapSource()), settings_.alternateCrossfade);
            break;
        case Action::PlayGrounding:
            playGrounding();
            break;
        case Action::SetMasterVolume:
            bus_.setVolume(static_cast<float>(std::clamp(command.value, 0.0, 1.0)),
                           frames(settings_.volumeRamp));
            break;
        case Action::SetRoomVolume:
            roomBus_.setVolume(static_cast<float>(std::clamp(command.value, 0.0, 1.0)),
                               frames(settings_.volumeRamp));
            break;
        case Action::TalkOverOn:
        case Action::TalkOverOff:
            talkOver_ = command.action == Action::TalkOverOn;
            bus_.setDuck(duckGain(), frames(settings_.talkOverRamp));
            roomBus_.setDuck(roomDuckGain(), frames(settings_.talkOverRamp));
            break;
        case Action::Silence:
            state_ = SessionState::Silenced;
            fadeOutputsOut(frames(settings_.silenceFade));
            break;
        case Action::Resume:
            state_ = SessionState::Playing;
            fadeOutputsIn(frames(settings_.silenceFade));
            break;
        case Action::EndSession:
            transitionReason_ = "operator ended the session";
            beginEnding(frames(program_.endFade));
            break;
        case Action::Preview:
            startPreview(command.preview);
            break;
        case Action::PreviewStop:
            preview_.stop();
            break;
        case Action::SetPreviewVolume:
            preview_.setVolume(static_cast<float>(std::clamp(command.value, 0.0, 1.0)),
                               frames(settings_.volumeRamp));
            break;
    }
}

void PhaseConductor::extendPhase(double minutes) noexcept {
    extensionFrames_ += static_cast<std::int64_t>(std::llround(minutes * 60.0 * settings_.sampleRate));
    awaitingOperator_ = awaitingOperator_ && clock_ >= phaseClock().end();
    phaseTimings_[static_cast<std::size_t>(phase_)].plannedSeconds =
        static_cast<double>(phaseClock().planned) / settings_.sampleRate;
}

// From grounding, skip goes on after the track grounding interrupted; else to the next playable track (or,
// with nothing of the phase playing, to its first playable one).
TrackRef PhaseConductor::skipTarget() const noexcept {
    const TrackRef lead = leadTrack();
    if (lead.role == TrackRole::Grounding) return groundingReturn_;
    return lead.valid() ? graph_.playableSuccessor(lead) : graph_.firstPlayableOfPhase(phase_);
}

// From grounding, the calmer choice is the alternate of the track grounding interrupted. With nothing of the
// phase playing (its tracks failed), an alternate of its first track still may be.
TrackRef PhaseConductor::swapSource() const noexcept {
    const TrackRef lead = leadTrack();
    TrackRef from = lead.role == TrackRole::Grounding ? groundingInterrupted_ : lead;
    if (!from.valid() && phase_ >= 0)
        from = TrackRef{TrackRole::Phase, static_cast<std::int16_t>(phase_), 0, -1};
    return from;
}

void PhaseConductor::playGrounding() noexcept {
    const TrackRef lead = leadTrack();
    groundingInterrupted_ = lead;
    groundingReturn_ = lead.valid() ? graph_.playableSuccessor(lead) : graph_.firstPlayableOfPhase(phase_);
    crossTo(TrackGraph::kGrounding, settings_.groundingCrossfade);
}

// An operator's change of track: the newcomer and everything playing cross over the same time.
void PhaseConductor::crossTo(TrackRef target, std::chrono::milliseconds crossfade) noexcept {
    const std::int64_t length = frames(crossfade);
    startLead(target, length, mix::RampShape::EqualPower, 0, length);
}

float PhaseConductor::duckGain() const noexcept {
    return talkOver_ ? static_cast<float>(std::pow(10.0, settings_.talkOverDuckDb / 20.0)) : 1.0f;
}

float PhaseConductor::roomDuckGain() const noexcept {
    return talkOver_ ? static_cast<float>(std::pow(10.0, settings_.room.talkOverDuckDb / 20.0)) : 1.0f;
}

void PhaseConductor::fadeOutputsOut(std::int64_t frames) noexcept {
    bus_.fadeOut(frames);
    roomBus_.fadeOut(frames);
}

void PhaseConductor::fadeOutputsIn(std::int64_t frames) noexcept {
    bus_.fadeIn(frames);
    roomBus_.fadeIn(frames);
}

void PhaseConductor::setOutputsPresence(float gain) noexcept {
    bus_.setPresence(gain);
    roomBus_.setPresence(gain);
}

void PhaseConductor::processRoom(const float* mixed, float* room, int count) noexcept {
    if (!settings_.room.enabled) return;
    if (room != nullptr) {
        std::copy(mixed, mixed + 2 * count, room);
        roomBus_.process(room, count);
        return;
    }
    for (int done = 0; done < count; done += kChunkFrames) {
        const int part = std::min(kChunkFrames, count - done);
        std::copy(mixed + 2 * done, mixed + 2 * (done + part), roomScratch_.data());
        roomBus_.process(roomScratch_.data(), part);
    }
}

// ---- rendering -------------------------------------------------------------------------------------------

void PhaseConductor::renderChunk(float* out, int frameCount) noexcept {
    for (auto& voice : voices_) {
        voice.mixedThisChunk = false;
        voice.chunkOffset = 0;
    }
    // A voice that ends mid-chunk hands over to its successor at that frame; the newcomer is mixed on the
    // next pass. A few passes cover any chain of very short tracks.
    for (int pass = 0; pass < 4; ++pass) {
        bool mixedAny = false;
        for (auto& voice : voices_) {
            if (!voice.active || voice.mixedThisChunk) continue;
            voice.mixedThisChunk = true;
            mixedAny = true;
            mixVoice(voice, out, voice.chunkOffset, frameCount);
        }
        if (!mixedAny) break;
    }
}

void PhaseConductor::render(float* interleavedStereo, int frameCount, float* room, float* preview) noexcept {
    std::fill(interleavedStereo, interleavedStereo + 2 * frameCount, 0.0f);
    const bool wasRunning = state_ != SessionState::NotStarted && state_ != SessionState::Ended;
    if (wasRunning) refreshStandbys();
    int position = 0;
    while (position < frameCount) {
        float* chunk = interleavedStereo + 2 * position;
        const bool running = state_ != SessionState::NotStarted && state_ != SessionState::Ended;
        if (running) decide();
        if (state_ == SessionState::NotStarted || state_ == SessionState::Ended) {
            // Still through the bus, so the limiter's delay line drains the last frames of the fade.
            processRoom(chunk, room != nullptr ? room + 2 * position : nullptr, frameCount - position);
            bus_.process(chunk, frameCount - position);
            break;
        }
        const int count =
            static_cast<int>(std::min<std::int64_t>(frameCount - position, framesUntilNextDecision()));
        renderChunk(chunk, count);
        if (resumeFade_.ramping()) {
            for (int i = 0; i < count; ++i) {
                const float gain = resumeFade_.next();
                chunk[2 * i] *= gain;
                chunk[2 * i + 1] *= gain;
            }
        }
        // Per chunk, so a bus change decided at a chunk boundary (end fade, silence) starts on that frame.
        processRoom(chunk, room != nullptr ? room + 2 * position : nullptr, count);
        bus_.process(chunk, count);
        clock_ += count;
        position += count;
    }
    // After the session's own frames, from streams of its own: nothing of the session waits on it.
    preview_.render(preview, frameCount);
    if (preview_.failedSlot() >= 0) reportPreviewFailure();
    if (state_ != SessionState::NotStarted && state_ != SessionState::Ended) {
        decide();
        refreshStandbys();
    }
    recentPeak_ = std::max(recentPeak_ * 0.9f, bus_.takePeak());
}

// ---- events and the snapshot -----------------------------------------------------------------------------

SessionEvent PhaseConductor::makeEvent(EventKind kind, std::int64_t frame) const noexcept {
    SessionEvent event;
    event.kind = kind;
    event.sessionFrame = frame;
    event.sampleRate = settings_.sampleRate;
    event.wallClock = std::chrono::system_clock::now();
    event.phase = phase_;
    return event;
}

SessionEvent PhaseConductor::makeVoiceEvent(EventKind kind, std::int64_t frame,
                                            const mix::Voice& voice) const noexcept {
    SessionEvent event = makeEvent(kind, frame);
    event.track = voice.track;
    event.trackPositionSeconds = trackPositionSeconds(voice);
    return event;
}

// From the start of the track, not from where its stream was opened: after a resume the two differ, and
// the journal's position lines must stay true through a second interruption.
double PhaseConductor::trackPositionSeconds(const mix::Voice& voice) const noexcept {
    return static_cast<double>(voice.openedAtFrame + streams_.framesRead(voice.slot)) / settings_.sampleRate;
}

void PhaseConductor::emitTrackEnded(const mix::Voice& voice, std::int64_t frame) noexcept {
    emit(makeVoiceEvent(EventKind::TrackEnded, frame, voice));
}

void PhaseConductor::fillSnapshot(SessionSnapshot& snapshot) const noexcept {
    snapshot.state = state_;
    snapshot.sessionFrame = clock_;
    snapshot.sampleRate = settings_.sampleRate;
    snapshot.sessionSeconds = static_cast<double>(clock_) / settings_.sampleRate;
    snapshot.phase = phase_;
    snapshot.phaseCount = static_cast<int>(program_.phases.size());
    snapshot.phaseElapsedSeconds =
        phase_ >= 0 ? static_cast<double>(clock_ - phaseStartFrame_) / settings_.sampleRate : 0.0;
    snapshot.held = held_;
    snapshot.awaitingOperator = awaitingOperator_;
    snapshot.phases = phaseTimings_;
    snapshot.currentTrack = {};
    snapshot.trackPositionSeconds = 0.0;
    snapshot.trackDurationSeconds = 0.0;
    if (lead_ >= 0) {
        const mix::Voice& voice = voices_[static_cast<std::size_t>(lead_)];
        snapshot.currentTrack = voice.track;
        snapshot.trackPositionSeconds = trackPositionSeconds(voice);
        const std::int64_t length = streams_.lengthFrames(voice.slot);
        const TrackEntry* entry = tracks_.find(voice.track);
        snapshot.trackDurationSeconds =
            length >= 0        ? static_cast<double>(voice.openedAtFrame + length) / settings_.sampleRate
            : entry != nullptr ? entry->durationSeconds
                               : 0.0;
    }
    snapshot.nextTrack = standbys_[static_cast<std::size_t>(StandbyRole::Successor)].track;
    snapshot.masterVolume = bus_.volume();
    snapshot.volumeCeilingDbfs = program_.volumeCeilingDbfs;
    snapshot.talkOver = talkOver_;
    snapshot.outputPeakDbfs = recentPeak_ > 1e-6f ? 20.0 * std::log10(recentPeak_) : -120.0;
    snapshot.activeFaults = activeFaults_;
    preview_.fillSnapshot(snapshot.preview);
    for (int choice = 0; choice < kPreviewChoiceCount; ++choice) {
        const auto which = static_cast<PreviewChoice>(choice);
        snapshot.preview.candidates[static_cast<std::size_t>(choice)] =
            which == PreviewChoice::Track || !preview_.enabled() ? TrackRef{}
                                                                 : previewTarget({which, {}, {}});
    }
    fillResumeState(snapshot.resume);
}

void PhaseConductor::fillResumeState(ResumeState& resume) const noexcept {
    resume = ResumeState{};
    const bool running =
        state_ == SessionState::Playing || state_ == SessionState::Silenced || state_ == SessionState::Ending;
    if (!running || phase_ < 0) return;
    resume.sampleRate = settings_.sampleRate;
    resume.frame = clock_;
    resume.state = state_;
    resume.phase = phase_;
    resume.phaseStartFrame = phaseStartFrame_;
    resume.extensionFrames = extensionFrames_;
    resume.held = held_;
    resume.awaitingOperator = awaitingOperator_;
    resume.talkOver = talkOver_;
    resume.nextPhase = transitionPending_ ? nextPhase_ : -1;
    resume.boundaryFrame = transitionPending_ ? boundaryFrame_ : 0;
    resume.endingFrame = state_ == SessionState::Ending ? endingFrame_ : -1;
    if (transitionReason_ != nullptr) {
        std::strncpy(resume.reason.data(), transitionReason_, resume.reason.size() - 1);
    }
    const mix::MasterBus::State bus = bus_.state();
    resume.volume = bus.volume;
    resume.duck = bus.duck;
    resume.presence = bus.presence;
    resume.hasRoomVolume = settings_.room.enabled;
    if (settings_.room.enabled) resume.roomVolume = roomBus_.state().volume;
    for (int i = 0; i < kMaxVoices; ++i) {
        const mix::Voice& voice = voices_[static_cast<std::size_t>(i)];
        if (!voice.active) continue;
        ResumeVoice& saved = resume.voices[static_cast<std::size_t>(resume.voiceCount++)];
        saved.index = i;
        saved.track = voice.track;
        saved.trackFrame = voice.openedAtFrame + streams_.framesRead(voice.slot);
        saved.startFrame = voice.startFrame;
        saved.fade = voice.fade.state();
        saved.lead = i == lead_;
        saved.leaving = voice.leaving;
        saved.trackFadeOutStarted = voice.trackFadeOutStarted;
        saved.earlyEndHandled = voice.earlyEndHandled;
    }
    resume.groundingReturn = groundingReturn_;
    resume.groundingInterrupted = groundingInterrupted_;
    resume.phases = phaseTimings_;
}

}  // namespace stillpoint::session
