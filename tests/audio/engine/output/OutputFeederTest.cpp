#include "audio/engine/output/OutputFeeder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace stillpoint::audio {
namespace {

using Clock = FedOutput::Clock;

// Records, in one shared list, each look the feeder gives it; wants a look every `interval`.
class RecordingOutput : public FedOutput {
public:
    RecordingOutput(char name, std::vector<char>& sequence, std::mutex& mutex,
                    std::chrono::microseconds interval = std::chrono::microseconds(5000))
        : name_(name), looks_(sequence), mutex_(mutex), interval_(interval) {}

    void beginFeeding() override { beganOn = std::this_thread::get_id(); }
    Clock::time_point feed(Clock::time_point now) override {
        {
            std::lock_guard lock(mutex_);
            looks_.push_back(name_);
        }
        fedOn = std::this_thread::get_id();
        const auto sinceLast = now - lastLook_;
        if (lastLook_ != Clock::time_point{}) longestGap = std::max(longestGap, sinceLast);
        lastLook_ = now;
        looks.fetch_add(1);
        return now + interval_;
    }
    void endFeeding() override { ended.fetch_add(1); }
    void keep(Clock::time_point /*now*/) override {
        kept.fetch_add(1);
        if (keepTakes.count() > 0) std::this_thread::sleep_for(keepTakes);
    }

    std::thread::id beganOn, fedOn;
    std::atomic<int> looks{0};
    std::atomic<int> ended{0};
    std::atomic<int> kept{0};
    Clock::duration longestGap{};
    std::chrono::milliseconds keepTakes{0};

private:
    char name_;
    std::vector<char>& looks_;
    std::mutex& mutex_;
    std::chrono::microseconds interval_;
    Clock::time_point lastLook_{};
};

// The room follows what the patient's output rendered at the same wake: the one fed first comes first at
// every wake, even when attached after the other.
TEST(OutputFeeder, FeedsTheOutputOthersFollowFirstAtEveryWakeOnOneThread) {
    std::vector<char> looks;
    std::mutex mutex;
    RecordingOutput room('r', looks, mutex), patient('p', looks, mutex);
    {
        OutputFeeder feeder;
        feeder.attach(room, OutputFeeder::Turn::After);
        feeder.attach(patient, OutputFeeder::Turn::First);
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        EXPECT_TRUE(feeder.attached(patient));
        feeder.detach(room);
        EXPECT_FALSE(feeder.attached(room));
        EXPECT_EQ(room.ended.load(), 1);
        const int roomLooks = room.looks.load();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        EXPECT_EQ(room.looks.load(), roomLooks) << "no look after detach() returned";
        feeder.detach(patient);
    }
    EXPECT_EQ(room.fedOn, patient.fedOn);
    EXPECT_EQ(room.beganOn, room.fedOn) << "begun on the feeding thread";
    EXPECT_NE(room.fedOn, std::this_thread::get_id());
    // Drop the looks before the patient was attached; from then on every room look follows a patient look.
    std::lock_guard lock(mutex);
    std::size_t from = 0;
    while (from < looks.size() && looks[from] != 'p') ++from;
    ASSERT_LT(from + 40, looks.size()) << "fed every 5 ms for 200 ms";
    int roomLooks = 0;
    for (std::size_t at = from; at < looks.size(); ++at) {
        if (looks[at] != 'r') continue;
        ++roomLooks;
        EXPECT_EQ(looks[at - 1], 'p') << "look " << at;
    }
    EXPECT_GT(roomLooks, 20);
}

// Reopening a lost device can take long (a sound server connecting): it happens on the keeping thread,
// and the devices still playing are fed on time meanwhile.
TEST(OutputFeeder, ASlowReopeningHoldsUpNoFeeding) {
    std::vector<char> looks;
    std::mutex mutex;
    RecordingOutput playing('p', looks, mutex), lost('l', looks, mutex);
    lost.keepTakes = std::chrono::milliseconds(300);
    OutputFeeder feeder;
    feeder.attach(playing, OutputFeeder::Turn::First);
    feeder.attach(lost, OutputFeeder::Turn::After);
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    feeder.detach(lost);  // waits for the keeping pass under way
    feeder.detach(playing);
    EXPECT_GE(lost.kept.load(), 2);
    EXPECT_GT(playing.looks.load(), 100);
    EXPECT_LT(std::chrono::duration<double>(playing.longestGap).count(), 0.1)
        << "the feeding never waited for the 300-ms reopening";
}

TEST(OutputFeeder, RefusesMoreOutputsThanItHasRoomFor) {
    std::vector<char> looks;
    std::mutex mutex;
    std::vector<std::unique_ptr<RecordingOutput>> outputs;
    OutputFeeder feeder;
    for (int index = 0; index < OutputFeeder::kMaxOutputs; ++index) {
        outputs.push_back(std::make_unique<RecordingOutput>('o', looks, mutex));
        feeder.attach(*outputs.back(), OutputFeeder::Turn::After);
    }
    RecordingOutput oneTooMany('x', looks, mutex);
    EXPECT_THROW(feeder.attach(oneTooMany, OutputFeeder::Turn::After), std::length_error);
    for (auto& output : outputs) feeder.detach(*output);
}

}  // namespace
}  // namespace stillpoint::audio
