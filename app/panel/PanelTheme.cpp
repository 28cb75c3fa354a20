#include "panel/PanelTheme.h"

#include <filesystem>

namespace stillpoint::panel {

namespace {
constexpr const char* kRegularFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* kBoldFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

ImFont* addFont(ImGuiIO& io, const char* path, float size) {
    if (std::filesystem::exists(path)) return io.Fonts->AddFontFromFileTTF(path, size);
    ImFontConfig config;
    config.SizePixels = size;
    return io.Fonts->AddFontDefault(&config);
}
}  // namespace

ImVec4 phaseColour(const std::string& phaseName) {
    // Dim and desaturated, so the bar reads at a glance without glowing in a dark room.
    if (phaseName.find("settl") != std::string::npos || phaseName.find("prep") != std::string::npos)
        return {0.310f, 0.478f, 0.502f, 1.0f};  // teal
    if (phaseName.find("onset") != std::string::npos || phaseName.find("come") != std::string::npos)
        return {0.310f, 0.416f, 0.580f, 1.0f};                                               // cool blue
    if (phaseName.find("peak") != std::string::npos) return {0.478f, 0.361f, 0.580f, 1.0f};  // violet
    if (phaseName.find("return") != std::string::npos || phaseName.find("re-entry") != std::string::npos)
        return {0.659f, 0.502f, 0.310f, 1.0f};  // amber
    if (phaseName.find("rest") != std::string::npos || phaseName.find("integr") != std::string::npos)
        return {0.580f, 0.400f, 0.431f, 1.0f};  // dusky rose
    return {0.400f, 0.430f, 0.470f, 1.0f};      // slate
}

PanelFonts loadPanelFonts(ImGuiIO& io, float scale) {
    PanelFonts fonts;
    fonts.body = addFont(io, kRegularFont, 22.0f * scale);
    fonts.heading = addFont(io, kBoldFont, 30.0f * scale);
    fonts.title = addFont(io, kBoldFont, 40.0f * scale);
    fonts.clock = addFont(io, kBoldFont, 72.0f * scale);
    fonts.scale = scale;
    io.FontDefault = fonts.body;
    return fonts;
}

void applyPanelTheme(ImGuiStyle& style, float scale) {
    style = ImGuiStyle();
    style.WindowPadding = {18, 16};
    style.FramePadding = {14, 9};
    style.ItemSpacing = {14, 12};
    style.ItemInnerSpacing = {10, 8};
    style.WindowRounding = 0;
    style.ChildRounding = 8;
    style.FrameRounding = 6;
    style.GrabRounding = 6;
    style.PopupRounding = 8;
    style.GrabMinSize = 28;
    style.ScrollbarSize = 18;
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 1;
    style.FrameBorderSize = 0;
    style.ScaleAllSizes(scale);

    ImVec4* c = style.Colors;
    c[ImGuiCol_Text] = colour::kText;
    c[ImGuiCol_TextDisabled] = colour::kTextDim;
    c[ImGuiCol_WindowBg] = colour::kBackground;
    c[ImGuiCol_ChildBg] = colour::kSurface;
    c[ImGuiCol_PopupBg] = colour::kSurface;
    c[ImGuiCol_Border] = colour::kBorder;
    c[ImGuiCol_BorderShadow] = {0, 0, 0, 0};
    c[ImGuiCol_FrameBg] = colour::kFrame;
    c[ImGuiCol_FrameBgHovered] = colour::kButtonHovered;
    c[ImGuiCol_FrameBgActive] = colour::kButtonActive;
    c[ImGuiCol_TitleBg] = colour::kSurface;
    c[ImGuiCol_TitleBgActive] = colour::kSurface;
    c[ImGuiCol_ScrollbarBg] = colour::kBackground;
    c[ImGuiCol_ScrollbarGrab] = colour::kButton;
    c[ImGuiCol_ScrollbarGrabHovered] = colour::kButtonHovered;
    c[ImGuiCol_ScrollbarGrabActive] = colour::kButtonActive;
    c[ImGuiCol_CheckMark] = colour::kAccent;
    c[ImGuiCol_SliderGrab] = colour::kAccent;
    c[ImGuiCol_SliderGrabActive] = colour::kAccent;
    c[ImGuiCol_Button] = colour::kButton;
    c[ImGuiCol_ButtonHovered] = colour::kButtonHovered;
    c[ImGuiCol_ButtonActive] = colour::kButtonActive;
    c[ImGuiCol_Header] = colour::kButton;
    c[ImGuiCol_HeaderHovered] = colour::kButtonHovered;
    c[ImGuiCol_HeaderActive] = colour::kButtonActive;
    c[ImGuiCol_Separator] = colour::kBorder;
    c[ImGuiCol_TextSelectedBg] = {0.300f, 0.260f, 0.200f, 1.0f};
    c[ImGuiCol_ModalWindowDimBg] = {0.0f, 0.0f, 0.0f, 0.55f};
    c[ImGuiCol_NavHighlight] = colour::kAccent;
}

ImU32 toU32(const ImVec4& colour, float alpha) {
    return ImGui::ColorConvertFloat4ToU32(ImVec4(colour.x, colour.y, colour.z, colour.w * alpha));
}

void textColoured(const ImVec4& colour, const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopStyleColor();
}

void textWrappedColoured(const ImVec4& colour, const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

}  // namespace stillpoint::panel
