// An operator command on its way from the control thread to the audio thread (plain data, queued).
#pragma once

#include "session/SessionEvent.h"

namespace stillpoint::session {

struct SessionCommand {
    Action action = Action::Start;
    double value = 0.0;  // minutes for ExtendPhase, linear volume for SetMasterVolume
};

}  // namespace stillpoint::session
