// The pieces as a listener would judge them: no clipping, no clicks, fades at both ends, and the same
// sound every time. Rendered shortened (the structure is the same, only shorter) to keep the suite fast.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "PieceRecipe.h"
#include "PieceRenderer.h"

namespace stillpoint::demo {
namespace {

constexpr double kTestSeconds = 16.0;

double rms(const std::vector<float>& samples, std::size_t begin, std::size_t end) {
    double sum = 0.0;
    for (std::size_t index = begin; index < end; ++index) sum += double(samples[index]) * samples[index];
    return std::sqrt(sum / double(end - begin));
}

double toDb(double linear) {
    return 20.0 * std::log10(std::max(linear, 1e-12));
}

TEST(PieceRendererTest, CatalogueHasSixPiecesAGroundingTrackAndCalmerAlternates) {
    const auto& catalogue = demoLibraryCatalogue();
    int pieces = 0, calmer = 0, grounding = 0;
    for (const auto& recipe : catalogue) {
        EXPECT_GE(recipe.durationSeconds, 240.0) << recipe.fileStem;
        EXPECT_LE(recipe.durationSeconds, 600.0) << recipe.fileStem;
        if (recipe.fileStem.ends_with("-calm"))
            ++calmer;
        else if (recipe.fileStem.starts_with("grounding"))
            ++grounding;
        else
            ++pieces;
    }
    EXPECT_GE(pieces, 6);
    EXPECT_GE(calmer, 2);
    EXPECT_EQ(grounding, 1);
}

TEST(PieceRendererTest, LoudnessTargetsSpreadAtLeastTenDecibels) {
    double quietest = 0.0, loudest = -100.0;
    for (const auto& recipe : demoLibraryCatalogue()) {
        quietest = std::min(quietest, recipe.targetLufs);
        loudest = std::max(loudest, recipe.targetLufs);
    }
    EXPECT_GE(loudest - quietest, 10.0);
}

class EveryPiece : public ::testing::TestWithParam<std::size_t> {};

TEST_P(EveryPiece, PeaksBelowMinusThreeDbfsWithoutClicksAndFadesAtBothEnds) {
    const PieceRecipe& recipe = demoLibraryCatalogue()[GetParam()];
    const RenderedPiece piece = renderPiece(recipe, kTestSeconds);
    ASSERT_EQ(piece.frames, static_cast<std::int64_t>(kTestSeconds * 48000));
    const auto& samples = piece.interleavedStereo;

    float peak = 0.0F;
    float largestStep = 0.0F;
    for (std::size_t index = 0; index < samples.size(); ++index) {
        ASSERT_TRUE(std::isfinite(samples[index])) << "sample " << index;
        peak = std::max(peak, std::abs(samples[index]));
        if (index >= 2) largestStep = std::max(largestStep, std::abs(samples[index] - samples[index - 2]));
    }
    EXPECT_LE(toDb(peak), kMaximumPeakDbfs + 0.01);
    EXPECT_NEAR(piece.samplePeakDbfs, toDb(peak), 0.01);
    // A click is a jump between neighbouring samples. Everything here is low-passed (most energy below
    // 1 kHz), so real movement per sample is a few percent of the peak; a step (an unfaded start, a
    // parameter jump) would be a large part of it.
    EXPECT_LT(largestStep, 0.1F * peak)
        << "largest sample-to-sample step " << largestStep << " at peak " << peak;
    RecordProperty("largest_step_to_peak", std::to_string(largestStep / peak));

    // Fades: silence at the very ends, and the first and last 100 ms at least 30 dB below the middle.
    const std::size_t tenth = 4800 * 2;
    const double middle = rms(samples, samples.size() / 2 - tenth, samples.size() / 2 + tenth);
    EXPECT_LT(std::abs(samples.front()), 1e-6F);
    EXPECT_LT(std::abs(samples.back()), 1e-6F);
    EXPECT_LT(toDb(rms(samples, 0, tenth)), toDb(middle) - 30.0);
    EXPECT_LT(toDb(rms(samples, samples.size() - tenth, samples.size())), toDb(middle) - 30.0);
}

INSTANTIATE_TEST_SUITE_P(DemoLibrary, EveryPiece,
                         ::testing::Range<std::size_t>(0, demoLibraryCatalogue().size()),
                         [](const ::testing::TestParamInfo<std::size_t>& param) {
                             std::string name = demoLibraryCatalogue()[param.param].fileStem;
                             std::replace(name.begin(), name.end(), '-', '_');
                             return name;
                         });

TEST(PieceRendererTest, SameRecipeRendersTheSameSamples) {
    const PieceRecipe& recipe = demoLibraryCatalogue().front();
    const RenderedPiece first = renderPiece(recipe, 6.0);
    const RenderedPiece second = renderPiece(recipe, 6.0);
    EXPECT_EQ(first.interleavedStereo, second.interleavedStereo);
}

TEST(PieceRendererTest, DifferentSeedsGiveDifferentPieces) {
    PieceRecipe recipe = demoLibraryCatalogue().front();
    const RenderedPiece first = renderPiece(recipe, 6.0);
    recipe.seed += 1;
    const RenderedPiece second = renderPiece(recipe, 6.0);
    EXPECT_NE(first.interleavedStereo, second.interleavedStereo);
}

TEST(PieceRendererTest, SilentRecipeIsRefusedWithItsName) {
    PieceRecipe recipe;
    recipe.fileStem = "nothing-audible";
    try {
        renderPiece(recipe, 4.0);
        FAIL() << "a recipe with no audible part was accepted";
    } catch (const std::runtime_error& error) {
        EXPECT_NE(std::string(error.what()).find("nothing-audible"), std::string::npos) << error.what();
    }
}

}  // namespace
}  // namespace stillpoint::demo
