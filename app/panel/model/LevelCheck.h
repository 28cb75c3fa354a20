// The level check before the start (docs/operator-guide.md): a short excerpt of the program's first track
// on the patient's or the room's output, at the level the session will give it, with a Stop; one output at
// a time. Each check is kept in the setup (SessionSetup::levelChecks), so the session's journal records
// what played, where, at what level, and who stopped it when. While one plays the session cannot start
// (checkSetup says so): the patient never hears the check and the session on top of each other.
//
// Threads: the control (UI) thread only. The player does its work (loudness, decoding, the device) off it.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "panel/model/OperatorRecord.h"
#include "panel/model/OutputChoice.h"

namespace stillpoint::panel {

// What plays the excerpt (live/LevelCheckPlayer.h; the tests' fake). Calls return at once.
class LevelCheckPlayer {
public:
    enum class State { Idle, Preparing, Playing, FadingOut, Finished, Failed };
    struct Status {
        State state = State::Idle;
        double playedSeconds = 0.0;
        std::string error;         // when Failed
        double volume = 0.0;       // linear, the output's
        double ceilingDbfs = 0.0;  // what it plays under
        double trackGainDb = 0.0;  // normalisation and trim of the track
    };
    virtual ~LevelCheckPlayer() = default;
    // Prepares and plays the excerpt on `device` as the session would play it on `output` (Patient or
    // Room); fades in, ends by itself with a fade after the excerpt.
    virtual void play(SetupOutput output, const std::string& device) = 0;
    // A short fade to silence, then the device is let go.
    virtual void fadeOut() = 0;
    // Polled every frame; Finished and Failed stay until the next play().
    virtual Status status() = 0;
};

class LevelCheck {
public:
    using WallClock = std::function<std::chrono::system_clock::time_point()>;

    LevelCheck(
        LevelCheckPlayer& player, SessionSetup& setup, std::string trackTitle, std::string trackFile,
        double excerptSeconds, WallClock now = [] { return std::chrono::system_clock::now(); });

    // Why a check on `output` cannot be played now, or nothing: another is playing, no consent to music
    // recorded, the room has no device.
    std::optional<std::string> cannotPlay(SetupOutput output) const;
    bool play(SetupOutput output);
    // The operator's Stop.
    void stop();
    // Each frame: follows the player, completes the record when a check ends, and stops a check whose
    // output the operator has changed in the meantime.
    void update();

    bool active() const { return playing_.has_value(); }
    std::optional<SetupOutput> output() const { return playing_; }
    bool fadingOut() const { return stopping_; }
    // "Playing "Dawn" on the headphones at 80 % (ceiling -6.0 dBFS, track +2.1 dB): 18 s left", or how the
    // last one ended; empty before the first.
    std::string statusLine() const;
    const std::string& trackTitle() const { return trackTitle_; }

private:
    void finish(const LevelCheckPlayer::Status& status, std::string stoppedBy);
    void fadeOutBy(std::string who);

    LevelCheckPlayer& player_;
    SessionSetup& setup_;
    std::string trackTitle_;
    std::string trackFile_;
    double excerptSeconds_;
    WallClock now_;

    std::optional<SetupOutput> playing_;
    std::string device_;  // the device of the check under way
    bool stopping_ = false;
    std::string stoppedBy_;
    journal::LevelCheckRecord current_;
    LevelCheckPlayer::Status last_;
    std::string lastLine_;
};

}  // namespace stillpoint::panel
