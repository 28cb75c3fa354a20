// The room speakers during a live session: the patient's output (the leader) pulls the engine through
// leader(), which renders both outputs in one pass and queues the room's frames; the room's own device
// pulls follower(), which plays them on the patient's clock (FollowerLink: soxr's variable rate, steered by
// the queue's level). A lost room device is told to the engine (a RoomOutputLost fault, the headphones
// play on); when it is back it rejoins at the leader's latest frames, in step, after the same short
// silence as at its start.
//
// Threads: leader() is called by the patient output's feeder thread, follower() by the room output's; both
// real-time safe. The constructor and the accessors on the control thread.
#pragma once

#include <atomic>
#include <chrono>
#include <vector>

#include "audio/engine/output/AudioSource.h"
#include "audio/engine/output/FollowerLink.h"
#include "session/SessionEngine.h"

namespace stillpoint::live {

class RoomFollower {
public:
    // `blockFrames`: the most either output pulls at once.
    RoomFollower(session::SessionEngine& engine, int sampleRate, int blockFrames);

    audio::AudioSource& leader() { return leader_; }
    audio::AudioSource& follower() { return follower_; }
    const audio::FollowerLink& link() const { return link_; }

private:
    static double secondsNow() noexcept {
        return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    }

    class Leader final : public audio::AudioSource {
    public:
        explicit Leader(RoomFollower& owner) : owner_(owner) {}
        void render(float* interleavedStereo, int frames) noexcept override;
        void outputConnectionChanged(bool connected) noexcept override {
            owner_.engine_.outputConnectionChanged(connected);
        }

    private:
        RoomFollower& owner_;
    };

    class Follower final : public audio::AudioSource {
    public:
        explicit Follower(RoomFollower& owner) : owner_(owner) {}
        void render(float* interleavedStereo, int frames) noexcept override;
        void outputConnectionChanged(bool connected) noexcept override;

    private:
        RoomFollower& owner_;
        std::atomic<bool> rejoin_{false};
    };

    session::SessionEngine& engine_;
    audio::FollowerLink link_;
    std::vector<float> room_;  // the room's frames of the block the leader is rendering
    Leader leader_{*this};
    Follower follower_{*this};
};

}  // namespace stillpoint::live
