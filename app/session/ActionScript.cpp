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

constexpr const char* kPreviewWhat =
    "what = \"next\", \"alternate\" or \"grounding\", or a track named by phase and track "
    "(phase = \"peak\" or its number from 1, track = 2, optionally alternate = 1)";

// A number from 1 written at `key`, if it is one; 0 when absent.
template <typename Problem>
int positiveNumber(const toml::table& table, std::string_view key, Problem& problem) {
    const toml::node* node = table.get(key);
    if (node == nullptr) return 0;
    const std::optional<std::int64_t> value = node->value<std::int64_t>();
    if (!value || *value < 1 || *value > 10000) {
        problem(node->source(), "'" + std::string(key) + "' is a number from 1 (the first)");
        return -1;
    }
    return static_cast<int>(*value);
}

// what / phase + track (+ alternate) / from of a preview action.
template <typename Problem>
void readPreview(const toml::table& table, ScriptedAction& action, Problem& problem) {
    PreviewRequest& request = action.preview;
    const toml::node* what = table.get("what");
    const toml::node* phase = table.get("phase");
    const toml::node* track = table.get("track");
    const toml::node* alternate = table.get("alternate");
    if (what != nullptr) {
        const auto* written = what->as_string();
        const auto choice = written ? previewChoiceNamed(written->get()) : std::nullopt;
        if (!choice || *choice == PreviewChoice::Track)
            problem(what->source(), std::string("unknown preview: write ") + kPreviewWhat);
        else
            request.choice = *choice;
        if (phase != nullptr || track != nullptr || alternate != nullptr)
            problem(what->source(),
                    "a preview names either 'what' or a track by 'phase' and 'track', not both");
    } else if (phase == nullptr || track == nullptr) {
        problem((phase   ? phase
                 : track ? track
                         : &table)
                    ->source(),
                std::string("this preview does not say what to hear: ") + kPreviewWhat);
    } else {
        request.choice = PreviewChoice::Track;
        request.track.role = alternate != nullptr ? TrackRole::Alternate : TrackRole::Phase;
        if (const auto* name = phase->as_string()) {
            action.previewPhaseName = name->get();
        } else if (const int number = positiveNumber(table, "phase", problem); number > 0) {
            request.track.phase = static_cast<std::int16_t>(number - 1);
        }
        if (const int number = positiveNumber(table, "track", problem); number > 0)
            request.track.index = static_cast<std::int16_t>(number - 1);
        if (const int number = positiveNumber(table, "alternate", problem); number > 0)
            request.track.alternate = static_cast<std::int16_t>(number - 1);
    }
    if (const toml::node* from = table.get("from")) {
        const auto* written = from->as_string();
        const auto named = written ? previewFromNamed(written->get()) : std::nullopt;
        if (!named)
            problem(from->source(),
                    "'from' is \"entry\" (where the program brings the track in, the default) or \"start\" "
                    "(the first frame of its file)");
        else
            request.from = *named;
    }
}

}  // namespace

void resolveTrackNames(ActionScript& script, const program::Program& program) {
    for (ScriptedAction& action : script.actions) {
        if (action.action != Action::Preview || action.preview.choice != PreviewChoice::Track) continue;
        TrackRef& ref = action.preview.track;
        std::string phaseNames;
        for (std::size_t p = 0; p < program.phases.size(); ++p) {
            if (!phaseNames.empty()) phaseNames += ", ";
            phaseNames += "\"" + program.phases[p].name + "\"";
            if (!action.previewPhaseName.empty() && program.phases[p].name == action.previewPhaseName)
                ref.phase = static_cast<std::int16_t>(p);
        }
        if (ref.phase < 0) {
            script.problems.push_back(
                {action.where, "the preview names phase \"" + action.previewPhaseName +
                                   "\", which the program does not have; its phases are " + phaseNames});
            continue;
        }
        if (resolve(program, ref) != nullptr) continue;
        const program::Phase* phase = ref.phase < static_cast<int>(program.phases.size())
                                          ? &program.phases[static_cast<std::size_t>(ref.phase)]
                                          : nullptr;
        std::string message = "the preview names a track the program does not have: ";
        if (phase == nullptr)
            message += "there are " + std::to_string(program.phases.size()) + " phases";
        else if (ref.index >= static_cast<int>(phase->tracks.size()))
            message +=
                "phase \"" + phase->name + "\" has " + std::to_string(phase->tracks.size()) + " tracks";
        else
            message += "track " + std::to_string(ref.index + 1) + " of phase \"" + phase->name + "\" has " +
                       std::to_string(phase->tracks[static_cast<std::size_t>(ref.index)].alternates.size()) +
                       " alternates";
        script.problems.push_back({action.where, message});
    }
}

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
        const bool preview = named == Action::Preview;
        // The volume of one output: the patient's (as without `output`), the room's or the preview's.
        const bool setsVolume = named.has_value() && action.action == Action::SetMasterVolume;
        std::optional<milliseconds> talkOverFor;
        for (auto&& [key, node] : *table) {
            const std::string_view name = key.str();
            if (name == "at" || name == "do") continue;
            if (name == "by" && takes == CommandValue::Minutes) continue;
            if (name == "for" && talkOver) continue;
            if (name == "value" && takes == CommandValue::Volume) continue;
            if (name == "output" && setsVolume) continue;
            if (preview && (name == "what" || name == "from" || name == "phase" || name == "track" ||
                            name == "alternate"))
                continue;
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
                } else if (output != nullptr && output->get() == "preview") {
                    action.action = Action::SetPreviewVolume;
                } else if (output == nullptr || output->get() != "patient") {
                    problem(outputNode->source(),
                            "'output' is \"patient\", \"room\" or \"preview\", the output whose "
                            "volume this sets");
                }
            }
        } else if (talkOver) {
            talkOverFor = durationOf(*table, "for");
        } else if (preview) {
            readPreview(*table, action, problem);
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
