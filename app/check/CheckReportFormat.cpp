#include "check/CheckReportFormat.h"

#include <cstdio>

#include "program/DurationParser.h"

namespace stillpoint::check {

namespace {

using program::Severity;

std::size_t displayWidth(const std::string& text) {
    std::size_t width = 0;
    for (const char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++width;  // count code points, not bytes
    }
    return width;
}

// Cuts at a code point boundary and marks the cut, so long titles keep the table aligned.
std::string fit(const std::string& text, std::size_t width) {
    if (displayWidth(text) <= width) return text + std::string(width - displayWidth(text), ' ');
    std::string cut;
    std::size_t points = 0;
    for (const char c : text) {
        const bool starts = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        if (starts && ++points > width - 1) break;
        cut += c;
    }
    return cut + "…";
}

std::string rightAligned(const std::string& text, std::size_t width) {
    const auto length = displayWidth(text);
    return length >= width ? text : std::string(width - length, ' ') + text;
}

std::string number(double value, const char* format = "%.1f") {
    char text[32];
    std::snprintf(text, sizeof(text), format, value);
    return text;
}

std::string wholeSeconds(double value) {
    return program::formatDuration(program::Duration(static_cast<long long>(value + 0.5) * 1000));
}

std::string useOf(const TrackReport& entry) {
    switch (entry.role) {
        case TrackRole::Grounding:
            return "grounding";
        case TrackRole::Bed:
            return entry.phase + " bed";
        case TrackRole::Track:
            return entry.phase + " " + std::to_string(entry.trackNumber);
        case TrackRole::Alternate:
            return entry.phase + " " + std::to_string(entry.trackNumber) + " alt " +
                   std::to_string(entry.alternateNumber);
    }
    return entry.phase;
}

}  // namespace

std::string formatReportText(const CheckReport& report) {
    std::string text;
    if (report.program) {
        const auto& program = *report.program;
        text += report.programFile.string() + ": \"" + program.name + "\" (" +
                program::toString(program.route) + "), " + std::to_string(program.phases.size()) + " phase" +
                (program.phases.size() == 1 ? "" : "s") + ", " +
                program::formatDuration(program.plannedTotal()) + " planned, target " +
                number(program.targetLufs) + " LUFS, ceiling " + number(program.volumeCeilingDbfs) +
                " dBFS\n";
        if (!report.tracks.empty()) {
            text += "\n  " + fit("use", 18) + " " + fit("title", 28) + " " + rightAligned("length", 8) + " " +
                    rightAligned("rate", 6) + " " + rightAligned("ch", 3) + "  " + fit("format", 14) + " " +
                    fit("decoder", 11) + " " + rightAligned("LUFS", 6) + " " + rightAligned("dBTP", 6) + " " +
                    rightAligned("gain", 6) + "\n";
            for (const auto& entry : report.tracks) {
                text += "  " + fit(useOf(entry), 18) + " " + fit(entry.title, 28) + " ";
                if (!entry.measurement) {
                    text += "(cannot be read)\n";
                    continue;
                }
                const auto& m = *entry.measurement;
                text += rightAligned(wholeSeconds(entry.playedSeconds), 8) + " " +
                        rightAligned(std::to_string(m.sampleRate), 6) + " " +
                        rightAligned(std::to_string(m.channels), 3) + "  " + fit(m.formatName, 14) + " " +
                        fit(m.decoder, 11) + " " + rightAligned(number(m.integratedLufs), 6) + " " +
                        rightAligned(number(m.truePeakDbtp), 6) + " " +
                        rightAligned(number(entry.gainDb, "%+.1f"), 6) + "\n";
            }
        }
        if (!report.phases.empty()) {
            text += "\n";
            for (std::size_t i = 0; i < report.phases.size(); ++i) {
                const auto& phase = report.phases[i];
                text += "  phase \"" + phase.name + "\": planned " + program::formatDuration(phase.planned);
                if (phase.maximum) text += " (max " + program::formatDuration(*phase.maximum) + ")";
                text += ", tracks " + wholeSeconds(phase.tracksSeconds) + ", then " +
                        program::toString(program.phases[i].fill) + "\n";
            }
        }
        text += "\n";
    }
    for (const auto& problem : report.problems) {
        auto located = problem;
        if (located.where.file.empty()) located.where.file = report.programFile;
        text += program::formatProblem(located) + "\n";
    }
    const auto errors = report.count(Severity::Error);
    const auto warnings = report.count(Severity::Warning);
    text += report.programFile.string() + ": " + std::to_string(errors) +
            (errors == 1 ? " error, " : " errors, ") + std::to_string(warnings) +
            (warnings == 1 ? " warning" : " warnings") + (errors == 0 ? " - ready for a session\n" : "\n");
    return text;
}

nlohmann::json reportToJson(const CheckReport& report) {
    nlohmann::json json;
    json["file"] = report.programFile.string();
    json["valid"] = !report.hasErrors();
    json["errors"] = report.count(Severity::Error);
    json["warnings"] = report.count(Severity::Warning);
    if (report.program) {
        const auto& program = *report.program;
        json["name"] = program.name;
        json["author"] = program.author;
        json["route"] = program::toString(program.route);
        json["target_loudness_lufs"] = program.targetLufs;
        json["volume_ceiling_dbfs"] = program.volumeCeilingDbfs;
        json["planned_seconds"] = static_cast<double>(program.plannedTotal().count()) / 1000.0;
    }
    json["phases"] = nlohmann::json::array();
    for (const auto& phase : report.phases) {
        nlohmann::json entry{{"name", phase.name},
                             {"planned_seconds", static_cast<double>(phase.planned.count()) / 1000.0},
                             {"tracks_seconds", phase.tracksSeconds}};
        if (phase.maximum) entry["max_seconds"] = static_cast<double>(phase.maximum->count()) / 1000.0;
        json["phases"].push_back(std::move(entry));
    }
    json["tracks"] = nlohmann::json::array();
    for (const auto& track : report.tracks) {
        nlohmann::json entry{{"role", toString(track.role)},
                             {"phase", track.phase},
                             {"track", track.trackNumber},
                             {"alternate", track.alternateNumber},
                             {"title", track.title},
                             {"file", track.file.string()},
                             {"file_as_written", track.fileAsWritten},
                             {"line", track.where.line},
                             {"column", track.where.column}};
        if (track.measurement) {
            const auto& m = *track.measurement;
            entry["duration_seconds"] = m.durationSeconds;
            entry["played_seconds"] = track.playedSeconds;
            entry["sample_rate"] = m.sampleRate;
            entry["channels"] = m.channels;
            entry["format"] = m.formatName;
            entry["decoder"] = m.decoder;
            entry["integrated_lufs"] = m.integratedLufs;
            entry["true_peak_dbtp"] = m.truePeakDbtp;
            entry["loudness_range_lu"] = m.loudnessRangeLu;
            entry["gain_db"] = track.gainDb;
            entry["peak_after_gain_dbtp"] = track.peakAfterGainDbtp;
        } else {
            entry["error"] = track.audioError;
        }
        json["tracks"].push_back(std::move(entry));
    }
    json["problems"] = nlohmann::json::array();
    for (const auto& problem : report.problems) {
        json["problems"].push_back(
            {{"file", (problem.where.file.empty() ? report.programFile : problem.where.file).string()},
             {"line", problem.where.line},
             {"column", problem.where.column},
             {"severity", program::toString(problem.severity)},
             {"message", problem.message},
             {"hint", problem.hint}});
    }
    return json;
}

}  // namespace stillpoint::check
