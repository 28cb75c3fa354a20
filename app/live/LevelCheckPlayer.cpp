#include "live/LevelCheckPlayer.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "audio/loudness/LoudnessCache.h"

namespace stillpoint::live {

namespace {

using Clock = std::chrono::steady_clock;
// The output's queue (33 ms; up to 133 ms once grown on a busy machine) still plays the end of the fade
// when the engine reports its end; the device is let go once that has been heard, so stopping it cuts
// nothing but silence.
constexpr std::chrono::milliseconds kQueuePlayOut{400};
constexpr int kRoomBlockFrames = 4096;

}  // namespace

// The room's frames of each pass; the patient's are rendered and dropped (the room's bus is fed the same
// mix, so both must be rendered).
class LevelCheckAudio::RoomSource final : public audio::AudioSource {
public:
    explicit RoomSource(session::SessionEngine& engine)
        : engine_(engine), patient_(static_cast<std::size_t>(2 * kRoomBlockFrames)) {}
    void render(float* interleavedStereo, int frames) noexcept override {
        for (int done = 0; done < frames;) {
            const int part = std::min(kRoomBlockFrames, frames - done);
            engine_.renderOutputs(patient_.data(), interleavedStereo + 2 * done, part);
            done += part;
        }
    }
    void outputConnectionChanged(bool connected) noexcept override {
        engine_.outputConnectionChanged(connected);
    }

private:
    session::SessionEngine& engine_;
    std::vector<float> patient_;
};

const program::Track* levelCheckTrack(const program::Program& program) {
    for (const auto& phase : program.phases)
        if (!phase.tracks.empty()) return &phase.tracks.front();
    if (!program.phases.empty() && program.phases.front().bed) return &*program.phases.front().bed;
    return nullptr;
}

program::Program levelCheckProgram(const program::Program& program, double excerptSeconds) {
    const program::Track* first = levelCheckTrack(program);
    if (first == nullptr) throw std::runtime_error("The program has no track to check the level with.");
    program::Program check = program;
    program::Track track = *first;
    track.alternates.clear();
    track.fadeIn = std::max(track.fadeIn, std::chrono::duration_cast<program::Duration>(kLevelCheckFadeIn));
    program::Phase phase;
    phase.name = "level check";
    phase.planned = program::Duration(static_cast<long>(std::lround(excerptSeconds * 1000.0)));
    phase.fill = program::FillPolicy::Loop;
    phase.tracks = {track};
    phase.where = program.phases.empty() ? program::SourceLocation{} : program.phases.front().where;
    check.phases = {phase};
    check.grounding.reset();
    check.endFade = kLevelCheckFadeOut;
    return check;
}

LevelCheckAudio::LevelCheckAudio(const program::Program& program, session::SessionOptions options,
                                 panel::SetupOutput output, double excerptSeconds)
    : program_(levelCheckProgram(program, excerptSeconds)) {
    options.resumeFrom.reset();
    const bool room = output == panel::SetupOutput::Room;
    if (room && !options.room.enabled) throw std::runtime_error("This session has no room output.");
    engine_ = std::make_unique<session::SessionEngine>(program_, options);
    if (room) room_ = std::make_unique<RoomSource>(*engine_);
    volume_ = room ? options.room.initialVolume : options.initialMasterVolume;
    ceilingDbfs_ = room ? std::min(options.room.ceilingDbfs.value_or(0.0), program_.volumeCeilingDbfs)
                        : program_.volumeCeilingDbfs;
    const program::Track& track = program_.phases.front().tracks.front();
    trackGainDb_ = track.gainDb;
    try {
        // The engine measured it a moment ago: this reads the same cache.
        auto cache = options.loudnessCacheFile.empty() ? audio::LoudnessCache()
                                                       : audio::LoudnessCache(options.loudnessCacheFile);
        trackGainDb_ += audio::normalisationGainDb(cache.measure(track.file), program_.targetLufs);
    } catch (const std::exception&) {
        // The engine reports an unreadable file as a fault and plays nothing; the trim alone is what it uses.
    }
}

LevelCheckAudio::~LevelCheckAudio() = default;

audio::AudioSource& LevelCheckAudio::source() {
    if (room_) return *room_;
    return *engine_;
}

void LevelCheckAudio::start() {
    engine_->apply(session::Action::Start);
}

void LevelCheckAudio::fadeOut() {
    engine_->apply(session::Action::EndSession);
}

bool LevelCheckAudio::ended() {
    events_.clear();
    engine_->drainEvents(events_);
    for (const auto& event : events_)
        if (event.kind == session::EventKind::SessionEnded) ended_ = true;
    return ended_;
}

double LevelCheckAudio::playedSeconds() {
    return engine_->snapshot().sessionSeconds;
}

LevelCheckPlayer::OutputOpener LevelCheckPlayer::openLiveOutput() {
    return [](audio::AudioSource& source, const std::string& device) {
        audio::OutputOptions options;
        options.deviceName = device;
        return std::make_unique<audio::LiveOutput>(source, options);
    };
}

LevelCheckPlayer::LevelCheckPlayer(const program::Program& program, session::SessionOptions options,
                                   OutputOpener openOutput, double excerptSeconds)
    : program_(program),
      options_(std::move(options)),
      openOutput_(std::move(openOutput)),
      excerptSeconds_(excerptSeconds) {
    options_.resumeFrom.reset();
}

LevelCheckPlayer::~LevelCheckPlayer() {
    if (cancelled_) cancelled_->store(true);
    if (preparing_.valid()) preparing_.wait();
    release();
}

void LevelCheckPlayer::release() {
    if (current_.output) current_.output->stop();
    current_ = {};
}

void LevelCheckPlayer::play(panel::SetupOutput output, const std::string& device) {
    if (cancelled_) cancelled_->store(true);
    if (preparing_.valid()) preparing_.wait();
    release();
    fadeAsked_ = false;
    status_ = {};
    status_.state = State::Preparing;
    cancelled_ = std::make_shared<std::atomic<bool>>(false);
    preparing_ = std::async(std::launch::async, [this, output, device, cancelled = cancelled_] {
        Prepared prepared;
        prepared.audio = std::make_unique<LevelCheckAudio>(program_, options_, output, excerptSeconds_);
        if (cancelled->load()) return prepared;
        prepared.output = openOutput_(prepared.audio->source(), device);
        prepared.audio->start();
        if (prepared.output) prepared.output->start();
        return prepared;
    });
}

void LevelCheckPlayer::fadeOut() {
    fadeAsked_ = true;
    if (cancelled_ && preparing_.valid()) cancelled_->store(true);
    if (current_.audio) current_.audio->fadeOut();
}

LevelCheckPlayer::Status LevelCheckPlayer::status() {
    if (preparing_.valid()) {
        if (preparing_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return status_;
        try {
            current_ = preparing_.get();
        } catch (const std::exception& error) {
            current_ = {};
            status_.state = State::Failed;
            status_.error = error.what();
            return status_;
        }
        if (!current_.output || fadeAsked_) {
            // Stopped before it was heard.
            release();
            status_.state = fadeAsked_ ? State::Finished : State::Failed;
            if (!fadeAsked_) status_.error = "no output device";
            return status_;
        }
        status_.state = State::Playing;
        status_.volume = current_.audio->volume();
        status_.ceilingDbfs = current_.audio->ceilingDbfs();
        status_.trackGainDb = current_.audio->trackGainDb();
    }
    if (!current_.audio) return status_;
    status_.playedSeconds = current_.audio->playedSeconds();
    if (status_.state == State::Playing && fadeAsked_) status_.state = State::FadingOut;
    if (current_.audio->ended()) {
        if (!endedAt_) endedAt_ = Clock::now();
        if (Clock::now() - *endedAt_ >= kQueuePlayOut) {
            release();
            endedAt_.reset();
            status_.state = State::Finished;
        }
    }
    return status_;
}

}  // namespace stillpoint::live
