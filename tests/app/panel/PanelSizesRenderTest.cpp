// The panel at the four screen sizes a clinic has (1024x600 tablets and netbooks up to 2560x1440
// monitors): rendered offscreen, read back by OCR, and checked for what a therapist must find on it:
// every control on screen without scrolling, the phase and time left large enough to read from across
// the room, no label drawn over another (garbled text would not be read back). The PNGs are kept in
// STILLPOINT_SCREENSHOT_DIR when it is set.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>

#include "app/panel/MidSessionSnapshot.h"
#include "app/panel/PanelOcr.h"
#include "app/panel/model/PanelFakes.h"
#include "panel/OperatorPanel.h"
#include "panel/PanelWindow.h"
#include "panel/model/OperatorPanelModel.h"

using namespace stillpoint::panel;
using namespace stillpoint::panel::testing;
using stillpoint::session::EventKind;
using stillpoint::session::FaultKind;
using stillpoint::session::SessionEvent;
using stillpoint::session::SessionSnapshot;
using stillpoint::session::SessionState;
using stillpoint::session::TrackRole;

namespace {

struct ScreenSize {
    int width;
    int height;
};

std::filesystem::path shotDir() {
    if (const char* dir = std::getenv("STILLPOINT_SCREENSHOT_DIR")) return dir;
    // One folder per process: tests run in parallel must not read each other's screenshots.
    auto dir =
        std::filesystem::temp_directory_path() / ("stillpoint-panel-sizes-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir;
}

SessionSnapshot heldPeakWithTalkOver() {
    SessionSnapshot snapshot = midPeakSnapshot();
    snapshot.held = true;
    snapshot.talkOver = true;
    return snapshot;
}

class PanelShotTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { setenv("SDL_VIDEODRIVER", "offscreen", 0); }

    void SetUp() override {
        if (!ocrAvailable())
            GTEST_SKIP() << "tesseract-ocr and imagemagick are needed (scripts/setup-debian.sh --test)";
    }

    stillpoint::program::Program program = fakes::makeProgram();
    fakes::FakeSession fakeSession;
    fakes::FakeRecorder recorder;
    OperatorPanelModel model{program, fakeSession, recorder};

    void start() {
        fakes::fillSetup(model);
        ASSERT_TRUE(model.start());
        SessionEvent fault;
        fault.kind = EventKind::Fault;
        fault.fault = FaultKind::FileEndedEarly;
        fault.sessionFrame = static_cast<std::int64_t>((22 * 60.0 + 40) * 48000);
        std::snprintf(fault.detail.data(), fault.detail.size(), "%s",
                      "peak/ocean-drone.flac stopped after 2:31");
        const SessionEvent events[] = {fault};
        model.update(heldPeakWithTalkOver(), events);
        model.addMarker(MarkerKind::DoseGiven);
    }

    // Renders the settled frame and returns the words read from it.
    std::vector<OcrWord> shoot(const std::string& name, ScreenSize size, bool* scrolls = nullptr) {
        PanelWindow window{PanelWindowOptions{"Stillpoint test", size.width, size.height, true, 0.0f}};
        OperatorPanel panel{model, window.fonts(), {"Headphones (USB)", "No Output"}};
        panel.setEndScreenActions({[] {}, [] {}, [] {}, {}});
        panel.setOutputChoice(outputChoice);
        panel.setLevelCheck(levelCheck);
        for (int i = 0; i < 2; ++i) window.renderFrame([&] { panel.draw(); });
        const auto frame = window.renderAndCapture([&] { panel.draw(); });
        EXPECT_EQ(frame.width, size.width);
        EXPECT_EQ(frame.height, size.height);
        if (scrolls) *scrolls = panel.contentScrolls();
        const auto file = shotDir() / (name + "-" + std::to_string(size.width) + "x" +
                                       std::to_string(size.height) + ".png");
        savePng(frame, file);
        fontPixels = window.fonts().body->FontSize;
        return ocrWords(file, fontPixels < 17.0f ? 3 : fontPixels < 24.0f ? 2 : 1);
    }

    float fontPixels = 0.0f;
    OutputChoice* outputChoice = nullptr;  // the setup screen's outputs and level check, when set
    LevelCheck* levelCheck = nullptr;
};

class PanelSizesRenderTest : public PanelShotTest, public ::testing::WithParamInterface<ScreenSize> {};

// The smallest screen, where space and legibility are tightest.
constexpr ScreenSize kSmallest{1024, 600};

}  // namespace

TEST_P(PanelSizesRenderTest, EveryControlIsOnScreenAndThePhaseIsReadableAcrossTheRoom) {
    start();
    bool scrolls = true;
    const auto words = shoot("panel-session", GetParam(), &scrolls);
    EXPECT_FALSE(scrolls) << "the session screen does not fit: something is off screen";
    const std::string text = allText(words);
    // The phase and its badges, the time left, the patient, and a word from every group of controls: the
    // transport, the markers (last row), the volume, End, the alert, vitals and notes.
    for (const char* expected :
         {"peak", "held", "talk-over", "12:48", "kx-0042", "advance", "extend", "grounding", "silence",
          "distress", "marker", "volume", "end", "acknowledge", "vitals", "notes"})
        EXPECT_NE(text.find(expected), std::string::npos)
            << "\"" << expected << "\" not read on the screen: " << text;

    // The phase's name is drawn large: at least 40 % taller than the body text, and growing with the screen.
    const auto* phase = findWord(words, "peak");
    ASSERT_NE(phase, nullptr);
    EXPECT_GT(phase->height, fontPixels * 0.9f);
    EXPECT_GE(fontPixels, 22.0f * GetParam().height / 880.0f * 0.95f)
        << "the type does not grow with the screen";
}

TEST_F(PanelShotTest, SetupFormFitsWithStartAndEveryFieldOnTheSmallestScreen) {
    bool scrolls = true;
    const auto words = shoot("panel-setup", kSmallest, &scrolls);
    EXPECT_FALSE(scrolls) << "the setup screen does not fit";
    const std::string text = allText(words);
    for (const char* expected :
         {"patient", "clinician", "route", "dose", "consent", "output", "display", "start"})
        EXPECT_NE(text.find(expected), std::string::npos) << "\"" << expected << "\" not read: " << text;
}

// A level check that is always playing, 6 s in, at 60 % under a -6 dBFS ceiling.
class PlayingLevelCheck final : public LevelCheckPlayer {
public:
    void play(SetupOutput, const std::string&) override {}
    void fadeOut() override {}
    Status status() override { return {State::Playing, 6.0, "", 0.6, -6.0, -3.2}; }
};

TEST_F(PanelShotTest, SetupWithEveryOutputAndTheLevelCheckFitsOnTheSmallestScreens) {
    OutputChoice choice{{"Headphones (USB)", "Speakers", "No Output"},
                        {"Headphones (USB)", "", ""},
                        [](const OutputDevices&) {},
                        "~/.config/stillpoint/stillpoint.toml"};
    PlayingLevelCheck player;
    std::optional<LevelCheck> check;
    outputChoice = &choice;
    model.setup().outputDevice = "Headphones (USB)";
    model.setup().roomOutputDevice = "Speakers";
    model.setup().musicConsent = MusicConsent::Yes;
    for (const ScreenSize size : {kSmallest, ScreenSize{1280, 720}}) {
        SCOPED_TRACE(std::to_string(size.width) + "x" + std::to_string(size.height));
        check.emplace(player, model.setup(), "Dawn chorus", "/music/dawn.flac", 25.0);
        levelCheck = &*check;
        bool scrolls = true;
        const std::string idle = allText(shoot("panel-setup-outputs", size, &scrolls));
        EXPECT_FALSE(scrolls) << "the setup screen does not fit";
        for (const char* expected : {"outputs", "patient: headphones", "room: speakers", "preview: none",
                                     "save for this machine", "check headphones", "check room", "start"})
            EXPECT_NE(idle.find(expected), std::string::npos) << "\"" << expected << "\" not read: " << idle;
        ASSERT_TRUE(check->play(SetupOutput::Room));
        const std::string playing = allText(shoot("panel-setup-level-check", size, &scrolls));
        EXPECT_FALSE(scrolls);
        for (const char* expected : {"stop level check", "room speakers at 60 %", "s left", "start session"})
            EXPECT_NE(playing.find(expected), std::string::npos)
                << "\"" << expected << "\" not read: " << playing;
        model.setup().levelCheckPlaying = false;  // the fake never finishes: the next size starts afresh
    }
}

TEST_F(PanelShotTest, EndScreenLeadsToTheReportOnTheSmallestScreen) {
    start();
    auto ended = heldPeakWithTalkOver();
    ended.state = SessionState::Ended;
    ended.held = false;
    ended.talkOver = false;
    model.update(ended);
    bool scrolls = true;
    const auto words = shoot("panel-end", kSmallest, &scrolls);
    const std::string text = allText(words);
    for (const char* expected :
         {"ended", "23:12", "report", "folder", "new", "post-sess", "last", "1 marker,"})
        EXPECT_NE(text.find(expected), std::string::npos) << "\"" << expected << "\" not read: " << text;
    // Nothing is left to count down or to come once the session is over.
    for (const char* gone : {"program left", "up next", "now playing"})
        EXPECT_EQ(text.find(gone), std::string::npos) << "\"" << gone << "\" still shown: " << text;
}

INSTANTIATE_TEST_SUITE_P(ClinicScreens, PanelSizesRenderTest,
                         ::testing::Values(ScreenSize{1024, 600}, ScreenSize{1280, 720},
                                           ScreenSize{1920, 1080}, ScreenSize{2560, 1440}),
                         [](const auto& param) {
                             return std::to_string(param.param.width) + "x" +
                                    std::to_string(param.param.height);
                         });
