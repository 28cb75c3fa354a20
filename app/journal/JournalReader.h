// Reads a journal back, whatever state a crash, a disk or a hand edit left it in: every good line is
// kept; a torn last line or a damaged line anywhere is skipped and reported (line number + reason).
// A line is damaged when it is not JSON, nests deeper than a journal ever writes, lacks "type" or
// "utc", or holds a field of the journal's vocabulary with the wrong type or an absurd value (a time
// beyond any session, a volume of 1e308). So whatever reads the events can trust those fields.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "journal/JournalEntry.h"

namespace stillpoint::journal {

// A journal of an eight-hour session is a few megabytes; a larger file is not a journal.
inline constexpr std::uintmax_t kMaxJournalBytes = 256u * 1024u * 1024u;
// No session lasts eleven days: a time beyond this is damage, not a long session.
inline constexpr double kMaxJournalSeconds = 1'000'000.0;
// Journal lines nest three levels (a line, its phases, a phase); deeper is damage.
inline constexpr int kMaxJournalNesting = 16;

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

// Throws JournalError only if the file cannot be opened or read at all (missing, unreadable, larger than
// kMaxJournalBytes, or a symbolic link: a journal is never read through a planted link).
JournalContents readJournal(const std::filesystem::path& journalFile);

// The same from text already in memory; `journalFile` names it in messages.
JournalContents parseJournalText(std::string_view text, const std::filesystem::path& journalFile);

}  // namespace stillpoint::journal
