#include "panel/CallButton.h"

#include <cctype>
#include <cstdlib>

namespace stillpoint::panel {

CallButton::~CallButton() {
    for (auto* controller : controllers_) SDL_JoystickClose(controller);
    if (joystickOpened_) SDL_QuitSubSystem(SDL_INIT_JOYSTICK);
}

std::string CallButton::choose(const CallButtonChoice& choice) {
    startsGrounding_ = choice.startsGrounding;
    controllerButton_ = choice.controllerButton;
    if (!choice.key.empty()) {
        const std::string& name = choice.key;
        if (choice.inTerminal) {
            // A terminal reports F1-F12 (escape sequences); every other key it sends is a hotkey.
            int number = 0;
            if ((name[0] == 'F' || name[0] == 'f') && name.size() <= 3) number = std::atoi(name.c_str() + 1);
            if (number < 1 || number > 12)
                return "--call-key " + name + ": in a terminal (--headless) the call key is one of F1-F12";
            terminalFunction_ = number;
        } else {
            key_ = SDL_GetKeyFromName(name.c_str());
            if (key_ == SDLK_UNKNOWN)
                return "--call-key " + name + ": not a key name (e.g. F13, F24, Pause, ScrollLock)";
            if (key_ < 128 && std::isprint(static_cast<int>(key_)))
                return "--call-key " + name +
                       ": a key that is typed (into notes) would call by mistake; choose one nobody types, "
                       "e.g. F13-F24, Pause or ScrollLock";
        }
    }
    if (controllerButton_ >= 0 && !joystickOpened_) {
        if (SDL_InitSubSystem(SDL_INIT_JOYSTICK) != 0)
            return std::string("--call-button: game controllers cannot be read: ") + SDL_GetError();
        joystickOpened_ = true;
    }
    return {};
}

bool CallButton::isCallKey(const SDL_Event& event) const {
    return key_ != SDLK_UNKNOWN && (event.type == SDL_KEYDOWN || event.type == SDL_KEYUP) &&
           event.key.keysym.sym == key_;
}

bool CallButton::pressedBy(const SDL_Event& event) {
    if (event.type == SDL_JOYDEVICEADDED && controllerButton_ >= 0) {
        if (auto* controller = SDL_JoystickOpen(event.jdevice.which)) controllers_.push_back(controller);
        return false;
    }
    if (event.type == SDL_JOYBUTTONDOWN)
        return controllerButton_ >= 0 && event.jbutton.button == controllerButton_;
    return isCallKey(event) && event.type == SDL_KEYDOWN && !event.key.repeat;
}

}  // namespace stillpoint::panel
