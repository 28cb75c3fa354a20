// The editor as a clinician uses it: the real `stillpoint edit` window in an X server of its own (Xvfb) at a
// laptop's 1280x720, real clicks and typing (xdotool), the screen read by OCR to find where to click, and
// the saved program file, what counts, checked at the end.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "app/panel/PanelOcr.h"
#include "app/panel/RealPanelWindow.h"
#include "audio/decode/AudioFixtures.h"
#include "program/ProgramParser.h"

namespace {

using namespace stillpoint::panel::testing;
using stillpoint::testing::TempFolder;

class EditorRealWindowTest : public ::testing::Test {
protected:
    void SetUp() override {
        for (const char* tool : {"Xvfb", "xdotool", "import"})
            if (!haveTool(tool)) GTEST_SKIP() << tool << " is needed (scripts/setup-debian.sh --test)";
        if (!ocrAvailable()) GTEST_SKIP() << "tesseract-ocr is needed (scripts/setup-debian.sh --test)";
        std::filesystem::create_directories(folder / "music");
        stillpoint::testing::writeSine(
            folder / "music" / "tone.wav",
            stillpoint::testing::audioSpec(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2, 4.0));
        screen.emplace(1280, 720, folder / "xvfb.log");
    }
    void TearDown() override {
        editor.reset();
        screen.reset();
    }

    void startEditor(const std::vector<std::string>& arguments) {
        std::vector<std::string> argv = {STILLPOINT_BINARY_DIR "/stillpoint", "edit"};
        argv.insert(argv.end(), arguments.begin(), arguments.end());
        editor.emplace(
            argv,
            std::vector<std::string>{"DISPLAY=" + screen->display(), "SDL_VIDEODRIVER=x11",
                                     "ALSOFT_DRIVERS=null", "XDG_CACHE_HOME=" + (folder / "cache").string(),
                                     "XDG_CONFIG_HOME=" + (folder / "config").string()},
            log);
        window = runOn(*screen, "xdotool search --sync --onlyvisible --name '^Stillpoint: program editor$'");
        window = window.substr(0, window.find('\n'));
        ASSERT_FALSE(window.empty()) << "no editor window appeared\n" << readText(log);
        xdotool("windowfocus --sync " + window);
    }

    void xdotool(const std::string& arguments) {
        int status = -1;
        runOn(*screen, "xdotool " + arguments, &status);
        EXPECT_EQ(status, 0) << "xdotool " << arguments;
    }
    void click(int x, int y) {
        xdotool("mousemove --window " + window + " " + std::to_string(x) + " " + std::to_string(y) +
                " click 1");
    }

    // The words on the window now, read by OCR, polled until `found` accepts them or `timeout` has passed.
    std::vector<OcrWord> readScreen(const std::function<bool(const std::vector<OcrWord>&)>& found,
                                    Seconds timeout) {
        std::vector<OcrWord> words;
        const auto shot = folder / "window.png";
        waitUntil(
            [&] {
                runOn(*screen, "import -window " + window + " '" + shot.string() + "'");
                words = ocrWords(shot, 1);
                return found(words);
            },
            timeout);
        return words;
    }

    TempFolder folder;
    std::filesystem::path log = folder / "stillpoint.log";
    std::optional<VirtualScreen> screen;
    std::optional<ChildProcess> editor;
    std::string window;
};

const OcrWord* leftmost(const std::vector<OcrWord>& words, const std::string& text) {
    const OcrWord* best = nullptr;
    for (const auto& word : words)
        if (word.text == text && (!best || word.x < best->x)) best = &word;
    return best;
}

}  // namespace

TEST_F(EditorRealWindowTest, APhaseAndATrackAddedByHandAreInTheSavedFile) {
    const auto program = folder / "clinic.toml";
    startEditor({program.string(), "--template", "iv"});
    // "Add phase" is the leftmost "Add" on screen.
    auto words =
        readScreen([](const auto& w) { return leftmost(w, "add") && findWord(w, "phases"); }, Seconds(20));
    const OcrWord* addPhase = leftmost(words, "add");
    ASSERT_TRUE(addPhase) << allText(words) << "\n" << readText(log);
    click(addPhase->x + 30, addPhase->y);
    // The new phase is chosen: its name is shown, and its "Add file" field waits for a path.
    words = readScreen([](const auto& w) { return findWord(w, "6.") != nullptr; }, Seconds(10));
    const OcrWord* fileLabel = nullptr;
    const OcrWord* addButton = nullptr;
    for (const auto& word : words)  // the label "Add file", left of the field (whose hint ends in "file")
        if (word.text == "file" && word.x > 300 && word.x < 800 && (!fileLabel || word.x < fileLabel->x))
            fileLabel = &word;
    ASSERT_TRUE(fileLabel) << allText(words);
    for (const auto& word : words)
        if (word.text == "add" && std::abs(word.y - fileLabel->y) < 12 && word.x > fileLabel->x + 60)
            addButton = &word;
    ASSERT_TRUE(addButton) << allText(words);
    click((fileLabel->x + addButton->x) / 2, fileLabel->y);
    xdotool("type --delay 40 '" + (folder / "music" / "tone.wav").string() + "'");
    xdotool("key Return");
    // Ctrl+S: a new program asks where to save, offering the file named on the command line; Enter saves.
    readScreen([](const auto& w) { return findWord(w, "tone.wav") != nullptr; }, Seconds(10));
    xdotool("key ctrl+s");
    readScreen([](const auto& w) { return findWord(w, "as:") != nullptr; }, Seconds(10));
    xdotool("key Return");
    ASSERT_TRUE(waitUntil([&] { return std::filesystem::exists(program); }, Seconds(10))) << readText(log);
    const std::string text = readText(program);
    std::size_t phases = 0;
    for (auto at = text.find("[[phase]]"); at != std::string::npos; at = text.find("[[phase]]", at + 1))
        ++phases;
    EXPECT_EQ(phases, 6u) << text;
    EXPECT_NE(text.find("name = \"phase 6\""), std::string::npos) << text;
    EXPECT_NE(text.find("file = \"music/tone.wav\""), std::string::npos) << text;
    // The template's other phases have no music yet: the file says so to `check`, but it was saved.
    const auto parsed = stillpoint::program::parseProgramText(text, program);
    EXPECT_TRUE(parsed.hasErrors());
    EXPECT_TRUE(editor->running());
}
