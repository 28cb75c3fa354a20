#include "editor/ListenPlayer.h"

#include <chrono>
#include <memory>
#include <utility>
#include <vector>

#include "audio/decode/AudioFileReader.h"
#include "audio/engine/output/LiveOutput.h"
#include "session/SessionEngine.h"

namespace stillpoint::editor {

namespace {

// How often the player's thread looks at the engine: the window's position moves in tenths of a second.
constexpr auto kPollEvery = std::chrono::milliseconds(20);
// What the output keeps queued (33 ms; up to 133 ms once grown on a busy machine), with room to spare.
constexpr auto kQueuePlaysOut = std::chrono::milliseconds(250);
// A stop waits for the end fade, and this much more, before it closes the device regardless.
constexpr double kStopGraceSeconds = 1.0;

std::optional<double> fileLength(const std::filesystem::path& file) {
    try {
        const audio::AudioFileInfo info = audio::AudioFileReader(file).info();
        if (info.sampleRate <= 0) return std::nullopt;
        return static_cast<double>(info.frames) / info.sampleRate;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace

ListenOptions ListenOptions::fromMachineConfig(const config::MachineConfig& config) {
    ListenOptions options;
    options.output = config.preview;
    return options;
}

ListenPlayer::ListenPlayer(ListenOptions options) : options_(std::move(options)) {
    status_.device = options_.output.device.empty() ? "the default output" : options_.output.device;
    thread_ = std::thread([this] { run(); });
}

ListenPlayer::~ListenPlayer() {
    {
        std::lock_guard lock(mutex_);
        quitting_ = true;
        stopRequested_ = true;
        waiting_.reset();
    }
    wake_.notify_all();
    thread_.join();
}

void ListenPlayer::play(ListenRequest request) {
    {
        std::lock_guard lock(mutex_);
        waiting_ = std::move(request);
        stopRequested_ = false;
        status_.problem.clear();
        if (status_.state == ListenState::Idle) status_.state = ListenState::Preparing;
    }
    wake_.notify_all();
}

void ListenPlayer::stop() {
    {
        std::lock_guard lock(mutex_);
        waiting_.reset();
        stopRequested_ = true;
    }
    wake_.notify_all();
}

ListenStatus ListenPlayer::status() const {
    std::lock_guard lock(mutex_);
    return status_;
}

bool ListenPlayer::interrupted() const {
    return waiting_.has_value() || stopRequested_ || quitting_;
}

void ListenPlayer::run() {
    while (true) {
        ListenRequest request;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return quitting_ || waiting_.has_value(); });
            if (quitting_) return;
            request = std::move(*waiting_);
            waiting_.reset();
            stopRequested_ = false;
            status_.state = ListenState::Preparing;
            status_.positionSeconds = 0.0;
        }
        playOne(std::move(request));
        std::lock_guard lock(mutex_);
        if (!waiting_) status_.state = ListenState::Idle;
    }
}

void ListenPlayer::playOne(ListenRequest request) {
    ListenPlan plan = request.track ? listenToTrack(request.program, *request.track, fileLength)
                                    : listenToPhaseChange(request.program, request.phase, fileLength);
    {
        std::lock_guard lock(mutex_);
        status_.label = plan.label;
        status_.lengthSeconds = plan.seconds;
        status_.crossfadeStartSeconds = plan.crossfadeStartSeconds;
        status_.crossfadeSeconds = plan.crossfadeSeconds;
        status_.problem = plan.problem;
        if (!plan.program) return;
    }
    plan.program->volumeCeilingDbfs =
        config::effectiveCeilingDbfs(options_.output, plan.program->volumeCeilingDbfs);
    session::SessionOptions sessionOptions;
    if (options_.output.volume) sessionOptions.initialMasterVolume = *options_.output.volume;
    sessionOptions.loudnessCacheFile = options_.loudnessCacheFile;
    sessionOptions.streamSlots = 8;
    std::unique_ptr<session::SessionEngine> engine;
    std::unique_ptr<audio::LiveOutput> output;
    try {
        engine = std::make_unique<session::SessionEngine>(*plan.program, sessionOptions);
        {
            std::lock_guard lock(mutex_);
            if (interrupted()) return;  // asked for something else while the loudness was measured
        }
        audio::OutputOptions outputOptions;
        outputOptions.deviceName = options_.output.device;
        outputOptions.sampleRate = sessionOptions.sampleRate;
        output = std::make_unique<audio::LiveOutput>(*engine, outputOptions);
    } catch (const std::exception& error) {
        std::lock_guard lock(mutex_);
        status_.problem = std::string("Cannot listen: ") + error.what();
        return;
    }
    engine->apply(session::Action::Start);
    output->start();
    std::vector<session::SessionEvent> events;
    bool ending = false;
    auto endAsked = std::chrono::steady_clock::now();
    const auto longestStop = std::chrono::duration<double>(kListenEndFadeSeconds + kStopGraceSeconds);
    while (true) {
        std::this_thread::sleep_for(kPollEvery);
        events.clear();
        engine->drainEvents(events);
        const session::SessionSnapshot snapshot = engine->snapshot();
        std::lock_guard lock(mutex_);
        status_.positionSeconds = snapshot.sessionSeconds;
        if (snapshot.state == session::SessionState::Ended) break;
        if (!ending) {
            status_.state = ListenState::Playing;
            if (interrupted()) {
                engine->apply(session::Action::EndSession);  // the end fade: never a cut
                ending = true;
                endAsked = std::chrono::steady_clock::now();
                status_.state = ListenState::Stopping;
            }
        } else if (std::chrono::steady_clock::now() - endAsked > longestStop) {
            break;
        }
    }
    // The device still holds the last of the fade in its queue: let it play out before closing.
    std::this_thread::sleep_for(kQueuePlaysOut);
    output->stop();
}

}  // namespace stillpoint::editor
