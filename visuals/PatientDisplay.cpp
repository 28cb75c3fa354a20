#include "visuals/PatientDisplay.h"

#include <stdexcept>

namespace stillpoint::visuals {

namespace {
// The field is smooth, so it is computed small and scaled up with linear filtering: cheap enough to
// redraw many times a second on any machine.
constexpr int kFieldWidth = 160;
constexpr int kFieldHeight = 90;

// The mood on screen at `t`, mid-transition included, so a new transition starts from what is visible.
PhaseMood visibleMood(const PhaseTransition& transition, double t, const ColourFieldOptions& options) {
    const FieldFrame frame = colourAt(transition, t, options);
    return {frame.base, frame.glow};
}
}  // namespace

PatientDisplay::PatientDisplay(PatientDisplayOptions options) : options_(options) {
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0)
        throw std::runtime_error(std::string("patient display: no video: ") + SDL_GetError());
    const int displays = SDL_GetNumVideoDisplays();
    if (options_.fullscreen && (options_.displayIndex < 0 || options_.displayIndex >= displays)) {
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        throw std::runtime_error("patient display: there is no screen " +
                                 std::to_string(options_.displayIndex) + " (this machine has " +
                                 std::to_string(displays) +
                                 ", numbered from 0); choose one with --patient-display N");
    }
    // A software-rendered window needs no GL: without this SDL would back its framebuffer with one.
    if (options_.softwareRenderer) SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
    if (options_.fullscreen) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
    const int position = SDL_WINDOWPOS_CENTERED_DISPLAY(options_.fullscreen ? options_.displayIndex : 0);
    window_ = SDL_CreateWindow("Stillpoint - patient display", position, position, options_.width,
                               options_.height, flags);
    if (window_)
        renderer_ = SDL_CreateRenderer(
            window_, -1, options_.softwareRenderer ? SDL_RENDERER_SOFTWARE : SDL_RENDERER_PRESENTVSYNC);
    if (window_ && !renderer_) renderer_ = SDL_CreateRenderer(window_, -1, SDL_RENDERER_SOFTWARE);
    if (renderer_) {
        SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear");
        texture_ = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_ABGR8888, SDL_TEXTUREACCESS_STREAMING,
                                     kFieldWidth, kFieldHeight);
    }
    if (!texture_) {
        const std::string error = SDL_GetError();
        if (renderer_) SDL_DestroyRenderer(renderer_);
        if (window_) SDL_DestroyWindow(window_);
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        throw std::runtime_error("patient display: cannot open its window: " + error);
    }
}

PatientDisplay::~PatientDisplay() {
    SDL_DestroyTexture(texture_);
    SDL_DestroyRenderer(renderer_);
    SDL_DestroyWindow(window_);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

void PatientDisplay::setPhase(std::string_view phaseName, double now) {
    if (phaseName == phase_) return;
    transition_ = {visibleMood(transition_, now, options_.field),
                   phaseName.empty() ? darkMood() : moodFor(phaseName), now};
    phase_ = std::string(phaseName);
}

void PatientDisplay::renderToWindow(double now) {
    renderField(colourAt(transition_, now, options_.field), kFieldWidth, kFieldHeight, pixels_);
    SDL_UpdateTexture(texture_, nullptr, pixels_.data(), kFieldWidth * 4);
    SDL_SetRenderDrawColor(renderer_, 0, 0, 0, 255);
    SDL_RenderClear(renderer_);
    SDL_RenderCopy(renderer_, texture_, nullptr, nullptr);
}

void PatientDisplay::draw(double now) {
    renderToWindow(now);
    SDL_RenderPresent(renderer_);
}

std::vector<std::uint8_t> PatientDisplay::drawAndCapture(double now, int& width, int& height) {
    renderToWindow(now);
    SDL_GetRendererOutputSize(renderer_, &width, &height);
    std::vector<std::uint8_t> rgba(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4);
    if (SDL_RenderReadPixels(renderer_, nullptr, SDL_PIXELFORMAT_ABGR8888, rgba.data(), width * 4) != 0)
        throw std::runtime_error(std::string("patient display: cannot read its pixels: ") + SDL_GetError());
    SDL_RenderPresent(renderer_);
    return rgba;
}

}  // namespace stillpoint::visuals
