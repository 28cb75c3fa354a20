// Plays what the author listens to in the editor: a ListenPlan's program through a SessionEngine on a
// LiveOutput (the preview device of the machine configuration, else the default device), so it sounds as
// the session will. Everything slow happens on a thread of its own: reading the files' lengths, the
// engine's loudness measuring, opening the device. The window asks and looks, and never waits.
//
// Threads: play(), stop() and status() from the UI thread; the work on the player's own thread.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "config/MachineConfig.h"
#include "editor/ListenProgram.h"
#include "program/Program.h"

namespace stillpoint::editor {

struct ListenOptions {
    // The device (empty: the system's default), the volume (unset: the engine's default) and the ceiling
    // (only ever lowers the program's), as [outputs.preview] gives them.
    config::OutputSettings output;
    std::filesystem::path loudnessCacheFile;  // empty: the user's shared cache

    // The machine configuration's preview output; without one, the default device.
    static ListenOptions fromMachineConfig(const config::MachineConfig& config);
};

// What a listen is: a track, or a phase's change into the next.
struct ListenRequest {
    program::Program program;  // the edited program as it stands
    std::optional<program::Track> track;
    int phase = -1;  // without a track: the change from this phase into the next
};

enum class ListenState { Idle, Preparing, Playing, Stopping };

struct ListenStatus {
    ListenState state = ListenState::Idle;
    std::string label;  // what plays, e.g. "Ocean drift" or "\"onset\" into \"peak\""
    std::string device;
    double positionSeconds = 0.0;
    double lengthSeconds = 0.0;
    double crossfadeStartSeconds = -1.0;  // a phase change: where its crossfade begins
    double crossfadeSeconds = 0.0;
    std::string problem;  // why the last listen could not play, for the window
};

class ListenPlayer {
public:
    explicit ListenPlayer(ListenOptions options);
    // Fades out what plays (the listen's end fade) before it returns.
    ~ListenPlayer();
    ListenPlayer(const ListenPlayer&) = delete;
    ListenPlayer& operator=(const ListenPlayer&) = delete;

    // Replaces what plays (which fades out first).
    void play(ListenRequest request);
    // Fades out what plays.
    void stop();
    ListenStatus status() const;

private:
    void run();
    void playOne(ListenRequest request);
    bool interrupted() const;  // a new request or a stop is waiting (lock held)

    ListenOptions options_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::optional<ListenRequest> waiting_;
    bool stopRequested_ = false;
    bool quitting_ = false;
    ListenStatus status_;
    std::thread thread_;
};

}  // namespace stillpoint::editor
