// What a journal says happened, gathered for the session report: phases planned and as they went, the
// music with why each track started and how it ended, periods (talk-over, silence, hold, grounding,
// interruptions), the moments marked on the timeline, vitals, refused commands and the post-session
// ratings; and each journal line told as a plain sentence. Pure functions of the journal: no I/O.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "journal/JournalReader.h"
#include "journal/PostSessionRatings.h"

namespace stillpoint::journal::report {

// The clinic's local time, as recorded when the session started (else this machine's zone then).
struct LocalClock {
    long utcOffsetSeconds = 0;
    std::string zone;  // "CET", or "UTC+01:00" when the system gave no abbreviation
    // "14:05:09" (withSeconds) or "14:05" for an ISO UTC timestamp from the journal; "" if unreadable.
    std::string timeOf(const std::string& utc, bool withSeconds = true) const;
    // "Sat 21 Nov 2026" for an ISO UTC timestamp, in local time.
    std::string dateOf(const std::string& utc) const;
    // The same for seconds since the epoch (UTC).
    std::string timeOfEpoch(double epochSeconds, bool withSeconds = true) const;
    // "UTC+01:00"
    std::string offsetText() const;
};
LocalClock localClockOf(const JournalContents& journal);

struct PhaseStory {
    int index = -1;
    std::string name;
    double plannedSeconds = 0.0;      // as in the program
    double extendedSeconds = 0.0;     // minutes the operator added, in seconds
    double start = -1.0, end = -1.0;  // session time; -1 if it never began / did not end
    std::string howEnded;             // "as planned", "moved on early by the operator", ...
    std::optional<PhaseRating> rating;
};

struct TrackStory {
    double start = 0.0;
    double end = -1.0;  // -1 while it plays at the end of the journal
    double playedSeconds = -1.0;
    std::string title, artist, file, phase, role;
    Json ref;
    std::string why;    // why it started, in plain words
    std::string ended;  // how it ended, in plain words
};

enum class PeriodKind { TalkOver, Silence, Hold, Grounding, Interruption };

struct Period {
    PeriodKind kind = PeriodKind::TalkOver;
    double start = 0.0, end = 0.0;
    std::string label;         // short, drawn on the band
    std::string detail;        // the tooltip
    double wallSeconds = 0.0;  // Interruption: how long the program was away
};

enum class MarkKind { Marker, Note, Distress, Action, Refused, Fault, Alert, Unwelcome };

struct Mark {
    MarkKind kind = MarkKind::Marker;
    double at = 0.0;
    std::string label;   // short, shown beside the mark
    std::string detail;  // the whole sentence, the tooltip
    int number = 0;      // markers and notes are numbered, timeline and table alike
    std::string phase, track;
    double trackSeconds = 0.0;
};

struct VitalsPoint {
    double at = 0.0;
    std::optional<double> systolic, diastolic, heartRate, spo2;
};

struct SessionStory {
    Json start;
    LocalClock clock;
    double length = 0.0;  // session seconds the journal covers
    bool ended = false;
    std::vector<PhaseStory> phases;  // one per program phase, in order
    std::vector<TrackStory> tracks;
    std::vector<Period> periods;
    std::vector<Mark> marks;
    std::vector<VitalsPoint> vitals;
    std::vector<UnwelcomeMoment> unwelcome;
    std::vector<std::string> interventions;              // plain sentences for the summary
    std::vector<std::pair<double, double>> wallAnchors;  // (session seconds, epoch seconds) of journal lines

    // The local clock time at a session time: from the journal line before it, so an interruption's
    // gap is counted. "" if the journal has no times.
    std::string localTimeAt(double sessionSeconds, bool withSeconds = true) const;
};

SessionStory tellStory(const JournalContents& journal);

// One journal line as a sentence, e.g. "Marker: Distress: tearful", "Refused: release the hold (the
// phase was not held)". Empty for lines a reader need not see (position heartbeats).
std::string describeEvent(const Json& event);

// "Dose given", or "Patient spoke: asked about the music"; the kind's name is never repeated.
std::string markerLabel(const Json& event);
// "Release hold", "Extend the phase by 5 min", "Volume to 60%".
std::string actionSentence(const Json& event);

std::string vitalsText(const VitalsPoint& v);

// The timeline, an inline SVG: phases planned and actual, the music, periods as bands, marks laid out in
// lanes so no label hides another, vitals.
std::string renderTimelineSvg(const SessionStory& story);

// Width in SVG units of `text` set in the report's sans-serif at `fontPx`: an upper bound for DejaVu Sans,
// the font the report names first, so labels laid out with it do not touch.
double estimatedTextWidth(std::string_view text, double fontPx);

}  // namespace stillpoint::journal::report
