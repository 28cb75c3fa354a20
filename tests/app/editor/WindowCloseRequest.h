// What a window manager sends when a person clicks a window's close button (WM_DELETE_WINDOW), for the
// real-window tests, whose X server has no window manager. Kept apart from the tests: Xlib's macros
// (None, Bool, Status...) must not meet gtest's names.
#pragma once

#include <string>

namespace stillpoint::testing {

// `window`: its X id, as xdotool prints it. False if the display cannot be opened.
bool askWindowToClose(const std::string& display, const std::string& window);

}  // namespace stillpoint::testing
