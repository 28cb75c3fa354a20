#include "program/ProgramParser.h"

#include <toml++/toml.h>
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>

#include "program/DurationParser.h"
#include "program/TextFileReader.h"
#include "program/TomlFieldReader.h"
#include "program/TomlNesting.h"

namespace stillpoint::program {

namespace {

namespace fs = std::filesystem;

const Keys kProgramKeys{"format",          "name",           "author",   "route",     "description",
                        "target_loudness", "volume_ceiling", "end_fade", "grounding", "phase"};
const Keys kPhaseKeys{
    "name", "planned", "min", "max", "ends", "crossfade", "track_crossfade", "when_tracks_run_out",
    "bed",  "track"};
const Keys kTrackKeys{"file",     "title",  "start",     "end",  "gain",     "fade_in",
                      "fade_out", "lyrics", "intensity", "tags", "alternate"};
const Keys kSingleTrackKeys{"file",    "title",    "start",  "end",       "gain",
                            "fade_in", "fade_out", "lyrics", "intensity", "tags"};

// Hints for keys that must be there, shown when one is missing.
const std::map<std::string_view, std::string_view> kRequiredKeyHints{
    {"format", "add format = 1 at the top of the file"},
    {"name", "add name = \"...\" (how the program or phase is called on screen and in reports)"},
    {"planned", "add planned = \"20m\" (how long the phase lasts when nobody changes it)"},
    {"file", "add file = \"music/track.flac\" (relative to the program file's folder)"},
};

// The first position that is not UTF-8 text (or holds a NUL byte), as a 1-based line and column.
struct TextDefect {
    int line = 1;
    int column = 1;
    bool binary = false;
};

std::optional<TextDefect> findTextDefect(std::string_view text) {
    TextDefect where;
    std::size_t at = 0;
    while (at < text.size()) {
        const auto byte = static_cast<unsigned char>(text[at]);
        std::size_t length = 1;
        if (byte == 0) {
            where.binary = true;
            return where;
        }
        if (byte >= 0x80) {
            if ((byte & 0xE0) == 0xC0 && byte >= 0xC2)
                length = 2;
            else if ((byte & 0xF0) == 0xE0)
                length = 3;
            else if ((byte & 0xF8) == 0xF0 && byte <= 0xF4)
                length = 4;
            else
                return where;
            if (at + length > text.size()) return where;
            for (std::size_t i = 1; i < length; ++i) {
                if ((static_cast<unsigned char>(text[at + i]) & 0xC0) != 0x80) return where;
            }
        }
        if (byte == '\n') {
            ++where.line;
            where.column = 1;
        } else {
            ++where.column;
        }
        at += length;
    }
    return std::nullopt;
}

template <typename Choice>
struct Choices {
    std::vector<std::pair<std::string_view, Choice>> values;

    Keys spellings() const {
        Keys names;
        for (const auto& [name, value] : values) names.push_back(name);
        return names;
    }
};

const Choices<Route> kRoutes{{{"iv", Route::Iv},
                              {"im", Route::Im},
                              {"intranasal", Route::Intranasal},
                              {"sublingual", Route::Sublingual},
                              {"oral", Route::Oral},
                              {"other", Route::Other}}};
const Choices<PhaseEnd> kPhaseEnds{{{"auto", PhaseEnd::Automatic}, {"operator", PhaseEnd::Operator}}};
const Choices<FillPolicy> kFillPolicies{
    {{"loop", FillPolicy::Loop}, {"bed", FillPolicy::Bed}, {"silence", FillPolicy::Silence}}};
const Choices<Lyrics> kLyrics{
    {{"none", Lyrics::None}, {"foreign", Lyrics::ForeignLanguage}, {"known", Lyrics::KnownLanguage}}};

class Parser : TomlFieldReader {
public:
    explicit Parser(fs::path file)
        : TomlFieldReader(file, kRequiredKeyHints), file_(std::move(file)), folder_(file_.parent_path()) {}

    ParseResult run(std::string_view text) {
        ParseResult result;
        if (const auto defect = findTextDefect(text)) {
            const SourceLocation where{file_, defect->line, defect->column};
            if (defect->binary) {
                error(where, "this is not a text file (it contains binary data)",
                      "name the program's .toml file, not an audio or other file");
            } else {
                error(where, "the file is not UTF-8 text",
                      "save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)");
            }
            result.problems = takeProblems();
            return result;
        }
        if (const auto nesting = findExcessiveNesting(text)) {
            error({file_, nesting->line, nesting->column},
                  "tables, keys or lists nest more than " + std::to_string(kMaxTomlNesting) +
                      " levels deep here; a program nests four or five",
                  "this is not a program file, or it is damaged: check the file you named");
            result.problems = takeProblems();
            return result;
        }
        toml::table root;
        try {
            root = toml::parse(text, file_.string());
        } catch (const toml::parse_error& failure) {
            syntaxError(failure);
            result.problems = takeProblems();
            return result;
        }
        Program program = readProgram(root);
        result.problems = takeProblems();
        if (!result.hasErrors()) result.program = std::move(program);
        return result;
    }

private:
    std::optional<Duration> readDuration(const toml::table& table, std::string_view key,
                                         const std::string& tableName, bool required = false) {
        const toml::node* node = table.get(key);
        if (node == nullptr) {
            if (required) missing(table, key, tableName);
            return std::nullopt;
        }
        if (node->is_number()) {
            const auto number = numberAsWritten(*node);
            error(locate(node->source()), "\"" + std::string(key) + "\" = " + number + " has no unit",
                  "write " + std::string(key) + " = \"" + number + "s\" for seconds or \"" + number +
                      "m\" for minutes");
            return std::nullopt;
        }
        const auto* text = node->as_string();
        if (text == nullptr) {
            wrongType(*node, key, "a duration in quotes",
                      "write " + std::string(key) + " = \"90s\" or \"8m\"");
            return std::nullopt;
        }
        const auto parsed = parseDuration(text->get());
        if (!parsed.value) {
            error(locate(node->source()), "\"" + std::string(key) + "\": " + parsed.error, parsed.hint);
            return std::nullopt;
        }
        return parsed.value;
    }

    template <typename Choice>
    std::optional<Choice> readChoice(const toml::table& table, std::string_view key,
                                     const Choices<Choice>& choices) {
        const toml::node* node = table.get(key);
        if (node == nullptr) return std::nullopt;
        const auto spellings = choices.spellings();
        const auto* text = node->as_string();
        if (text == nullptr) {
            wrongType(*node, key, "one of " + joinedKeys(spellings) + " in quotes",
                      "write " + std::string(key) + " = \"" + std::string(spellings.front()) + "\"");
            return std::nullopt;
        }
        for (const auto& [spelling, value] : choices.values) {
            if (spelling == text->get()) return value;
        }
        std::string hint = "choose one of " + joinedKeys(spellings);
        if (const auto suggestion = closestMatch(text->get(), spellings)) {
            hint = "did you mean \"" + std::string(*suggestion) + "\"? (" + hint + ")";
        }
        error(locate(node->source()), "\"" + std::string(key) + "\" cannot be \"" + text->get() + "\"", hint);
        return std::nullopt;
    }

    const toml::table* readTable(const toml::table& parent, std::string_view key) {
        return TomlFieldReader::readTable(parent, key,
                                          "write " + std::string(key) +
                                              " = { file = \"music/track.flac\" } or a [" + std::string(key) +
                                              "] section");
    }

    // Tables written [[name]], one per element.
    std::vector<const toml::table*> readTableArray(const toml::table& parent, std::string_view key,
                                                   std::string_view header) {
        std::vector<const toml::table*> tables;
        const toml::node* node = parent.get(key);
        if (node == nullptr) return tables;
        if (node->is_table()) {
            error(locate(node->source()), "\"" + std::string(key) + "\" is written as a single table",
                  "write [[" + std::string(header) + "]] with double brackets, once for each " +
                      std::string(key));
            return tables;
        }
        const auto* array = node->as_array();
        if (array == nullptr) {
            wrongType(*node, key, "a list of [[" + std::string(header) + "]] tables",
                      "write a [[" + std::string(header) + "]] section for each " + std::string(key));
            return tables;
        }
        for (const auto& element : *array) {
            if (const auto* table = element.as_table()) {
                tables.push_back(table);
            } else {
                wrongType(element, key, "a table",
                          "write a [[" + std::string(header) + "]] section for each one");
            }
        }
        return tables;
    }

    fs::path resolve(const std::string& written) const {
        const fs::path path(written);
        return path.is_absolute() ? path.lexically_normal() : (folder_ / path).lexically_normal();
    }

    std::optional<Track> readTrack(const toml::table& table, const std::string& tableName,
                                   bool allowAlternates, std::string_view alternateHeader = {}) {
        checkKeys(table, allowAlternates ? kTrackKeys : kSingleTrackKeys, tableName);
        Track track;
        track.where = locateTable(table);
        bool valid = true;
        if (const auto file = readText(table, "file", tableName, true)) {
            if (file->empty()) {
                error(locate(table.get("file")->source()), "\"file\" is empty in " + tableName,
                      "name the audio file, e.g. file = \"music/track.flac\"");
                valid = false;
            }
            track.fileAsWritten = *file;
            track.file = resolve(*file);
        } else {
            valid = false;
        }
        if (auto title = readText(table, "title", tableName)) track.title = std::move(*title);
        track.start = readDuration(table, "start", tableName);
        track.end = readDuration(table, "end", tableName);
        if (track.start && track.end && *track.end <= *track.start) {
            error(locate(table.get("end")->source()),
                  "\"end\" (" + formatDuration(*track.end) + ") is not after \"start\" (" +
                      formatDuration(*track.start) + ") in " + tableName,
                  "end is a position in the file, later than start");
        }
        if (const auto gain = readNumber(table, "gain", -30.0, 12.0, "dB")) track.gainDb = *gain;
        if (const auto fadeIn = readDuration(table, "fade_in", tableName)) track.fadeIn = *fadeIn;
        if (const auto fadeOut = readDuration(table, "fade_out", tableName)) track.fadeOut = *fadeOut;
        if (const auto lyrics = readChoice(table, "lyrics", kLyrics)) track.lyrics = *lyrics;
        if (const toml::node* node = table.get("intensity")) {
            const auto* integer = node->as_integer();
            if (integer == nullptr) {
                wrongType(*node, "intensity", "a whole number from 1 to 5",
                          "write intensity = 2 (1 gentle .. 5 intense)");
            } else if (integer->get() < 1 || integer->get() > 5) {
                error(locate(node->source()),
                      "\"intensity\" is " + std::to_string(integer->get()) + ", not 1 to 5",
                      "use 1 (gentle) to 5 (intense)");
            } else {
                track.intensity = static_cast<int>(integer->get());
            }
        }
        if (const toml::node* node = table.get("tags")) {
            if (const auto* array = node->as_array()) {
                for (const auto& element : *array) {
                    if (const auto* tag = element.as_string()) {
                        track.tags.push_back(tag->get());
                    } else {
                        wrongType(element, "tags", "a list of text",
                                  "write tags = [\"strings\", \"no-percussion\"]");
                    }
                }
            } else {
                wrongType(*node, "tags", "a list of text", "write tags = [\"strings\", \"no-percussion\"]");
            }
        }
        if (allowAlternates) {
            int index = 0;
            for (const auto* alternate : readTableArray(table, "alternate", alternateHeader)) {
                ++index;
                if (auto parsed = readTrack(
                        *alternate, "alternate " + std::to_string(index) + " of " + tableName, false)) {
                    track.alternates.push_back(std::move(*parsed));
                }
            }
        }
        if (!valid) return std::nullopt;
        return track;
    }

    std::optional<Phase> readPhase(const toml::table& table, int number) {
        Phase phase;
        phase.where = locateTable(table);
        const auto name = readText(table, "name", "phase " + std::to_string(number), true);
        const std::string tableName = name ? "phase \"" + *name + "\"" : "phase " + std::to_string(number);
        if (name) phase.name = *name;
        checkKeys(table, kPhaseKeys, tableName);

        const auto planned = readDuration(table, "planned", tableName, true);
        if (planned) phase.planned = *planned;
        if (planned && *planned <= Duration::zero()) {
            error(locate(table.get("planned")->source()), "\"planned\" is 0 in " + tableName,
                  "a phase lasts some time, e.g. planned = \"20m\"");
        }
        phase.minimum = readDuration(table, "min", tableName);
        phase.maximum = readDuration(table, "max", tableName);
        if (planned && phase.minimum && *phase.minimum > *planned) {
            error(locate(table.get("min")->source()),
                  "\"min\" (" + formatDuration(*phase.minimum) + ") is longer than \"planned\" (" +
                      formatDuration(*planned) + ") in " + tableName,
                  "min <= planned <= max: shorten min or lengthen planned");
        }
        if (planned && phase.maximum && *phase.maximum < *planned) {
            error(locate(table.get("max")->source()),
                  "\"max\" (" + formatDuration(*phase.maximum) + ") is shorter than \"planned\" (" +
                      formatDuration(*planned) + ") in " + tableName,
                  "min <= planned <= max: lengthen max or shorten planned");
        }
        if (const auto ends = readChoice(table, "ends", kPhaseEnds)) phase.ends = *ends;
        if (const auto crossfade = readDuration(table, "crossfade", tableName))
            phase.crossfadeToNext = *crossfade;
        if (const auto crossfade = readDuration(table, "track_crossfade", tableName))
            phase.trackCrossfade = *crossfade;
        if (planned && phase.crossfadeToNext > *planned) {
            warning(locate(table.get("crossfade")->source()),
                    "the crossfade into the next phase is longer than " + tableName + " itself",
                    "keep crossfade shorter than planned");
        }
        const auto fill = readChoice(table, "when_tracks_run_out", kFillPolicies);
        if (fill) phase.fill = *fill;
        if (const auto* bed = readTable(table, "bed")) {
            phase.bed = readTrack(*bed, "the bed of " + tableName, false);
        }
        int index = 0;
        for (const auto* trackTable : readTableArray(table, "track", "phase.track")) {
            ++index;
            if (auto track = readTrack(*trackTable, "track " + std::to_string(index) + " of " + tableName,
                                       true, "phase.track.alternate")) {
                phase.tracks.push_back(std::move(*track));
            }
        }
        if (fill == FillPolicy::Bed && table.get("bed") == nullptr) {
            error(locate(table.get("when_tracks_run_out")->source()),
                  tableName + " fills with a bed but has none",
                  "add bed = { file = \"music/bed.flac\" } to this phase, or choose \"loop\" or \"silence\"");
        }
        if (table.get("bed") != nullptr && phase.fill != FillPolicy::Bed) {
            warning(locate(table.get("bed")->source()), "the bed of " + tableName + " is never played",
                    "set when_tracks_run_out = \"bed\" to play it when the tracks run out");
        }
        if (table.get("track") == nullptr && phase.fill == FillPolicy::Loop) {
            error(locateTable(table), tableName + " has no tracks to loop",
                  "add [[phase.track]] sections, or set when_tracks_run_out = \"silence\" (or \"bed\" with a "
                  "bed)");
        }
        return phase;
    }

    Program readProgram(const toml::table& root) {
        Program program;
        program.sourceFile = file_;
        checkKeys(root, kProgramKeys, "the program");
        const std::string tableName = "the program";
        if (const toml::node* node = root.get("format")) {
            const auto* integer = node->as_integer();
            if (integer == nullptr || integer->get() != 1) {
                error(locate(node->source()),
                      "this Stillpoint reads program format 1, not " +
                          (integer ? std::to_string(integer->get()) : describeType(*node)),
                      "write format = 1, or use the Stillpoint version the program was written for");
            }
        } else {
            missing(root, "format", tableName);
        }
        if (auto name = readText(root, "name", tableName, true)) program.name = std::move(*name);
        if (auto author = readText(root, "author", tableName)) program.author = std::move(*author);
        if (auto description = readText(root, "description", tableName))
            program.description = std::move(*description);
        if (const auto route = readChoice(root, "route", kRoutes)) program.route = *route;
        if (const auto target = readNumber(root, "target_loudness", -40.0, -10.0, "LUFS"))
            program.targetLufs = *target;
        if (const auto ceiling = readNumber(root, "volume_ceiling", -30.0, 0.0, "dBFS")) {
            program.volumeCeilingDbfs = *ceiling;
        }
        if (const auto endFade = readDuration(root, "end_fade", tableName)) {
            if (*endFade > std::chrono::minutes(10)) {
                error(locate(root.get("end_fade")->source()), "\"end_fade\" is longer than 10 minutes",
                      "the fade at the end of a session is usually 10s to 2m");
            } else {
                program.endFade = *endFade;
            }
        }
        if (const auto* grounding = readTable(root, "grounding")) {
            program.grounding = readTrack(*grounding, "[grounding]", false);
        }
        const auto phases = readTableArray(root, "phase", "phase");
        if (phases.empty() && root.get("phase") == nullptr) {
            error(locateTable(root), "the program has no phases",
                  "add at least one [[phase]] with a name, a planned duration and [[phase.track]] sections");
        }
        if (phases.size() > static_cast<std::size_t>(kMaxPhases)) {
            error(locateTable(*phases[static_cast<std::size_t>(kMaxPhases)]),
                  "the program has " + std::to_string(phases.size()) + " phases; Stillpoint plays at most " +
                      std::to_string(kMaxPhases),
                  "this is phase " + std::to_string(kMaxPhases + 1) +
                      ": merge phases that belong together (a phase can hold any number of tracks), or split "
                      "the session into two programs");
        }
        int number = 0;
        for (const auto* phaseTable : phases) {
            if (auto phase = readPhase(*phaseTable, ++number)) program.phases.push_back(std::move(*phase));
        }
        return program;
    }

    fs::path file_;
    fs::path folder_;
};

ParseResult fileProblem(const fs::path& file, std::string message, std::string hint) {
    ParseResult result;
    result.problems.push_back(
        {SourceLocation{file, 0, 0}, std::move(message), std::move(hint), Severity::Error});
    return result;
}

}  // namespace

std::size_t editDistance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> previous(b.size() + 1);
    std::vector<std::size_t> current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
        }
        std::swap(previous, current);
    }
    return previous[b.size()];
}

ParseResult parseProgramText(std::string_view text, const fs::path& file) {
    return Parser(file).run(text);
}

ParseResult parseProgramFile(const fs::path& file) {
    const FileRead read = readTextFile(file, kMaxProgramFileBytes);
    switch (read.failure) {
        case FileReadFailure::None:
            return parseProgramText(read.text, file);
        case FileReadFailure::Missing:
            return fileProblem(file, "no such file", "check the spelling and the folder of the program file");
        case FileReadFailure::NotRegular:
            return fileProblem(file, read.reason, "name the program's .toml file");
        case FileReadFailure::TooLarge:
            return fileProblem(file, read.reason + "; a program file is a few kilobytes",
                               "check that you named the program's .toml file, not an audio or archive file");
        case FileReadFailure::SymbolicLink:
        case FileReadFailure::Unreadable:
            break;
    }
    return fileProblem(file, read.reason, "check the file's permissions (chmod a+r) and the drive it is on");
}

std::string formatProblem(const Problem& problem) {
    std::string text = problem.where.file.string();
    if (problem.where.line > 0) {
        text += ":" + std::to_string(problem.where.line) + ":" + std::to_string(problem.where.column);
    }
    text += std::string(": ") + toString(problem.severity) + ": " + problem.message;
    if (!problem.hint.empty()) text += "\n  hint: " + problem.hint;
    return text;
}

const char* toString(Severity severity) {
    return severity == Severity::Error ? "error" : "warning";
}

}  // namespace stillpoint::program
