// Every shipped program played as a session would be, rendered offline through the session engine:
// the result sits within 1 LU of the program's loudness target although the pieces differ by 12 LU,
// and there is no silence anywhere between the opening fade-in and the closing fade.
// The clinic programs last one to two hours; the operator advances every phase after kSecondsPerPhase
// so each phase and each phase crossfade is heard without rendering hours. The demo plays in full.
// Uses the demo library the build generates into assets/music (the demo_music target).
#include <ebur128.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "DemoLibraryGenerator.h"
#include "program/ProgramParser.h"
#include "session/OfflineRender.h"
#include "session/SessionEngine.h"

namespace stillpoint {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr int kSampleRate = 48000;
constexpr auto kSecondsPerPhase = 30s;

const fs::path kLibrary = fs::path(STILLPOINT_SOURCE_DIR) / "assets" / "music";

struct Rendered {
    std::vector<float> audio;  // interleaved stereo
    double endFadeSeconds = 0.0;
    double targetLufs = 0.0;
};

Rendered renderShippedProgram(const std::string& name, bool advanceEveryPhase) {
    const auto parsed = program::parseProgramFile(fs::path(STILLPOINT_SOURCE_DIR) / "playlists" / name);
    if (!parsed.program) throw std::runtime_error(name + " does not parse");
    const program::Program& program = *parsed.program;

    session::SessionOptions options;
    options.sampleRate = kSampleRate;
    options.initialMasterVolume = 1.0;  // measure the program's own level, not the operator's choice
    // Measuring the whole library takes longer than rendering: keep the figures between runs. The cache
    // keys them by path, size and modification time, so a regenerated library is measured again.
    options.loudnessCacheFile = fs::path(STILLPOINT_BINARY_DIR) / "tests" / "shipped-programs-loudness.json";
    session::SessionEngine engine(program, options);

    std::vector<session::ScriptedAction> actions;
    auto addAction = [&actions](std::chrono::milliseconds at, session::Action what) {
        session::ScriptedAction action;
        action.at = at;
        action.action = what;
        actions.push_back(action);
    };
    if (advanceEveryPhase) {
        const int phases = static_cast<int>(program.phases.size());
        for (int phase = 1; phase < phases; ++phase)
            addAction(kSecondsPerPhase * phase, session::Action::AdvancePhase);
        addAction(kSecondsPerPhase * phases, session::Action::EndSession);
    }
    Rendered rendered;
    rendered.endFadeSeconds = std::chrono::duration<double>(program.endFade).count();
    rendered.targetLufs = program.targetLufs;
    session::OfflineRenderOptions renderOptions;
    renderOptions.longest = std::chrono::hours(3);
    renderOptions.writeAudio = [&rendered](const float* samples, int frames) {
        rendered.audio.insert(rendered.audio.end(), samples,
                              samples + static_cast<std::ptrdiff_t>(frames) * 2);
    };
    const auto result = session::renderOffline(engine, actions, kSampleRate, renderOptions);
    EXPECT_FALSE(result.stoppedAtLongest) << name << " did not end by itself";
    return rendered;
}

double integratedLufs(const std::vector<float>& audio) {
    ebur128_state* meter = ebur128_init(2, kSampleRate, EBUR128_MODE_I);
    ebur128_add_frames_float(meter, audio.data(), audio.size() / 2);
    double loudness = -HUGE_VAL;
    ebur128_loudness_global(meter, &loudness);
    ebur128_destroy(&meter);
    return loudness;
}

void expectNearTargetWithoutSilence(const std::string& name, const Rendered& rendered) {
    SCOPED_TRACE(name);
    const std::size_t frames = rendered.audio.size() / 2;
    ASSERT_GT(frames, static_cast<std::size_t>(60 * kSampleRate));

    const double loudness = integratedLufs(rendered.audio);
    EXPECT_NEAR(loudness, rendered.targetLufs, 1.0);

    // One-second windows from the end of the opening fade-in to the start of the closing fade: none
    // may drop towards silence (the quietest piece sits at -30 LUFS before normalisation).
    const std::size_t window = kSampleRate;
    const auto firstFrame = static_cast<std::size_t>(4 * kSampleRate);
    const auto lastFrame = frames - static_cast<std::size_t>((rendered.endFadeSeconds + 1.0) * kSampleRate);
    double quietestDb = 0.0;
    double quietestAt = 0.0;
    for (std::size_t start = firstFrame; start + window <= lastFrame; start += window / 2) {
        double sum = 0.0;
        for (std::size_t index = start * 2; index < (start + window) * 2; ++index)
            sum += double(rendered.audio[index]) * rendered.audio[index];
        const double db = 10.0 * std::log10(std::max(sum / double(window * 2), 1e-20));
        if (db < quietestDb) {
            quietestDb = db;
            quietestAt = double(start) / kSampleRate;
        }
    }
    EXPECT_GT(quietestDb, -45.0) << "quietest second at " << quietestAt << " s";

    float peak = 0.0F;
    for (float sample : rendered.audio) peak = std::max(peak, std::abs(sample));
    EXPECT_LT(20.0 * std::log10(peak), -1.0) << "above the programs' volume ceiling";
    std::cout << name << ": " << double(frames) / kSampleRate << " s rendered, " << loudness
              << " LUFS integrated, quietest second " << quietestDb << " dBFS at " << quietestAt
              << " s, peak " << 20.0 * std::log10(peak) << " dBFS\n";
}

// One test for all five, so the library is measured once (the loudness cache is shared).
TEST(ShippedProgramsRenderTest, EveryProgramStaysNearItsTargetLoudnessWithoutSilence) {
    if (!fs::exists(kLibrary / demo::kManifestFileName))
        GTEST_SKIP() << "the demo library is not generated in " << kLibrary
                     << ": build the demo_music target (part of a full build) first";
    for (const char* name : {"demo.toml", "iv-infusion-40.toml", "im-60.toml", "sublingual-90.toml",
                             "intranasal-esketamine-120.toml"}) {
        const bool advanceEveryPhase = std::string(name) != "demo.toml";
        expectNearTargetWithoutSilence(name, renderShippedProgram(name, advanceEveryPhase));
    }
}

}  // namespace
}  // namespace stillpoint
