// The room's speakers and the preview's headphones (the outputs that follow the patient's) as the machine
// configuration sets them for this clinic, for the engine: written once for `play` and `render`.
#pragma once

#include <optional>

#include "config/MachineConfig.h"
#include "session/SessionEngine.h"

namespace stillpoint::cli {

// Turns the output on with its configured level (`volume` from the command line overrides it), its own
// ceiling and, for the room, whether talk-over ducks it.
template <typename FollowerOutputOptions>
void useOutputSettings(FollowerOutputOptions& output, const config::OutputSettings& settings,
                       std::optional<double> volume = std::nullopt) {
    output.enabled = true;
    if (settings.volume) output.initialVolume = *settings.volume;
    if (volume) output.initialVolume = *volume;
    output.ceilingDbfs = settings.ceilingDbfs;
    if constexpr (requires { output.talkOverDuckDb; })
        if (!settings.duckOnTalkOver) output.talkOverDuckDb = 0.0;
}

}  // namespace stillpoint::cli
