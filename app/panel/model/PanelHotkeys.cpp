#include "panel/model/PanelHotkeys.h"

namespace stillpoint::panel {

namespace {
Hotkey command(PanelCommand c) {
    return Hotkey{Hotkey::Kind::Command, c, MarkerKind::DoseGiven};
}
}  // namespace

std::optional<Hotkey> hotkeyFor(const KeyPress& key) {
    if (key.ctrl) {
        if (key.character == 'q') return command(PanelCommand::EndSession);
        return std::nullopt;  // Ctrl+letter is never an accidental single-letter command
    }
    switch (key.named) {
        case NamedKey::Space:
            return Hotkey{Hotkey::Kind::TalkOver, PanelCommand::AdvancePhase, MarkerKind::DoseGiven};
        case NamedKey::Up:
            return command(PanelCommand::VolumeUp);
        case NamedKey::Down:
            return command(PanelCommand::VolumeDown);
        case NamedKey::End:
            return command(PanelCommand::EndSession);
        case NamedKey::Enter:
        case NamedKey::Escape:
        case NamedKey::None:
            break;
    }
    switch (key.character) {
        case 'n':
            return command(PanelCommand::AdvancePhase);
        case 'e':
            return command(PanelCommand::ExtendPhase);
        case 'h':
            return command(PanelCommand::ToggleHold);
        case 's':
            return command(PanelCommand::SkipTrack);
        case 'a':
            return command(PanelCommand::CalmerAlternate);
        case 'g':
            return command(PanelCommand::Grounding);
        case 'm':
            return command(PanelCommand::ToggleSilence);
        default:
            break;
    }
    if (key.character >= '1' && key.character <= '6') {
        const auto marker = static_cast<MarkerKind>(key.character - '1');
        return Hotkey{Hotkey::Kind::Marker, PanelCommand::Marker, marker};
    }
    return std::nullopt;
}

const char* hotkeyLabel(PanelCommand command) {
    switch (command) {
        case PanelCommand::AdvancePhase:
            return "N";
        case PanelCommand::ExtendPhase:
            return "E";
        case PanelCommand::ToggleHold:
            return "H";
        case PanelCommand::SkipTrack:
            return "S";
        case PanelCommand::CalmerAlternate:
            return "A";
        case PanelCommand::Grounding:
            return "G";
        case PanelCommand::ToggleSilence:
            return "M";
        case PanelCommand::VolumeUp:
            return "Up";
        case PanelCommand::VolumeDown:
            return "Down";
        case PanelCommand::EndSession:
            return "End";
        case PanelCommand::Start:
        case PanelCommand::Marker:
            break;
    }
    return "";
}

const char* hotkeyLabel(MarkerKind marker) {
    static const char* const labels[] = {"1", "2", "3", "4", "5", "6"};
    return labels[static_cast<int>(marker)];
}

}  // namespace stillpoint::panel
