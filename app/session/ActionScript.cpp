#include "session/ActionScript.h"

#include <toml++/toml.h>

#include "program/DurationParser.h"
#include "program/ProgramParser.h"
#include "program/TextFileReader.h"
#include "program/TomlNesting.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace stillpoint::session {

namespace {

using std::chrono::milliseconds;

// The names a script may use: every command of the table but start (a render starts by itself).
std::string knownActionNames() {
    std::string names;
    for (const CommandSpec& spec : kCommandTable) {
        if (spec.action == Action::Start) continue;
        if (!names.empty()) names += ", ";
        names += spec.name;
    }
    return names;
}

program::SourceLocation locationOf(const toml::source_region& region, const std::filesystem::path& file) {
    return program::SourceLocation{file, static_cast<int>(region.begin.line),
                                   static_cast<int>(region.begin.column)};
}

}  // namespace

std::string toString(const ActionScriptProblem& problem) {
    std::ostringstream out;
    out << problem.where.file.string();
    if (problem.where.line > 0) out << ':' << problem.where.line << ':' << problem.where.column;
    out << ": " << problem.message;
    return out.str();
}

ActionScript parseActionScript(std::string_view text, const std::filesystem::path& file) {
    ActionScript script;
    if (const auto nesting = program::findExcessiveNesting(text)) {
        script.problems.push_back({program::SourceLocation{file, nesting->line, nesting->column},
                                   "tables, keys or lists nest more than " +
                                       std::to_string(program::kMaxTomlNesting) +
                                       " levels deep here; an actions file nests two (this is not an "
                                       "actions file, or it is damaged)"});
        return script;
    }
    toml::table root;
    try {
        root = toml::parse(text, file.string());
    } catch (const toml::parse_error& error) {
        script.problems.push_back(
            {locationOf(error.source(), file),
             std::string(error.description()) + " (the actions file is not valid TOML)"});
        return script;
    }
    auto problem = [&](const toml::source_region& region, std::string message) {
        script.problems.push_back({locationOf(region, file), std::move(message)});
    };
    for (auto&& [key, node] : root) {
        if (key != "action") {
            problem(node.source(), "unknown key '" + std::string(key.str()) +
                                       "': an actions file holds only [[action]] entries");
        }
    }
    const toml::node* actionsNode = root.get("action");
    if (actionsNode == nullptr) return script;
    const toml::array* actions = actionsNode->as_array();
    if (actions == nullptr) {
        problem(actionsNode->source(), "'action' must be written as [[action]] tables");
        return script;
    }
    auto durationOf = [&](const toml::table& table, std::string_view key) -> std::optional<milliseconds> {
        const toml::node* node = table.get(key);
        if (node == nullptr) return std::nullopt;
        const auto* written = node->as_string();
        if (written == nullptr) {
            problem(node->source(),
                    "'" + std::string(key) + "' must be a quoted duration such as \"12m\" or \"1h5m\"");
            return std::nullopt;
        }
        // The same duration syntax as program files.
        const program::DurationParse parsed = program::parseDuration(written->get());
        if (parsed.value) return *parsed.value;
        std::string message = "'" + std::string(key) + "': " + parsed.error;
        if (!parsed.hint.empty()) message += " (" + parsed.hint + ")";
        problem(node->source(), message);
        return std::nullopt;
    };
    for (const toml::node& entry : *actions) {
        const toml::table* table = entry.as_table();
        if (table == nullptr) {
            problem(entry.source(), "each [[action]] must be a table");
            continue;
        }
        const std::size_t problemsBefore = script.problems.size();
        ScriptedAction action;
        action.where = locationOf(table->source(), file);
        const toml::node* atNode = table->get("at");
        const toml::node* doNode = table->get("do");
        if (atNode == nullptr)
            problem(table->source(), "this action has no 'at' (when it happens, e.g. at = \"12m\")");
        if (doNode == nullptr)
            problem(table->source(), "this action has no 'do' (one of: " + knownActionNames() + ")");
        const auto at = durationOf(*table, "at");
        if (at) action.at = *at;
        std::string doName;
        std::optional<Action> named;
        if (doNode != nullptr) {
            if (const auto* written = doNode->as_string()) doName = written->get();
            named = actionNamed(doName);
            if (!named || *named == Action::Start) {
                problem(doNode->source(),
                        "unknown action '" + doName + "'; use one of: " + knownActionNames());
                named.reset();
            } else {
                action.action = *named;
            }
        }
        const CommandValue takes = named ? commandSpec(*named).value : CommandValue::None;
        const bool talkOver = named == Action::TalkOverOn;
        // The volume of one output: the patient's (as without `output`) or the room's.
        const bool setsVolume = named.has_value() && action.action == Action::SetMasterVolume;
        std::optional<milliseconds> talkOverFor;
        for (auto&& [key, node] : *table) {
            const std::string_view name = key.str();
            if (name == "at" || name == "do") continue;
            if (name == "by" && takes == CommandValue::Minutes) continue;
            if (name == "for" && talkOver) continue;
            if (name == "value" && takes == CommandValue::Volume) continue;
            if (name == "output" && setsVolume) continue;
            problem(node.source(),
                    "'" + std::string(name) + "' does not belong to a '" + doName + "' action");
        }
        if (takes == CommandValue::Minutes) {
            if (table->get("by") == nullptr)
                problem(table->source(), "'" + doName + "' needs 'by', e.g. by = \"5m\"");
            if (auto by = durationOf(*table, "by")) action.value = by->count() / 60'000.0;
        } else if (takes == CommandValue::Volume) {
            const toml::node* valueNode = table->get("value");
            const std::optional<double> value = valueNode ? valueNode->value<double>() : std::nullopt;
            if (!value || *value < 0.0 || *value > 1.0) {
                problem(
                    valueNode ? valueNode->source() : table->source(),
                    "'" + doName + "' needs 'value', a number from 0 (silent) to 1 (full), e.g. value = 0.6");
            } else {
                action.value = *value;
            }
            if (const toml::node* outputNode = table->get("output"); outputNode && setsVolume) {
                const auto* output = outputNode->as_string();
                if (output != nullptr && output->get() == "room") {
                    action.action = Action::SetRoomVolume;
                } else if (output == nullptr || output->get() != "patient") {
                    problem(outputNode->source(),
                            "'output' is \"patient\" or \"room\", the output whose "
                            "volume this sets");
                }
            }
        } else if (talkOver) {
            talkOverFor = durationOf(*table, "for");
        }
        if (script.problems.size() != problemsBefore) continue;
        script.actions.push_back(action);
        if (talkOverFor) {
            ScriptedAction off = action;
            off.at = action.at + *talkOverFor;
            off.action = Action::TalkOverOff;
            script.actions.push_back(off);
        }
    }
    std::stable_sort(script.actions.begin(), script.actions.end(),
                     [](const ScriptedAction& a, const ScriptedAction& b) { return a.at < b.at; });
    return script;
}

ActionScript parseActionScriptFile(const std::filesystem::path& file) {
    // An actions file is no bigger than the program it drives: the same limit.
    const program::FileRead read = program::readTextFile(file, program::kMaxProgramFileBytes);
    if (read.ok()) return parseActionScript(read.text, file);
    ActionScript script;
    std::string hint = "check the path and that it is readable";
    if (read.failure == program::FileReadFailure::TooLarge)
        hint = "an actions file is a few kilobytes: check that you named the actions .toml file";
    script.problems.push_back({program::SourceLocation{file, 0, 0},
                               "cannot open the actions file: it " + read.reason + "; " + hint});
    return script;
}

}  // namespace stillpoint::session
