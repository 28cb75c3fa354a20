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
        double level = followerLevel(stamp, static_cast<std::int64_t>(taken), now, kRate, kBlock);
        if (!playing && level >= controller.target()) {
            // As FollowerLink starts: exactly on its target.
            taken += std::floor(level - controller.target());
            level = followerLevel(stamp, static_cast<std::int64_t>(taken), now, kRate, kBlock);
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

LinkRun runLink(double ppm, double seconds) {
    FollowerLink link(kRate, kBlock);
    std::vector<float> block(2 * kBlock);
    std::int64_t generated = 0;
    auto pushBlock = [&](double now) {
        for (int i = 0; i < kBlock; ++i, ++generated) {
            const float value =
                static_cast<float>(0.5 * std::sin(2.0 * std::numbers::pi * 440.0 * generated / kRate));
            block[2 * i] = value;
            block[2 * i + 1] = value;
        }
        link.push(block.data(), kBlock, now);
    };
    TwoClocks clocks;
    clocks.ppm = ppm;
    for (int i = 0; i < 3; ++i) pushBlock(0.0);
    std::int64_t leaderBlocks = 0, followerBlocks = 0;
    double nextLeader = clocks.leaderBlock;
    double nextFollower = 0.0;
    LinkRun run;
    std::vector<float> out(2 * kBlock);
    while (std::min(nextLeader, nextFollower) < seconds) {
        if (nextLeader <= nextFollower) {
            pushBlock(nextLeader);
            ++leaderBlocks;
            nextLeader = (leaderBlocks + 1) * clocks.leaderBlock + clocks.jitter(clocks.random);
            continue;
        }
        link.pull(out.data(), kBlock, nextFollower);
        for (int i = 0; i < kBlock; ++i) run.left.push_back(out[2 * i]);
        if (nextFollower > 20.0)
            run.largestOffsetAfterSettling =
                std::max(run.largestOffsetAfterSettling, std::fabs(link.offsetFrames()));
        ++followerBlocks;
        nextFollower = followerBlocks * clocks.followerBlock() + clocks.jitter(clocks.random);
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

TEST(FollowerLink, RejoinsAtTheLeadersLatestFramesAfterAStop) {
    FollowerLink link(kRate, kBlock);
    std::vector<float> block(2 * kBlock, 0.25f);
    std::vector<float> out(2 * kBlock);
    double now = 0.0;
    for (int i = 0; i < 40; ++i, now += double(kBlock) / kRate) {  // the follower is away: the queue fills
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
