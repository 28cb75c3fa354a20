// The operator's commands, written once: every layer (engine, journal, action scripts, panel buttons and
// hotkeys, the headless help line, the report) reads its names, labels and keys from this table. Adding
// a command is one row here plus what the engine does with it (PhaseConductor::apply).
//
// Also why the engine can refuse a command, with the plain sentence the operator is shown.
// Header-only and constexpr, so the panel's model library uses it without linking the engine.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace stillpoint::session {

enum class Action : std::uint8_t {
    Start,
    AdvancePhase,
    ExtendPhase,  // value = minutes added
    Hold,
    ReleaseHold,
    SkipTrack,
    SwapToAlternate,
    PlayGrounding,
    SetMasterVolume,  // value = linear 0..1
    SetRoomVolume,    // value = linear 0..1; the room speakers' own level
    TalkOverOn,
    TalkOverOff,
    Silence,
    Resume,
    EndSession,
    // The preview output (the operator's own headphones, PreviewRequest.h): never the patient's or the
    // room's, never the session's course.
    Preview,           // the command carries what to preview (SessionCommand::preview)
    PreviewStop,       // fades the preview out
    SetPreviewVolume,  // value = linear 0..1; the preview output's own level
};
inline constexpr int kActionCount = 18;

// What a command's value means.
enum class CommandValue : std::uint8_t {
    None,
    Minutes,  // written as a duration in action scripts ("by" = "5m")
    Volume,   // linear 0..1 ("value" = 0.6)
};

struct CommandSpec {
    Action action;
    // The name in action scripts and in the journal. Never renamed: journals on disk must stay readable.
    std::string_view name;
    // Older or shorter names still read from action scripts and journals ("" = none).
    std::array<std::string_view, 2> aliases;
    std::string_view label;   // for people: buttons, refusals, the report ("Release hold")
    std::string_view hotkey;  // the key as shown on its button ("N", "Space"); "" = none
    // The letter that triggers it ('n'), 0 if it is on a named key or on none. Two commands that toggle
    // (hold / release hold, silence / resume) share a key; the panel picks by the session's state.
    char key;
    CommandValue value;
    // Commands that change the course of the session (advance, end) and grounding take Ctrl with their
    // key: a typist who thinks a text field has the keyboard never presses Ctrl+N or Ctrl+G by accident,
    // and grounding still takes one action. `hotkey` then reads "Ctrl+N".
    bool needsCtrl = false;
    // The address under /stillpoint/ by which a remote control (OSC, docs/osc.md) sends it; "" = not
    // remotely (start needs the setup, which only the panel or the command line gives). Two commands on
    // one address are the halves of a switch: its argument 1 means the first, 0 the second.
    std::string_view remote = "";
};

inline constexpr std::array<CommandSpec, kActionCount> kCommandTable = {{
    {Action::Start, "start", {}, "Start session", "", 0, CommandValue::None, false, ""},
    {Action::AdvancePhase,
     "advance_phase",
     {"advance", ""},
     "Advance phase",
     "Ctrl+N",
     'n',
     CommandValue::None,
     true,
     "advance"},
    {Action::ExtendPhase,
     "extend_phase",
     {"extend", ""},
     "Extend phase",
     "E",
     'e',
     CommandValue::Minutes,
     false,
     "extend"},
    {Action::Hold, "hold", {}, "Hold phase", "H", 'h', CommandValue::None, false, "hold"},
    {Action::ReleaseHold,
     "release_hold",
     {"release", ""},
     "Release hold",
     "H",
     'h',
     CommandValue::None,
     false,
     "release"},
    {Action::SkipTrack,
     "skip_track",
     {"skip", ""},
     "Skip track",
     "S",
     's',
     CommandValue::None,
     false,
     "skip"},
    {Action::SwapToAlternate,
     "swap_to_alternate",
     {"alternate", ""},
     "Calmer alternate",
     "A",
     'a',
     CommandValue::None,
     false,
     "alternate"},
    {Action::PlayGrounding,
     "play_grounding",
     {"grounding", ""},
     "Grounding track",
     "Ctrl+G",
     'g',
     CommandValue::None,
     true,
     "grounding"},
    {Action::SetMasterVolume,
     "set_master_volume",
     {"volume", ""},
     "Volume",
     "Up/Down",
     0,
     CommandValue::Volume,
     false,
     "volume"},
    {Action::SetRoomVolume,
     "set_room_volume",
     {},
     "Room volume",
     "",
     0,
     CommandValue::Volume,
     false,
     "room/volume"},
    {Action::TalkOverOn,
     "talk_over_on",
     {"talk-over", "talk-over-on"},
     "Talk-over",
     "Space",
     0,
     CommandValue::None,
     false,
     "talkover"},
    {Action::TalkOverOff,
     "talk_over_off",
     {"talk-over-off", ""},
     "Talk-over off",
     "Space",
     0,
     CommandValue::None,
     false,
     "talkover"},
    {Action::Silence, "silence", {}, "Silence", "M", 'm', CommandValue::None, false, "silence"},
    {Action::Resume, "resume", {}, "Resume music", "M", 'm', CommandValue::None, false, "resume"},
    {Action::EndSession,
     "end_session",
     {"end", ""},
     "End session",
     "Ctrl+End",
     0,
     CommandValue::None,
     true,
     "end"},
    // Not sent remotely: a remote station cannot hear the operator's headphones.
    {Action::Preview, "preview", {}, "Preview", "", 0, CommandValue::None, false, ""},
    {Action::PreviewStop,
     "preview_stop",
     {"preview-stop", ""},
     "Stop preview",
     "",
     0,
     CommandValue::None,
     false,
     ""},
    {Action::SetPreviewVolume,
     "set_preview_volume",
     {},
     "Preview volume",
     "",
     0,
     CommandValue::Volume,
     false,
     ""},
}};

// The commands of the preview output. They change nothing the patient or the room hears, so a resumed
// session does not carry them out again, and no remote control sends them.
constexpr bool isPreviewCommand(Action action) {
    return action == Action::Preview || action == Action::PreviewStop || action == Action::SetPreviewVolume;
}

constexpr const CommandSpec& commandSpec(Action action) {
    return kCommandTable[static_cast<std::size_t>(action)];
}

// The command a name (or one of its aliases) stands for.
constexpr std::optional<Action> actionNamed(std::string_view name) {
    if (name.empty()) return std::nullopt;
    for (const CommandSpec& spec : kCommandTable) {
        if (spec.name == name || spec.aliases[0] == name || spec.aliases[1] == name) return spec.action;
    }
    return std::nullopt;
}

// The first command on the same key: hold for release hold, silence for resume (a toggle pair counts as
// one command, e.g. for debouncing a double press); the command itself otherwise.
constexpr Action toggleGroup(Action action) {
    const char key = commandSpec(action).key;
    if (key == 0) return action;
    for (const CommandSpec& spec : kCommandTable)
        if (spec.key == key) return spec.action;
    return action;
}

// Why the engine did not carry out a command. None = carried out.
enum class Refusal : std::uint8_t {
    None,
    AlreadyStarted,
    NotPlaying,     // the session is not running (not started, ending or ended)
    AlreadyMoving,  // a phase change is already under way
    PhaseEnding,    // extend / hold while the phase is already ending
    NotHeld,        // release when not held
    NoTrackToSkipTo,
    NoAlternate,          // the current track has no (further) alternate
    AlternateUnreadable,  // it has one, but it cannot be played (the event's fault says why)
    NoGrounding,          // the program has no grounding track
    GroundingUnreadable,  // it cannot be played (the event's fault says why)
    GroundingPlaying,     // it is already playing
    MusicNotPlaying,      // silence when already silent
    NotSilenced,          // resume when not silenced
    QueueFull,            // too many commands at once: never reached the engine
    NoPreviewOutput,      // preview without a preview output
    NothingToPreview,     // the track asked for does not exist (no next track, no alternate...)
    PreviewUnreadable,    // it exists but cannot be played (the event's fault says why)
    NoPreviewPlaying,     // preview stop with no preview playing
};
inline constexpr int kRefusalCount = 19;

struct RefusalSpec {
    Refusal refusal;
    std::string_view name;  // in the journal ("reason")
    std::string_view text;  // for people, after the command's label: "Release hold: the phase was not held"
};

inline constexpr std::array<RefusalSpec, kRefusalCount> kRefusalTable = {{
    {Refusal::None, "", ""},
    {Refusal::AlreadyStarted, "already_started", "the session has already started"},
    {Refusal::NotPlaying, "not_playing", "the session is not playing"},
    {Refusal::AlreadyMoving, "already_moving", "already moving to the next phase"},
    {Refusal::PhaseEnding, "phase_ending", "the phase is already ending"},
    {Refusal::NotHeld, "not_held", "the phase was not held"},
    {Refusal::NoTrackToSkipTo, "no_track_to_skip_to", "there is no track to skip to"},
    {Refusal::NoAlternate, "no_alternate", "the current track has no (further) calmer alternate"},
    {Refusal::AlternateUnreadable, "alternate_unreadable", "the calmer alternate cannot be played"},
    {Refusal::NoGrounding, "no_grounding", "the program has no grounding track"},
    {Refusal::GroundingUnreadable, "grounding_unreadable", "the grounding track cannot be played"},
    {Refusal::GroundingPlaying, "grounding_playing", "the grounding track is already playing"},
    {Refusal::MusicNotPlaying, "music_not_playing", "the music is not playing"},
    {Refusal::NotSilenced, "not_silenced", "the music was not silenced"},
    {Refusal::QueueFull, "queue_full", "too many commands at once; it was not carried out, press it again"},
    {Refusal::NoPreviewOutput, "no_preview_output", "there is no preview output"},
    {Refusal::NothingToPreview, "nothing_to_preview", "there is no such track to preview"},
    {Refusal::PreviewUnreadable, "preview_unreadable", "the track cannot be played"},
    {Refusal::NoPreviewPlaying, "no_preview_playing", "no preview is playing"},
}};

constexpr const RefusalSpec& refusalSpec(Refusal refusal) {
    return kRefusalTable[static_cast<std::size_t>(refusal)];
}

constexpr std::optional<Refusal> refusalNamed(std::string_view name) {
    for (const RefusalSpec& spec : kRefusalTable)
        if (!spec.name.empty() && spec.name == name) return spec.refusal;
    return std::nullopt;
}

// The table is indexed by the enums: a row out of place is a compile error, not a wrong name at runtime.
constexpr bool tablesInOrder() {
    for (std::size_t i = 0; i < kCommandTable.size(); ++i)
        if (static_cast<std::size_t>(kCommandTable[i].action) != i) return false;
    for (std::size_t i = 0; i < kRefusalTable.size(); ++i)
        if (static_cast<std::size_t>(kRefusalTable[i].refusal) != i) return false;
    return true;
}
static_assert(tablesInOrder(), "kCommandTable and kRefusalTable rows must follow their enums' order");
static_assert(static_cast<int>(Action::SetPreviewVolume) + 1 == kActionCount);
static_assert(static_cast<int>(Refusal::NoPreviewPlaying) + 1 == kRefusalCount);

}  // namespace stillpoint::session
