#include "panel/PanelWindow.h"

#include <algorithm>
#include <stdexcept>

#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>
#include <imgui_internal.h>
#include <stb/stb_image_write.h>

#include "panel/model/PanelLayout.h"

namespace stillpoint::panel {

namespace {

// What one frame's input has changed so far, to decide which events must wait for the next frame.
// ImGui reads a frame's typed text before its keys, so text and the keys that type it (letters, digits,
// Space, with Shift at most) share a frame; a key that acts (Enter, Tab, Backspace, the arrows, Esc, any
// Ctrl chord) is the only one of its frame, and text typed after it waits for the next. Ctrl, Alt and Super
// themselves do not share a frame with text: ImGui drops a frame's text while Ctrl is down.
class FrameInput {
public:
    // `textWaits`: typed text waits for a later frame (see keyboardChangesHands).
    explicit FrameInput(bool textWaits) : acted_(textWaits) {}

    bool admits(const SDL_Event& event) const {
        switch (event.type) {
            case SDL_KEYDOWN:
            case SDL_KEYUP: {
                if (button_ ||
                    std::find(keys_.begin(), keys_.end(), event.key.keysym.scancode) != keys_.end())
                    return false;
                const auto kind = kindOf(event.key);
                if (kind == Kind::Chording) return !text_;
                return kind != Kind::Acting || !acted_;
            }
            case SDL_TEXTINPUT:
            case SDL_TEXTEDITING:
                return !button_ && !acted_ && !chorded_;
            case SDL_MOUSEBUTTONDOWN:
            case SDL_MOUSEBUTTONUP:
                return keys_.empty() && !text_ && !button_;
            case SDL_MOUSEMOTION:
                // A click is released where it was, not where the pointer went after it.
                return !button_;
            default:
                return true;
        }
    }
    void add(const SDL_Event& event) {
        switch (event.type) {
            case SDL_KEYDOWN:
            case SDL_KEYUP:
                keys_.push_back(event.key.keysym.scancode);
                if (kindOf(event.key) == Kind::Acting) acted_ = true;
                if (kindOf(event.key) == Kind::Chording) chorded_ = true;
                break;
            case SDL_TEXTINPUT:
            case SDL_TEXTEDITING:
                text_ = true;
                break;
            case SDL_MOUSEBUTTONDOWN:
            case SDL_MOUSEBUTTONUP:
                button_ = true;
                break;
            default:
                break;
        }
    }

private:
    // Shift types capitals; Ctrl, Alt and Super make chords.
    enum class Kind { Shift, Chording, Typing, Acting };
    static Kind kindOf(const SDL_KeyboardEvent& key) {
        const SDL_Keycode code = key.keysym.sym;
        if (code == SDLK_LSHIFT || code == SDLK_RSHIFT) return Kind::Shift;
        if (code == SDLK_LCTRL || code == SDLK_RCTRL || code == SDLK_LALT || code == SDLK_RALT ||
            code == SDLK_LGUI || code == SDLK_RGUI)
            return Kind::Chording;
        const bool chord = (key.keysym.mod & (KMOD_CTRL | KMOD_ALT | KMOD_GUI)) != 0;
        return code >= SDLK_SPACE && code < SDLK_DELETE && !chord ? Kind::Typing : Kind::Acting;
    }

    std::vector<SDL_Scancode> keys_;
    bool acted_;
    bool text_ = false;
    bool chorded_ = false;  // Ctrl, Alt or Super went down or up in this frame
    bool button_ = false;
};

// ImGui is giving the keyboard to another item (Tab, SetKeyboardFocusHere): the item takes it in the next
// frame and ignores text typed in that frame, which would be lost.
bool keyboardChangesHands() {
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    return g.NavMoveSubmitted || g.NavNextActivateId != 0;
}

// ImGui 1.86's SDL backend reads Shift, Ctrl, Alt and Super from SDL's state at the time it is handed a key,
// which is the keyboard's state after the last event SDL has queued: for input held back for a later frame
// that is a later moment. A letter typed before Ctrl+S would then reach its field with Ctrl down, and ImGui
// drops text typed with Ctrl; Tab before a Shift+Tab would move backwards. The event says how they were.
void takeModifiersOf(const SDL_KeyboardEvent& key) {
    ImGuiIO& io = ImGui::GetIO();
    const Uint16 mod = key.keysym.mod;
    io.KeyShift = (mod & KMOD_SHIFT) != 0;
    io.KeyCtrl = (mod & KMOD_CTRL) != 0;
    io.KeyAlt = (mod & KMOD_ALT) != 0;
    io.KeySuper = (mod & KMOD_GUI) != 0;
}

}  // namespace

void EventPointer::follow(const SDL_Event& event) {
    switch (event.type) {
        case SDL_MOUSEMOTION:
            inside_ = true;
            x_ = static_cast<float>(event.motion.x);
            y_ = static_cast<float>(event.motion.y);
            break;
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEBUTTONUP: {
            inside_ = true;
            x_ = static_cast<float>(event.button.x);
            y_ = static_cast<float>(event.button.y);
            const Uint32 mask = SDL_BUTTON(event.button.button);
            buttons_ = event.type == SDL_MOUSEBUTTONDOWN ? buttons_ | mask : buttons_ & ~mask;
            break;
        }
        case SDL_WINDOWEVENT:
            if (event.window.event == SDL_WINDOWEVENT_LEAVE) inside_ = false;
            break;
        default:
            break;
    }
}

void EventPointer::applyTo(ImGuiIO& io) const {
    if (inside_) io.MousePos = ImVec2(x_, y_);
    io.MouseDown[0] = (buttons_ & SDL_BUTTON(SDL_BUTTON_LEFT)) != 0;
    io.MouseDown[1] = (buttons_ & SDL_BUTTON(SDL_BUTTON_RIGHT)) != 0;
    io.MouseDown[2] = (buttons_ & SDL_BUTTON(SDL_BUTTON_MIDDLE)) != 0;
}

PanelWindow::PanelWindow(PanelWindowOptions options) {
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0)
        throw std::runtime_error(std::string("cannot open a window: ") + SDL_GetError());
    // A software-rendered window needs no GL: without this SDL would back its framebuffer with one.
    if (options.softwareRenderer) SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    const Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    // Never larger than the screen it opens on (a 1024x600 clinic laptop): the layout scales to the window.
    // Offscreen renders keep the size they ask for.
    SDL_Rect usable{};
    if (!options.softwareRenderer && SDL_GetDisplayUsableBounds(0, &usable) == 0 && usable.w > 0 &&
        usable.h > 0) {
        options.width = std::min(options.width, usable.w);
        options.height = std::min(options.height, usable.h);
    }
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
    if (laterFrames_.empty()) {
        if (!SDL_WaitEventTimeout(&event, timeoutMs)) return !closeRequested_;
        laterFrames_.push_back(event);
    }
    while (SDL_PollEvent(&event)) laterFrames_.push_back(event);
    // Text waits one frame at most, so nothing can hold it back for good.
    const bool textWaits = !textWaited_ && keyboardChangesHands();
    textWaited_ = textWaits;
    FrameInput frame(textWaits);
    while (!laterFrames_.empty() && frame.admits(laterFrames_.front())) {
        event = laterFrames_.front();
        laterFrames_.pop_front();
        frame.add(event);
        const bool typing = ImGui::GetIO().WantTextInput;
        const bool key = event.type == SDL_KEYDOWN || event.type == SDL_KEYUP;
        bool forImGui = true;
        if (key && event.key.keysym.sym == SDLK_ESCAPE && typing) {
            if (event.type == SDL_KEYDOWN) leaveTextField_ = true;
            forImGui = false;
        }
        if (key && ownKeys_ && ownKeys_(event.key)) forImGui = false;
        if (forImGui) ImGui_ImplSDL2_ProcessEvent(&event);
        if (key) takeModifiersOf(event.key);
        pointer_.follow(event);
        if (event.type == SDL_QUIT) closeRequested_ = true;
        if (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_CLOSE &&
            event.window.windowID == SDL_GetWindowID(window_))
            closeRequested_ = true;
        if (onEvent) onEvent(event, typing || ImGui::GetIO().WantTextInput);
    }
    return !closeRequested_;
}

void PanelWindow::buildFrame(const std::function<void()>& drawContent) {
    ImGui::SetCurrentContext(imgui_);
    rescaleIfNeeded();
    ImGui_ImplSDLRenderer_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    pointer_.applyTo(ImGui::GetIO());
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
