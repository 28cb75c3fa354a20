// The report as a person sees it: a busy session rendered by the engine (clusters of markers, notes,
// vitals, talk-over, silence, a skip, the calmer alternate, grounding, a crash and resume), its report
// opened in headless Chromium; the timeline's labels measured where the browser laid them out, and the
// screenshot read by OCR.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <regex>
#include <sstream>

#include "app/journal/RenderedSession.h"
#include "journal/JournalReport.h"

namespace stillpoint::journal {
namespace {

using namespace testing;

const char* kChromium = "/usr/bin/chromium";

struct BusySession {
    TempFolder temp;
    ManualClock clock;
    program::Program program = makeRichProgram(temp.path());
    std::filesystem::path folder;
    BusySession() {
        ::setenv("TZ", "Europe/Amsterdam", 1);  // the clinic's zone: clock times in CET beside session times
        ::tzset();
        RenderedSessionPlan plan;
        plan.steps = busySessionSteps();
        plan.crashAt = 130;
        plan.endAt = 185;
        folder = renderJournaledSession(temp.path() / "sessions", program, plan, clock,
                                        temp.path() / "loudness.cache");
        if (const char* keep = std::getenv("STILLPOINT_REPORT_SAMPLE_DIR")) {  // scripts/screenshot-report.sh
            std::filesystem::create_directories(keep);
            std::filesystem::copy(
                folder, keep,
                std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
        }
    }
};

std::string chromium(const std::filesystem::path& profile, const std::string& what,
                     const std::filesystem::path& page, const std::filesystem::path& out,
                     const char* size = "1400,2400") {
    return std::string(kChromium) +
           " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
           "--disable-background-networking"
           " --disable-component-update --disable-sync --hide-scrollbars --window-size=" +
           std::string(size) + " --user-data-dir='" + profile.string() + "' " + what + " 'file://" +
           page.string() + "' > '" + out.string() + "' 2>/dev/null";
}

struct Box {
    double left, top, right, bottom;
    std::string text;
};

// Measures every text of the timeline as the browser laid it out. The report itself runs no script (its
// Content-Security-Policy forbids it): the measuring copy drops that line and appends the script.
std::vector<Box> measureTimelineText(const std::filesystem::path& html, const std::filesystem::path& work) {
    std::string page = readWholeFile(html);
    page = std::regex_replace(page, std::regex("<meta http-equiv=\"Content-Security-Policy\"[^>]*>"), "");
    const std::string script = R"js(<pre id="measured"></pre><script>
      const out = [];
      for (const t of document.querySelectorAll('svg.timeline text')) {
        if (!t.textContent) continue;
        const r = t.getBoundingClientRect();
        out.push([r.left, r.top, r.right, r.bottom].map(v => v.toFixed(2)).join(' ') + ' ' + t.textContent);
      }
      document.getElementById('measured').textContent = out.join('\n');
    </script>)js";
    page.insert(page.rfind("</body>"), script);
    const auto measuring = work / "measure.html";
    writeWholeFile(measuring, page);
    const auto dom = work / "measured-dom.html";
    const std::string command = chromium(work / "profile-measure", "--dump-dom", measuring, dom);
    if (std::system(command.c_str()) != 0) throw std::runtime_error("chromium failed: " + command);
    const std::string text = readWholeFile(dom);
    const auto from = text.find("<pre id=\"measured\">"), to = text.find("</pre>", from);
    if (from == std::string::npos || to == std::string::npos)
        throw std::runtime_error("no measurements in the DOM");
    std::istringstream lines(text.substr(from + 19, to - from - 19));
    std::vector<Box> boxes;
    for (std::string line; std::getline(lines, line);) {
        std::istringstream fields(line);
        Box box;
        fields >> box.left >> box.top >> box.right >> box.bottom;
        std::getline(fields >> std::ws, box.text);
        boxes.push_back(box);
    }
    return boxes;
}

TEST(JournalReportScreenshotTest, NoLabelOfTheTimelineCoversAnother) {
    if (::access(kChromium, X_OK) != 0) GTEST_SKIP() << "chromium is not installed";
    BusySession s;
    const auto files = writeSessionReport(s.folder);
    const auto boxes = measureTimelineText(files.html, s.temp.path());
    ASSERT_GT(boxes.size(), 60u);
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        for (std::size_t j = i + 1; j < boxes.size(); ++j) {
            const Box &a = boxes[i], &b = boxes[j];
            const double overlapX = std::min(a.right, b.right) - std::max(a.left, b.left);
            const double overlapY = std::min(a.bottom, b.bottom) - std::max(a.top, b.top);
            EXPECT_FALSE(overlapX > 0.5 && overlapY > 0.5)
                << "\"" << a.text << "\" (" << a.left << ".." << a.right << ", " << a.top << ".." << a.bottom
                << ") overlaps \"" << b.text << "\" (" << b.left << ".." << b.right << ", " << b.top << ".."
                << b.bottom << ")";
        }
    }
    // The labels a therapist looks for are drawn, each once, and no kind repeats in its own label.
    std::vector<std::string> texts;
    for (const auto& box : boxes) texts.push_back(box.text);
    const auto drawn = [&](const std::string& start) {
        return std::count_if(texts.begin(), texts.end(), [&](auto& t) { return t.rfind(start, 0) == 0; });
    };
    for (const char* label : {"1 Dose given", "Calmer alternate", "Talk-over", "Silence", "Next phase",
                              "Skip", "Grounding", "+1 min", "Volume 60%", "Interrupted 3:"}) {
        EXPECT_GE(drawn(label), 1) << label;
    }
    EXPECT_EQ(std::count_if(texts.begin(), texts.end(),
                            [](auto& t) { return t.find("Distress: tearful") != std::string::npos; }),
              1);
    const std::string html = readWholeFile(files.html);
    EXPECT_EQ(html.find("Dose given (Dose given)"), std::string::npos);
    EXPECT_EQ(html.find("Dose given: Dose given"), std::string::npos);
    // Every mark has a tooltip saying what it is, with its session and clock time.
    const std::regex mark("<g class=\"mark ([a-z]+)\"><title>([^<]*)</title>");
    int marks = 0;
    for (auto it = std::sregex_iterator(html.begin(), html.end(), mark); it != std::sregex_iterator(); ++it) {
        ++marks;
        EXPECT_TRUE(std::regex_search((*it)[2].str(),
                                      std::regex("^[0-9]+:[0-9]{2} \\([0-9]{2}:[0-9]{2}:[0-9]{2}\\) .{4,}")))
            << (*it)[2].str();
    }
    EXPECT_GE(marks, 20);
}

TEST(JournalReportScreenshotTest, TheScreenshotReadsAsTheReport) {
    if (::access(kChromium, X_OK) != 0) GTEST_SKIP() << "chromium is not installed";
    if (::access("/usr/bin/tesseract", X_OK) != 0) GTEST_SKIP() << "tesseract-ocr is not installed";
    BusySession s;
    const auto files = writeSessionReport(s.folder);
    const auto shot = s.temp.path() / "report.png";
    const std::string command =
        chromium(s.temp.path() / "profile-shot", "--screenshot='" + shot.string() + "'", files.html,
                 s.temp.path() / "chromium.log", "1280,1500");  // the summary and the timeline: OCR is slow
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    const auto ocr = s.temp.path() / "ocr.txt";
    const std::string read =
        "tesseract '" + shot.string() + "' - --psm 3 > '" + ocr.string() + "' 2>/dev/null";
    ASSERT_EQ(std::system(read.c_str()), 0) << read;
    std::string text = readWholeFile(ocr);
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* words : {"summary", "what the operator did", "talked over the music twice",
                              "silenced the music once", "calmer alternate", "grounding", "distress",
                              "tearful, hands clenched", "interrupted", "timeline", "cet"}) {
        EXPECT_NE(text.find(words), std::string::npos) << words << "\n--- OCR read:\n" << text;
    }
}

}  // namespace
}  // namespace stillpoint::journal
