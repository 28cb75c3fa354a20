#include "journal/JournalReport.h"

#include "program/DurationParser.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <vector>

#include "journal/JournalError.h"
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

// ---- What the journal says happened, gathered for the report --------------------------------------

struct Span {
    double start = 0.0;
    double end = 0.0;
    std::string label;
    std::string detail;  // tooltip
    int colour = 0;
};

struct Moment {
    double at = 0.0;
    std::string kind;  // lane: marker, note, action, fault
    std::string label;
    int number = 0;  // markers and notes are numbered, timeline and table alike
    std::string phase, track;
    double trackSeconds = 0.0;
};

Moment makeMoment(double at, std::string kind, std::string label) {
    Moment moment;
    moment.at = at;
    moment.kind = std::move(kind);
    moment.label = std::move(label);
    return moment;
}

struct VitalsPoint {
    double at = 0.0;
    std::optional<double> systolic, diastolic, heartRate, spo2;
};

struct PlayedTrack {
    double start = 0.0;
    double end = -1.0;
    double playedSeconds = -1.0;
    std::string title, artist, file, phase;
    Json ref;
};

struct SessionStory {
    Json start;
    double length = 0.0;  // session seconds covered by the journal
    std::vector<Span> planned, actual;
    std::vector<PlayedTrack> tracks;
    std::vector<Moment> moments;
    std::vector<VitalsPoint> vitals;
    std::vector<Span> interruptions;  // in session time they are instants; shown as markers
};

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

// The fields of an event beyond its position, "key: value; ...", for tables.
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

std::string markerLabel(const Json& event) {
    const auto kind = markerKindFromName(stringField(event, "marker"));
    std::string label = kind ? displayName(*kind) : stringField(event, "marker", "Marker");
    const std::string text = stringField(event, "text");
    if (!text.empty()) label += kind == MarkerKind::Custom ? ": " + text : " (" + text + ")";
    return label;
}

std::string actionLabel(const Json& event) {
    std::string action = stringField(event, "action");
    std::replace(action.begin(), action.end(), '_', ' ');
    if (!action.empty()) action[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(action[0])));
    const double value = numberField(event, "value");
    if (stringField(event, "action") == "extend_phase")
        action += fmt::format(" by {} min", valueText(Json(value)));
    if (stringField(event, "action") == "set_master_volume")
        action += fmt::format(" to {:.0f}%", value * 100);
    if (!actionCarriedOut(event)) action += " - not carried out: " + stringField(event, "reason_text");
    return action;
}

std::string vitalsLabel(const VitalsPoint& v) {
    std::vector<std::string> parts;
    if (v.systolic || v.diastolic) {
        parts.push_back(fmt::format("BP {}/{}", v.systolic ? std::to_string(std::lround(*v.systolic)) : "?",
                                    v.diastolic ? std::to_string(std::lround(*v.diastolic)) : "?"));
    }
    if (v.heartRate) parts.push_back(fmt::format("HR {}", std::lround(*v.heartRate)));
    if (v.spo2) parts.push_back(fmt::format("SpO2 {}%", std::lround(*v.spo2)));
    std::string text;
    for (const auto& part : parts) text += (text.empty() ? "" : ", ") + part;
    return text;
}

SessionStory tellStory(const JournalContents& journal) {
    SessionStory story;
    if (const Json* start = journal.first(type::kSessionStart)) story.start = *start;
    double plannedAt = 0.0;
    int colour = 0;
    if (story.start.contains("phases") && story.start["phases"].is_array()) {
        for (const auto& phase : story.start["phases"]) {
            const double planned = numberField(phase, "planned_s");
            const std::string name = stringField(phase, "name");
            story.planned.push_back({plannedAt, plannedAt + planned, name,
                                     fmt::format("{} planned {}", name, formatSessionTime(planned)),
                                     colour++});
            plannedAt += planned;
        }
    }
    int numbered = 0;
    for (const auto& line : journal.events) {
        const Json& event = line.event;
        const std::string kind = stringField(event, "type");
        const double at = numberField(event, "session_s");
        story.length = std::max(story.length, at);
        const auto closePhase = [&] {
            if (!story.actual.empty() && story.actual.back().end < 0) story.actual.back().end = at;
        };
        if (kind == type::kPhaseEntered) {
            const int index = static_cast<int>(numberField(event, "phase_index", 0));
            // After a resume the engine enters the interrupted phase again: that continues it.
            if (!story.actual.empty() && story.actual.back().colour == index &&
                story.actual.back().end >= at) {
                story.actual.back().end = -1.0;
                continue;
            }
            closePhase();
            story.actual.push_back({at, -1.0, stringField(event, "phase"), "", index});
        } else if (kind == type::kPhaseLeft) {
            closePhase();
        } else if (kind == type::kTrackStarted) {
            story.tracks.push_back({at, -1.0, -1.0, stringField(event, "title", stringField(event, "track")),
                                    stringField(event, "artist"), stringField(event, "track_file"),
                                    stringField(event, "phase"), event.value("track_ref", Json())});
        } else if (kind == type::kTrackEnded) {
            for (auto track = story.tracks.rbegin(); track != story.tracks.rend(); ++track) {
                if (track->end < 0 && track->ref == event.value("track_ref", Json())) {
                    track->end = at;
                    track->playedSeconds = numberField(event, "played_s", at - track->start);
                    break;
                }
            }
        } else if (kind == type::kMarker || kind == type::kNote) {
            const bool marker = kind == type::kMarker;
            Moment moment = makeMoment(at, marker ? "marker" : "note",
                                       marker ? markerLabel(event) : stringField(event, "text"));
            moment.number = ++numbered;
            moment.phase = stringField(event, "phase");
            moment.track = stringField(event, "track");
            moment.trackSeconds = numberField(event, "track_s");
            story.moments.push_back(std::move(moment));
        } else if (kind == type::kOperatorAction) {
            story.moments.push_back(makeMoment(at, "action", actionLabel(event)));
        } else if (kind == type::kFault) {
            story.moments.push_back(makeMoment(
                at, "fault", "Fault: " + stringField(event, "fault") + " " + stringField(event, "detail")));
        } else if (kind == type::kFaultCleared) {
            story.moments.push_back(makeMoment(at, "action", "Cleared: " + stringField(event, "fault")));
        } else if (kind == type::kAlert) {
            story.moments.push_back(makeMoment(at, "fault", "Alert: " + stringField(event, "text")));
        } else if (kind == type::kAcknowledged) {
            story.moments.push_back(makeMoment(at, "action", "Acknowledged: " + stringField(event, "what")));
        } else if (kind == type::kInterrupted) {
            // What played stopped with the crash; the resumed engine starts it again.
            for (auto& track : story.tracks) {
                if (track.end < 0) track.end = at;
            }
            if (!story.actual.empty() && story.actual.back().end < 0) story.actual.back().end = at;
            story.moments.push_back(makeMoment(
                at, "fault",
                fmt::format("Interrupted for {}", formatSessionTime(numberField(event, "length_s")))));
        } else if (kind == type::kResumed) {
            story.moments.push_back(makeMoment(at, "action",
                                               "Resumed at " +
                                                   formatSessionTime(numberField(event, "track_s")) +
                                                   " into " + stringField(event, "track")));
        } else if (kind == type::kVitals) {
            VitalsPoint point{at, optionalNumberField(event, "bp_systolic"),
                              optionalNumberField(event, "bp_diastolic"), optionalNumberField(event, "hr"),
                              optionalNumberField(event, "spo2")};
            story.vitals.push_back(point);
        }
    }
    for (auto& phase : story.actual) {
        if (phase.end < 0) phase.end = story.length;
        phase.detail = fmt::format("{} {}-{} ({})", phase.label, formatSessionTime(phase.start),
                                   formatSessionTime(phase.end), formatSessionTime(phase.end - phase.start));
    }
    for (auto& track : story.tracks) {
        if (track.end < 0) track.end = story.length;
        if (track.playedSeconds < 0) track.playedSeconds = track.end - track.start;
    }
    return story;
}

// ---- The timeline, as inline SVG -----------------------------------------------------------------

constexpr const char* kPhaseColours[] = {"#9bb7c4", "#a9c5a0", "#8e9cc7", "#c9b58f", "#b8a3c4", "#a3b8b3"};
constexpr double kWidth = 1000.0;
constexpr double kLeft = 92.0;
constexpr double kRight = 44.0;

class Timeline {
public:
    explicit Timeline(double length) : length_(std::max(length, 60.0)) {}
    double x(double seconds) const {
        return kLeft + (kWidth - kLeft - kRight) * std::clamp(seconds / length_, 0.0, 1.0);
    }
    double length() const { return length_; }
    double tickStep() const {
        for (const double step : {60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0})
            if (length_ / step <= 12) return step;
        return 7200.0;
    }

private:
    double length_;
};

std::string svgText(double x, double y, std::string_view text, std::string_view cssClass,
                    std::string_view anchor = "start") {
    return fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"{}\" text-anchor=\"{}\">{}</text>", x, y,
                       cssClass, anchor, escapeHtml(text));
}

// A label that fits its bar, or nothing: long titles live in the tooltip and the tables.
std::string fitted(std::string_view text, double width) {
    const auto fits = static_cast<std::size_t>(std::max(0.0, (width - 8) / 6.2));
    if (fits < 4) return {};
    if (text.size() <= fits) return std::string(text);
    std::string cut(text.substr(0, fits - 1));
    while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80)
        cut.pop_back();  // whole UTF-8 characters
    if (!cut.empty() && static_cast<unsigned char>(cut.back()) >= 0xC0) cut.pop_back();
    return cut + "…";
}

void drawBars(std::string& svg, const Timeline& t, const std::vector<Span>& spans, double y, double height,
              bool solid) {
    for (const auto& span : spans) {
        const double x0 = t.x(span.start), x1 = std::max(t.x(span.end), x0 + 1.5);
        const char* colour =
            kPhaseColours[static_cast<std::size_t>(std::abs(span.colour)) % std::size(kPhaseColours)];
        svg += fmt::format(
            "<g><title>{}</title><rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" rx=\"3\" "
            "fill=\"{}\" fill-opacity=\"{}\" stroke=\"{}\"/>",
            escapeHtml(span.detail), x0, y, x1 - x0, height, colour, solid ? "0.9" : "0.35", colour);
        svg += svgText(x0 + 5, y + height / 2 + 4, fitted(span.label, x1 - x0), "bar-label") + "</g>";
    }
}

std::string renderTimeline(const SessionStory& story) {
    const double plannedEnd = story.planned.empty() ? 0.0 : story.planned.back().end;
    const Timeline t(std::max(story.length, plannedEnd));
    const double vitalsTop = 234, vitalsHeight = 150;
    const double height = story.vitals.empty() ? 236 : vitalsTop + vitalsHeight + 34;
    std::string svg = fmt::format(
        "<svg class=\"timeline\" viewBox=\"0 0 {:.0f} {:.0f}\" width=\"100%\" role=\"img\" "
        "xmlns=\"http://www.w3.org/2000/svg\" aria-label=\"Session timeline\">",
        kWidth, height);
    // Time grid.
    for (double s = 0; s <= t.length() + 0.5; s += t.tickStep()) {
        svg += fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"10\" y2=\"{1:.0f}\" class=\"grid\"/>",
                           t.x(s), height - 22);
        svg += svgText(t.x(s), height - 8, formatSessionTime(s), "axis", "middle");
    }
    svg += svgText(8, 34, "Planned", "row-label") + svgText(8, 68, "Actual", "row-label") +
           svgText(8, 110, "Music", "row-label") + svgText(8, 160, "Events", "row-label");
    drawBars(svg, t, story.planned, 20, 22, false);
    drawBars(svg, t, story.actual, 54, 22, true);
    // Music: rows alternate so crossfading tracks stay visible.
    std::vector<Span> rowA, rowB;
    for (std::size_t i = 0; i < story.tracks.size(); ++i) {
        const auto& track = story.tracks[i];
        const std::string name = track.artist.empty() ? track.title : track.artist + " - " + track.title;
        Span span{track.start, track.end, track.title,
                  fmt::format("{} ({} from {})", name, formatSessionTime(track.playedSeconds),
                              formatSessionTime(track.start)),
                  static_cast<int>(i)};
        (i % 2 == 0 ? rowA : rowB).push_back(span);
    }
    for (auto* row : {&rowA, &rowB}) {
        for (auto& span : *row) span.colour = 5;
    }
    drawBars(svg, t, rowA, 90, 16, true);
    drawBars(svg, t, rowB, 110, 16, false);
    // Events: one lane per kind, each a glyph with the full text as its tooltip.
    const std::map<std::string, std::pair<double, const char*>> lanes = {{"marker", {146, "marker"}},
                                                                         {"note", {166, "note"}},
                                                                         {"action", {186, "action"}},
                                                                         {"fault", {206, "fault"}}};
    for (const auto& moment : story.moments) {
        const auto& [y, cssClass] = lanes.at(moment.kind);
        const double x = t.x(moment.at);
        svg += fmt::format("<g class=\"{}\"><title>{} {}</title>", cssClass, formatSessionTime(moment.at),
                           escapeHtml(moment.label));
        if (moment.kind == "marker") {
            svg += fmt::format("<path d=\"M{0:.1f} {1:.1f} l6 6 l-6 6 l-6 -6 z\"/>", x, y - 6);
        } else if (moment.kind == "note") {
            svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"5\"/>", x, y);
        }
        if (moment.number > 0) {
            svg += svgText(x + 8, y + 4, std::to_string(moment.number), "number");
        } else if (moment.kind == "marker" || moment.kind == "note") {
        } else if (moment.kind == "fault") {
            svg += fmt::format("<path d=\"M{0:.1f} {1:.1f} l6 11 l-12 0 z\"/>", x, y - 6);
        } else {
            svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"3\" height=\"12\"/>", x - 1.5, y - 6);
        }
        svg += "</g>";
    }
    if (!story.vitals.empty()) {
        // One scale for mmHg and beats per minute (40..200), SpO2 on its own (80..100 %) at the right.
        const auto yBeats = [&](double v) {
            return vitalsTop + vitalsHeight * (1 - (std::clamp(v, 40.0, 200.0) - 40) / 160);
        };
        const auto ySpo2 = [&](double v) {
            return vitalsTop + vitalsHeight * (1 - (std::clamp(v, 80.0, 100.0) - 80) / 20);
        };
        svg += svgText(8, vitalsTop + 14, "Vitals", "row-label");
        for (const double level : {60.0, 100.0, 140.0, 180.0}) {
            svg +=
                fmt::format("<line x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" y2=\"{:.1f}\" class=\"grid\"/>",
                            kLeft, kWidth - kRight, yBeats(level), yBeats(level));
            svg += svgText(kLeft - 4, yBeats(level) + 4, fmt::format("{:.0f}", level), "axis", "end");
        }
        for (const double level : {80.0, 90.0, 100.0}) {
            svg += svgText(kWidth - kRight + 6, ySpo2(level) + 4, fmt::format("{:.0f}%", level),
                           "axis spo2-axis");
        }
        svg += svgText(8, vitalsTop + 32, "BP mmHg", "legend bp") +
               svgText(8, vitalsTop + 48, "HR /min", "legend hr") +
               svgText(8, vitalsTop + 64, "SpO2 %", "legend spo2") +
               svgText(8, vitalsTop + 78, "(80-100)", "axis");
        for (const auto& v : story.vitals) {
            if (v.systolic && v.diastolic) {
                svg += fmt::format(
                    "<g class=\"bp\"><title>{} {}</title><line x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" "
                    "y2=\"{:.1f}\"/>"
                    "</g>",
                    formatSessionTime(v.at), escapeHtml(vitalsLabel(v)), t.x(v.at), t.x(v.at),
                    yBeats(*v.systolic), yBeats(*v.diastolic));
            }
        }
        const auto polyline = [&](auto field, auto yOf, const char* cssClass) {
            std::string points, dots;
            for (const auto& v : story.vitals) {
                const auto value = field(v);
                if (!value) continue;
                points += fmt::format("{:.1f},{:.1f} ", t.x(v.at), yOf(*value));
                dots +=
                    fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\"><title>{} {}</title></circle>",
                                t.x(v.at), yOf(*value), formatSessionTime(v.at), escapeHtml(vitalsLabel(v)));
            }
            if (!points.empty())
                svg += fmt::format("<g class=\"{}\"><polyline points=\"{}\"/>{}</g>", cssClass, points, dots);
        };
        polyline([](const VitalsPoint& v) { return v.heartRate; }, yBeats, "hr");
        polyline([](const VitalsPoint& v) { return v.spo2; }, ySpo2, "spo2");
    }
    return svg + "</svg>";
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
.subtitle { color: #6b7b80; margin: 0 0 18px; }
dl.details { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 8px 24px; margin: 0; }
dl.details div { min-width: 0; }
dt { font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: #7b8a8e; }
dd { margin: 0; overflow-wrap: anywhere; }
.warning { background: #fbf1e1; border-left: 4px solid #d3a45a; padding: 8px 12px; margin: 16px 0; }
.timeline { display: block; margin: 6px 0 0; font-family: inherit; }
.timeline .grid { stroke: #e4e7e4; stroke-width: 1; }
.timeline .axis { font-size: 11px; fill: #7b8a8e; }
.timeline .row-label { font-size: 12px; fill: #50656c; }
.timeline .bar-label { font-size: 11px; fill: #23343a; }
.timeline .legend { font-size: 11px; }
.timeline .number { font-size: 10px; fill: #50656c; }
.timeline .spo2-axis { fill: #4f86b0; }
.timeline .marker path { fill: #7a6bb0; }
.timeline .note circle { fill: #5d9c8c; }
.timeline .action rect { fill: #8a9aa0; }
.timeline .fault path { fill: #c7764f; }
.timeline .hr polyline { fill: none; stroke: #c2645a; stroke-width: 2; }
.timeline .hr circle, .legend.hr { fill: #c2645a; }
.timeline .spo2 polyline { fill: none; stroke: #4f86b0; stroke-width: 2; stroke-dasharray: 5 3; }
.timeline .spo2 circle, .legend.spo2 { fill: #4f86b0; }
.timeline .bp line { stroke: #8c6fa8; stroke-width: 5; stroke-linecap: round; stroke-opacity: .55; }
.legend.bp { fill: #8c6fa8; }
.key { font-size: 12px; color: #6b7b80; margin: 4px 0 0 92px; }
.key span { margin-right: 16px; }
.key .k-marker { color: #7a6bb0; } .key .k-note { color: #5d9c8c; } .key .k-action { color: #8a9aa0; }
.key .k-fault { color: #c7764f; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th { text-align: left; font-weight: 500; color: #50656c; border-bottom: 1px solid #cfd6d3; padding: 5px 8px; }
td { border-bottom: 1px solid #eceeea; padding: 4px 8px; vertical-align: top; overflow-wrap: break-word; }
td.nowrap, td.type { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.kind-marker td.type, tr.kind-note td.type { color: #5d5a8c; }
tr.kind-fault td.type, tr.kind-alert td.type, tr.kind-interrupted td.type { color: #b0603c; }
tr.kind-position { color: #8c999c; }
footer { margin-top: 28px; font-size: 11px; color: #8c999c; }
@media print {
  body { background: #fff; font-size: 11px; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  tr, .timeline { break-inside: avoid; }
  .screen-only { display: none; }
  @page { margin: 14mm 12mm; }
}
)css";

std::string detailItem(std::string_view term, std::string_view value) {
    return fmt::format("<div><dt>{}</dt><dd>{}</dd></div>", escapeHtml(term),
                       escapeHtml(value.empty() ? "-" : value));
}

}  // namespace

std::string renderReportHtml(const JournalContents& journal) {
    const SessionStory story = tellStory(journal);
    const Json& start = story.start;
    const std::string program = stringField(start, "program", "(unknown program)");
    const std::string patient = stringField(start, "patient_id");
    const std::string began = stringField(start, "utc");
    const bool ended = journal.has(type::kSessionEnd);
    std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    html +=
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
        "'unsafe-inline'\">\n";
    html += fmt::format("<title>Session {} - {}</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n",
                        escapeHtml(patient), escapeHtml(began.substr(0, 10)), kStyle);
    html += fmt::format("<h1>{}</h1>\n<p class=\"subtitle\">Session report for {}, {}, {} of music</p>\n",
                        escapeHtml(program), escapeHtml(patient), escapeHtml(began.substr(0, 10)),
                        escapeHtml(formatSessionTime(story.length)));
    html += "<dl class=\"details\">";
    html += detailItem("Patient ID", patient) + detailItem("Clinician", stringField(start, "clinician")) +
            detailItem("Date (UTC)",
                       began.size() >= 16 ? began.substr(0, 10) + " " + began.substr(11, 5) : began) +
            detailItem("Route", stringField(start, "route")) +
            detailItem("Dose", stringField(start, "dose_note")) +
            detailItem("Consent to music", start.value("consent_to_music", false) ? "yes" : "no") +
            detailItem("Output", stringField(start, "output_device")) +
            detailItem("Program file", stringField(start, "program_path")) +
            detailItem("Program SHA-256", stringField(start, "program_sha256").substr(0, 16));
    html += "</dl>\n";
    if (!ended) {
        html +=
            "<p class=\"warning\">This session has no end in its journal: it was interrupted, or is still "
            "running.</p>\n";
    }
    if (!journal.skipped.empty()) {
        html += fmt::format(
            "<p class=\"warning\">{} line(s) of the journal could not be read and are left out:<br>",
            journal.skipped.size());
        for (const auto& skipped : journal.skipped) {
            html += escapeHtml(fmt::format("line {}: {}", skipped.lineNumber, skipped.reason)) + "<br>";
        }
        html += "</p>\n";
    }

    html += "<h2>Timeline</h2>\n" + renderTimeline(story) + "\n";
    html +=
        "<p class=\"key\"><span class=\"k-marker\">&#9670; marker</span><span class=\"k-note\">&#9679; "
        "note</span>"
        "<span class=\"k-action\">&#9646; operator action</span><span class=\"k-fault\">&#9650; fault or "
        "alert</span>"
        "<span>pale bars: planned, full bars: as it happened</span></p>\n";

    html +=
        "<h2>Music as played</h2>\n<table>\n<tr><th "
        "class=\"num\">At</th><th>Phase</th><th>Title</th><th>Artist</th>"
        "<th class=\"num\">Played</th></tr>\n";
    for (const auto& track : story.tracks) {
        html += fmt::format(
            "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>\n",
            formatSessionTime(track.start), escapeHtml(track.phase), escapeHtml(track.title),
            escapeHtml(track.artist), formatSessionTime(track.playedSeconds));
    }
    html += "</table>\n";

    html +=
        "<h2>Markers and notes</h2>\n<table class=\"moments\">\n<tr><th class=\"num\">#</th><th "
        "class=\"num\">At</th>"
        "<th>Phase</th><th>Playing</th><th class=\"num\">In track</th><th>What</th></tr>\n";
    for (const auto& moment : story.moments) {
        if (moment.number == 0) continue;
        html += fmt::format(
            "<tr class=\"kind-{}\"><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td>"
            "<td class=\"num\">{}</td><td>{}</td></tr>\n",
            moment.kind, moment.number, formatSessionTime(moment.at), escapeHtml(moment.phase),
            escapeHtml(moment.track), formatSessionTime(moment.trackSeconds), escapeHtml(moment.label));
    }
    html += "</table>\n";

    if (!story.vitals.empty()) {
        html +=
            "<h2>Vitals</h2>\n<table>\n<tr><th class=\"num\">At</th><th class=\"num\">BP (mmHg)</th>"
            "<th class=\"num\">HR (/min)</th><th class=\"num\">SpO2 (%)</th></tr>\n";
        const auto number = [](const std::optional<double>& v) {
            return v ? std::to_string(std::lround(*v)) : std::string("-");
        };
        for (const auto& v : story.vitals) {
            html += fmt::format(
                "<tr><td class=\"num\">{}</td><td class=\"num\">{}/{}</td><td class=\"num\">{}</td>"
                "<td class=\"num\">{}</td></tr>\n",
                formatSessionTime(v.at), number(v.systolic), number(v.diastolic), number(v.heartRate),
                number(v.spo2));
        }
        html += "</table>\n";
    }

    html +=
        "<h2>All events</h2>\n<table class=\"events\" id=\"events\">\n<tr><th class=\"num\">#</th><th>Time "
        "(UTC)</th>"
        "<th class=\"num\">Session</th><th>Phase</th><th>Track</th><th class=\"num\">In "
        "track</th><th>Event</th>"
        "<th>Details</th></tr>\n";
    int heartbeats = 0;
    for (const auto& line : journal.events) {
        const Json& event = line.event;
        const std::string kind = stringField(event, "type");
        if (kind == type::kPosition) {  // bookkeeping for crash recovery, every 2 s: in events.csv only
            ++heartbeats;
            continue;
        }
        const std::string utc = stringField(event, "utc");
        html += fmt::format(
            "<tr class=\"kind-{}\"><td class=\"num\">{}</td><td class=\"nowrap\">{}</td><td "
            "class=\"num\">{}</td><td>{}</td>"
            "<td>{}</td><td class=\"num\">{}</td><td class=\"type\">{}</td><td>{}</td></tr>\n",
            escapeHtml(kind), line.lineNumber, escapeHtml(utc.size() >= 23 ? utc.substr(11, 12) : utc),
            formatSessionTime(numberField(event, "session_s")), escapeHtml(stringField(event, "phase")),
            escapeHtml(stringField(event, "track")),
            kind == type::kSessionStart ? "" : formatSessionTime(numberField(event, "track_s")),
            escapeHtml(kind), escapeHtml(detailsOf(event)));
    }
    html += "</table>\n";
    if (heartbeats > 0) {
        html += fmt::format(
            "<p class=\"key\">{} position lines (written every 2 s for crash recovery) are left out "
            "here; events.csv has them.</p>\n",
            heartbeats);
    }
    html += fmt::format(
        "<footer>From {}. Times in the timeline and tables are session time (h:mm:ss) unless marked UTC."
        "</footer>\n</main>\n</body>\n</html>\n",
        escapeHtml(journal.file.filename().string()));
    return html;
}

std::string renderEventsCsv(const JournalContents& journal) {
    std::string csv = "line,utc,session_s,phase,track,track_s,type,text,details\r\n";
    for (const auto& line : journal.events) {
        const Json& event = line.event;
        std::string text = stringField(event, "text");
        if (text.empty()) text = stringField(event, "what");
        if (text.empty()) text = stringField(event, "detail");
        const std::vector<std::string> cells = {std::to_string(line.lineNumber),
                                                stringField(event, "utc"),
                                                valueText(event.value("session_s", Json())),
                                                stringField(event, "phase"),
                                                stringField(event, "track"),
                                                valueText(event.value("track_s", Json())),
                                                stringField(event, "type"),
                                                text,
                                                detailsOf(event)};
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
    for (const auto& track : tellStory(journal).tracks) {
        if (track.file.empty()) continue;
        const std::string name = track.artist.empty() ? track.title : track.artist + " - " + track.title;
        playlist += fmt::format("#EXTINF:{},{}\n{}\n", std::lround(track.playedSeconds), oneLine(name),
                                oneLine(track.file));
    }
    return playlist;
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
