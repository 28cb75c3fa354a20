// PanelWindow's input, offscreen: input that comes faster than frames is spread over the next frames in
// order, so Dear ImGui 1.86 (which knows only each key's state per frame) still sees every press, and
// text typed after a key that acts reaches the frames after it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>

#include <imgui.h>

#include "panel/PanelWindow.h"

using namespace stillpoint::panel;

namespace {

void pushKey(Uint32 type, SDL_Keycode key, SDL_Scancode scancode) {
    SDL_Event event{};
    event.type = type;
    event.key.type = type;
    event.key.state = type == SDL_KEYDOWN ? SDL_PRESSED : SDL_RELEASED;
    event.key.keysym.sym = key;
    event.key.keysym.scancode = scancode;
    SDL_PushEvent(&event);
}

void pushText(const char* text) {
    SDL_Event event{};
    event.type = SDL_TEXTINPUT;
    std::strncpy(event.text.text, text, sizeof event.text.text - 1);
    SDL_PushEvent(&event);
}

class PanelWindowTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { setenv("SDL_VIDEODRIVER", "offscreen", 0); }

    PanelWindow window{PanelWindowOptions{"Stillpoint test", 640, 400, true, 1.0f}};

    // What each frame saw, one letter per frame: E = Enter pressed, t = typed text, . = neither.
    std::string drawUntilIdle() {
        std::string frames;
        for (int i = 0; i < 20; ++i) {
            window.waitForEvents(0, nullptr);
            window.renderFrame([&] {
                const ImGuiIO& io = ImGui::GetIO();
                if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false))
                    frames += 'E';
                else if (io.InputQueueCharacters.Size > 0)
                    frames += 't';
                else
                    frames += '.';
            });
            if (!window.inputWaiting() && i > 0) break;
        }
        return frames;
    }
};

}  // namespace

TEST_F(PanelWindowTest, AKeyPressedAndReleasedBetweenTwoFramesIsStillPressed) {
    drawUntilIdle();
    pushKey(SDL_KEYDOWN, SDLK_RETURN, SDL_SCANCODE_RETURN);
    pushKey(SDL_KEYUP, SDLK_RETURN, SDL_SCANCODE_RETURN);
    pushKey(SDL_KEYDOWN, SDLK_RETURN, SDL_SCANCODE_RETURN);
    pushKey(SDL_KEYUP, SDLK_RETURN, SDL_SCANCODE_RETURN);
    const auto frames = drawUntilIdle();
    EXPECT_EQ(std::count(frames.begin(), frames.end(), 'E'), 2) << frames;
}

TEST_F(PanelWindowTest, TextTypedAfterEnterComesInTheFramesAfterIt) {
    drawUntilIdle();
    pushText("a");
    pushKey(SDL_KEYDOWN, SDLK_RETURN, SDL_SCANCODE_RETURN);
    pushText("b");
    pushKey(SDL_KEYUP, SDLK_RETURN, SDL_SCANCODE_RETURN);
    const auto frames = drawUntilIdle();
    // "a" may share the Enter's frame (ImGui reads a frame's text before its keys); "b" never does.
    const auto enter = frames.find('E');
    ASSERT_NE(enter, std::string::npos) << frames;
    EXPECT_NE(frames.find('t', enter + 1), std::string::npos) << frames;
}
