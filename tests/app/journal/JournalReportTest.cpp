#include "journal/JournalReport.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <regex>

#include <fmt/format.h>

#include "ScopedEnvironmentVariable.h"
#include "app/journal/JournalTestSupport.h"
#include "app/journal/RenderedSession.h"
#include "journal/JournalError.h"
#include "journal/JournalReportStory.h"
#include "journal/JournalReportViewer.h"
#include "journal/SessionFolder.h"

namespace stillpoint::journal {
namespace {

using namespace testing;
using session::Action;
using session::EventKind;

const char* kHostileNote = "She said \"it's like <script>alert(1)</script> & water\",\nthen =SUM(A1:A9)";

// A 40-minute session as the panel and engine journal it: three phases, four tracks, markers, notes,
// vitals every five minutes, a fault and its acknowledgement. One track's title tag is hostile.
std::filesystem::path writeSampleSession(const std::filesystem::path& root, const program::Program& program,
                                         ManualClock& clock) {
    auto journal = SessionJournal::start(root, program, makeDetails(), clock.options());
    const auto at = [&](double seconds) {
        *clock.now = std::chrono::sys_days{std::chrono::year{2026} / 11 / 21} + std::chrono::hours{14} +
                     std::chrono::milliseconds(static_cast<long>(seconds * 1000));
    };
    auto snapshotAt = [&](double t, int phase, session::TrackRef track, double trackStart) {
        at(t);
        journal.observe(makeSnapshot(t, phase, track, t - trackStart, t));
    };
    journal.recordEngineEvents(std::vector{makeEvent(EventKind::SessionStarted, 0, 0),
                                           makeEvent(EventKind::PhaseEntered, 0, 0),
                                           makeEvent(EventKind::TrackStarted, 0, 0, phaseTrack(0, 0))});
    snapshotAt(60, 0, phaseTrack(0, 0), 0);
    journal.recordMarker(MarkerKind::DoseGiven, "0.5 mg/kg");
    for (int minute = 0; minute <= 40; minute += 5) {
        snapshotAt(minute * 60.0 + 30,
                   minute < 2    ? 0
                   : minute < 28 ? 1
                                 : 2,
                   phaseTrack(minute < 2 ? 0 : 1, 0), 0);
        journal.recordVitals(
            makeVitals(118 + minute / 2, 76 + minute / 5, 70 + (minute % 15), 97 + minute % 3));
    }
    auto left = makeEvent(EventKind::PhaseLeft, 150, 0);
    left.plannedSeconds = 120;
    left.actualSeconds = 150;
    journal.recordEngineEvents(std::vector{makeEvent(EventKind::TrackEnded, 150, 0, phaseTrack(0, 0), 150),
                                           left, makeEvent(EventKind::PhaseEntered, 150, 1),
                                           makeEvent(EventKind::TrackStarted, 150, 1, phaseTrack(1, 0))});
    at(600);
    journal.observe(makeSnapshot(600, 1, phaseTrack(1, 0), 450, 450));
    journal.recordNote(kHostileNote);
    journal.recordMarker(MarkerKind::PatientSpoke);
    journal.recordEngineEvent(makeAction(600, 1, Action::TalkOverOn));
    at(700);
    journal.observe(makeSnapshot(700, 1, phaseTrack(1, 0), 550, 550));
    journal.recordEngineEvent(makeAction(700, 1, Action::TalkOverOff));
    at(900);
    journal.observe(makeSnapshot(900, 1, phaseTrack(1, 0), 750, 750));
    journal.recordMarker(MarkerKind::Distress);
    journal.recordEngineEvent(makeAction(900, 1, Action::SwapToAlternate));
    session::TrackRef alternate = phaseTrack(1, 0);
    alternate.role = session::TrackRole::Alternate;
    alternate.alternate = 0;
    journal.recordEngineEvents(std::vector{makeEvent(EventKind::TrackEnded, 904, 1, phaseTrack(1, 0), 754),
                                           makeEvent(EventKind::TrackStarted, 900, 1, alternate)});
    auto fault = makeEvent(EventKind::Fault, 1100, 1, alternate, 200);
    fault.fault = session::FaultKind::DeviceLost;
    setDetailText(fault, "Headphones unplugged");
    auto cleared = fault;
    cleared.kind = EventKind::FaultCleared;
    cleared.sessionFrame += 48000 * 4;
    journal.recordEngineEvents(std::vector{fault, cleared});
    journal.recordAcknowledged("Headphones unplugged");
    journal.recordEngineEvent(makeAction(1104, 1, Action::ExtendPhase, 5));
    auto peakLeft = makeEvent(EventKind::PhaseLeft, 1700, 1);
    peakLeft.plannedSeconds = 900;
    peakLeft.actualSeconds = 1550;
    journal.recordEngineEvents(std::vector{makeEvent(EventKind::TrackEnded, 1700, 1, alternate, 800),
                                           peakLeft, makeEvent(EventKind::PhaseEntered, 1700, 2),
                                           makeEvent(EventKind::TrackStarted, 1700, 2, phaseTrack(2, 0))});
    at(1710);
    journal.recordMarker(MarkerKind::InfusionStopped);
    at(2400);
    journal.observe(makeSnapshot(2400, 2, phaseTrack(2, 0), 700, 700));
    journal.recordNote("Calm, eyes open. Wants the playlist.");
    journal.recordEngineEvents(std::vector{makeEvent(EventKind::TrackEnded, 2430, 2, phaseTrack(2, 0), 730),
                                           makeEvent(EventKind::PhaseLeft, 2430, 2),
                                           makeEvent(EventKind::SessionEnded, 2430, 2)});
    journal.endSession();
    return journal.folder();
}

program::Program makeHostileProgram(const std::filesystem::path& folder) {
    auto program = makeProgram(folder);
    writeTaggedWav(folder / "deep.wav", "Deep <script>alert('t')</script> Field", "Okon \"Trio\"");
    return program;
}

struct Sample {
    ClinicZone zone;
    TempFolder temp;
    ManualClock clock;
    program::Program program = makeHostileProgram(temp.path());
    std::filesystem::path folder = writeSampleSession(temp.path() / "sessions", program, clock);
    JournalContents journal = readJournal(folder / kJournalFileName);
};

// A tiny RFC 4180 reader, to check what a spreadsheet would see.
std::vector<std::vector<std::string>> parseCsv(const std::string& text) {
    std::vector<std::vector<std::string>> rows(1);
    std::string cell;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
                cell += '"', ++i;
            else if (c == '"')
                quoted = false;
            else
                cell += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().push_back(std::move(cell)), cell.clear();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            rows.back().push_back(std::move(cell)), cell.clear();
            rows.emplace_back();
            ++i;
        } else {
            cell += c;
        }
    }
    if (rows.back().empty()) rows.pop_back();
    return rows;
}

TEST(JournalReportTest, EscapingHelpersHandleEveryDangerousCharacter) {
    EXPECT_EQ(escapeHtml("<a href=\"x\" title='y'>&</a>"),
              "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    EXPECT_EQ(csvCell("plain"), "plain");
    EXPECT_EQ(csvCell("a,b"), "\"a,b\"");
    EXPECT_EQ(csvCell("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(csvCell("two\nlines"), "\"two\nlines\"");
    EXPECT_EQ(csvCell("=1+2"), "'=1+2");
    EXPECT_EQ(csvCell("+31 6"), "'+31 6");
    EXPECT_EQ(csvCell("-cmd|' /C calc'!A0"), "'-cmd|' /C calc'!A0");
    EXPECT_EQ(csvCell("@SUM(A1)"), "'@SUM(A1)");
    EXPECT_EQ(csvCell("=\"a,b\""), "\"'=\"\"a,b\"\"\"");
    EXPECT_EQ(formatSessionTime(0), "0:00");
    EXPECT_EQ(formatSessionTime(125.4), "2:05");
    EXPECT_EQ(formatSessionTime(3723), "1:02:03");
}

TEST(JournalReportTest, HtmlEscapesEveryTextFromTheJournalTagsAndOperator) {
    Sample s;
    const std::string html = renderReportHtml(s.journal);
    EXPECT_EQ(std::regex_search(html, std::regex("<script", std::regex::icase)), false);
    EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; water"), std::string::npos);  // the note
    EXPECT_NE(html.find("Deep &lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; Field"),
              std::string::npos);  // a tag
    EXPECT_NE(html.find("Okon &quot;Trio&quot;"), std::string::npos);
    // Inside the SVG too: the track title appears in a <title> tooltip.
    const auto svgStart = html.find("<svg"), svgEnd = html.find("</svg>");
    ASSERT_NE(svgStart, std::string::npos);
    const std::string svg = html.substr(svgStart, svgEnd - svgStart);
    EXPECT_NE(svg.find("<title>Okon &quot;Trio&quot; - Deep &lt;script&gt;"), std::string::npos);
    EXPECT_NE(svg.find("&lt;script&gt;alert(1)"), std::string::npos);  // the note's tooltip
    // Self-contained: nothing is fetched.
    EXPECT_EQ(html.find("src="), std::string::npos);
    EXPECT_EQ(html.find("href="), std::string::npos);
    EXPECT_EQ(html.find("url("), std::string::npos);
}

TEST(JournalReportTest, HtmlEscapesAHandEditedJournalToo) {
    TempFolder temp;
    const auto file = temp.path() / kJournalFileName;
    writeWholeFile(
        file,
        R"j({"seq":1,"utc":"2026-11-21T14:00:00.000Z","type":"session_start","patient_id":"<script>p</script>",)j"
        R"j("program":"<img src=x onerror=alert(1)>","clinician":"Dr \"Q\"","phases":[{"name":"<b>","planned_s":60}]})j"
        "\n"
        R"j({"seq":2,"utc":"2026-11-21T14:00:01.000Z","type":"x\" onmouseover=\"alert(1)","session_s":1,)j"
        R"j("phase":"<i>","track":"</td>","track_s":0})j"
        "\n");
    const std::string html = renderReportHtml(readJournal(file));
    EXPECT_FALSE(std::regex_search(html, std::regex("<(script|img|b>|i>)", std::regex::icase)));
    EXPECT_EQ(html.find("onmouseover=\""), std::string::npos);
    EXPECT_NE(html.find("kind-x&quot; onmouseover=&quot;alert(1)"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;p&lt;/script&gt;"), std::string::npos);
    EXPECT_NE(html.find("Dr &quot;Q&quot;"), std::string::npos);
}

TEST(JournalReportTest, HtmlShowsTheHeaderTimelineAndEveryEvent) {
    Sample s;
    const std::string html = renderReportHtml(s.journal);
    for (const char* expected :
         {"IV 40 minutes", "KX-0042", "Dr. M. Okafor", "0.5 mg/kg over 40 min", "Consent to music",
          "<dd>yes</dd>", "Headphones (USB)", "2026-11-21 14:00", "Planned", "As it went", "Vitals",
          "Summary", "Rain on Cedar", "Calm Water", "Coming Home", "Distress", "Infusion stopped",
          "@media print", "<polyline"}) {
        EXPECT_NE(html.find(expected), std::string::npos) << expected;
    }
    EXPECT_EQ(html.find("has no end"), std::string::npos);
    // Every event has its row in the events table, except the 2-second position lines.
    const auto rows =
        static_cast<std::size_t>(std::count_if(s.journal.events.begin(), s.journal.events.end(),
                                               [](auto& line) { return line.event["type"] != "position"; }));
    std::size_t eventRows = 0;
    const auto table = html.find("id=\"events\"");
    for (auto at = html.find("<tr class=\"kind-", table); at != std::string::npos;
         at = html.find("<tr class=\"kind-", at + 1)) {
        ++eventRows;
    }
    EXPECT_NE(html.find("position lines (written every 2 s"), std::string::npos);
    // Markers and notes are numbered and listed with what was playing.
    EXPECT_NE(html.find("<tr class=\"kind-note\"><td class=\"num\">2</td><td class=\"num\">10:00</td><td "
                        "class=\"num\">15:10:00</td><td>peak</td><td>deep.wav</td><td "
                        "class=\"num\">7:30</td><td>She said "
                        "&quot;it&#39;s like"),
              std::string::npos);
    EXPECT_EQ(eventRows, rows);
}

TEST(JournalReportTest, CsvQuotesNotesAndGuardsAgainstFormulas) {
    Sample s;
    const std::string csv = renderEventsCsv(s.journal);
    const auto rows = parseCsv(csv);
    ASSERT_EQ(rows.size(), s.journal.events.size() + 1);
    for (const auto& row : rows) ASSERT_EQ(row.size(), 11u);
    EXPECT_EQ(rows[0][0], "line");
    EXPECT_EQ(rows[0][2], "local_time");
    EXPECT_EQ(rows[1][2], "15:00:00 CET");
    bool foundNote = false;
    for (const auto& row : rows) {
        if (row[7] == "note" && row[8].find("like <script>") != std::string::npos) {
            foundNote = true;
            EXPECT_EQ(row[8], kHostileNote);  // starts with "She": no guard needed, text intact
            EXPECT_EQ(row[10], std::string("Note: ") + kHostileNote);
        }
        for (const auto& cell : row) {
            ASSERT_FALSE(!cell.empty() && std::string_view("=+-@").find(cell[0]) != std::string_view::npos)
                << cell;
        }
    }
    EXPECT_TRUE(foundNote);
    EXPECT_NE(csv.find("\r\n"), std::string::npos);
}

TEST(JournalReportTest, PlaylistListsTheTracksAsTheyPlayed) {
    Sample s;
    const std::string expected =
        "#EXTM3U\n"
        "#EXTINF:150,Ana Lind - Rain on Cedar\n" +
        (s.temp.path() / "rain.wav").string() + "\n" +
        "#EXTINF:754,Okon \"Trio\" - Deep <script>alert('t')</script> Field\n" +
        (s.temp.path() / "deep.wav").string() + "\n" + "#EXTINF:800,Ana Lind - Calm Water\n" +
        (s.temp.path() / "calm.wav").string() + "\n" + "#EXTINF:730,Coming Home\n" +
        (s.temp.path() / "home.wav").string() + "\n";
    EXPECT_EQ(renderPlayedPlaylist(s.journal), expected);
}

TEST(JournalReportTest, WritesThreePrivateFilesAndRefusesAFolderWithoutAJournal) {
    Sample s;
    const mode_t previous = ::umask(0);
    const auto files = writeSessionReport(s.folder);
    ::umask(previous);
    for (const auto& file : {files.html, files.csv, files.playlist}) {
        struct stat info {};
        ASSERT_EQ(::stat(file.c_str(), &info), 0) << file;
        EXPECT_EQ(info.st_mode & 0777, 0600u) << file;
        EXPECT_GT(info.st_size, 100) << file;
    }
    EXPECT_TRUE(files.skippedLines.empty());
    EXPECT_THROW(writeSessionReport(s.temp.path()), JournalError);
    if (const char* keep = std::getenv("STILLPOINT_REPORT_SAMPLE_DIR")) {  // for scripts/screenshot-report.sh
        std::filesystem::create_directories(keep);
        std::filesystem::copy(
            s.folder, keep,
            std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
    }
}

// A journal line written by hand, for what the engine does not (yet) produce on its own.
std::string journalLine(int seq, double at, const std::string& fields) {
    return fmt::format(
               R"({{"seq":{},"utc":"2026-11-21T14:{:02}:{:02}.000Z","session_s":{},"phase_index":0,"phase":"settling",)"
               R"("track":"rain.wav","track_s":{},{}}})",
               seq, static_cast<int>(at) / 60, static_cast<int>(at) % 60, at, at, fields) +
           "\n";
}

const char* kStartLine =
    R"({"seq":1,"utc":"2026-11-21T14:00:00.000Z","type":"session_start","patient_id":"KX-1",)"
    R"("utc_offset_s":-18000,"time_zone":"EST","phases":[{"name":"settling","planned_s":600}]})"
    "\n";

TEST(JournalReportTest, MarkerLabelsNeverRepeatTheirKind) {
    const auto label = [](const char* marker, const char* text) {
        return report::markerLabel(Json{{"marker", marker}, {"text", text}});
    };
    EXPECT_EQ(label("dose_given", "Dose given"), "Dose given");
    EXPECT_EQ(label("dose_given", "dose given"), "Dose given");
    EXPECT_EQ(label("dose_given", ""), "Dose given");
    EXPECT_EQ(label("dose_given", "0.5 mg/kg"), "Dose given: 0.5 mg/kg");
    EXPECT_EQ(label("dose_given", "Dose given: 0.5 mg/kg"), "Dose given: 0.5 mg/kg");
    EXPECT_EQ(label("custom", "Smiled"), "Smiled");
    EXPECT_EQ(label("custom", ""), "Marker");
    EXPECT_EQ(label("distress", "tearful"), "Distress: tearful");
}

TEST(JournalReportTest, TimesAreTheClinicsLocalTimeWithItsZoneBesideSessionTime) {
    Sample s;  // journaled in Europe/Amsterdam: 14:00 UTC is 15:00 CET
    const std::string html = renderReportHtml(s.journal);
    EXPECT_NE(html.find("15:00 to 15:40 (CET, UTC+01:00)"), std::string::npos);
    EXPECT_NE(html.find("Clock (CET)"), std::string::npos);
    EXPECT_NE(html.find("<td class=\"num\">15:10:00</td>"), std::string::npos);
    // A report written elsewhere (here: New York) still shows the zone the session was recorded in.
    ClinicZone elsewhere("America/New_York");
    EXPECT_NE(renderReportHtml(s.journal).find("(CET, UTC+01:00)"), std::string::npos);
    TempFolder temp;
    writeWholeFile(temp.path() / "journal.jsonl",
                   std::string(kStartLine) + journalLine(2, 90, R"("type":"note","text":"x")"));
    const std::string est = renderReportHtml(readJournal(temp.path() / "journal.jsonl"));
    EXPECT_NE(est.find("09:01:30"), std::string::npos);
    EXPECT_NE(est.find("EST, UTC-05:00"), std::string::npos);
}

TEST(JournalReportTest, RefusedCommandsAreShownWithTheirReasonAndChangeNothing) {
    TempFolder temp;
    writeWholeFile(
        temp.path() / "journal.jsonl",
        std::string(kStartLine) +
            journalLine(2, 30,
                        R"("type":"operator_action","action":"release_hold","value":0,"source":"engine",)"
                        R"("outcome":"refused","reason":"not_held","reason_text":"the phase was not held")") +
            journalLine(
                3, 40,
                R"("type":"operator_action","action":"silence","value":0,"outcome":"refused","reason":"already_silent")"));
    const auto journal = readJournal(temp.path() / "journal.jsonl");
    const auto story = report::tellStory(journal);
    ASSERT_EQ(story.marks.size(), 2u);
    EXPECT_EQ(story.marks[0].kind, report::MarkKind::Refused);
    EXPECT_EQ(story.marks[0].label, "Refused: Release");
    EXPECT_TRUE(story.periods.empty());  // a refused silence silenced nothing
    const std::string html = renderReportHtml(journal);
    EXPECT_NE(html.find("Refused: release the hold (the phase was not held)"), std::string::npos);
    EXPECT_NE(html.find("2 command(s) refused"), std::string::npos);
    EXPECT_NE(html.find("Refused: silence the music (already silent)"), std::string::npos);
    EXPECT_NE(html.find("<tr class=\"kind-operator_action refused\">"), std::string::npos);
}

// The busy session the engine renders (tests/app/journal/RenderedSession.h), told as the report tells it.
struct RenderedBusySession {
    ClinicZone zone;
    TempFolder temp;
    ManualClock clock;
    program::Program program = makeRichProgram(temp.path());
    std::filesystem::path folder = [&] {
        RenderedSessionPlan plan;
        plan.steps = busySessionSteps();
        plan.crashAt = 130;
        plan.endAt = 185;
        return renderJournaledSession(temp.path() / "sessions", program, plan, clock,
                                      temp.path() / "loudness.cache");
    }();
    JournalContents journal = readJournal(folder / kJournalFileName);
    report::SessionStory story = report::tellStory(journal);
};

TEST(JournalReportTest, TheMusicTableSaysWhyEachTrackStartedAndHowItEnded) {
    RenderedBusySession s;
    const auto& tracks = s.story.tracks;
    ASSERT_GT(tracks.size(), 10u);
    EXPECT_EQ(tracks.front().why, "The session began");
    const auto first = [&](const std::string& why) {
        return std::find_if(tracks.begin(), tracks.end(), [&](auto& t) { return t.why == why; });
    };
    const auto alternate = first("Calmer alternate, chosen by the operator");
    ASSERT_NE(alternate, tracks.end());
    EXPECT_EQ(alternate->title, "Calm Water");
    EXPECT_EQ(std::prev(alternate)->ended, "swapped for the calmer alternate");
    const auto grounding = first("Grounding, chosen by the operator");
    ASSERT_NE(grounding, tracks.end());
    EXPECT_EQ(grounding->title, "Earth");
    const auto skipped = first("The operator skipped the track before");
    ASSERT_NE(skipped, tracks.end());
    EXPECT_EQ(std::prev(skipped)->ended, "skipped by the operator");
    EXPECT_NE(first("The operator moved on to this phase"), tracks.end());
    EXPECT_NE(first("Its phase began"), tracks.end());
    EXPECT_NE(first("Played again: the phase continues"), tracks.end());
    const auto resumed = std::find_if(tracks.begin(), tracks.end(), [](auto& t) {
        return t.why.find("after the interruption") != std::string::npos;
    });
    ASSERT_NE(resumed, tracks.end());
    EXPECT_EQ(std::prev(resumed)->ended, "cut off by the interruption");
    // Phases: planned against actual, and how each ended.
    ASSERT_EQ(s.story.phases.size(), 4u);
    EXPECT_EQ(s.story.phases[0].howEnded, "as planned");
    EXPECT_EQ(s.story.phases[1].howEnded, "the operator moved on early");
    EXPECT_NEAR(s.story.phases[1].end - s.story.phases[1].start, 25, 0.5);
    EXPECT_NEAR(s.story.phases[2].extendedSeconds, 60, 1e-9);
    EXPECT_LT(s.story.phases[3].start, 0);  // the session was ended before the return
}

TEST(JournalReportTest, TalkOverSilenceGroundingAndTheInterruptionArePeriods) {
    RenderedBusySession s;
    std::map<report::PeriodKind, std::vector<report::Period>> periods;
    for (const auto& period : s.story.periods) periods[period.kind].push_back(period);
    ASSERT_EQ(periods[report::PeriodKind::TalkOver].size(), 2u);
    EXPECT_NEAR(periods[report::PeriodKind::TalkOver][0].start, 12, 0.2);
    EXPECT_NEAR(periods[report::PeriodKind::TalkOver][0].end, 19, 0.2);
    ASSERT_EQ(periods[report::PeriodKind::Silence].size(), 1u);
    EXPECT_NEAR(periods[report::PeriodKind::Silence][0].start, 75, 0.2);
    EXPECT_NEAR(periods[report::PeriodKind::Silence][0].end, 82, 0.2);
    ASSERT_EQ(periods[report::PeriodKind::Grounding].size(), 1u);
    EXPECT_NEAR(periods[report::PeriodKind::Grounding][0].start, 88, 0.2);
    EXPECT_GE(periods[report::PeriodKind::Grounding][0].end, 104);  // the skip leaves grounding, fading out
    EXPECT_LE(periods[report::PeriodKind::Grounding][0].end, 108);
    ASSERT_EQ(periods[report::PeriodKind::Interruption].size(), 1u);
    EXPECT_NEAR(periods[report::PeriodKind::Interruption][0].wallSeconds, 200, 2.5);
    // The clock after the interruption runs 200 s later than the session time says.
    EXPECT_EQ(s.story.localTimeAt(100), "15:01:40");
    EXPECT_EQ(s.story.localTimeAt(170).substr(0, 4), "15:0");
    EXPECT_NE(s.story.localTimeAt(170), "15:02:50");
    const std::string html = renderReportHtml(s.journal);
    for (const char* sentence :
         {"Talked over the music twice", "Silenced the music once (0:07 in all; at 1:15)",
          "Swapped to the calmer alternate \u201cCalm Water\u201d", "Played the grounding track",
          "Extended \u201cpeak\u201d by 1:00", "Moved on from \u201conset\u201d early",
          "Changed the volume once",
          "6 readings. Blood pressure 120-131 / 77-84 mmHg; heart "
          "rate 70-88 /min; SpO2 96-99%",
          "Distress: tearful, hands clenched</strong> at 0:57"}) {
        EXPECT_NE(html.find(sentence), std::string::npos) << sentence;
    }
    // Plain sentences, the raw record behind a disclosure.
    EXPECT_NE(
        html.find(
            "<td>Operator: Swap to the calmer alternate</td><td><details class=\"raw\"><summary>record"),
        std::string::npos);
    EXPECT_EQ(html.find("source: engine"), std::string::npos);
}

// Talk-over and a hold that were on when the program died go on after the resume: the report's bands
// say so, from the engine state the resumed line carries (else they would stop at the crash).
TEST(JournalReportTest, TalkOverAndHoldOnAtACrashGoOnAfterTheResume) {
    ClinicZone zone;
    TempFolder temp;
    ManualClock clock;
    const program::Program program = makeRichProgram(temp.path());
    RenderedSessionPlan plan;
    plan.steps = {command(40, Action::Hold), command(45, Action::TalkOverOn),
                  command(70, Action::TalkOverOff), command(75, Action::ReleaseHold)};
    plan.crashAt = 50;
    plan.endAt = 90;
    const auto folder = renderJournaledSession(temp.path() / "sessions", program, plan, clock,
                                               temp.path() / "loudness.cache");
    const auto story = report::tellStory(readJournal(folder / kJournalFileName));
    std::map<report::PeriodKind, std::vector<report::Period>> periods;
    for (const auto& period : story.periods) periods[period.kind].push_back(period);
    // One band each, through the interruption, to the command that ended it after the resume.
    ASSERT_EQ(periods[report::PeriodKind::TalkOver].size(), 1u);
    EXPECT_NEAR(periods[report::PeriodKind::TalkOver][0].start, 45, 0.2);
    EXPECT_NEAR(periods[report::PeriodKind::TalkOver][0].end, 70, 0.5);
    ASSERT_EQ(periods[report::PeriodKind::Hold].size(), 1u);
    EXPECT_NEAR(periods[report::PeriodKind::Hold][0].start, 40, 0.2);
    EXPECT_NEAR(periods[report::PeriodKind::Hold][0].end, 75, 0.5);
    ASSERT_EQ(periods[report::PeriodKind::Interruption].size(), 1u);
}

TEST(JournalReportTest, PostSessionRatingsStandBesideTheirPhaseAndInTheCsv) {
    Sample s;
    {
        auto journal = SessionJournal::reopen(s.folder, s.program, s.clock.options());
        PhaseRating peak;
        peak.phase = 1;
        peak.phaseName = "peak";
        peak.liking = 3;
        peak.resonance = 4;
        journal.recordPhaseRating(peak);
        peak.liking = 7;  // corrected: the latest counts
        peak.openness = 9;
        peak.words = "Like being held <by> the strings";
        journal.recordPhaseRating(peak);
        journal.recordUnwelcomeMoment({905, "the drums"});
    }
    const auto journal = readJournal(s.folder / kJournalFileName);
    const std::string html = renderReportHtml(journal);
    EXPECT_NE(html.find("<th>How the music landed</th>"), std::string::npos);
    EXPECT_NE(
        html.find("<span class=\"score\">liking 7/10</span>, <span class=\"score\">resonance 4/10</span>, "
                  "<span class=\"score\">openness 9/10</span><br><span class=\"words\">\u201cLike being held "
                  "&lt;by&gt; the strings\u201d"),
        std::string::npos);
    const auto phases = html.find("<table class=\"phases\">");
    EXPECT_EQ(html.substr(phases, html.find("</table>", phases) - phases).find("liking 3/10"),
              std::string::npos);
    EXPECT_NE(html.find("<span class=\"none\">not rated</span>"), std::string::npos);  // settling
    EXPECT_NE(html.find("15:05, during \u201cCalm Water\u201d: the drums"), std::string::npos);
    EXPECT_NE(html.find("<g class=\"mark unwelcome\">"), std::string::npos);
    const auto rows = parseCsv(renderEventsCsv(journal));
    const auto rating =
        std::find_if(rows.rbegin(), rows.rend(), [](auto& r) { return r[7] == "post_session_rating"; });
    ASSERT_NE(rating, rows.rend());
    EXPECT_EQ((*rating)[8], "Like being held <by> the strings");
    EXPECT_NE((*rating)[9].find("liking: 7; resonance: 4; openness: 9"), std::string::npos);
    EXPECT_TRUE(std::any_of(rows.begin(), rows.end(), [](auto& r) {
        return r[7] == "post_session_moment" && r[9].find("moment_s: 905") != std::string::npos;
    }));
}

TEST(JournalReportTest, PlaylistOpensFromTheSessionFolderWhereverPlayStarted) {
    TempFolder temp;
    ManualClock clock;
    const auto previous = std::filesystem::current_path();
    std::filesystem::current_path(temp.path());
    auto program = makeProgram(".");  // the program's tracks as `stillpoint play program.toml` resolves them
    std::filesystem::path folder;
    {
        auto journal =
            SessionJournal::start(temp.path() / "sessions", program, makeDetails(), clock.options());
        journal.recordEngineEvents(
            std::vector{makeEvent(session::EventKind::TrackStarted, 0, 0, phaseTrack(0, 0)),
                        makeEvent(session::EventKind::TrackEnded, 60, 0, phaseTrack(0, 0), 60)});
        journal.endSession();
        folder = journal.folder();
    }
    std::filesystem::current_path(previous);
    const auto files = writeSessionReport(folder);
    const std::string playlist = readWholeFile(files.playlist);
    const auto entry = playlist.find("rain.wav");
    ASSERT_NE(entry, std::string::npos);
    const auto lineStart = playlist.rfind('\n', entry) + 1;
    const std::filesystem::path track = playlist.substr(lineStart, playlist.find('\n', entry) - lineStart);
    EXPECT_TRUE(std::filesystem::exists(files.playlist.parent_path() / track))
        << track;  // as a player reads it
    EXPECT_EQ(playlist.find("relative"), std::string::npos);
}

TEST(JournalReportTest, OpenStartsTheDesktopsOpenerOrSaysWhyNot) {
    TempFolder temp;
    const auto report = temp.path() / "report.html";
    writeWholeFile(report, "<!DOCTYPE html>");
    const auto bin = temp.path() / "bin";
    std::filesystem::create_directories(bin);
    const stillpoint::testing::ScopedEnvironmentVariable path("PATH", bin.string());
    const stillpoint::testing::ScopedEnvironmentVariable display("DISPLAY", ":42");
    auto missing = openInBrowser(report);
    EXPECT_FALSE(missing.started);
    EXPECT_NE(missing.message.find("xdg-open is not installed"), std::string::npos) << missing.message;
    const auto opened = temp.path() / "opened.txt";
    writeWholeFile(bin / "xdg-open", "#!/bin/sh\necho \"$1\" > '" + opened.string() + "'\n");
    std::filesystem::permissions(bin / "xdg-open", std::filesystem::perms::owner_all);
    display.unset();
    ::unsetenv("WAYLAND_DISPLAY");
    auto headless = openInBrowser(report);
    EXPECT_FALSE(headless.started);
    EXPECT_NE(headless.message.find("no desktop session"), std::string::npos) << headless.message;
    display.set(":42");
    const auto started = openInBrowser(report);
    EXPECT_TRUE(started.started) << started.message;
    for (int i = 0; i < 200 && !std::filesystem::exists(opened); ++i) ::usleep(10000);
    EXPECT_EQ(readWholeFile(opened), report.string() + "\n");
    EXPECT_FALSE(openInBrowser(temp.path() / "none.html").started);
}

TEST(JournalReportTest, ChromiumRendersTheReportWithTheEventTableAndNoScript) {
    const char* chromium = "/usr/bin/chromium";
    if (::access(chromium, X_OK) != 0) GTEST_SKIP() << "chromium is not installed";
    Sample s;
    const auto files = writeSessionReport(s.folder);
    const auto profile = s.temp.path() / "chromium-profile";
    const auto dom = s.temp.path() / "dom.html";
    const std::string command =
        std::string(chromium) +
        " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking"
        " --disable-component-update --disable-sync --user-data-dir='" +
        profile.string() + "' --dump-dom 'file://" + files.html.string() + "' > '" + dom.string() +
        "' 2>/dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    const std::string rendered = readWholeFile(dom);
    EXPECT_NE(rendered.find("<table class=\"events\" id=\"events\">"), std::string::npos);
    EXPECT_NE(rendered.find("<svg class=\"timeline\""), std::string::npos);
    EXPECT_FALSE(std::regex_search(rendered, std::regex("<script", std::regex::icase)));
    EXPECT_NE(rendered.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);  // shown as text
}

// The level checks played before the start are in the report's header, each said as what was heard where,
// at what level, for how long and how it ended; the room's and the preview's devices beside the patient's.
TEST(JournalReportTest, TheLevelChecksBeforeTheStartAreInTheReport) {
    ClinicZone zone;  // 13:58 UTC is 14:58 CET
    TempFolder temp;
    ManualClock clock;
    const program::Program program = makeProgram(temp.path());
    SessionDetails details = makeDetails();
    details.roomOutputDevice = "Room speakers";
    details.previewOutputDevice = "Operator headphones";
    const auto before = *clock.now - std::chrono::minutes(2);
    LevelCheckRecord headphones{"patient",
                                "Headphones (USB)",
                                "Rain on Cedar",
                                "rain.wav",
                                0.8,
                                -6.0,
                                2.14,
                                before,
                                before + std::chrono::seconds(25),
                                25.0,
                                "finished"};
    LevelCheckRecord room{"room",
                          "Room speakers",
                          "Rain on Cedar",
                          "rain.wav",
                          0.55,
                          -9.0,
                          2.14,
                          before + std::chrono::seconds(40),
                          before + std::chrono::seconds(52),
                          12.4,
                          "operator"};
    LevelCheckRecord failed{"room",
                            "Gone",
                            "Rain on Cedar",
                            "rain.wav",
                            0.55,
                            -9.0,
                            2.14,
                            before + std::chrono::seconds(60),
                            before + std::chrono::seconds(60),
                            0.0,
                            "failed: the device could not be opened"};
    details.levelChecks = {headphones, room, failed};
    const auto folder =
        SessionJournal::start(temp.path() / "sessions", program, details, clock.options()).folder();
    const std::string html = renderReportHtml(readJournal(folder / kJournalFileName));
    EXPECT_NE(
        html.find("Level checked on the headphones at 80 % for 25 s before the start, at 14:58 "
                  "(\u201cRain on Cedar\u201d, under -6.0 dBFS, track +2.1 dB; device Headphones (USB)), "
                  "played to its end"),
        std::string::npos)
        << html;
    EXPECT_NE(html.find("Level checked on the room speakers at 55 % for 12 s before the start, at 14:58"),
              std::string::npos);
    EXPECT_NE(html.find("device Room speakers), stopped by the operator"), std::string::npos);
    EXPECT_NE(html.find("Level check on the room speakers (device Gone) could not be played: the device "
                        "could not be opened"),
              std::string::npos);
    EXPECT_NE(html.find("<dt>Room output</dt><dd>Room speakers</dd>"), std::string::npos);
    EXPECT_NE(html.find("<dt>Preview output</dt><dd>Operator headphones</dd>"), std::string::npos);
    // Without level checks (or an older journal) the header has no such lines.
    const auto plain =
        SessionJournal::start(temp.path() / "plain", program, makeDetails(), clock.options()).folder();
    const std::string without = renderReportHtml(readJournal(plain / kJournalFileName));
    EXPECT_EQ(without.find("Level check"), std::string::npos);
    EXPECT_EQ(without.find("Room output"), std::string::npos);
}

}  // namespace
}  // namespace stillpoint::journal
