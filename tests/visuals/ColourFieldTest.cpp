#include <gtest/gtest.h>

#include <cmath>

#include "visuals/ColourField.h"

using namespace stillpoint::visuals;

TEST(ColourField, EveryMoodIsDimAndTheArcGoesCoolToWarm) {
    for (const char* phase : {"settling", "onset", "peak", "return", "rest", "something else"}) {
        const auto mood = moodFor(phase);
        EXPECT_LT(relativeLuminance(mood.glow), 0.025) << phase;
        EXPECT_LT(relativeLuminance(mood.base), 0.003) << phase;
    }
    EXPECT_GT(moodFor("onset").glow.b, moodFor("onset").glow.r);
    EXPECT_GT(moodFor("peak").glow.b, moodFor("peak").glow.g);
    EXPECT_GT(moodFor("return").glow.r, moodFor("return").glow.b);
}

TEST(ColourField, PhaseChangeCrossFadesOverTheTransitionTime) {
    const PhaseTransition transition{moodFor("peak"), moodFor("return"), 100.0};
    ColourFieldOptions options;
    options.transitionSeconds = 40.0;
    const auto atChange = colourAt(transition, 100.0, options);
    const auto halfway = colourAt(transition, 120.0, options);
    const auto after = colourAt(transition, 140.0, options);
    EXPECT_FLOAT_EQ(atChange.glow.r, moodFor("peak").glow.r);
    EXPECT_FLOAT_EQ(after.glow.r, moodFor("return").glow.r);
    EXPECT_GT(halfway.glow.r, atChange.glow.r);
    EXPECT_LT(halfway.glow.r, after.glow.r);
    // At 60 frames a second the glow colour never moves by more than a sliver of a step per frame.
    double largestStep = 0.0;
    for (double t = 95.0; t < 145.0; t += 1.0 / 60.0) {
        const auto a = colourAt(transition, t, options).glow;
        const auto b = colourAt(transition, t + 1.0 / 60.0, options).glow;
        largestStep = std::max({largestStep, std::abs(double(b.r - a.r)), std::abs(double(b.g - a.g)),
                                std::abs(double(b.b - a.b))});
    }
    EXPECT_LT(largestStep * 255.0, 0.2);  // less than a fifth of an 8-bit level per frame
}

TEST(ColourField, GlowsDriftSlowly) {
    const PhaseTransition steady{moodFor("onset"), moodFor("onset"), 0.0};
    double fastest = 0.0;
    for (double t = 0.0; t < 300.0; t += 0.5) {
        const auto a = colourAt(steady, t);
        const auto b = colourAt(steady, t + 0.5);
        for (std::size_t i = 0; i < a.glows.size(); ++i)
            fastest = std::max(
                fastest,
                std::hypot(double(b.glows[i].x - a.glows[i].x), double(b.glows[i].y - a.glows[i].y)) / 0.5);
    }
    EXPECT_LT(fastest, 0.025);  // under 2.5% of the screen per second
}

TEST(ColourField, BreathingGuideRunsAtSixBreathsPerMinute) {
    const PhaseTransition steady{moodFor("settling"), moodFor("settling"), 0.0};
    ColourFieldOptions options;
    options.breathingGuide = true;
    const float r0 = colourAt(steady, 3.0, options).breathRadius;
    EXPECT_NEAR(colourAt(steady, 13.0, options).breathRadius, r0, 1e-5);
    EXPECT_GT(colourAt(steady, 5.0, options).breathRadius,
              colourAt(steady, 0.0, options).breathRadius + 0.03f);
    EXPECT_EQ(colourAt(steady, 3.0).breathRadius, 0.0f);  // off unless asked for
}

TEST(ColourField, RenderedPixelsStayDim) {
    const PhaseTransition steady{moodFor("return"), moodFor("return"), 0.0};
    std::vector<std::uint8_t> rgba;
    renderField(colourAt(steady, 42.0), 160, 90, rgba);
    ASSERT_EQ(rgba.size(), 160u * 90u * 4u);
    int brightest = 0;
    for (std::size_t i = 0; i < rgba.size(); i += 4)
        brightest = std::max({brightest, int(rgba[i]), int(rgba[i + 1]), int(rgba[i + 2])});
    EXPECT_GT(brightest, 10);  // something is there
    EXPECT_LT(brightest, 64);  // and it is dim
}
