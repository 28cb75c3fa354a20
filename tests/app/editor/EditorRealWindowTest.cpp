// The editor as a clinician uses it: the real `stillpoint edit` window in an X server of its own (Xvfb) at a
// laptop's 1280x720, real clicks and typing (xdotool), the screen read by OCR to find where to click, and
// the saved program file, what counts, checked at the end. Also: listening on the preview output (heard
// through OpenAL Soft's wave writer), closing with unsaved changes, and a program authored with keys alone.
#include <gtest/gtest.h>

#include <sndfile.h>

#include <cmath>
#include <fstream>
#include <string>

#include "RealWindowSetup.h"
#include "WindowCloseRequest.h"
#include "app/panel/PanelOcr.h"
#include "app/panel/RealPanelWindow.h"
#include "audio/decode/AudioFixtures.h"
#include "program/ProgramParser.h"

namespace {

using namespace stillpoint::panel::testing;
using stillpoint::testing::TempFolder;

// The word `text` that lies in [fromX, toX), or nullptr.
const OcrWord* wordBetween(const std::vector<OcrWord>& words, const std::string& text, int fromX, int toX) {
    for (const auto& word : words)
        if (word.text == text && word.x >= fromX && word.x < toX) return &word;
    return nullptr;
}

class EditorRealWindowTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (const std::string missing = missingRealWindowTool(); !missing.empty()) GTEST_SKIP() << missing;
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

    // `environment`: settings beyond the test's own (later ones win).
    void startEditor(const std::vector<std::string>& arguments,
                     const std::vector<std::string>& environment = {}) {
        std::vector<std::string> argv = {STILLPOINT_BINARY_DIR "/stillpoint", "edit"};
        argv.insert(argv.end(), arguments.begin(), arguments.end());
        std::vector<std::string> settings = realWindowEnvironment(*screen, folder.path());
        settings.insert(settings.end(), environment.begin(), environment.end());
        editor.emplace(argv, settings, log);
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
    void key(const std::string& keys) { xdotool("key --delay 150 " + keys); }
    void type(const std::string& text) { xdotool("type --delay 80 '" + text + "'"); }
    // As a person clicks the window's close button (the window manager's WM_DELETE_WINDOW).
    void closeWindow() { EXPECT_TRUE(stillpoint::testing::askWindowToClose(screen->display(), window)); }
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
    // Reads the window until `text` is seen in the columns [fromX, toX): that word of `words` (what was
    // read), or nullptr if it never was.
    const OcrWord* waitForWordBetween(std::vector<OcrWord>& words, const std::string& text, int fromX,
                                      int toX, Seconds timeout) {
        words =
            readScreen([&](const auto& w) { return wordBetween(w, text, fromX, toX) != nullptr; }, timeout);
        return wordBetween(words, text, fromX, toX);
    }
    // The same, and clicks the word; fails with what was read if it never came.
    ::testing::AssertionResult clickWordBetween(const std::string& text, int fromX, int toX,
                                                Seconds timeout) {
        std::vector<OcrWord> words;
        const OcrWord* word = waitForWordBetween(words, text, fromX, toX, timeout);
        if (!word) return ::testing::AssertionFailure() << "no \"" << text << "\" read: " << allText(words);
        click(word->x, word->y);
        return ::testing::AssertionSuccess();
    }

    // Ctrl+S on a program not saved yet, and Enter in the dialog that asks where (offering the file named on
    // the command line); fails with the log if the file did not come.
    ::testing::AssertionResult saveNewProgram(const std::filesystem::path& program) {
        key("ctrl+s");
        readScreen([](const auto& w) { return findWord(w, "as:") != nullptr; }, Seconds(10));
        key("Return");
        if (waitUntil([&] { return std::filesystem::exists(program); }, Seconds(10)))
            return ::testing::AssertionSuccess();
        return ::testing::AssertionFailure() << program << " was not saved\n" << readText(log);
    }

    TempFolder folder;
    std::filesystem::path log = folder / "stillpoint.log";
    std::optional<VirtualScreen> screen;
    std::optional<ChildProcess> editor;
    std::string window;
};

// A program of two phases, each with a track, as a clinic would have written it.
std::string twoPhaseProgram(const std::string& firstTrack) {
    return "format = 1\nname = \"Window test\"\nroute = \"iv\"\n\n[[phase]]\nname = \"onset\"\nplanned = "
           "\"1m\"\ncrossfade = \"6s\"\n\n[[phase.track]]\nfile = \"" +
           firstTrack +
           "\"\ntitle = \"Long tone\"\n\n[[phase]]\nname = \"peak\"\nplanned = \"2m\"\n\n[[phase.track]]\n"
           "file = \"music/tone.wav\"\n";
}

void writeFile(const std::filesystem::path& file, const std::string& text) {
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file) << text;
}

// The word `text` on the same row as `beside` (a dialog's buttons), or nullptr.
const OcrWord* onRowOf(const std::vector<OcrWord>& words, const std::string& text, const OcrWord* beside) {
    if (!beside) return nullptr;
    for (const auto& word : words)
        if (word.text == text && std::abs(word.y - beside->y) < 12) return &word;
    return nullptr;
}

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
    ASSERT_TRUE(saveNewProgram(program));
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

TEST_F(EditorRealWindowTest, ListenPlaysTheTrackOnThePreviewOutputAndStopFadesItOut) {
    // OpenAL Soft's wave writer stands for the operator's headset: what it was given to play is in a file.
    const auto heard = folder / "heard.wav";
    writeFile(folder / "alsoft.conf", "[wave]\nfile = " + heard.string() + "\n");
    writeFile(folder / "config" / "stillpoint" / "stillpoint.toml",
              "[outputs.preview]\ndevice = \"Wave File Writer\"\n");
    stillpoint::testing::writeSine(
        folder / "music" / "long.wav",
        stillpoint::testing::audioSpec(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2, 20.0), 500.0, 0.3);
    const auto program = folder / "clinic.toml";
    writeFile(program, twoPhaseProgram("music/long.wav"));
    startEditor({program.string()},
                {"ALSOFT_DRIVERS=wave", "ALSOFT_CONF=" + (folder / "alsoft.conf").string()});
    // The track, in the middle column; then its Listen, in the right one.
    ASSERT_TRUE(clickWordBetween("long", 420, 840, Seconds(20)));
    ASSERT_TRUE(clickWordBetween("listen", 840, 1280, Seconds(10)));
    // It plays on the preview device the machine configuration names, with its position.
    auto words = readScreen([](const auto& w) { return findWord(w, "listening") && findWord(w, "writer"); },
                            Seconds(15));
    ASSERT_TRUE(findWord(words, "listening")) << allText(words) << "\n" << readText(log);
    EXPECT_TRUE(findWord(words, "wave")) << allText(words);
    EXPECT_TRUE(findWord(words, "0:20")) << allText(words);  // its length (20 s and the end fade: 0:21)
    waitUntil([] { return false; }, Seconds(2));             // two seconds of it
    const OcrWord* stop = findWord(words, "stop");
    ASSERT_TRUE(stop) << allText(words);
    click(stop->x, stop->y);
    words =
        readScreen([](const auto& w) { return findWord(w, "listening") == nullptr && findWord(w, "plays"); },
                   Seconds(10));
    EXPECT_FALSE(findWord(words, "listening")) << allText(words);
    EXPECT_TRUE(editor->running());
    // The device was closed after the fade: the file is complete. It holds the tone at the program's
    // loudness, under its ceiling, and ends in silence, not in a cut.
    ASSERT_TRUE(waitUntil([&] { return std::filesystem::exists(heard); }, Seconds(5)));
    SF_INFO info{};
    SNDFILE* file = sf_open(heard.c_str(), SFM_READ, &info);
    ASSERT_TRUE(file) << sf_strerror(nullptr);
    std::vector<float> samples(static_cast<std::size_t>(info.frames * info.channels));
    sf_readf_float(file, samples.data(), info.frames);
    sf_close(file);
    const double seconds = static_cast<double>(info.frames) / info.samplerate;
    EXPECT_GT(seconds, 2.5);
    EXPECT_LT(seconds, 15.0);  // stopped, not played to its end
    double sum = 0.0, peak = 0.0;
    for (float sample : samples) {
        sum += double(sample) * sample;
        peak = std::max(peak, double(std::fabs(sample)));
    }
    const double rms = std::sqrt(sum / static_cast<double>(samples.size()));
    EXPECT_GT(rms, 0.01);
    EXPECT_LE(peak, std::pow(10.0, -1.0 / 20.0) + 1e-4);  // the program's ceiling, -1 dBFS
    const std::size_t tail = static_cast<std::size_t>(info.samplerate / 20 * info.channels);
    double last = 0.0;
    for (std::size_t i = samples.size() - tail; i < samples.size(); ++i)
        last = std::max(last, double(std::fabs(samples[i])));
    EXPECT_LT(last, 1e-3);
}

TEST_F(EditorRealWindowTest, ClosingWithUnsavedChangesAsksAndCancelDiscardAndSaveDoWhatTheySay) {
    const auto program = folder / "clinic.toml";
    const std::string written = twoPhaseProgram("music/tone.wav");
    writeFile(program, written);
    // Types into the phase's name field: the middle column's "Name" label, and the field right of it.
    const auto changeTheName = [&] {
        std::vector<OcrWord> words;
        const OcrWord* name = waitForWordBetween(words, "name", 420, 540, Seconds(20));
        ASSERT_TRUE(name) << allText(words);
        click(name->x + 300, name->y);
        key("End");
        type(" edited");
        readScreen([](const auto& w) { return findWord(w, "changed") != nullptr; }, Seconds(10));
    };
    const auto askToClose = [&] {
        closeWindow();
        return readScreen([](const auto& w) { return findWord(w, "without") && findWord(w, "keep"); },
                          Seconds(10));
    };
    startEditor({program.string()});
    changeTheName();
    auto words = askToClose();
    ASSERT_TRUE(findWord(words, "without")) << allText(words);
    EXPECT_TRUE(findWord(words, "saved.")) << allText(words);  // "...changes that are not saved."
    // Keep editing: the question goes, the window stays, the file is as it was.
    const OcrWord* keep = onRowOf(words, "keep", findWord(words, "without"));
    ASSERT_TRUE(keep) << allText(words);
    click(keep->x, keep->y);
    words = readScreen([](const auto& w) { return !findWord(w, "without"); }, Seconds(10));
    EXPECT_FALSE(findWord(words, "without")) << allText(words);
    EXPECT_TRUE(editor->running());
    EXPECT_EQ(readText(program), written);
    // Close without saving: the window goes, the file is as it was.
    words = askToClose();
    const OcrWord* discard = findWord(words, "without");
    ASSERT_TRUE(discard) << allText(words);
    click(discard->x, discard->y);
    EXPECT_TRUE(editor->waitForExit(Seconds(10))) << allText(words);
    EXPECT_EQ(readText(program), written);
    // Again, and Save: the window goes, the change is in the file.
    startEditor({program.string()});
    changeTheName();
    words = askToClose();
    const OcrWord* without = findWord(words, "without");
    ASSERT_TRUE(without) << allText(words);
    const OcrWord* save = onRowOf(words, "save", without);  // the dialog's Save, beside its other buttons
    ASSERT_TRUE(save) << allText(words);
    click(save->x, save->y);
    EXPECT_TRUE(editor->waitForExit(Seconds(10))) << allText(words);
    const std::string saved = readText(program);
    EXPECT_NE(saved.find("name = \"onset edited\""), std::string::npos) << saved;
    EXPECT_NE(saved.find("file = \"music/tone.wav\""), std::string::npos) << saved;
}

TEST_F(EditorRealWindowTest, AProgramAuthoredWithKeysAloneIsSaved) {
    const auto program = folder / "keys.toml";
    startEditor({program.string(), "--template", "blank"});
    readScreen([](const auto& w) { return findWord(w, "phases") != nullptr; }, Seconds(20));
    // No mouse from here: F6 moves between the columns, Tab between the fields of one, Enter adds.
    key("F6 F6 Tab");  // the phase's column, its name
    type("settling");
    key("Tab");  // planned
    type("12m");
    key("Tab Tab Tab");  // min, max, the crossfade into the next phase
    type("8s");
    key("Tab Tab");  // the track crossfade, the path of a file to add
    type((folder / "music" / "tone.wav").string());
    key("Return");
    // The file joined the phase, and its check is done (so nothing else keeps this small machine busy).
    auto words = readScreen([](const auto& w) { return findWord(w, "tone.wav") && findWord(w, "checked"); },
                            Seconds(20));
    ASSERT_TRUE(findWord(words, "tone.wav")) << allText(words);
    key("F6 Tab");  // the track's column, its title
    type("Slow strings");
    ASSERT_TRUE(saveNewProgram(program));
    const std::string text = readText(program);
    const auto parsed = stillpoint::program::parseProgramText(text, program);
    ASSERT_TRUE(parsed.program) << text;
    EXPECT_FALSE(parsed.hasErrors()) << text;
    ASSERT_EQ(parsed.program->phases.size(), 1u) << text;
    const auto& phase = parsed.program->phases[0];
    EXPECT_EQ(phase.name, "settling");
    EXPECT_EQ(phase.planned, std::chrono::minutes(12));
    EXPECT_EQ(phase.crossfadeToNext, std::chrono::seconds(8));
    ASSERT_EQ(phase.tracks.size(), 1u);
    EXPECT_EQ(phase.tracks[0].fileAsWritten, "music/tone.wav");
    EXPECT_EQ(phase.tracks[0].title, "Slow strings");
}

TEST_F(EditorRealWindowTest, AFolderOfMusicImportedFromTheWindowBecomesTheProgram) {
    for (const char* name : {"evening.wav", "field.wav"})
        stillpoint::testing::writeSine(
            folder / "music" / name,
            stillpoint::testing::audioSpec(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2, 3.0));
    const auto program = folder / "imported.toml";
    startEditor({program.string(), "--template", "blank"});
    auto words = readScreen([](const auto& w) { return findWord(w, "import") != nullptr; }, Seconds(20));
    const OcrWord* import = findWord(words, "import");
    ASSERT_TRUE(import) << allText(words);
    click(import->x, import->y);
    // The dialog's path field has the keyboard; Enter imports (the route offered: sublingual).
    readScreen([](const auto& w) { return findWord(w, "spread") != nullptr; }, Seconds(10));
    type((folder / "music").string());
    key("Return");
    words = readScreen([](const auto& w) { return findWord(w, "imported") != nullptr; }, Seconds(20));
    ASSERT_TRUE(findWord(words, "imported")) << allText(words) << "\n" << readText(log);
    ASSERT_TRUE(saveNewProgram(program));
    const std::string text = readText(program);
    const auto parsed = stillpoint::program::parseProgramText(text, program);
    ASSERT_TRUE(parsed.program) << text;
    EXPECT_EQ(parsed.program->name, "music");
    EXPECT_EQ(parsed.program->route, stillpoint::program::Route::Sublingual);
    EXPECT_GT(parsed.program->phases.size(), 1u);
    for (const char* file : {"music/evening.wav", "music/field.wav", "music/tone.wav"})
        EXPECT_NE(text.find(file), std::string::npos) << file << "\n" << text;
}

TEST_F(EditorRealWindowTest, ATrackMovedToAnotherPhaseIsSavedThereAndUndoBringsItBack) {
    const auto program = folder / "clinic.toml";
    // The onset keeps a track of its own after the move (a looping phase without tracks is an error).
    std::string written = twoPhaseProgram("music/tone.wav");
    written.insert(written.find("[[phase]]\nname = \"peak\""),
                   "[[phase.track]]\nfile = \"music/tone.wav\"\ntitle = \"Stays\"\n\n");
    writeFile(program, written);
    startEditor({program.string()});
    ASSERT_TRUE(clickWordBetween("long", 420, 840, Seconds(20)));
    // "Move to phase": its list shows the track's phase; open it and choose the other.
    std::vector<OcrWord> words;
    const OcrWord* move = waitForWordBetween(words, "move", 840, 1280, Seconds(10));
    ASSERT_TRUE(move) << allText(words);
    const OcrWord* current = onRowOf(words, "onset", move);
    ASSERT_TRUE(current) << allText(words);
    click(current->x, current->y);
    ASSERT_TRUE(clickWordBetween("peak", 840, 1280, Seconds(10)));
    readScreen([](const auto& w) { return findWord(w, "moved") != nullptr; }, Seconds(10));
    key("ctrl+s");
    ASSERT_TRUE(waitUntil([&] { return readText(program) != written; }, Seconds(10))) << readText(log);
    auto parsed = stillpoint::program::parseProgramText(readText(program), program);
    ASSERT_TRUE(parsed.program) << readText(program);
    ASSERT_EQ(parsed.program->phases.size(), 2u);
    ASSERT_EQ(parsed.program->phases[0].tracks.size(), 1u);
    EXPECT_EQ(parsed.program->phases[0].tracks[0].title, "Stays");
    ASSERT_EQ(parsed.program->phases[1].tracks.size(), 2u);
    EXPECT_EQ(parsed.program->phases[1].tracks[1].title, "Long tone");  // at the end of the peak's tracks
    // One step of undo brings it back where it was (the file is written as the editor writes, with every
    // setting said).
    const std::string moved = readText(program);
    key("ctrl+z ctrl+s");
    ASSERT_TRUE(waitUntil([&] { return readText(program) != moved; }, Seconds(10))) << readText(program);
    parsed = stillpoint::program::parseProgramText(readText(program), program);
    ASSERT_TRUE(parsed.program) << readText(program);
    ASSERT_EQ(parsed.program->phases[0].tracks.size(), 2u);
    EXPECT_EQ(parsed.program->phases[0].tracks[0].title, "Long tone");
    EXPECT_EQ(parsed.program->phases[1].tracks.size(), 1u);
}
