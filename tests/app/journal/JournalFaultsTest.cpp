// Journals as a clinic's disk may hold them, damaged or tampered with: no journal stops the start-up scan
// for unfinished sessions or the report; a damaged line is named and left out; the report's files are
// never written through a link planted in the session folder, and a folder of another user is refused.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/journal/JournalTestSupport.h"
#include "journal/JournalError.h"
#include "journal/JournalReport.h"
#include "journal/SessionFolder.h"
#include "journal/SessionRecovery.h"

namespace stillpoint::journal {
namespace {

using namespace testing;
namespace fs = std::filesystem;

// The damage seen in the field, one line each: numbers no double holds, numbers no session reaches, a
// type the report reads as a flag, and a value nested 100,000 deep.
const std::vector<std::string> kDamagedLines = {
    R"({"seq":90,"utc":"2026-11-21T14:05:00.000Z","type":"note","session_s":1e999,"text":"a"})",
    R"({"seq":91,"utc":"2026-11-21T14:05:00.000Z","type":"note","session_s":1e308,"text":"b"})",
    R"({"seq":92,"utc":"2026-11-21T14:05:00.000Z","type":"marker","session_s":1e10,"marker":"custom"})",
    R"({"seq":93,"utc":"2026-11-21T14:05:00.000Z","type":"session_start","consent_to_music":"yes"})",
    R"({"seq":94,"utc":"2026-11-21T14:05:00.000Z","type":"note","text":)" + std::string(100'000, '[') +
        std::string(100'000, ']') + "}",
};

// A session that played 30 s (unfinished, as after a crash), with the damaged lines after its start.
fs::path writeDamagedSession(const fs::path& root, const program::Program& program, ManualClock& clock) {
    fs::path folder;
    {
        auto journal = SessionJournal::start(root, program, makeDetails(), clock.options());
        journal.recordEngineEvent(makeEvent(session::EventKind::SessionStarted, 0, 0));
        journal.recordEngineEvent(makeEvent(session::EventKind::PhaseEntered, 0, 0));
        journal.recordEngineEvent(makeEvent(session::EventKind::TrackStarted, 0, 0, phaseTrack(0, 0)));
        for (int second = 0; second <= 30; second += 2) {
            clock.advance(std::chrono::seconds(2));
            journal.observe(makeSnapshot(second, 0, phaseTrack(0, 0), second, second));
        }
        journal.recordMarker(MarkerKind::DoseGiven, "0.5 mg/kg");
        folder = journal.folder();
    }
    std::string text = readWholeFile(folder / kJournalFileName);
    for (const auto& line : kDamagedLines) text += line + "\n";
    writeWholeFile(folder / kJournalFileName, text);
    return folder;
}

TEST(JournalFaultsTest, DamagedJournalsNeitherStopTheStartUpScanNorHideTheirGoodLines) {
    TempFolder temp;
    ManualClock clock;
    const auto program = makeProgram(temp.path());
    const auto root = temp.path() / "sessions";
    const auto folder = writeDamagedSession(root, program, clock);
    // An ended session with only damage after its start, as the scan meets old sessions.
    {
        auto ended = SessionJournal::start(root, program, makeDetails("KX-0043"), clock.options());
        ended.endSession();
        std::string text = readWholeFile(ended.file());
        for (const auto& line : kDamagedLines) text += line + "\n";
        writeWholeFile(ended.file(), text);
    }

    std::vector<UnfinishedSession> found;
    ASSERT_NO_THROW(found = findUnfinishedSessions(root, *clock.now));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].folder, folder);
    EXPECT_EQ(found[0].journal.skipped.size(), kDamagedLines.size()) << found[0].journal.describeSkipped();
    // The resume point comes from the good lines, not from a damaged one that claims hours more.
    const auto point = makeResumePoint(found[0].journal);
    EXPECT_NEAR(point.sessionSeconds, 30.0, 0.01);
}

TEST(JournalFaultsTest, TheReportOfADamagedJournalNamesEachDamagedLineAndStaysSmall) {
    TempFolder temp;
    ManualClock clock;
    const auto program = makeProgram(temp.path());
    const auto folder = writeDamagedSession(temp.path() / "sessions", program, clock);
    const std::size_t goodLines = readJournal(folder / kJournalFileName).events.size();

    const auto files = writeSessionReport(folder);
    std::size_t named = 0;
    for (std::size_t i = 0; i < kDamagedLines.size(); ++i) {
        const std::string line = "journal.jsonl line " + std::to_string(goodLines + i + 1) + ": ";
        named += files.skippedLines.find(line) != std::string::npos;
    }
    EXPECT_EQ(named, kDamagedLines.size()) << files.skippedLines;
    // Session times of 1e10 s once made a 192 MB report: the report of 30 s of session is small.
    EXPECT_LT(fs::file_size(files.html), 1024u * 1024u);
    EXPECT_NE(readWholeFile(files.csv).find("dose_given"), std::string::npos);
}

TEST(JournalFaultsTest, ReportFilesReplaceLinksPlantedInTheFolderAndNeverWriteThroughThem) {
    TempFolder temp;
    ManualClock clock;
    const auto program = makeProgram(temp.path());
    const auto folder = writeDamagedSession(temp.path() / "sessions", program, clock);
    const auto victim = temp.path() / "victim.txt";
    writeWholeFile(victim, "someone else's file\n");
    ::chmod(victim.c_str(), 0644);
    fs::create_symlink(victim, folder / "report.html");
    fs::create_symlink(temp.path() / "created-through-a-link", folder / "events.csv");  // dangling

    const auto files = writeSessionReport(folder);
    EXPECT_EQ(readWholeFile(victim), "someone else's file\n");
    struct stat info {};
    ASSERT_EQ(::stat(victim.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0644u);  // not chmodded either
    EXPECT_FALSE(fs::exists(temp.path() / "created-through-a-link"));
    for (const auto& file : {files.html, files.csv, files.playlist}) {
        EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(file))) << file;
        ASSERT_EQ(::lstat(file.c_str(), &info), 0);
        EXPECT_EQ(info.st_mode & 0777, 0600u) << file;
    }
    EXPECT_NE(readWholeFile(files.html).find("<html"), std::string::npos);
    // No temporary file is left behind.
    for (const auto& entry : fs::directory_iterator(folder))
        EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();
}

TEST(JournalFaultsTest, AJournalThatIsAPlantedLinkIsNeitherReportedNorContinued) {
    TempFolder temp;
    ManualClock clock;
    const auto program = makeProgram(temp.path());
    const auto folder = writeDamagedSession(temp.path() / "sessions", program, clock);
    fs::rename(folder / kJournalFileName, temp.path() / "elsewhere.jsonl");
    fs::create_symlink(temp.path() / "elsewhere.jsonl", folder / kJournalFileName);
    EXPECT_THROW(writeSessionReport(folder), JournalError);
    EXPECT_THROW(SessionJournal::reopen(folder, program), JournalError);
    EXPECT_THROW(openPrivateFile(folder / kJournalFileName, true), JournalError);
}

TEST(JournalFaultsTest, ASessionFolderOthersMayWriteIntoOrOfAnotherUserIsRefused) {
    TempFolder temp;
    ManualClock clock;
    const auto program = makeProgram(temp.path());
    const auto folder = writeDamagedSession(temp.path() / "sessions", program, clock);
    ::chmod(folder.c_str(), 0777);
    try {
        writeSessionReport(folder);
        FAIL() << "expected JournalError";
    } catch (const JournalError& error) {
        EXPECT_NE(std::string(error.what()).find("chmod 700"), std::string::npos) << error.what();
    }
    EXPECT_FALSE(fs::exists(folder / "report.html"));
    ::chmod(folder.c_str(), 0700);
    if (::geteuid() != 0) GTEST_SKIP() << "giving a folder to another user needs root";
    ASSERT_EQ(::chown(folder.c_str(), 65534, 65534), 0);
    try {
        writeSessionReport(folder);
        FAIL() << "expected JournalError";
    } catch (const JournalError& error) {
        EXPECT_NE(std::string(error.what()).find("another user"), std::string::npos) << error.what();
    }
    EXPECT_THROW(SessionJournal::reopen(folder, program), JournalError);
    EXPECT_FALSE(fs::exists(folder / "report.html"));
}

}  // namespace
}  // namespace stillpoint::journal
