// An operator command on its way from the control thread to the audio thread (plain data, queued).
#pragma once

#include <cstdint>

#include "session/PreviewRequest.h"
#include "session/SessionEvent.h"

namespace stillpoint::session {

struct SessionCommand {
    Action action = Action::Start;
    double value = 0.0;        // minutes for ExtendPhase, linear volume for SetMasterVolume
    std::uint32_t seq = 0;     // numbered by SessionEngine::apply; echoed in the OperatorAction event
    PreviewRequest preview{};  // Action::Preview: what to hear
};

}  // namespace stillpoint::session
