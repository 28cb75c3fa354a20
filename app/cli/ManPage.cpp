#include "cli/ManPage.h"

#include <fmt/format.h>

namespace stillpoint::cli {

namespace {

// Text as roff shows it: backslashes and hyphens escaped, no line taken for a request.
std::string roff(const std::string& text) {
    std::string out;
    bool lineStart = true;
    for (const char c : text) {
        if (lineStart && (c == '.' || c == '\'')) out += "\\&";
        if (c == '\\')
            out += "\\e";
        else if (c == '-')
            out += "\\-";
        else
            out += c;
        lineStart = c == '\n';
    }
    return out;
}

// Paragraphs of a description or footer: each line of the text its own paragraph.
std::string paragraphs(const std::string& text) {
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        if (end > start) out += ".PP\n" + roff(text.substr(start, end - start)) + "\n";
        start = end + 1;
    }
    return out;
}

// What an option takes, as --help shows it: TEXT, INT, or the set of values it accepts.
std::string valueName(const CLI::Option& option) {
    const std::string type = option.get_type_name();
    const auto colon = type.find(':');
    if (colon != std::string::npos && colon + 1 < type.size() && type[colon + 1] == '{')
        return type.substr(colon + 1);
    return type.substr(0, std::min(type.find_first_of(": "), type.size()));
}

bool shown(const CLI::Option* option) {
    return !option->get_group().empty();  // an empty group hides an option from --help, and from here
}

std::string positionalSynopsis(const CLI::Option& option) {
    std::string name = "\\fI" + roff(option.get_name(true)) + "\\fR";
    if (option.get_items_expected_max() > 1) name += "...";
    return option.get_required() ? name : "[" + name + "]";
}

std::string optionEntry(const CLI::Option& option) {
    std::string names;
    for (const auto& name : option.get_snames())
        names += (names.empty() ? "" : ", ") + ("\\fB\\-" + name + "\\fR");
    for (const auto& name : option.get_lnames())
        names += (names.empty() ? "" : ", ") + ("\\fB\\-\\-" + roff(name) + "\\fR");
    if (option.get_type_size() > 0) names += " \\fI" + roff(valueName(option)) + "\\fR";
    std::string description = option.get_description();
    if (option.get_required()) description += " (required)";
    return ".TP\n" + names + "\n" + roff(description) + "\n";
}

std::string commandSection(const CLI::App& command) {
    std::string synopsis = "\\fBstillpoint " + roff(command.get_name()) + "\\fR";
    std::string positionals;
    std::string options;
    for (const auto* option : command.get_options(shown)) {
        if (option->get_positional()) {
            synopsis += " " + positionalSynopsis(*option);
            positionals +=
                ".TP\n" + positionalSynopsis(*option) + "\n" + roff(option->get_description()) + "\n";
        } else {
            options += optionEntry(*option);
        }
    }
    std::string out = ".SS \"" + roff(command.get_name()) + "\"\n" + synopsis + " [\\fIOPTIONS\\fR]\n";
    out += paragraphs(command.get_description());
    out += positionals + options;
    out += paragraphs(command.get_footer());
    return out;
}

}  // namespace

std::string manPage(const CLI::App& app, const std::string& version) {
    std::string out;
    out += fmt::format(".TH STILLPOINT 1 \"\" \"{}\" \"User Commands\"\n", roff(version));
    out += ".SH NAME\nstillpoint \\- " + roff(app.get_description()) + "\n";
    out += ".SH SYNOPSIS\n\\fBstillpoint\\fR\n.br\n\\fBstillpoint\\fR \\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n";
    out += ".SH DESCRIPTION\n";
    out += paragraphs(
        "Stillpoint runs the music and setting of ketamine-assisted (and other psychedelic-assisted) therapy "
        "sessions. A clinic authors a program (phases with planned durations, tracks, crossfades, calmer "
        "alternates and a grounding track); Stillpoint plays it on the audio clock, every track normalised "
        "to "
        "the program's loudness and never above its volume ceiling, while the therapist advances, extends or "
        "holds a phase, talks over the music, silences it or swaps to something calmer. Everything that "
        "happens is journaled and turned into a report for the integration sessions.\n"
        "Without a command, stillpoint opens the operator panel on the demo program that ships with it.");
    out += ".SH OPTIONS\n";
    for (const auto* option : app.get_options(shown))
        if (!option->get_positional()) out += optionEntry(*option);
    out += ".SH COMMANDS\n";
    for (const auto* command : app.get_subcommands({})) out += commandSection(*command);
    out += ".SH FILES\n";
    out += ".TP\n.I ~/.local/share/stillpoint/sessions/\n" +
           roff(
               "Session journals ($XDG_DATA_HOME/stillpoint/sessions): one folder per session, 0700, files "
               "0600.") +
           "\n";
    out += ".TP\n.I ~/.cache/stillpoint/loudness.json\n" +
           roff("The loudness cache ($XDG_CACHE_HOME/stillpoint), keyed by path, size and time.") + "\n";
    out += ".TP\n.I /usr/share/stillpoint/\n" +
           roff(
               "The programs that ship with Stillpoint (playlists/, among them demo.toml) and the demo music "
               "library they play (assets/music/): share/stillpoint beside the bin folder of the installed "
               "stillpoint. assets/openal/alsoft.conf there holds the OpenAL Soft settings Stillpoint plays "
               "with (short mixing updates, so that the operator's commands are heard within 50 ms).") +
           "\n";
    out += ".SH EXIT STATUS\n";
    out += paragraphs(
        "0 when the command did what was asked; 1 when the input has problems (an invalid program, a failed "
        "render, a journal that cannot be read); 2 when the command line itself is wrong.");
    out += ".SH ENVIRONMENT\n";
    out += ".TP\n.B ALSOFT_DRIVERS\n" +
           roff("OpenAL Soft's output backends, e.g. null to play to no sound card.") + "\n";
    out += ".TP\n.B ALSOFT_CONF\n" +
           roff(
               "An OpenAL Soft configuration file read after the machine's and the user's own. When it is "
               "not set, stillpoint sets it to its own assets/openal/alsoft.conf; set it to play with other "
               "settings (e.g. a longer period_size on a machine whose sound card cannot keep up).") +
           "\n";
    out += ".TP\n.B XDG_DATA_HOME, XDG_CACHE_HOME\n" +
           roff("Where session journals and the loudness cache are kept.") + "\n";
    return out;
}

}  // namespace stillpoint::cli
