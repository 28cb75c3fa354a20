#include "cli/WindowMessage.h"

#include <SDL.h>

#include <cstdio>

namespace stillpoint::cli {

void tellOperator(bool inWindow, const std::string& title, const std::string& text) {
    std::fprintf(stderr, "%s", text.c_str());
    if (!text.empty() && text.back() != '\n') std::fprintf(stderr, "\n");
    std::fflush(stderr);
    if (!inWindow) return;
    // With the video subsystem up, SDL shows the box through the display's own driver; without a display
    // stderr was the place.
    const bool videoWasUp = SDL_WasInit(SDL_INIT_VIDEO) != 0;
    if (!videoWasUp && SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) return;
    if (SDL_ShowSimpleMessageBox(SDL_MESSAGEBOX_ERROR, title.c_str(), text.c_str(), nullptr) != 0)
        std::fprintf(stderr, "(the message could not be shown in a window: %s)\n", SDL_GetError());
    if (!videoWasUp) SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

}  // namespace stillpoint::cli
