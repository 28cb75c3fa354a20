// Geometry the panel decides without ImGui: how large its type and spacing are for a window, and how a
// drag moves the volume. The panel is designed at 1400x880 pixels at scale 1; any other window gets the
// same layout scaled to fit, so every control is on screen from 1024x600 up and a large screen gets large
// type (the phase, the time left and the badges are read from across the room).
#pragma once

namespace stillpoint::panel {

inline constexpr float kDesignWidth = 1400.0f;
inline constexpr float kDesignHeight = 880.0f;

// The scale for a window of `width` x `height` pixels on a screen of `dpi` dots per inch (0 = unknown).
// A dense screen never goes below what would be scale 1 on a 96-dpi screen of its physical size.
float layoutScale(int width, int height, float dpi = 0.0f);

// Whether a new scale differs enough from the current one to rebuild the fonts.
bool scaleChanged(float current, float wanted);

// The volume after dragging the slider's handle `dragPixels` along a track `trackPixels` long from
// `startVolume`: relative to where the press began, so a click (no drag) never makes it jump.
double draggedVolume(double startVolume, float dragPixels, float trackPixels, double ceiling);

// A name for an output device, as the operator reads it: the null device is "No sound (test output)"
// whether it came from the command line ("null") or from OpenAL's list ("No Output").
const char* outputDeviceLabel(const char* name);

}  // namespace stillpoint::panel
