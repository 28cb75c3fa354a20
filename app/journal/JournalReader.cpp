#include "journal/JournalReader.h"

#include <fstream>
#include <sstream>

#include "journal/JournalError.h"

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
    return {};
}

// Only for lines already known to be damaged: where the JSON breaks, for the message.
std::string jsonProblem(const std::string& text) {
    try {
        [[maybe_unused]] const Json parsed = Json::parse(text);
        return "damaged line; skipped";
    } catch (const Json::parse_error& error) {
        return "damaged line, not valid JSON (at byte " + std::to_string(error.byte) + "); skipped";
    }
}

}  // namespace

JournalContents readJournal(const std::filesystem::path& journalFile) {
    std::ifstream in(journalFile, std::ios::binary);
    if (!in) {
        throw JournalError("Cannot open the journal " + journalFile.string() +
                           ": it does not exist or is not readable. Check the session folder's path.");
    }
    std::ostringstream whole;
    whole << in.rdbuf();
    if (in.bad())
        throw JournalError("Reading the journal " + journalFile.string() + " failed: check the drive.");
    const std::string data = whole.str();

    JournalContents contents;
    contents.file = journalFile;
    contents.endsWithoutNewline = !data.empty() && data.back() != '\n';
    std::size_t begin = 0;
    int lineNumber = 0;
    while (begin < data.size()) {
        std::size_t end = data.find('\n', begin);
        const bool lastAndUnterminated = end == std::string::npos;
        if (lastAndUnterminated) end = data.size();
        std::string text = data.substr(begin, end - begin);
        begin = end + 1;
        ++lineNumber;
        if (text.find_first_not_of(" \t\r") == std::string::npos) {
            if (!text.empty() || !lastAndUnterminated)
                contents.skipped.push_back({lineNumber, "empty line; skipped"});
            continue;
        }
        // Parsed once, without exceptions: a crash leaves at most one bad line, but a reader of a
        // long journal should not pay for the good ones twice.
        Json event = Json::parse(text, nullptr, /*allow_exceptions=*/false);
        const bool valid = !event.is_discarded();
        std::string problem = valid ? eventProblem(event) : std::string();
        if (valid && problem.empty()) {
            contents.events.push_back({lineNumber, std::move(event)});
        } else if (lastAndUnterminated) {
            contents.skipped.push_back(
                {lineNumber,
                 "incomplete last line (" + std::to_string(text.size()) +
                     " bytes): the program stopped while writing it; everything before it is intact"});
        } else {
            contents.skipped.push_back({lineNumber, valid ? std::move(problem) : jsonProblem(text)});
        }
    }
    return contents;
}

}  // namespace stillpoint::journal
