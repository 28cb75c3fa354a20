// The room speakers follow the patient's headphones: the leader's feeder thread pushes each block the
// engine rendered for the room into this link; the follower's feeder thread pulls the blocks its own device
// asks for, through soxr's variable-rate resampler, steered by a DriftController so that the queue between
// them stays at its target level, whatever the two devices' clocks do.
//
// The level is measured between positions, not by counting what sits in the queue (which jumps at every
// push): the leader stamps the time of each push, and the follower adds the frames the leader has played
// since, so the measure is the same whenever in the leader's cycle the follower looks. Both sides give
// their device's times (DeviceClock), not their feeder's, whose lateness would otherwise move the level.
//
// The queue's target is what it must hold so that the follower never finds it empty:
// - each side's burst: a device's mixer takes a whole update from its queue, and its feeder refills every
//   buffer that finished, one block after the other (4 blocks of 320 frames at once with OpenAL Soft's
//   default 1024-frame updates): the leader's burst comes in at once, the follower's goes out at once;
// - what the leader's pushes run ahead of its device beyond a burst: what its queue has grown by (pushed at
//   once, heard later), and, when the leader has a feeding thread of its own, as much as its device's queue
//   bridges of that thread's being late (the patient hears no gap), all the while the follower goes on
//   taking. A session's outputs share one feeding thread (OutputFeeder): only the growth counts;
// - a block for the resampler's own delay.
// Each output says what it moves at once and keeps queued when its device opens and when its queue grows
// (AudioSource::outputQueueSet). The follower plays later by the target than it would otherwise: a
// constant, which the controller keeps, not a drift. A leader whose queue grows pushes the extra frames at
// once and the target grows by as much, so the follower does not move; a follower whose own queue grows
// plays later by the growth (its queue is not part of the link's).
//
// Threads: push() on the leader's thread, pull() and everything else on the follower's; both real-time
// safe (the ring and the resampler are allocated in the constructor; the stamp is a seqlock).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "audio/engine/output/DriftController.h"

namespace stillpoint::audio {

// Where the leader is, seen from the follower: frames pushed, and when (seconds on a shared clock).
struct LeaderStamp {
    std::int64_t pushedFrames = 0;
    double atSeconds = 0.0;
};

// The queue's level at `nowSeconds`: the leader's position (its last push and the frames played since, at
// the nominal rate, by at most what it pushes at once, `leaderMoveFrames`, and how far its pushes may run
// ahead, `leaderAheadFrames`, either way) less what the follower has taken. Pure; also used by the tests.
double followerLevel(const LeaderStamp& leader, std::int64_t takenFrames, double nowSeconds,
                     double sampleRate, int leaderMoveFrames, int leaderAheadFrames) noexcept;

class FollowerLink {
public:
    // `blockFrames`: the block the leader renders and pushes. Until told otherwise (setLeaderMove(),
    // setFollowerMove()) each side moves one block at once and the leader is never late: the queue aims at
    // three blocks. It holds 48.
    FollowerLink(int sampleRate, int blockFrames);
    ~FollowerLink();
    FollowerLink(const FollowerLink&) = delete;
    FollowerLink& operator=(const FollowerLink&) = delete;

    // Leader's thread: `frames` interleaved stereo frames, pushed at `nowSeconds`. When the queue is full
    // (the follower has stopped: its device is lost) the frames are dropped and counted; the follower
    // rejoins at the leader's latest frames when it is back (rejoin()).
    void push(const float* interleavedStereo, int frames, double nowSeconds) noexcept;

    // Follower's thread: `frames` frames for its device. Until the queue first reaches its target the
    // follower plays silence (it is starting, or rejoining after a loss); if the queue ever runs dry, the
    // missing frames are silence and counted.
    void pull(float* interleavedStereo, int frames, double nowSeconds) noexcept;

    // How many frames each side moves at once, and how far the leader's pushes may run ahead of its device
    // beyond that (its queue's growth; its feeder's lateness when it has a thread of its own): the leader's
    // device (leader's thread or before it starts) and the follower's (follower's thread or before it
    // starts). A new figure moves the target, which a follower that has not started yet waits for; one
    // playing is steered to it. Each move at most capacity / 8, the lead at most capacity / 4.
    void setLeaderMove(int frames, int aheadFrames) noexcept;
    void setFollowerMove(int frames) noexcept;

    // The follower starts over (a device reopened): the queue is emptied up to the leader's latest frames
    // and the follower waits to reach its target again, in step with the leader. Follower's thread.
    void rejoin() noexcept;

    int sampleRate() const noexcept { return rate_; }
    double targetFrames() const noexcept { return controller_.target(); }
    // The smoothed level less its target: how far the follower is from its place, in frames (+ = late).
    double offsetFrames() const noexcept { return controller_.smoothedLevel() - controller_.target(); }
    double ratio() const noexcept { return controller_.ratio(); }
    // How much later the follower's device plays a frame than the leader's, given each device's full
    // queue: the level (the leader's position is a burst behind its pushes) and the burst, plus what the
    // follower's device holds beyond the leader's.
    double lagFrames(int leaderQueuedFrames, int followerQueuedFrames) const noexcept {
        return controller_.smoothedLevel() + leaderMove_.load(std::memory_order_relaxed) +
               followerQueuedFrames - leaderQueuedFrames;
    }
    std::uint64_t underruns() const noexcept { return underruns_.load(std::memory_order_relaxed); }
    std::uint64_t overruns() const noexcept { return overruns_.load(std::memory_order_relaxed); }

private:
    LeaderStamp readStamp() const noexcept;
    std::int64_t readable() const noexcept;

    const int rate_;
    const int block_;
    const std::int64_t capacity_;  // frames
    std::vector<float> ring_;
    std::atomic<std::int64_t> written_{0};  // frames ever pushed (leader)
    std::atomic<std::int64_t> read_{0};     // frames ever taken (follower)
    std::atomic<std::uint32_t> stampSeq_{0};
    std::atomic<std::int64_t> stampFrames_{0};
    std::atomic<double> stampSeconds_{0.0};
    std::atomic<int> leaderMove_;
    std::atomic<int> leaderAhead_{0};
    std::atomic<int> followerMove_;
    DriftController controller_;
    struct Resampler;
    std::unique_ptr<Resampler> resampler_;
    std::vector<float> input_;  // one block taken from the ring, for the resampler
    bool playing_ = false;      // follower: the queue has reached its target since the (re)start
    std::atomic<std::uint64_t> underruns_{0};
    std::atomic<std::uint64_t> overruns_{0};
};

}  // namespace stillpoint::audio
