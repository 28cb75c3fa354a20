// The level check's sound (panel/model/LevelCheck.h): the program's first track played by an engine of its
// own, built with the very options of the session (normalisation, volume, ceiling, the room's bus), so the
// excerpt sounds at the level the session will give it: a one-phase program of that track alone, faded in,
// ended after the excerpt by the engine's own end fade, and on Stop by the same fade from the command.
//
// LevelCheckAudio is one check's engine and the AudioSource of its output (the tests render it through the
// loopback device); LevelCheckPlayer prepares it off the UI thread and plays it on a device of its own.
//
// Threads: LevelCheckAudio's constructor may block (loudness, decoding ahead): not on the UI thread. Its
// source() is pulled by one output thread; the rest on the control thread. LevelCheckPlayer: control
// thread.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audio/engine/output/LiveOutput.h"
#include "panel/model/LevelCheck.h"
#include "session/SessionEngine.h"

namespace stillpoint::live {

inline constexpr double kLevelCheckSeconds = 25.0;
inline constexpr std::chrono::milliseconds kLevelCheckFadeIn{1000};
inline constexpr std::chrono::milliseconds kLevelCheckFadeOut{1500};

// The track the level check plays: the first phase's first track (the first phase with tracks), else its
// bed; nothing when the program has none.
const program::Track* levelCheckTrack(const program::Program& program);

// The program a level check plays: that track alone, in one phase `excerptSeconds` long, faded in over at
// least kLevelCheckFadeIn, ending with a kLevelCheckFadeOut end fade; everything that sets its level (the
// target loudness, the ceiling, the track's trim) as in `program`. Throws if the program has no track.
program::Program levelCheckProgram(const program::Program& program, double excerptSeconds);

class LevelCheckAudio {
public:
    // `options`: the session's (its resume point is ignored). `output`: Patient or Room.
    LevelCheckAudio(const program::Program& program, session::SessionOptions options,
                    panel::SetupOutput output, double excerptSeconds = kLevelCheckSeconds);
    ~LevelCheckAudio();

    // What an output pulls: the engine's patient output, or the room's frames of the same pass.
    audio::AudioSource& source();
    void start();
    void fadeOut();
    // The end fade is over and the output is digital silence.
    bool ended();
    double playedSeconds();

    double volume() const { return volume_; }
    double ceilingDbfs() const { return ceilingDbfs_; }
    double trackGainDb() const { return trackGainDb_; }
    session::SessionEngine& engine() { return *engine_; }

private:
    class RoomSource;
    program::Program program_;
    std::unique_ptr<session::SessionEngine> engine_;
    std::unique_ptr<RoomSource> room_;
    double volume_ = 0.0;
    double ceilingDbfs_ = 0.0;
    double trackGainDb_ = 0.0;
    bool ended_ = false;
    std::vector<session::SessionEvent> events_;
};

class LevelCheckPlayer final : public panel::LevelCheckPlayer {
public:
    // Opens `device` for `source`; throws with a plain explanation. Tests open the null device.
    using OutputOpener = std::function<std::unique_ptr<audio::LiveOutput>(audio::AudioSource& source,
                                                                          const std::string& device)>;
    static OutputOpener openLiveOutput();

    LevelCheckPlayer(const program::Program& program, session::SessionOptions options,
                     OutputOpener openOutput = openLiveOutput(), double excerptSeconds = kLevelCheckSeconds);
    ~LevelCheckPlayer() override;

    void play(panel::SetupOutput output, const std::string& device) override;
    void fadeOut() override;
    Status status() override;

private:
    struct Prepared {
        std::unique_ptr<LevelCheckAudio> audio;
        std::unique_ptr<audio::LiveOutput> output;
    };
    void release();

    const program::Program& program_;
    session::SessionOptions options_;
    OutputOpener openOutput_;
    double excerptSeconds_;
    std::future<Prepared> preparing_;
    std::shared_ptr<std::atomic<bool>> cancelled_;
    Prepared current_;
    bool fadeAsked_ = false;
    std::optional<std::chrono::steady_clock::time_point> endedAt_;
    Status status_;
};

}  // namespace stillpoint::live
