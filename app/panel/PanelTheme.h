// The look of the operator panel: dark and low-glare for a dim treatment room, warm muted accents, no
// pure white, type large enough to read from two metres.
#pragma once

#include <string>

#include <imgui.h>

namespace stillpoint::panel {

namespace colour {
inline const ImVec4 kBackground{0.047f, 0.058f, 0.075f, 1.0f};  // deep blue-black
inline const ImVec4 kSurface{0.075f, 0.090f, 0.113f, 1.0f};     // cards
inline const ImVec4 kFrame{0.106f, 0.129f, 0.160f, 1.0f};       // inputs, slider tracks
inline const ImVec4 kButton{0.133f, 0.160f, 0.200f, 1.0f};
inline const ImVec4 kButtonHovered{0.172f, 0.207f, 0.255f, 1.0f};
inline const ImVec4 kButtonActive{0.215f, 0.258f, 0.317f, 1.0f};
inline const ImVec4 kBorder{0.180f, 0.207f, 0.243f, 1.0f};
inline const ImVec4 kText{0.800f, 0.768f, 0.717f, 1.0f};  // warm light grey
inline const ImVec4 kTextDim{0.490f, 0.513f, 0.545f, 1.0f};
inline const ImVec4 kAccent{0.784f, 0.580f, 0.345f, 1.0f};  // muted amber: the "now" colour
inline const ImVec4 kCalm{0.380f, 0.560f, 0.545f, 1.0f};    // muted teal: good / confirmed
inline const ImVec4 kAlert{0.780f, 0.380f, 0.330f, 1.0f};   // muted brick red
inline const ImVec4 kAlertSurface{0.165f, 0.082f, 0.075f, 1.0f};
inline const ImVec4 kNotice{0.760f, 0.650f, 0.360f, 1.0f};  // reminders (vitals due)
}  // namespace colour

// A phase's colour on the timeline, chosen by its name (settling, onset, peak, return, rest...).
ImVec4 phaseColour(const std::string& phaseName);

// Sizes at scale 1 (the 1400x880 design); every one is multiplied by the layout scale.
struct PanelFonts {
    ImFont* body = nullptr;     // 22 px
    ImFont* heading = nullptr;  // 30 px bold
    ImFont* title = nullptr;    // 40 px bold: the phase and its badges, read from two metres
    ImFont* clock = nullptr;    // 72 px bold: the phase's time left, read across the room
    float scale = 1.0f;
};

// Loads DejaVu Sans (fonts-dejavu-core) at the panel's sizes, falling back to ImGui's built-in font if it is
// missing. `scale` multiplies every size (e.g. for a high-DPI screen).
PanelFonts loadPanelFonts(ImGuiIO& io, float scale = 1.0f);

void applyPanelTheme(ImGuiStyle& style, float scale = 1.0f);

// A line of text in one of the theme's colours; the second wraps at the window's edge.
void textColoured(const ImVec4& colour, const std::string& text);
void textWrappedColoured(const ImVec4& colour, const std::string& text);

ImU32 toU32(const ImVec4& colour, float alpha = 1.0f);

}  // namespace stillpoint::panel
