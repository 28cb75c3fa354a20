// The session report, written into the session's folder for the integration session afterwards:
//   report.html  self-contained (inline CSS and SVG, no scripts, nothing fetched), printable: the
//                session's details, a timeline (phases planned vs actual, music as played, markers,
//                notes, operator actions, faults, vitals) and a table of every event
//   events.csv   every event, RFC 4180, safe to open in a spreadsheet
//   played.m3u8  the music as it played, to share with the patient on request
// Every text from the journal is escaped where it lands (HTML, CSV, playlist).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "journal/JournalReader.h"

namespace stillpoint::journal {

struct ReportFiles {
    std::filesystem::path html;
    std::filesystem::path csv;
    std::filesystem::path playlist;
    std::string skippedLines;  // JournalContents::describeSkipped() of the journal reported on
};

// Reads <sessionFolder>/journal.jsonl and writes the three files (0600) beside it. Throws JournalError
// if the journal cannot be read, has no session_start line, or the files cannot be written.
ReportFiles writeSessionReport(const std::filesystem::path& sessionFolder);

std::string renderReportHtml(const JournalContents& journal);
std::string renderEventsCsv(const JournalContents& journal);
std::string renderPlayedPlaylist(const JournalContents& journal);

// Escapes & < > " ' for HTML text and attribute values (and SVG inside HTML).
std::string escapeHtml(std::string_view text);
// One RFC 4180 cell: quoted when needed, quotes doubled; a cell a spreadsheet would read as a formula
// (starting with = + - @, tab or carriage return) is prefixed with a single quote.
std::string csvCell(std::string_view text);
// "1:02:03" or "2:03" for seconds of session time.
std::string formatSessionTime(double seconds);

}  // namespace stillpoint::journal
