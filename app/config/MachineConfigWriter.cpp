#include "config/MachineConfigWriter.h"

#include <sys/stat.h>
#include <unistd.h>

#include <toml++/toml.h>
#include <cerrno>
#include <cstring>
#include <optional>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "journal/SessionFolder.h"
#include "program/ProgramWriter.h"
#include "program/TextFileReader.h"

namespace stillpoint::config {

namespace {

namespace fs = std::filesystem;

// The text split into lines, each with its end of line, so a line can be changed, put in or taken out.
class Lines {
public:
    explicit Lines(std::string_view text) {
        std::size_t start = 0;
        while (start < text.size()) {
            const std::size_t end = text.find('\n', start);
            const std::size_t next = end == std::string_view::npos ? text.size() : end + 1;
            lines_.emplace_back(text.substr(start, next - start));
            start = next;
        }
    }
    std::string& operator[](std::size_t oneBasedLine) { return lines_.at(oneBasedLine - 1); }
    std::size_t size() const { return lines_.size(); }
    void insertAfter(std::size_t oneBasedLine, std::string line) {
        lines_.insert(lines_.begin() + static_cast<std::ptrdiff_t>(oneBasedLine), std::move(line));
    }
    void erase(std::size_t oneBasedLine) {
        lines_.erase(lines_.begin() + static_cast<std::ptrdiff_t>(oneBasedLine - 1));
    }
    std::string text() const {
        std::string joined;
        for (const auto& line : lines_) joined += line;
        return joined;
    }

private:
    std::vector<std::string> lines_;
};

// toml++ counts columns in characters; a device name may hold any UTF-8 before the value.
std::size_t byteOfColumn(const std::string& line, std::size_t oneBasedColumn) {
    std::size_t byte = 0;
    for (std::size_t column = 1; column < oneBasedColumn && byte < line.size(); ++column) {
        ++byte;
        while (byte < line.size() && (static_cast<unsigned char>(line[byte]) & 0xC0) == 0x80) ++byte;
    }
    return byte;
}

std::string problemsText(const MachineConfigResult& result) {
    std::string text;
    for (const auto& problem : result.problems)
        if (problem.severity == program::Severity::Error) text += "\n" + program::formatProblem(problem);
    return text;
}

// Changes one output's device in the text as written, line by line; nothing when the file holds it in a
// way that cannot be edited in place (an inline table, dotted keys), which then takes the rewrite.
std::optional<std::string> editedInPlace(const std::string& text, OutputRole role,
                                         const std::string& device) {
    toml::table parsed;
    try {
        parsed = toml::parse(text);
    } catch (const toml::parse_error&) {
        return std::nullopt;
    }
    const std::string roleName = toString(role);
    Lines lines(text);
    const std::string value = program::tomlQuoted(device);
    if (const toml::node* written = parsed.at_path("outputs." + roleName + ".device").node()) {
        const auto& region = written->source();
        if (region.begin.line == 0 || region.begin.line != region.end.line ||
            region.begin.line > lines.size())
            return std::nullopt;
        std::string& line = lines[region.begin.line];
        const std::size_t from = byteOfColumn(line, region.begin.column);
        const std::size_t to = byteOfColumn(line, region.end.column);
        if (from > to || to > line.size()) return std::nullopt;
        if (!device.empty()) {
            line.replace(from, to - from, value);
            return lines.text();
        }
        // No device: the line goes, if it holds nothing else (its comment goes with it).
        static const std::regex keyAlone(R"(^\s*device\s*=\s*$)");
        static const std::regex restAlone(R"(^\s*(#.*)?\r?\n?$)");
        if (!std::regex_match(line.substr(0, from), keyAlone) ||
            !std::regex_match(line.substr(to), restAlone))
            return std::nullopt;
        lines.erase(region.begin.line);
        return lines.text();
    }
    if (device.empty()) return text;  // nothing to take out
    const toml::table* table = parsed.at_path("outputs." + roleName).as_table();
    if (table == nullptr) {
        if (parsed.contains("outputs") && !parsed["outputs"].is_table()) return std::nullopt;
        std::string appended = text;
        if (!appended.empty() && appended.back() != '\n') appended += '\n';
        if (!appended.empty()) appended += '\n';
        return appended + "[outputs." + roleName + "]\ndevice = " + value + "\n";
    }
    // Under the table's own header line.
    const std::regex header(R"(^\s*\[\s*outputs\s*\.\s*)" + roleName + R"(\s*\]\s*(#.*)?\r?\n?$)");
    const auto headerLine = table->source().begin.line;
    if (table->is_inline() || headerLine == 0 || headerLine > lines.size() ||
        !std::regex_match(lines[headerLine], header))
        return std::nullopt;
    lines.insertAfter(headerLine, "device = " + value + "\n");
    return lines.text();
}

// The whole file written again by toml++: right, but without the comments. Only when editing in place
// cannot be done.
std::string rewritten(const std::string& text, const std::vector<OutputDeviceChoice>& devices) {
    toml::table parsed = toml::parse(text);
    if (!parsed.contains("outputs")) parsed.insert("outputs", toml::table{});
    auto* outputs = parsed["outputs"].as_table();
    if (outputs == nullptr) throw std::runtime_error("[outputs] is not a table");
    for (const auto& [role, device] : devices) {
        const char* name = toString(role);
        if (!outputs->contains(name)) {
            if (device.empty()) continue;
            outputs->insert(name, toml::table{});
        }
        auto* output = (*outputs)[name].as_table();
        if (output == nullptr) throw std::runtime_error(std::string("[outputs.") + name + "] is not a table");
        if (device.empty())
            output->erase("device");
        else
            output->insert_or_assign("device", device);
    }
    std::ostringstream out;
    out << parsed << "\n";
    return out.str();
}

bool readsBackWith(const std::string& text, const fs::path& file,
                   const std::vector<OutputDeviceChoice>& devices) {
    const auto result = parseMachineConfigText(text, file);
    if (!result.config) return false;
    for (const auto& [role, device] : devices)
        if (result.config->output(role).device != device) return false;
    return true;
}

std::string systemError() {
    return std::strerror(errno);
}

// The configuration's own folder: created 0700 if missing; refused if it is a link or another user's, and
// made private if it is ours but open to others.
void preparePrivateFolder(const fs::path& folder) {
    std::error_code ignored;
    if (folder.has_parent_path()) fs::create_directories(folder.parent_path(), ignored);
    if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST)
        throw std::runtime_error("Cannot create " + folder.string() + ": " + systemError() + ".");
    struct stat status {};
    if (::lstat(folder.c_str(), &status) != 0)
        throw std::runtime_error("Cannot use " + folder.string() + ": " + systemError() + ".");
    if (S_ISLNK(status.st_mode))
        throw std::runtime_error(
            folder.string() +
            " is a symbolic link: the machine configuration is written only in a folder of "
            "its own. Remove the link and save again.");
    if (!S_ISDIR(status.st_mode)) throw std::runtime_error(folder.string() + " is not a folder.");
    if (status.st_uid != ::geteuid())
        throw std::runtime_error(folder.string() + " belongs to another user; save as its owner.");
    if ((status.st_mode & 0777) != 0700 && ::chmod(folder.c_str(), 0700) != 0)
        throw std::runtime_error("Cannot make " + folder.string() + " private (chmod 700): " + systemError() +
                                 ".");
}

}  // namespace

std::string withOutputDevices(std::string_view text, const fs::path& file,
                              const std::vector<OutputDeviceChoice>& devices) {
    const auto before = parseMachineConfigText(text, file);
    if (before.hasErrors())
        throw std::runtime_error("The machine configuration has errors; fix them before saving the outputs:" +
                                 problemsText(before));
    std::string edited(text);
    bool inPlace = true;
    for (const auto& [role, device] : devices) {
        const auto next = editedInPlace(edited, role, device);
        if (!next) {
            inPlace = false;
            break;
        }
        edited = *next;
    }
    if (inPlace && readsBackWith(edited, file, devices)) return edited;
    std::string again;
    try {
        again = rewritten(std::string(text), devices);
    } catch (const std::exception& error) {
        throw std::runtime_error("The outputs cannot be saved in " + file.string() + ": " + error.what() +
                                 ". Set the devices in the file by hand (docs/machine-config.md).");
    }
    if (!readsBackWith(again, file, devices))
        throw std::runtime_error(
            "The outputs cannot be saved in " + file.string() +
            " so that it reads back with them: " + problemsText(parseMachineConfigText(again, file)) +
            "\nSet the devices in the file by hand (docs/machine-config.md).");
    return again;
}

void saveOutputDevices(const fs::path& file, const std::vector<OutputDeviceChoice>& devices) {
    if (file.empty())
        throw std::runtime_error(
            "There is no place for the machine configuration: neither XDG_CONFIG_HOME nor HOME is set.");
    preparePrivateFolder(file.parent_path());
    std::string current;
    const auto read = program::readTextFile(file, kMaxMachineConfigBytes, program::LinkPolicy::Refuse);
    if (read.ok()) {
        current = read.text;
    } else if (read.failure == program::FileReadFailure::SymbolicLink) {
        throw std::runtime_error(
            file.string() +
            " is a symbolic link; the machine configuration is not written through one. "
            "Remove the link (or copy the file it points to in its place) and save again.");
    } else if (read.failure != program::FileReadFailure::Missing) {
        throw std::runtime_error("Cannot read " + file.string() + ": it " + read.reason + ".");
    }
    const std::string text = withOutputDevices(current, file, devices);
    try {
        journal::writePrivateFile(file, text);
    } catch (const std::exception& error) {
        throw std::runtime_error(error.what());
    }
}

}  // namespace stillpoint::config
