// The operator panel drawn with Dear ImGui: the setup screen, then the session screen (phase and time
// left, timeline, now playing, transport with hotkeys, volume, alerts, vitals, markers, notes). It owns
// nothing but presentation and the text the operator is typing; every decision is the model's.
//
// Threads: the UI thread only (ImGui is not thread-safe).
#pragma once

#include <string>
#include <vector>

#include <SDL.h>
#include <imgui.h>

#include "panel/PanelTheme.h"
#include "panel/model/OperatorPanelModel.h"
#include "panel/model/VitalsEntry.h"

namespace stillpoint::panel {

class OperatorPanel {
public:
    OperatorPanel(OperatorPanelModel& model, PanelFonts fonts, std::vector<std::string> outputDevices = {});

    // Draws one frame's content into a window covering the whole display. Between ImGui::NewFrame() and
    // ImGui::Render().
    void draw();

    // Keyboard shortcuts (PanelHotkeys.h). Ignored while the operator types in a text field.
    void handleKeyEvent(const SDL_KeyboardEvent& key, bool typingInTextField);

    // Where the timeline bar was drawn in the last frame, in pixels (for tests and screenshots).
    ImVec2 timelineMin() const { return timelineMin_; }
    ImVec2 timelineMax() const { return timelineMax_; }

private:
    void drawSetup();
    void drawSession();
    void drawHeader();
    void drawClockAndTrack();
    void drawTimeline(float height);
    void drawTransport(float width);
    void drawVolume(float width);
    void drawSideColumn();
    void drawAlerts();
    void drawVitals();
    void drawMarkers(float width);
    void drawNotes();
    void drawEndConfirmation();

    bool transportButton(const char* label, const char* hotkey, ImVec2 size, bool highlighted = false);

    OperatorPanelModel& model_;
    PanelFonts fonts_;
    std::vector<std::string> outputDevices_;

    VitalsInput vitalsInput_;
    std::vector<std::string> vitalsProblems_;
    std::string noteText_;
    float volumeSlider_ = -1.0f;
    ImVec2 timelineMin_{};
    ImVec2 timelineMax_{};
};

}  // namespace stillpoint::panel
