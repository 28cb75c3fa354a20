// The patient display's picture: a near-black field with a few soft, slowly drifting glows whose colour
// follows the phase (cool dim blue at onset, deep violet at the peak, warm dim amber on the return).
// Everything here is a pure function of the phase and the time, so the "never a flash" promise is
// testable frame by frame: colours cross-fade over tens of seconds and the brightest pixel stays dim.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace stillpoint::visuals {

// Display values (sRGB-encoded, 0..1).
struct Rgb {
    float r = 0.0f;
    float g = 0.0f;
    float b = 0.0f;
};

struct PhaseMood {
    Rgb base;  // the field far from any glow
    Rgb glow;  // the colour at a glow's centre
};

// The mood for a phase, chosen by its name; unknown names get a neutral dim slate.
PhaseMood moodFor(std::string_view phaseName);
// Nothing at all: before the session and after it has ended.
PhaseMood darkMood();

// A change of phase, as the display saw it.
struct PhaseTransition {
    PhaseMood from = darkMood();
    PhaseMood to = darkMood();
    double changedAt = -1e9;  // seconds on the display's clock
};

struct Glow {
    float x = 0.5f;  // centre, 0..1 of the width
    float y = 0.5f;  // centre, 0..1 of the height
    float radius = 0.4f;
    float strength = 1.0f;
};

struct FieldFrame {
    Rgb base;
    Rgb glow;
    std::array<Glow, 3> glows{};
    float breathRadius = 0.0f;  // 0 = no breathing guide
};

struct ColourFieldOptions {
    double transitionSeconds = 40.0;  // a phase's colours take this long to replace the previous ones
    bool breathingGuide = false;      // a softly expanding and contracting circle, 6 breaths a minute
};

// The field at time `t` (seconds on the same clock as transition.changedAt).
FieldFrame colourAt(const PhaseTransition& transition, double t, const ColourFieldOptions& options = {});

// One pixel of a frame; x and y are 0..1 across the picture.
Rgb pixelAt(const FieldFrame& frame, float x, float y, float aspect);

// Fills `rgba` (width * height * 4 bytes, R G B A) with the frame.
void renderField(const FieldFrame& frame, int width, int height, std::vector<std::uint8_t>& rgba);

// WCAG 2.x relative luminance of a display colour, 0..1.
double relativeLuminance(Rgb colour);

}  // namespace stillpoint::visuals
