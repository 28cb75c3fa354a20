// The outputs beside the patient's headphones during a live session: the room speakers and the operator's
// preview headphones. The patient's output (the leader) pulls the engine through leader(), which renders
// every output in one pass (the conductor is run by one thread only) and queues each follower's frames;
// each follower's own device pulls follower(), which plays them on the patient's clock (FollowerLink:
// soxr's variable rate, steered by the queue's level). The preview needs no sync with the patient's ears,
// but it must come from the same pass: that is what keeps its streams beside the session's and its
// position bar on the session's clock. A lost follower device is told to the engine (RoomOutputLost or
// PreviewOutputLost; the headphones play on); when it is back it rejoins at the leader's latest frames,
// in step, after the same short silence as at its start. Each side's times are its device's, not its
// feeder's (DeviceClock): how late a feeder wakes does not move the room against the patient.
//
// All the outputs are fed by one thread (OutputFeeder, through leaderOptions() and followerOptions()), the
// patient's first at each wake: a hold-up stops them all, so the link needs no cushion for the patient's
// feeding being late while the room's goes on, and the room's queue is as short as the patient's.
//
// Threads: leader() and follower() are pulled by the feeding thread; all real-time safe. The constructor
// and the accessors on the control thread.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <vector>

#include "audio/engine/output/AudioSource.h"
#include "audio/engine/output/DeviceClock.h"
#include "audio/engine/output/FollowerLink.h"
#include "audio/engine/output/LiveOutput.h"
#include "audio/engine/output/OutputFeeder.h"
#include "session/SessionEngine.h"

namespace stillpoint::live {

enum class FollowerOutput { Room, Preview };

class FollowerOutputs {
public:
    // `blockFrames`: the most any output pulls at once. Only the outputs asked for get a link.
    FollowerOutputs(session::SessionEngine& engine, int sampleRate, int blockFrames, bool room, bool preview);

    // The patient's output options and a follower's, from the patient's: the one feeding thread, the
    // patient's output first at each wake, and the same queue.
    audio::OutputOptions leaderOptions(audio::OutputOptions patient) const;
    audio::OutputOptions followerOptions(audio::OutputOptions patient) const;

    audio::AudioSource& leader() { return leader_; }
    bool has(FollowerOutput which) const { return follower(which).link_ != nullptr; }
    // The source the follower's device pulls; only for an output asked for.
    audio::AudioSource& follower(FollowerOutput which) { return followers_[index(which)]; }
    const audio::FollowerLink& link(FollowerOutput which) const { return *follower(which).link_; }

private:
    static double secondsNow() noexcept {
        return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    }
    static std::size_t index(FollowerOutput which) { return which == FollowerOutput::Room ? 0 : 1; }

    class Leader final : public audio::AudioSource {
    public:
        Leader(FollowerOutputs& owner, int sampleRate) : owner_(owner), clock_(sampleRate) {}
        void render(float* interleavedStereo, int frames) noexcept override;
        void outputConnectionChanged(bool connected) noexcept override {
            clock_.restart();
            owner_.engine_.outputConnectionChanged(connected);
        }
        void outputStarved(int queuedFrames) noexcept override {
            clock_.restart();
            owner_.engine_.outputStarved(queuedFrames);
        }
        // Each link's queue holds what the patient's device takes at once, and what the patient's queue
        // has grown by since it first opened (pushed at once, not yet heard): the room stays in step.
        void outputQueueSet(int framesAtOnce, int queuedFrames) noexcept override;

    private:
        FollowerOutputs& owner_;
        audio::DeviceClock clock_;
        std::atomic<int> firstBeyondUpdate_{-1};  // queued less what is taken at once, as first opened
    };

    class Follower final : public audio::AudioSource {
    public:
        void render(float* interleavedStereo, int frames) noexcept override;
        void outputConnectionChanged(bool connected) noexcept override;
        void outputStarved(int /*queuedFrames*/) noexcept override {
            if (clock_) clock_->restart();
        }
        void outputQueueSet(int framesAtOnce, int /*queuedFrames*/) noexcept override {
            if (link_) link_->setFollowerMove(framesAtOnce);
        }

        session::SessionEngine* engine_ = nullptr;
        FollowerOutput which_ = FollowerOutput::Room;
        std::unique_ptr<audio::FollowerLink> link_;  // null: not asked for
        std::vector<float> frames_;                  // its frames of the block the leader is rendering
        std::unique_ptr<audio::DeviceClock> clock_;  // its device's times; with the link
        std::atomic<bool> rejoin_{false};
    };
    const Follower& follower(FollowerOutput which) const { return followers_[index(which)]; }

    session::SessionEngine& engine_;
    int blockFrames_;
    std::shared_ptr<audio::OutputFeeder> feeder_;
    std::array<Follower, 2> followers_;
    Leader leader_;
};

}  // namespace stillpoint::live
