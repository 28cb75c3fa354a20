// What happened in a session, as the engine reports it: emitted on the audio thread (fixed-size, no
// allocation), drained on the control thread, persisted by the journal.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "session/CommandTable.h"
#include "session/PreviewRequest.h"
#include "session/TrackRef.h"

namespace stillpoint::session {

enum class EventKind : std::uint8_t {
    SessionStarted,
    SessionEnded,
    PhaseEntered,
    PhaseLeft,  // plannedSeconds vs actualSeconds
    TrackStarted,
    TrackEnded,      // trackPositionSeconds = how far it played
    OperatorAction,  // action (+ value), commandSeq, refusal (None = carried out)
    Fault,           // fault + detail
    FaultCleared,    // fault + detail (e.g. device restored)
};

enum class FaultKind : std::uint8_t {
    None,
    FileMissing,
    FileUnreadable,
    FileEndedEarly,
    DecoderStarved,
    DeviceLost,
    UnexpectedSilence,
    EventsDropped,      // the engine's event queue was full: some events are missing from the record
    CommandDropped,     // the command queue was full: a command never reached the engine
    RoomOutputLost,     // the room speakers' device was lost; the patient's output plays on
    PreviewOutputLost,  // the operator's preview headphones' device was lost; the session plays on
    OutputUnderrun,     // the patient's device ran dry for a moment (a short gap); its queue was made longer
};

struct SessionEvent {
    EventKind kind = EventKind::SessionStarted;
    std::int64_t sessionFrame = 0;  // audio clock: frames rendered since the session started
    int sampleRate = 48000;
    std::chrono::system_clock::time_point wallClock{};
    int phase = -1;  // the phase current when the event happened
    TrackRef track;  // the track concerned, if any
    double trackPositionSeconds = 0.0;
    Action action = Action::Start;  // OperatorAction; a Fault about the preview: Preview
    double value = 0.0;
    std::uint32_t commandSeq = 0;  // OperatorAction: the number SessionEngine::apply returned
    // OperatorAction for Action::Preview: what was asked for; `track` is what it named then (the preview
    // track, not what the session plays).
    PreviewRequest preview{};
    Refusal refusal = Refusal::None;  // OperatorAction: why it was not carried out
    double plannedSeconds = 0.0;      // PhaseLeft: planned duration (with extensions)
    double actualSeconds = 0.0;       // PhaseLeft: how long it really lasted
    // Fault; OperatorAction refused for an unreadable track: why; SessionEnded: DeviceLost when the session
    // ended at once, without its fade, because no output device was there to play it.
    FaultKind fault = FaultKind::None;
    std::array<char, 192> detail{};  // NUL-terminated; fixed size so the audio thread never allocates

    double sessionSeconds() const { return static_cast<double>(sessionFrame) / sampleRate; }
    std::string_view detailText() const { return std::string_view(detail.data()); }
    void setDetail(std::string_view text) noexcept;  // truncates to fit
};

// What a refused command ran into, in plain words, to follow its label: "the phase was not held";
// for a track that cannot be played, also what is wrong with it ("...: its file is missing"). Empty for a
// command that was carried out.
inline std::string refusalReason(const SessionEvent& event) {
    std::string reason(refusalSpec(event.refusal).text);
    if (event.refusal == Refusal::AlternateUnreadable || event.refusal == Refusal::GroundingUnreadable ||
        event.refusal == Refusal::PreviewUnreadable) {
        switch (event.fault) {
            case FaultKind::FileMissing:
                reason += ": its file is missing";
                break;
            case FaultKind::FileEndedEarly:
                reason += ": its file ends before it should (damaged?)";
                break;
            case FaultKind::DecoderStarved:
                reason += ": its file could not be read fast enough";
                break;
            default:
                reason += ": its file cannot be read";
                break;
        }
    }
    return reason;
}

// "Release hold: the phase was not held"; the label alone for a command carried out.
inline std::string describeCommand(const SessionEvent& event) {
    std::string text(commandSpec(event.action).label);
    if (event.refusal != Refusal::None) text += ": " + refusalReason(event);
    return text;
}

}  // namespace stillpoint::session
