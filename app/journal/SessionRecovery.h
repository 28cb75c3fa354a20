// Crash recovery: find a session that did not end cleanly, work out where its music was from the
// journal's last lines (position heartbeats every 2 s), and continue the same journal.
//
// At start-up:
//   if (auto unfinished = findUnfinishedSession(defaultSessionsRoot())) {
//       auto point = makeResumePoint(*unfinished);                // -> SessionOptions::resumeFrom
//       auto journal = continueSession(*unfinished, program, point);  // "interrupted" + "resumed"
//   }
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "journal/JournalReader.h"
#include "journal/SessionJournal.h"
#include "session/SessionEngine.h"

namespace stillpoint::journal {

// What the operator recorded before the interruption, for the panel to show again after a resume.
struct EarlierEntry {
    enum class Kind { Marker, Note, Vitals };
    double sessionSeconds = 0.0;
    Kind kind = Kind::Note;
    std::optional<MarkerKind> marker;  // Marker: which
    std::string text;                  // the marker's label, the note, or the vitals ("BP 120/80 HR 72")
};

struct UnfinishedSession {
    std::filesystem::path folder;
    JournalContents journal;
    std::string patientId;
    std::string programName;
    std::filesystem::path programPath;
    std::string programSha256;
    bool playbackStarted = false;                        // false: it was set up but the music never started
    std::chrono::system_clock::time_point lastRecorded;  // utc of the journal's last good line
    bool consentToMusic = false;                         // as recorded when the session started
    std::vector<EarlierEntry> earlierEntries;            // markers, notes and vitals, oldest first
};

// A session ended cleanly when its journal has a session_end line (or the engine reported the end of
// playback before the program stopped).
bool sessionEnded(const JournalContents& journal);

// Every session folder under `sessionsRoot` whose journal did not end and whose last line is at most
// `maxAge` before `now`, newest first. Unreadable folders are skipped, never fatal.
std::vector<UnfinishedSession> findUnfinishedSessions(
    const std::filesystem::path& sessionsRoot,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now(),
    std::chrono::hours maxAge = std::chrono::hours(12));
std::optional<UnfinishedSession> findUnfinishedSession(
    const std::filesystem::path& sessionsRoot,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now(),
    std::chrono::hours maxAge = std::chrono::hours(12));

// Where the session was when the journal stops: the whole state of the last good position line (phase and
// its timing, hold, waiting for the operator, a crossfade under way with every voice where it was in its
// track, talk-over, silence, volume, grounding), within one heartbeat (0.5 s) of the truth, plus the actions
// recorded after it, to be carried out again on their frames. A journal without states gives the summary
// only (phase, track and position, phase time, extensions, volume).
session::ResumePoint makeResumePoint(const JournalContents& journal);
// The same, with the gap: how long ago (`now`) the journal's last line was written.
session::ResumePoint makeResumePoint(
    const UnfinishedSession& unfinished,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

// The markers, notes and vitals recorded in a journal, oldest first.
std::vector<EarlierEntry> earlierEntries(const JournalContents& journal);

// A sentence for the operator if the program file is not the one the session started with, else nullopt.
std::optional<std::string> programChangedWarning(const UnfinishedSession& unfinished,
                                                 const program::Program& program);

// Reopens the session's journal and records the "interrupted" gap (now - last line) and "resumed" at `point`.
SessionJournal continueSession(const UnfinishedSession& unfinished, const program::Program& program,
                               const session::ResumePoint& point, JournalOptions options = {});

}  // namespace stillpoint::journal
