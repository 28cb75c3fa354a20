#include "audio/engine/output/FollowerLink.h"

#include <soxr.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace stillpoint::audio {

namespace {

// The resampler is offered this many frames at a time, so what it holds inside (and what the level counts
// as taken) never runs more than this ahead of what it has played out.
constexpr int kOfferFrames = 64;

}  // namespace

struct FollowerLink::Resampler {
    soxr_t soxr = nullptr;
    ~Resampler() { soxr_delete(soxr); }
};

double followerLevel(const LeaderStamp& leader, std::int64_t takenFrames, double nowSeconds,
                     double sampleRate, int leaderMoveFrames, int leaderAheadFrames) noexcept {
    // Right after a push the leader's device still has the burst to play: its position is a burst behind
    // what was pushed, and moves on at its rate. Between pushes it goes on playing for as long as its queue
    // bridges its feeder's lateness; on the devices' clocks a follower's time may also fall before the
    // leader's last push, by as much.
    const double reach = static_cast<double>(leaderMoveFrames) + leaderAheadFrames;
    const double played = std::clamp((nowSeconds - leader.atSeconds) * sampleRate, -reach, reach);
    return static_cast<double>(leader.pushedFrames - leaderMoveFrames) + played -
           static_cast<double>(takenFrames);
}

FollowerLink::FollowerLink(int sampleRate, int blockFrames)
    : rate_(sampleRate),
      block_(std::max(1, blockFrames)),
      capacity_(48 * static_cast<std::int64_t>(std::max(1, blockFrames))),
      ring_(static_cast<std::size_t>(2 * capacity_), 0.0f),
      leaderMove_(block_),
      followerMove_(block_),
      controller_(sampleRate, 3.0 * std::max(1, blockFrames)),
      resampler_(std::make_unique<Resampler>()),
      input_(static_cast<std::size_t>(2 * kOfferFrames), 0.0f) {
    // Variable rate: the io ratio may go up to twice (far more than the controller ever asks).
    const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, SOXR_VR);
    const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
    soxr_error_t error = nullptr;
    resampler_->soxr = soxr_create(2.0, 1.0, 2, &error, &io, &quality, nullptr);
    if (error != nullptr || resampler_->soxr == nullptr)
        throw std::runtime_error(std::string("cannot create the room output's resampler (soxr): ") +
                                 soxr_strerror(error));
    soxr_set_io_ratio(resampler_->soxr, 1.0, 0);
}

FollowerLink::~FollowerLink() = default;

void FollowerLink::push(const float* interleavedStereo, int frames, double nowSeconds) noexcept {
    const std::int64_t written = written_.load(std::memory_order_relaxed);
    if (written + frames - read_.load(std::memory_order_acquire) > capacity_) {
        overruns_.fetch_add(1, std::memory_order_relaxed);
    } else {
        for (int i = 0; i < frames; ++i) {
            const auto at = static_cast<std::size_t>((written + i) % capacity_);
            ring_[2 * at] = interleavedStereo[2 * i];
            ring_[2 * at + 1] = interleavedStereo[2 * i + 1];
        }
    }
    // Dropped or not, the leader has moved on: the stamp says where it is.
    const std::int64_t pushed = written + frames;
    stampSeq_.fetch_add(1, std::memory_order_acq_rel);
    stampFrames_.store(pushed, std::memory_order_relaxed);
    stampSeconds_.store(nowSeconds, std::memory_order_relaxed);
    stampSeq_.fetch_add(1, std::memory_order_release);
    written_.store(pushed, std::memory_order_release);
}

LeaderStamp FollowerLink::readStamp() const noexcept {
    LeaderStamp stamp;
    for (;;) {
        const std::uint32_t before = stampSeq_.load(std::memory_order_acquire);
        stamp.pushedFrames = stampFrames_.load(std::memory_order_relaxed);
        stamp.atSeconds = stampSeconds_.load(std::memory_order_relaxed);
        std::atomic_thread_fence(std::memory_order_acquire);
        if ((before & 1u) == 0 && stampSeq_.load(std::memory_order_relaxed) == before) return stamp;
    }
}

// The target stays well inside the ring (at most a block + 1/8 + 1/4 + 1/8 of it), with room above for the
// controller to swing.
void FollowerLink::setLeaderMove(int frames, int aheadFrames) noexcept {
    leaderMove_.store(std::clamp(frames, block_, static_cast<int>(capacity_ / 8)), std::memory_order_relaxed);
    leaderAhead_.store(std::clamp(aheadFrames, 0, static_cast<int>(capacity_ / 4)),
                       std::memory_order_relaxed);
}

void FollowerLink::setFollowerMove(int frames) noexcept {
    followerMove_.store(std::clamp(frames, block_, static_cast<int>(capacity_ / 8)),
                        std::memory_order_relaxed);
}

std::int64_t FollowerLink::readable() const noexcept {
    return written_.load(std::memory_order_acquire) - read_.load(std::memory_order_relaxed);
}

void FollowerLink::rejoin() noexcept {
    // Skip to the leader's latest frames, less the target, and wait there to fill up again.
    const std::int64_t written = written_.load(std::memory_order_acquire);
    read_.store(written, std::memory_order_release);
    soxr_clear(resampler_->soxr);
    soxr_set_io_ratio(resampler_->soxr, controller_.ratio(), 0);
    playing_ = false;
}

void FollowerLink::pull(float* out, int frames, double nowSeconds) noexcept {
    const int leaderMove = leaderMove_.load(std::memory_order_relaxed);
    const int leaderAhead = leaderAhead_.load(std::memory_order_relaxed);
    const double target = block_ + leaderMove + leaderAhead + followerMove_.load(std::memory_order_relaxed);
    // A device reopened with another update size: the loop steers to the new target (a follower that
    // runs dry meanwhile waits for it, below, as at its start).
    if (target != controller_.target()) controller_.setTarget(target);
    const LeaderStamp stamp = readStamp();
    const std::int64_t taken = read_.load(std::memory_order_relaxed);
    double level = followerLevel(stamp, taken, nowSeconds, rate_, leaderMove, leaderAhead);
    if (!playing_) {
        // Starting or rejoining: silence until the queue holds its target.
        if (level < controller_.target()) {
            std::fill(out, out + 2 * frames, 0.0f);
            return;
        }
        // Start exactly on the target: what the leader pushed before the follower came is skipped.
        const auto excess = std::min(static_cast<std::int64_t>(level - controller_.target()), readable());
        read_.store(taken + excess, std::memory_order_release);
        level -= static_cast<double>(excess);
        controller_.restart(level);
        playing_ = true;
    }
    const double ratio = controller_.update(level, frames);
    soxr_set_io_ratio(resampler_->soxr, ratio, static_cast<std::size_t>(frames));
    int produced = 0;
    bool dry = false;
    while (produced < frames) {
        const std::int64_t available = readable();
        const int offer = static_cast<int>(std::min<std::int64_t>(available, kOfferFrames));
        if (offer <= 0) {
            dry = true;
            break;
        }
        const std::int64_t from = read_.load(std::memory_order_relaxed);
        for (int i = 0; i < offer; ++i) {
            const auto at = static_cast<std::size_t>((from + i) % capacity_);
            input_[static_cast<std::size_t>(2 * i)] = ring_[2 * at];
            input_[static_cast<std::size_t>(2 * i + 1)] = ring_[2 * at + 1];
        }
        std::size_t used = 0;
        std::size_t made = 0;
        soxr_process(resampler_->soxr, input_.data(), static_cast<std::size_t>(offer), &used,
                     out + 2 * produced, static_cast<std::size_t>(frames - produced), &made);
        read_.store(from + static_cast<std::int64_t>(used), std::memory_order_release);
        produced += static_cast<int>(made);
        if (used == 0 && made == 0) {
            dry = true;
            break;
        }
    }
    if (produced < frames) {
        std::fill(out + 2 * produced, out + 2 * frames, 0.0f);
        if (dry) {
            underruns_.fetch_add(1, std::memory_order_relaxed);
            playing_ = false;  // build the cushion up again before going on
        }
    }
}

}  // namespace stillpoint::audio
