#include "panel/MessageWindow.h"

#include <imgui.h>

#include "panel/PanelWindow.h"

namespace stillpoint::panel {

bool drawMessage(const PanelFonts& fonts, const std::string& title, const std::string& text) {
    const float scale = fonts.scale;
    ImGui::PushFont(fonts.heading);
    ImGui::TextUnformatted(title.c_str());
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(0, 12 * scale));
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::Dummy(ImVec2(0, 16 * scale));
    const ImVec2 button(160 * scale, 0);
    ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - button.x);
    return ImGui::Button("Close", button);
}

void showMessageWindow(const std::string& title, const std::string& text) {
    PanelWindowOptions options;
    options.title = title;
    options.width = 760;
    options.height = 400;
    PanelWindow window(options);
    bool open = true;
    bool closed = false;
    while (open && !closed) {
        open = window.waitForEvents(250, [&](const SDL_Event& event, bool) {
            if (event.type == SDL_KEYDOWN &&
                (event.key.keysym.sym == SDLK_RETURN || event.key.keysym.sym == SDLK_KP_ENTER ||
                 event.key.keysym.sym == SDLK_ESCAPE))
                closed = true;
        });
        // Two frames after any input: ImGui shows a click's effect one frame later.
        for (int frame = 0; frame < 2 && open && !closed; ++frame) {
            window.renderFrame([&] {
                const ImGuiViewport* viewport = ImGui::GetMainViewport();
                ImGui::SetNextWindowPos(viewport->Pos);
                ImGui::SetNextWindowSize(viewport->Size);
                ImGui::Begin("##message", nullptr,
                             ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings);
                if (drawMessage(window.fonts(), title, text)) closed = true;
                ImGui::End();
            });
        }
    }
}

}  // namespace stillpoint::panel
