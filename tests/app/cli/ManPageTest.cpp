// stillpoint.1 as the build writes it: every subcommand, option and positional that `stillpoint --help`
// and each `stillpoint COMMAND --help` list is in it, and man reads it without a warning.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "app/cli/StillpointProcess.h"

namespace {

using stillpoint::testing::runStillpoint;

const std::string kManPage = STILLPOINT_BINARY_DIR "/stillpoint.1";

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The names CLI11's help lists under each heading ("Options:", "Positionals:", "Subcommands:"): the first
// word of each entry line (indented by two spaces; wrapped descriptions are indented further).
std::map<std::string, std::vector<std::string>> helpEntries(const std::string& help) {
    std::map<std::string, std::vector<std::string>> entries;
    std::istringstream lines(help);
    std::string heading;
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty() && line.back() == ':' && line[0] != ' ') heading = line.substr(0, line.size() - 1);
        if (line.size() > 2 && line.compare(0, 2, "  ") == 0 && line[2] != ' ' && !heading.empty())
            entries[heading].push_back(line.substr(2, line.find(' ', 2) - 2));
    }
    return entries;
}

// "-o,--output" as the man page writes it: "\fB\-o\fR" and "\fB\-\-output\fR".
std::vector<std::string> roffOptionNames(const std::string& entry) {
    std::vector<std::string> names;
    std::istringstream parts(entry);
    for (std::string name; std::getline(parts, name, ',');) {
        std::string escaped;
        for (char c : name) escaped += c == '-' ? std::string("\\-") : std::string(1, c);
        names.push_back("\\fB" + escaped + "\\fR");
    }
    return names;
}

std::string env() {
    return "ALSOFT_DRIVERS=null";
}

}  // namespace

TEST(ManPage, CoversEveryCommandAndOptionOfTheHelp) {
    const std::string page = readFile(kManPage);
    ASSERT_FALSE(page.empty()) << kManPage << " was not built";

    const auto top = runStillpoint("--help", env());
    ASSERT_EQ(top.exitCode, 0) << top.output;
    const auto topEntries = helpEntries(top.output);
    for (const auto& option : topEntries.at("Options"))
        for (const auto& name : roffOptionNames(option))
            EXPECT_NE(page.find(name), std::string::npos) << option << " is not in the man page";

    const auto& commands = topEntries.at("Subcommands");
    EXPECT_GE(commands.size(), 5u);
    for (const auto& command : commands) {
        EXPECT_NE(page.find(".SS \"" + command + "\""), std::string::npos) << command;
        const auto help = runStillpoint(command + " --help", env());
        ASSERT_EQ(help.exitCode, 0) << help.output;
        const auto entries = helpEntries(help.output);
        for (const auto& option : entries.at("Options"))
            for (const auto& name : roffOptionNames(option))
                EXPECT_NE(page.find(name), std::string::npos) << command << " " << option;
        if (entries.count("Positionals")) {
            for (const auto& positional : entries.at("Positionals")) {
                EXPECT_NE(page.find("\\fI" + positional + "\\fR"), std::string::npos)
                    << command << " " << positional;
            }
        }
    }
}

TEST(ManPage, SaysTheVersionAndHidesItsOwnOption) {
    const std::string page = readFile(kManPage);
    const auto version = runStillpoint("--version", env());
    ASSERT_EQ(version.exitCode, 0);
    EXPECT_NE(page.find(".TH STILLPOINT 1 \"\" \"" + version.output.substr(0, version.output.find('\n'))),
              std::string::npos);
    EXPECT_EQ(page.find("man\\-page"), std::string::npos);
    EXPECT_EQ(runStillpoint("--help", env()).output.find("--man-page"), std::string::npos);
}

TEST(ManPage, ManReadsItWithoutWarnings) {
    const std::string command =
        "LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l '" + kManPage + "' 2>&1 >/dev/null";
    FILE* pipe = ::popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string warnings;
    char buffer[512];
    for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
        warnings.append(buffer, got);
    EXPECT_EQ(::pclose(pipe), 0);
    EXPECT_EQ(warnings, "");
}
