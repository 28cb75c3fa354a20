// Draws the preview card of the session screen with Dear ImGui: what to hear on the preview output (a
// choice of the next track, the calmer alternate, the grounding track, or any track of the program), from
// where, Play / Stop, and a position bar. Without a preview output it says so and offers nothing. The
// rules are PreviewControls' and OperatorPanelModel's; this only draws and forwards the clicks.
#pragma once

#include "panel/PanelTheme.h"
#include "panel/model/OperatorPanelModel.h"

namespace stillpoint::panel {

class PreviewView {
public:
    // The card's height (it draws exactly this tall, so the side column can plan for it).
    static float height(const OperatorPanelModel& model);
    void draw(OperatorPanelModel& model, float scale);
};

}  // namespace stillpoint::panel
