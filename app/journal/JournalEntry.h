// The journal's vocabulary: line types, marker kinds, vitals, and the stable names each engine enum is
// written as. These names are the file format (docs/journal.md): add new ones, never rename old ones.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "journal/OperatorObservations.h"
#include "session/SessionEvent.h"
#include "session/TrackRef.h"

namespace stillpoint::journal {

// Field order is kept as written, so journal lines read naturally (utc, type, position, then details).
using Json = nlohmann::ordered_json;

inline constexpr int kJournalFormat = 1;

// Line types ("type" field).
namespace type {
inline constexpr const char* kSessionStart = "session_start";
inline constexpr const char* kSessionEnd = "session_end";
inline constexpr const char* kPlaybackStarted = "playback_started";
inline constexpr const char* kPlaybackEnded = "playback_ended";
inline constexpr const char* kPhaseEntered = "phase_entered";
inline constexpr const char* kPhaseLeft = "phase_left";
inline constexpr const char* kTrackStarted = "track_started";
inline constexpr const char* kTrackEnded = "track_ended";
inline constexpr const char* kOperatorAction = "operator_action";
inline constexpr const char* kFault = "fault";
inline constexpr const char* kFaultCleared = "fault_cleared";
inline constexpr const char* kAlert = "alert";
inline constexpr const char* kAcknowledged = "acknowledged";
inline constexpr const char* kMarker = "marker";
inline constexpr const char* kNote = "note";
inline constexpr const char* kVitals = "vitals";
inline constexpr const char* kPosition = "position";
inline constexpr const char* kInterrupted = "interrupted";
inline constexpr const char* kResumed = "resumed";
inline constexpr const char* kPhaseRating = "post_session_rating";
inline constexpr const char* kUnwelcomeMoment = "post_session_moment";
inline constexpr const char* kRemoteCommand = "remote_command";  // received from a remote control (OSC)
inline constexpr const char* kRemoteRefused = "remote_refused";  // the first of each kind of refused input
}  // namespace type

// An operator_action line's "outcome". A line without one (older journals) was carried out.
inline constexpr const char* kOutcomeCarriedOut = "carried_out";
inline constexpr const char* kOutcomeRefused = "refused";
// A session_end line's "reason" when the session ended at once, without its fade, because the output
// device was lost (nothing could be heard, so there was nothing to wait for).
inline constexpr const char* kEndedWhileOutputLost = "ended_while_output_lost";
// True if an operator_action line says the engine carried it out.
bool actionCarriedOut(const Json& event);

const char* journalName(MarkerKind kind);
const char* journalName(session::EventKind kind);
const char* journalName(session::Action action);  // the command table's name
const char* journalName(session::Refusal refusal);
const char* journalName(session::FaultKind fault);
const char* journalName(session::TrackRole role);

std::optional<MarkerKind> markerKindFromName(std::string_view name);
// Also the older and shorter names of the command table, so journals written before still read.
std::optional<session::Action> actionFromName(std::string_view name);
std::optional<session::Refusal> refusalFromName(std::string_view name);
std::optional<session::TrackRole> trackRoleFromName(std::string_view name);

Json toJson(session::TrackRef ref);
// An invalid reference (role none) if `value` is not a track reference.
session::TrackRef trackRefFromJson(const Json& value);

// ISO 8601 UTC with milliseconds, e.g. "2026-11-21T23:48:31.123Z".
std::string formatUtc(std::chrono::system_clock::time_point when);
std::optional<std::chrono::system_clock::time_point> parseUtc(std::string_view text);

// The local time zone (TZ, else the system's) at an instant: its offset from UTC and its abbreviation.
struct LocalZone {
    long utcOffsetSeconds = 0;
    std::string name;  // e.g. "CET"; empty if the system has none
};
LocalZone localZoneAt(std::chrono::system_clock::time_point when);

// Reads a field that may be missing or of the wrong type in a damaged or hand-edited journal.
std::string stringField(const Json& event, const char* key, std::string fallback = {});
double numberField(const Json& event, const char* key, double fallback = 0.0);
bool boolField(const Json& event, const char* key, bool fallback = false);
std::optional<double> optionalNumberField(const Json& event, const char* key);

}  // namespace stillpoint::journal
