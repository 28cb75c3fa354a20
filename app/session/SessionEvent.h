// What happened in a session, as the engine reports it: emitted on the audio thread (fixed-size, no
// allocation), drained on the control thread, persisted by the journal.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string_view>

#include "session/TrackRef.h"

namespace stillpoint::session {

enum class EventKind : std::uint8_t {
    SessionStarted,
    SessionEnded,
    PhaseEntered,
    PhaseLeft,  // plannedSeconds vs actualSeconds
    TrackStarted,
    TrackEnded,      // trackPositionSeconds = how far it played
    OperatorAction,  // action (+ value)
    Fault,           // fault + detail
    FaultCleared,    // fault + detail (e.g. device restored)
};

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
    TalkOverOn,
    TalkOverOff,
    Silence,
    Resume,
    EndSession,
};

enum class FaultKind : std::uint8_t {
    None,
    FileMissing,
    FileUnreadable,
    FileEndedEarly,
    DecoderStarved,
    DeviceLost,
    UnexpectedSilence,
};

struct SessionEvent {
    EventKind kind = EventKind::SessionStarted;
    std::int64_t sessionFrame = 0;  // audio clock: frames rendered since the session started
    int sampleRate = 48000;
    std::chrono::system_clock::time_point wallClock{};
    int phase = -1;  // the phase current when the event happened
    TrackRef track;  // the track concerned, if any
    double trackPositionSeconds = 0.0;
    Action action = Action::Start;
    double value = 0.0;
    double plannedSeconds = 0.0;  // PhaseLeft: planned duration (with extensions)
    double actualSeconds = 0.0;   // PhaseLeft: how long it really lasted
    FaultKind fault = FaultKind::None;
    std::array<char, 192> detail{};  // NUL-terminated; fixed size so the audio thread never allocates

    double sessionSeconds() const { return static_cast<double>(sessionFrame) / sampleRate; }
    std::string_view detailText() const { return std::string_view(detail.data()); }
    void setDetail(std::string_view text) noexcept;  // truncates to fit
};

const char* toString(EventKind kind);
const char* toString(Action action);
const char* toString(FaultKind fault);

}  // namespace stillpoint::session
