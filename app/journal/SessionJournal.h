// The session journal: an append-only JSON-lines file (journal.jsonl) in the session's private folder,
// one event per line, for the report and for crash recovery. Format: docs/journal.md.
//
// Threads: control (UI) thread only. Never called from the audio thread: engine events reach it through
// SessionEngine::drainEvents().
// Operator commands are journaled from the engine's OperatorAction events, with their outcome (carried
// out, or refused and why) and the sequence number SessionEngine::apply gave them.
// Durability: operator entries (markers, notes, vitals, acknowledgements) are written and
// fsync'ed before the call returns, so "recorded" on the panel means on disk. Engine events and position
// heartbeats are written at once (they survive a crash of the program) and fsync'ed at least every
// JournalOptions::syncInterval and with every operator entry (they survive a power cut too).
// A failed write (a full disk, a drive error) never leaves half a line: the file is cut back to its
// last complete line, so the next entry starts a line of its own. While writes fail the journal keeps
// trying with each entry; the first line it writes again is an alert saying since when and how many
// entries are missing.
#pragma once

#include <chrono>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "journal/JournalEntry.h"
#include "journal/LevelCheckRecord.h"
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
    std::string outputDevice;                   // as the output driver names it
    std::string roomOutputDevice;               // the room speakers; empty = none
    std::string previewOutputDevice;            // the operator's preview headphones; empty = none
    std::vector<LevelCheckRecord> levelChecks;  // played before the start
    // `stillpoint render`: a preview of the program, not a patient session (never offered for resumption).
    bool renderedPreview = false;
};

struct JournalOptions {
    std::chrono::milliseconds syncInterval{1000};  // engine events reach the disk at least this often
    // A position line (with the whole state to resume from) every this much session time, and after every
    // engine event: a crash loses at most this much of where the music was.
    double heartbeatSessionSeconds = 0.5;
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
    // A note written after the session's end, marked as such ("post_session": true).
    void recordPostSessionNote(std::string_view text);
    void recordVitals(const Vitals& vitals);
    // An alert the application raised itself (not an engine fault), e.g. "no output device".
    void recordAlert(std::string_view text);
    // The operator saw and acknowledged a fault or alert; `what` names it as the panel showed it.
    void recordAcknowledged(std::string_view what);

    // A remote control (OSC): what it sent, from where (address:port), and what became of it ("sent", or
    // why not). A command it sent is journaled like the panel's (operator_action, from the engine's event)
    // with a "source": attributeCommand() names the source of the command the engine numbered `seq`.
    void recordRemoteCommand(std::string_view source, std::string_view address, std::string_view arguments,
                             std::string_view outcome);
    void attributeCommand(std::uint32_t commandSeq, std::string source);
    // Input a remote control sent that was refused: written for the first of each kind only (with how
    // many so far), so a flood cannot fill the disk.
    void recordRemoteRefused(std::string_view kind, std::string_view source, std::string_view detail,
                             std::uint64_t count);

    // Engine side, from SessionEngine::drainEvents(). Fault and operator-action events are synced at once.
    void recordEngineEvents(std::span<const session::SessionEvent> events);
    void recordEngineEvent(const session::SessionEvent& event);
    // Call often (every UI frame or render block): keeps the position that stamps operator entries,
    // writes a position heartbeat every heartbeatSessionSeconds and syncs when syncInterval is due.
    void observe(const session::SessionSnapshot& snapshot);

    // After a crash: the gap since the journal's last line, then where the music picks up (the whole state,
    // and the actions the engine carries out again, whose echoes are then not written a second time).
    void recordInterrupted(std::chrono::system_clock::time_point lastRecorded);
    void recordResumed(const session::ResumePoint& point);

    // After the session: how the music landed (the post-session form). Durable. A phase rated again
    // replaces its earlier rating in the report.
    void recordPhaseRating(const PhaseRating& rating);
    void recordUnwelcomeMoment(const UnwelcomeMoment& moment);

    // The clean end of a session (crash recovery looks for this line). Durable.
    void endSession(std::string_view reason = "ended");

    // True while writes fail (from the first failed write to the next one that succeeds).
    bool failing() const { return outage_.has_value(); }

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

    struct Outage {
        std::chrono::system_clock::time_point since;
        std::string reason;  // strerror of the first failure
        int entriesLost = 0;
    };

    void append(Json event, const Position& at, bool durable);
    Json makeLine(Json event, const Position& at) const;
    // Writes one line (synced if durable); on failure leaves the file ending on its last complete line
    // and returns why.
    std::optional<std::string> writeLine(const std::string& text, bool durable);
    void stampPosition(Json& event, const Position& at) const;
    void writeHeartbeat();
    std::pair<std::string, std::string> titleAndArtist(const program::Track& track);

    std::filesystem::path folder_;
    int fd_ = -1;
    const program::Program* program_;
    JournalOptions options_;
    std::int64_t nextSequence_ = 1;
    std::uint64_t completeBytes_ = 0;  // where the last complete line ends
    bool startOnNewLine_ = false;      // a torn line could not be cut off: the next line starts after it
    std::optional<Outage> outage_;
    Position position_;
    double lastHeartbeatSessionSeconds_ = -1e9;
    bool unsyncedWrites_ = false;
    std::chrono::system_clock::time_point lastSync_;
    std::deque<session::ReplayedAction> replayedActions_;  // carried out again after a resume: not rewritten
    bool stateChanged_ = false;                            // engine events since the last position line
    std::map<std::filesystem::path, std::pair<std::string, std::string>> tagCache_;
    std::map<std::uint32_t, std::string> commandSources_;  // by command_seq, until its outcome is written
};

}  // namespace stillpoint::journal
