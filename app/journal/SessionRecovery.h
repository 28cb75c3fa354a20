// Crash recovery: find a session that did not end cleanly, work out where its music was from the
// journal's last lines (position heartbeats every 2 s), and continue the same journal.
//
// At start-up:
//   if (auto unfinished = findUnfinishedSession(defaultSessionsRoot())) {
//       auto point = makeResumePoint(unfinished->journal);       // -> SessionOptions::resumeFrom
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

struct UnfinishedSession {
    std::filesystem::path folder;
    JournalContents journal;
    std::string patientId;
    std::string programName;
    std::filesystem::path programPath;
    std::string programSha256;
    bool playbackStarted = false;                        // false: it was set up but the music never started
    std::chrono::system_clock::time_point lastRecorded;  // utc of the journal's last good line
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

// Where the music was when the journal stops: phase, track, position in the track, session clock,
// time into the phase, extensions, master volume. Within one heartbeat interval of the truth.
session::ResumePoint makeResumePoint(const JournalContents& journal);

// A sentence for the operator if the program file is not the one the session started with, else nullopt.
std::optional<std::string> programChangedWarning(const UnfinishedSession& unfinished,
                                                 const program::Program& program);

// Reopens the session's journal and records the "interrupted" gap (now - last line) and "resumed" at `point`.
SessionJournal continueSession(const UnfinishedSession& unfinished, const program::Program& program,
                               const session::ResumePoint& point, JournalOptions options = {});

}  // namespace stillpoint::journal
