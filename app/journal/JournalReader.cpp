#include "journal/JournalReader.h"

#include <cmath>
#include <optional>

#include "journal/JournalError.h"
#include "program/TextFileReader.h"

namespace stillpoint::journal {

std::string JournalContents::describeSkipped() const {
    std::string text;
    for (const auto& line : skipped) {
        text +=
            file.filename().string() + " line " + std::to_string(line.lineNumber) + ": " + line.reason + "\n";
    }
    return text;
}

const Json* JournalContents::first(const char* type) const {
    for (const auto& line : events) {
        if (stringField(line.event, "type") == type) return &line.event;
    }
    return nullptr;
}

namespace {

// Builds the line's JSON like Json::parse, but stops at kMaxJournalNesting levels (nlohmann's own
// parser has no limit, and a value nested 100,000 deep costs the reader its stack when it is later
// copied or printed) and keeps the parser's message instead of throwing it.
class BoundedJsonBuilder {
public:
    explicit BoundedJsonBuilder(Json& result) : builder_(result, /*allow_exceptions=*/false) {}

    bool null() { return builder_.null(); }
    bool boolean(bool value) { return builder_.boolean(value); }
    bool number_integer(Json::number_integer_t value) { return builder_.number_integer(value); }
    bool number_unsigned(Json::number_unsigned_t value) { return builder_.number_unsigned(value); }
    bool number_float(Json::number_float_t value, const Json::string_t& text) {
        return builder_.number_float(value, text);
    }
    bool string(Json::string_t& value) { return builder_.string(value); }
    bool binary(Json::binary_t& value) { return builder_.binary(value); }
    bool key(Json::string_t& value) { return builder_.key(value); }
    bool start_object(std::size_t size) { return deeper() && builder_.start_object(size); }
    bool start_array(std::size_t size) { return deeper() && builder_.start_array(size); }
    bool end_object() {
        --depth_;
        return builder_.end_object();
    }
    bool end_array() {
        --depth_;
        return builder_.end_array();
    }
    bool parse_error(std::size_t byte, const std::string&, const nlohmann::detail::exception& error) {
        // "number overflow parsing '1e999'" and the like, without the library's "[json.exception...]".
        std::string what = error.what();
        if (const auto cut = what.find("] "); cut != std::string::npos) what.erase(0, cut + 2);
        problem_ = "damaged line, not valid JSON (at byte " + std::to_string(byte) + ": " + what + ")";
        return false;
    }

    const std::string& problem() const { return problem_; }

private:
    bool deeper() {
        if (++depth_ <= kMaxJournalNesting) return true;
        problem_ = "damaged line: values nested more than " + std::to_string(kMaxJournalNesting) +
                   " levels deep, which no journal writes";
        return false;
    }

    nlohmann::detail::json_sax_dom_parser<Json> builder_;
    int depth_ = 0;
    std::string problem_;
};

// What each field of the journal's vocabulary must hold. Fields the reader does not know (written by a
// newer version) are kept as they are.
enum class FieldKind {
    Text,
    Flag,
    Seconds,
    Sequence,
    PhaseIndex,
    Format,
    Volume,
    Value,
    Vital,
    TrackRef,
    Phases
};

struct FieldRule {
    const char* key;
    FieldKind kind;
};

constexpr FieldRule kFieldRules[] = {
    {"seq", FieldKind::Sequence},
    {"format", FieldKind::Format},
    {"phase_index", FieldKind::PhaseIndex},
    {"session_s", FieldKind::Seconds},
    {"track_s", FieldKind::Seconds},
    {"planned_s", FieldKind::Seconds},
    {"actual_s", FieldKind::Seconds},
    {"played_s", FieldKind::Seconds},
    {"phase_elapsed_s", FieldKind::Seconds},
    {"phase_planned_s", FieldKind::Seconds},
    {"phase_extension_s", FieldKind::Seconds},
    {"length_s", FieldKind::Seconds},
    {"master_volume", FieldKind::Volume},
    {"value", FieldKind::Value},
    {"consent_to_music", FieldKind::Flag},
    {"held", FieldKind::Flag},
    {"talk_over", FieldKind::Flag},
    {"bp_systolic", FieldKind::Vital},
    {"bp_diastolic", FieldKind::Vital},
    {"hr", FieldKind::Vital},
    {"spo2", FieldKind::Vital},
    {"track_ref", FieldKind::TrackRef},
    {"phases", FieldKind::Phases},
    {"phase", FieldKind::Text},
    {"track", FieldKind::Text},
    {"track_file", FieldKind::Text},
    {"program", FieldKind::Text},
    {"program_path", FieldKind::Text},
    {"program_sha256", FieldKind::Text},
    {"patient_id", FieldKind::Text},
    {"clinician", FieldKind::Text},
    {"route", FieldKind::Text},
    {"dose_note", FieldKind::Text},
    {"output_device", FieldKind::Text},
    {"marker", FieldKind::Text},
    {"text", FieldKind::Text},
    {"action", FieldKind::Text},
    {"source", FieldKind::Text},
    {"title", FieldKind::Text},
    {"artist", FieldKind::Text},
    {"role", FieldKind::Text},
    {"fault", FieldKind::Text},
    {"detail", FieldKind::Text},
    {"state", FieldKind::Text},
    {"last_recorded_utc", FieldKind::Text},
    {"reason", FieldKind::Text},
    {"what", FieldKind::Text},
};

std::string shown(const Json& value) {
    std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
    if (text.size() > 40) text = text.substr(0, 37) + "...";
    return text;
}

// Empty if `value` is a number in [low, high], else why not.
std::string numberProblem(const Json& value, double low, double high, const char* what) {
    if (!value.is_number()) return "is " + shown(value) + ", not a number";
    const double number = value.get<double>();
    if (std::isfinite(number) && number >= low && number <= high) return {};
    return "is " + shown(value) + ", " + what;
}

std::string fieldProblem(const Json& value, FieldKind kind);

std::string trackRefProblem(const Json& value) {
    if (!value.is_object()) return "is " + shown(value) + ", not a track reference";
    for (const auto& [key, part] : value.items()) {
        std::string problem;
        if (key == "role")
            problem = part.is_string() ? "" : "is " + shown(part) + ", not text";
        else if (key == "phase" || key == "index" || key == "alternate")
            problem = numberProblem(part, -1, 32767, "not a track's place in the program");
        if (!problem.empty()) return "." + key + " " + problem;
    }
    return {};
}

std::string phasesProblem(const Json& value) {
    if (!value.is_array()) return "is " + shown(value) + ", not a list of phases";
    for (const auto& phase : value) {
        if (!phase.is_object()) return "holds " + shown(phase) + ", not a phase";
        for (const auto& [key, part] : phase.items()) {
            std::string problem;
            if (key == "planned_s")
                problem = fieldProblem(part, FieldKind::Seconds);
            else if (key == "name" || key == "ends")
                problem = fieldProblem(part, FieldKind::Text);
            if (!problem.empty()) return "holds a phase whose \"" + key + "\" " + problem;
        }
    }
    return {};
}

std::string fieldProblem(const Json& value, FieldKind kind) {
    switch (kind) {
        case FieldKind::Text:
            return value.is_string() ? "" : "is " + shown(value) + ", not text";
        case FieldKind::Flag:
            return value.is_boolean() ? "" : "is " + shown(value) + ", not true or false";
        case FieldKind::Seconds:
            return numberProblem(value, -kMaxJournalSeconds, kMaxJournalSeconds,
                                 "beyond any session (more than eleven days)");
        case FieldKind::Sequence:
            return numberProblem(value, 0, 1e12, "not a line number");
        case FieldKind::PhaseIndex:
            return numberProblem(value, -1, 32767, "not a phase's place in the program");
        case FieldKind::Format:
            return numberProblem(value, 0, 1000, "not a journal format");
        case FieldKind::Volume:
            return numberProblem(value, 0, 1, "not a volume from 0 to 1");
        case FieldKind::Value:
            return numberProblem(value, -kMaxJournalSeconds, kMaxJournalSeconds,
                                 "beyond any command's value");
        case FieldKind::Vital:
            return value.is_null() ? "" : numberProblem(value, 0, 1000, "not a vital sign");
        case FieldKind::TrackRef:
            return trackRefProblem(value);
        case FieldKind::Phases:
            return phasesProblem(value);
    }
    return {};
}

// Why a parsed line is not a journal event, or empty if it is one.
std::string eventProblem(const Json& event) {
    if (!event.is_object()) {
        return "not a journal event (a JSON " + std::string(event.type_name()) + ", not an object); skipped";
    }
    if (!event.contains("type") || !event["type"].is_string())
        return "not a journal event (no \"type\"); skipped";
    if (!event.contains("utc") || !event["utc"].is_string() || !parseUtc(event["utc"].get<std::string>())) {
        return "not a journal event (no valid \"utc\" time); skipped";
    }
    for (const auto& rule : kFieldRules) {
        const auto found = event.find(rule.key);
        if (found == event.end()) continue;
        if (auto problem = fieldProblem(*found, rule.kind); !problem.empty())
            return "damaged line: \"" + std::string(rule.key) + "\" " + problem + "; skipped";
    }
    return {};
}

}  // namespace

JournalContents readJournal(const std::filesystem::path& journalFile) {
    const program::FileRead read =
        program::readTextFile(journalFile, kMaxJournalBytes, program::LinkPolicy::Refuse);
    switch (read.failure) {
        case program::FileReadFailure::None:
            return parseJournalText(read.text, journalFile);
        case program::FileReadFailure::Missing:
            throw JournalError("Cannot open the journal " + journalFile.string() +
                               ": it does not exist. Check the session folder's path.");
        case program::FileReadFailure::SymbolicLink:
            throw JournalError("The journal " + journalFile.string() + " " + read.reason +
                               ": a journal is always a file of its own. Check who made the link.");
        case program::FileReadFailure::TooLarge:
            throw JournalError("The journal " + journalFile.string() + " " + read.reason +
                               ": no session writes that much. Check that this is a session folder.");
        case program::FileReadFailure::NotRegular:
        case program::FileReadFailure::Unreadable:
            break;
    }
    throw JournalError("Cannot read the journal " + journalFile.string() + ": it " + read.reason +
                       ". Check the file's permissions and the drive.");
}

JournalContents parseJournalText(std::string_view data, const std::filesystem::path& journalFile) {
    JournalContents contents;
    contents.file = journalFile;
    contents.endsWithoutNewline = !data.empty() && data.back() != '\n';
    std::size_t begin = 0;
    int lineNumber = 0;
    while (begin < data.size()) {
        std::size_t end = data.find('\n', begin);
        const bool lastAndUnterminated = end == std::string_view::npos;
        if (lastAndUnterminated) end = data.size();
        const std::string_view text = data.substr(begin, end - begin);
        begin = end + 1;
        ++lineNumber;
        if (text.find_first_not_of(" \t\r") == std::string_view::npos) {
            if (!text.empty() || !lastAndUnterminated)
                contents.skipped.push_back({lineNumber, "empty line; skipped"});
            continue;
        }
        // Parsed once, without exceptions: a crash leaves at most one bad line, but a reader of a
        // long journal should not pay for the good ones twice.
        Json event;
        BoundedJsonBuilder builder(event);
        const bool parsed = Json::sax_parse(text, &builder);
        std::string problem = parsed ? eventProblem(event) : builder.problem();
        if (parsed && problem.empty()) {
            contents.events.push_back({lineNumber, std::move(event)});
        } else if (lastAndUnterminated) {
            contents.skipped.push_back(
                {lineNumber,
                 "incomplete last line (" + std::to_string(text.size()) +
                     " bytes): the program stopped while writing it; everything before it is intact"});
        } else {
            if (!parsed) problem += "; skipped";
            contents.skipped.push_back({lineNumber, std::move(problem)});
        }
    }
    return contents;
}

}  // namespace stillpoint::journal
