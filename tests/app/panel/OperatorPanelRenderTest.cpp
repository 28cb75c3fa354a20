// Renders the operator panel without a display (SDL offscreen driver, software renderer), saves the
// screenshots and checks what a glance at them would: not blank, dark, the timeline where it belongs, the
// alert visible. Set STILLPOINT_SCREENSHOT_DIR to keep the PNGs.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "app/panel/MidSessionSnapshot.h"
#include "app/panel/PanelOcr.h"
#include "app/panel/model/PanelFakes.h"
#include "panel/OperatorPanel.h"
#include "panel/PanelWindow.h"
#include "panel/model/OperatorPanelModel.h"

using namespace stillpoint::panel;
using stillpoint::session::EventKind;
using stillpoint::session::FaultKind;
using stillpoint::session::SessionEvent;
using stillpoint::session::SessionSnapshot;
using stillpoint::session::SessionState;
using stillpoint::session::TrackRole;

namespace {

struct Rgb {
    int r, g, b;
};

Rgb pixel(const CapturedFrame& frame, int x, int y) {
    const auto* p = &frame.rgba[(static_cast<std::size_t>(y) * static_cast<std::size_t>(frame.width) +
                                 static_cast<std::size_t>(x)) *
                                4];
    return {p[0], p[1], p[2]};
}

// Luma of the stored (gamma-encoded) values, 0..1. For scale: a light theme averages about 0.9, a typical
// dark editor theme 0.15-0.2; the panel's background alone is 0.06.
double luminance(Rgb c) {
    return (0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b) / 255.0;
}

constexpr double kDarkThemeMaxMeanLuminance = 0.14;

struct FrameStats {
    double meanLuminance = 0.0;
    double variance = 0.0;
    int nearWhitePixels = 0;
};

FrameStats statsOf(const CapturedFrame& frame) {
    FrameStats stats;
    double sum = 0.0, sumSquares = 0.0;
    const int n = frame.width * frame.height;
    for (int y = 0; y < frame.height; ++y)
        for (int x = 0; x < frame.width; ++x) {
            const Rgb c = pixel(frame, x, y);
            const double l = luminance(c);
            sum += l;
            sumSquares += l * l;
            if (c.r > 245 && c.g > 245 && c.b > 245) ++stats.nearWhitePixels;
        }
    stats.meanLuminance = sum / n;
    stats.variance = sumSquares / n - stats.meanLuminance * stats.meanLuminance;
    return stats;
}

// Pixels within `tolerance` (per channel) of `colour` inside the rectangle.
int countNear(const CapturedFrame& frame, ImVec4 colour, int x0, int y0, int x1, int y1, int tolerance = 12) {
    const Rgb want{static_cast<int>(colour.x * 255), static_cast<int>(colour.y * 255),
                   static_cast<int>(colour.z * 255)};
    int count = 0;
    for (int y = std::max(0, y0); y < std::min(frame.height, y1); ++y)
        for (int x = std::max(0, x0); x < std::min(frame.width, x1); ++x) {
            const Rgb c = pixel(frame, x, y);
            if (std::abs(c.r - want.r) <= tolerance && std::abs(c.g - want.g) <= tolerance &&
                std::abs(c.b - want.b) <= tolerance)
                ++count;
        }
    return count;
}

std::filesystem::path screenshotDir() {
    if (const char* dir = std::getenv("STILLPOINT_SCREENSHOT_DIR")) return dir;
    auto dir = std::filesystem::temp_directory_path() / "stillpoint-panel-test";
    std::filesystem::create_directories(dir);
    return dir;
}

class OperatorPanelRenderTest : public ::testing::Test, protected fakes::FakePanel {
protected:
    static void SetUpTestSuite() { setenv("SDL_VIDEODRIVER", "offscreen", 0); }

    PanelWindow window{PanelWindowOptions{"Stillpoint test", 1400, 880, true, 1.0f}};
    OperatorPanel panel{model, window.fonts(), {"Headphones (USB)", "Room speakers"}};

    CapturedFrame render(const char* name) {
        // ImGui lays windows out over a couple of frames; the third is the settled one.
        for (int i = 0; i < 2; ++i) window.renderFrame([&] { panel.draw(); });
        auto frame = window.renderAndCapture([&] { panel.draw(); });
        savePng(frame, screenshotDir() / name);
        return frame;
    }

    void startMidSession() {
        fakes::fillSetup(model);
        ASSERT_TRUE(model.start());
        SessionSnapshot snapshot = stillpoint::panel::testing::midPeakSnapshot();
        SessionEvent lost;
        lost.kind = EventKind::Fault;
        lost.fault = FaultKind::FileEndedEarly;
        lost.sessionFrame = static_cast<std::int64_t>((22 * 60.0 + 40) * 48000);
        std::snprintf(lost.detail.data(), lost.detail.size(), "%s",
                      "peak/ocean-drone.flac stopped after 2:31 of 7:02");
        const SessionEvent events[] = {lost};
        model.update(snapshot, events);
        model.addMarker(MarkerKind::DoseGiven);
    }
};

}  // namespace

TEST_F(OperatorPanelRenderTest, SetupScreenIsDarkAndNotBlank) {
    const auto frame = render("panel-setup.png");
    ASSERT_EQ(frame.width, 1400);
    const auto stats = statsOf(frame);
    EXPECT_GT(stats.variance, 0.0005) << "the frame looks blank";
    EXPECT_LT(stats.meanLuminance, kDarkThemeMaxMeanLuminance) << "too bright for a dim room";
    EXPECT_EQ(stats.nearWhitePixels, 0) << "no pure white anywhere";
}

TEST_F(OperatorPanelRenderTest, MidSessionShowsTimelineNowMarkerAndAlert) {
    startMidSession();
    const auto frame = render("panel-session-alert.png");
    const auto stats = statsOf(frame);
    EXPECT_GT(stats.variance, 0.0005);
    EXPECT_LT(stats.meanLuminance, kDarkThemeMaxMeanLuminance);
    EXPECT_EQ(stats.nearWhitePixels, 0);

    // The now-marker (amber) and the peak's violet appear inside the timeline band, and the band is in the
    // upper part of the panel where the eye finds it.
    const ImVec2 tlMin = panel.timelineMin();
    const ImVec2 tlMax = panel.timelineMax();
    EXPECT_LT(tlMax.y, frame.height * 0.45f);
    const int x0 = static_cast<int>(tlMin.x), y0 = static_cast<int>(tlMin.y);
    const int x1 = static_cast<int>(tlMax.x), y1 = static_cast<int>(tlMax.y);
    EXPECT_GT(countNear(frame, colour::kAccent, x0, y0, x1, y1), 40);
    EXPECT_GT(countNear(frame, phaseColour("peak"), x0, y0, x1, y1), 500);
    // The now-marker sits where 23:12 falls on the bar.
    const auto& display = model.display();
    const int markerX = x0 + static_cast<int>((x1 - x0) * display.sessionSeconds / display.timelineSeconds);
    EXPECT_GT(countNear(frame, colour::kAccent, markerX - 4, y0, markerX + 4, y1), 20);

    // The alert's red border is drawn in the right-hand column.
    EXPECT_GT(countNear(frame, colour::kAlert, frame.width / 2, 0, frame.width, frame.height), 200);
}

TEST_F(OperatorPanelRenderTest, AcknowledgedAlertDisappearsFromTheScreen) {
    startMidSession();
    const auto before = render("panel-before-ack.png");
    model.acknowledgeAlert(model.alerts().alerts().at(0).id);
    const auto after = render("panel-after-ack.png");
    const int w = before.width, h = before.height;
    EXPECT_GT(countNear(before, colour::kAlertSurface, w / 2, 0, w, h, 4), 2000);
    EXPECT_LT(countNear(after, colour::kAlertSurface, w / 2, 0, w, h, 4), 50);
}

TEST_F(OperatorPanelRenderTest, HotkeysReachTheSessionUnlessTyping) {
    startMidSession();
    fakeSession.calls.clear();
    SDL_KeyboardEvent key{};
    key.type = SDL_KEYDOWN;
    key.keysym.sym = SDLK_n;
    key.keysym.mod = KMOD_LCTRL;
    panel.handleKeyEvent(key, /*typingInTextField=*/true);
    EXPECT_TRUE(fakeSession.calls.empty());
    model.observeTyping(false);                    // the field let go (the next frame would see it)
    manualClock.advance(std::chrono::seconds(2));  // past the grace after typing
    panel.handleKeyEvent(key, false);
    key.repeat = 1;  // auto-repeat of a held N is not a second press
    panel.handleKeyEvent(key, false);
    EXPECT_EQ(fakeSession.count("advance_phase"), 1);

    SDL_KeyboardEvent space{};
    space.type = SDL_KEYDOWN;
    space.keysym.sym = SDLK_SPACE;
    panel.handleKeyEvent(space, false);
    space.type = SDL_KEYUP;
    panel.handleKeyEvent(space, false);  // a tap: talk-over stays on
    EXPECT_EQ(fakeSession.calls.back(), "talk_over_on");

    SDL_KeyboardEvent end{};
    end.type = SDL_KEYDOWN;
    end.keysym.sym = SDLK_END;
    end.keysym.mod = KMOD_LCTRL;
    panel.handleKeyEvent(end, false);
    EXPECT_TRUE(model.endPending());
    end.keysym.sym = SDLK_ESCAPE;
    panel.handleKeyEvent(end, false);
    EXPECT_FALSE(model.endPending());
    EXPECT_EQ(fakeSession.count("end_session"), 0);
}

// The setup screen's Edit program / New program buttons, beside the program's name, are there when the
// player gives them something to do (it starts `stillpoint edit`), and only then.
TEST_F(OperatorPanelRenderTest, SetupScreenOffersTheEditorWhenAsked) {
    using namespace stillpoint::panel::testing;
    if (!ocrAvailable()) GTEST_SKIP() << "tesseract-ocr is needed";
    render("panel-setup-no-editor.png");
    auto words = ocrWords(screenshotDir() / "panel-setup-no-editor.png", 1);
    EXPECT_FALSE(findWord(words, "edit")) << allText(words);
    panel.setStartScreenActions({[] {}, [] {}});
    render("panel-setup-editor-buttons.png");
    words = ocrWords(screenshotDir() / "panel-setup-editor-buttons.png", 1);
    const auto* edit = findWord(words, "edit");
    const auto* name = findWord(words, "test");
    ASSERT_TRUE(edit) << allText(words);
    EXPECT_TRUE(findWord(words, "new"));
    ASSERT_TRUE(name) << allText(words);
    EXPECT_NEAR(edit->y, name->y, 12) << "not beside the program's name";
}

TEST_F(OperatorPanelRenderTest, APortOpenToTheNetworkAndAPatientCallAreShownInWords) {
    startMidSession();
    panel.setNetworkBadge("OSC OPEN 192.168.1.5:9000");
    model.patientCalled(false);
    render("panel-osc-badge-call.png");
    if (!stillpoint::panel::testing::ocrAvailable()) GTEST_SKIP() << "tesseract or ImageMagick missing";
    const auto words = stillpoint::panel::testing::ocrWords(screenshotDir() / "panel-osc-badge-call.png", 2);
    const std::string text = stillpoint::panel::testing::allText(words);
    EXPECT_NE(text.find("osc open"), std::string::npos) << text;
    EXPECT_NE(text.find("patient called"), std::string::npos) << text;
    // The badge sits in the header, with the phase, where a glance finds it.
    const auto* badge = stillpoint::panel::testing::findWord(words, "osc");
    ASSERT_NE(badge, nullptr) << text;
    EXPECT_LT(badge->y, 120);
}
