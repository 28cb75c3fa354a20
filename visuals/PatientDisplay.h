// The patient display: a second window, fullscreen on a chosen screen, showing the calm colour field
// (ColourField.h) for the current phase. Changing phase starts a slow cross-fade, never a cut.
//
// Threads: the UI thread only (SDL video calls).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <SDL.h>

#include "visuals/ColourField.h"

namespace stillpoint::visuals {

struct PatientDisplayOptions {
    int displayIndex = 1;    // which screen; SDL numbers them from 0
    bool fullscreen = true;  // false: a window (for tests and a quick look)
    int width = 960;         // window size when not fullscreen
    int height = 540;
    bool softwareRenderer = false;
    ColourFieldOptions field;
};

class PatientDisplay {
public:
    // Throws std::runtime_error saying what is wrong (no such screen, no video) and what to do.
    explicit PatientDisplay(PatientDisplayOptions options);
    ~PatientDisplay();
    PatientDisplay(const PatientDisplay&) = delete;
    PatientDisplay& operator=(const PatientDisplay&) = delete;

    // Tells the display which phase is current ("" = none: fade to black). A change starts a cross-fade
    // from whatever is on screen at `now`.
    void setPhase(std::string_view phaseName, double now);

    // Draws the field at `now` (seconds on the caller's clock) and shows it.
    void draw(double now);
    // The same, returning the window's pixels (R G B A, rows top to bottom) before they are shown.
    std::vector<std::uint8_t> drawAndCapture(double now, int& width, int& height);

    std::uint32_t windowId() const { return SDL_GetWindowID(window_); }

private:
    void renderToWindow(double now);

    PatientDisplayOptions options_;
    SDL_Window* window_ = nullptr;
    SDL_Renderer* renderer_ = nullptr;
    SDL_Texture* texture_ = nullptr;
    std::vector<std::uint8_t> pixels_;
    std::string phase_;
    PhaseTransition transition_;
};

}  // namespace stillpoint::visuals
