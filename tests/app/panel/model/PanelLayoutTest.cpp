#include <gtest/gtest.h>

#include "panel/model/PanelLayout.h"

using namespace stillpoint::panel;

TEST(PanelLayout, ScaleFollowsTheWindowSoTheDesignFits) {
    EXPECT_FLOAT_EQ(layoutScale(1400, 880), 1.0f);
    // Each size gets the design scaled to its tighter dimension: it fits without clipping.
    for (const auto& [w, h] : {std::pair{1024, 600}, {1280, 720}, {1920, 1080}, {2560, 1440}}) {
        const float scale = layoutScale(w, h);
        EXPECT_LE(kDesignWidth * scale, w + 0.5f) << w << "x" << h;
        EXPECT_LE(kDesignHeight * scale, h + 0.5f) << w << "x" << h;
    }
    // A large screen gets large type, not the same 22 px with half the screen empty.
    EXPECT_GT(layoutScale(2560, 1440), 1.6f);
    EXPECT_LT(layoutScale(1024, 600), 0.7f);
}

TEST(PanelLayout, ADenseScreenKeepsTheTypeReadable) {
    EXPECT_GT(layoutScale(800, 500, 192.0f), layoutScale(800, 500, 96.0f));
    EXPECT_LE(layoutScale(100, 100, 1000.0f), 3.0f);
}

TEST(PanelLayout, SmallChangesDoNotRebuildTheFonts) {
    EXPECT_FALSE(scaleChanged(1.0f, 1.02f));
    EXPECT_TRUE(scaleChanged(1.0f, 1.2f));
    EXPECT_TRUE(scaleChanged(1.0f, 0.8f));
}

TEST(PanelLayout, AClickOnTheVolumeNeverJumpsIt) {
    EXPECT_DOUBLE_EQ(draggedVolume(0.59, 0.0f, 500.0f, 0.5), 0.5);  // clamped to the ceiling only
    EXPECT_DOUBLE_EQ(draggedVolume(0.3, 0.0f, 500.0f, 0.5), 0.3);
    EXPECT_NEAR(draggedVolume(0.3, 100.0f, 500.0f, 0.5), 0.4, 1e-6);
    EXPECT_DOUBLE_EQ(draggedVolume(0.3, -1000.0f, 500.0f, 0.5), 0.0);
}

TEST(PanelLayout, TheNullOutputHasOneNameForPeople) {
    EXPECT_STREQ(outputDeviceLabel("null"), outputDeviceLabel("No Output"));
    EXPECT_STREQ(outputDeviceLabel("Headphones (USB)"), "Headphones (USB)");
}
