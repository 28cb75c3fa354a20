// The commands the panel sends to a running session. SessionEngine is a concrete class; this interface
// lets the view-model be tested with a recording fake and driven by the real engine through
// SessionEngineCommands.
#pragma once

#include <chrono>

namespace stillpoint::panel {

class SessionCommands {
public:
    virtual ~SessionCommands() = default;
    virtual void start() = 0;
    virtual void advancePhase() = 0;
    virtual void extendPhase(std::chrono::minutes by) = 0;
    virtual void hold() = 0;
    virtual void releaseHold() = 0;
    virtual void skipTrack() = 0;
    virtual void swapToAlternate() = 0;
    virtual void playGrounding() = 0;
    virtual void setMasterVolume(double linear) = 0;
    virtual void setTalkOver(bool on) = 0;
    virtual void silence() = 0;
    virtual void resume() = 0;
    virtual void endSession() = 0;
};

}  // namespace stillpoint::panel
