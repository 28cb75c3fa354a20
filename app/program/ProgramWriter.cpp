#include "program/ProgramWriter.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <system_error>

#include "program/DurationParser.h"

namespace stillpoint::program {

namespace {

namespace fs = std::filesystem;

// A TOML basic string: quotes, backslashes and control characters escaped; UTF-8 passes through.
std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                    char escaped[8];
                    std::snprintf(escaped, sizeof escaped, "\\u%04X", static_cast<unsigned char>(c));
                    out += escaped;
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

// The shortest decimal that reads back as the same double, always with a point (a TOML float).
std::string number(double value) {
    char text[32];
    for (int digits = 1; digits <= 17; ++digits) {
        std::snprintf(text, sizeof text, "%.*g", digits, value);
        if (std::strtod(text, nullptr) == value) break;
    }
    std::string written = text;
    if (written.find_first_of(".eE") == std::string::npos) written += ".0";
    return written;
}

std::string comment(const std::string& text) {
    std::string out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = text.find('\n', start);
        const std::string line =
            text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        out += line.empty() ? "#\n" : "# " + line + "\n";
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

class Writer {
public:
    explicit Writer(const ProgramWriteOptions& options) : options_(options) {}

    std::string write(const Program& program) {
        if (!options_.headerComment.empty()) text_ += comment(options_.headerComment);
        line("format", std::to_string(program.format));
        line("name", quoted(program.name));
        if (!program.author.empty()) line("author", quoted(program.author));
        line("route", quoted(toString(program.route)));
        if (!program.description.empty()) line("description", quoted(program.description));
        line("target_loudness", number(program.targetLufs));
        line("volume_ceiling", number(program.volumeCeilingDbfs));
        line("end_fade", quoted(formatDuration(program.endFade)));
        if (program.grounding) {
            text_ += "\n";
            if (!options_.groundingComment.empty()) text_ += comment(options_.groundingComment);
            text_ += "[grounding]\n";
            trackKeys(*program.grounding);
        }
        for (std::size_t i = 0; i < program.phases.size(); ++i) {
            text_ += "\n";
            if (i < options_.phaseComments.size() && !options_.phaseComments[i].empty())
                text_ += comment(options_.phaseComments[i]);
            phase(program.phases[i],
                  i < options_.trackComments.size() ? &options_.trackComments[i] : nullptr);
        }
        return text_;
    }

private:
    void line(const char* key, const std::string& value) { text_ += std::string(key) + " = " + value + "\n"; }

    void phase(const Phase& phase, const std::vector<std::string>* trackComments) {
        text_ += "[[phase]]\n";
        line("name", quoted(phase.name));
        line("planned", quoted(formatDuration(phase.planned)));
        if (phase.minimum) line("min", quoted(formatDuration(*phase.minimum)));
        if (phase.maximum) line("max", quoted(formatDuration(*phase.maximum)));
        if (phase.ends == PhaseEnd::Operator) line("ends", quoted("operator"));
        if (phase.crossfadeToNext.count() != 0)
            line("crossfade", quoted(formatDuration(phase.crossfadeToNext)));
        if (phase.trackCrossfade.count() != 0)
            line("track_crossfade", quoted(formatDuration(phase.trackCrossfade)));
        line("when_tracks_run_out", quoted(toString(phase.fill)));
        if (phase.bed) {
            text_ += "\n[phase.bed]\n";
            trackKeys(*phase.bed);
        }
        for (std::size_t t = 0; t < phase.tracks.size(); ++t) {
            const Track& track = phase.tracks[t];
            text_ += "\n";
            if (trackComments && t < trackComments->size() && !(*trackComments)[t].empty())
                text_ += comment((*trackComments)[t]);
            text_ += "[[phase.track]]\n";
            trackKeys(track);
            for (const auto& alternate : track.alternates) {
                text_ += "\n[[phase.track.alternate]]\n";
                trackKeys(alternate);
            }
        }
    }

    void trackKeys(const Track& track) {
        line("file", quoted(pathFor(track)));
        if (!track.title.empty()) line("title", quoted(track.title));
        if (track.start) line("start", quoted(formatDuration(*track.start)));
        if (track.end) line("end", quoted(formatDuration(*track.end)));
        if (track.gainDb != 0.0) line("gain", number(track.gainDb));
        if (track.fadeIn.count() != 0) line("fade_in", quoted(formatDuration(track.fadeIn)));
        if (track.fadeOut.count() != 0) line("fade_out", quoted(formatDuration(track.fadeOut)));
        if (track.lyrics != Lyrics::Unspecified) line("lyrics", quoted(toString(track.lyrics)));
        if (track.intensity) line("intensity", std::to_string(*track.intensity));
        if (!track.tags.empty()) {
            std::string list = "[";
            for (std::size_t i = 0; i < track.tags.size(); ++i)
                list += (i ? ", " : "") + quoted(track.tags[i]);
            line("tags", list + "]");
        }
    }

    // As the clinic wrote it where that still names the same file from the program's folder; otherwise
    // relative to that folder (absolute only where no relative path exists, e.g. another drive).
    std::string pathFor(const Track& track) const {
        if (options_.programFolder.empty()) return track.file.generic_string();
        if (!track.fileAsWritten.empty()) {
            const fs::path written(track.fileAsWritten);
            const fs::path resolved = written.is_absolute()
                                          ? written.lexically_normal()
                                          : (options_.programFolder / written).lexically_normal();
            if (resolved == track.file.lexically_normal()) return track.fileAsWritten;
        }
        const fs::path relative =
            track.file.lexically_normal().lexically_relative(options_.programFolder.lexically_normal());
        return relative.empty() ? track.file.generic_string() : relative.generic_string();
    }

    const ProgramWriteOptions& options_;
    std::string text_;
};

}  // namespace

std::string tomlQuoted(const std::string& text) {
    return quoted(text);
}

std::string writeProgramText(const Program& program, const ProgramWriteOptions& options) {
    return Writer(options).write(program);
}

void writeProgramFile(const Program& program, const fs::path& file, ProgramWriteOptions options) {
    if (options.programFolder.empty()) options.programFolder = fs::absolute(file).parent_path();
    const std::string text = writeProgramText(program, options);
    const fs::path temporary = file.string() + ".writing";
    {
        std::ofstream stream(temporary, std::ios::binary | std::ios::trunc);
        stream << text;
        stream.flush();
        if (!stream) {
            std::error_code ignored;
            fs::remove(temporary, ignored);
            throw std::runtime_error("'" + file.string() + "': cannot be written (" + std::strerror(errno) +
                                     "). Check that the folder exists and can be written to");
        }
    }
    std::error_code error;
    fs::rename(temporary, file, error);
    if (error) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        throw std::runtime_error("'" + file.string() + "': cannot be written (" + error.message() +
                                 "). Check that the folder exists and can be written to");
    }
}

}  // namespace stillpoint::program
