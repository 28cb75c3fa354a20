#include "program/TomlNesting.h"

#include <vector>

namespace stillpoint::program {

std::optional<NestingDefect> findExcessiveNesting(std::string_view text, int maxDepth) {
    std::vector<char> open;  // '[' arrays and '{' inline tables of the value being read
    int headerDepth = 0;     // levels of the current [table] header
    int keyDots = 0;         // dots in the key being read
    bool inKey = true;       // reading a key (line start, after '{' or ',' in an inline table)
    bool inHeader = false;   // inside a [table] or [[array]] header
    bool lineStart = true;   // nothing but blanks since the line began (outside any value)
    int line = 1;
    int column = 0;
    std::size_t at = 0;

    const auto depth = [&] {
        return (inHeader ? 0 : headerDepth) + static_cast<int>(open.size()) + keyDots + 1;
    };
    const auto startsWith = [&](std::string_view what) { return text.substr(at, what.size()) == what; };
    const auto advance = [&](std::size_t count) {
        for (std::size_t i = 0; i < count && at < text.size(); ++i, ++at) {
            if (text[at] == '\n') {
                ++line;
                column = 0;
            } else {
                ++column;
            }
        }
    };
    // Skips a string starting at `at`, whatever its kind; an unterminated one runs to the end (TOML++
    // then reports it).
    const auto skipString = [&] {
        const char quote = text[at];
        const std::string_view triple = quote == '"' ? "\"\"\"" : "'''";
        const bool multiline = startsWith(triple);
        advance(multiline ? 3 : 1);
        while (at < text.size()) {
            if (quote == '"' && text[at] == '\\') {
                advance(2);
                continue;
            }
            if (multiline ? startsWith(triple) : text[at] == quote) {
                advance(multiline ? 3 : 1);
                return;
            }
            if (!multiline && text[at] == '\n') return;
            advance(1);
        }
    };

    while (at < text.size()) {
        const char c = text[at];
        if (c == '"' || c == '\'') {
            lineStart = false;
            skipString();
            continue;
        }
        if (c == '#') {
            while (at < text.size() && text[at] != '\n') advance(1);
            continue;
        }
        if (c == '\n') {
            if (open.empty()) {
                inKey = true;
                keyDots = 0;
                inHeader = false;
                lineStart = true;
            }
            advance(1);
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r') {
            advance(1);
            continue;
        }
        bool deeper = false;
        if (lineStart && open.empty() && c == '[') {
            inHeader = true;
            headerDepth = 0;
            keyDots = 0;
            if (startsWith("[[")) advance(1);
        } else if (inHeader && c == '.') {
            deeper = true;
            ++keyDots;
        } else if (inHeader && c == ']') {
            headerDepth = keyDots + 1;
            keyDots = 0;
            inHeader = false;
            inKey = false;  // the rest of the line can only be a comment
        } else if (inKey && c == '.') {
            ++keyDots;
            deeper = true;
        } else if (inKey && c == '=') {
            inKey = false;
        } else if (!inKey && (c == '[' || c == '{')) {
            open.push_back(c);
            inKey = c == '{';
            keyDots = 0;
            deeper = true;
        } else if (!inKey && (c == ']' || c == '}') && !open.empty()) {
            open.pop_back();
            keyDots = 0;
        } else if (c == ',' && !open.empty() && open.back() == '{') {
            inKey = true;
            keyDots = 0;
        } else if (c == '}' && inKey && !open.empty() && open.back() == '{') {
            open.pop_back();  // an empty inline table, or one ending after a comma
            inKey = false;
            keyDots = 0;
        }
        lineStart = false;
        if (deeper && depth() > maxDepth) return NestingDefect{line, column + 1};
        advance(1);
    }
    return std::nullopt;
}

}  // namespace stillpoint::program
