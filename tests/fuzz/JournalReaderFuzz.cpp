// Any bytes as a journal: the reader keeps the good lines and names the damaged ones, and the report
// renders whatever the reader kept; nothing crashes, throws or grows without bound.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "journal/JournalReader.h"
#include "journal/JournalReport.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace stillpoint::journal;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const JournalContents journal = parseJournalText(text, "/fuzz/journal.jsonl");
    (void)journal.describeSkipped();
    // As writeSessionReport(): a journal without its session_start line is refused, not reported.
    if (!journal.has(type::kSessionStart)) return 0;
    (void)renderReportHtml(journal);
    (void)renderEventsCsv(journal);
    (void)renderPlayedPlaylist(journal);
    return 0;
}
