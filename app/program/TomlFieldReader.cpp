#include "program/TomlFieldReader.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>

#include "program/ProgramParser.h"

namespace stillpoint::program {

namespace {

std::string lowercase(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower;
}

std::string formatNumber(double value) {
    std::ostringstream text;
    text << value;
    return text.str();
}

std::string quoted(std::string_view key) {
    return "\"" + std::string(key) + "\"";
}

}  // namespace

std::string joinedKeys(const Keys& words) {
    std::string text;
    for (const auto word : words) {
        if (!text.empty()) text += ", ";
        text += word;
    }
    return text;
}

std::optional<std::string_view> closestMatch(std::string_view word, const Keys& choices) {
    const std::string lower = lowercase(word);
    std::optional<std::string_view> best;
    std::size_t bestDistance = std::max<std::size_t>(2, lower.size() / 3) + 1;
    for (const auto choice : choices) {
        const std::size_t distance = editDistance(lower, choice);
        if (distance < bestDistance) {
            bestDistance = distance;
            best = choice;
        }
    }
    return best;
}

std::string describeType(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::string:
            return "text";
        case toml::node_type::integer:
            return "a whole number";
        case toml::node_type::floating_point:
            return "a number";
        case toml::node_type::boolean:
            return "true/false";
        case toml::node_type::array:
            return "a list";
        case toml::node_type::table:
            return "a table";
        case toml::node_type::date:
        case toml::node_type::time:
        case toml::node_type::date_time:
            return "a date or time";
        default:
            return "nothing";
    }
}

std::string numberAsWritten(const toml::node& node) {
    std::ostringstream text;
    if (const auto* integer = node.as_integer()) text << integer->get();
    if (const auto* floating = node.as_floating_point()) text << floating->get();
    return text.str();
}

TomlFieldReader::TomlFieldReader(std::filesystem::path file,
                                 std::map<std::string_view, std::string_view> requiredKeyHints)
    : file_(std::move(file)), requiredKeyHints_(std::move(requiredKeyHints)) {}

SourceLocation TomlFieldReader::locate(const toml::source_region& region) const {
    return {file_, static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

SourceLocation TomlFieldReader::locateTable(const toml::table& table) const {
    auto where = locate(table.source());
    if (where.line == 0) where = {file_, 1, 1};
    return where;
}

void TomlFieldReader::error(SourceLocation where, std::string message, std::string hint) {
    problems_.push_back({std::move(where), std::move(message), std::move(hint), Severity::Error});
}

void TomlFieldReader::warning(SourceLocation where, std::string message, std::string hint) {
    problems_.push_back({std::move(where), std::move(message), std::move(hint), Severity::Warning});
}

void TomlFieldReader::syntaxError(const toml::parse_error& failure) {
    auto where = locate(failure.source());
    if (where.line == 0) where = {file_, 1, 1};
    error(std::move(where), "TOML syntax: " + std::string(failure.description()),
          "check quotes, brackets and the '=' on this line; text values need \"double quotes\"");
}

void TomlFieldReader::checkKeys(const toml::table& table, const Keys& allowed, const std::string& tableName) {
    for (const auto& [key, node] : table) {
        if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
        std::string hint = "the keys " + tableName + " can have: " + joinedKeys(allowed);
        if (const auto suggestion = closestMatch(key.str(), allowed))
            hint = "did you mean " + quoted(*suggestion) + "? (" + hint + ")";
        error(locate(key.source()), "unknown key " + quoted(key.str()) + " in " + tableName, hint);
    }
}

void TomlFieldReader::missing(const toml::table& table, std::string_view key, const std::string& tableName) {
    const auto hint = requiredKeyHints_.find(key);
    error(locateTable(table), tableName + " has no " + quoted(key),
          hint != requiredKeyHints_.end() ? std::string(hint->second) : "add " + std::string(key) + " = ...");
}

void TomlFieldReader::wrongType(const toml::node& node, std::string_view key, std::string_view expected,
                                std::string hint) {
    error(locate(node.source()),
          quoted(key) + " must be " + std::string(expected) + ", not " + describeType(node), std::move(hint));
}

std::optional<std::string> TomlFieldReader::readText(const toml::table& table, std::string_view key,
                                                     const std::string& tableName, bool required) {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
        if (required) missing(table, key, tableName);
        return std::nullopt;
    }
    if (const auto* text = node->as_string()) return text->get();
    wrongType(*node, key, "text in double quotes", "write " + std::string(key) + " = \"...\"");
    return std::nullopt;
}

std::optional<double> TomlFieldReader::readNumber(const toml::table& table, std::string_view key,
                                                  double lowest, double highest, std::string_view unit) {
    const toml::node* node = table.get(key);
    if (node == nullptr) return std::nullopt;
    std::optional<double> value;
    if (const auto* integer = node->as_integer()) value = static_cast<double>(integer->get());
    if (const auto* floating = node->as_floating_point()) value = floating->get();
    const std::string range = formatNumber(lowest) + " to " + formatNumber(highest) + " " + std::string(unit);
    if (!value) {
        wrongType(
            *node, key, "a number",
            "write " + std::string(key) + " = " + formatNumber(highest) + ", without quotes (" + range + ")");
        return std::nullopt;
    }
    if (!std::isfinite(*value) || *value < lowest || *value > highest) {
        error(locate(node->source()), quoted(key) + " is " + numberAsWritten(*node) + ", outside " + range,
              "use a value from " + range);
        return std::nullopt;
    }
    return value;
}

std::optional<bool> TomlFieldReader::readBool(const toml::table& table, std::string_view key) {
    const toml::node* node = table.get(key);
    if (node == nullptr) return std::nullopt;
    if (const auto* flag = node->as_boolean()) return flag->get();
    wrongType(*node, key, "true or false", "write " + std::string(key) + " = true (without quotes)");
    return std::nullopt;
}

const toml::table* TomlFieldReader::readTable(const toml::table& parent, std::string_view key,
                                              std::string howToWrite) {
    const toml::node* node = parent.get(key);
    if (node == nullptr) return nullptr;
    if (const auto* table = node->as_table()) return table;
    wrongType(*node, key, "a table", std::move(howToWrite));
    return nullptr;
}

std::vector<Problem> TomlFieldReader::takeProblems() {
    std::stable_sort(problems_.begin(), problems_.end(), [](const Problem& a, const Problem& b) {
        return std::pair(a.where.line, a.where.column) < std::pair(b.where.line, b.where.column);
    });
    return std::move(problems_);
}

}  // namespace stillpoint::program
