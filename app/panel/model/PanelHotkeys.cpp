#include "panel/model/PanelHotkeys.h"

namespace stillpoint::panel {

namespace {
// The key of each command without its modifier: 'n', or a NamedKey.
struct KeyOf {
    PanelCommand command;
    char character;
    NamedKey named;
};
constexpr KeyOf kCommandKeys[] = {
    {PanelCommand::AdvancePhase, 'n', NamedKey::None},    {PanelCommand::ExtendPhase, 'e', NamedKey::None},
    {PanelCommand::ToggleHold, 'h', NamedKey::None},      {PanelCommand::SkipTrack, 's', NamedKey::None},
    {PanelCommand::CalmerAlternate, 'a', NamedKey::None}, {PanelCommand::Grounding, 'g', NamedKey::None},
    {PanelCommand::ToggleSilence, 'm', NamedKey::None},   {PanelCommand::VolumeUp, 0, NamedKey::Up},
    {PanelCommand::VolumeDown, 0, NamedKey::Down},        {PanelCommand::EndSession, 0, NamedKey::End},
};

Hotkey command(PanelCommand c, Hotkey::Kind kind = Hotkey::Kind::Command) {
    return Hotkey{kind, c, MarkerKind::DoseGiven};
}
}  // namespace

bool needsCtrl(PanelCommand command) {
    return command == PanelCommand::AdvancePhase || command == PanelCommand::EndSession ||
           command == PanelCommand::Grounding;
}

std::optional<Hotkey> hotkeyFor(const KeyPress& key) {
    if (key.named == NamedKey::Space && !key.ctrl)
        return Hotkey{Hotkey::Kind::TalkOver, PanelCommand::AdvancePhase, MarkerKind::DoseGiven};
    if (key.ctrl && key.character == 'q') return command(PanelCommand::EndSession);
    for (const auto& entry : kCommandKeys) {
        const bool matches = entry.character ? key.character == entry.character : key.named == entry.named;
        if (!matches) continue;
        if (needsCtrl(entry.command))
            return command(entry.command, key.ctrl ? Hotkey::Kind::Command : Hotkey::Kind::NeedsCtrl);
        // Ctrl with any other key is never a command: a chord pressed by mistake does nothing.
        if (key.ctrl) return std::nullopt;
        return command(entry.command);
    }
    if (!key.ctrl && key.character >= '1' && key.character <= '6') {
        const auto marker = static_cast<MarkerKind>(key.character - '1');
        return Hotkey{Hotkey::Kind::Marker, PanelCommand::Marker, marker};
    }
    return std::nullopt;
}

const char* hotkeyLabel(PanelCommand command) {
    switch (command) {
        case PanelCommand::AdvancePhase:
            return "Ctrl+N";
        case PanelCommand::ExtendPhase:
            return "E";
        case PanelCommand::ToggleHold:
            return "H";
        case PanelCommand::SkipTrack:
            return "S";
        case PanelCommand::CalmerAlternate:
            return "A";
        case PanelCommand::Grounding:
            return "Ctrl+G";
        case PanelCommand::ToggleSilence:
            return "M";
        case PanelCommand::VolumeUp:
            return "Up";
        case PanelCommand::VolumeDown:
            return "Down";
        case PanelCommand::EndSession:
            return "Ctrl+End";
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
