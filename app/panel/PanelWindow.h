// The operator panel's SDL2 window with an SDL_Renderer and its own Dear ImGui context. Also renders
// frames to pixels, for screenshots and tests (SDL's offscreen driver + the software renderer need no
// display server).
//
// Threads: the UI thread only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <SDL.h>

#include "panel/PanelTheme.h"

struct ImGuiContext;

namespace stillpoint::panel {

struct PanelWindowOptions {
    std::string title = "Stillpoint";
    int width = 1400;
    int height = 880;
    bool softwareRenderer = false;  // tests and screenshots: deterministic pixels
    float scale = 1.0f;             // type and spacing
};

struct CapturedFrame {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba;  // width * height * 4, rows top to bottom
};

class PanelWindow {
public:
    // Throws std::runtime_error saying why no window could be opened (e.g. no display).
    explicit PanelWindow(PanelWindowOptions options);
    ~PanelWindow();
    PanelWindow(const PanelWindow&) = delete;
    PanelWindow& operator=(const PanelWindow&) = delete;

    const PanelFonts& fonts() const { return fonts_; }
    SDL_Window* window() const { return window_; }

    // Waits up to `timeoutMs` for input (no busy loop: an idle panel sleeps here), then hands every
    // pending event to `onEvent` after ImGui has seen it; `typing` says a text field has the keyboard.
    // Returns false once the operator asked to close the window.
    using EventHandler = std::function<void(const SDL_Event& event, bool typing)>;
    bool waitForEvents(int timeoutMs, const EventHandler& onEvent);
    // Keeps the window open after a close request (e.g. the session must be ended first).
    void cancelClose() { closeRequested_ = false; }

    // One ImGui frame: `drawContent` runs between NewFrame and Render; the result is shown.
    void renderFrame(const std::function<void()>& drawContent);
    // The same, read back before it is shown.
    CapturedFrame renderAndCapture(const std::function<void()>& drawContent);

private:
    void buildFrame(const std::function<void()>& drawContent);

    SDL_Window* window_ = nullptr;
    SDL_Renderer* renderer_ = nullptr;
    ImGuiContext* imgui_ = nullptr;
    PanelFonts fonts_;
    bool closeRequested_ = false;
};

// Writes a frame as PNG. Throws std::runtime_error naming the file if it cannot be written.
void savePng(const CapturedFrame& frame, const std::filesystem::path& file);

}  // namespace stillpoint::panel
