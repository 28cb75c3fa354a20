#include "program/DurationParser.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace stillpoint::program {

namespace {

struct Unit {
    std::string_view spelling;
    double milliseconds;
    int rank;  // order in which units must appear: hours first
};

constexpr Unit kUnits[] = {
    {"h", 3'600'000.0, 0}, {"min", 60'000.0, 1}, {"m", 60'000.0, 1}, {"s", 1'000.0, 2}, {"ms", 1.0, 3},
};

constexpr double kLongestMilliseconds = 100.0 * 3'600'000.0;

const Unit* findUnit(std::string_view spelling) {
    for (const auto& unit : kUnits) {
        if (unit.spelling == spelling) return &unit;
    }
    return nullptr;
}

DurationParse failure(std::string error, std::string hint) {
    DurationParse result;
    result.error = std::move(error);
    result.hint = std::move(hint);
    return result;
}

bool isSpace(char c) {
    return c == ' ' || c == '\t';
}

// Built by appending: `"literal" + std::string&&` inserts at the front of the temporary, which GCC 12 at
// -O3 wrongly reports as an overlapping copy (-Wrestrict, GCC bug 105329).
std::string inQuotes(std::string_view text) {
    std::string quoted;
    quoted.reserve(text.size() + 2);
    quoted += '"';
    quoted += text;
    quoted += '"';
    return quoted;
}

}  // namespace

DurationParse parseDuration(std::string_view text) {
    const std::string quoted = inQuotes(text);
    const std::string examples = "write it like \"90s\", \"8m\", \"1h20m\" or \"500ms\"";
    std::size_t at = 0;
    auto skipSpaces = [&] {
        while (at < text.size() && isSpace(text[at])) ++at;
    };
    skipSpaces();
    if (at == text.size()) return failure("the duration is empty", examples);
    if (text[at] == '-')
        return failure("the duration " + quoted + " is negative", "durations are 0s or longer");

    double total = 0.0;
    int lastRank = -1;
    int components = 0;
    while (true) {
        skipSpaces();
        if (at == text.size()) break;
        const std::size_t numberStart = at;
        while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) ++at;
        if (at < text.size() && text[at] == '.') {
            ++at;
            while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) ++at;
        }
        const std::string number(text.substr(numberStart, at - numberStart));
        if (number.empty() || number == ".") {
            if (text[at] == ':') {
                return failure(quoted + " is not a duration",
                               "write minutes and seconds with units, e.g. \"1m30s\"");
            }
            return failure(
                quoted + " is not a duration: expected a number at \"" + std::string(text.substr(at)) + "\"",
                examples);
        }
        skipSpaces();
        const std::size_t unitStart = at;
        while (at < text.size() && std::isalpha(static_cast<unsigned char>(text[at]))) ++at;
        const std::string_view unitText = text.substr(unitStart, at - unitStart);
        if (unitText.empty()) {
            if (at < text.size() && text[at] == ':') {
                return failure(quoted + " is not a duration",
                               "write minutes and seconds with units, e.g. \"1m30s\"");
            }
            if (at < text.size()) {
                return failure(
                    quoted + " is not a duration: unexpected \"" + std::string(text.substr(at)) + "\"",
                    examples);
            }
            if (components == 0) {
                return failure("the duration " + quoted + " has no unit",
                               "write \"" + number + "s\" for seconds or \"" + number + "m\" for minutes");
            }
            return failure("the last number in " + quoted + " has no unit",
                           "add one of h, m, s or ms after " + number);
        }
        const Unit* unit = findUnit(unitText);
        if (unit == nullptr) {
            return failure(quoted + " uses the unknown unit \"" + std::string(unitText) + "\"",
                           "use h (hours), m (minutes), s (seconds) or ms (milliseconds), e.g. \"1h20m\"");
        }
        if (unit->rank <= lastRank) {
            return failure("the units in " + quoted + " are out of order or repeated",
                           "go from hours to milliseconds, each unit once, e.g. \"1h20m30s\"");
        }
        lastRank = unit->rank;
        total += std::stod(number) * unit->milliseconds;
        ++components;
        if (total > kLongestMilliseconds) {
            return failure("the duration " + quoted + " is longer than 100 hours",
                           "check the number and its unit");
        }
    }
    DurationParse result;
    result.value = Duration(static_cast<Duration::rep>(std::llround(total)));
    return result;
}

std::string formatDuration(Duration duration) {
    auto ms = duration.count();
    if (ms < 0) {
        std::string negative = "-";  // appended, not prepended: see inQuotes
        negative += formatDuration(Duration(-ms));
        return negative;
    }
    if (ms == 0) return "0s";
    if (ms < 1000) return std::to_string(ms) + "ms";
    std::string text;
    const auto hours = ms / 3'600'000;
    ms %= 3'600'000;
    const auto minutes = ms / 60'000;
    ms %= 60'000;
    if (hours > 0) text += std::to_string(hours) + "h";
    if (minutes > 0) text += std::to_string(minutes) + "m";
    if (ms > 0) {
        char seconds[32];
        if (ms % 1000 == 0) {
            std::snprintf(seconds, sizeof(seconds), "%llds", static_cast<long long>(ms / 1000));
        } else {
            std::snprintf(seconds, sizeof(seconds), "%.3f", static_cast<double>(ms) / 1000.0);
            std::string trimmed = seconds;
            while (trimmed.back() == '0') trimmed.pop_back();
            std::snprintf(seconds, sizeof(seconds), "%ss", trimmed.c_str());
        }
        text += seconds;
    }
    return text;
}

std::string formatClock(double seconds) {
    const long total = std::lround(std::max(0.0, seconds));
    char text[32];
    if (total >= 3600)
        std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", total / 3600, (total / 60) % 60, total % 60);
    else
        std::snprintf(text, sizeof text, "%ld:%02ld", total / 60, total % 60);
    return text;
}

}  // namespace stillpoint::program
