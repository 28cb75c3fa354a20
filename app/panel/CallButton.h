// The patient call button: a key or a game-controller button (most USB call buttons enumerate as one of
// these, and SDL2 sees both), read from the SDL events of the panel's window or, without a window, of
// the headless player; in the headless player's terminal a key is one of F1-F12 (every other key a
// terminal sends is a hotkey or typed text).
//
// Threads: the UI thread (the control thread of the headless player) only.
#pragma once

#include <SDL.h>

#include <string>
#include <vector>

namespace stillpoint::panel {

struct CallButtonChoice {
    std::string key;            // a key name ("F13", "Pause"; in a terminal "F1"-"F12"); empty = none
    int controllerButton = -1;  // a game controller's button number; -1 = none
    bool startsGrounding = false;
    bool inTerminal = false;  // the headless player: keys come from its terminal
};

class CallButton {
public:
    CallButton() = default;
    ~CallButton();
    CallButton(const CallButton&) = delete;
    CallButton& operator=(const CallButton&) = delete;

    // Takes the choice; what is wrong with it, in words naming the option, if its key cannot serve (a key
    // that is typed would call by mistake) or game controllers cannot be read; empty if it is ready.
    std::string choose(const CallButtonChoice& choice);

    // Whether the event is the call key, pressed or released (the panel must not also act on it).
    bool isCallKey(const SDL_Event& event) const;
    // Opens game controllers as they are plugged in (or found at the start); true if the event is a press
    // of the call button: its key (not a key repeat) or its controller button.
    bool pressedBy(const SDL_Event& event);
    // The terminal's function key Fn (1-12) is the call key.
    bool isTerminalCallKey(int function) const { return function != 0 && function == terminalFunction_; }

    bool readsControllers() const { return controllerButton_ >= 0; }
    bool startsGrounding() const { return startsGrounding_; }

private:
    SDL_Keycode key_ = SDLK_UNKNOWN;
    int terminalFunction_ = 0;
    int controllerButton_ = -1;
    bool startsGrounding_ = false;
    bool joystickOpened_ = false;  // the subsystem, initialised by choose()
    std::vector<SDL_Joystick*> controllers_;
};

}  // namespace stillpoint::panel
