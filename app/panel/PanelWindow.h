// The operator panel's SDL2 window with an SDL_Renderer and its own Dear ImGui context. Also renders
// frames to pixels, for screenshots and tests (SDL's offscreen driver + the software renderer need no
// display server).
//
// Threads: the UI thread only.
#pragma once

#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <SDL.h>

#include "panel/PanelTheme.h"

struct ImGuiContext;
struct ImGuiIO;

namespace stillpoint::panel {

struct PanelWindowOptions {
    std::string title = "Stillpoint";
    int width = 1400;
    int height = 880;
    bool softwareRenderer = false;  // tests and screenshots: deterministic pixels
    float scale = 0.0f;             // type and spacing; 0 = from the window's size and the screen's DPI
};

struct CapturedFrame {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba;  // width * height * 4, rows top to bottom
};

// The pointer as the events a frame took left it. ImGui 1.86's SDL backend asks the X server where the
// pointer is now and SDL which buttons are down now: when frames come slower than a hand (a loaded
// machine, a large screen), a click released before the pointer moved on would be taken where the
// pointer went, or lost. The events say where and when.
class EventPointer {
public:
    void follow(const SDL_Event& event);
    // Overrides what the backend's NewFrame read (call between it and ImGui::NewFrame).
    void applyTo(ImGuiIO& io) const;

private:
    bool inside_ = false;  // a motion or a click seen since the pointer last left the window
    float x_ = 0.0f;
    float y_ = 0.0f;
    Uint32 buttons_ = 0;
};

class PanelWindow {
public:
    // Throws std::runtime_error saying why no window could be opened (e.g. no display).
    explicit PanelWindow(PanelWindowOptions options);
    ~PanelWindow();
    PanelWindow(const PanelWindow&) = delete;
    PanelWindow& operator=(const PanelWindow&) = delete;

    // The fonts at the current scale. The reference stays valid; its fonts change when the window is
    // resized enough to change the scale (between frames).
    const PanelFonts& fonts() const { return fonts_; }
    SDL_Window* window() const { return window_; }

    // Keys the content handles itself, which ImGui must not see (e.g. Tab in a form with its own order).
    void setOwnKeys(std::function<bool(const SDL_KeyboardEvent& key)> ownKeys) {
        ownKeys_ = std::move(ownKeys);
    }

    // Waits up to `timeoutMs` for input (no busy loop: an idle panel sleeps here), then hands the events
    // of one frame to `onEvent` after ImGui has seen them; `typing` says a text field has the keyboard.
    // Input that came faster than frames is spread over the next frames, in order (it does not wait
    // then): ImGui 1.86 knows only each key's state per frame, so a key pressed and released between two
    // frames would never have been pressed for it, and text typed after an Enter would reach the field
    // in the same frame as the Enter. Each frame takes at most one change of each key or mouse button,
    // one key that acts (Enter, Tab, Esc, arrows, Ctrl chords) and no text typed after it; text typed
    // right after Tab waits until the field it moved to has the keyboard.
    // Esc in a text field leaves it and keeps what was typed (ImGui alone would throw the text away).
    // Returns false once the operator asked to close the window.
    using EventHandler = std::function<void(const SDL_Event& event, bool typing)>;
    bool waitForEvents(int timeoutMs, const EventHandler& onEvent);
    // Input is held back for the next frames: draw one and come back for it without waiting.
    bool inputWaiting() const { return !laterFrames_.empty(); }
    // Keeps the window open after a close request (e.g. the session must be ended first).
    void cancelClose() { closeRequested_ = false; }

    // One ImGui frame: `drawContent` runs between NewFrame and Render; the result is shown.
    void renderFrame(const std::function<void()>& drawContent);
    // The same, read back before it is shown.
    CapturedFrame renderAndCapture(const std::function<void()>& drawContent);

private:
    void buildFrame(const std::function<void()>& drawContent);
    void rescaleIfNeeded();

    SDL_Window* window_ = nullptr;
    SDL_Renderer* renderer_ = nullptr;
    ImGuiContext* imgui_ = nullptr;
    PanelFonts fonts_;
    float fixedScale_ = 0.0f;
    bool closeRequested_ = false;
    bool leaveTextField_ = false;
    std::deque<SDL_Event> laterFrames_;  // input held back for the next frames (waitForEvents)
    bool textWaited_ = false;
    std::function<bool(const SDL_KeyboardEvent& key)> ownKeys_;
    EventPointer pointer_;
};

// Writes a frame as PNG. Throws std::runtime_error naming the file if it cannot be written.
void savePng(const CapturedFrame& frame, const std::filesystem::path& file);

}  // namespace stillpoint::panel
