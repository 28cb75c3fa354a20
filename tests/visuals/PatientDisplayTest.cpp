// Renders the patient display offscreen over simulated time and measures what the patient would see:
// the mean relative luminance of each frame. A flash (WCAG 2.x) is a pair of opposing changes of 10% or
// more of the maximum luminance; the display must stay far from that: slow changes (under 2% of the
// maximum per second, in fact far less), low absolute light, and no back-and-forth of any size worth
// measuring three times in a second.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>

#include "visuals/PatientDisplay.h"

using namespace stillpoint::visuals;

namespace {

constexpr double kMaxLuminanceChangePerSecond = 0.02;  // of the maximum (1.0)
constexpr double kMaxMeanLuminance = 0.03;
constexpr double kOscillationThreshold = 0.002;  // a fiftieth of a WCAG flash half-cycle

double channelToLinear(std::uint8_t v) {
    const double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double meanLuminance(const std::vector<std::uint8_t>& rgba) {
    double sum = 0.0;
    for (std::size_t i = 0; i < rgba.size(); i += 4)
        sum += 0.2126 * channelToLinear(rgba[i]) + 0.7152 * channelToLinear(rgba[i + 1]) +
               0.0722 * channelToLinear(rgba[i + 2]);
    return sum / static_cast<double>(rgba.size() / 4);
}

struct Series {
    std::vector<double> times;
    std::vector<double> luminance;
};

// Renders frames at `fps` from 0 to `seconds`; `script` may change the phase before each frame.
Series render(PatientDisplay& display, double seconds, double fps,
              const std::function<void(double)>& script) {
    Series series;
    for (int frame = 0; frame <= static_cast<int>(seconds * fps); ++frame) {
        const double t = frame / fps;
        script(t);
        int width = 0, height = 0;
        const auto rgba = display.drawAndCapture(t, width, height);
        series.times.push_back(t);
        series.luminance.push_back(meanLuminance(rgba));
    }
    return series;
}

double fastestChangePerSecond(const Series& s) {
    double fastest = 0.0;
    for (std::size_t i = 1; i < s.luminance.size(); ++i)
        fastest =
            std::max(fastest, std::abs(s.luminance[i] - s.luminance[i - 1]) / (s.times[i] - s.times[i - 1]));
    return fastest;
}

// The most reversals of direction (each a swing of at least `threshold`) within any one second.
int mostReversalsInOneSecond(const Series& s, double threshold) {
    std::vector<double> reversalTimes;
    int direction = 0;
    double extreme = s.luminance.front();
    for (std::size_t i = 1; i < s.luminance.size(); ++i) {
        const double l = s.luminance[i];
        if (direction >= 0 && l > extreme) extreme = l;
        if (direction <= 0 && l < extreme) extreme = l;
        if (direction >= 0 && l < extreme - threshold) {
            if (direction > 0) reversalTimes.push_back(s.times[i]);
            direction = -1;
            extreme = l;
        } else if (direction <= 0 && l > extreme + threshold) {
            if (direction < 0) reversalTimes.push_back(s.times[i]);
            direction = 1;
            extreme = l;
        }
    }
    int most = 0;
    for (std::size_t i = 0; i < reversalTimes.size(); ++i) {
        int inWindow = 0;
        for (std::size_t j = i; j < reversalTimes.size() && reversalTimes[j] < reversalTimes[i] + 1.0; ++j)
            ++inWindow;
        most = std::max(most, inWindow);
    }
    return most;
}

PatientDisplayOptions windowed() {
    setenv("SDL_VIDEODRIVER", "offscreen", 0);
    PatientDisplayOptions options;
    options.fullscreen = false;
    options.width = 160;
    options.height = 90;
    options.softwareRenderer = true;
    return options;
}

}  // namespace

TEST(PatientDisplay, SessionArcWithPhaseChangesNeverFlashes) {
    PatientDisplay display(windowed());
    // Fade in to onset, the peak at 20 s, an early return at 45 s (mid-fade), the end at 75 s.
    const auto series = render(display, 125.0, 4.0, [&](double t) {
        if (t < 20.0)
            display.setPhase("onset", t);
        else if (t < 45.0)
            display.setPhase("peak", t);
        else if (t < 75.0)
            display.setPhase("return", t);
        else
            display.setPhase("", t);
    });
    const double brightest = *std::max_element(series.luminance.begin(), series.luminance.end());
    EXPECT_GT(brightest, 0.001) << "the field should be visible at all";
    EXPECT_LT(brightest, kMaxMeanLuminance);
    EXPECT_LT(fastestChangePerSecond(series), kMaxLuminanceChangePerSecond);
    EXPECT_LT(mostReversalsInOneSecond(series, kOscillationThreshold), 3);
    EXPECT_LT(series.luminance.back(), 0.05 * brightest) << "after the end the field fades to black";
    std::printf("patient display: brightest frame mean luminance %.4f, fastest change %.5f per second\n", brightest,
                fastestChangePerSecond(series));
}

TEST(PatientDisplay, OperatorFlippingPhasesStillGivesSlowChange) {
    PatientDisplay display(windowed());
    // The worst case for flicker: the phase flips between peak and return four times a second.
    const auto series = render(display, 12.0, 12.0, [&](double t) {
        display.setPhase(static_cast<int>(t * 4) % 2 ? "return" : "peak", t);
    });
    EXPECT_LT(fastestChangePerSecond(series), kMaxLuminanceChangePerSecond);
    EXPECT_LT(mostReversalsInOneSecond(series, kOscillationThreshold), 3);
}

TEST(PatientDisplay, MissingScreenIsExplained) {
    auto options = windowed();
    options.fullscreen = true;
    options.displayIndex = 7;
    try {
        PatientDisplay display(options);
        FAIL() << "expected an error for a screen that does not exist";
    } catch (const std::runtime_error& error) {
        EXPECT_NE(std::string(error.what()).find("no screen 7"), std::string::npos) << error.what();
        EXPECT_NE(std::string(error.what()).find("--patient-display"), std::string::npos) << error.what();
    }
}
