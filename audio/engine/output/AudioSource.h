// What an output pulls its samples from. The live device feeder and the offline loopback renderer both
// drive the same AudioSource, so a rendered session is the same code path as a played one.
#pragma once

namespace stillpoint::audio {

class AudioSource {
public:
    virtual ~AudioSource() = default;
    // Fills `frames` interleaved stereo float frames at the output's sample rate. Called on the audio
    // thread: real-time safe (no allocation, locks, I/O or logging).
    virtual void render(float* interleavedStereo, int frames) noexcept = 0;
    // The output lost its device (false) or has one again (true). Called on the output's own thread, the
    // one that calls render(), also while render() is not being called because no device is open: it must
    // be as real-time safe as render() (an atomic store, nothing more).
    virtual void outputConnectionChanged(bool /*connected*/) noexcept {}
    // The device ran dry (the output's thread was late: a short gap was heard) and the output now keeps
    // `queuedFrames` queued. Called on the output's thread: an atomic store, nothing more.
    virtual void outputStarved(int /*queuedFrames*/) noexcept {}
    // The output (re)opened its device or lengthened its queue. The device takes up to `framesAtOnce`
    // frames from render() in one go (its mixer takes a whole update from the queue, and the feeder refills
    // every buffer it took); the output keeps `queuedFrames` queued from now on, so its thread may be late
    // by what is left after an update without a gap being heard. Called on the control thread or the
    // output's own, before render() fills the frames that lengthen the queue: an atomic store, nothing more.
    virtual void outputQueueSet(int /*framesAtOnce*/, int /*queuedFrames*/) noexcept {}
};

}  // namespace stillpoint::audio
