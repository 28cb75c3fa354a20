// The panel's keyboard shortcuts, for the window and the headless terminal player. The keys of commands
// come from the command table (CommandTable.h); Space, the arrows and the digits are the panel's own.
// Keys are chosen to be found without looking: letters named after the action, Space for talk-over.
// Advance, end and grounding take Ctrl (CommandSpec::needsCtrl); their plain key only says which chord.
#pragma once

#include <optional>
#include <string>

#include "panel/model/OperatorRecord.h"
#include "session/CommandTable.h"

namespace stillpoint::panel {

struct Hotkey {
    enum class Kind {
        Command,    // `action` (the first of a toggle pair: the model picks the half the state calls for)
        TalkOver,   // Space: pressed and released
        Volume,     // Up / Down: `step` +1 / -1
        Marker,     // 1..6: `marker`
        NeedsCtrl,  // the plain key of `action`, which takes Ctrl: nothing is sent, the panel says how
    } kind = Kind::Command;
    session::Action action = session::Action::AdvancePhase;
    int step = 0;
    MarkerKind marker = MarkerKind::DoseGiven;
};

// Keys as plain values so the table does not depend on SDL: letters and digits are their lower-case ASCII
// codes, the others are named here.
enum class NamedKey { None, Space, Up, Down, End, Enter, Escape };

struct KeyPress {
    char character = 0;  // 'a'..'z', '0'..'9', or 0
    NamedKey named = NamedKey::None;
    bool ctrl = false;
};

std::optional<Hotkey> hotkeyFor(const KeyPress& key);

// The key a command is on, as shown on its button ("N", "Space", "Up/Down"), or "" if none.
const char* hotkeyLabel(session::Action action);
const char* hotkeyLabel(MarkerKind marker);

// One line naming every key, for the headless player: "Keys: Space talk-over, N advance phase, ...".
std::string hotkeyHelp();

}  // namespace stillpoint::panel
