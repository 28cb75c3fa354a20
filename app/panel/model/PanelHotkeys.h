// The panel's keyboard shortcuts, one table for the window and the headless terminal player. Keys are
// chosen to be found without looking: letters named after the action, Space for talk-over.
//
// The commands that change the course of the session (advance, end) and grounding are on Ctrl chords:
// a typist who thinks a text field has the keyboard never presses Ctrl+N or Ctrl+G by accident, and
// grounding still takes one action. The plain letter only says which chord to use.
#pragma once

#include <optional>
#include <span>

#include "panel/model/CommandDebouncer.h"
#include "panel/model/OperatorRecord.h"

namespace stillpoint::panel {

struct Hotkey {
    // NeedsCtrl: the plain key of a command that takes Ctrl; nothing is sent, the panel says how.
    enum class Kind { Command, TalkOver, Marker, NeedsCtrl } kind = Kind::Command;
    PanelCommand command = PanelCommand::AdvancePhase;  // Kind::Command and Kind::NeedsCtrl
    MarkerKind marker = MarkerKind::DoseGiven;          // Kind::Marker
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

// Whether a command's key needs Ctrl (see above).
bool needsCtrl(PanelCommand command);

// The key a command is on, as shown on its button ("Ctrl+N", "Space", "Up"), or "" if none.
const char* hotkeyLabel(PanelCommand command);
const char* hotkeyLabel(MarkerKind marker);

}  // namespace stillpoint::panel
