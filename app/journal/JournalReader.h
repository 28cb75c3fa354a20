// Reads a journal back, whatever state a crash or a disk left it in: every good line is kept; a torn
// last line or a damaged line in the middle is skipped and reported (line number + reason).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "journal/JournalEntry.h"

namespace stillpoint::journal {

struct JournalLine {
    int lineNumber = 0;  // 1-based, in the file
    Json event;          // an object with at least "type" and "utc" strings
};

struct SkippedLine {
    int lineNumber = 0;
    std::string reason;
};

struct JournalContents {
    std::filesystem::path file;
    std::vector<JournalLine> events;
    std::vector<SkippedLine> skipped;
    bool endsWithoutNewline = false;  // the last write was cut short (or the file was edited by hand)

    // "journal.jsonl line 12: ..." for each skipped line, one per line; empty if nothing was skipped.
    std::string describeSkipped() const;
    // The first event of this type, or nullptr.
    const Json* first(const char* type) const;
    bool has(const char* type) const { return first(type) != nullptr; }
};

// Throws JournalError only if the file cannot be opened or read at all.
JournalContents readJournal(const std::filesystem::path& journalFile);

}  // namespace stillpoint::journal
