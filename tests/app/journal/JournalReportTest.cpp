#include "journal/JournalReport.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <regex>

#include "app/journal/JournalTestSupport.h"
#include "journal/JournalError.h"
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
    for (const char* expected : {"IV 40 minutes", "KX-0042", "Dr. M. Okafor", "0.5 mg/kg over 40 min",
                                 "Consent to music", "<dd>yes</dd>", "Headphones (USB)", "2026-11-21 14:00",
                                 "Planned", "Actual", "Vitals", "Rain on Cedar", "Calm Water", "Coming Home",
                                 "Distress", "Infusion stopped", "@media print", "<polyline"}) {
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
    EXPECT_NE(
        html.find("<tr class=\"kind-note\"><td class=\"num\">2</td><td class=\"num\">10:00</td><td>peak</td>"
                  "<td>deep.wav</td><td class=\"num\">7:30</td><td>She said &quot;it&#39;s like"),
        std::string::npos);
    EXPECT_EQ(eventRows, rows);
}

TEST(JournalReportTest, CsvQuotesNotesAndGuardsAgainstFormulas) {
    Sample s;
    const std::string csv = renderEventsCsv(s.journal);
    const auto rows = parseCsv(csv);
    ASSERT_EQ(rows.size(), s.journal.events.size() + 1);
    for (const auto& row : rows) ASSERT_EQ(row.size(), 9u);
    EXPECT_EQ(rows[0][0], "line");
    bool foundNote = false;
    for (const auto& row : rows) {
        if (row[6] == "note" && row[7].find("like <script>") != std::string::npos) {
            foundNote = true;
            EXPECT_EQ(row[7], kHostileNote);  // starts with "She": no guard needed, text intact
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

}  // namespace
}  // namespace stillpoint::journal
