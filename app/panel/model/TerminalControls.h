// The headless player's terminal: keys read without Enter (raw mode, restored on exit), the same hotkeys
// as the panel, and a one-line status. Works when stdin is not a terminal: then no keys are read.
#pragma once

#include <termios.h>

#include <optional>
#include <string>
#include <vector>

#include "panel/model/PanelHotkeys.h"
#include "panel/model/SessionDisplay.h"

namespace stillpoint::panel {

// A key from the terminal: a panel key, or the request to end (q, Ctrl-C as a byte in raw mode).
struct TerminalKey {
    KeyPress press;
    bool quit = false;
    int function = 0;  // F1-F12 (a patient call button may send one); 0 = none
};

// Turns bytes read from a raw terminal into keys: letters, digits, Space, arrow keys (ESC [ A / B),
// End (ESC [ F, ESC [ 4 ~, ESC O F), F1-F12 (ESC O P..S, ESC [ NN ~), Enter, Escape, q and Ctrl-C / Ctrl-Q
// as quit.
std::vector<TerminalKey> decodeTerminalKeys(const std::string& bytes);

// "peak 3/4 | 12:48 left | session 23:12 | peak opening | vol 42% | TALK-OVER"
std::string statusLine(const SessionDisplay& display);

class TerminalControls {
public:
    TerminalControls();   // raw mode when stdin is a terminal
    ~TerminalControls();  // restores the terminal
    TerminalControls(const TerminalControls&) = delete;
    TerminalControls& operator=(const TerminalControls&) = delete;

    bool interactive() const { return raw_; }
    // Waits up to `timeoutMs` for keys (no busy loop); empty when none. Always empty when not interactive
    // (the wait still happens, so the caller's loop keeps its pace). A readable `wakeFd` (an eventfd, e.g.
    // a remote control's request) ends the wait early; it is drained.
    std::vector<TerminalKey> waitForKeys(int timeoutMs, int wakeFd = -1);

private:
    bool raw_ = false;
    termios saved_{};
};

}  // namespace stillpoint::panel
