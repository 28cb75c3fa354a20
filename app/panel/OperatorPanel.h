// The operator panel drawn with Dear ImGui: the setup screen, then the session screen (phase and time
// left, timeline, now playing, transport with hotkeys, volume, alerts, vitals, markers, notes), and the
// end-of-session screen. It owns nothing but presentation and the text the operator is typing; every
// decision is the model's. Everything is sized from the fonts' scale (PanelLayout.h), so the layout is the
// same at every window size, and the window scrolls rather than clip if it is still too small.
//
// Threads: the UI thread only (ImGui is not thread-safe).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <SDL.h>
#include <imgui.h>

#include "panel/PanelTheme.h"
#include "panel/PreviewView.h"
#include "panel/model/LevelCheck.h"
#include "panel/model/OperatorPanelModel.h"
#include "panel/model/OutputChoice.h"
#include "panel/model/VitalsEntry.h"

namespace stillpoint::panel {

// What the end-of-session screen offers; an empty function hides its button.
struct EndScreenActions {
    std::function<void()> openReport;
    std::function<void()> openFolder;
    std::function<void()> newSession;
    // Draws the post-session form (how the music landed) in the region the end screen gives it, once the
    // operator has opened it; empty: no form is offered.
    std::function<void()> drawPostSessionForm;
};

// What the setup screen offers besides the session: the program editor on this program, or on a new one;
// an empty function hides its button.
struct StartScreenActions {
    std::function<void()> editProgram;
    std::function<void()> newProgram;
};

// The window's question at start-up when an interrupted session was found (for a panel started without a
// terminal). Draws one frame of it; returns true for Resume, false for a new session, nothing until the
// operator has chosen.
std::optional<bool> drawResumeOffer(const ResumeOffer& offer, const PanelFonts& fonts);

class OperatorPanel {
public:
    OperatorPanel(OperatorPanelModel& model, const PanelFonts& fonts,
                  std::vector<std::string> outputDevices = {});

    void setEndScreenActions(EndScreenActions actions) { endActions_ = std::move(actions); }
    void setStartScreenActions(StartScreenActions actions) { startActions_ = std::move(actions); }
    // A line about the program under its name on the setup screen (e.g. why an edit of it was not taken
    // up); empty: none.
    void setProgramNotice(std::string text) { programNotice_ = std::move(text); }
    // A badge in the header while the session can be reached from the network (an OSC port bound to
    // other than this machine), e.g. "OSC OPEN 192.168.1.5:9000"; empty: none.
    void setNetworkBadge(std::string text) { networkBadge_ = std::move(text); }
    // The setup screen's outputs (the room's and the preview's beside the patient's, Save for this
    // machine) and its level check; without them it offers the patient's output alone.
    void setOutputChoice(OutputChoice* choice) { outputChoice_ = choice; }
    void setLevelCheck(LevelCheck* check) { levelCheck_ = check; }

    // Draws one frame's content into a window covering the whole display. Between ImGui::NewFrame() and
    // ImGui::Render().
    void draw();

    // Every key event, with whether a text field has the keyboard: shortcuts (through the model, which
    // keeps typed text from becoming commands) and the setup form's own Tab order.
    void handleKeyEvent(const SDL_KeyboardEvent& key, bool typingInTextField);
    // Keys the panel handles itself, kept from ImGui (PanelWindow::setOwnKeys): Tab and Enter in setup,
    // Enter in the note field.
    bool ownsKey(const SDL_KeyboardEvent& key) const;

    // Where the timeline bar was drawn in the last frame, in pixels (for tests and screenshots).
    ImVec2 timelineMin() const { return timelineMin_; }
    ImVec2 timelineMax() const { return timelineMax_; }
    // Whether the last frame's content was taller than the window (it then scrolls).
    bool contentScrolls() const { return contentScrolls_; }

private:
    void drawSetup();
    void drawLevelCheck(const std::function<bool(const char*, bool)>& button);
    void drawSession();
    void drawHeader();
    void drawClockAndTrack();
    void drawTimeline(float height);
    void drawTransport(float width);
    void drawFeedbackLine();
    void drawVolume(float width);
    void drawSideColumn(float height);
    void drawAlerts(float maxHeight);
    void drawVitals();
    void drawMarkers(float width);
    void drawNotes(float minHeight);
    void drawEndSummary(float width);
    void drawPostSessionForm(float width);
    void drawEndConfirmation();

    bool transportButton(const char* label, const char* id, const char* hotkey, ImVec2 size,
                         bool highlighted = false);
    void setupItem(int index, bool textField);
    bool setupListOpen() const;
    float px(float designPixels) const { return designPixels * fonts_.scale; }

    OperatorPanelModel& model_;
    const PanelFonts& fonts_;
    std::vector<std::string> outputDevices_;
    EndScreenActions endActions_;
    StartScreenActions startActions_;
    std::string programNotice_;
    std::string networkBadge_;
    OutputChoice* outputChoice_ = nullptr;
    LevelCheck* levelCheck_ = nullptr;

    VitalsInput vitalsInput_;
    PreviewView previewView_;
    std::vector<std::string> vitalsProblems_;
    std::string noteText_;
    bool noteFieldActive_ = false;  // the note field has the keyboard (last frame)
    bool noteEntered_ = false;      // Enter was pressed in it: the field adds its note in the next frame
    std::vector<int> openAlertDetails_;
    double volumeDragStart_ = 0.0;
    float alertsContentHeight_ = 0.0f;
    ImVec2 timelineMin_{};
    ImVec2 timelineMax_{};
    bool contentScrolls_ = false;
    bool postSessionFormOpen_ = false;

    // The setup form's keyboard order: which item has the focus, and a pending move (Tab / Shift+Tab).
    int setupFocus_ = -1;
    int setupMove_ = 0;
    int setupItems_ = 0;
    bool setupEnter_ = false;
    bool setupChoose_ = false;  // Enter in an open list: choose its highlighted entry
};

}  // namespace stillpoint::panel
