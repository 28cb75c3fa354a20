// How the panel sends a command to a running session. The live controller implements it on the real
// engine (SessionController); the view-model's tests use a recording fake.
#pragma once

#include <cstdint>

#include "session/CommandTable.h"
#include "session/PreviewRequest.h"

namespace stillpoint::panel {

class SessionCommands {
public:
    virtual ~SessionCommands() = default;
    // A command of the table (CommandTable.h) with its value (minutes, or linear volume). Returns the
    // sequence number the engine's outcome event for it will carry.
    virtual std::uint32_t send(session::Action action, double value = 0.0) = 0;
    // Action::Preview with what to hear on the preview output.
    virtual std::uint32_t sendPreview(const session::PreviewRequest& request) = 0;
};

}  // namespace stillpoint::panel
