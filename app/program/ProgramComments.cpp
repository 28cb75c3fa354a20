#include "program/ProgramComments.h"

#include <algorithm>
#include <optional>

namespace stillpoint::program {

namespace {

enum class OpenString { None, Basic, Literal };  // a multi-line string continuing onto the next line

struct ScannedLine {
    std::string_view code;                    // before the comment, outside strings
    std::optional<std::string_view> comment;  // after '#', when there is one
};

// Splits a line into code and comment, knowing TOML's strings: a '#' inside quotes is text, and a
// multi-line string ("""...""" or '''...''') may carry over from earlier lines (`open`).
ScannedLine scanLine(std::string_view line, OpenString& open) {
    std::size_t at = 0;
    auto closeMultiline = [&](std::string_view quotes) {
        while (at < line.size()) {
            if (open == OpenString::Basic && line[at] == '\\') {
                at += 2;
                continue;
            }
            if (line.substr(at, 3) == quotes) {
                at += 3;
                while (at < line.size() && line[at] == quotes[0]) ++at;  // up to two quotes end the text
                open = OpenString::None;
                return;
            }
            ++at;
        }
    };
    if (open == OpenString::Basic) closeMultiline("\"\"\"");
    if (open == OpenString::Literal) closeMultiline("'''");
    while (at < line.size() && open == OpenString::None) {
        const char c = line[at];
        if (c == '#') return {line.substr(0, at), line.substr(at + 1)};
        if (c == '"' || c == '\'') {
            const std::string_view triple = c == '"' ? "\"\"\"" : "'''";
            if (line.substr(at, 3) == triple) {
                at += 3;
                open = c == '"' ? OpenString::Basic : OpenString::Literal;
                closeMultiline(triple);
                continue;
            }
            ++at;
            while (at < line.size() && line[at] != c) {
                if (c == '"' && line[at] == '\\') ++at;
                ++at;
            }
            ++at;
            continue;
        }
        ++at;
    }
    return {line, std::nullopt};
}

std::string_view trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r");
    return text.substr(first, last - first + 1);
}

// "[[ phase . track ]]" -> "[[phase.track]]".
std::string headerOf(std::string_view code) {
    std::string compact;
    for (const char c : trimmed(code))
        if (c != ' ' && c != '\t') compact += c;
    return compact.empty() || compact.front() != '[' ? std::string() : compact;
}

}  // namespace

bool ProgramComments::empty() const {
    const auto none = [](const std::string& text) { return text.empty(); };
    return header.empty() && grounding.empty() && std::all_of(phases.begin(), phases.end(), none) &&
           std::all_of(tracks.begin(), tracks.end(),
                       [&](const auto& phase) { return std::all_of(phase.begin(), phase.end(), none); }) &&
           unkeptLines.empty();
}

ProgramComments readProgramComments(std::string_view text) {
    ProgramComments comments;
    std::vector<std::string> block;  // comment lines waiting for what follows them
    std::vector<int> blockLines;
    bool seenCode = false;
    OpenString open = OpenString::None;
    auto joined = [&] {
        std::string out;
        for (std::size_t i = 0; i < block.size(); ++i) out += (i ? "\n" : "") + block[i];
        return out;
    };
    auto unkept = [&] {
        comments.unkeptLines.insert(comments.unkeptLines.end(), blockLines.begin(), blockLines.end());
    };
    int lineNumber = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        const std::string_view line = text.substr(start, end - start);
        ++lineNumber;
        const bool inString = open != OpenString::None;
        const ScannedLine scanned = scanLine(line, open);
        const std::string_view code = trimmed(scanned.code);
        if (code.empty() && !inString) {
            if (scanned.comment) {
                std::string_view words = *scanned.comment;
                if (!words.empty() && words.front() == ' ') words.remove_prefix(1);
                while (!words.empty() && (words.back() == '\r' || words.back() == ' '))
                    words.remove_suffix(1);
                block.emplace_back(words);
                blockLines.push_back(lineNumber);
            }
        } else {
            const std::string header = inString ? std::string() : headerOf(code);
            std::string* target = nullptr;
            if (header == "[[phase]]") {
                comments.phases.emplace_back();
                comments.tracks.emplace_back();
                target = &comments.phases.back();
            } else if (header == "[[phase.track]]" && !comments.phases.empty()) {
                comments.tracks.back().emplace_back();
                target = &comments.tracks.back().back();
            } else if (header == "[grounding]") {
                target = &comments.grounding;
            }
            if (!seenCode)
                comments.header = joined();
            else if (target)
                *target = joined();
            else
                unkept();
            seenCode = true;
            block.clear();
            blockLines.clear();
            if (scanned.comment) comments.unkeptLines.push_back(lineNumber);  // after a value or a header
        }
        if (end == text.size()) break;
        start = end + 1;
    }
    if (!seenCode)
        comments.header = joined();
    else
        unkept();  // comments at the end of the file
    return comments;
}

}  // namespace stillpoint::program
