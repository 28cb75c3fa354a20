#include "session/SessionEngine.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <thread>

#include "audio/decode/AudioFileReader.h"
#include "audio/engine/stream/StreamPool.h"
#include "audio/loudness/LoudnessCache.h"
#include "session/PhaseConductor.h"
#include "session/SessionCommand.h"
#include "session/SnapshotSeqlock.h"
#include "session/SpscQueue.h"
#include "session/StreamProvider.h"
#include "session/TrackTable.h"

namespace stillpoint::session {

namespace {

// The StreamPool behind the conductor's stream interface.
class PoolStreams final : public StreamProvider {
public:
    explicit PoolStreams(audio::StreamPool& pool) : pool_(pool) {}
    int acquire(std::uint32_t sourceId, double offsetSeconds) noexcept override {
        return pool_.acquire(sourceId, offsetSeconds);
    }
    audio::StreamStatus status(int slot) const noexcept override { return pool_.status(slot); }
    int read(int slot, float* out, int frames) noexcept override { return pool_.read(slot, out, frames); }
    bool finished(int slot) const noexcept override { return pool_.finished(slot); }
    std::int64_t lengthFrames(int slot) const noexcept override { return pool_.lengthFrames(slot); }
    bool lengthExact(int slot) const noexcept override { return pool_.lengthExact(slot); }
    std::int64_t framesRead(int slot) const noexcept override { return pool_.framesRead(slot); }
    audio::StreamFault fault(int slot) const noexcept override { return pool_.fault(slot); }
    const char* faultDetail(int slot) const noexcept override { return pool_.faultDetail(slot); }
    void release(int slot) noexcept override { pool_.release(slot); }

private:
    audio::StreamPool& pool_;
};

class QueuedEvents final : public EventSink {
public:
    void emit(const SessionEvent& event) noexcept override {
        if (!queue.push(event)) dropped.fetch_add(1, std::memory_order_relaxed);
    }
    SpscQueue<SessionEvent, 4096> queue;
    std::atomic<std::uint64_t> dropped{0};
};

std::int64_t framesOf(double seconds, int sampleRate) {
    return static_cast<std::int64_t>(std::llround(seconds * sampleRate));
}

// A resume point from a journal that recorded no state: the track at its position, at full level, in the
// phase at its time and extension, at the volume.
ResumeState stateFromSummary(const ResumePoint& point, int sampleRate) {
    ResumeState state;
    state.sampleRate = sampleRate;
    state.frame = framesOf(point.sessionSeconds, sampleRate);
    state.phase = point.phase;
    state.phaseStartFrame = state.frame - framesOf(point.phaseElapsedSeconds, sampleRate);
    state.extensionFrames = framesOf(point.phaseExtensionSeconds, sampleRate);
    const auto volume = static_cast<float>(std::clamp(point.masterVolume, 0.0, 1.0));
    state.volume = {volume, volume, 0, 0, mix::RampShape::Linear};
    state.duck = {1.0f, 1.0f, 0, 0, mix::RampShape::Linear};
    state.presence = {1.0f, 1.0f, 0, 0, mix::RampShape::Linear};
    if (point.track.valid()) {
        ResumeVoice& voice = state.voices[0];
        voice.track = point.track;
        voice.trackFrame = framesOf(std::max(0.0, point.trackPositionSeconds), sampleRate);
        voice.startFrame = state.frame;
        voice.fade = {1.0f, 1.0f, 0, 0, mix::RampShape::Linear};
        voice.lead = true;
        state.voiceCount = 1;
    }
    return state;
}

}  // namespace

class SessionEngine::Impl {
public:
    Impl(const program::Program& program, SessionOptions options)
        : program_(program), options_(std::move(options)), tracks_(checked(program_), options_.sampleRate) {
        measureLoudness();
        // A preview and the one it replaces take streams of their own, never the session's.
        pool_ = std::make_unique<audio::StreamPool>(
            options_.sampleRate, [this](std::uint32_t id) { return tracks_.streamSource(id); },
            options_.streamSlots + (options_.preview.enabled ? 2 : 0));
        streams_ = std::make_unique<PoolStreams>(*pool_);
        ConductorSettings settings;
        settings.sampleRate = options_.sampleRate;
        settings.initialMasterVolume = static_cast<float>(std::clamp(options_.initialMasterVolume, 0.0, 1.0));
        settings.talkOverDuckDb = options_.talkOverDuckDb;
        settings.talkOverRamp = options_.talkOverRamp;
        settings.silenceFade = options_.silenceFade;
        settings.volumeRamp = options_.volumeRamp;
        settings.resumeFadeIn = options_.resumeFadeIn;
        settings.room.enabled = options_.room.enabled;
        settings.room.initialVolume = static_cast<float>(std::clamp(options_.room.initialVolume, 0.0, 1.0));
        settings.room.ceilingDbfs =
            std::min(options_.room.ceilingDbfs.value_or(0.0), program_.volumeCeilingDbfs);
        settings.room.talkOverDuckDb = options_.room.talkOverDuckDb;
        settings.preview.enabled = options_.preview.enabled;
        settings.preview.initialVolume =
            static_cast<float>(std::clamp(options_.preview.initialVolume, 0.0, 1.0));
        settings.preview.ceilingDbfs =
            std::min(options_.preview.ceilingDbfs.value_or(0.0), program_.volumeCeilingDbfs);
        conductor_ = std::make_unique<PhaseConductor>(program_, tracks_, *streams_, events_, settings);
        if (options_.resumeFrom) {
            const ResumePoint& resume = *options_.resumeFrom;
            resumeState_ = resume.state.valid() ? resume.state.atRate(options_.sampleRate)
                                                : stateFromSummary(resume, options_.sampleRate);
            char detail[64];
            std::snprintf(detail, sizeof detail, "resumed after %.0f s", std::max(0.0, resume.gapSeconds));
            conductor_->setStartPoint(resumeState_, detail);
            const int stateRate = resume.state.valid() ? resume.state.sampleRate : options_.sampleRate;
            for (ReplayedAction action : resume.actions) {
                if (action.frame >= 0)
                    action.frame = action.frame * options_.sampleRate / std::max(1, stateRate);
                replay_.push_back(action);
            }
            std::stable_sort(replay_.begin(), replay_.end(),
                             [](const auto& a, const auto& b) { return a.frame < b.frame; });
        }
        conductor_->prepareStart();
        primeBuffer_.assign(static_cast<std::size_t>(2 * std::max(1, conductor_->latencyFrames())), 0.0f);
        publishSnapshot();
    }

    ~Impl() {
        // The pool's decode thread calls the resolver, which reads tracks_: stop it first.
        pool_.reset();
    }

    std::uint32_t command(Action action, double value, const PreviewRequest& preview = {}) {
        const SessionCommand command{action, value, ++lastCommandSeq_, preview};
        if (action == Action::EndSession) pendingEndSeq_ = command.seq;
        if (!commands_.push(command)) droppedCommands_.push_back(command);
        return command.seq;
    }

    void render(float* out, float* room, float* preview, int frames) noexcept {
        if (!claimConductor(kAudioThread)) {
            // The control thread is ending the session this moment, the device having been lost (see
            // endIfNoOutput): nothing of this session is to be heard any more.
            std::fill(out, out + 2 * frames, 0.0f);
            if (room != nullptr) std::fill(room, room + 2 * frames, 0.0f);
            if (preview != nullptr) std::fill(preview, preview + 2 * frames, 0.0f);
            return;
        }
        SessionCommand command;
        while (nextCommand(command, frames)) applyCommand(command);
        if (frames == 0) {
            // Commands only: an offline render opens a preview's stream here, then waits for it to be
            // decoded, so the preview starts on its action's frame.
            publishSnapshot();
            releaseConductor();
            return;
        }
        int done = 0;
        while (done < frames) {
            int count = frames - done;
            if (nextReplay_ < replay_.size() && conductor_->state() != SessionState::NotStarted) {
                const ReplayedAction& action = replay_[nextReplay_];
                const std::int64_t due = action.frame - conductor_->sessionFrame();
                if (due <= 0) {
                    conductor_->apply(SessionCommand{action.action, action.value});
                    ++nextReplay_;
                    continue;
                }
                count = static_cast<int>(std::min<std::int64_t>(count, due));
            }
            conductor_->render(out + 2 * done, count, room != nullptr ? room + 2 * done : nullptr,
                               preview != nullptr ? preview + 2 * done : nullptr);
            done += count;
        }
        publishSnapshot();
        releaseConductor();
    }

    void applyCommand(const SessionCommand& command) noexcept {
        const bool notStarted = conductor_->state() == SessionState::NotStarted;
        conductor_->apply(command);
        // A resumed session continues the clock of the one interrupted, lookahead included.
        if (notStarted && conductor_->state() != SessionState::NotStarted && !conductor_->resuming()) {
            // Run the conductor through the limiter's lookahead once, so output frame n of the session
            // is session frame n and event frames line up with the audio.
            conductor_->render(primeBuffer_.data(), static_cast<int>(primeBuffer_.size() / 2));
        }
    }

    // The conductor is run by one thread at a time: the audio thread in render(), or, for the moment it
    // takes to end a session whose device is gone, the control thread (endIfNoOutput). The hand-over
    // (acquire/release) also hands over the consumer side of the command queue and the producer side of
    // the event queue.
    bool claimConductor(int by) noexcept {
        int free = kNobody;
        return conductorOwner_.compare_exchange_strong(free, by, std::memory_order_acquire);
    }
    void releaseConductor() noexcept { conductorOwner_.store(kNobody, std::memory_order_release); }

    // Control thread. Without an output device nothing calls render(), so an end would wait for the
    // device forever; and nothing can be heard, so there is no fade to wait for. An end the operator asked
    // for, or one under way, completes here at once: the commands still queued are carried out in order
    // (the end among them), then the conductor ends the session without its fade. A device back in the
    // meantime is left to end it the usual way, with the fade.
    void endIfNoOutput() {
        if (deviceConnected_.load(std::memory_order_acquire)) return;
        const SessionState state = snapshot_.read().state;
        if (state == SessionState::Ended || (pendingEndSeq_ == 0 && state != SessionState::Ending)) return;
        // The audio thread holds the conductor at most for one render() call; it cannot hold it for long
        // while the device is gone.
        while (!claimConductor(kControlThread)) std::this_thread::yield();
        if (!deviceConnected_.load(std::memory_order_acquire)) {
            if (deferredStart_) {
                deferredStart_ = false;
                applyCommand(deferredStartCommand_);
            }
            SessionCommand command;
            while (commands_.pop(command)) applyCommand(command);
            conductor_->endWithoutOutput();
            publishSnapshot();
        }
        releaseConductor();
    }

    // The next command to apply. A start waits (up to kMaxStartWaitFrames) until the first track has
    // decoded ahead, so the session's frame 0 is music, not a starved stream.
    bool nextCommand(SessionCommand& command, int blockFrames) noexcept {
        if (deferredStart_) {
            if (!conductor_->readyToStart() && startWaitedFrames_ < kMaxStartWaitFrames) {
                startWaitedFrames_ += blockFrames;
                return false;
            }
            deferredStart_ = false;
            command = deferredStartCommand_;
            return true;
        }
        if (!commands_.pop(command)) return false;
        if (command.action == Action::Start && conductor_->state() == SessionState::NotStarted &&
            !conductor_->readyToStart()) {
            deferredStart_ = true;
            deferredStartCommand_ = command;
            startWaitedFrames_ = blockFrames;
            return false;
        }
        return true;
    }

    void publishSnapshot() noexcept {
        SessionSnapshot snapshot;
        conductor_->fillSnapshot(snapshot);
        // The conductor runs ahead of the output by the limiter's lookahead (also a resumed one before it
        // starts: its first output frames are the lookahead the interrupted session had not yet played).
        snapshot.sessionFrame =
            std::max<std::int64_t>(0, snapshot.sessionFrame - conductor_->latencyFrames());
        snapshot.sessionSeconds = static_cast<double>(snapshot.sessionFrame) / snapshot.sampleRate;
        if (options_.resumeFrom) {
            snapshot.resumed = true;
            snapshot.resumedAtSeconds = static_cast<double>(resumeState_.frame) / options_.sampleRate;
            snapshot.resumedAfterSeconds = options_.resumeFrom->gapSeconds;
        }
        snapshot_.publish(snapshot);
    }

    // The device state overlays what the audio thread last published: while no device is open nothing
    // renders, and the published clock is where the music stopped.
    SessionSnapshot snapshot() const {
        SessionSnapshot snapshot = snapshot_.read();
        snapshot.deviceConnected = deviceConnected_.load(std::memory_order_acquire);
        snapshot.preview.deviceConnected = preview_.connected.load(std::memory_order_acquire);
        if (!snapshot.deviceConnected) ++snapshot.activeFaults;
        return snapshot;
    }

    std::size_t drainEvents(std::vector<SessionEvent>& out) {
        const std::size_t before = out.size();
        SessionEvent event;
        const auto take = [&] {
            while (events_.queue.pop(event)) {
                if (event.kind == EventKind::OperatorAction && event.commandSeq == pendingEndSeq_)
                    pendingEndSeq_ = 0;
                out.push_back(event);
            }
        };
        take();
        reportLosses(out);
        noticeDeviceChanges(out);
        noticeUnderruns(out);
        noticeFollowerChanges(room_, FaultKind::RoomOutputLost, out);
        noticeFollowerChanges(preview_, FaultKind::PreviewOutputLost, out);
        endIfNoOutput();
        take();
        return out.size() - before;
    }

    // What a full queue lost, as events of their own (control thread: these never pass the queue).
    void reportLosses(std::vector<SessionEvent>& out) {
        if (droppedCommands_.empty() && events_.dropped.load(std::memory_order_relaxed) == reportedDrops_)
            return;
        const SessionSnapshot now = snapshot_.read();
        auto eventNow = [&](EventKind kind) {
            SessionEvent lost;
            lost.kind = kind;
            lost.sessionFrame = now.sessionFrame;
            lost.sampleRate = options_.sampleRate;
            lost.wallClock = std::chrono::system_clock::now();
            lost.phase = now.phase;
            return lost;
        };
        for (const SessionCommand& command : droppedCommands_) {
            if (command.seq == pendingEndSeq_) pendingEndSeq_ = 0;
            SessionEvent refused = eventNow(EventKind::OperatorAction);
            refused.action = command.action;
            refused.value = command.value;
            refused.commandSeq = command.seq;
            refused.refusal = Refusal::QueueFull;
            out.push_back(refused);
            SessionEvent fault = eventNow(EventKind::Fault);
            fault.fault = FaultKind::CommandDropped;
            fault.setDetail(std::string(commandSpec(command.action).label) +
                            " was not carried out (too many commands at once); press it again");
            out.push_back(fault);
        }
        droppedCommands_.clear();
        const std::uint64_t dropped = events_.dropped.load(std::memory_order_relaxed);
        if (dropped != reportedDrops_) {
            SessionEvent fault = eventNow(EventKind::Fault);
            fault.fault = FaultKind::EventsDropped;
            fault.setDetail(std::to_string(dropped - reportedDrops_) +
                            " session event(s) were lost (the event queue was full); the record has a gap");
            reportedDrops_ = dropped;
            out.push_back(fault);
        }
    }

    // Device loss is reported from here, on the control thread, because the audio thread does not run
    // while the device is gone. A loss and return between two calls is still reported (by the count).
    std::size_t noticeDeviceChanges(std::vector<SessionEvent>& out) {
        const std::uint32_t losses = deviceLosses_.load(std::memory_order_acquire);
        const bool connected = deviceConnected_.load(std::memory_order_acquire);
        std::size_t count = 0;
        if (losses != noticedDeviceLosses_) {
            if (!noticedDeviceConnected_) {
                out.push_back(deviceEvent(EventKind::FaultCleared));  // it was back in between
                ++count;
            }
            out.push_back(deviceEvent(EventKind::Fault));
            ++count;
            noticedDeviceLosses_ = losses;
            noticedDeviceConnected_ = false;
        }
        if (connected && !noticedDeviceConnected_) {
            out.push_back(deviceEvent(EventKind::FaultCleared));
            ++count;
            noticedDeviceConnected_ = true;
        }
        return count;
    }

    // Gaps the patient's device played because its output was late, reported on the control thread (the
    // output's thread must not journal); several between two calls are one fault that counts them.
    void noticeUnderruns(std::vector<SessionEvent>& out) {
        const std::uint32_t underruns = underruns_.load(std::memory_order_acquire);
        if (underruns == noticedUnderruns_) return;
        SessionEvent event = deviceEvent(EventKind::Fault);
        event.fault = FaultKind::OutputUnderrun;
        const int queuedMs =
            underrunQueueFrames_.load(std::memory_order_relaxed) * 1000 / options_.sampleRate;
        const std::uint32_t count = underruns - noticedUnderruns_;
        event.setDetail("the headphones' output ran dry " +
                        (count == 1 ? std::string("once") : std::to_string(count) + " times") +
                        " (the computer was too busy): a short gap was heard; it now keeps " +
                        std::to_string(queuedMs) + " ms queued");
        noticedUnderruns_ = underruns;
        out.push_back(event);
    }

    // A device that follows the patient's (the room's, the preview's): lost or back, reported on the
    // control thread like the patient's (above), as its own fault: the session does not pause for it.
    struct FollowerDevice {
        std::atomic<bool> connected{true};
        std::atomic<std::uint32_t> losses{0};
        std::uint32_t noticedLosses = 0;  // control thread
        bool noticedConnected = true;     // control thread

        void report(bool now) noexcept {
            // A loss is counted before the state changes, so a reader that sees the new state sees it.
            if (!now && connected.load(std::memory_order_relaxed))
                losses.fetch_add(1, std::memory_order_release);
            connected.store(now, std::memory_order_release);
        }
    };

    void noticeFollowerChanges(FollowerDevice& device, FaultKind fault, std::vector<SessionEvent>& out) {
        const std::uint32_t losses = device.losses.load(std::memory_order_acquire);
        const bool connected = device.connected.load(std::memory_order_acquire);
        if (losses != device.noticedLosses) {
            if (!device.noticedConnected) out.push_back(followerEvent(fault, EventKind::FaultCleared));
            out.push_back(followerEvent(fault, EventKind::Fault));
            device.noticedLosses = losses;
            device.noticedConnected = false;
        }
        if (connected && !device.noticedConnected) {
            out.push_back(followerEvent(fault, EventKind::FaultCleared));
            device.noticedConnected = true;
        }
    }

    SessionEvent followerEvent(FaultKind fault, EventKind kind) const {
        SessionEvent event = deviceEvent(kind);
        event.fault = fault;
        const bool back = kind == EventKind::FaultCleared;
        if (fault == FaultKind::PreviewOutputLost)
            event.setDetail(back
                                ? "the preview output is back"
                                : "preview output lost: the preview headphones' device was disconnected; the "
                                  "session plays on");
        else
            event.setDetail(back ? "the room output is back, in step with the headphones"
                                 : "room output lost: the room speakers' device was disconnected; the "
                                   "headphones play on");
        return event;
    }

    SessionEvent deviceEvent(EventKind kind) const {
        const SessionSnapshot now = snapshot_.read();
        SessionEvent event;
        event.kind = kind;
        event.sessionFrame = now.sessionFrame;
        event.sampleRate = now.sampleRate;
        event.wallClock = std::chrono::system_clock::now();
        event.phase = now.phase;
        event.track = now.currentTrack;
        event.trackPositionSeconds = now.trackPositionSeconds;
        event.fault = FaultKind::DeviceLost;
        const bool running = now.state != SessionState::NotStarted && now.state != SessionState::Ended;
        const auto clock = static_cast<long>(now.sessionSeconds);
        char detail[sizeof event.detail];
        if (kind == EventKind::FaultCleared)
            std::snprintf(detail, sizeof detail, "the output device is back%s",
                          running ? "; the music and the session clock go on from where they stopped" : "");
        else if (running)
            std::snprintf(detail, sizeof detail,
                          "the output device was lost; the music and the session clock are paused at "
                          "%ld:%02ld and go on from there when a device is back",
                          clock / 60, clock % 60);
        else
            std::snprintf(detail, sizeof detail, "the output device was lost");
        event.setDetail(detail);
        return event;
    }

    program::Program program_;
    SessionOptions options_;
    TrackTable tracks_;
    std::unique_ptr<audio::StreamPool> pool_;
    std::unique_ptr<PoolStreams> streams_;
    QueuedEvents events_;
    SpscQueue<SessionCommand, 256> commands_;
    std::uint32_t lastCommandSeq_ = 0;             // control thread
    std::uint32_t pendingEndSeq_ = 0;              // control thread: an end sent, its outcome not yet seen
    std::vector<SessionCommand> droppedCommands_;  // control thread: not queued, not yet reported
    std::uint64_t reportedDrops_ = 0;              // control thread
    std::unique_ptr<PhaseConductor> conductor_;
    SnapshotSeqlock<SessionSnapshot> snapshot_;
    std::vector<float> primeBuffer_;
    static constexpr int kMaxStartWaitFrames = 48000;  // a file slower than this to open starts anyway
    bool deferredStart_ = false;
    SessionCommand deferredStartCommand_;
    int startWaitedFrames_ = 0;
    static constexpr int kNobody = 0, kAudioThread = 1, kControlThread = 2;
    std::atomic<int> conductorOwner_{kNobody};
    std::atomic<bool> deviceConnected_{true};
    std::atomic<std::uint32_t> deviceLosses_{0};
    std::atomic<std::uint32_t> underruns_{0};
    std::atomic<int> underrunQueueFrames_{0};
    std::uint32_t noticedUnderruns_ = 0;     // control thread
    std::uint32_t noticedDeviceLosses_ = 0;  // control thread
    bool noticedDeviceConnected_ = true;     // control thread
    FollowerDevice room_;
    FollowerDevice preview_;
    ResumeState resumeState_;
    // What the operator did after the resume point was recorded, carried out again on the frames it first
    // acted on (sorted by frame; -1 = as the session resumes).
    std::vector<ReplayedAction> replay_;
    std::size_t nextReplay_ = 0;

private:
    static const program::Program& checked(const program::Program& program) {
        if (program.phases.empty()) {
            throw std::invalid_argument(
                program.sourceFile.string() +
                ": the program has no phases; add at least one [[phase]] with tracks");
        }
        // The parser refuses more; a program built in code must keep to it too.
        if (program.phases.size() > static_cast<std::size_t>(kMaxPhases)) {
            throw std::invalid_argument(program.sourceFile.string() + ": the program has " +
                                        std::to_string(program.phases.size()) + " phases; at most " +
                                        std::to_string(kMaxPhases) + " can be played");
        }
        return program;
    }

    void measureLoudness() {
        std::unique_ptr<audio::LoudnessCache> cache =
            options_.loudnessCacheFile.empty()
                ? std::make_unique<audio::LoudnessCache>()
                : std::make_unique<audio::LoudnessCache>(options_.loudnessCacheFile);
        for (TrackEntry& entry : tracks_.entries()) {
            try {
                const audio::LoudnessMeasurement measured = cache->measure(entry.track->file);
                entry.fileSampleRate = measured.sampleRate;
                entry.loudestShortTermLufs = measured.loudestShortTermLufs;
                entry.normalisationDb = audio::normalisationGainDb(measured, program_.targetLufs);
                const double gainDb = entry.normalisationDb + entry.track->gainDb;
                entry.gain = static_cast<float>(std::pow(10.0, gainDb / 20.0));
                entry.durationSeconds = program::playedSeconds(*entry.track, measured.durationSeconds);
            } catch (const std::exception&) {
                // The stream will fail to open too and the session reports it as a fault at that moment,
                // moving on to the next track; a missing file must not stop the session from starting.
                entry.gain = static_cast<float>(std::pow(10.0, entry.track->gainDb / 20.0));
            }
        }
        cache->save();
    }
};

SessionEngine::SessionEngine(const program::Program& program, SessionOptions options)
    : impl_(std::make_unique<Impl>(program, std::move(options))) {}

SessionEngine::~SessionEngine() = default;

std::uint32_t SessionEngine::apply(Action action, double value) {
    if (action == Action::SetMasterVolume || action == Action::SetRoomVolume ||
        action == Action::SetPreviewVolume)
        value = std::clamp(value, 0.0, 1.0);
    return impl_->command(action, value);
}

void SessionEngine::reportDeviceConnected(bool connected) noexcept {
    // A loss is counted before the state changes, so a reader that sees the new state sees the count.
    if (!connected && impl_->deviceConnected_.load(std::memory_order_relaxed))
        impl_->deviceLosses_.fetch_add(1, std::memory_order_release);
    impl_->deviceConnected_.store(connected, std::memory_order_release);
}

void SessionEngine::reportRoomConnected(bool connected) noexcept {
    impl_->room_.report(connected);
}

void SessionEngine::reportPreviewConnected(bool connected) noexcept {
    impl_->preview_.report(connected);
}

void SessionEngine::setPreviewOutputPresent(bool present) noexcept {
    impl_->conductor_->setPreviewOutputPresent(present);
}

std::uint32_t SessionEngine::preview(const PreviewRequest& request) {
    return impl_->command(Action::Preview, 0.0, request);
}

void SessionEngine::outputConnectionChanged(bool connected) noexcept {
    reportDeviceConnected(connected);
}

void SessionEngine::outputStarved(int queuedFrames) noexcept {
    impl_->underrunQueueFrames_.store(queuedFrames, std::memory_order_relaxed);
    impl_->underruns_.fetch_add(1, std::memory_order_release);
}

void SessionEngine::render(float* interleavedStereo, int frames) noexcept {
    impl_->render(interleavedStereo, nullptr, nullptr, frames);
}

void SessionEngine::renderOutputs(float* patient, float* room, int frames, float* preview) noexcept {
    impl_->render(patient, room, preview, frames);
}

SessionSnapshot SessionEngine::snapshot() const {
    return impl_->snapshot();
}

std::size_t SessionEngine::drainEvents(std::vector<SessionEvent>& out) {
    return impl_->drainEvents(out);
}

void SessionEngine::waitUntilStreamsReady() {
    impl_->pool_->waitUntilFilled();
}

const program::Program& SessionEngine::program() const {
    return impl_->program_;
}

}  // namespace stillpoint::session
