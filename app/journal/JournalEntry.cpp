#include "journal/JournalEntry.h"

#include <array>
#include <cstdio>
#include <ctime>

namespace stillpoint::journal {

using session::Action;
using session::EventKind;
using session::FaultKind;
using session::TrackRole;

const char* journalName(MarkerKind kind) {
    switch (kind) {
        case MarkerKind::DoseGiven:
            return "dose_given";
        case MarkerKind::InfusionStopped:
            return "infusion_stopped";
        case MarkerKind::VitalsCheck:
            return "vitals_check";
        case MarkerKind::PatientSpoke:
            return "patient_spoke";
        case MarkerKind::Distress:
            return "distress";
        case MarkerKind::Custom:
            return "custom";
    }
    return "custom";
}

const char* journalName(EventKind kind) {
    switch (kind) {
        case EventKind::SessionStarted:
            return type::kPlaybackStarted;
        case EventKind::SessionEnded:
            return type::kPlaybackEnded;
        case EventKind::PhaseEntered:
            return type::kPhaseEntered;
        case EventKind::PhaseLeft:
            return type::kPhaseLeft;
        case EventKind::TrackStarted:
            return type::kTrackStarted;
        case EventKind::TrackEnded:
            return type::kTrackEnded;
        case EventKind::OperatorAction:
            return type::kOperatorAction;
        case EventKind::Fault:
            return type::kFault;
        case EventKind::FaultCleared:
            return type::kFaultCleared;
    }
    return "unknown";
}

namespace {
constexpr std::array kRoles = {
    std::pair{TrackRole::None, "none"},
    std::pair{TrackRole::Phase, "phase"},
    std::pair{TrackRole::Alternate, "alternate"},
    std::pair{TrackRole::Grounding, "grounding"},
    std::pair{TrackRole::Bed, "bed"},
};
constexpr std::array kMarkers = {MarkerKind::DoseGiven,   MarkerKind::InfusionStopped,
                                 MarkerKind::VitalsCheck, MarkerKind::PatientSpoke,
                                 MarkerKind::Distress,    MarkerKind::Custom};
}  // namespace

const char* journalName(Action action) {
    return session::commandSpec(action).name.data();  // literals: NUL-terminated
}

const char* journalName(session::Refusal refusal) {
    return session::refusalSpec(refusal).name.data();
}

bool actionCarriedOut(const Json& event) {
    return stringField(event, "outcome", kOutcomeCarriedOut) != kOutcomeRefused;
}

const char* journalName(FaultKind fault) {
    switch (fault) {
        case FaultKind::None:
            return "none";
        case FaultKind::FileMissing:
            return "file_missing";
        case FaultKind::FileUnreadable:
            return "file_unreadable";
        case FaultKind::FileEndedEarly:
            return "file_ended_early";
        case FaultKind::DecoderStarved:
            return "decoder_starved";
        case FaultKind::DeviceLost:
            return "device_lost";
        case FaultKind::UnexpectedSilence:
            return "unexpected_silence";
        case FaultKind::EventsDropped:
            return "events_dropped";
        case FaultKind::CommandDropped:
            return "command_dropped";
        case FaultKind::RoomOutputLost:
            return "room_output_lost";
        case FaultKind::PreviewOutputLost:
            return "preview_output_lost";
        case FaultKind::OutputUnderrun:
            return "output_underrun";
    }
    return "unknown";
}

const char* journalName(TrackRole role) {
    for (const auto& [value, name] : kRoles)
        if (value == role) return name;
    return "none";
}

std::optional<MarkerKind> markerKindFromName(std::string_view name) {
    for (const auto kind : kMarkers)
        if (name == journalName(kind)) return kind;
    return std::nullopt;
}

std::optional<Action> actionFromName(std::string_view name) {
    return session::actionNamed(name);
}

std::optional<session::Refusal> refusalFromName(std::string_view name) {
    return session::refusalNamed(name);
}

std::optional<TrackRole> trackRoleFromName(std::string_view name) {
    for (const auto& [value, text] : kRoles)
        if (name == text) return value;
    return std::nullopt;
}

Json toJson(session::TrackRef ref) {
    return {{"role", journalName(ref.role)},
            {"phase", ref.phase},
            {"index", ref.index},
            {"alternate", ref.alternate}};
}

session::TrackRef trackRefFromJson(const Json& value) {
    session::TrackRef ref;
    if (!value.is_object()) return ref;
    const auto role = trackRoleFromName(stringField(value, "role"));
    if (!role) return ref;
    const auto smallInt = [&](const char* key) {
        const double number = numberField(value, key, -1);
        return static_cast<std::int16_t>(number >= -1 && number < 32000 ? number : -1);
    };
    ref.role = *role;
    ref.phase = smallInt("phase");
    ref.index = smallInt("index");
    ref.alternate = smallInt("alternate");
    return ref;
}

std::string formatUtc(std::chrono::system_clock::time_point when) {
    using namespace std::chrono;
    const auto millisSinceEpoch = floor<milliseconds>(when).time_since_epoch().count();
    const std::time_t seconds = static_cast<std::time_t>(
        millisSinceEpoch >= 0 ? millisSinceEpoch / 1000 : (millisSinceEpoch - 999) / 1000);
    const int millis = static_cast<int>(millisSinceEpoch - static_cast<std::int64_t>(seconds) * 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[96];  // room for any int the compiler imagines; real dates need 24
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
    return text;
}

LocalZone localZoneAt(std::chrono::system_clock::time_point when) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
    std::tm local{};
    if (localtime_r(&seconds, &local) == nullptr) return {};
    return {local.tm_gmtoff, local.tm_zone ? local.tm_zone : ""};
}

std::optional<std::chrono::system_clock::time_point> parseUtc(std::string_view text) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0;
    const std::string copy(text);
    char zulu = 0;
    if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3d%c", &year, &month, &day, &hour, &minute,
                    &second, &millis, &zulu) != 8 ||
        zulu != 'Z') {
        return std::nullopt;
    }
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 ||
        minute > 59 || second < 0 || second > 60 || millis < 0)
        return std::nullopt;
    // A journal is written now: a year far from it is damage, and outside the clock's range (1678-2262)
    // it would overflow the conversion below.
    if (year < 2000 || year > 2200) return std::nullopt;
    using namespace std::chrono;
    const sys_days date =
        year_month_day{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                       std::chrono::day{static_cast<unsigned>(day)}};
    return time_point_cast<system_clock::duration>(date + hours{hour} + minutes{minute} + seconds{second} +
                                                   milliseconds{millis});
}

std::string stringField(const Json& event, const char* key, std::string fallback) {
    const auto found = event.find(key);
    if (found == event.end() || !found->is_string()) return fallback;
    return found->get<std::string>();
}

bool boolField(const Json& event, const char* key, bool fallback) {
    if (!event.is_object()) return fallback;
    const auto found = event.find(key);
    if (found == event.end() || !found->is_boolean()) return fallback;
    return found->get<bool>();
}

double numberField(const Json& event, const char* key, double fallback) {
    return optionalNumberField(event, key).value_or(fallback);
}

std::optional<double> optionalNumberField(const Json& event, const char* key) {
    if (!event.is_object()) return std::nullopt;
    const auto found = event.find(key);
    if (found == event.end() || !found->is_number()) return std::nullopt;
    return found->get<double>();
}

}  // namespace stillpoint::journal
