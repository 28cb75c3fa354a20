#include "panel/PreviewView.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>

namespace stillpoint::panel {

namespace {

// The volume row needs a screen taller than the smallest (1024x600), where the notes need the room; there
// the preview plays at the level the machine configuration gives it.
bool showsVolume() {
    return ImGui::GetIO().DisplaySize.y >= 700.0f;
}

}  // namespace

float PreviewView::height(const OperatorPanelModel& model) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float rows = model.preview().available() ? (showsVolume() ? 4.0f : 3.0f) : 1.0f;
    return style.WindowPadding.y * 2 + rows * ImGui::GetFrameHeightWithSpacing() - style.ItemSpacing.y;
}

void PreviewView::draw(OperatorPanelModel& model, float scale) {
    PreviewControls& preview = model.preview();
    ImGui::BeginChild("preview", {0, height(model)}, true, ImGuiWindowFlags_NoScrollbar);
    if (!preview.available()) {
        textColoured(colour::kTextDim, std::string("Preview: ") + PreviewControls::kNoPreviewOutput);
        ImGui::EndChild();
        return;
    }
    const ImGuiStyle& style = ImGui::GetStyle();
    const float inner = ImGui::GetContentRegionAvail().x;
    textColoured(colour::kTextDim, "Preview");
    ImGui::SameLine();
    // What to hear: the three choices first (each naming its track now), then the program's tracks.
    const auto& options = preview.options();
    ImGui::SetNextItemWidth(std::max(60 * scale, ImGui::GetContentRegionAvail().x));
    if (ImGui::BeginCombo("##preview-choice",
                          options[static_cast<std::size_t>(preview.selected())].label.c_str(),
                          ImGuiComboFlags_HeightLarge)) {
        for (int i = 0; i < static_cast<int>(options.size()); ++i) {
            const PreviewOption& option = options[static_cast<std::size_t>(i)];
            if (i == 3) ImGui::Separator();
            ImGui::BeginDisabled(!option.playable);
            if (ImGui::Selectable(option.label.c_str(), i == preview.selected())) preview.select(i);
            ImGui::EndDisabled();
        }
        ImGui::EndCombo();
    }

    const float button = ImGui::CalcTextSize("Stop").x + 2 * style.FramePadding.x + 24 * scale;
    ImGui::BeginDisabled(!preview.canPlay());
    if (ImGui::Button("Play###preview-play", {button, 0})) model.playPreview();
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!preview.playing());
    if (ImGui::Button("Stop###preview-stop", {button, 0})) model.stopPreview();
    ImGui::EndDisabled();
    ImGui::SameLine();
    // Where it starts: where the program brings it in, or the start of its file.
    const bool fromEntry = preview.from() == session::PreviewFrom::Entry;
    if (ImGui::RadioButton("In point", fromEntry)) preview.setFrom(session::PreviewFrom::Entry);
    ImGui::SameLine();
    if (ImGui::RadioButton("File start", !fromEntry)) preview.setFrom(session::PreviewFrom::FileStart);

    // The position bar, and the status beside it.
    const float line = ImGui::GetFrameHeight();
    const float barWidth = inner * 0.40f;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    auto* draw = ImGui::GetWindowDrawList();
    const float cy = at.y + line * 0.5f;
    draw->AddRectFilled({at.x, cy - 4 * scale}, {at.x + barWidth, cy + 4 * scale}, toU32(colour::kFrame),
                        4 * scale);
    draw->AddRectFilled({at.x, cy - 4 * scale},
                        {at.x + barWidth * static_cast<float>(preview.fraction()), cy + 4 * scale},
                        toU32(colour::kCalm), 4 * scale);
    ImGui::Dummy({barWidth, line});
    ImGui::SameLine();
    std::string status = preview.status();
    if (const std::string position = preview.position(); !position.empty()) status += "  " + position;
    ImGui::AlignTextToFramePadding();
    textColoured(preview.playing() ? colour::kCalm : colour::kTextDim, status);

    if (!showsVolume()) {
        ImGui::EndChild();
        return;
    }
    // The preview's own volume, in steps (each change ramped by the engine), under its own ceiling.
    char volume[48];
    std::snprintf(volume, sizeof volume, "Preview volume %.0f %%", preview.volume() * 100.0);
    ImGui::AlignTextToFramePadding();
    textColoured(colour::kTextDim, volume);
    ImGui::SameLine();
    const float step = ImGui::GetFrameHeight() + 8 * scale;
    if (ImGui::Button("-###preview-quieter", {step, 0})) model.setPreviewVolume(preview.volume() - 0.1);
    ImGui::SameLine();
    if (ImGui::Button("+###preview-louder", {step, 0})) model.setPreviewVolume(preview.volume() + 0.1);
    ImGui::EndChild();
}

}  // namespace stillpoint::panel
