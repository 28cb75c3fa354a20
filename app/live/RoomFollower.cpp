#include "live/RoomFollower.h"

#include <algorithm>

namespace stillpoint::live {

RoomFollower::RoomFollower(session::SessionEngine& engine, int sampleRate, int blockFrames)
    : engine_(engine), link_(sampleRate, blockFrames), room_(static_cast<std::size_t>(2 * blockFrames)) {}

void RoomFollower::Leader::render(float* out, int frames) noexcept {
    // Stamped when the device asked, not when the engine has finished the block.
    const double askedAt = secondsNow();
    const int most = static_cast<int>(owner_.room_.size() / 2);
    for (int done = 0; done < frames;) {
        const int count = std::min(most, frames - done);
        owner_.engine_.renderOutputs(out + 2 * done, owner_.room_.data(), count);
        owner_.link_.push(owner_.room_.data(), count,
                          askedAt + static_cast<double>(done) / owner_.link_.sampleRate());
        done += count;
    }
}

void RoomFollower::Follower::render(float* out, int frames) noexcept {
    if (rejoin_.exchange(false, std::memory_order_acq_rel)) owner_.link_.rejoin();
    owner_.link_.pull(out, frames, secondsNow());
}

void RoomFollower::Follower::outputConnectionChanged(bool connected) noexcept {
    owner_.engine_.reportRoomConnected(connected);
    // The next block is the first of a device opened again (its queue filled at once): it starts over
    // from the leader's latest frames, not from what waited in the queue while the room was away.
    if (!connected) rejoin_.store(true, std::memory_order_release);
}

}  // namespace stillpoint::live
