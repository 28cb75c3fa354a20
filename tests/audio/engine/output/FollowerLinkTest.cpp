// The room output following the patient's clock: the drift controller over three simulated hours with the
// two devices 200 ppm apart (pure arithmetic, milliseconds), and the whole link, with soxr's variable-rate
// resampler, on real samples for a simulated minute.
#include "audio/engine/output/FollowerLink.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

namespace stillpoint::audio {
namespace {

constexpr int kRate = 48000;
constexpr int kBlock = 2048;

// Two feeder threads, each woken when its device has played a block: the leader at its clock's rate, the
// follower at `ppm` faster (+) or slower (-), both a little late each time (scheduling jitter up to 2 ms).
struct TwoClocks {
    double ppm = 0.0;
    std::mt19937 random{7};
    std::uniform_real_distribution<double> jitter{0.0, 0.002};
    double leaderBlock = static_cast<double>(kBlock) / kRate;
    double followerBlock() const { return kBlock / (kRate * (1.0 + ppm * 1e-6)); }
};

// The follower's consumption as the resampler makes it: `ratio` leader frames per output frame.
struct ModelResult {
    double lowestLevel = 1e9;
    double highestLevel = -1e9;
    double smallestOffset = 1e9;  // audible: the leader's position less the follower's, in frames
    double largestOffset = -1e9;
    double largestRatioStep = 0.0;
    double largestCorrection = 0.0;
};

ModelResult simulate(double ppm, double seconds) {
    TwoClocks clocks;
    clocks.ppm = ppm;
    DriftController controller(kRate, 3.0 * kBlock);
    LeaderStamp stamp;
    double taken = 0.0;  // leader frames the follower's resampler has consumed
    std::int64_t leaderBlocks = 0, followerBlocks = 0;
    double followerPosition = 0.0;  // leader frames, at the follower's last pull
    double lastRatio = 1.0;
    double lastPull = 0.0;
    bool playing = false;
    ModelResult result;
    // The leader pushes its first blocks at once (its queue is empty), then one per block played.
    for (int i = 0; i < 3; ++i) stamp.pushedFrames += kBlock;
    double nextLeader = clocks.leaderBlock + clocks.jitter(clocks.random);
    double nextFollower = 0.0;
    const double followerFactor = 1.0 + ppm * 1e-6;
    while (std::min(nextLeader, nextFollower) < seconds) {
        if (nextLeader <= nextFollower) {
            stamp.pushedFrames += kBlock;
            stamp.atSeconds = nextLeader;
            ++leaderBlocks;
            nextLeader = (leaderBlocks + 1) * clocks.leaderBlock + clocks.jitter(clocks.random);
            continue;
        }
        const double now = nextFollower;
        double level = followerLevel(stamp, static_cast<std::int64_t>(taken), now, kRate, kBlock, 0);
        if (!playing && level >= controller.target()) {
            // As FollowerLink starts: exactly on its target.
            taken += std::floor(level - controller.target());
            level = followerLevel(stamp, static_cast<std::int64_t>(taken), now, kRate, kBlock, 0);
            playing = true;
        }
        if (playing) {
            const double ratio = controller.update(level, kBlock);
            result.largestRatioStep = std::max(result.largestRatioStep, std::fabs(ratio - lastRatio));
            result.largestCorrection = std::max(result.largestCorrection, std::fabs(ratio - 1.0));
            lastRatio = ratio;
            taken += ratio * kBlock;
            followerPosition = taken;
            if (now > 30.0) {  // settled
                result.lowestLevel = std::min(result.lowestLevel, level);
                result.highestLevel = std::max(result.highestLevel, level);
                // The audible offset: where each device is now in the leader's frames. The leader's device
                // has played `now` seconds at its rate; the follower's has played what it took, less the
                // block it is about to play.
                const double leaderPlaying = now * kRate;
                const double followerPlaying = followerPosition - ratio * kBlock;
                const double offset = leaderPlaying - followerPlaying;
                result.smallestOffset = std::min(result.smallestOffset, offset);
                result.largestOffset = std::max(result.largestOffset, offset);
            }
            lastPull = now;
        }
        ++followerBlocks;
        nextFollower = followerBlocks * clocks.followerBlock() + clocks.jitter(clocks.random);
        (void)followerFactor;
    }
    (void)lastPull;
    return result;
}

TEST(FollowerDrift, ThreeHoursWithTheRoom200PpmFastStayWithin5Milliseconds) {
    const ModelResult result = simulate(+200.0, 3 * 3600.0);
    EXPECT_LE(result.largestOffset - result.smallestOffset, 0.005 * kRate);
    EXPECT_GT(result.lowestLevel, 0.5 * kBlock) << "the queue never runs dry";
    EXPECT_LT(result.highestLevel, 5.0 * kBlock) << "nor fills up";
    EXPECT_GT(result.largestCorrection, 150e-6) << "the drift was there to correct";
    EXPECT_LT(result.largestCorrection, DriftController::kMaxCorrection);
    // The ratio moves smoothly: never more than its slew per block (no audible step in pitch).
    EXPECT_LE(result.largestRatioStep, DriftController::kMaxSlewPerSecond * kBlock / kRate + 1e-12);
}

TEST(FollowerDrift, ThreeHoursWithTheRoom200PpmSlowStayWithin5Milliseconds) {
    const ModelResult result = simulate(-200.0, 3 * 3600.0);
    EXPECT_LE(result.largestOffset - result.smallestOffset, 0.005 * kRate);
    EXPECT_GT(result.lowestLevel, 0.5 * kBlock);
    EXPECT_LT(result.highestLevel, 5.0 * kBlock);
    EXPECT_GT(result.largestCorrection, 150e-6);
}

// The whole link on samples: a 440 Hz tone pushed by the leader, pulled by the follower through soxr.
struct LinkRun {
    std::vector<float> left;
    std::uint64_t underruns = 0;
    double largestOffsetAfterSettling = 0.0;
};

// How the two feeders move: blocks of `blockFrames`, `burstBlocks` of them at once on each side (a device
// whose mixing update finishes several buffers together), and whether the link was told so; the leader's
// feeder held up once, at 30 s, for `leaderStallSeconds` (within what its device's queue bridges,
// `leaderMayBeLateFrames`, which the link is told).
struct LinkShape {
    int blockFrames = kBlock;
    int burstBlocks = 1;
    bool told = true;
    double leaderStallSeconds = 0.0;
    int leaderMayBeLateFrames = 0;
};

LinkRun runLink(double ppm, double seconds, LinkShape shape = {}) {
    const int block = shape.blockFrames;
    const int burst = block * shape.burstBlocks;
    FollowerLink link(kRate, block);
    if (shape.told) {
        link.setLeaderMove(burst, shape.leaderMayBeLateFrames);
        link.setFollowerMove(burst);
    }
    std::vector<float> frames(2 * static_cast<std::size_t>(block));
    std::int64_t generated = 0;
    auto pushBlock = [&](double now) {
        for (int i = 0; i < block; ++i, ++generated) {
            const float value =
                static_cast<float>(0.5 * std::sin(2.0 * std::numbers::pi * 440.0 * generated / kRate));
            frames[2 * static_cast<std::size_t>(i)] = value;
            frames[2 * static_cast<std::size_t>(i) + 1] = value;
        }
        link.push(frames.data(), block, now);
    };
    TwoClocks clocks;
    clocks.ppm = ppm;
    const double leaderBurst = static_cast<double>(burst) / kRate;
    const double followerBurst = burst / (kRate * (1.0 + ppm * 1e-6));
    for (int i = 0; i < 3 * shape.burstBlocks; ++i) pushBlock(0.0);
    std::int64_t leaderBursts = 0, followerBursts = 0;
    double nextLeader = leaderBurst;
    double nextFollower = 0.0;
    bool stalled = false;
    LinkRun run;
    std::vector<float> out(2 * static_cast<std::size_t>(block));
    while (std::min(nextLeader, nextFollower) < seconds) {
        if (nextLeader <= nextFollower) {
            if (!stalled && shape.leaderStallSeconds > 0.0 && nextLeader > 30.0) {
                stalled = true;  // held up: it wakes late, and refills all its device played meanwhile
                nextLeader += shape.leaderStallSeconds;
                continue;
            }
            const std::int64_t due = std::max<std::int64_t>(
                1, static_cast<std::int64_t>(std::floor(nextLeader / leaderBurst)) - leaderBursts);
            for (std::int64_t n = 0; n < due; ++n)
                for (int i = 0; i < shape.burstBlocks; ++i) pushBlock(nextLeader);
            leaderBursts += due - 1;
            ++leaderBursts;
            nextLeader = (leaderBursts + 1) * leaderBurst + clocks.jitter(clocks.random);
            continue;
        }
        for (int i = 0; i < shape.burstBlocks; ++i) {
            link.pull(out.data(), block, nextFollower);
            for (int j = 0; j < block; ++j) run.left.push_back(out[2 * static_cast<std::size_t>(j)]);
        }
        if (nextFollower > 20.0)
            run.largestOffsetAfterSettling =
                std::max(run.largestOffsetAfterSettling, std::fabs(link.offsetFrames()));
        ++followerBursts;
        nextFollower = followerBursts * followerBurst + clocks.jitter(clocks.random);
    }
    run.underruns = link.underruns();
    return run;
}

void expectNoClick(const LinkRun& run) {
    // After the start: a pure tone, whose largest step between samples is 2 pi f / rate x amplitude.
    const float largestToneStep = static_cast<float>(2.0 * std::numbers::pi * 440.0 / kRate * 0.5);
    std::size_t first = 0;
    while (first < run.left.size() && run.left[first] == 0.0f) ++first;
    first += kRate / 10;  // the resampler's own start
    ASSERT_LT(first, run.left.size());
    float largestStep = 0.0f, quietest = 1.0f;
    for (std::size_t i = first + 1; i < run.left.size(); ++i)
        largestStep = std::max(largestStep, std::fabs(run.left[i] - run.left[i - 1]));
    for (std::size_t start = first; start + 480 <= run.left.size(); start += 480) {
        float peak = 0.0f;
        for (std::size_t i = start; i < start + 480; ++i) peak = std::max(peak, std::fabs(run.left[i]));
        quietest = std::min(quietest, peak);
    }
    EXPECT_LT(largestStep, 1.05f * largestToneStep) << "a discontinuity";
    EXPECT_GT(quietest, 0.45f) << "a gap or a dip";
}

TEST(FollowerLink, FollowsAFastDeviceOnRealSamplesWithoutAClick) {
    const LinkRun run = runLink(+200.0, 60.0);
    EXPECT_EQ(run.underruns, 0u);
    EXPECT_LT(run.largestOffsetAfterSettling, 0.005 * kRate);
    expectNoClick(run);
}

TEST(FollowerLink, FollowsASlowDeviceOnRealSamplesWithoutAClick) {
    const LinkRun run = runLink(-200.0, 60.0);
    EXPECT_EQ(run.underruns, 0u);
    EXPECT_LT(run.largestOffsetAfterSettling, 0.005 * kRate);
    expectNoClick(run);
}

// OpenAL Soft's default update (1024 frames) finishes four buffers of 320 at once on each device, and the
// feeders refill them together. A link aiming at three blocks ran dry hundreds of times a minute so.
TEST(FollowerLink, DevicesTakingFourBlocksAtOnceRunItDryUnlessItIsTold) {
    const LinkShape untold{.blockFrames = 320, .burstBlocks = 4, .told = false};
    EXPECT_GT(runLink(+200.0, 20.0, untold).underruns, 10u);
}

TEST(FollowerLink, FollowsDevicesTakingFourBlocksAtOnceWithoutAClick) {
    const LinkShape told{.blockFrames = 320, .burstBlocks = 4, .told = true};
    for (const double ppm : {+200.0, -200.0}) {
        const LinkRun run = runLink(ppm, 60.0, told);
        EXPECT_EQ(run.underruns, 0u) << ppm << " ppm";
        EXPECT_LT(run.largestOffsetAfterSettling, 0.005 * kRate) << ppm << " ppm";
        expectNoClick(run);
    }
}

// The patient's feeder held up for 25 ms: its own queue (27 ms beyond an update) bridges it, and so must
// the link, or the room hears the gap the patient does not.
TEST(FollowerLink, BridgesALeaderHeldUpAsLongAsItsOwnQueueDoes) {
    LinkShape shape{.blockFrames = 320, .burstBlocks = 1, .told = true, .leaderStallSeconds = 0.025};
    EXPECT_GT(runLink(+200.0, 40.0, shape).underruns, 0u) << "a link told nothing of it runs dry";
    shape.leaderMayBeLateFrames = 4 * 320;
    const LinkRun run = runLink(+200.0, 40.0, shape);
    EXPECT_EQ(run.underruns, 0u);
    expectNoClick(run);
}

TEST(FollowerLink, AimsAtABlockEachSidesBurstAndTheLeadersLateness) {
    FollowerLink link(kRate, 320);
    std::vector<float> frames(2 * 320, 0.0f);
    link.pull(frames.data(), 320, 0.0);
    EXPECT_EQ(link.targetFrames(), 3 * 320) << "one block at once on each side until told";
    link.setLeaderMove(1280, 1280);
    link.setFollowerMove(960);
    link.pull(frames.data(), 320, 0.0);
    EXPECT_EQ(link.targetFrames(), 320 + 1280 + 1280 + 960);
    link.setLeaderMove(1'000'000, 1'000'000);  // never more than the ring holds, with room to swing
    link.setFollowerMove(1'000'000);
    link.pull(frames.data(), 320, 0.0);
    EXPECT_GT(link.targetFrames(), 320 + 1280 + 1280 + 960);
    EXPECT_LE(link.targetFrames(), 320 + (48 * 320) / 2);
}

// On the devices' clocks (DeviceClock) the leader's position is a line through its stamps: a follower's
// time may fall before the leader's last push (the follower's own burst is spread over the frames it
// plays), and a leader whose feeder is late still plays on from its queue. Held at the push instead, the
// level would step by up to a burst and the room would move against the patient.
TEST(FollowerLink, TheLeadersPositionIsALineThroughItsStampsEitherSideOfAPush) {
    const LeaderStamp stamp{.pushedFrames = 100'000, .atSeconds = 10.0};
    const int move = 1280, late = 1280;
    const auto level = [&](double now) { return followerLevel(stamp, 90'000, now, kRate, move, late); };
    EXPECT_NEAR(level(10.0), 100'000 - move - 90'000, 1e-6);
    EXPECT_NEAR(level(10.0 - 480.0 / kRate), 100'000 - move - 480 - 90'000, 1e-6) << "before the push";
    EXPECT_NEAR(level(10.0 + 2000.0 / kRate), 100'000 - move + 2000 - 90'000, 1e-6) << "leader late";
    // Beyond what a burst and the leader's queue bridge, the line is not followed (the patient has a gap).
    EXPECT_NEAR(level(11.0), 100'000 - move + (move + late) - 90'000, 1e-6);
    EXPECT_NEAR(level(9.0), 100'000 - move - (move + late) - 90'000, 1e-6);
}

TEST(FollowerLink, RejoinsAtTheLeadersLatestFramesAfterAStop) {
    FollowerLink link(kRate, kBlock);
    std::vector<float> block(2 * kBlock, 0.25f);
    std::vector<float> out(2 * kBlock);
    double now = 0.0;
    for (int i = 0; i < 60; ++i, now += double(kBlock) / kRate) {  // the follower is away: the queue fills
        link.push(block.data(), kBlock, now);
    }
    EXPECT_GT(link.overruns(), 0u);
    link.rejoin();
    link.pull(out.data(), kBlock, now);
    EXPECT_EQ(out[0], 0.0f) << "waits for its target again";
    for (int i = 0; i < 6; ++i, now += double(kBlock) / kRate) {
        link.push(block.data(), kBlock, now);
        link.pull(out.data(), kBlock, now);
    }
    EXPECT_NEAR(std::fabs(out[2 * kBlock - 2]), 0.25f, 0.01f);
    EXPECT_LT(std::fabs(link.offsetFrames()), kBlock);
}

}  // namespace
}  // namespace stillpoint::audio
