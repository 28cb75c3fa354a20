// Reads the values of one TOML file (a program, the machine configuration) and collects every problem in it
// with its line and column, a message and a hint, instead of stopping at the first. A reader for a table
// calls checkKeys() first, then one read call per key.
#pragma once

#include <toml++/toml.h>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "program/Problem.h"

namespace stillpoint::program {

using Keys = std::vector<std::string_view>;

// "a, b, c".
std::string joinedKeys(const Keys& words);

// The choice nearest to `word` (case-insensitive), if one is near enough to be a slip of the keyboard.
std::optional<std::string_view> closestMatch(std::string_view word, const Keys& choices);

// How the file calls a value's type: "text", "a whole number", "a list"...
std::string describeType(const toml::node& node);

// A number as the file wrote it (2, not 2.000000).
std::string numberAsWritten(const toml::node& node);

class TomlFieldReader {
public:
    // `requiredKeyHints`: what to write when a required key is missing, by key.
    explicit TomlFieldReader(std::filesystem::path file,
                             std::map<std::string_view, std::string_view> requiredKeyHints = {});

    const std::filesystem::path& file() const { return file_; }

    SourceLocation locate(const toml::source_region& region) const;
    // A table's own place; the root table has none, so its problems point at the top of the file.
    SourceLocation locateTable(const toml::table& table) const;

    void error(SourceLocation where, std::string message, std::string hint = {});
    void warning(SourceLocation where, std::string message, std::string hint = {});
    void syntaxError(const toml::parse_error& failure);

    // Refuses every key not in `allowed`, suggesting the nearest one.
    void checkKeys(const toml::table& table, const Keys& allowed, const std::string& tableName);
    void missing(const toml::table& table, std::string_view key, const std::string& tableName);
    void wrongType(const toml::node& node, std::string_view key, std::string_view expected, std::string hint);

    std::optional<std::string> readText(const toml::table& table, std::string_view key,
                                        const std::string& tableName = {}, bool required = false);
    // Accepts whole numbers too: people write -23 as often as -23.0.
    std::optional<double> readNumber(const toml::table& table, std::string_view key, double lowest,
                                     double highest, std::string_view unit);
    std::optional<bool> readBool(const toml::table& table, std::string_view key);
    // A table written [name] or inline as name = { ... }; `howToWrite` is the hint when it is something else.
    const toml::table* readTable(const toml::table& parent, std::string_view key, std::string howToWrite);

    bool hasProblems() const { return !problems_.empty(); }
    // The problems in file order.
    std::vector<Problem> takeProblems();

private:
    std::filesystem::path file_;
    std::map<std::string_view, std::string_view> requiredKeyHints_;
    std::vector<Problem> problems_;
};

}  // namespace stillpoint::program
