// The report's timeline: one SVG, rows from the top: phases planned and as they went, the music, periods
// (talk-over, silence, hold, grounding) as bands, then the marks in lanes (markers and notes; the
// operator; faults and alerts; what the patient found unwelcome afterwards), then vitals. Every mark has
// a tooltip with the whole sentence; a label beside it where there is room, never over another label.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "journal/JournalReport.h"
#include "journal/JournalReportStory.h"

namespace stillpoint::journal::report {

double estimatedTextWidth(std::string_view text, double fontPx) {
    // DejaVu Sans advance widths in em, rounded up per class of character.
    double em = 0.0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c & 0xC0) == 0x80) continue;  // continuation byte of a UTF-8 character
        if (c >= 0x80) {
            em += 0.8;
        } else if (std::string_view("iljtfrI.,:;'|!()[] ").find(static_cast<char>(c)) !=
                   std::string_view::npos) {
            em += 0.42;
        } else if (std::string_view("mwMW@%").find(static_cast<char>(c)) != std::string_view::npos) {
            em += 1.0;
        } else if (std::isupper(c)) {
            em += 0.76;
        } else {
            em += 0.64;
        }
    }
    return em * fontPx;
}

namespace {

constexpr double kWidth = 1000.0;
constexpr double kLeft = 104.0;
constexpr double kRight = 44.0;
constexpr double kLabelPx = 11.0;
constexpr double kLaneHeight = 17.0;
constexpr int kMaxLanes = 10;
const char* const kPhaseColours[] = {"#8fb3c9", "#a9c7a1", "#d9b48f", "#c2a5c9", "#e0cf95", "#9cc4c0"};

class Scale {
public:
    explicit Scale(double length) : length_(std::max(length, 1.0)) {}
    double x(double seconds) const {
        return kLeft + (kWidth - kLeft - kRight) * std::clamp(seconds / length_, 0.0, 1.0);
    }
    double length() const { return length_; }
    double tickStep() const {
        for (const double step : {10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0})
            if (length_ / step <= 10) return step;
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

// The text cut to whole UTF-8 characters so it fits `width`, with an ellipsis; "" if not even 3 fit.
std::string fitted(std::string_view text, double width) {
    if (estimatedTextWidth(text, kLabelPx) <= width) return std::string(text);
    std::string cut;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t next = i + 1;
        while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) ++next;
        const std::string candidate = cut + std::string(text.substr(i, next - i));
        if (estimatedTextWidth(candidate + "…", kLabelPx) > width) break;
        cut = candidate;
        i = next;
    }
    while (!cut.empty() && cut.back() == ' ') cut.pop_back();
    if (cut.size() < 3) return {};
    return cut + "…";
}

void drawBar(std::string& svg, const Scale& scale, double start, double end, double y, double height,
             const char* colour, bool solid, const std::string& label, const std::string& tooltip,
             const char* extraClass = "") {
    const double x0 = scale.x(start), x1 = std::max(scale.x(end), x0 + 1.5);
    svg += fmt::format(
        "<g class=\"bar{}\"><title>{}</title><rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" "
        "height=\"{:.1f}\" "
        "rx=\"3\" fill=\"{}\" fill-opacity=\"{}\" stroke=\"{}\"/>",
        extraClass, escapeHtml(tooltip), x0, y, x1 - x0, height, colour, solid ? "0.9" : "0.35", colour);
    const std::string text = fitted(label, x1 - x0 - 8);
    if (!text.empty()) svg += svgText(x0 + 4, y + height / 2 + 4, text, "bar-label");
    svg += "</g>";
}

const char* markClass(MarkKind kind) {
    switch (kind) {
        case MarkKind::Marker:
            return "marker";
        case MarkKind::Note:
            return "note";
        case MarkKind::Distress:
            return "distress";
        case MarkKind::Action:
            return "action";
        case MarkKind::Refused:
            return "refused";
        case MarkKind::Fault:
            return "fault";
        case MarkKind::Alert:
            return "alert";
        case MarkKind::Unwelcome:
            return "unwelcome";
    }
    return "marker";
}

std::string glyph(MarkKind kind, double x, double y) {
    switch (kind) {
        case MarkKind::Marker:
            return fmt::format("<path d=\"M{:.1f} {:.1f} l5 5 l-5 5 l-5 -5 z\"/>", x, y - 5);
        case MarkKind::Distress:
            return fmt::format("<path d=\"M{:.1f} {:.1f} l6 6 l-6 6 l-6 -6 z\"/>", x, y - 6);
        case MarkKind::Note:
            return fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4.5\"/>", x, y);
        case MarkKind::Action:
            return fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"4\" height=\"11\" rx=\"1\"/>", x - 2,
                               y - 5.5);
        case MarkKind::Refused:
            return fmt::format(
                "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"8\" height=\"8\" rx=\"1\"/><path d=\"M{:.1f} "
                "{:.1f} l8 8\"/>",
                x - 4, y - 4, x - 4, y - 4);
        case MarkKind::Fault:
        case MarkKind::Alert:
            return fmt::format("<path d=\"M{:.1f} {:.1f} l5.5 10 l-11 0 z\"/>", x, y - 5.5);
        case MarkKind::Unwelcome:
            return fmt::format(
                "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4.5\"/><path d=\"M{:.1f} {:.1f} l6 6\"/>", x, y,
                x - 3, y - 3);
    }
    return {};
}

struct Placed {
    const Mark* mark = nullptr;
    int lane = 0;
    std::string text;  // the label drawn; may be empty (then only the tooltip tells)
    bool leftOfGlyph = false;
};

// Greedy interval layout: each mark, in time order, goes to the first lane where its glyph and label
// clear everything placed before; if no lane has room for the label, a shorter one (its number), else
// the glyph alone in the least crowded lane. Labels never overlap; glyphs overlap only past kMaxLanes.
std::vector<Placed> layOut(const std::vector<const Mark*>& marks, const Scale& scale, int& lanesUsed) {
    std::vector<Placed> placed;
    std::vector<double> laneEnd;
    constexpr double kGap = 4.0, kGlyph = 6.5, kLabelGap = 3.0;
    for (const Mark* mark : marks) {
        const double x = scale.x(mark->at);
        std::vector<std::string> candidates;
        const std::string number = mark->number > 0 ? std::to_string(mark->number) : "";
        const std::string full = number.empty() ? mark->label : number + " " + mark->label;
        candidates.push_back(fitted(full, 190));
        if (!number.empty()) candidates.push_back(number);
        candidates.push_back("");
        bool done = false;
        for (const auto& text : candidates) {
            const double width = text.empty() ? 0.0 : estimatedTextWidth(text, kLabelPx) + kLabelGap;
            const bool left = x + kGlyph + width > kWidth - 2;
            const double from = left ? x - kGlyph - width : x - kGlyph;
            const double to = left ? x + kGlyph : x + kGlyph + width;
            for (int lane = 0; lane < kMaxLanes; ++lane) {
                if (lane == static_cast<int>(laneEnd.size())) laneEnd.push_back(-1e9);
                if (laneEnd[static_cast<std::size_t>(lane)] + kGap <= from) {
                    laneEnd[static_cast<std::size_t>(lane)] = to;
                    placed.push_back({mark, lane, text, left});
                    done = true;
                    break;
                }
            }
            if (done) break;
        }
        if (!done) {
            const auto lane = std::min_element(laneEnd.begin(), laneEnd.end()) - laneEnd.begin();
            laneEnd[static_cast<std::size_t>(lane)] =
                std::max(laneEnd[static_cast<std::size_t>(lane)], x + kGlyph);
            placed.push_back({mark, static_cast<int>(lane), "", false});
        }
    }
    lanesUsed = std::max(1, static_cast<int>(laneEnd.size()));
    return placed;
}

struct MarkGroup {
    const char* title;
    std::vector<MarkKind> kinds;
};

}  // namespace

std::string renderTimelineSvg(const SessionStory& story) {
    double plannedEnd = 0.0;
    for (const auto& phase : story.phases) plannedEnd += phase.plannedSeconds;
    const Scale scale(std::max(story.length, plannedEnd));

    // Marks in groups, each group laid out in its lanes.
    const std::vector<MarkGroup> groups = {
        {"Markers, notes", {MarkKind::Marker, MarkKind::Distress, MarkKind::Note}},
        {"Operator", {MarkKind::Action, MarkKind::Refused}},
        {"Faults, alerts", {MarkKind::Fault, MarkKind::Alert}},
        {"Unwelcome", {MarkKind::Unwelcome}},
    };
    struct LaidGroup {
        const MarkGroup* group;
        std::vector<Placed> placed;
        int lanes = 0;
        double top = 0.0;
    };
    std::vector<LaidGroup> laid;
    for (const auto& group : groups) {
        std::vector<const Mark*> marks;
        for (const auto& mark : story.marks)
            if (std::find(group.kinds.begin(), group.kinds.end(), mark.kind) != group.kinds.end())
                marks.push_back(&mark);
        if (marks.empty() && group.kinds.front() != MarkKind::Marker) continue;
        std::stable_sort(marks.begin(), marks.end(),
                         [](const Mark* a, const Mark* b) { return a->at < b->at; });
        LaidGroup made{&group, {}, 0, 0.0};
        made.placed = layOut(marks, scale, made.lanes);
        laid.push_back(std::move(made));
    }

    // Rows, top to bottom.
    const double plannedY = 18, actualY = 42, musicY = 72, periodsY = 114;
    double periodLanes = 1;
    std::vector<int> periodLane(story.periods.size(), 0);
    {
        std::vector<double> ends;
        for (std::size_t i = 0; i < story.periods.size(); ++i) {
            const auto& period = story.periods[i];
            if (period.kind == PeriodKind::Grounding) continue;  // drawn behind the rows, not in one
            const double from = scale.x(period.start);
            const double to = period.kind == PeriodKind::Interruption
                                  ? from + 8 + estimatedTextWidth(period.label, kLabelPx)
                                  : std::max(scale.x(period.end), from + 3);
            std::size_t lane = 0;
            while (lane < ends.size() && ends[lane] + 2 > from) ++lane;
            if (lane == ends.size()) ends.push_back(0);
            ends[lane] = to;
            periodLane[i] = static_cast<int>(lane);
        }
        periodLanes = std::max<double>(1, static_cast<double>(ends.size()));
    }
    double y = periodsY + periodLanes * 18 + 12;
    for (auto& group : laid) {
        group.top = y;
        y += group.lanes * kLaneHeight + 10;
    }
    const double marksBottom = y - 6;
    const double vitalsTop = y + 6, vitalsHeight = 140;
    const double axisY = (story.vitals.empty() ? marksBottom : vitalsTop + vitalsHeight) + 16;
    const double height = axisY + 30;

    std::string svg = fmt::format(
        "<svg class=\"timeline\" viewBox=\"0 0 {:.0f} {:.0f}\" width=\"100%\" role=\"img\" "
        "xmlns=\"http://www.w3.org/2000/svg\" aria-label=\"Session timeline\">",
        kWidth, height);

    // Background: time grid, grounding and the interruptions across every row.
    for (double s = 0; s <= scale.length() + 0.5; s += scale.tickStep()) {
        svg += fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"12\" y2=\"{1:.1f}\" class=\"grid\"/>",
                           scale.x(s), axisY - 10);
        svg += svgText(scale.x(s), axisY + 2, formatSessionTime(s), "axis", "middle");
        const std::string local = story.localTimeAt(s, scale.tickStep() < 60);
        if (!local.empty()) svg += svgText(scale.x(s), axisY + 16, local, "axis local", "middle");
    }
    svg += svgText(8, axisY + 2, "session", "axis") +
           svgText(8, axisY + 16, "clock " + story.clock.zone, "axis local");
    for (const auto& period : story.periods) {
        if (period.kind != PeriodKind::Grounding) continue;
        const double x0 = scale.x(period.start), x1 = std::max(scale.x(period.end), x0 + 2);
        svg += fmt::format(
            "<rect class=\"grounding-band\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\"/>",
            x0, musicY - 4, x1 - x0, marksBottom - musicY + 4);
    }
    for (const auto& mark : story.marks) {
        if (mark.kind != MarkKind::Distress) continue;
        svg += fmt::format(
            "<line class=\"distress-line\" x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"14\" y2=\"{1:.1f}\"/>",
            scale.x(mark.at), marksBottom);
    }
    for (const auto& period : story.periods) {
        if (period.kind != PeriodKind::Interruption) continue;
        const double x = scale.x(period.start);
        std::string zigzag = fmt::format("M{:.1f} 14", x);
        for (double v = 14; v < marksBottom; v += 8) zigzag += fmt::format(" l3 4 l-3 4");
        svg += fmt::format("<g class=\"interruption\"><title>{}</title><path d=\"{}\"/></g>",
                           escapeHtml(period.detail), zigzag);
    }

    // Phases, planned and as they went.
    svg += svgText(8, plannedY + 13, "Planned", "row-label") +
           svgText(8, actualY + 15, "As it went", "row-label");
    double plannedAt = 0.0;
    for (const auto& phase : story.phases) {
        const char* colour = kPhaseColours[static_cast<std::size_t>(phase.index) % std::size(kPhaseColours)];
        drawBar(svg, scale, plannedAt, plannedAt + phase.plannedSeconds, plannedY, 18, colour, false,
                phase.name,
                fmt::format("{}: planned {} from {}", phase.name, formatSessionTime(phase.plannedSeconds),
                            formatSessionTime(plannedAt)));
        plannedAt += phase.plannedSeconds;
        if (phase.start < 0) continue;
        drawBar(svg, scale, phase.start, phase.end, actualY, 22, colour, true, phase.name,
                fmt::format("{}: {} from {} ({})", phase.name, formatSessionTime(phase.end - phase.start),
                            formatSessionTime(phase.start), phase.howEnded));
    }

    // Music: two rows, alternating, so crossfading tracks both show.
    svg += svgText(8, musicY + 19, "Music", "row-label");
    for (std::size_t i = 0; i < story.tracks.size(); ++i) {
        const auto& track = story.tracks[i];
        const bool grounding = track.role == "grounding";
        const std::string name = track.artist.empty() ? track.title : track.artist + " - " + track.title;
        drawBar(
            svg, scale, track.start, track.end, musicY + (i % 2) * 19, 16, grounding ? "#d98f4e" : "#7d9fae",
            true, grounding ? "Grounding: " + track.title : track.title,
            fmt::format("{}, {} from {}. Why: {}. Ended: {}", name, formatSessionTime(track.playedSeconds),
                        formatSessionTime(track.start), track.why, track.ended),
            grounding ? " grounding" : "");
    }

    // Periods as bands.
    svg += svgText(8, periodsY + 13, "Talk, silence", "row-label");
    for (std::size_t i = 0; i < story.periods.size(); ++i) {
        const auto& period = story.periods[i];
        if (period.kind == PeriodKind::Grounding) continue;
        const double bandY = periodsY + periodLane[i] * 18;
        if (period.kind == PeriodKind::Interruption) {
            const double x = scale.x(period.start);
            const std::string text = fitted(period.label, 160);
            const bool left = x + 6 + estimatedTextWidth(text, kLabelPx) > kWidth - 2;
            svg += fmt::format(
                "<g class=\"interruption-label\"><title>{}</title>{}</g>", escapeHtml(period.detail),
                svgText(left ? x - 6 : x + 6, bandY + 12, text, "period-label", left ? "end" : "start"));
            continue;
        }
        const char* cssClass = period.kind == PeriodKind::TalkOver  ? "talk-over"
                               : period.kind == PeriodKind::Silence ? "silence"
                                                                    : "hold";
        const double x0 = scale.x(period.start), x1 = std::max(scale.x(period.end), x0 + 3);
        svg += fmt::format(
            "<g class=\"period {}\"><title>{}</title><rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" "
            "height=\"15\" "
            "rx=\"2\"/>",
            cssClass, escapeHtml(period.detail), x0, bandY, x1 - x0);
        // The band's name inside it if it fits, else beside it if nothing follows too soon, else the tooltip.
        const std::string inside = fitted(period.label, x1 - x0 - 6);
        double room = kWidth - 2 - (x1 + 3);  // beside it: up to the next band in its lane, or the edge
        for (std::size_t j = 0; j < story.periods.size(); ++j) {
            if (j != i && periodLane[j] == periodLane[i] && story.periods[j].start > period.start &&
                story.periods[j].kind != PeriodKind::Grounding)
                room = std::min(room, scale.x(story.periods[j].start) - (x1 + 3) - 4);
        }
        if (!inside.empty()) {
            svg += svgText(x0 + 3, bandY + 11.5, inside, "period-label");
        } else if (estimatedTextWidth(period.label, kLabelPx) <= room) {
            svg += svgText(x1 + 3, bandY + 11.5, period.label, "period-label");
        }
        svg += "</g>";
    }

    // Marks, group by group, lane by lane.
    for (const auto& group : laid) {
        svg += svgText(8, group.top + 12, group.group->title, "row-label");
        for (const auto& placed : group.placed) {
            const Mark& mark = *placed.mark;
            const double x = scale.x(mark.at);
            const double cy = group.top + placed.lane * kLaneHeight + 8;
            std::string tooltip = formatSessionTime(mark.at);
            if (const auto local = story.localTimeAt(mark.at); !local.empty()) tooltip += " (" + local + ")";
            tooltip += " " + (mark.number > 0 ? fmt::format("#{} ", mark.number) : "") + mark.detail;
            svg += fmt::format("<g class=\"mark {}\"><title>{}</title>{}", markClass(mark.kind),
                               escapeHtml(tooltip), glyph(mark.kind, x, cy));
            if (!placed.text.empty()) {
                svg += placed.leftOfGlyph ? svgText(x - 8, cy + 4, placed.text, "mark-label", "end")
                                          : svgText(x + 8, cy + 4, placed.text, "mark-label");
            }
            svg += "</g>";
        }
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
                    "y2=\"{:.1f}\"/></g>",
                    formatSessionTime(v.at), escapeHtml(vitalsText(v)), scale.x(v.at), scale.x(v.at),
                    yBeats(*v.systolic), yBeats(*v.diastolic));
            }
        }
        const auto polyline = [&](auto field, auto yOf, const char* cssClass) {
            std::string points, dots;
            for (const auto& v : story.vitals) {
                const auto value = field(v);
                if (!value) continue;
                points += fmt::format("{:.1f},{:.1f} ", scale.x(v.at), yOf(*value));
                dots += fmt::format(
                    "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\"><title>{} {}</title></circle>",
                    scale.x(v.at), yOf(*value), formatSessionTime(v.at), escapeHtml(vitalsText(v)));
            }
            if (!points.empty())
                svg += fmt::format("<g class=\"{}\"><polyline points=\"{}\"/>{}</g>", cssClass, points, dots);
        };
        polyline([](const VitalsPoint& v) { return v.heartRate; }, yBeats, "hr");
        polyline([](const VitalsPoint& v) { return v.spo2; }, ySpo2, "spo2");
    }
    return svg + "</svg>";
}

}  // namespace stillpoint::journal::report
