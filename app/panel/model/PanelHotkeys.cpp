#include "panel/model/PanelHotkeys.h"

#include <cctype>

namespace stillpoint::panel {

using session::Action;

namespace {
Hotkey command(Action action) {
    Hotkey hotkey;
    hotkey.action = action;
    return hotkey;
}
// A command on a Ctrl chord: with Ctrl it is the command, without it only a hint of the chord.
Hotkey chord(Action action, bool ctrl) {
    Hotkey hotkey = command(action);
    if (!ctrl) hotkey.kind = Hotkey::Kind::NeedsCtrl;
    return hotkey;
}
Hotkey volume(int step) {
    Hotkey hotkey;
    hotkey.kind = Hotkey::Kind::Volume;
    hotkey.action = Action::SetMasterVolume;
    hotkey.step = step;
    return hotkey;
}
}  // namespace

std::optional<Hotkey> hotkeyFor(const KeyPress& key) {
    if (key.ctrl && key.character == 'q') return command(Action::EndSession);
    switch (key.named) {
        case NamedKey::Space: {
            if (key.ctrl) return std::nullopt;
            Hotkey hotkey;
            hotkey.kind = Hotkey::Kind::TalkOver;
            hotkey.action = Action::TalkOverOn;
            return hotkey;
        }
        case NamedKey::Up:
        case NamedKey::Down:
            if (key.ctrl) return std::nullopt;
            return volume(key.named == NamedKey::Up ? +1 : -1);
        case NamedKey::End:
            return chord(Action::EndSession, key.ctrl);
        case NamedKey::Enter:
        case NamedKey::Escape:
        case NamedKey::None:
            break;
    }
    if (key.character == 0) return std::nullopt;
    for (const session::CommandSpec& spec : session::kCommandTable) {
        if (spec.key != key.character) continue;
        if (spec.needsCtrl) return chord(spec.action, key.ctrl);
        // Ctrl with any other key is never a command: a chord pressed by mistake does nothing.
        if (key.ctrl) return std::nullopt;
        // The first row on a key: hold before release hold, silence before resume.
        return command(spec.action);
    }
    if (!key.ctrl && key.character >= '1' && key.character <= '6') {
        Hotkey hotkey;
        hotkey.kind = Hotkey::Kind::Marker;
        hotkey.marker = static_cast<MarkerKind>(key.character - '1');
        return hotkey;
    }
    return std::nullopt;
}

const char* hotkeyLabel(Action action) {
    return session::commandSpec(action).hotkey.data();  // literals: NUL-terminated
}

const char* hotkeyLabel(MarkerKind marker) {
    static const char* const labels[] = {"1", "2", "3", "4", "5", "6"};
    return labels[static_cast<int>(marker)];
}

std::string hotkeyHelp() {
    std::string help = "Keys:";
    auto add = [&](std::string_view key, std::string_view what) {
        help += help.size() > 5 ? ", " : " ";
        help += key;
        help += ' ';
        for (const char c : what) help += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    };
    for (const session::CommandSpec& spec : session::kCommandTable) {
        if (spec.hotkey.empty() || spec.action == Action::EndSession) continue;
        // A toggle pair is one key: named once, by its first half.
        if (session::toggleGroup(spec.action) != spec.action) continue;
        if (spec.action == Action::TalkOverOff) continue;
        add(spec.hotkey, spec.label);
    }
    add("1-6", "markers");
    help += ", q or Ctrl-C end with a fade.";
    return help;
}

}  // namespace stillpoint::panel
