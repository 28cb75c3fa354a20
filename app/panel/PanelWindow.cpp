#include "panel/PanelWindow.h"

#include <stdexcept>

#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>
#include <imgui_internal.h>
#include <stb/stb_image_write.h>

#include "panel/model/PanelLayout.h"

namespace stillpoint::panel {

PanelWindow::PanelWindow(PanelWindowOptions options) {
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0)
        throw std::runtime_error(std::string("cannot open a window: ") + SDL_GetError());
    // A software-rendered window needs no GL: without this SDL would back its framebuffer with one.
    if (options.softwareRenderer) SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    const Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    window_ = SDL_CreateWindow(options.title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                               options.width, options.height, flags);
    if (!window_) {
        const std::string error = SDL_GetError();
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        throw std::runtime_error("cannot open a window: " + error);
    }
    // Vsync keeps a redraw from spinning; the software renderer is for tests and screenshots.
    const Uint32 rendererFlags = options.softwareRenderer ? SDL_RENDERER_SOFTWARE : SDL_RENDERER_PRESENTVSYNC;
    renderer_ = SDL_CreateRenderer(window_, -1, rendererFlags);
    if (!renderer_ && !options.softwareRenderer)
        renderer_ = SDL_CreateRenderer(window_, -1, SDL_RENDERER_SOFTWARE);
    if (!renderer_) {
        const std::string error = SDL_GetError();
        SDL_DestroyWindow(window_);
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        throw std::runtime_error("cannot create a renderer for the panel: " + error);
    }

    IMGUI_CHECKVERSION();
    imgui_ = ImGui::CreateContext();
    ImGui::SetCurrentContext(imgui_);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // the layout is fixed; nothing to remember between runs
    io.LogFilename = nullptr;
    fixedScale_ = options.scale;
    fonts_.scale = 0.0f;  // none loaded yet
    rescaleIfNeeded();
    ImGui_ImplSDL2_InitForSDLRenderer(window_);
    ImGui_ImplSDLRenderer_Init(renderer_);
}

void PanelWindow::rescaleIfNeeded() {
    float wanted = fixedScale_;
    if (wanted <= 0.0f) {
        int width = 0, height = 0;
        SDL_GetWindowSize(window_, &width, &height);
        float dpi = 0.0f;
        if (SDL_GetDisplayDPI(SDL_GetWindowDisplayIndex(window_), &dpi, nullptr, nullptr) != 0) dpi = 0.0f;
        wanted = layoutScale(width, height, dpi);
    }
    if (fonts_.scale > 0.0f && !scaleChanged(fonts_.scale, wanted)) return;
    ImGuiIO& io = ImGui::GetIO();
    const bool hadFonts = fonts_.scale > 0.0f;
    io.Fonts->Clear();
    fonts_ = loadPanelFonts(io, wanted);
    applyPanelTheme(ImGui::GetStyle(), wanted);
    // The renderer's font texture is rebuilt from the new atlas at the next NewFrame.
    if (hadFonts) ImGui_ImplSDLRenderer_DestroyFontsTexture();
}

PanelWindow::~PanelWindow() {
    ImGui::SetCurrentContext(imgui_);
    ImGui_ImplSDLRenderer_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext(imgui_);
    SDL_DestroyRenderer(renderer_);
    SDL_DestroyWindow(window_);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

bool PanelWindow::waitForEvents(int timeoutMs, const EventHandler& onEvent) {
    ImGui::SetCurrentContext(imgui_);
    SDL_Event event;
    if (!SDL_WaitEventTimeout(&event, timeoutMs)) return !closeRequested_;
    do {
        const bool typing = ImGui::GetIO().WantTextInput;
        const bool key = event.type == SDL_KEYDOWN || event.type == SDL_KEYUP;
        bool forImGui = true;
        if (key && event.key.keysym.sym == SDLK_ESCAPE && typing) {
            if (event.type == SDL_KEYDOWN) leaveTextField_ = true;
            forImGui = false;
        }
        if (key && ownKeys_ && ownKeys_(event.key)) forImGui = false;
        if (forImGui) ImGui_ImplSDL2_ProcessEvent(&event);
        if (event.type == SDL_QUIT) closeRequested_ = true;
        if (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_CLOSE &&
            event.window.windowID == SDL_GetWindowID(window_))
            closeRequested_ = true;
        if (onEvent) onEvent(event, typing || ImGui::GetIO().WantTextInput);
    } while (SDL_PollEvent(&event));
    return !closeRequested_;
}

void PanelWindow::buildFrame(const std::function<void()>& drawContent) {
    ImGui::SetCurrentContext(imgui_);
    rescaleIfNeeded();
    ImGui_ImplSDLRenderer_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGui::NewFrame();
    if (leaveTextField_) {
        // What was typed stays in the field: its text is the caller's, edited live.
        ImGui::ClearActiveID();
        leaveTextField_ = false;
    }
    drawContent();
    ImGui::Render();
    const ImVec4 bg = colour::kBackground;
    SDL_SetRenderDrawColor(renderer_, static_cast<Uint8>(bg.x * 255), static_cast<Uint8>(bg.y * 255),
                           static_cast<Uint8>(bg.z * 255), 255);
    SDL_RenderClear(renderer_);
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
}

void PanelWindow::renderFrame(const std::function<void()>& drawContent) {
    buildFrame(drawContent);
    SDL_RenderPresent(renderer_);
}

CapturedFrame PanelWindow::renderAndCapture(const std::function<void()>& drawContent) {
    buildFrame(drawContent);
    CapturedFrame frame;
    SDL_GetRendererOutputSize(renderer_, &frame.width, &frame.height);
    frame.rgba.resize(static_cast<std::size_t>(frame.width) * static_cast<std::size_t>(frame.height) * 4);
    // ABGR8888 is R, G, B, A in memory on a little-endian machine: what PNG writers expect.
    if (SDL_RenderReadPixels(renderer_, nullptr, SDL_PIXELFORMAT_ABGR8888, frame.rgba.data(),
                             frame.width * 4) != 0)
        throw std::runtime_error(std::string("cannot read the panel's pixels: ") + SDL_GetError());
    SDL_RenderPresent(renderer_);
    return frame;
}

void savePng(const CapturedFrame& frame, const std::filesystem::path& file) {
    if (frame.rgba.empty() ||
        !stbi_write_png(file.c_str(), frame.width, frame.height, 4, frame.rgba.data(), frame.width * 4))
        throw std::runtime_error("cannot write " + file.string() +
                                 ": check that its folder exists and is writable");
}

}  // namespace stillpoint::panel
