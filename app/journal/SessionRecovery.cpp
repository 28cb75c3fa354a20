#include "journal/SessionRecovery.h"

#include <algorithm>
#include <system_error>

#include "journal/FileDigest.h"
#include "journal/JournalError.h"
#include "journal/ResumeStateJson.h"
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
            const auto consent = start->find("consent_to_music");
            session.consentToMusic = consent != start->end() && consent->is_boolean() && consent->get<bool>();
        }
        session.earlierEntries = earlierEntries(journal);
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

namespace {

// The last state line (position or resumed) whose state reads back whole becomes the point; the operator's
// actions recorded after it, which it does not hold, are carried out again on their frames.
void resumeFromLastState(const JournalContents& journal, session::ResumePoint& point) {
    std::size_t stateLine = journal.events.size();
    std::optional<session::ResumeState> state;
    for (std::size_t i = journal.events.size(); i-- > 0 && !state;) {
        const Json& event = journal.events[i].event;
        const std::string kind = stringField(event, "type");
        if (kind != type::kPosition && kind != type::kResumed) continue;
        const auto found = event.find("resume_state");
        if (found == event.end()) continue;
        state = resumeStateFromJson(*found);
        if (state) stateLine = i;
    }
    if (!state) return;
    const Json& line = journal.events[stateLine].event;
    point.state = *state;
    point.actions.clear();
    const double rate = state->sampleRate;
    point.phase = state->phase;
    point.sessionSeconds =
        std::max(0.0, numberField(line, "session_s", static_cast<double>(state->frame) / rate));
    point.phaseElapsedSeconds =
        std::max(0.0, static_cast<double>(state->frame - state->phaseStartFrame) / rate);
    point.phaseExtensionSeconds = static_cast<double>(state->extensionFrames) / rate;
    point.masterVolume = state->volume.target;
    point.track = {};
    point.trackPositionSeconds = 0.0;
    for (int v = 0; v < state->voiceCount; ++v) {
        const auto& voice = state->voices[static_cast<std::size_t>(v)];
        if (!voice.lead) continue;
        point.track = voice.track;
        point.trackPositionSeconds = static_cast<double>(voice.trackFrame) / rate;
    }
    // A resumed line lists what it carried out again; if the session stopped again before its next state,
    // those are still to do.
    if (stringField(line, "type") == type::kResumed) {
        if (const auto replayed = line.find("replayed_actions");
            replayed != line.end() && replayed->is_array()) {
            for (const Json& action : *replayed) {
                const auto named = actionFromName(stringField(action, "action"));
                if (!named) continue;
                point.actions.push_back({*named, numberField(action, "value"),
                                         static_cast<std::int64_t>(numberField(action, "frame", -1))});
            }
        }
    }
    for (std::size_t i = stateLine + 1; i < journal.events.size(); ++i) {
        const Json& event = journal.events[i].event;
        if (stringField(event, "type") != type::kOperatorAction) continue;
        if (stringField(event, "outcome") == "refused") continue;  // it changed nothing
        const auto action = actionFromName(stringField(event, "action"));
        // The preview changed nothing the patient heard: not carried out again.
        if (!action || *action == session::Action::Start || session::isPreviewCommand(*action)) continue;
        const auto frame = optionalNumberField(event, "frame");
        // An action on the state's own frame came after it was taken (commands act before the frames).
        if (frame && *frame < static_cast<double>(state->frame)) continue;
        const double value = numberField(event, "value");
        point.actions.push_back({*action, value, frame ? static_cast<std::int64_t>(*frame) : -1});
        if (*action == session::Action::ExtendPhase) point.phaseExtensionSeconds += value * 60.0;
        if (*action == session::Action::SetMasterVolume) point.masterVolume = std::clamp(value, 0.0, 1.0);
    }
}

}  // namespace

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
    resumeFromLastState(journal, point);
    return point;
}

session::ResumePoint makeResumePoint(const UnfinishedSession& unfinished,
                                     std::chrono::system_clock::time_point now) {
    session::ResumePoint point = makeResumePoint(unfinished.journal);
    point.gapSeconds = std::max(0.0, std::chrono::duration<double>(now - unfinished.lastRecorded).count());
    return point;
}

std::vector<EarlierEntry> earlierEntries(const JournalContents& journal) {
    std::vector<EarlierEntry> entries;
    for (const auto& line : journal.events) {
        const Json& event = line.event;
        const std::string kind = stringField(event, "type");
        EarlierEntry entry;
        entry.sessionSeconds = numberField(event, "session_s");
        if (kind == type::kMarker) {
            entry.kind = EarlierEntry::Kind::Marker;
            entry.marker = markerKindFromName(stringField(event, "marker"));
            entry.text = stringField(event, "text");
        } else if (kind == type::kNote) {
            entry.kind = EarlierEntry::Kind::Note;
            entry.text = stringField(event, "text");
        } else if (kind == type::kVitals) {
            entry.kind = EarlierEntry::Kind::Vitals;
            auto part = [&](const char* label, const char* key, const char* unit) {
                if (const auto value = optionalNumberField(event, key))
                    entry.text += std::string(entry.text.empty() ? "" : " ") + label +
                                  std::to_string(static_cast<long>(*value)) + unit;
            };
            const auto systolic = optionalNumberField(event, "bp_systolic");
            const auto diastolic = optionalNumberField(event, "bp_diastolic");
            if (systolic && diastolic)
                entry.text = "BP " + std::to_string(static_cast<long>(*systolic)) + "/" +
                             std::to_string(static_cast<long>(*diastolic));
            part("HR ", "hr", "");
            part("SpO2 ", "spo2", "%");
        } else {
            continue;
        }
        entries.push_back(std::move(entry));
    }
    return entries;
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
