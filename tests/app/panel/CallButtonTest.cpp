// The patient call button as SDL2 delivers it: a key of the panel's window, or a button of a game
// controller, here SDL's own virtual controller (plugged in, pressed and released through SDL's joystick
// layer and event queue as a USB one is), and the keys it refuses.
#include "panel/CallButton.h"

#include <gtest/gtest.h>

#include <SDL.h>

namespace stillpoint::panel {
namespace {

SDL_Event keyEvent(Uint32 type, SDL_Keycode key, bool repeat = false) {
    SDL_Event event{};
    event.type = type;
    event.key.keysym.sym = key;
    event.key.repeat = repeat ? 1 : 0;
    return event;
}

// Hands every event SDL has queued to the call button; how many were presses.
int pressesIn(CallButton& call) {
    SDL_JoystickUpdate();
    int presses = 0;
    for (SDL_Event event; SDL_PollEvent(&event);) presses += call.pressedBy(event) ? 1 : 0;
    return presses;
}

TEST(CallButtonTest, ItsKeyCallsOncePerPressAndOtherKeysDoNot) {
    CallButton call;
    ASSERT_EQ(call.choose({"Pause", -1, true, false}), "");
    EXPECT_TRUE(call.startsGrounding());
    EXPECT_FALSE(call.readsControllers());
    EXPECT_TRUE(call.pressedBy(keyEvent(SDL_KEYDOWN, SDLK_PAUSE)));
    EXPECT_FALSE(call.pressedBy(keyEvent(SDL_KEYDOWN, SDLK_PAUSE, true)));  // held: the key repeats
    EXPECT_FALSE(call.pressedBy(keyEvent(SDL_KEYUP, SDLK_PAUSE)));
    EXPECT_TRUE(call.isCallKey(keyEvent(SDL_KEYUP, SDLK_PAUSE)));  // the panel does not act on it either
    EXPECT_FALSE(call.pressedBy(keyEvent(SDL_KEYDOWN, SDLK_F12)));
    EXPECT_FALSE(call.isCallKey(keyEvent(SDL_KEYDOWN, SDLK_SPACE)));
}

TEST(CallButtonTest, AKeyThatIsTypedOrUnknownIsRefusedWithWhatToChoose) {
    CallButton call;
    EXPECT_NE(call.choose({"c", -1, false, false}).find("would call by mistake"), std::string::npos);
    EXPECT_NE(call.choose({"Nokey", -1, false, false}).find("not a key name"), std::string::npos);
    EXPECT_NE(call.choose({"F13", -1, false, true}).find("one of F1-F12"), std::string::npos);
    ASSERT_EQ(call.choose({"F5", -1, false, true}), "");
    EXPECT_TRUE(call.isTerminalCallKey(5));
    EXPECT_FALSE(call.isTerminalCallKey(4));
    EXPECT_FALSE(call.isTerminalCallKey(0));  // not a function key
}

TEST(CallButtonTest, AGameControllersButtonCallsWhenPressedAndOnlyThatButton) {
    CallButton call;
    ASSERT_EQ(call.choose({"", 2, false, false}), "");
    ASSERT_TRUE(call.readsControllers());
    // A controller with four buttons is plugged in: the call button opens it as it appears.
    const int device = SDL_JoystickAttachVirtual(SDL_JOYSTICK_TYPE_GAMECONTROLLER, 0, 4, 0);
    ASSERT_GE(device, 0) << SDL_GetError();
    EXPECT_EQ(pressesIn(call), 0);
    SDL_Joystick* controller = SDL_JoystickFromInstanceID(SDL_JoystickGetDeviceInstanceID(device));
    ASSERT_NE(controller, nullptr) << "the call button did not open the controller it was told of";

    ASSERT_EQ(SDL_JoystickSetVirtualButton(controller, 1, SDL_PRESSED), 0);  // another button
    EXPECT_EQ(pressesIn(call), 0);
    ASSERT_EQ(SDL_JoystickSetVirtualButton(controller, 2, SDL_PRESSED), 0);
    EXPECT_EQ(pressesIn(call), 1);
    EXPECT_EQ(pressesIn(call), 0);  // held: nothing more
    ASSERT_EQ(SDL_JoystickSetVirtualButton(controller, 2, SDL_RELEASED), 0);
    EXPECT_EQ(pressesIn(call), 0);  // released
    ASSERT_EQ(SDL_JoystickSetVirtualButton(controller, 2, SDL_PRESSED), 0);
    EXPECT_EQ(pressesIn(call), 1);  // pressed again
    SDL_JoystickDetachVirtual(device);
}

TEST(CallButtonTest, WithoutAControllerButtonNoControllerIsOpened) {
    CallButton call;
    ASSERT_EQ(call.choose({"Pause", -1, false, false}), "");
    ASSERT_EQ(SDL_InitSubSystem(SDL_INIT_JOYSTICK), 0);
    const int device = SDL_JoystickAttachVirtual(SDL_JOYSTICK_TYPE_GAMECONTROLLER, 0, 4, 0);
    ASSERT_GE(device, 0) << SDL_GetError();
    EXPECT_EQ(pressesIn(call), 0);
    EXPECT_EQ(SDL_JoystickFromInstanceID(SDL_JoystickGetDeviceInstanceID(device)), nullptr);
    SDL_JoystickDetachVirtual(device);
    SDL_QuitSubSystem(SDL_INIT_JOYSTICK);
}

}  // namespace
}  // namespace stillpoint::panel
