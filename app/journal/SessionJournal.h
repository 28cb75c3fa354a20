// The session journal: an append-only JSON-lines file (journal.jsonl) in the session's private folder,
// one event per line, for the report and for crash recovery. Format: docs/journal.md.
//
// Threads: control (UI) thread only. Never called from the audio thread: engine events reach it through
// SessionEngine::drainEvents().
// Durability: operator entries (markers, notes, vitals, actions, acknowledgements) are written and
// fsync'ed before the call returns, so "recorded" on the panel means on disk. Engine events and position
// heartbeats are written at once (they survive a crash of the program) and fsync'ed at least every
// JournalOptions::syncInterval and with every operator entry (they survive a power cut too).
#pragma once

#include <chrono>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "journal/JournalEntry.h"
#include "journal/PostSessionRatings.h"
#include "program/Program.h"
#include "session/SessionEngine.h"
#include "session/SessionEvent.h"
#include "session/SessionSnapshot.h"

namespace stillpoint::journal {

// What the therapist enters before the session starts.
struct SessionDetails {
    std::string patientId;  // pseudonymous; validated (PatientId.h)
    std::string clinician;
    std::string route;     // empty: the program's route
    std::string doseNote;  // e.g. "0.5 mg/kg over 40 min"
    bool consentToMusic = false;
    std::string outputDevice;  // as the output driver names it
};

struct JournalOptions {
    std::chrono::milliseconds syncInterval{1000};  // engine events reach the disk at least this often
    double heartbeatSessionSeconds = 2.0;          // position line every this much session time
    std::function<std::chrono::system_clock::time_point()> clock = [] {
        return std::chrono::system_clock::now();
    };
};

class SessionJournal {
public:
    // Creates the session's folder under `sessionsRoot` (SessionFolder.h) and writes the durable
    // session_start line (program name, path and SHA-256, details). Throws JournalError.
    static SessionJournal start(const std::filesystem::path& sessionsRoot, const program::Program& program,
                                const SessionDetails& details, JournalOptions options = {});

    // Continues an existing session's journal (after an interruption), appending after its last line.
    // A torn last line is closed off first, so it stays one unreadable line, not two. Throws JournalError.
    static SessionJournal reopen(const std::filesystem::path& sessionFolder, const program::Program& program,
                                 JournalOptions options = {});

    SessionJournal(SessionJournal&& other) noexcept;
    SessionJournal& operator=(SessionJournal&&) = delete;
    SessionJournal(const SessionJournal&) = delete;
    SessionJournal& operator=(const SessionJournal&) = delete;
    ~SessionJournal();  // syncs what is written; does not end the session (a crash looks the same)

    const std::filesystem::path& folder() const { return folder_; }
    std::filesystem::path file() const;

    // Operator entries: durable when they return; throw JournalError if they could not be recorded.
    void recordMarker(MarkerKind kind, std::string_view text = {});
    void recordNote(std::string_view text);
    void recordVitals(const Vitals& vitals);
    // An operator command as the panel issued it. The engine's echo of it (an OperatorAction event) is
    // then not written a second time.
    void recordOperatorAction(session::Action action, double value = 0.0);
    // An alert the application raised itself (not an engine fault), e.g. "no output device".
    void recordAlert(std::string_view text);
    // The operator saw and acknowledged a fault or alert; `what` names it as the panel showed it.
    void recordAcknowledged(std::string_view what);

    // Engine side, from SessionEngine::drainEvents(). Fault and operator events are synced at once.
    void recordEngineEvents(std::span<const session::SessionEvent> events);
    void recordEngineEvent(const session::SessionEvent& event);
    // Call often (every UI frame or render block): keeps the position that stamps operator entries,
    // writes a position heartbeat every heartbeatSessionSeconds and syncs when syncInterval is due.
    void observe(const session::SessionSnapshot& snapshot);

    // After a crash: the gap since the journal's last line, then where the music picks up.
    void recordInterrupted(std::chrono::system_clock::time_point lastRecorded);
    void recordResumed(const session::ResumePoint& point);

    // After the session: how the music landed (the post-session form). Durable. A phase rated again
    // replaces its earlier rating in the report.
    void recordPhaseRating(const PhaseRating& rating);
    void recordUnwelcomeMoment(const UnwelcomeMoment& moment);

    // The clean end of a session (crash recovery looks for this line). Durable.
    void endSession(std::string_view reason = "ended");

    void sync();       // fsync now
    void syncIfDue();  // fsync if syncInterval has passed since the last one
    std::int64_t linesWritten() const { return nextSequence_ - 1; }  // including lines of earlier runs

private:
    struct Position {
        int phase = -1;
        session::TrackRef track;
        double trackSeconds = 0.0;
        double sessionSeconds = 0.0;
        double phaseElapsedSeconds = 0.0;
        double phasePlannedSeconds = 0.0;
        double masterVolume = -1.0;  // unknown until observed
    };

    SessionJournal(std::filesystem::path folder, int fd, const program::Program& program,
                   JournalOptions options, std::int64_t nextSequence);

    void append(Json event, const Position& at, bool durable);
    void stampPosition(Json& event, const Position& at) const;
    void writeHeartbeat();
    std::pair<std::string, std::string> titleAndArtist(const program::Track& track);

    std::filesystem::path folder_;
    int fd_ = -1;
    const program::Program* program_;
    JournalOptions options_;
    std::int64_t nextSequence_ = 1;
    Position position_;
    double lastHeartbeatSessionSeconds_ = -1e9;
    bool unsyncedWrites_ = false;
    std::chrono::system_clock::time_point lastSync_;
    std::deque<std::pair<session::Action, double>> actionsAwaitingEcho_;
    std::map<std::filesystem::path, std::pair<std::string, std::string>> tagCache_;
};

// The program's track a reference names, or nullptr.
const program::Track* findTrack(const program::Program& program, session::TrackRef ref);

}  // namespace stillpoint::journal
