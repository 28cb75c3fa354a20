// A problem that stops Stillpoint before its panel opens (no sound output, no program), told in a window
// of the panel's own look, for someone who started it from the desktop's menu and has no terminal to read.
//
// Threads: the UI thread only.
#pragma once

#include <string>

#include "panel/PanelTheme.h"

namespace stillpoint::panel {

// Draws the message filling the current ImGui window's space: the title, the text wrapped, and Close.
// Returns true when Close was pressed.
bool drawMessage(const PanelFonts& fonts, const std::string& title, const std::string& text);

// Opens a window with the message and waits until it is closed (Close, Enter, Esc or the window's own
// close). Throws std::runtime_error if no window can be opened.
void showMessageWindow(const std::string& title, const std::string& text);

}  // namespace stillpoint::panel
