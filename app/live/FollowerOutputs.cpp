#include "live/FollowerOutputs.h"

#include <algorithm>

namespace stillpoint::live {

FollowerOutputs::FollowerOutputs(session::SessionEngine& engine, int sampleRate, int blockFrames, bool room,
                                 bool preview)
    : engine_(engine),
      blockFrames_(blockFrames),
      feeder_(std::make_shared<audio::OutputFeeder>()),
      leader_(*this, sampleRate) {
    for (const FollowerOutput which : {FollowerOutput::Room, FollowerOutput::Preview}) {
        Follower& follower = followers_[index(which)];
        follower.engine_ = &engine;
        follower.which_ = which;
        if (!(which == FollowerOutput::Room ? room : preview)) continue;
        follower.link_ = std::make_unique<audio::FollowerLink>(sampleRate, blockFrames);
        follower.frames_.assign(static_cast<std::size_t>(2 * blockFrames), 0.0f);
        follower.clock_ = std::make_unique<audio::DeviceClock>(sampleRate);
    }
}

void FollowerOutputs::Leader::render(float* out, int frames) noexcept {
    // Stamped when the device asked, not when the engine has finished the block.
    const double askedAt = clock_.asked(secondsNow(), frames);
    Follower& room = owner_.followers_[index(FollowerOutput::Room)];
    Follower& preview = owner_.followers_[index(FollowerOutput::Preview)];
    for (int done = 0; done < frames;) {
        const int count = std::min(owner_.blockFrames_, frames - done);
        owner_.engine_.renderOutputs(out + 2 * done, room.link_ ? room.frames_.data() : nullptr, count,
                                     preview.link_ ? preview.frames_.data() : nullptr);
        for (Follower* follower : {&room, &preview}) {
            if (!follower->link_) continue;
            follower->link_->push(follower->frames_.data(), count,
                                  askedAt + static_cast<double>(done) / follower->link_->sampleRate());
        }
        done += count;
    }
}

audio::OutputOptions FollowerOutputs::leaderOptions(audio::OutputOptions patient) const {
    patient.feeder = feeder_;
    patient.fedFirst = true;
    return patient;
}

audio::OutputOptions FollowerOutputs::followerOptions(audio::OutputOptions patient) const {
    patient.feeder = feeder_;
    patient.fedFirst = false;
    return patient;
}

void FollowerOutputs::Leader::outputQueueSet(int framesAtOnce, int queuedFrames) noexcept {
    // Beyond an update, a device holds bufferCount - 1 buffers whatever its update size; more is growth.
    int first = -1;
    firstBeyondUpdate_.compare_exchange_strong(first, queuedFrames - framesAtOnce, std::memory_order_relaxed);
    const int grown =
        std::max(0, queuedFrames - framesAtOnce - firstBeyondUpdate_.load(std::memory_order_relaxed));
    for (Follower& follower : owner_.followers_)
        if (follower.link_) follower.link_->setLeaderMove(framesAtOnce, grown);
}

void FollowerOutputs::Follower::render(float* out, int frames) noexcept {
    if (!link_) {
        std::fill(out, out + 2 * frames, 0.0f);
        return;
    }
    if (rejoin_.exchange(false, std::memory_order_acq_rel)) link_->rejoin();
    link_->pull(out, frames, clock_->asked(secondsNow(), frames));
}

void FollowerOutputs::Follower::outputConnectionChanged(bool connected) noexcept {
    if (which_ == FollowerOutput::Room)
        engine_->reportRoomConnected(connected);
    else
        engine_->reportPreviewConnected(connected);
    // The next block is the first of a device opened again (its queue filled at once): it starts over
    // from the leader's latest frames, not from what waited in the queue while it was away.
    if (!connected) rejoin_.store(true, std::memory_order_release);
    if (clock_) clock_->restart();
}

}  // namespace stillpoint::live
