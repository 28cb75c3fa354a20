#include "cli/WindowMessage.h"

#include <SDL.h>

#include <cstdio>
#include <exception>
#include <string>

#include "panel/MessageWindow.h"

namespace stillpoint::cli {

void tellOperator(bool inWindow, const std::string& title, const std::string& text) {
    std::fprintf(stderr, "%s", text.c_str());
    if (!text.empty() && text.back() != '\n') std::fprintf(stderr, "\n");
    std::fflush(stderr);
    if (!inWindow) return;
    // The panel's own window first: it needs only the display (SDL's message box needs zenity or the X
    // server's core fonts, which a desktop may not have); SDL's box if even that window cannot open.
    // The command's name that starts a terminal line means nothing to someone who clicked an icon.
    std::string shown = text;
    if (shown.rfind("stillpoint", 0) == 0) {
        if (const auto colon = shown.find(": "); colon != std::string::npos && colon < 32)
            shown.erase(0, colon + 2);
    }
    try {
        panel::showMessageWindow(title, shown);
        return;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "(the message could not be shown in the panel's window: %s)\n", error.what());
    }
    if (SDL_ShowSimpleMessageBox(SDL_MESSAGEBOX_ERROR, title.c_str(), shown.c_str(), nullptr) != 0)
        std::fprintf(stderr, "(the message could not be shown in a window: %s)\n", SDL_GetError());
}

}  // namespace stillpoint::cli
