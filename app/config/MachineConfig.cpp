#include "config/MachineConfig.h"

#include <toml++/toml.h>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "program/ProgramParser.h"
#include "program/TextFileReader.h"
#include "program/TomlFieldReader.h"
#include "program/TomlNesting.h"

namespace stillpoint::config {

namespace {

namespace fs = std::filesystem;
using program::Keys;
using program::Problem;
using program::Severity;
using program::SourceLocation;
using program::TomlFieldReader;

// The tables a configuration file may hold. A new one: its name here, its reader in readConfig().
const Keys kTopLevelTables{"outputs", "osc", "call_button"};
const Keys kOscKeys{"port", "bind", "allow"};
const Keys kCallButtonKeys{"key", "controller_button", "starts_grounding"};
const Keys kOutputTables{"patient", "room", "preview"};
const Keys kPlayedOutputKeys{"device", "volume", "ceiling", "duck_on_talk_over"};
const Keys kPreviewOutputKeys{"device", "volume", "ceiling"};

void readOutput(TomlFieldReader& fields, const toml::table& table, OutputRole role, OutputSettings& output) {
    const std::string name = std::string("[outputs.") + toString(role) + "]";
    output.where = fields.locate(table.source());
    fields.checkKeys(table, role == OutputRole::Preview ? kPreviewOutputKeys : kPlayedOutputKeys, name);
    if (auto device = fields.readText(table, "device")) {
        if (device->empty())
            fields.error(fields.locate(table.get("device")->source()), "\"device\" is empty in " + name,
                         "name a device as `stillpoint devices` lists it, or remove the line");
        output.device = std::move(*device);
    }
    output.volume = fields.readNumber(table, "volume", 0.0, 1.0, "(linear)");
    output.ceilingDbfs = fields.readNumber(table, "ceiling", -60.0, 0.0, "dBFS");
    if (const auto duck = fields.readBool(table, "duck_on_talk_over")) output.duckOnTalkOver = *duck;
}

void readOutputs(TomlFieldReader& fields, const toml::table& root, MachineConfig& config) {
    const auto* outputs = fields.readTable(root, "outputs", "write an [outputs.patient] section");
    if (outputs == nullptr) return;
    fields.checkKeys(*outputs, kOutputTables, "[outputs]");
    for (const OutputRole role : kOutputRoles) {
        const std::string name = std::string("outputs.") + toString(role);
        if (const auto* table = fields.readTable(*outputs, toString(role), "write an [" + name + "] section"))
            readOutput(fields, *table, role, config.output(role));
    }
}

void readOsc(TomlFieldReader& fields, const toml::table& root, MachineConfig& config) {
    const auto* osc = fields.readTable(root, "osc", "write an [osc] section");
    if (osc == nullptr) return;
    fields.checkKeys(*osc, kOscKeys, "[osc]");
    if (const auto port = fields.readNumber(*osc, "port", 0, 65535, "(a UDP port)"))
        config.osc.port = static_cast<int>(*port);
    if (auto bind = fields.readText(*osc, "bind")) config.osc.bind = std::move(*bind);
    if (const toml::node* allow = osc->get("allow")) {
        const auto* list = allow->as_array();
        bool allText = list != nullptr;
        if (list)
            for (const auto& entry : *list) {
                if (const auto* text = entry.as_string())
                    config.osc.allow.push_back(text->get());
                else
                    allText = false;
            }
        if (!allText)
            fields.error(fields.locate(allow->source()), "\"allow\" must be a list of addresses or networks",
                         "write allow = [\"192.168.1.20\", \"10.0.5.0/24\"]");
    }
}

void readCallButton(TomlFieldReader& fields, const toml::table& root, MachineConfig& config) {
    const auto* call = fields.readTable(root, "call_button", "write a [call_button] section");
    if (call == nullptr) return;
    fields.checkKeys(*call, kCallButtonKeys, "[call_button]");
    if (auto key = fields.readText(*call, "key")) config.callButton.key = std::move(*key);
    if (const auto button = fields.readNumber(*call, "controller_button", 0, 255, "(its number)"))
        config.callButton.controllerButton = static_cast<int>(*button);
    if (const auto grounding = fields.readBool(*call, "starts_grounding"))
        config.callButton.startsGrounding = *grounding;
}

// One reader per top-level table (kTopLevelTables).
void readConfig(TomlFieldReader& fields, const toml::table& root, MachineConfig& config) {
    fields.checkKeys(root, kTopLevelTables, "the machine configuration");
    readOutputs(fields, root, config);
    readOsc(fields, root, config);
    readCallButton(fields, root, config);
}

MachineConfigResult fileProblem(const fs::path& file, std::string message, std::string hint) {
    MachineConfigResult result;
    result.problems.push_back(
        {SourceLocation{file, 0, 0}, std::move(message), std::move(hint), Severity::Error});
    return result;
}

}  // namespace

const char* toString(OutputRole role) {
    switch (role) {
        case OutputRole::Patient:
            return "patient";
        case OutputRole::Room:
            return "room";
        case OutputRole::Preview:
            return "preview";
    }
    return "patient";
}

const OutputSettings& MachineConfig::output(OutputRole role) const {
    return role == OutputRole::Patient ? patient : role == OutputRole::Room ? room : preview;
}

OutputSettings& MachineConfig::output(OutputRole role) {
    return role == OutputRole::Patient ? patient : role == OutputRole::Room ? room : preview;
}

bool MachineConfigResult::hasErrors() const {
    return std::any_of(problems.begin(), problems.end(),
                       [](const Problem& problem) { return problem.severity == Severity::Error; });
}

fs::path defaultMachineConfigFile() {
    const char* xdgConfig = std::getenv("XDG_CONFIG_HOME");
    if (xdgConfig != nullptr && fs::path(xdgConfig).is_absolute())
        return fs::path(xdgConfig) / "stillpoint" / "stillpoint.toml";
    const char* home = std::getenv("HOME");
    if (home != nullptr && *home != '\0')
        return fs::path(home) / ".config" / "stillpoint" / "stillpoint.toml";
    return {};
}

MachineConfigResult parseMachineConfigText(std::string_view text, const fs::path& file) {
    MachineConfigResult result;
    TomlFieldReader fields(file);
    if (const auto nesting = program::findExcessiveNesting(text)) {
        fields.error({file, nesting->line, nesting->column},
                     "tables, keys or lists nest more than " + std::to_string(program::kMaxTomlNesting) +
                         " levels deep here; the configuration nests two",
                     "this is not Stillpoint's configuration, or it is damaged: check the file");
        result.problems = fields.takeProblems();
        return result;
    }
    toml::table root;
    try {
        root = toml::parse(text, file.string());
    } catch (const toml::parse_error& error) {
        fields.syntaxError(error);
        result.problems = fields.takeProblems();
        return result;
    }
    MachineConfig config;
    config.file = file;
    readConfig(fields, root, config);
    result.problems = fields.takeProblems();
    if (!result.hasErrors()) result.config = std::move(config);
    return result;
}

MachineConfigResult readMachineConfig(const fs::path& file) {
    if (file.empty()) return MachineConfigResult{MachineConfig{}, {}};
    const program::FileRead read = program::readTextFile(file, kMaxMachineConfigBytes);
    switch (read.failure) {
        case program::FileReadFailure::None:
            return parseMachineConfigText(read.text, file);
        case program::FileReadFailure::Missing:
            return MachineConfigResult{MachineConfig{}, {}};
        case program::FileReadFailure::NotRegular:
            return fileProblem(file, read.reason, "stillpoint.toml must be a plain text file");
        case program::FileReadFailure::TooLarge:
            return fileProblem(file, read.reason + "; the configuration is a few hundred bytes",
                               "check that this is Stillpoint's configuration file");
        case program::FileReadFailure::SymbolicLink:
        case program::FileReadFailure::Unreadable:
            break;
    }
    return fileProblem(file, read.reason, "check the file's permissions (chmod u+r)");
}

double effectiveCeilingDbfs(const OutputSettings& output, double programCeilingDbfs) {
    return output.ceilingDbfs ? std::min(*output.ceilingDbfs, programCeilingDbfs) : programCeilingDbfs;
}

}  // namespace stillpoint::config
