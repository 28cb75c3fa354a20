// Renders one demo piece from its recipe: pads, drone, bells and surf, mixed, gently low-passed,
// faded in and out, and brought to the recipe's integrated loudness (EBU R128, libebur128).
#pragma once

#include <cstdint>
#include <vector>

#include "PieceRecipe.h"

namespace stillpoint::demo {

struct RenderedPiece {
    std::vector<float> interleavedStereo;
    std::int64_t frames = 0;
    double loudnessBeforeGainLufs = 0.0;
    double appliedGainDb = 0.0;
    double samplePeakDbfs = -120.0;  // after the gain
};

// The loudest sample peak a piece may have; quieter targets are never pushed above it.
constexpr double kMaximumPeakDbfs = -3.0;

// maxSeconds > 0 shortens the piece (for tests and previews); its fades shrink to fit.
RenderedPiece renderPiece(const PieceRecipe& recipe, double maxSeconds = 0.0);

}  // namespace stillpoint::demo
