// Its own test program: OpenAL Soft must be started here with drivers that exclude the null backend, before
// any other test could start it with ALSOFT_DRIVERS=null.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "audio/engine/output/LiveOutput.h"

namespace stillpoint::audio {
namespace {

class CountingSource : public AudioSource {
public:
    void render(float* out, int frames) noexcept override {
        std::fill(out, out + static_cast<std::ptrdiff_t>(frames) * 2, 0.0f);
        framesPulled.fetch_add(frames);
    }
    std::atomic<std::int64_t> framesPulled{0};
};

TEST(LiveOutputNullFallbackTest, NullStillPlaysInRealTimeWhenOpenAlStartedWithOtherDrivers) {
    // As when the panel lists the devices first and the operator then picks "null".
    setenv("ALSOFT_DRIVERS", "wave", 1);  // no [wave] file configured: no device opens at all
    const auto devices = listOutputDevices();
    EXPECT_EQ(std::find(devices.begin(), devices.end(), "No Output"), devices.end());

    CountingSource source;
    LiveOutput output(source, {.deviceName = "null"});
    EXPECT_EQ(output.deviceName(), "No Output");
    EXPECT_EQ(output.sampleRate(), 48000);
    const auto started = std::chrono::steady_clock::now();
    output.start();
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    const double wallSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const double pulledSeconds = static_cast<double>(source.framesPulled.load()) / 48000.0;
    EXPECT_GT(pulledSeconds, 0.5 * wallSeconds);
    EXPECT_LT(pulledSeconds, 2.0 * wallSeconds);
    const auto stopping = std::chrono::steady_clock::now();
    output.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - stopping, std::chrono::milliseconds(200));
}

}  // namespace
}  // namespace stillpoint::audio
