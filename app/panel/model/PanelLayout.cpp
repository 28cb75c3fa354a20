#include "panel/model/PanelLayout.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace stillpoint::panel {

namespace {
constexpr float kMinScale = 0.6f;
constexpr float kMaxScale = 3.0f;
}  // namespace

float layoutScale(int width, int height, float dpi) {
    if (width <= 0 || height <= 0) return 1.0f;
    float scale =
        std::min(static_cast<float>(width) / kDesignWidth, static_cast<float>(height) / kDesignHeight);
    // Above 96 dpi a pixel is smaller: never below the size that fits, but a dense small screen must not
    // shrink the type below what is readable.
    const float floor = dpi > 96.0f ? kMinScale * dpi / 96.0f : kMinScale;
    scale = std::max(scale, std::min(floor, kMaxScale));
    return std::clamp(scale, kMinScale, kMaxScale);
}

bool scaleChanged(float current, float wanted) {
    return std::fabs(wanted - current) > 0.04f * current;
}

double draggedVolume(double startVolume, float dragPixels, float trackPixels, double ceiling) {
    if (trackPixels <= 0.0f) return std::clamp(startVolume, 0.0, ceiling);
    return std::clamp(startVolume + static_cast<double>(dragPixels / trackPixels) * ceiling, 0.0, ceiling);
}

const char* outputDeviceLabel(const char* name) {
    if (std::strcmp(name, "null") == 0 || std::strcmp(name, "No Output") == 0)
        return "No sound (test output)";
    return name;
}

}  // namespace stillpoint::panel
