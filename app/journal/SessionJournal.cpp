#include "journal/SessionJournal.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>

#include "audio/decode/AudioFileReader.h"
#include "journal/FileDigest.h"
#include "journal/JournalError.h"
#include "journal/JournalReader.h"
#include "journal/ResumeStateJson.h"
#include "journal/SessionFolder.h"

namespace stillpoint::journal {

using session::Action;
using session::EventKind;

namespace {

const char* stateName(session::SessionState state) {
    switch (state) {
        case session::SessionState::NotStarted:
            return "not_started";
        case session::SessionState::Playing:
            return "playing";
        case session::SessionState::Silenced:
            return "silenced";
        case session::SessionState::Ending:
            return "ending";
        case session::SessionState::Ended:
            return "ended";
    }
    return "unknown";
}

double rounded(double value, double step = 0.001) {
    return std::round(value / step) * step;
}

Json programPhases(const program::Program& program) {
    Json phases = Json::array();
    for (const auto& phase : program.phases) {
        phases.push_back({{"name", phase.name},
                          {"planned_s", std::chrono::duration<double>(phase.planned).count()},
                          {"ends", program::toString(phase.ends)}});
    }
    return phases;
}

}  // namespace

SessionJournal::SessionJournal(std::filesystem::path folder, int fd, const program::Program& program,
                               JournalOptions options, std::int64_t nextSequence)
    : folder_(std::move(folder)),
      fd_(fd),
      program_(&program),
      options_(std::move(options)),
      nextSequence_(nextSequence),
      lastSync_(options_.clock()) {}

SessionJournal::SessionJournal(SessionJournal&& other) noexcept
    : folder_(std::move(other.folder_)),
      fd_(std::exchange(other.fd_, -1)),
      program_(other.program_),
      options_(std::move(other.options_)),
      nextSequence_(other.nextSequence_),
      completeBytes_(other.completeBytes_),
      startOnNewLine_(other.startOnNewLine_),
      outage_(std::move(other.outage_)),
      position_(other.position_),
      lastHeartbeatSessionSeconds_(other.lastHeartbeatSessionSeconds_),
      unsyncedWrites_(other.unsyncedWrites_),
      lastSync_(other.lastSync_),
      replayedActions_(std::move(other.replayedActions_)),
      stateChanged_(other.stateChanged_),
      tagCache_(std::move(other.tagCache_)),
      commandSources_(std::move(other.commandSources_)) {}

SessionJournal::~SessionJournal() {
    if (fd_ < 0) return;
    ::fsync(fd_);
    ::close(fd_);
}

std::filesystem::path SessionJournal::file() const {
    return folder_ / kJournalFileName;
}

namespace {

Json levelChecksJson(const std::vector<LevelCheckRecord>& checks) {
    Json list = Json::array();
    for (const auto& check : checks)
        list.push_back({{"output", check.output},
                        {"device", check.device},
                        {"track", check.track},
                        {"track_file", check.trackFile},
                        {"volume", rounded(check.volume)},
                        {"ceiling_dbfs", rounded(check.ceilingDbfs)},
                        {"track_gain_db", rounded(check.trackGainDb)},
                        {"started_utc", formatUtc(check.started)},
                        {"stopped_utc", formatUtc(check.stopped)},
                        {"played_s", rounded(check.playedSeconds)},
                        {"stopped_by", check.stoppedBy}});
    return list;
}

}  // namespace

SessionJournal SessionJournal::start(const std::filesystem::path& sessionsRoot,
                                     const program::Program& program, const SessionDetails& details,
                                     JournalOptions options) {
    const auto now = options.clock();
    // Checksum first: a program file that cannot be read should not leave an empty session folder behind.
    std::string checksum;
    if (!program.sourceFile.empty()) checksum = sha256HexOfFile(program.sourceFile);
    const auto folder = createSessionFolder(sessionsRoot, details.patientId, now);
    const auto file = folder / kJournalFileName;
    SessionJournal journal(folder, openPrivateFile(file, true), program, std::move(options), 1);
    syncFolder(folder);
    // The clinic's local time, so the report shows the times the people in the room saw.
    const LocalZone zone = localZoneAt(now);
    Json start = {
        {"type", type::kSessionStart},
        {"format", kJournalFormat},
        {"program", program.name},
        {"program_path", program.sourceFile.empty()
                             ? std::string()
                             : std::filesystem::absolute(program.sourceFile).lexically_normal().string()},
        {"program_sha256", checksum},
        {"patient_id", details.patientId},
        {"clinician", details.clinician},
        {"route", details.route.empty() ? program::toString(program.route) : details.route},
        {"dose_note", details.doseNote},
        {"consent_to_music", details.consentToMusic},
        {"output_device", details.outputDevice},
        {"room_output_device", details.roomOutputDevice},
        {"preview_output_device", details.previewOutputDevice},
        {"level_checks", levelChecksJson(details.levelChecks)},
        {"rendered_preview", details.renderedPreview},
        {"utc_offset_s", zone.utcOffsetSeconds},
        {"time_zone", zone.name},
        {"phases", programPhases(program)}};
    journal.append(std::move(start), journal.position_, true);
    return journal;
}

SessionJournal SessionJournal::reopen(const std::filesystem::path& sessionFolder,
                                      const program::Program& program, JournalOptions options) {
    requireOwnSessionFolder(sessionFolder);
    const auto file = sessionFolder / kJournalFileName;
    const JournalContents contents = readJournal(file);
    std::int64_t lastSequence = 0;
    for (const auto& line : contents.events) {
        lastSequence = std::max(lastSequence, static_cast<std::int64_t>(numberField(line.event, "seq", 0)));
    }
    const int fd = openPrivateFile(file, true);
    SessionJournal journal(sessionFolder, fd, program, std::move(options), lastSequence + 1);
    if (contents.endsWithoutNewline) writeAll(fd, "\n", file);
    struct stat status {};
    if (::fstat(fd, &status) == 0) journal.completeBytes_ = static_cast<std::uint64_t>(status.st_size);
    // Continue from where the journal says the music was, so entries before the resume are stamped right.
    if (!contents.events.empty()) {
        const auto& last = contents.events.back().event;
        journal.position_.phase = static_cast<int>(numberField(last, "phase_index", -1));
        journal.position_.track = trackRefFromJson(last.value("track_ref", Json()));
        journal.position_.trackSeconds = numberField(last, "track_s");
        journal.position_.sessionSeconds = numberField(last, "session_s");
    }
    return journal;
}

void SessionJournal::stampPosition(Json& event, const Position& at) const {
    event["session_s"] = rounded(at.sessionSeconds);
    event["phase_index"] = at.phase;
    const bool phaseKnown = at.phase >= 0 && at.phase < static_cast<int>(program_->phases.size());
    event["phase"] = phaseKnown ? program_->phases[at.phase].name : "";
    const auto* track = session::resolve(*program_, at.track);
    event["track"] = track ? session::displayName(*track) : "";
    // Absolute, so the played playlist opens from the session's folder whatever folder play started in.
    event["track_file"] = track ? std::filesystem::absolute(track->file).lexically_normal().string() : "";
    event["track_ref"] = toJson(at.track);
    event["track_s"] = rounded(at.trackSeconds);
}

namespace {

// What a line records, as the operator would name it when told it was not recorded.
std::string describeEntry(const Json& line) {
    const std::string type = stringField(line, "type");
    if (type == type::kMarker) return "the marker \"" + stringField(line, "marker") + "\"";
    if (type == type::kNote) return "a note";
    if (type == type::kVitals) return "the vitals";
    if (type == type::kAcknowledged) return "an acknowledgement";
    if (type == type::kAlert) return "an alert";
    if (type == type::kOperatorAction) return "the command \"" + stringField(line, "action") + "\"";
    if (type == type::kSessionStart) return "the start of the session";
    if (type == type::kSessionEnd) return "the end of the session";
    if (type == type::kInterrupted || type == type::kResumed) return "the resumption";
    return "the music's events and position";
}

}  // namespace

Json SessionJournal::makeLine(Json event, const Position& at) const {
    Json line = {{"seq", nextSequence_}, {"utc", formatUtc(options_.clock())}};
    const std::string type = event.value("type", "");
    line["type"] = type;
    if (type != type::kSessionStart) stampPosition(line, at);
    for (auto& [key, value] : event.items()) {
        if (key != "type") line[key] = std::move(value);
    }
    return line;
}

std::optional<std::string> SessionJournal::writeLine(const std::string& line, bool durable) {
    // One write() per line: a crash can tear only the last line, never interleave two.
    const std::string text = startOnNewLine_ ? "\n" + line : line;
    const std::uint64_t lineStart = completeBytes_;
    std::optional<std::string> failure;
    for (std::string_view rest = text; !rest.empty();) {
        const ssize_t written = ::write(fd_, rest.data(), rest.size());
        if (written < 0 && errno == EINTR) continue;
        if (written < 0) {
            failure = std::strerror(errno);
            break;
        }
        rest.remove_prefix(static_cast<std::size_t>(written));
    }
    if (!failure) {
        unsyncedWrites_ = true;
        if (durable && ::fsync(fd_) != 0) failure = std::string("fsync: ") + std::strerror(errno);
    }
    if (!failure) {
        completeBytes_ = lineStart + text.size();
        startOnNewLine_ = false;
        if (durable) {
            unsyncedWrites_ = false;
            lastSync_ = options_.clock();
        }
        return std::nullopt;
    }
    // Whatever part of the line reached the file goes again, so the next line is not glued to it; a
    // durable line that could not be synced goes too: it is not recorded until it is on disk.
    if (::ftruncate(fd_, static_cast<off_t>(lineStart)) != 0) startOnNewLine_ = true;
    return failure;
}

void SessionJournal::append(Json event, const Position& at, bool durable) {
    if (fd_ < 0)
        throw JournalError("The journal " + file().string() + " is closed; nothing more can be recorded.");
    const std::string what = describeEntry(event);
    const auto dump = [](const Json& line) {
        // Text typed by the operator may not be valid UTF-8; replace bad bytes rather than lose the entry.
        return line.dump(-1, ' ', false, Json::error_handler_t::replace) + '\n';
    };
    std::optional<std::string> failure;
    if (outage_) {
        // Writing again: the record first says what it lacks.
        const double seconds = std::chrono::duration<double>(options_.clock() - outage_->since).count();
        Json notice = {
            {"type", type::kAlert},
            {"text", "The journal could not be written from " + formatUtc(outage_->since) + " for " +
                         std::to_string(static_cast<long>(std::lround(seconds))) + " s (" + outage_->reason +
                         "): " + std::to_string(outage_->entriesLost) + " entries were not recorded."},
            {"entries_lost", outage_->entriesLost}};
        failure = writeLine(dump(makeLine(std::move(notice), position_)), true);
        if (!failure) {
            ++nextSequence_;
            outage_.reset();
        }
    }
    if (!failure) failure = writeLine(dump(makeLine(std::move(event), at)), durable);
    if (!failure) {
        ++nextSequence_;
        return;
    }
    const bool started = !outage_;
    if (started) outage_ = Outage{options_.clock(), *failure, 0};
    ++outage_->entriesLost;
    throw JournalError(
        "The journal " + file().string() + " cannot be written (" + *failure + "): " + what +
        " was NOT recorded" +
        (started ? ", and nothing more is until the drive can be written again" : "; note it down by hand") +
        ". Free disk space or check the drive; recording resumes by itself.");
}

void SessionJournal::sync() {
    if (fd_ < 0) return;
    if (unsyncedWrites_ && ::fsync(fd_) != 0) {
        throw JournalError("Cannot save the journal " + file().string() + " to disk (fsync): " +
                           std::strerror(errno) + ". Check the drive; entries may be lost on a power cut.");
    }
    unsyncedWrites_ = false;
    lastSync_ = options_.clock();
}

void SessionJournal::syncIfDue() {
    if (unsyncedWrites_ && options_.clock() - lastSync_ >= options_.syncInterval) sync();
}

void SessionJournal::recordMarker(MarkerKind kind, std::string_view text) {
    append({{"type", type::kMarker}, {"marker", journalName(kind)}, {"text", std::string(text)}}, position_,
           true);
}

void SessionJournal::recordNote(std::string_view text) {
    append({{"type", type::kNote}, {"text", std::string(text)}}, position_, true);
}

void SessionJournal::recordPostSessionNote(std::string_view text) {
    append({{"type", type::kNote}, {"text", std::string(text)}, {"post_session", true}}, position_, true);
}

void SessionJournal::recordVitals(const Vitals& vitals) {
    Json event = {{"type", type::kVitals}};
    const auto put = [&](const char* key, const std::optional<int>& value) {
        event[key] = value ? Json(*value) : Json();
    };
    put("bp_systolic", vitals.systolic);
    put("bp_diastolic", vitals.diastolic);
    put("hr", vitals.heartRate);
    put("spo2", vitals.spo2);
    append(std::move(event), position_, true);
}

void SessionJournal::recordAlert(std::string_view text) {
    append({{"type", type::kAlert}, {"text", std::string(text)}}, position_, true);
}

void SessionJournal::recordRemoteCommand(std::string_view source, std::string_view address,
                                         std::string_view arguments, std::string_view outcome) {
    append({{"type", type::kRemoteCommand},
            {"source", std::string(source)},
            {"address", std::string(address)},
            {"arguments", std::string(arguments)},
            {"outcome", std::string(outcome)}},
           position_, true);
}

void SessionJournal::attributeCommand(std::uint32_t commandSeq, std::string source) {
    commandSources_[commandSeq] = std::move(source);
}

void SessionJournal::recordRemoteRefused(std::string_view kind, std::string_view source,
                                         std::string_view detail, std::uint64_t count) {
    append({{"type", type::kRemoteRefused},
            {"kind", std::string(kind)},
            {"source", std::string(source)},
            {"detail", std::string(detail)},
            {"count", count}},
           position_, true);
}

void SessionJournal::recordAcknowledged(std::string_view what) {
    append({{"type", type::kAcknowledged}, {"what", std::string(what)}}, position_, true);
}

std::pair<std::string, std::string> SessionJournal::titleAndArtist(const program::Track& track) {
    auto cached = tagCache_.find(track.file);
    if (cached == tagCache_.end()) {
        std::pair<std::string, std::string> tags;
        try {
            audio::AudioFileReader reader(track.file);
            tags = {reader.info().title, reader.info().artist};
        } catch (const std::exception&) {
            // The engine reports an unreadable file as a fault of its own; here it only lacks tags.
        }
        cached = tagCache_.emplace(track.file, std::move(tags)).first;
    }
    auto [title, artist] = cached->second;
    if (!track.title.empty() || title.empty()) title = session::displayName(track);
    return {title, artist};
}

void SessionJournal::recordEngineEvents(std::span<const session::SessionEvent> events) {
    // Every event is tried (and counted if lost), not only those before the first failure.
    std::optional<JournalError> firstFailure;
    for (const auto& event : events) {
        try {
            recordEngineEvent(event);
        } catch (const JournalError& error) {
            if (!firstFailure) firstFailure = error;
        }
    }
    if (firstFailure) throw *firstFailure;
    syncIfDue();
}

void SessionJournal::recordEngineEvent(const session::SessionEvent& event) {
    Position at = position_;
    at.phase = event.phase;
    at.sessionSeconds = event.sessionSeconds();
    if (event.track.valid()) {
        at.track = event.track;
        at.trackSeconds = event.trackPositionSeconds;
    }
    // The exact audio frame: the session continues on the same frames after a resume, and the actions
    // recorded after its last state are carried out again on theirs.
    Json fields = {{"type", journalName(event.kind)}, {"frame", event.sessionFrame}};
    bool durable = false;
    switch (event.kind) {
        case EventKind::SessionStarted:
            durable = true;
            break;
        case EventKind::SessionEnded:
            // Ended at once, without its fade, because the output device was lost.
            if (event.fault != session::FaultKind::None) {
                fields["fault"] = journalName(event.fault);
                fields["detail"] = std::string(event.detailText());
            }
            durable = true;
            break;
        case EventKind::PhaseEntered: {
            const bool known = event.phase >= 0 && event.phase < static_cast<int>(program_->phases.size());
            fields["planned_s"] =
                known ? std::chrono::duration<double>(program_->phases[event.phase].planned).count() : 0.0;
            at.phaseElapsedSeconds = 0.0;
            // The phase's own track starts with the next event: until then no track is current, so a
            // resume from this line starts the phase's first track, not the last phase's.
            if (!event.track.valid()) {
                at.track = {};
                at.trackSeconds = 0.0;
            }
            break;
        }
        case EventKind::PhaseLeft:
            fields["planned_s"] = rounded(event.plannedSeconds);
            fields["actual_s"] = rounded(event.actualSeconds);
            break;
        case EventKind::TrackStarted:
        case EventKind::TrackEnded:
            if (const auto* track = session::resolve(*program_, event.track)) {
                auto [title, artist] = titleAndArtist(*track);
                fields["title"] = title;
                fields["artist"] = artist;
                fields["role"] = journalName(event.track.role);
            }
            if (event.kind == EventKind::TrackEnded) fields["played_s"] = rounded(event.trackPositionSeconds);
            break;
        case EventKind::OperatorAction: {
            if (!replayedActions_.empty() && replayedActions_.front().action == event.action &&
                std::abs(replayedActions_.front().value - event.value) < 1e-9) {
                // Carried out again after an interruption: the journal has it already, from before.
                replayedActions_.pop_front();
                position_ = at;
                return;
            }
            fields["action"] = journalName(event.action);
            fields["value"] = event.value;
            fields["command_seq"] = event.commandSeq;
            if (const auto source = commandSources_.find(event.commandSeq); source != commandSources_.end()) {
                fields["source"] = std::move(source->second);
                commandSources_.erase(source);
            }
            const bool refused = event.refusal != session::Refusal::None;
            fields["outcome"] = refused ? kOutcomeRefused : kOutcomeCarriedOut;
            if (event.action == session::Action::Preview) {
                // What the operator listened to, on their own headphones: the music's position is not it.
                fields["preview"] = std::string(session::previewChoiceName(event.preview.choice));
                fields["preview_from"] = std::string(session::previewFromName(event.preview.from));
                if (const auto* track = session::resolve(*program_, event.track)) {
                    fields["preview_track"] = session::displayName(*track);
                    fields["preview_track_file"] = track->file.string();
                }
                at.track = position_.track;
                at.trackSeconds = position_.trackSeconds;
            }
            if (refused) {
                fields["reason"] = journalName(event.refusal);
                fields["reason_text"] = session::refusalReason(event);
                // The track it could not play; what plays now is the line's own track.
                if (const auto* track = session::resolve(*program_, event.track)) {
                    fields["refused_track"] = session::displayName(*track);
                    fields["refused_track_file"] = track->file.string();
                }
                at.track = position_.track;
                at.trackSeconds = position_.trackSeconds;
            }
            durable = true;
            break;
        }
        case EventKind::Fault:
        case EventKind::FaultCleared:
            fields["fault"] = journalName(event.fault);
            fields["detail"] = std::string(event.detailText());
            durable = true;
            break;
    }
    // A track that ended, or a fault about a track (often one waiting in standby, never heard), says
    // nothing new about what plays now: the lines after it keep the music's own position.
    const bool aboutSomethingElse = event.kind == EventKind::TrackEnded || event.kind == EventKind::Fault ||
                                    event.kind == EventKind::FaultCleared;
    if (aboutSomethingElse) {
        position_.sessionSeconds = at.sessionSeconds;
    } else {
        position_ = at;
    }
    append(std::move(fields), at, durable);
    stateChanged_ = true;
}

void SessionJournal::observe(const session::SessionSnapshot& snapshot) {
    position_.phase = snapshot.phase;
    position_.track = snapshot.currentTrack;
    position_.trackSeconds = snapshot.trackPositionSeconds;
    position_.sessionSeconds = snapshot.sessionSeconds;
    position_.phaseElapsedSeconds = snapshot.phaseElapsedSeconds;
    position_.masterVolume = snapshot.masterVolume;
    const bool phaseKnown = snapshot.phase >= 0 && snapshot.phase < session::kMaxPhases;
    position_.phasePlannedSeconds = phaseKnown ? snapshot.phases[snapshot.phase].plannedSeconds : 0.0;
    const bool running = snapshot.state == session::SessionState::Playing ||
                         snapshot.state == session::SessionState::Silenced ||
                         snapshot.state == session::SessionState::Ending;
    // A heartbeat as often as set, and after every change the engine reported, so the last one holds the
    // whole state to resume from.
    if (running && (stateChanged_ || snapshot.sessionSeconds - lastHeartbeatSessionSeconds_ >=
                                         options_.heartbeatSessionSeconds)) {
        Json fields = {{"type", type::kPosition},
                       {"state", stateName(snapshot.state)},
                       {"master_volume", rounded(snapshot.masterVolume, 1e-4)},
                       {"phase_elapsed_s", rounded(snapshot.phaseElapsedSeconds)},
                       {"phase_planned_s", rounded(position_.phasePlannedSeconds)},
                       {"held", snapshot.held},
                       {"talk_over", snapshot.talkOver}};
        if (snapshot.phase >= 0 && snapshot.phase < static_cast<int>(program_->phases.size())) {
            const double programPlanned =
                std::chrono::duration<double>(program_->phases[snapshot.phase].planned).count();
            fields["phase_extension_s"] =
                rounded(std::max(0.0, position_.phasePlannedSeconds - programPlanned));
        }
        if (snapshot.resume.valid()) fields["resume_state"] = toJson(snapshot.resume);
        lastHeartbeatSessionSeconds_ = snapshot.sessionSeconds;
        stateChanged_ = false;
        append(std::move(fields), position_, false);
    }
    syncIfDue();
}

void SessionJournal::recordInterrupted(std::chrono::system_clock::time_point lastRecorded) {
    const double gap = std::chrono::duration<double>(options_.clock() - lastRecorded).count();
    append({{"type", type::kInterrupted},
            {"last_recorded_utc", formatUtc(lastRecorded)},
            {"length_s", rounded(gap)}},
           position_, true);
}

void SessionJournal::recordResumed(const session::ResumePoint& point) {
    Position at = position_;
    at.phase = point.phase;
    at.track = point.track;
    at.trackSeconds = point.trackPositionSeconds;
    at.sessionSeconds = point.sessionSeconds;
    position_ = at;
    Json fields = {{"type", type::kResumed},
                   {"gap_s", rounded(point.gapSeconds)},
                   {"phase_elapsed_s", rounded(point.phaseElapsedSeconds)},
                   {"phase_extension_s", rounded(point.phaseExtensionSeconds)},
                   {"master_volume", rounded(point.masterVolume, 1e-4)}};
    // The resumed line is a state line too: a second interruption before the next heartbeat resumes here.
    if (point.state.valid()) fields["resume_state"] = toJson(point.state);
    Json replayed = Json::array();
    for (const auto& action : point.actions) {
        replayed.push_back(
            {{"action", journalName(action.action)}, {"value", action.value}, {"frame", action.frame}});
        replayedActions_.push_back(action);
    }
    fields["replayed_actions"] = std::move(replayed);
    append(std::move(fields), at, true);
}

void SessionJournal::recordPhaseRating(const PhaseRating& rating) {
    const auto score = [](const std::optional<int>& value) { return value ? Json(*value) : Json(); };
    append({{"type", type::kPhaseRating},
            {"rated_phase_index", rating.phase},
            {"rated_phase", rating.phaseName},
            {"liking", score(rating.liking)},
            {"resonance", score(rating.resonance)},
            {"openness", score(rating.openness)},
            {"text", rating.words}},
           position_, true);
}

void SessionJournal::recordUnwelcomeMoment(const UnwelcomeMoment& moment) {
    append({{"type", type::kUnwelcomeMoment},
            {"moment_s", rounded(moment.sessionSeconds)},
            {"text", moment.words}},
           position_, true);
}

void SessionJournal::endSession(std::string_view reason) {
    append({{"type", type::kSessionEnd}, {"reason", std::string(reason)}}, position_, true);
}

}  // namespace stillpoint::journal
