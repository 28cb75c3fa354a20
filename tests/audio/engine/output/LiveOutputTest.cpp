#include "audio/engine/output/LiveOutput.h"
#include "audio/engine/output/OutputFeeder.h"

#include <AL/alc.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>

namespace stillpoint::audio {
namespace {

// Counts what the output pulls and what it is told about its device; plays a quiet tone.
class CountingSource : public AudioSource {
public:
    void render(float* out, int frames) noexcept override {
        std::fill(out, out + static_cast<std::ptrdiff_t>(frames) * 2, 0.01f);
        framesPulled.fetch_add(frames);
    }
    void outputConnectionChanged(bool connected) noexcept override {
        (connected ? returns : losses).fetch_add(1);
    }
    void outputQueueSet(int framesAtOnce, int queuedFrames) noexcept override {
        toldFramesAtOnce.store(framesAtOnce);
        toldQueuedFrames.store(queuedFrames);
    }
    std::atomic<std::int64_t> framesPulled{0};
    std::atomic<int> toldFramesAtOnce{0};
    std::atomic<int> toldQueuedFrames{0};
    std::atomic<int> losses{0};
    std::atomic<int> returns{0};
};

// Every test runs on OpenAL Soft's null backend: it plays in real time without a sound card. ctest sets
// this too; the call makes running the binary by hand behave the same.
class LiveOutputTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { setenv("ALSOFT_DRIVERS", "null", 0); }
};

TEST_F(LiveOutputTest, PlaysOnTheNullDeviceAtAboutRealTime) {
    CountingSource source;
    LiveOutput output(source,
                      {.deviceName = "null", .sampleRate = 48000, .bufferFrames = 1024, .bufferCount = 4});
    EXPECT_TRUE(output.connected());
    EXPECT_EQ(output.sampleRate(), 48000);
    EXPECT_EQ(output.deviceName(), "No Output");
    EXPECT_EQ(source.framesPulled.load(), 0) << "nothing is pulled before start()";

    const auto started = std::chrono::steady_clock::now();
    output.start();
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const double wallSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const double pulledSeconds = static_cast<double>(source.framesPulled.load()) / 48000.0;
    // A loose sanity check, not a timing assertion: the queue (85 ms) plus real-time consumption.
    EXPECT_GT(pulledSeconds, 0.5 * wallSeconds);
    EXPECT_LT(pulledSeconds, 2.0 * wallSeconds);
    EXPECT_EQ(source.framesPulled.load() % 1024, 0) << "whole buffers only";

    const auto stopping = std::chrono::steady_clock::now();
    output.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - stopping, std::chrono::milliseconds(200));
    const auto afterStop = source.framesPulled.load();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(source.framesPulled.load(), afterStop) << "nothing is pulled after stop()";
    EXPECT_TRUE(output.connected());
}

TEST_F(LiveOutputTest, CanStartAgainAfterStopping) {
    CountingSource source;
    LiveOutput output(source, {.deviceName = "null"});
    output.start();
    output.start();  // a second start is harmless
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    output.stop();
    output.stop();
    const auto first = source.framesPulled.load();
    EXPECT_GE(first, 4 * 1024);
    output.start();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    output.stop();
    EXPECT_GE(source.framesPulled.load(), first + 4 * 1024);
}

TEST_F(LiveOutputTest, DestroyingAPlayingOutputStopsIt) {
    CountingSource source;
    {
        LiveOutput output(source, {.deviceName = ""});  // the default device is the null one here
        output.start();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    const auto pulled = source.framesPulled.load();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(source.framesPulled.load(), pulled);
}

bool waitFor(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

TEST_F(LiveOutputTest, RecoversFromALostDeviceAndPullsOnWhereItStopped) {
    CountingSource source;
    LiveOutput output(source, {.deviceName = "null"});
    output.start();
    ASSERT_TRUE(waitFor([&] { return source.framesPulled.load() > 8 * 1024; }, std::chrono::seconds(2)));
    output.simulateDeviceLoss();
    // Noticed at the next connection check (every 200 ms): reported within a second.
    ASSERT_TRUE(waitFor([&] { return !output.connected(); }, std::chrono::seconds(1)));
    const auto pulledWhileLost = source.framesPulled.load();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    if (!output.connected()) {
        EXPECT_EQ(source.framesPulled.load(), pulledWhileLost) << "nothing plays, nothing is pulled";
    }
    // Reopened within about a second, then the source is pulled again.
    ASSERT_TRUE(waitFor([&] { return output.connected(); }, std::chrono::seconds(3)));
    EXPECT_EQ(output.deviceName(), "No Output");
    EXPECT_TRUE(waitFor([&] { return source.framesPulled.load() > pulledWhileLost + 8 * 1024; },
                        std::chrono::seconds(2)));
    const auto stopping = std::chrono::steady_clock::now();
    output.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - stopping, std::chrono::milliseconds(200));
}

TEST_F(LiveOutputTest, TellsTheSourceOfALossAndTheReturnAsTheyHappen) {
    CountingSource source;
    LiveOutput output(source, {.deviceName = "null"});
    output.start();
    ASSERT_TRUE(waitFor([&] { return source.framesPulled.load() > 4 * 1024; }, std::chrono::seconds(2)));
    EXPECT_EQ(source.losses.load(), 0);
    output.simulateDeviceLoss();
    ASSERT_TRUE(waitFor([&] { return source.losses.load() == 1; }, std::chrono::seconds(1)));
    ASSERT_TRUE(waitFor([&] { return source.returns.load() == 1; }, std::chrono::seconds(3)));
    EXPECT_TRUE(output.connected());
    output.stop();
    EXPECT_EQ(source.losses.load(), 1);
    EXPECT_EQ(source.returns.load(), 1);
}

TEST_F(LiveOutputTest, ADeviceThatStaysAwayIsToldOnceAndNothingIsPulledUntilItIsBack) {
    CountingSource source;
    LiveOutput output(source, {.deviceName = "null"});
    output.start();
    ASSERT_TRUE(waitFor([&] { return source.framesPulled.load() > 4 * 1024; }, std::chrono::seconds(2)));
    output.simulateDeviceLoss(SimulatedLoss::DeviceStaysAway);
    ASSERT_TRUE(waitFor([&] { return source.losses.load() == 1; }, std::chrono::seconds(1)));
    const auto pulledWhenLost = source.framesPulled.load();
    // Two reopening attempts fail: still lost, nothing pulled, told only once.
    std::this_thread::sleep_for(std::chrono::milliseconds(2200));
    EXPECT_FALSE(output.connected());
    EXPECT_EQ(source.framesPulled.load(), pulledWhenLost);
    EXPECT_EQ(source.losses.load(), 1);
    EXPECT_EQ(source.returns.load(), 0);
    output.endSimulatedDeviceLoss();
    ASSERT_TRUE(waitFor([&] { return source.returns.load() == 1; }, std::chrono::seconds(3)));
    EXPECT_TRUE(
        waitFor([&] { return source.framesPulled.load() > pulledWhenLost; }, std::chrono::seconds(1)));
    output.stop();
}

TEST_F(LiveOutputTest, AnUnknownDeviceIsRefusedWithAWayOut) {
    CountingSource source;
    try {
        LiveOutput output(source, {.deviceName = "Studio Headphones 7"});
        FAIL() << "an unknown device must not open";
    } catch (const std::runtime_error& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find("Studio Headphones 7"), std::string::npos) << message;
        EXPECT_NE(message.find("stillpoint devices"), std::string::npos) << message;
        EXPECT_NE(message.find("--output null"), std::string::npos) << message;
    }
}

TEST_F(LiveOutputTest, ListsAndProbesTheNullDevice) {
    const auto devices = listOutputDevices();
    EXPECT_NE(std::find(devices.begin(), devices.end(), "No Output"), devices.end());
    EXPECT_EQ(defaultOutputDevice(), "No Output");
    EXPECT_EQ(probeOutputDevice("No Output"), "");
    EXPECT_NE(probeOutputDevice("Studio Headphones 7"), "");
}

// The feeder stalls once for longer than the queue lasts (as on a machine too busy to run it): the
// device runs dry once, the output grows its queue and says so, and plays on without another gap.
TEST_F(LiveOutputTest, ADeviceThatRanDryGetsALongerQueueAndTheSourceIsToldOnce) {
    class StallingSource : public CountingSource {
    public:
        void render(float* out, int frames) noexcept override {
            CountingSource::render(out, frames);
            if (framesPulled.load() == 48 * 1024) std::this_thread::sleep_for(std::chrono::milliseconds(300));
        }
        void outputStarved(int queued) noexcept override {
            starved.fetch_add(1);
            queuedFrames.store(queued);
        }
        std::atomic<int> starved{0};
        std::atomic<int> queuedFrames{0};
    };
    StallingSource source;
    // Buffers longer than the null device's mixing update, so that the device asks for no more of them.
    LiveOutput output(source,
                      {.deviceName = "null", .bufferFrames = 2048, .bufferCount = 4, .maxBufferCount = 12});
    EXPECT_EQ(output.queuedFrames(), 4 * 2048);
    output.start();
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    output.stop();
    EXPECT_EQ(output.starvedCount(), 1);
    EXPECT_EQ(source.starved.load(), 1);
    EXPECT_EQ(output.queuedFrames(), 8 * 2048);
    EXPECT_EQ(source.queuedFrames.load(), 8 * 2048);
    EXPECT_EQ(source.losses.load(), 0) << "running dry is not a lost device";
}

// The feeder stalls once, rendering a buffer, for two and a half buffers of a queue of four: when the
// buffer it rendered is queued, half of one is left to play. Nothing is heard, but the queue is one buffer
// longer from then on, before a longer stall can make a gap.
TEST_F(LiveOutputTest, AFeederThatWasNearlyTooLateLengthensTheQueueBeforeTheDeviceRunsDry) {
    constexpr int kBufferFrames = 8192;  // 171 ms: far longer than the null device's 23 ms updates
    class StallingSource : public CountingSource {
    public:
        void render(float* out, int frames) noexcept override {
            CountingSource::render(out, frames);
            if (framesPulled.load() == 6 * kBufferFrames)
                std::this_thread::sleep_for(std::chrono::milliseconds(2 * 171 + 85));
        }
        void outputStarved(int) noexcept override { starved.fetch_add(1); }
        std::atomic<int> starved{0};
    };
    StallingSource source;
    LiveOutput output(source, {.deviceName = "null", .bufferFrames = kBufferFrames, .bufferCount = 4});
    ASSERT_EQ(output.queuedFrames(), 4 * kBufferFrames);
    output.start();
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    output.stop();
    EXPECT_EQ(output.starvedCount(), 0) << "the device never ran dry";
    EXPECT_EQ(source.starved.load(), 0);
    EXPECT_EQ(output.nearlyStarvedCount(), 1);
    EXPECT_EQ(output.queuedFrames(), 5 * kBufferFrames);
    EXPECT_EQ(source.toldQueuedFrames.load(), 5 * kBufferFrames)
        << "a follower's link grows by as much, or the follower would move against the patient";
}

// A device that mixes more at once than one buffer holds (OpenAL Soft's default update is 23 ms) gets as
// many more buffers as that update takes: three (of four) are still queued when the mixer has taken it.
TEST_F(LiveOutputTest, TheQueueHoldsWhatOneOfTheDevicesUpdatesTakesAndThreeBuffersMore) {
    ALCdevice* device = alcOpenDevice("No Output");
    ASSERT_NE(device, nullptr);
    ALCcontext* context = alcCreateContext(device, nullptr);
    ALCint refresh = 0;  // updates a second
    alcGetIntegerv(device, ALC_REFRESH, 1, &refresh);
    alcDestroyContext(context);
    alcCloseDevice(device);
    ASSERT_GT(refresh, 0);
    const double updateFrames = 48000.0 / refresh;  // at the rate the output's buffers carry
    constexpr int kBufferFrames = 64;  // shorter than any update OpenAL Soft makes (at least 64 frames)
    ASSERT_GT(updateFrames, kBufferFrames);

    CountingSource source;
    const LiveOutput output(source, {.deviceName = "null", .bufferFrames = kBufferFrames, .bufferCount = 4});
    EXPECT_GE(output.queuedFrames(), updateFrames + 3 * kBufferFrames);
    EXPECT_LT(output.queuedFrames(), updateFrames + 4 * kBufferFrames);
}

// A follower's link holds what each device takes at once (FollowerLink): the output says it when it opens
// the device, in whole buffers, since the feeder refills every buffer an update finished.
TEST_F(LiveOutputTest, TellsItsSourceHowManyFramesTheDeviceTakesAtOnce) {
    ALCdevice* device = alcOpenDevice("No Output");
    ASSERT_NE(device, nullptr);
    ALCcontext* context = alcCreateContext(device, nullptr);
    ALCint refresh = 0;
    alcGetIntegerv(device, ALC_REFRESH, 1, &refresh);
    alcDestroyContext(context);
    alcCloseDevice(device);
    ASSERT_GT(refresh, 0);
    const double updateFrames = 48000.0 / refresh;
    constexpr int kBufferFrames = 64;

    CountingSource source;
    const LiveOutput output(source, {.deviceName = "null", .bufferFrames = kBufferFrames, .bufferCount = 4});
    EXPECT_EQ(source.toldFramesAtOnce.load() % kBufferFrames, 0);
    EXPECT_GE(source.toldFramesAtOnce.load(), updateFrames);
    EXPECT_LT(source.toldFramesAtOnce.load(), updateFrames + kBufferFrames);
    EXPECT_EQ(source.toldQueuedFrames.load(), output.queuedFrames());
    EXPECT_EQ(source.framesPulled.load(), 0) << "said before anything is pulled";
}

// A session's outputs share one feeding thread: both are pulled from it, and while one device is lost
// (and being reopened, every second, on the feeder's keeping thread) the other plays on at its pace.
TEST_F(LiveOutputTest, OutputsSharingAFeederPlayFromOneThreadAndALostOneHoldsUpNoOther) {
    class ThreadSource : public CountingSource {
    public:
        void render(float* out, int frames) noexcept override {
            CountingSource::render(out, frames);
            const auto id = std::hash<std::thread::id>{}(std::this_thread::get_id());
            std::size_t none = 0;
            if (!thread.compare_exchange_strong(none, id) && none != id) otherThread.store(true);
        }
        std::atomic<std::size_t> thread{0};
        std::atomic<bool> otherThread{false};
    };
    const auto feeder = std::make_shared<OutputFeeder>();
    ThreadSource headphones, room;
    LiveOutput first(headphones, {.deviceName = "null", .feeder = feeder, .fedFirst = true});
    LiveOutput second(room, {.deviceName = "null", .feeder = feeder});
    first.start();
    second.start();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_GT(room.framesPulled.load(), 0);
    second.simulateDeviceLoss(SimulatedLoss::DeviceStaysAway);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // lost, tried again
    ASSERT_FALSE(second.connected());
    const auto roomBefore = room.framesPulled.load();
    const auto before = headphones.framesPulled.load();
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    const auto pulled = headphones.framesPulled.load() - before;
    EXPECT_NEAR(static_cast<double>(pulled), 1.5 * first.sampleRate(), 0.1 * first.sampleRate());
    EXPECT_EQ(room.framesPulled.load(), roomBefore) << "nothing pulled for a lost device";
    EXPECT_EQ(first.starvedCount(), 0);
    second.endSimulatedDeviceLoss();
    for (int wait = 0; wait < 40 && !second.connected(); ++wait)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_TRUE(second.connected());
    const auto roomBack = room.framesPulled.load();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_GT(room.framesPulled.load(), roomBack);
    second.stop();
    first.stop();
    EXPECT_EQ(headphones.thread.load(), room.thread.load()) << "one feeding thread";
    EXPECT_FALSE(headphones.otherThread.load());
    EXPECT_FALSE(room.otherThread.load());
    EXPECT_EQ(room.losses.load(), 1);
    EXPECT_EQ(room.returns.load(), 1);
    EXPECT_EQ(headphones.losses.load(), 0);
}

TEST(OpenAlSettings, AreReadFromStillpointsFileUnlessTheUserChoseTheirOwn) {
    const char* before = std::getenv("ALSOFT_CONF");
    const std::string saved = before != nullptr ? before : "";
    const auto folder =
        std::filesystem::temp_directory_path() / ("stillpoint-alsoft-" + std::to_string(getpid()));
    std::filesystem::create_directories(folder);
    const auto settings = folder / "alsoft.conf";
    std::ofstream(settings) << "[general]\nperiod_size = 256\n";

    unsetenv("ALSOFT_CONF");
    EXPECT_FALSE(useOpenAlSettings(folder / "missing.conf"));
    EXPECT_EQ(std::getenv("ALSOFT_CONF"), nullptr);
    EXPECT_TRUE(useOpenAlSettings(settings));
    EXPECT_EQ(std::string(std::getenv("ALSOFT_CONF")), settings.string());

    setenv("ALSOFT_CONF", "/etc/clinic-alsoft.conf", 1);
    EXPECT_FALSE(useOpenAlSettings(settings));
    EXPECT_EQ(std::string(std::getenv("ALSOFT_CONF")), "/etc/clinic-alsoft.conf");

    if (saved.empty())
        unsetenv("ALSOFT_CONF");
    else
        setenv("ALSOFT_CONF", saved.c_str(), 1);
    std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace stillpoint::audio
