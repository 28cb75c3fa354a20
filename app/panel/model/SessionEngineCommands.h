// Forwards panel commands to a SessionEngine. Header-only so that the view-model library does not link
// the engine: only the executable that owns an engine instantiates this.
#pragma once

#include "panel/model/SessionCommands.h"
#include "session/SessionEngine.h"

namespace stillpoint::panel {

class SessionEngineCommands final : public SessionCommands {
public:
    explicit SessionEngineCommands(session::SessionEngine& engine) : engine_(engine) {}
    void start() override { engine_.start(); }
    void advancePhase() override { engine_.advancePhase(); }
    void extendPhase(std::chrono::minutes by) override { engine_.extendPhase(by); }
    void hold() override { engine_.hold(); }
    void releaseHold() override { engine_.releaseHold(); }
    void skipTrack() override { engine_.skipTrack(); }
    void swapToAlternate() override { engine_.swapToAlternate(); }
    void playGrounding() override { engine_.playGrounding(); }
    void setMasterVolume(double linear) override { engine_.setMasterVolume(linear); }
    void setTalkOver(bool on) override { engine_.setTalkOver(on); }
    void silence() override { engine_.silence(); }
    void resume() override { engine_.resume(); }
    void endSession() override { engine_.endSession(); }

private:
    session::SessionEngine& engine_;
};

}  // namespace stillpoint::panel
