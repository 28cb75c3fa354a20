#include "journal/JournalReportStory.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <ctime>

#include "journal/JournalReport.h"

namespace stillpoint::journal::report {

// ---- Local time ---------------------------------------------------------------------------------

std::string LocalClock::offsetText() const {
    const long minutes = std::abs(utcOffsetSeconds) / 60;
    return fmt::format("UTC{}{:02}:{:02}", utcOffsetSeconds < 0 ? '-' : '+', minutes / 60, minutes % 60);
}

namespace {

std::optional<std::tm> localTm(const LocalClock& clock, const std::string& utc) {
    const auto when = parseUtc(utc);
    if (!when) return std::nullopt;
    const std::time_t seconds = std::chrono::system_clock::to_time_t(*when) + clock.utcOffsetSeconds;
    std::tm shifted{};
    if (gmtime_r(&seconds, &shifted) == nullptr) return std::nullopt;
    return shifted;
}

}  // namespace

std::string LocalClock::timeOf(const std::string& utc, bool withSeconds) const {
    const auto tm = localTm(*this, utc);
    if (!tm) return {};
    return withSeconds ? fmt::format("{:02}:{:02}:{:02}", tm->tm_hour, tm->tm_min, tm->tm_sec)
                       : fmt::format("{:02}:{:02}", tm->tm_hour, tm->tm_min);
}

std::string LocalClock::timeOfEpoch(double epochSeconds, bool withSeconds) const {
    const auto when =
        std::chrono::system_clock::time_point(std::chrono::duration_cast<std::chrono::system_clock::duration>(
            std::chrono::duration<double>(epochSeconds)));
    return timeOf(formatUtc(when), withSeconds);
}

std::string SessionStory::localTimeAt(double sessionSeconds, bool withSeconds) const {
    if (wallAnchors.empty()) return {};
    auto anchor = wallAnchors.front();
    for (const auto& candidate : wallAnchors) {
        if (candidate.first > sessionSeconds + 1e-6) break;
        anchor = candidate;
    }
    return clock.timeOfEpoch(anchor.second + (sessionSeconds - anchor.first), withSeconds);
}

std::string LocalClock::dateOf(const std::string& utc) const {
    const auto tm = localTm(*this, utc);
    if (!tm) return {};
    static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return fmt::format("{} {} {} {}", days[tm->tm_wday % 7], tm->tm_mday, months[tm->tm_mon % 12],
                       tm->tm_year + 1900);
}

LocalClock localClockOf(const JournalContents& journal) {
    LocalClock clock;
    const Json* start = journal.first(type::kSessionStart);
    if (start && optionalNumberField(*start, "utc_offset_s")) {
        clock.utcOffsetSeconds = static_cast<long>(numberField(*start, "utc_offset_s"));
        clock.zone = stringField(*start, "time_zone");
    } else if (start) {  // a journal from before the zone was recorded: this machine's zone then
        const auto when = parseUtc(stringField(*start, "utc"));
        const LocalZone zone = localZoneAt(when.value_or(std::chrono::system_clock::now()));
        clock.utcOffsetSeconds = zone.utcOffsetSeconds;
        clock.zone = zone.name;
    }
    // Some systems name a zone by its offset ("+01"): say it the one way.
    if (clock.zone.empty() || clock.zone[0] == '+' || clock.zone[0] == '-') clock.zone = clock.offsetText();
    return clock;
}

// ---- Sentences ------------------------------------------------------------------------------------

namespace {

std::string capitalised(std::string text) {
    if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    return text;
}

std::string quoted(const std::string& text) {
    return "\u201c" + text + "\u201d";
}

bool refused(const Json& event) {
    return stringField(event, "outcome") == "refused";
}

// The engine's sentence ("reason_text"), else its reason's name made readable.
std::string refusalReason(const Json& event) {
    std::string reason = stringField(event, "reason_text");
    if (reason.empty()) {
        reason = stringField(event, "reason");
        std::replace(reason.begin(), reason.end(), '_', ' ');
    }
    return reason.empty() ? "the engine did not carry it out" : reason;
}

std::string faultSentence(const Json& event) {
    static const std::map<std::string, std::string> plain = {
        {"file_missing", "A music file is missing"},
        {"file_unreadable", "A music file cannot be read"},
        {"file_ended_early", "A music file ends early"},
        {"decoder_starved", "The music could not be read fast enough"},
        {"device_lost", "The audio output was lost"},
        {"unexpected_silence", "The music went silent unexpectedly"},
        {"output_underrun", "The music had a short gap"},
    };
    const std::string fault = stringField(event, "fault");
    const auto found = plain.find(fault);
    std::string sentence = found != plain.end() ? found->second : capitalised(fault);
    const std::string detail = stringField(event, "detail");
    if (!detail.empty()) sentence += " (" + detail + ")";
    return sentence;
}

std::string shortAction(const Json& event) {
    const std::string action = stringField(event, "action");
    const double value = numberField(event, "value");
    static const std::map<std::string, std::string> names = {
        {"start", "Start"},
        {"advance_phase", "Next phase"},
        {"hold", "Hold"},
        {"release_hold", "Release"},
        {"skip_track", "Skip"},
        {"swap_to_alternate", "Calmer alternate"},
        {"play_grounding", "Grounding"},
        {"talk_over_on", "Talk-over"},
        {"talk_over_off", "Talk-over off"},
        {"silence", "Silence"},
        {"resume", "Resume"},
        {"end_session", "End"},
    };
    if (action == "extend_phase") return fmt::format("+{} min", std::lround(value));
    if (action == "set_master_volume") return fmt::format("Volume {:.0f}%", value * 100);
    const auto found = names.find(action);
    return found != names.end() ? found->second : capitalised(action);
}

// "once", "twice", "3 times"
std::string howOften(long count) {
    return count == 1 ? "once" : count == 2 ? "twice" : fmt::format("{} times", count);
}

}  // namespace

std::string markerLabel(const Json& event) {
    const auto kind = markerKindFromName(stringField(event, "marker"));
    const std::string text = stringField(event, "text");
    if (!kind) return text.empty() ? capitalised(stringField(event, "marker", "Marker")) : text;
    if (*kind == MarkerKind::Custom) return text.empty() ? "Marker" : text;
    const std::string name = displayName(*kind);
    const auto sameWords = [](std::string a, std::string b) {
        const auto lower = [](std::string& s) {
            for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        };
        lower(a), lower(b);
        return a.rfind(b, 0) == 0;  // a starts with b
    };
    if (text.empty() || sameWords(name, text)) return name;  // "Dose given" with the text "dose given"
    if (sameWords(text, name)) return text;                  // "Dose given: 0.5 mg/kg" typed in full
    return name + ": " + text;
}

std::string actionSentence(const Json& event) {
    const std::string action = stringField(event, "action");
    const double value = numberField(event, "value");
    static const std::map<std::string, std::string> sentences = {
        {"start", "Start the session"},
        {"advance_phase", "Move on to the next phase"},
        {"hold", "Hold the phase"},
        {"release_hold", "Release the hold"},
        {"skip_track", "Skip the track"},
        {"swap_to_alternate", "Swap to the calmer alternate"},
        {"play_grounding", "Play the grounding track"},
        {"talk_over_on", "Talk over the music"},
        {"talk_over_off", "End talk-over"},
        {"silence", "Silence the music"},
        {"resume", "Resume the music"},
        {"end_session", "End the session"},
        {"preview_stop", "Stop the preview"},
    };
    if (action == "extend_phase") return fmt::format("Extend the phase by {} min", std::lround(value));
    if (action == "set_master_volume") return fmt::format("Set the volume to {:.0f}%", value * 100);
    if (action == "set_preview_volume") return fmt::format("Set the preview volume to {:.0f}%", value * 100);
    if (action == "preview") {
        const std::string track = stringField(event, "preview_track");
        return track.empty() ? "Preview a track on the operator's headphones"
                             : "Preview \"" + track + "\" on the operator's headphones";
    }
    const auto found = sentences.find(action);
    return found != sentences.end() ? found->second : capitalised(action);
}

std::string vitalsText(const VitalsPoint& v) {
    std::vector<std::string> parts;
    const auto whole = [](const std::optional<double>& n) {
        return n ? std::to_string(std::lround(*n)) : std::string("?");
    };
    if (v.systolic || v.diastolic)
        parts.push_back(fmt::format("BP {}/{}", whole(v.systolic), whole(v.diastolic)));
    if (v.heartRate) parts.push_back(fmt::format("HR {}", whole(v.heartRate)));
    if (v.spo2) parts.push_back(fmt::format("SpO2 {}%", whole(v.spo2)));
    std::string text;
    for (const auto& part : parts) text += (text.empty() ? "" : ", ") + part;
    return text.empty() ? "nothing measured" : text;
}

std::string describeEvent(const Json& event) {
    const std::string kind = stringField(event, "type");
    const std::string phase = stringField(event, "phase");
    const auto trackName = [&] {
        const std::string title = stringField(event, "title", stringField(event, "track"));
        const std::string artist = stringField(event, "artist");
        return quoted(title) + (artist.empty() ? "" : " by " + artist);
    };
    if (kind == type::kSessionStart) {
        return fmt::format("Session set up: {} for {}", quoted(stringField(event, "program")),
                           stringField(event, "patient_id"));
    }
    if (kind == type::kSessionEnd) {
        const std::string reason = stringField(event, "reason", "ended");
        if (reason == kEndedWhileOutputLost)
            return "Session ended at once, without its fade: the sound output was lost, nothing could be "
                   "heard";
        return "Session ended (" + reason + ")";
    }
    if (kind == type::kPlaybackStarted) return "The music started";
    if (kind == type::kPlaybackEnded) {
        const std::string detail = stringField(event, "detail");
        return detail.empty() ? "The music ended" : "The music ended (" + detail + ")";
    }
    if (kind == type::kPhaseEntered) {
        return fmt::format("Phase {} began (planned {})", quoted(phase),
                           formatSessionTime(numberField(event, "planned_s")));
    }
    if (kind == type::kPhaseLeft) {
        return fmt::format("Phase {} ended after {} (planned {})", quoted(phase),
                           formatSessionTime(numberField(event, "actual_s")),
                           formatSessionTime(numberField(event, "planned_s")));
    }
    if (kind == type::kTrackStarted) {
        const std::string role = stringField(event, "role");
        std::string what = role == "alternate"   ? " (calmer alternate)"
                           : role == "grounding" ? " (grounding)"
                                                 : "";
        return "Track started: " + trackName() + what;
    }
    if (kind == type::kTrackEnded) {
        return fmt::format("Track ended: {} after {}", trackName(),
                           formatSessionTime(numberField(event, "played_s")));
    }
    if (kind == type::kOperatorAction) {
        const std::string sentence = actionSentence(event);
        if (refused(event)) {
            std::string what = sentence;
            what[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(what[0])));
            return fmt::format("Refused: {} ({})", what, refusalReason(event));
        }
        return "Operator: " + sentence;
    }
    if (kind == type::kMarker) return "Marker: " + markerLabel(event);
    if (kind == type::kNote) return "Note: " + stringField(event, "text");
    if (kind == type::kVitals) {
        return "Vitals: " +
               vitalsText({0, optionalNumberField(event, "bp_systolic"),
                           optionalNumberField(event, "bp_diastolic"), optionalNumberField(event, "hr"),
                           optionalNumberField(event, "spo2")});
    }
    if (kind == type::kFault) return "Fault: " + faultSentence(event);
    if (kind == type::kFaultCleared) return "Cleared: " + faultSentence(event);
    if (kind == type::kAlert) return "Alert: " + stringField(event, "text");
    if (kind == type::kAcknowledged) return "The operator acknowledged: " + stringField(event, "what");
    if (kind == type::kInterrupted) {
        return fmt::format("The program stopped (crash or power loss); it was away for {}",
                           formatSessionTime(numberField(event, "length_s")));
    }
    if (kind == type::kResumed) {
        return fmt::format("Resumed {} into {}", formatSessionTime(numberField(event, "track_s")),
                           quoted(stringField(event, "track")));
    }
    if (kind == type::kPhaseRating) {
        std::string sentence = "After the session, " + quoted(stringField(event, "rated_phase")) + ":";
        for (const char* key : {"liking", "resonance", "openness"}) {
            if (const auto score = optionalNumberField(event, key))
                sentence += fmt::format(" {} {}/10", key, std::lround(*score));
        }
        const std::string words = stringField(event, "text");
        if (!words.empty()) sentence += " - " + quoted(words);
        return sentence;
    }
    if (kind == type::kUnwelcomeMoment) {
        return fmt::format(
            "After the session: the music at {} was unwelcome{}",
            formatSessionTime(numberField(event, "moment_s")),
            stringField(event, "text").empty() ? "" : " - " + quoted(stringField(event, "text")));
    }
    if (kind == type::kPosition) return {};
    return capitalised(kind);
}

// ---- The story ------------------------------------------------------------------------------------

namespace {

// A command whose effect on the music is still to be seen (the next track to start says why it started).
struct PendingCause {
    std::string action;
    double at = -1.0;
};

constexpr double kCauseWindowSeconds = 20.0;
constexpr const char* kWhyGrounding = "Grounding, chosen by the operator";
constexpr const char* kWhyAlternate = "Calmer alternate, chosen by the operator";
constexpr const char* kWhySkipped = "The operator skipped the track before";

struct Teller {
    SessionStory story;
    PendingCause cause;
    std::string faultCause;
    double faultAt = -1.0;
    double advancedAt = -1.0;  // the operator's last "next phase"
    bool resumedPending = false;
    double resumedTrackSeconds = 0.0;
    std::map<PeriodKind, std::size_t> open;  // index into story.periods
    int numbered = 0;
    // Counted for the summary.
    std::map<std::string, int> actionCounts;
    std::vector<std::string> refusals;
    int earlyAdvances = 0;

    void openPeriod(PeriodKind kind, double at, std::string label) {
        if (open.count(kind)) return;
        // A period that closed just now continues (grounding looping into itself).
        for (std::size_t i = story.periods.size(); i-- > 0;) {
            if (story.periods[i].kind == kind && story.periods[i].end >= at - 0.5) {
                open[kind] = i;
                return;
            }
        }
        open[kind] = story.periods.size();
        story.periods.push_back({kind, at, -1.0, std::move(label), {}, 0.0});
    }
    void closePeriod(PeriodKind kind, double at) {
        const auto found = open.find(kind);
        if (found == open.end()) return;
        auto& period = story.periods[found->second];
        period.end = std::max(at, period.start);
        open.erase(found);
    }

    Mark& addMark(MarkKind kind, const Json& event, std::string label, std::string detail) {
        Mark mark;
        mark.kind = kind;
        mark.at = numberField(event, "session_s");
        mark.label = std::move(label);
        mark.detail = std::move(detail);
        mark.phase = stringField(event, "phase");
        mark.track = stringField(event, "track");
        mark.trackSeconds = numberField(event, "track_s");
        story.marks.push_back(std::move(mark));
        return story.marks.back();
    }

    PhaseStory* phaseAt(int index) {
        for (auto& phase : story.phases)
            if (phase.index == index) return &phase;
        return nullptr;
    }

    // What the tracks playing now were stopped by, when a new one starts.
    void endPlaying(double at, const std::string& how) {
        for (auto& track : story.tracks) {
            if (track.ended.empty() && (track.end < 0 || track.end >= at - 0.5)) track.ended = how;
        }
    }

    std::string whyStarted(const Json& event, double at) {
        const std::string role = stringField(event, "role");
        const bool recent = cause.at >= 0 && at - cause.at <= kCauseWindowSeconds;
        const std::string action = recent ? cause.action : "";
        cause = {};
        if (story.tracks.empty()) return "The session began";
        if (resumedPending) {
            resumedPending = false;
            return fmt::format("Picked up {} in, after the interruption",
                               formatSessionTime(resumedTrackSeconds));
        }
        if (role == "grounding" || action == "play_grounding") {
            if (action == "play_grounding") {
                endPlaying(at, "grounding played instead");
                return kWhyGrounding;
            }
            endPlaying(at, "played to its end");
            return "Grounding, played again";
        }
        if (role == "alternate" || action == "swap_to_alternate") {
            endPlaying(at, "swapped for the calmer alternate");
            return action == "swap_to_alternate" ? kWhyAlternate : "Calmer alternate";
        }
        if (action == "skip_track") {
            endPlaying(at, "skipped by the operator");
            return kWhySkipped;
        }
        if (faultAt >= 0 && at - faultAt <= kCauseWindowSeconds) {
            faultAt = -1.0;
            endPlaying(at, "stopped by a fault");
            return "Instead of a track that failed: " + faultCause;
        }
        if (action == "advance_phase" || action == "phase") {
            const bool operatorMoved = action == "advance_phase";
            endPlaying(at, operatorMoved ? "the operator moved on" : "its phase ended");
            return operatorMoved ? "The operator moved on to this phase" : "Its phase began";
        }
        if (story.tracks.empty()) return "The session began";
        endPlaying(at, "played to its end");
        for (const auto& track : story.tracks) {
            if (track.ref == event.value("track_ref", Json()) && track.phase == stringField(event, "phase"))
                return "Played again: the phase continues";
        }
        return "The track before ended";
    }

    void tell(const Json& event) {
        const std::string kind = stringField(event, "type");
        const double at = numberField(event, "session_s");
        if (kind != type::kSessionStart && kind != type::kPhaseRating && kind != type::kUnwelcomeMoment)
            story.length = std::max(story.length, at);
        const int phaseIndex = static_cast<int>(numberField(event, "phase_index", -1));
        if (kind != type::kPhaseRating && kind != type::kUnwelcomeMoment) {
            if (const auto when = parseUtc(stringField(event, "utc"))) {
                const double epoch = std::chrono::duration<double>(when->time_since_epoch()).count();
                // Anchors in session order; lines stamped with an older position (an entry made while
                // the engine's events lag) would step back, so only a later session time adds one.
                // After a resume the session clock repeats the seconds it had when the journal stopped:
                // they are told by the resumed run's times.
                if (kind == type::kResumed) {
                    while (!story.wallAnchors.empty() && story.wallAnchors.back().first >= at)
                        story.wallAnchors.pop_back();
                }
                if (story.wallAnchors.empty() || at > story.wallAnchors.back().first)
                    story.wallAnchors.emplace_back(kind == type::kSessionStart ? 0.0 : at, epoch);
            }
        }
        if (kind == type::kPhaseEntered) {
            PhaseStory* phase = phaseAt(phaseIndex);
            if (phase && phase->start >= 0 && (phase->end < 0 || phase->end >= at - 0.5)) {
                phase->end = -1.0;  // after a resume the engine enters the interrupted phase again
                return;
            }
            if (phase) {
                phase->start = at;
                phase->end = -1.0;
            }
            if (cause.action != "advance_phase" || at - cause.at > kCauseWindowSeconds) cause = {"phase", at};
        } else if (kind == type::kPhaseLeft) {
            if (PhaseStory* phase = phaseAt(phaseIndex)) {
                phase->end = at;
                const bool operatorMoved = advancedAt >= 0 && at - advancedAt <= kCauseWindowSeconds;
                advancedAt = -1.0;
                const double planned = phase->plannedSeconds + phase->extendedSeconds;
                const double actual = numberField(event, "actual_s", at - phase->start);
                if (operatorMoved) {
                    phase->howEnded =
                        actual < planned - 1 ? "the operator moved on early" : "the operator moved on";
                    if (actual < planned - 1) ++earlyAdvances;
                } else if (stringField(event, "reason") == "ended" || actual < planned - 1) {
                    phase->howEnded = "the session was ended";
                } else {
                    phase->howEnded =
                        actual > planned + 1 ? "after its planned time (held or waiting)" : "as planned";
                }
            }
            closePeriod(PeriodKind::Hold, at);
        } else if (kind == type::kTrackStarted) {
            TrackStory track;
            track.start = at;
            track.title = stringField(event, "title", stringField(event, "track"));
            track.artist = stringField(event, "artist");
            track.file = stringField(event, "track_file");
            track.phase = stringField(event, "phase");
            track.role = stringField(event, "role");
            track.ref = event.value("track_ref", Json());
            track.why = whyStarted(event, at);
            if (track.role == "grounding") openPeriod(PeriodKind::Grounding, at, "Grounding");
            story.tracks.push_back(std::move(track));
        } else if (kind == type::kTrackEnded) {
            for (auto track = story.tracks.rbegin(); track != story.tracks.rend(); ++track) {
                if (track->end < 0 && track->ref == event.value("track_ref", Json())) {
                    track->end = at;
                    track->playedSeconds = numberField(event, "played_s", at - track->start);
                    if (track->role == "grounding") closePeriod(PeriodKind::Grounding, at);
                    break;
                }
            }
        } else if (kind == type::kMarker) {
            const bool distress = stringField(event, "marker") == journalName(MarkerKind::Distress);
            const std::string label = markerLabel(event);
            Mark& mark = addMark(distress ? MarkKind::Distress : MarkKind::Marker, event, label, label);
            mark.number = ++numbered;
        } else if (kind == type::kNote) {
            const std::string text = stringField(event, "text");
            Mark& mark = addMark(MarkKind::Note, event, text, "Note: " + text);
            mark.number = ++numbered;
        } else if (kind == type::kOperatorAction) {
            tellAction(event, at);
        } else if (kind == type::kFault) {
            faultCause = faultSentence(event);
            faultAt = at;
            addMark(MarkKind::Fault, event, "Fault", describeEvent(event));
        } else if (kind == type::kFaultCleared) {
            addMark(MarkKind::Action, event, "Cleared", describeEvent(event));
        } else if (kind == type::kAlert) {
            addMark(MarkKind::Alert, event, "Alert", describeEvent(event));
        } else if (kind == type::kAcknowledged) {
            addMark(MarkKind::Action, event, "Seen", describeEvent(event));
        } else if (kind == type::kInterrupted) {
            for (auto& track : story.tracks) {
                if (track.end < 0) {
                    track.end = at;
                    track.playedSeconds = at - track.start;
                    if (track.ended.empty()) track.ended = "cut off by the interruption";
                }
            }
            if (auto* phase = phaseAt(phaseIndex); phase && phase->end < 0) phase->end = at;
            for (const auto kindOpen :
                 {PeriodKind::TalkOver, PeriodKind::Silence, PeriodKind::Hold, PeriodKind::Grounding}) {
                closePeriod(kindOpen, at);
            }
            const double away = numberField(event, "length_s");
            story.periods.push_back({PeriodKind::Interruption, at, at,
                                     fmt::format("Interrupted {}", formatSessionTime(away)),
                                     describeEvent(event), away});
        } else if (kind == type::kResumed) {
            resumedPending = true;
            resumedTrackSeconds = numberField(event, "track_s");
            if (!story.periods.empty() && story.periods.back().kind == PeriodKind::Interruption)
                story.periods.back().detail += ". " + describeEvent(event);
            // What was going on when the music stopped goes on after it: the engine's state as resumed.
            const auto saved = event.find("resume_state");
            const Json& state = saved != event.end() && saved->is_object() ? *saved : event;
            if (state.value("talk_over", false)) openPeriod(PeriodKind::TalkOver, at, "Talk-over");
            if (state.value("held", false)) openPeriod(PeriodKind::Hold, at, "Held");
            if (stringField(state, "state") == "silenced") openPeriod(PeriodKind::Silence, at, "Silence");
        } else if (kind == type::kVitals) {
            story.vitals.push_back({at, optionalNumberField(event, "bp_systolic"),
                                    optionalNumberField(event, "bp_diastolic"),
                                    optionalNumberField(event, "hr"), optionalNumberField(event, "spo2")});
        } else if (kind == type::kPhaseRating) {
            PhaseRating rating;
            rating.phase = static_cast<int>(numberField(event, "rated_phase_index", -1));
            rating.phaseName = stringField(event, "rated_phase");
            const auto score = [&](const char* key) -> std::optional<int> {
                const auto value = optionalNumberField(event, key);
                if (!value) return std::nullopt;
                return static_cast<int>(std::clamp(std::lround(*value), long{kRatingMin}, long{kRatingMax}));
            };
            rating.liking = score("liking");
            rating.resonance = score("resonance");
            rating.openness = score("openness");
            rating.words = stringField(event, "text");
            if (PhaseStory* phase = phaseAt(rating.phase)) phase->rating = rating;  // the latest one counts
        } else if (kind == type::kUnwelcomeMoment) {
            UnwelcomeMoment moment{numberField(event, "moment_s"), stringField(event, "text")};
            story.unwelcome.push_back(moment);
            Mark mark;
            mark.kind = MarkKind::Unwelcome;
            mark.at = moment.sessionSeconds;
            mark.label = moment.words.empty() ? "Unwelcome" : "Unwelcome: " + moment.words;
            mark.detail = describeEvent(event);
            story.marks.push_back(std::move(mark));
        } else if (kind == type::kSessionEnd) {
            story.ended = true;
        }
    }

    void tellAction(const Json& event, double at) {
        const std::string action = stringField(event, "action");
        if (refused(event)) {
            const std::string sentence = describeEvent(event);
            refusals.push_back(fmt::format("{} at {}", sentence, formatSessionTime(at)));
            addMark(MarkKind::Refused, event, "Refused: " + shortAction(event), sentence);
            return;
        }
        ++actionCounts[action];
        if (action == "talk_over_on") {
            openPeriod(PeriodKind::TalkOver, at, "Talk-over");
        } else if (action == "talk_over_off") {
            closePeriod(PeriodKind::TalkOver, at);
        } else if (action == "silence") {
            openPeriod(PeriodKind::Silence, at, "Silence");
        } else if (action == "resume") {
            closePeriod(PeriodKind::Silence, at);
        } else if (action == "hold") {
            openPeriod(PeriodKind::Hold, at, "Held");
        } else if (action == "release_hold") {
            closePeriod(PeriodKind::Hold, at);
        } else {
            if (action == "skip_track" || action == "swap_to_alternate" || action == "play_grounding" ||
                action == "advance_phase") {
                cause = {action, at};
            }
            if (action == "advance_phase") advancedAt = at;
            if (action == "extend_phase") {
                if (PhaseStory* phase = phaseAt(static_cast<int>(numberField(event, "phase_index", -1))))
                    phase->extendedSeconds += numberField(event, "value") * 60;
            }
            if (action != "start")
                addMark(MarkKind::Action, event, shortAction(event), "Operator: " + actionSentence(event));
        }
    }

    void summarise() {
        for (const auto kind :
             {PeriodKind::TalkOver, PeriodKind::Silence, PeriodKind::Hold, PeriodKind::Grounding})
            closePeriod(kind, story.length);
        for (auto& period : story.periods) {
            if (period.kind == PeriodKind::Interruption) continue;
            period.detail =
                fmt::format("{} from {} to {} ({})", period.label, formatSessionTime(period.start),
                            formatSessionTime(period.end), formatSessionTime(period.end - period.start));
        }
        auto& out = story.interventions;
        const auto periodsOf = [&](PeriodKind kind) {
            std::vector<const Period*> found;
            for (const auto& period : story.periods)
                if (period.kind == kind) found.push_back(&period);
            return found;
        };
        const auto times = [](const std::vector<const Period*>& periods) {
            std::string list;
            double total = 0;
            for (const auto* period : periods) {
                list += (list.empty() ? "" : ", ") + formatSessionTime(period->start);
                total += period->end - period->start;
            }
            return std::make_pair(list, total);
        };
        if (const auto talk = periodsOf(PeriodKind::TalkOver); !talk.empty()) {
            const auto [list, total] = times(talk);
            out.push_back(fmt::format("Talked over the music {} ({} in all; at {})",
                                      howOften(static_cast<long>(talk.size())), formatSessionTime(total),
                                      list));
        }
        if (const auto quiet = periodsOf(PeriodKind::Silence); !quiet.empty()) {
            const auto [list, total] = times(quiet);
            out.push_back(fmt::format("Silenced the music {} ({} in all; at {})",
                                      howOften(static_cast<long>(quiet.size())), formatSessionTime(total),
                                      list));
        }
        if (const auto held = periodsOf(PeriodKind::Hold); !held.empty()) {
            const auto [list, total] = times(held);
            out.push_back(fmt::format("Held a phase {} ({} in all)", howOften(static_cast<long>(held.size())),
                                      formatSessionTime(total)));
        }
        for (const auto& track : story.tracks) {
            const auto is = [&](const char* why) { return track.why == why; };
            const char* what = is(kWhyAlternate)   ? "Swapped to the calmer alternate"
                               : is(kWhyGrounding) ? "Played the grounding track"
                               : is(kWhySkipped)   ? "Skipped a track, on to"
                                                   : nullptr;
            if (what) {
                out.push_back(fmt::format("{} {} at {} in {}", what, quoted(track.title),
                                          formatSessionTime(track.start), quoted(track.phase)));
            }
        }
        for (const auto& phase : story.phases) {
            if (phase.extendedSeconds > 0)
                out.push_back(fmt::format("Extended {} by {}", quoted(phase.name),
                                          formatSessionTime(phase.extendedSeconds)));
            if (phase.howEnded == "the operator moved on early")
                out.push_back(fmt::format("Moved on from {} early, at {}", quoted(phase.name),
                                          formatSessionTime(phase.end)));
        }
        if (const int volume = actionCounts["set_master_volume"]; volume > 0)
            out.push_back(fmt::format("Changed the volume {}", howOften(volume)));
        if (!refusals.empty())
            out.push_back(
                fmt::format("{} command(s) refused: {}", refusals.size(), fmt::join(refusals, "; ")));
    }
};

}  // namespace

SessionStory tellStory(const JournalContents& journal) {
    Teller teller;
    SessionStory& story = teller.story;
    if (const Json* start = journal.first(type::kSessionStart)) story.start = *start;
    story.clock = localClockOf(journal);
    if (story.start.contains("phases") && story.start["phases"].is_array()) {
        int index = 0;
        for (const auto& phase : story.start["phases"]) {
            PhaseStory made;
            made.index = index++;
            made.name = stringField(phase, "name");
            made.plannedSeconds = numberField(phase, "planned_s");
            story.phases.push_back(std::move(made));
        }
    }
    for (const auto& line : journal.events) teller.tell(line.event);
    for (auto& phase : story.phases) {
        if (phase.start >= 0 && phase.end < 0) {
            phase.end = story.length;
            phase.howEnded = story.ended ? "the session ended" : "still running when the journal stops";
        }
        if (phase.start >= 0 && phase.howEnded.empty()) phase.howEnded = "the session ended";
    }
    for (auto& track : story.tracks) {
        if (track.end < 0) {
            track.end = story.length;
            if (track.playedSeconds < 0) track.playedSeconds = story.length - track.start;
        }
        if (track.ended.empty()) track.ended = "the session ended";
    }
    teller.summarise();
    return story;
}

}  // namespace stillpoint::journal::report
