#include "visuals/ColourField.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace stillpoint::visuals {

namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;
constexpr double kBreathPeriodSeconds = 10.0;  // 6 breaths per minute

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

Rgb mix(Rgb a, Rgb b, float t) {
    return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}

float smoothstep(double t) {
    const double c = std::clamp(t, 0.0, 1.0);
    return static_cast<float>(c * c * (3.0 - 2.0 * c));
}

double linearise(float channel) {
    const double c = std::clamp(static_cast<double>(channel), 0.0, 1.0);
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

}  // namespace

PhaseMood moodFor(std::string_view name) {
    // Dim on purpose: the brightest glow centre stays near 2% relative luminance, a dark room's level.
    if (contains(name, "settl") || contains(name, "prep"))
        return {{0.010f, 0.018f, 0.022f}, {0.055f, 0.115f, 0.125f}};  // quiet teal
    if (contains(name, "onset") || contains(name, "come"))
        return {{0.008f, 0.012f, 0.028f}, {0.050f, 0.085f, 0.180f}};                          // cool dim blue
    if (contains(name, "peak")) return {{0.014f, 0.008f, 0.030f}, {0.120f, 0.060f, 0.190f}};  // deep violet
    if (contains(name, "return") || contains(name, "re-entry"))
        return {{0.026f, 0.014f, 0.006f}, {0.190f, 0.110f, 0.040f}};  // warm dim amber
    if (contains(name, "rest") || contains(name, "integr"))
        return {{0.022f, 0.012f, 0.014f}, {0.160f, 0.085f, 0.090f}};  // dusky rose
    return {{0.012f, 0.012f, 0.016f}, {0.080f, 0.080f, 0.100f}};      // slate
}

PhaseMood darkMood() {
    return {{0.0f, 0.0f, 0.0f}, {0.0f, 0.0f, 0.0f}};
}

FieldFrame colourAt(const PhaseTransition& transition, double t, const ColourFieldOptions& options) {
    FieldFrame frame;
    const float blend = smoothstep((t - transition.changedAt) / std::max(1.0, options.transitionSeconds));
    frame.base = mix(transition.from.base, transition.to.base, blend);
    frame.glow = mix(transition.from.glow, transition.to.glow, blend);

    // Three glows on slow Lissajous paths with unrelated periods (minutes), so the picture never repeats
    // visibly and nothing moves fast enough to draw the eye.
    constexpr std::array<std::array<double, 6>, 3> paths{{
        // period x, period y, phase x, phase y, radius, strength period
        {{97.0, 131.0, 0.0, 1.3, 0.42, 71.0}},
        {{113.0, 89.0, 2.1, 4.0, 0.36, 83.0}},
        {{149.0, 107.0, 4.2, 2.6, 0.48, 97.0}},
    }};
    for (std::size_t i = 0; i < paths.size(); ++i) {
        const auto& p = paths[i];
        Glow& glow = frame.glows[i];
        glow.x = static_cast<float>(0.5 + 0.28 * std::sin(kTwoPi * t / p[0] + p[2]));
        glow.y = static_cast<float>(0.5 + 0.22 * std::sin(kTwoPi * t / p[1] + p[3]));
        glow.radius = static_cast<float>(p[4]);
        glow.strength = static_cast<float>(0.80 + 0.20 * std::sin(kTwoPi * t / p[5] + p[2]));
    }
    if (options.breathingGuide)
        frame.breathRadius =
            static_cast<float>(0.10 + 0.04 * (0.5 - 0.5 * std::cos(kTwoPi * t / kBreathPeriodSeconds)));
    return frame;
}

Rgb pixelAt(const FieldFrame& frame, float x, float y, float aspect) {
    float weight = 0.0f;
    for (const auto& glow : frame.glows) {
        const float dx = (x - glow.x) * aspect;
        const float dy = y - glow.y;
        weight += glow.strength * std::exp(-(dx * dx + dy * dy) / (glow.radius * glow.radius));
    }
    // Overlapping glows saturate softly instead of adding up to a bright spot.
    weight = 1.0f - std::exp(-weight * 1.2f);
    Rgb colour = mix(frame.base, frame.glow, weight);
    if (frame.breathRadius > 0.0f) {
        const float dx = (x - 0.5f) * aspect;
        const float dy = y - 0.5f;
        const float distance = std::sqrt(dx * dx + dy * dy);
        // A soft-edged disc, a little lighter than the field: visible to open eyes, never bright.
        const float edge = 0.03f;
        const float inside = std::clamp((frame.breathRadius + edge - distance) / (2 * edge), 0.0f, 1.0f);
        colour =
            mix(colour, {frame.glow.r * 1.25f, frame.glow.g * 1.25f, frame.glow.b * 1.25f}, inside * 0.5f);
    }
    return colour;
}

void renderField(const FieldFrame& frame, int width, int height, std::vector<std::uint8_t>& rgba) {
    rgba.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4);
    const float aspect = static_cast<float>(width) / static_cast<float>(std::max(1, height));
    std::size_t i = 0;
    for (int py = 0; py < height; ++py) {
        const float y = (static_cast<float>(py) + 0.5f) / static_cast<float>(height);
        for (int px = 0; px < width; ++px) {
            const float x = (static_cast<float>(px) + 0.5f) / static_cast<float>(width);
            const Rgb c = pixelAt(frame, x, y, aspect);
            // Ordered dither of half a step hides 8-bit banding in the near-black gradients.
            const float dither = (static_cast<float>((px & 1) * 2 + (py & 1)) - 1.5f) / 4.0f;
            auto channel = [dither](float v) {
                return static_cast<std::uint8_t>(std::clamp(v * 255.0f + 0.5f + dither, 0.0f, 255.0f));
            };
            rgba[i++] = channel(c.r);
            rgba[i++] = channel(c.g);
            rgba[i++] = channel(c.b);
            rgba[i++] = 255;
        }
    }
}

double relativeLuminance(Rgb colour) {
    return 0.2126 * linearise(colour.r) + 0.7152 * linearise(colour.g) + 0.0722 * linearise(colour.b);
}

}  // namespace stillpoint::visuals
