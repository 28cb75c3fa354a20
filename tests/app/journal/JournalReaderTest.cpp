#include "journal/JournalReader.h"

#include <gtest/gtest.h>

#include "app/journal/JournalTestSupport.h"
#include "journal/JournalError.h"
#include "journal/SessionFolder.h"

namespace stillpoint::journal {
namespace {

using namespace testing;

// A real journal of a dozen lines, as the session wrote it.
std::string writeSampleJournal(const TempFolder& temp) {
    const auto program = makeProgram(temp.path());
    auto journal = SessionJournal::start(temp.path() / "sessions", program, makeDetails());
    for (int i = 0; i < 5; ++i) {
        journal.observe(makeSnapshot(2.0 * i, 0, phaseTrack(0, 0), 2.0 * i, 2.0 * i));
        journal.recordNote("note " + std::to_string(i) + ", with \"quotes\" and a \\ backslash");
    }
    return readWholeFile(journal.file());
}

std::size_t completeLinesIn(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(JournalReaderTest, ATornLastLineIsSkippedAndReportedAndEverythingBeforeItKept) {
    TempFolder temp;
    const std::string whole = writeSampleJournal(temp);
    const auto file = temp.path() / "cut.jsonl";
    const std::size_t total = completeLinesIn(whole);
    ASSERT_EQ(total, 11u);
    // Cut the file where a crash mid-write can: every 3rd byte of the last line and its last 8 bytes, every
    // 29th byte before it, and both sides of every line end.
    const std::size_t lastLineStart = whole.rfind('\n', whole.size() - 2) + 1;
    for (std::size_t cut = 0; cut <= whole.size(); ++cut) {
        const bool nearLineEnd =
            (cut > 0 && whole[cut - 1] == '\n') || (cut < whole.size() && whole[cut] == '\n');
        const bool nearEnd = cut + 8 >= whole.size();
        if (!nearLineEnd && !nearEnd && cut % (cut < lastLineStart ? 29 : 3) != 0) continue;
        const std::string prefix = whole.substr(0, cut);
        writeWholeFile(file, prefix);
        const auto contents = readJournal(file);
        const std::size_t complete = completeLinesIn(prefix);
        const bool torn = !prefix.empty() && prefix.back() != '\n';
        ASSERT_EQ(contents.endsWithoutNewline, torn) << "cut at " << cut;
        // A line cut just before its newline is still whole JSON: kept, not lost.
        const bool tornButWhole = torn && whole[cut] == '\n';
        ASSERT_EQ(contents.events.size(), complete + (tornButWhole ? 1 : 0)) << "cut at " << cut;
        if (torn && !tornButWhole) {
            ASSERT_EQ(contents.skipped.size(), 1u) << "cut at " << cut;
            EXPECT_EQ(contents.skipped[0].lineNumber, static_cast<int>(complete + 1));
            EXPECT_NE(contents.skipped[0].reason.find("incomplete last line"), std::string::npos);
        } else {
            ASSERT_TRUE(contents.skipped.empty()) << "cut at " << cut << ": " << contents.describeSkipped();
        }
        for (std::size_t i = 0; i < contents.events.size(); ++i) {
            EXPECT_EQ(contents.events[i].lineNumber, static_cast<int>(i + 1));
        }
    }
}

TEST(JournalReaderTest, GarbageInTheMiddleIsSkippedWithItsLineNumberAndTheGoodLinesKept) {
    TempFolder temp;
    std::string whole = writeSampleJournal(temp);
    std::vector<std::string> lines;
    for (std::size_t begin = 0, end; (end = whole.find('\n', begin)) != std::string::npos; begin = end + 1) {
        lines.push_back(whole.substr(begin, end - begin));
    }
    const std::vector<std::string> garbage = {
        "{\"seq\": 4, \"utc\": \"2026-11-21T14:00:00.000Z\", \"type\": \"note\", \"te",  // torn, then more
                                                                                         // written
        std::string(40, '\0'),                                                           // zero-filled block
        "[1, 2, 3]",
        "{\"utc\": \"2026-11-21T14:00:00.000Z\"}",
        "{\"type\": \"note\", \"utc\": \"yesterday\"}",
        "",
    };
    std::string damaged;
    int lineNumber = 0;
    std::vector<int> garbageLines;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        damaged += lines[i] + "\n";
        ++lineNumber;
        if (i >= 2 && i - 2 < garbage.size()) {
            damaged += garbage[i - 2] + "\n";
            garbageLines.push_back(++lineNumber);
        }
    }
    const auto file = temp.path() / "damaged.jsonl";
    writeWholeFile(file, damaged);
    const auto contents = readJournal(file);
    ASSERT_EQ(contents.events.size(), lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i)
        EXPECT_EQ(contents.events[i].event.dump(), Json::parse(lines[i]).dump());
    ASSERT_EQ(contents.skipped.size(), garbage.size());
    for (std::size_t i = 0; i < garbage.size(); ++i)
        EXPECT_EQ(contents.skipped[i].lineNumber, garbageLines[i]);
    EXPECT_NE(contents.skipped[0].reason.find("not valid JSON"), std::string::npos);
    EXPECT_NE(contents.skipped[2].reason.find("not an object"), std::string::npos);
    EXPECT_NE(contents.skipped[3].reason.find("no \"type\""), std::string::npos);
    EXPECT_NE(contents.skipped[4].reason.find("utc"), std::string::npos);
    EXPECT_NE(contents.skipped[5].reason.find("empty line"), std::string::npos);
    const std::string described = contents.describeSkipped();
    EXPECT_NE(described.find("damaged.jsonl line " + std::to_string(garbageLines[0]) + ": damaged line"),
              std::string::npos);
}

TEST(JournalReaderTest, AMissingJournalIsAClearError) {
    TempFolder temp;
    try {
        readJournal(temp.path() / "nowhere" / kJournalFileName);
        FAIL() << "expected JournalError";
    } catch (const JournalError& error) {
        EXPECT_NE(std::string(error.what()).find("nowhere/journal.jsonl"), std::string::npos);
    }
}

TEST(JournalReaderTest, ReopeningAfterATornLineKeepsTheTornLineSeparateAndContinuesTheSequence) {
    TempFolder temp;
    writeSampleJournal(temp);
    const auto program = makeProgram(temp.path());
    const auto folder = *std::filesystem::directory_iterator(temp.path() / "sessions");
    const auto file = folder.path() / kJournalFileName;
    std::string text = readWholeFile(file);
    writeWholeFile(file, text.substr(0, text.size() - 20));  // the last note is torn
    {
        auto journal = SessionJournal::reopen(folder.path(), program);
        journal.recordNote("after the crash");
    }
    const auto contents = readJournal(file);
    ASSERT_EQ(contents.skipped.size(), 1u);
    EXPECT_EQ(contents.skipped[0].lineNumber, 11);
    EXPECT_NE(contents.skipped[0].reason.find("not valid JSON"), std::string::npos);
    ASSERT_EQ(contents.events.size(), 11u);
    EXPECT_EQ(contents.events.back().event["text"], "after the crash");
    EXPECT_EQ(contents.events.back().event["seq"], 11);  // the torn line's number was never read back
    EXPECT_EQ(contents.events.back().lineNumber, 12);
}

// A copy of a real line with one field replaced by `value` (raw JSON text).
std::string withField(const std::string& line, const std::string& key, const std::string& value) {
    Json event = Json::parse(line);
    event[key] = nullptr;
    std::string text = event.dump();
    const std::string written = "\"" + key + "\":null";
    return text.replace(text.find(written), written.size(), "\"" + key + "\":" + value);
}

TEST(JournalReaderTest, ALineWithAWrongTypeOrAnAbsurdValueIsSkippedAndNamedNeverThrown) {
    TempFolder temp;
    const std::string whole = writeSampleJournal(temp);
    const std::string start = whole.substr(0, whole.find('\n'));
    const std::size_t noteStart = whole.rfind('\n', whole.size() - 2) + 1;
    const std::string note = whole.substr(noteStart, whole.size() - noteStart - 1);
    struct Damage {
        std::string line;
        std::string named;  // what the reason must mention
    };
    const std::vector<Damage> damage = {
        {withField(note, "session_s", "1e999"), "number overflow"},  // not even a double
        {withField(note, "session_s", "1e308"), "\"session_s\""},
        {withField(note, "session_s", "1e10"), "\"session_s\""},
        {withField(note, "track_s", "-2e7"), "\"track_s\""},
        {withField(start, "consent_to_music", "\"yes\""), "\"consent_to_music\""},
        {withField(note, "text", "42"), "\"text\""},
        {withField(note, "phase_index", "1e300"), "\"phase_index\""},
        {withField(note, "track_ref", "{\"role\": \"phase\", \"index\": 1e99}"), "\"track_ref\""},
        {withField(start, "phases", "[{\"name\": \"peak\", \"planned_s\": 1e12}]"), "\"phases\""},
        {withField(note, "master_volume", "1e30"), "\"master_volume\""},
        {withField(note, "seq", "\"eleven\""), "\"seq\""},
        {withField(note, "detail", std::string(100'000, '[') + std::string(100'000, ']')), "nested"},
        {std::string(100'000, '['), "nested"},
        // Times no journal was written at (and beyond what the clock can hold: found by fuzzing).
        {withField(note, "utc", "\"1013-11-21T14:00:00.000Z\""), "\"utc\""},
        {withField(note, "utc", "\"2026-11-21T-1:00:00.000Z\""), "\"utc\""},
    };
    std::string damaged = whole;
    for (const auto& bad : damage) damaged += bad.line + "\n";
    damaged += note + "\n";  // a good line after them all is still read
    const auto file = temp.path() / "damaged.jsonl";
    writeWholeFile(file, damaged);

    const auto contents = readJournal(file);
    EXPECT_EQ(contents.events.size(), completeLinesIn(whole) + 1);
    ASSERT_EQ(contents.skipped.size(), damage.size());
    for (std::size_t i = 0; i < damage.size(); ++i) {
        EXPECT_EQ(contents.skipped[i].lineNumber, static_cast<int>(completeLinesIn(whole) + i + 1));
        EXPECT_NE(contents.skipped[i].reason.find(damage[i].named), std::string::npos)
            << "line " << i << ": " << contents.skipped[i].reason;
        EXPECT_NE(contents.skipped[i].reason.find("skipped"), std::string::npos)
            << contents.skipped[i].reason;
    }
    // The lines that are kept hold what their fields promise.
    for (const auto& line : contents.events) {
        EXPECT_LE(numberField(line.event, "session_s"), kMaxJournalSeconds);
        if (line.event.contains("consent_to_music")) {
            EXPECT_TRUE(line.event["consent_to_music"].is_boolean());
        }
    }
}

TEST(JournalReaderTest, FieldsOfNewerVersionsAreKeptAndRealisticValuesAreNotRefused) {
    const std::string line =
        R"({"seq":7,"utc":"2026-11-21T14:00:00.000Z","type":"note","session_s":28800.5,"track_s":0,)"
        R"("phase_extension_s":0,"master_volume":1,"value":-30,"hr":null,"spo2":97,)"
        R"("future_field":{"nested":[1,2,{"deep":"yes"}]},"count":1e15})";
    const auto contents = parseJournalText(line + "\n", "journal.jsonl");
    ASSERT_EQ(contents.events.size(), 1u) << contents.describeSkipped();
    EXPECT_EQ(contents.events[0].event["future_field"]["nested"][2]["deep"], "yes");
}

TEST(JournalReaderTest, AJournalIsNeverReadThroughASymbolicLinkNorFromSomethingThatIsNotAFile) {
    TempFolder temp;
    writeWholeFile(temp.path() / "elsewhere.jsonl", writeSampleJournal(temp));
    std::filesystem::create_symlink(temp.path() / "elsewhere.jsonl", temp.path() / kJournalFileName);
    try {
        readJournal(temp.path() / kJournalFileName);
        FAIL() << "expected JournalError";
    } catch (const JournalError& error) {
        EXPECT_NE(std::string(error.what()).find("symbolic link"), std::string::npos) << error.what();
    }
    // A read error half-way is an error with its cause, not an exception of the standard library.
    try {
        readJournal("/proc/self/mem");
        FAIL() << "expected JournalError";
    } catch (const JournalError& error) {
        EXPECT_NE(std::string(error.what()).find("Input/output error"), std::string::npos) << error.what();
    }
    EXPECT_THROW(readJournal(temp.path()), JournalError);
}

}  // namespace
}  // namespace stillpoint::journal
