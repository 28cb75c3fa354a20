#include "journal/SessionRecovery.h"

#include <algorithm>
#include <system_error>

#include "journal/FileDigest.h"
#include "journal/JournalError.h"
#include "journal/SessionFolder.h"

namespace stillpoint::journal {

bool sessionEnded(const JournalContents& journal) {
    return journal.has(type::kSessionEnd) || journal.has(type::kPlaybackEnded);
}

std::vector<UnfinishedSession> findUnfinishedSessions(const std::filesystem::path& sessionsRoot,
                                                      std::chrono::system_clock::time_point now,
                                                      std::chrono::hours maxAge) {
    std::vector<UnfinishedSession> found;
    std::error_code error;
    for (std::filesystem::directory_iterator entry(sessionsRoot, error), end; !error && entry != end;
         entry.increment(error)) {
        const auto file = entry->path() / kJournalFileName;
        if (!std::filesystem::is_regular_file(file, error)) continue;
        UnfinishedSession session;
        try {
            session.journal = readJournal(file);
        } catch (const JournalError&) {
            continue;
        }
        const auto& journal = session.journal;
        if (journal.events.empty() || sessionEnded(journal)) continue;
        // A render that stopped half-way is a preview, not a patient's session to resume.
        if (const Json* start = journal.first(type::kSessionStart);
            start != nullptr && boolField(*start, "rendered_preview"))
            continue;
        const auto lastRecorded = parseUtc(stringField(journal.events.back().event, "utc"));
        if (!lastRecorded || now - *lastRecorded > maxAge) continue;
        session.folder = entry->path();
        session.lastRecorded = *lastRecorded;
        session.playbackStarted = journal.has(type::kPlaybackStarted);
        if (const Json* start = journal.first(type::kSessionStart)) {
            session.patientId = stringField(*start, "patient_id");
            session.programName = stringField(*start, "program");
            session.programPath = stringField(*start, "program_path");
            session.programSha256 = stringField(*start, "program_sha256");
        }
        found.push_back(std::move(session));
    }
    std::sort(found.begin(), found.end(),
              [](const auto& a, const auto& b) { return a.lastRecorded > b.lastRecorded; });
    return found;
}

std::optional<UnfinishedSession> findUnfinishedSession(const std::filesystem::path& sessionsRoot,
                                                       std::chrono::system_clock::time_point now,
                                                       std::chrono::hours maxAge) {
    auto all = findUnfinishedSessions(sessionsRoot, now, maxAge);
    if (all.empty()) return std::nullopt;
    return std::move(all.front());
}

session::ResumePoint makeResumePoint(const JournalContents& journal) {
    session::ResumePoint point;
    const Json* last = nullptr;       // latest line that carries a position
    const Json* heartbeat = nullptr;  // latest position or resumed line
    double extensionsSinceHeartbeat = 0.0;
    double phaseEnteredAt = 0.0;
    int enteredPhase = -1;
    for (const auto& line : journal.events) {
        const Json& event = line.event;
        const std::string type = stringField(event, "type");
        if (!optionalNumberField(event, "session_s")) continue;
        // Lines about something that just stopped carry that thing's position, not the music's.
        const bool aboutWhatStopped = type == type::kTrackEnded || type == type::kPhaseLeft ||
                                      type == type::kFault || type == type::kFaultCleared;
        if (!aboutWhatStopped) last = &event;
        if (type == type::kPosition || type == type::kResumed) {
            heartbeat = &event;
            extensionsSinceHeartbeat = 0.0;
            if (auto volume = optionalNumberField(event, "master_volume")) point.masterVolume = *volume;
        } else if (type == type::kPhaseEntered) {
            enteredPhase = static_cast<int>(numberField(event, "phase_index", -1));
            phaseEnteredAt = numberField(event, "session_s");
            extensionsSinceHeartbeat = 0.0;
        } else if (type == type::kOperatorAction && actionCarriedOut(event)) {
            const auto action = actionFromName(stringField(event, "action"));
            if (action == session::Action::SetMasterVolume) {
                point.masterVolume = std::clamp(numberField(event, "value", point.masterVolume), 0.0, 1.0);
            } else if (action == session::Action::ExtendPhase) {
                extensionsSinceHeartbeat += numberField(event, "value") * 60.0;
            }
        }
    }
    if (last == nullptr) return point;
    point.phase = std::max(0, static_cast<int>(numberField(*last, "phase_index", 0)));
    point.track = trackRefFromJson(last->value("track_ref", Json()));
    const bool belongsToAPhase = point.track.role == session::TrackRole::Phase ||
                                 point.track.role == session::TrackRole::Alternate ||
                                 point.track.role == session::TrackRole::Bed;
    if (belongsToAPhase && point.track.phase != point.phase) point.track = {};  // the phase's first track
    point.trackPositionSeconds = std::max(0.0, numberField(*last, "track_s"));
    point.sessionSeconds = std::max(0.0, numberField(*last, "session_s"));
    const double now = point.sessionSeconds;
    if (heartbeat != nullptr && static_cast<int>(numberField(*heartbeat, "phase_index", -1)) == point.phase &&
        !(enteredPhase == point.phase && phaseEnteredAt > numberField(*heartbeat, "session_s"))) {
        point.phaseElapsedSeconds =
            numberField(*heartbeat, "phase_elapsed_s") + now - numberField(*heartbeat, "session_s");
        point.phaseExtensionSeconds = numberField(*heartbeat, "phase_extension_s") + extensionsSinceHeartbeat;
    } else if (enteredPhase == point.phase) {
        point.phaseElapsedSeconds = now - phaseEnteredAt;
        point.phaseExtensionSeconds = extensionsSinceHeartbeat;
    }
    point.phaseElapsedSeconds = std::max(0.0, point.phaseElapsedSeconds);
    return point;
}

std::optional<std::string> programChangedWarning(const UnfinishedSession& unfinished,
                                                 const program::Program& program) {
    if (unfinished.programSha256.empty() || program.sourceFile.empty()) return std::nullopt;
    std::string now;
    try {
        now = sha256HexOfFile(program.sourceFile);
    } catch (const JournalError& error) {
        return std::string(error.what());
    }
    if (now == unfinished.programSha256) return std::nullopt;
    return "The program file " + program.sourceFile.string() +
           " has changed since the interrupted session started with it; phases and tracks may not line up. "
           "Check the resume point before continuing.";
}

SessionJournal continueSession(const UnfinishedSession& unfinished, const program::Program& program,
                               const session::ResumePoint& point, JournalOptions options) {
    auto journal = SessionJournal::reopen(unfinished.folder, program, std::move(options));
    journal.recordInterrupted(unfinished.lastRecorded);
    journal.recordResumed(point);
    return journal;
}

}  // namespace stillpoint::journal
