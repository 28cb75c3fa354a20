// The editor window rendered offscreen for a shipped program at a laptop's 1280x720 and a netbook's
// 1024x600, read back by OCR for what a clinician must find; and the window driven by SDL events as the
// desktop delivers them: a file dropped on it joins the chosen phase, Ctrl+Z takes it back, Ctrl+S saves.
// The PNGs are kept in STILLPOINT_SCREENSHOT_DIR when it is set.
#include <gtest/gtest.h>

#include <sndfile.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "app/panel/PanelOcr.h"
#include "audio/decode/AudioFixtures.h"
#include "audio/decode/FfmpegEncodedFixtures.h"
#include "editor/EditorWindow.h"
#include "panel/PanelWindow.h"
#include "program/ProgramParser.h"

using namespace stillpoint::editor;
using namespace stillpoint::panel;
using namespace stillpoint::panel::testing;
namespace fs = std::filesystem;

namespace {

fs::path shotDir() {
    if (const char* dir = std::getenv("STILLPOINT_SCREENSHOT_DIR")) return dir;
    auto dir = fs::temp_directory_path() / ("stillpoint-editor-shots-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir;
}

// The lengths of the program's files from their headers, as a check would report them (the loudness
// measurement itself is the checker's and is tested there; here it would only cost seconds of decoding).
stillpoint::check::CheckReport lengthsOf(const stillpoint::program::Program& program) {
    stillpoint::check::CheckReport report;
    auto add = [&](const stillpoint::program::Track& track) {
        SF_INFO info{};
        SNDFILE* file = sf_open(track.file.c_str(), SFM_READ, &info);
        if (!file) return;
        sf_close(file);
        stillpoint::check::TrackReport entry;
        entry.file = track.file;
        stillpoint::audio::LoudnessMeasurement measured{};
        measured.durationSeconds = static_cast<double>(info.frames) / info.samplerate;
        entry.measurement = measured;
        report.tracks.push_back(entry);
    };
    if (program.grounding) add(*program.grounding);
    for (const auto& phase : program.phases)
        for (const auto& track : phase.tracks) {
            add(track);
            for (const auto& alternate : track.alternates) add(alternate);
        }
    return report;
}

class EditorWindowTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { setenv("SDL_VIDEODRIVER", "offscreen", 0); }
};

struct ScreenSize {
    int width;
    int height;
};

class EditorWindowSizes : public EditorWindowTest, public ::testing::WithParamInterface<ScreenSize> {};

}  // namespace

TEST_P(EditorWindowSizes, AShippedProgramShowsItsPhasesTracksAndAlternates) {
    if (!ocrAvailable())
        GTEST_SKIP() << "tesseract-ocr and imagemagick are needed (scripts/setup-debian.sh --test)";
    const auto size = GetParam();
    auto opened = EditorModel::open(fs::path(STILLPOINT_SOURCE_DIR) / "playlists" / "iv-infusion-40.toml");
    ASSERT_TRUE(opened.model);
    EditorModel& model = *opened.model;
    model.takeCheckReport(
        0, lengthsOf(model.program()));  // lengths only: an old revision's problems are not kept
    ASSERT_TRUE(model.knownLengthSeconds(model.program().phases[2].tracks[0].file));
    PanelWindow window(PanelWindowOptions{"Stillpoint editor test", size.width, size.height, true, 0.0f});
    EditorWindow view(model, window.fonts());
    view.select(ElementRef::trackAt(2, 1));
    CapturedFrame frame;
    for (int i = 0; i < 3; ++i) frame = window.renderAndCapture([&] { view.draw(); });
    const fs::path shot =
        shotDir() / ("editor-" + std::to_string(size.width) + "x" + std::to_string(size.height) + ".png");
    savePng(frame, shot);
    const auto words = ocrWords(shot, 2);
    const std::string text = allText(words);
    for (const char* expected : {"phases", "peak", "return", "grounding", "tracks", "harbour", "alternates",
                                 "lyrics", "tags", "save", "undo", "problems"})
        EXPECT_NE(text.find(expected), std::string::npos)
            << expected << " not read in " << shot << ": " << text;
    // Every label is inside the window (nothing cut off at the right edge).
    for (const auto& word : words) EXPECT_LE(word.x, size.width) << word.text;
}

INSTANTIATE_TEST_SUITE_P(Sizes, EditorWindowSizes,
                         ::testing::Values(ScreenSize{1280, 720}, ScreenSize{1024, 600}),
                         [](const auto& size) {
                             return std::to_string(size.param.width) + "x" +
                                    std::to_string(size.param.height);
                         });

namespace {

void pushDrop(const fs::path& file) {
    SDL_Event event{};
    event.type = SDL_DROPFILE;
    event.drop.file = static_cast<char*>(SDL_malloc(file.string().size() + 1));
    std::strcpy(event.drop.file, file.c_str());
    SDL_PushEvent(&event);
}

void pushKey(Uint32 type, SDL_Keycode key, SDL_Scancode scancode, Uint16 mod = KMOD_NONE) {
    SDL_Event event{};
    event.type = type;
    event.key.type = type;
    event.key.state = type == SDL_KEYDOWN ? SDL_PRESSED : SDL_RELEASED;
    event.key.keysym.sym = key;
    event.key.keysym.scancode = scancode;
    event.key.keysym.mod = mod;
    SDL_PushEvent(&event);
}

void pushCtrlKey(SDL_Keycode key, SDL_Scancode scancode) {
    for (const Uint32 type : {SDL_KEYDOWN, SDL_KEYUP}) pushKey(type, key, scancode, KMOD_LCTRL);
}

// Lower-case letters as the desktop delivers them: the key goes down, its text, the key comes up.
void pushTyped(const std::string& letters) {
    for (const char letter : letters) {
        const auto scancode = static_cast<SDL_Scancode>(SDL_SCANCODE_A + (letter - 'a'));
        pushKey(SDL_KEYDOWN, letter, scancode);
        SDL_Event text{};
        text.type = SDL_TEXTINPUT;
        text.text.text[0] = letter;
        SDL_PushEvent(&text);
        pushKey(SDL_KEYUP, letter, scancode);
    }
}

}  // namespace

// Typing that came faster than frames is handed to the fields frames later, when the keyboard has moved on:
// here Ctrl is already down for the Ctrl+S that follows the typing. Every letter still reaches the title
// field, and the save has them all.
TEST_F(EditorWindowTest, LettersTypedJustBeforeCtrlSAreAllSaved) {
    stillpoint::testing::TempFolder folder;
    const fs::path program = folder / "clinic.toml";
    EditorModel model(ProgramTemplate::Blank);
    model.save(program);
    PanelWindow window(PanelWindowOptions{"Stillpoint editor test", 1280, 720, true, 0.0f});
    EditorWindow view(model, window.fonts());
    window.setOwnKeys([&](const SDL_KeyboardEvent& key) { return view.handleKey(key); });
    auto pump = [&] {
        for (int i = 0; i < 60; ++i) {
            window.waitForEvents(0, [&](const SDL_Event& event, bool) { view.handleEvent(event); });
            window.renderFrame([&] { view.draw(); });
        }
    };
    pushDrop(folder / "music" / "tone.wav");
    pump();
    ASSERT_EQ(view.selection(), ElementRef::trackAt(0, 0));
    // F6 three times: the track's column; Tab: its title.
    for (int i = 0; i < 3; ++i) {
        pushKey(SDL_KEYDOWN, SDLK_F6, SDL_SCANCODE_F6);
        pushKey(SDL_KEYUP, SDLK_F6, SDL_SCANCODE_F6);
    }
    pushKey(SDL_KEYDOWN, SDLK_TAB, SDL_SCANCODE_TAB);
    pushKey(SDL_KEYUP, SDLK_TAB, SDL_SCANCODE_TAB);
    pump();
    pushTyped("slowstrings");
    pushKey(SDL_KEYDOWN, SDLK_LCTRL, SDL_SCANCODE_LCTRL, KMOD_LCTRL);
    pushKey(SDL_KEYDOWN, SDLK_s, SDL_SCANCODE_S, KMOD_LCTRL);
    // What SDL says of the keyboard now, while the letters wait in the queue: Ctrl is down.
    SDL_SetModState(KMOD_LCTRL);
    pump();
    pushKey(SDL_KEYUP, SDLK_s, SDL_SCANCODE_S, KMOD_LCTRL);
    pushKey(SDL_KEYUP, SDLK_LCTRL, SDL_SCANCODE_LCTRL);
    SDL_SetModState(KMOD_NONE);
    pump();
    EXPECT_EQ(model.program().phases[0].tracks[0].title, "slowstrings");
    EXPECT_FALSE(model.modified());
    const auto saved = stillpoint::program::parseProgramFile(program);
    ASSERT_TRUE(saved.program);
    ASSERT_EQ(saved.program->phases[0].tracks.size(), 1u);
    EXPECT_EQ(saved.program->phases[0].tracks[0].title, "slowstrings");
}

TEST_F(EditorWindowTest, ADroppedFileJoinsTheChosenPhaseAndCtrlSSavesIt) {
    stillpoint::testing::TempFolder folder;
    const fs::path program = folder / "programs" / "clinic.toml";
    fs::create_directories(program.parent_path());
    EditorModel model(ProgramTemplate::IvInfusion40);
    model.save(program);
    PanelWindow window(PanelWindowOptions{"Stillpoint editor test", 1280, 720, true, 0.0f});
    EditorWindow view(model, window.fonts());
    window.setOwnKeys([&](const SDL_KeyboardEvent& key) { return view.handleKey(key); });
    auto pump = [&] {
        for (int i = 0; i < 10; ++i) {
            window.waitForEvents(0, [&](const SDL_Event& event, bool) { view.handleEvent(event); });
            window.renderFrame([&] { view.draw(); });
        }
    };
    pump();
    view.select(ElementRef::phaseAt(2));
    pushDrop(folder / "music" / "first.flac");
    pushDrop(folder / "music" / "second.flac");
    pump();
    ASSERT_EQ(model.program().phases[2].tracks.size(), 2u);
    EXPECT_EQ(view.statusLine(), "Added second.flac to phase \"peak\"");
    pushCtrlKey(SDLK_z, SDL_SCANCODE_Z);
    pump();
    ASSERT_EQ(model.program().phases[2].tracks.size(), 1u);
    EXPECT_TRUE(model.modified());
    pushCtrlKey(SDLK_s, SDL_SCANCODE_S);
    pump();
    EXPECT_FALSE(model.modified());
    // The template's other phases have no music yet (errors it may be saved with): read the text.
    std::ifstream in(program);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    EXPECT_NE(text.find("file = \"../music/first.flac\""), std::string::npos) << text;
    EXPECT_EQ(text.find("second.flac"), std::string::npos) << text;
}

TEST_F(EditorWindowTest, TheLibraryListsTheClinicsMusicWithLengthFormatAndLoudness) {
    if (!ocrAvailable())
        GTEST_SKIP() << "tesseract-ocr and imagemagick are needed (scripts/setup-debian.sh --test)";
    stillpoint::testing::TempFolder folder;
    using namespace stillpoint::testing;
    fs::create_directories(folder / "music");
    writeSine(folder / "music" / "a.flac",
              audioSpec(SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 48000, 2, 2.0, "Evening Field", "Meadow Choir"),
              220.0, 0.2);
    writeSine(folder / "music" / "b.wav",
              audioSpec(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 3.0, "Slow Lanterns"), 330.0, 0.2);
    // A file the program does not know: what its tags say is shown.
    const bool tagged =
        haveFfmpegTool() && ffmpegEncode(folder / "music" / "b.wav", folder / "music" / "c.flac",
                                         "-metadata title=Harbour -metadata genre='Ambient; Harp' "
                                         "-c:a flac");
    const std::size_t files = tagged ? 3 : 2;
    MusicLibrary library(folder / "config" / "editor.toml", folder / "loudness.json");
    ASSERT_EQ(library.addFolder(folder / "music"), "");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while ((library.progress().scanning || library.entries().size() < files) &&
           std::chrono::steady_clock::now() < deadline) {
        library.poll();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    library.poll();
    ASSERT_EQ(library.entries().size(), files);
    EditorModel model(ProgramTemplate::Sublingual90);
    // What the program says of a file in it is shown beside it in the library.
    stillpoint::program::Track known;
    known.file = folder / "music" / "a.flac";
    known.lyrics = stillpoint::program::Lyrics::None;
    known.intensity = 2;
    known.tags = {"choir"};
    model.addTrack(0, 0, known);
    PanelWindow window(PanelWindowOptions{"Stillpoint editor test", 1280, 720, true, 0.0f});
    EditorWindow view(model, window.fonts());
    view.setLibrary(&library);
    view.showLibrary();
    CapturedFrame frame;
    for (int i = 0; i < 3; ++i) frame = window.renderAndCapture([&] { view.draw(); });
    const fs::path shot = shotDir() / "editor-library-1280x720.png";
    savePng(frame, shot);
    const std::string text = allText(ocrWords(shot, 2));
    for (const char* expected :
         {"evening", "lanterns", "meadow", "length", "lufs", "flac", "wav", "search", "lyrics,", "intensity"})
        EXPECT_NE(text.find(expected), std::string::npos)
            << expected << " not read in " << shot << ": " << text;
    if (tagged) {
        EXPECT_NE(text.find("ambient"), std::string::npos) << shot << ": " << text;
    }
}
