#include "journal/JournalReport.h"

#include "program/DurationParser.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <vector>

#include "journal/JournalError.h"
#include "journal/JournalReportStory.h"
#include "journal/SessionFolder.h"

namespace stillpoint::journal {

std::string escapeHtml(std::string_view text) {
    std::string escaped;
    escaped.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                escaped += "&amp;";
                break;
            case '<':
                escaped += "&lt;";
                break;
            case '>':
                escaped += "&gt;";
                break;
            case '"':
                escaped += "&quot;";
                break;
            case '\'':
                escaped += "&#39;";
                break;
            default:
                escaped += c;
        }
    }
    return escaped;
}

std::string csvCell(std::string_view text) {
    std::string cell;
    if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos)
        cell += '\'';
    cell += text;
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
    std::string quoted = "\"";
    for (const char c : cell) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string formatSessionTime(double seconds) {
    return program::formatClock(seconds);
}

namespace {

using namespace report;

const std::set<std::string>& positionKeys() {
    static const std::set<std::string> keys = {"seq",   "utc",   "type",       "session_s", "phase_index",
                                               "phase", "track", "track_file", "track_ref", "track_s"};
    return keys;
}

std::string valueText(const Json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_null()) return "";
    if (value.is_number_float()) {
        std::string text = fmt::format("{:.3f}", value.get<double>());
        while (text.back() == '0') text.pop_back();
        if (text.back() == '.') text.pop_back();
        return text;
    }
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// The fields of an event beyond its position, "key: value; ...", for the CSV.
std::string detailsOf(const Json& event) {
    std::string text;
    for (const auto& [key, value] : event.items()) {
        if (positionKeys().count(key) || key == "phases" || value.is_null()) continue;
        if (value.is_string() && value.get<std::string>().empty()) continue;
        if (!text.empty()) text += "; ";
        text += key + ": " + valueText(value);
    }
    return text;
}

// ---- The page ----------------------------------------------------------------------------------

constexpr const char* kStyle = R"css(
:root { color-scheme: light; }
body { font: 14px/1.45 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #2d3a40; background: #f6f5f1;
       margin: 0; }
main { max-width: 1080px; margin: 0 auto; padding: 28px 32px 48px; background: #fffefb; }
h1 { font-weight: 500; font-size: 24px; margin: 0 0 2px; color: #30505c; }
h2 { font-weight: 500; font-size: 17px; color: #30505c; margin: 30px 0 10px; border-bottom: 1px solid #dfe3e0;
     padding-bottom: 4px; }
h3 { font-weight: 500; font-size: 14px; color: #30505c; margin: 16px 0 6px; }
.subtitle { color: #6b7b80; margin: 0 0 18px; }
dl.details { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 8px 24px; margin: 0; }
dl.details div { min-width: 0; }
dt { font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: #7b8a8e; }
dd { margin: 0; overflow-wrap: anywhere; }
.checks { margin: 12px 0 0; padding-left: 20px; color: #50656c; }
.warning { background: #fbf1e1; border-left: 4px solid #d3a45a; padding: 8px 12px; margin: 16px 0; }
.summary ul { margin: 4px 0 8px; padding-left: 20px; }
.summary li { margin: 2px 0; }
.summary .distress, tr.distress td { color: #a33b2f; }
.summary .distress strong { font-weight: 600; }
.summary .none { color: #7b8a8e; }
.score { font-variant-numeric: tabular-nums; white-space: nowrap; }
.words { font-style: italic; }
.timeline { display: block; margin: 6px 0 0; font-family: inherit; }
.timeline .grid { stroke: #e4e7e4; stroke-width: 1; }
.timeline .axis { font-size: 11px; fill: #7b8a8e; }
.timeline .axis.local { fill: #50656c; }
.timeline .row-label { font-size: 12px; fill: #50656c; }
.timeline .bar-label { font-size: 11px; fill: #23343a; }
.timeline .bar.grounding .bar-label { fill: #3b2410; }
.timeline .mark-label { font-size: 11px; fill: #2d3a40; }
.timeline .period-label { font-size: 11px; fill: #23343a; }
.timeline .legend { font-size: 11px; }
.timeline .spo2-axis { fill: #4f86b0; }
.timeline .marker path { fill: #7a6bb0; }
.timeline .distress path { fill: #c0392b; }
.timeline .distress .mark-label { fill: #a33b2f; font-weight: bold; }
.timeline .distress-line { stroke: #c0392b; stroke-width: 1.5; stroke-dasharray: 4 3; stroke-opacity: .7; }
.timeline .note circle { fill: #5d9c8c; }
.timeline .action rect { fill: #6f8790; }
.timeline .refused rect, .timeline .refused path { fill: none; stroke: #8a9aa0; stroke-width: 1.5; }
.timeline .refused .mark-label { fill: #6b7b80; font-style: italic; }
.timeline .fault path, .timeline .alert path { fill: #c7764f; }
.timeline .unwelcome circle, .timeline .unwelcome path { fill: none; stroke: #a33b2f; stroke-width: 1.8; }
.timeline .period rect { stroke-width: 1; }
.timeline .talk-over rect { fill: #a8c6e0; stroke: #6f9cc4; }
.timeline .silence rect { fill: #d5d9d6; stroke: #9aa5a2; }
.timeline .hold rect { fill: #eed9a4; stroke: #c9a75a; }
.timeline .grounding-band { fill: #f3c896; fill-opacity: .28; }
.timeline .interruption path { fill: none; stroke: #b0603c; stroke-width: 2; }
.timeline .interruption-label text { fill: #b0603c; }
.timeline .hr polyline { fill: none; stroke: #c2645a; stroke-width: 2; }
.timeline .hr circle, .legend.hr { fill: #c2645a; }
.timeline .spo2 polyline { fill: none; stroke: #4f86b0; stroke-width: 2; stroke-dasharray: 5 3; }
.timeline .spo2 circle, .legend.spo2 { fill: #4f86b0; }
.timeline .bp line { stroke: #8c6fa8; stroke-width: 5; stroke-linecap: round; stroke-opacity: .55; }
.legend.bp { fill: #8c6fa8; }
.key { font-size: 12px; color: #6b7b80; margin: 4px 0 0 0; }
.key span { margin-right: 14px; white-space: nowrap; }
.key .k-marker { color: #7a6bb0; } .key .k-note { color: #5d9c8c; } .key .k-action { color: #6f8790; }
.key .k-fault { color: #c7764f; } .key .k-distress { color: #c0392b; } .key .k-talk { color: #6f9cc4; }
.key .k-silence { color: #9aa5a2; } .key .k-hold { color: #c9a75a; } .key .k-grounding { color: #d98f4e; }
.key .k-unwelcome { color: #a33b2f; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th { text-align: left; font-weight: 500; color: #50656c; border-bottom: 1px solid #cfd6d3; padding: 5px 8px; }
td { border-bottom: 1px solid #eceeea; padding: 4px 8px; vertical-align: top; overflow-wrap: break-word; }
td.nowrap, td.type { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.why { color: #50656c; }
tr.grounding td { background: #fbf0e2; }
tr.kind-fault td, tr.kind-alert td, tr.kind-interrupted td { color: #b0603c; }
tr.refused td { color: #6b7b80; font-style: italic; }
details.raw summary { cursor: pointer; color: #7b8a8e; font-size: 11px; }
details.raw code { display: block; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 11px; color: #50656c;
                   background: #f3f4f1; padding: 4px 6px; margin-top: 2px; }
footer { margin-top: 28px; font-size: 11px; color: #8c999c; }
@media print {
  body { background: #fff; font-size: 11px; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  tr, .timeline { break-inside: avoid; }
  details.raw { display: none; }
  @page { margin: 14mm 12mm; }
}
)css";

std::string detailItem(std::string_view term, std::string_view value) {
    return fmt::format("<div><dt>{}</dt><dd>{}</dd></div>", escapeHtml(term),
                       escapeHtml(value.empty() ? "-" : value));
}

// One level check played before the start (session_start's level_checks), said as a sentence: "Level
// checked on the headphones at 80 % for 25 s before the start, at 14:58 (“Dawn”, under -6.0 dBFS, track
// +2.1 dB; device No Output), stopped by the operator".
std::string levelCheckSentence(const Json& check, const LocalClock& clock) {
    const std::string output =
        stringField(check, "output") == "room" ? "the room speakers" : std::string("the headphones");
    const std::string stoppedBy = stringField(check, "stopped_by");
    const std::string device = stringField(check, "device", "the system default");
    if (stoppedBy.rfind("failed", 0) == 0)
        return fmt::format("Level check on {} (device {}) could not be played: {}", output, device,
                           stoppedBy.substr(std::min<std::size_t>(stoppedBy.size(), 8)));
    const std::string at = clock.timeOf(stringField(check, "started_utc"), false);
    const std::string ended = stoppedBy == "operator"         ? "stopped by the operator"
                              : stoppedBy == "finished"       ? "played to its end"
                              : stoppedBy == "start"          ? "stopped when the session started"
                              : stoppedBy == "output changed" ? "stopped when its output was changed"
                                                              : "ended (" + stoppedBy + ")";
    return fmt::format(
        "Level checked on {} at {:.0f} % for {:.0f} s before the start{} (\u201c{}\u201d, under "
        "{:.1f} dBFS, track {:+.1f} dB; device {}), {}",
        output, 100.0 * numberField(check, "volume"), numberField(check, "played_s"),
        at.empty() ? "" : ", at " + at, stringField(check, "track"), numberField(check, "ceiling_dbfs"),
        numberField(check, "track_gain_db"), device, ended);
}

std::string levelChecksHtml(const Json& start, const LocalClock& clock) {
    const auto checks = start.find("level_checks");
    if (checks == start.end() || !checks->is_array() || checks->empty()) return "";
    std::string html = "<ul class=\"checks\">";
    for (const auto& check : *checks)
        if (check.is_object()) html += "<li>" + escapeHtml(levelCheckSentence(check, clock)) + "</li>";
    return html + "</ul>\n";
}

std::string scoreText(const std::optional<int>& score) {
    return score ? fmt::format("{}/10", *score) : std::string("-");
}

std::string summaryHtml(const SessionStory& story, const JournalContents& journal) {
    std::string html = "<section class=\"summary\">\n<h2>Summary</h2>\n";
    double planned = 0.0;
    for (const auto& phase : story.phases) planned += phase.plannedSeconds;
    html += fmt::format("<p>{} of music, planned {}.", formatSessionTime(story.length),
                        formatSessionTime(planned));
    if (!story.ended) html += " The journal has no end: the session was interrupted, or is still running.";
    html += "</p>\n";

    bool rated = false;
    for (const auto& phase : story.phases) rated = rated || phase.rating.has_value();
    html +=
        "<table class=\"phases\">\n<tr><th>Phase</th><th class=\"num\">Planned</th><th class=\"num\">As it "
        "went</th><th class=\"num\">Difference</th><th>Began</th><th>Ended</th>";
    if (rated) html += "<th>How the music landed</th>";
    html += "</tr>\n";
    for (const auto& phase : story.phases) {
        const bool ran = phase.start >= 0;
        const double actual = ran ? phase.end - phase.start : 0.0;
        const double difference = actual - phase.plannedSeconds;
        std::string cells = fmt::format(
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
            "<td class=\"nowrap\">{}</td><td>{}</td>",
            escapeHtml(phase.name), formatSessionTime(phase.plannedSeconds),
            ran ? formatSessionTime(actual) : "-",
            !ran ? "-"
            : std::abs(difference) < 1.0
                ? "on time"
                : (difference > 0 ? "+" : "-") + formatSessionTime(std::abs(difference)),
            ran ? escapeHtml(formatSessionTime(phase.start) + " (" + story.localTimeAt(phase.start, false) +
                             ")")
                : "did not begin",
            escapeHtml(ran ? phase.howEnded : ""));
        if (rated) {
            cells += "<td class=\"rating\">";
            if (phase.rating) {
                cells += fmt::format(
                    "<span class=\"score\">liking {}</span>, <span class=\"score\">resonance {}</span>, "
                    "<span class=\"score\">openness {}</span>",
                    scoreText(phase.rating->liking), scoreText(phase.rating->resonance),
                    scoreText(phase.rating->openness));
                if (!phase.rating->words.empty())
                    cells += "<br><span class=\"words\">\u201c" + escapeHtml(phase.rating->words) +
                             "\u201d</span>";
            } else {
                cells += "<span class=\"none\">not rated</span>";
            }
            cells += "</td>";
        }
        html += cells + "</tr>\n";
    }
    html += "</table>\n";

    const auto list = [&](const char* title, const std::vector<std::string>& items, const char* none,
                          const char* cssClass = "") {
        html += fmt::format("<h3>{}</h3>\n", title);
        if (items.empty()) {
            html += fmt::format("<p class=\"none\">{}</p>\n", none);
            return;
        }
        html += fmt::format("<ul class=\"{}\">", cssClass);
        for (const auto& item : items) html += "<li>" + item + "</li>";
        html += "</ul>\n";
    };
    std::vector<std::string> interventions;
    for (const auto& sentence : story.interventions) interventions.push_back(escapeHtml(sentence));
    list("What the operator did", interventions, "Nothing beyond the program: it played as planned.");

    std::vector<std::string> distress;
    for (const auto& mark : story.marks) {
        if (mark.kind != MarkKind::Distress) continue;
        distress.push_back(fmt::format("<strong>{}</strong> at {} ({}), in {}, during {}",
                                       escapeHtml(mark.label), formatSessionTime(mark.at),
                                       escapeHtml(story.localTimeAt(mark.at, false)), escapeHtml(mark.phase),
                                       escapeHtml(mark.track)));
    }
    if (!distress.empty()) list("Distress", distress, "", "distress");

    std::vector<std::string> troubles;
    for (const auto& line : journal.events) {
        const std::string kind = stringField(line.event, "type");
        if (kind == type::kFault || kind == type::kAlert || kind == type::kInterrupted) {
            troubles.push_back(
                fmt::format("{} at {} ({})", escapeHtml(describeEvent(line.event)),
                            formatSessionTime(numberField(line.event, "session_s")),
                            escapeHtml(story.clock.timeOf(stringField(line.event, "utc"), false))));
        }
    }
    list("Alerts, faults and interruptions", troubles, "None.");

    html += "<h3>Vitals</h3>\n";
    if (story.vitals.empty()) {
        html += "<p class=\"none\">No vitals were recorded.</p>\n";
    } else {
        const auto range = [&](auto field, const char* unit) -> std::string {
            std::optional<double> low, high;
            for (const auto& v : story.vitals) {
                if (const auto value = field(v)) {
                    low = std::min(low.value_or(*value), *value);
                    high = std::max(high.value_or(*value), *value);
                }
            }
            if (!low) return "not measured";
            if (std::lround(*low) == std::lround(*high)) return fmt::format("{}{}", std::lround(*low), unit);
            return fmt::format("{}-{}{}", std::lround(*low), std::lround(*high), unit);
        };
        html += fmt::format("<p>{} readings. Blood pressure {} / {}; heart rate {}; SpO2 {}.</p>\n",
                            story.vitals.size(), range([](const VitalsPoint& v) { return v.systolic; }, ""),
                            range([](const VitalsPoint& v) { return v.diastolic; }, " mmHg"),
                            range([](const VitalsPoint& v) { return v.heartRate; }, " /min"),
                            range([](const VitalsPoint& v) { return v.spo2; }, "%"));
    }
    if (!story.unwelcome.empty()) {
        std::vector<std::string> moments;
        for (const auto& moment : story.unwelcome) {
            std::string playing;
            for (const auto& track : story.tracks)
                if (track.start <= moment.sessionSeconds && moment.sessionSeconds <= track.end)
                    playing = track.title;
            moments.push_back(
                fmt::format("{}{}{}", formatSessionTime(moment.sessionSeconds),
                            playing.empty() ? "" : ", during \u201c" + escapeHtml(playing) + "\u201d",
                            moment.words.empty() ? "" : ": " + escapeHtml(moment.words)));
        }
        list("Moments of the music that were unwelcome (after the session)", moments, "");
    }
    return html + "</section>\n";
}

}  // namespace

std::string renderReportHtml(const JournalContents& journal) {
    const SessionStory story = tellStory(journal);
    const Json& start = story.start;
    const LocalClock& clock = story.clock;
    const std::string program = stringField(start, "program", "(unknown program)");
    const std::string patient = stringField(start, "patient_id");
    const std::string began = stringField(start, "utc");
    const std::string date = clock.dateOf(began);
    const std::string zone =
        clock.zone == clock.offsetText() ? clock.zone : clock.zone + ", " + clock.offsetText();
    std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    html +=
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
        "'unsafe-inline'\">\n";
    html += fmt::format("<title>Session {} - {}</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n",
                        escapeHtml(patient), escapeHtml(date), kStyle);
    html += fmt::format(
        "<h1>{}</h1>\n<p class=\"subtitle\">Session report for {}, {}, {} to {} ({}), {} of music</p>\n",
        escapeHtml(program), escapeHtml(patient), escapeHtml(date), escapeHtml(story.localTimeAt(0, false)),
        escapeHtml(story.localTimeAt(story.length, false)), escapeHtml(zone),
        escapeHtml(formatSessionTime(story.length)));
    html += "<dl class=\"details\">";
    html += detailItem("Patient ID", patient) + detailItem("Clinician", stringField(start, "clinician")) +
            detailItem("Started", date + " " + clock.timeOf(began, false) + " " + zone) +
            detailItem("Started (UTC)",
                       began.size() >= 16 ? began.substr(0, 10) + " " + began.substr(11, 5) : began) +
            detailItem("Route", stringField(start, "route")) +
            detailItem("Dose", stringField(start, "dose_note")) +
            detailItem("Consent to music", start.value("consent_to_music", false) ? "yes" : "no") +
            detailItem("Output", stringField(start, "output_device")) +
            (stringField(start, "room_output_device").empty()
                 ? std::string()
                 : detailItem("Room output", stringField(start, "room_output_device"))) +
            (stringField(start, "preview_output_device").empty()
                 ? std::string()
                 : detailItem("Preview output", stringField(start, "preview_output_device"))) +
            detailItem("Program file", stringField(start, "program_path")) +
            detailItem("Program SHA-256", stringField(start, "program_sha256").substr(0, 16));
    html += "</dl>\n";
    html += levelChecksHtml(start, clock);
    if (!journal.skipped.empty()) {
        html += fmt::format(
            "<p class=\"warning\">{} line(s) of the journal could not be read and are left out:<br>",
            journal.skipped.size());
        for (const auto& skipped : journal.skipped) {
            html += escapeHtml(fmt::format("line {}: {}", skipped.lineNumber, skipped.reason)) + "<br>";
        }
        html += "</p>\n";
    }
    if (!story.ended) {
        html +=
            "<p class=\"warning\">This session has no end in its journal: it was interrupted, or is still "
            "running.</p>\n";
    }

    html += summaryHtml(story, journal);

    html += "<h2>Timeline</h2>\n" + renderTimelineSvg(story) + "\n";
    html += fmt::format(
        "<p class=\"key\"><span>pale bars: planned; full bars: as it went</span>"
        "<span class=\"k-talk\">&#9644; talk-over</span> <span class=\"k-silence\">&#9644; silence</span>"
        "<span class=\"k-hold\">&#9644; held</span> <span class=\"k-grounding\">&#9644; grounding</span>"
        "<span class=\"k-marker\">&#9670; marker</span> <span class=\"k-distress\">&#9670; distress</span>"
        "<span class=\"k-note\">&#9679; note</span> <span class=\"k-action\">&#9646; operator</span>"
        "<span class=\"k-action\">&#9633; refused</span> <span class=\"k-fault\">&#9650; fault or "
        "alert</span>"
        "<span class=\"k-unwelcome\">&#8856; unwelcome</span> <span>times: session, and clock ({})</span>"
        "<span>hover a mark for all it says</span></p>\n",
        escapeHtml(zone));

    html +=
        "<h2>Music as played</h2>\n<table class=\"music\">\n<tr><th class=\"num\">At</th><th "
        "class=\"num\">Clock</th><th>Phase</th><th>Title</th><th>Artist</th><th "
        "class=\"num\">Played</th><th>Why it "
        "started</th><th>How it ended</th></tr>\n";
    for (const auto& track : story.tracks) {
        html += fmt::format(
            "<tr{}><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td "
            "class=\"num\">{}</td><td class=\"why\">{}</td><td class=\"why\">{}</td></tr>\n",
            track.role == "grounding" ? " class=\"grounding\"" : "", formatSessionTime(track.start),
            escapeHtml(story.localTimeAt(track.start)), escapeHtml(track.phase), escapeHtml(track.title),
            escapeHtml(track.artist), formatSessionTime(track.playedSeconds), escapeHtml(track.why),
            escapeHtml(track.ended));
    }
    html += "</table>\n";

    html +=
        "<h2>Markers and notes</h2>\n<table class=\"moments\">\n<tr><th class=\"num\">#</th><th "
        "class=\"num\">At</th><th class=\"num\">Clock</th><th>Phase</th><th>Playing</th><th class=\"num\">In "
        "track</th><th>What</th></tr>\n";
    for (const auto& mark : story.marks) {
        if (mark.number == 0) continue;
        html += fmt::format(
            "<tr class=\"kind-{}{}\"><td class=\"num\">{}</td><td class=\"num\">{}</td><td "
            "class=\"num\">{}</td>"
            "<td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
            mark.kind == MarkKind::Note ? "note" : "marker",
            mark.kind == MarkKind::Distress ? " distress" : "", mark.number, formatSessionTime(mark.at),
            escapeHtml(story.localTimeAt(mark.at)), escapeHtml(mark.phase), escapeHtml(mark.track),
            formatSessionTime(mark.trackSeconds),
            escapeHtml(mark.kind == MarkKind::Note ? mark.label : mark.detail));
    }
    html += "</table>\n";

    if (!story.vitals.empty()) {
        html +=
            "<h2>Vitals</h2>\n<table>\n<tr><th class=\"num\">At</th><th class=\"num\">Clock</th><th "
            "class=\"num\">BP (mmHg)</th><th class=\"num\">HR (/min)</th><th class=\"num\">SpO2 "
            "(%)</th></tr>\n";
        const auto number = [](const std::optional<double>& v) {
            return v ? std::to_string(std::lround(*v)) : std::string("-");
        };
        for (const auto& v : story.vitals) {
            html += fmt::format(
                "<tr><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}/{}</td><td "
                "class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
                formatSessionTime(v.at), escapeHtml(story.localTimeAt(v.at)), number(v.systolic),
                number(v.diastolic), number(v.heartRate), number(v.spo2));
        }
        html += "</table>\n";
    }

    html += fmt::format(
        "<h2>All events</h2>\n<table class=\"events\" id=\"events\">\n<tr><th class=\"num\">#</th><th "
        "class=\"num\">Clock ({})</th><th class=\"num\">Session</th><th>Phase</th><th>What "
        "happened</th><th>Journal "
        "line</th></tr>\n",
        escapeHtml(clock.zone));
    int heartbeats = 0;
    for (const auto& line : journal.events) {
        const Json& event = line.event;
        const std::string kind = stringField(event, "type");
        if (kind == type::kPosition) {  // bookkeeping for crash recovery, every 2 s: in events.csv only
            ++heartbeats;
            continue;
        }
        const bool refusedCommand =
            kind == type::kOperatorAction && stringField(event, "outcome") == "refused";
        const bool afterwards = kind == type::kPhaseRating || kind == type::kUnwelcomeMoment;
        html += fmt::format(
            "<tr class=\"kind-{}{}\"><td class=\"num\">{}</td><td class=\"num\">{}</td><td "
            "class=\"num\">{}</td>"
            "<td>{}</td><td>{}</td><td><details "
            "class=\"raw\"><summary>record</summary><code>{}</code></details>"
            "</td></tr>\n",
            escapeHtml(kind), refusedCommand ? " refused" : "", line.lineNumber,
            escapeHtml(clock.timeOf(stringField(event, "utc"))),
            kind == type::kSessionStart || afterwards ? ""
                                                      : formatSessionTime(numberField(event, "session_s")),
            escapeHtml(afterwards ? "" : stringField(event, "phase")), escapeHtml(describeEvent(event)),
            escapeHtml(event.dump(-1, ' ', false, Json::error_handler_t::replace)));
    }
    html += "</table>\n";
    if (heartbeats > 0) {
        html += fmt::format(
            "<p class=\"key\">{} position lines (written every 2 s for crash recovery) are left out "
            "here; events.csv has them.</p>\n",
            heartbeats);
    }
    html += fmt::format(
        "<footer>From {}. Session times (h:mm:ss from the start of the music) with clock times in {}; the "
        "journal "
        "keeps UTC.</footer>\n</main>\n</body>\n</html>\n",
        escapeHtml(journal.file.filename().string()), escapeHtml(zone));
    return html;
}

std::string renderEventsCsv(const JournalContents& journal) {
    const LocalClock clock = localClockOf(journal);
    std::string csv = "line,utc,local_time,session_s,phase,track,track_s,type,text,details,description\r\n";
    for (const auto& line : journal.events) {
        const Json& event = line.event;
        std::string text = stringField(event, "text");
        if (text.empty()) text = stringField(event, "what");
        if (text.empty()) text = stringField(event, "detail");
        const std::string utc = stringField(event, "utc");
        const std::string date = utc.substr(0, 10);
        const std::string local = clock.timeOf(utc);
        const std::vector<std::string> cells = {std::to_string(line.lineNumber),
                                                utc,
                                                local.empty() ? "" : local + " " + clock.zone,
                                                valueText(event.value("session_s", Json())),
                                                stringField(event, "phase"),
                                                stringField(event, "track"),
                                                valueText(event.value("track_s", Json())),
                                                stringField(event, "type"),
                                                text,
                                                detailsOf(event),
                                                describeEvent(event)};
        for (std::size_t i = 0; i < cells.size(); ++i) csv += (i ? "," : "") + csvCell(cells[i]);
        csv += "\r\n";
    }
    return csv;
}

std::string renderPlayedPlaylist(const JournalContents& journal) {
    // A title or path with a line break would start a new playlist entry: keep each on its line.
    const auto oneLine = [](std::string text) {
        for (char& c : text)
            if (static_cast<unsigned char>(c) < 0x20) c = ' ';
        return text;
    };
    std::string playlist = "#EXTM3U\n";
    bool relative = false;
    std::string entries;
    for (const auto& track : tellStory(journal).tracks) {
        if (track.file.empty()) continue;
        relative = relative || !std::filesystem::path(track.file).is_absolute();
        const std::string name = track.artist.empty() ? track.title : track.artist + " - " + track.title;
        entries += fmt::format("#EXTINF:{},{}\n{}\n", std::lround(track.playedSeconds), oneLine(name),
                               oneLine(track.file));
    }
    // Journals record absolute paths; an older one may hold paths relative to where the player started.
    if (relative) playlist += "# Some paths are relative to the folder Stillpoint was started in.\n";
    return playlist + entries;
}
ReportFiles writeSessionReport(const std::filesystem::path& sessionFolder) {
    requireOwnSessionFolder(sessionFolder);
    const JournalContents journal = readJournal(sessionFolder / kJournalFileName);
    if (!journal.has(type::kSessionStart)) {
        throw JournalError(
            "The journal " + journal.file.string() +
            " has no readable session_start line, so it is not a session journal (or its first line "
            "is damaged). Check the folder name.");
    }
    ReportFiles files{sessionFolder / "report.html", sessionFolder / "events.csv",
                      sessionFolder / "played.m3u8", journal.describeSkipped()};
    writePrivateFile(files.html, renderReportHtml(journal));
    writePrivateFile(files.csv, renderEventsCsv(journal));
    writePrivateFile(files.playlist, renderPlayedPlaylist(journal));
    return files;
}

}  // namespace stillpoint::journal
