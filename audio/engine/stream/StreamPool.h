// Decode-ahead streams for the mixer: a fixed pool of slots, each a lock-free ring of stereo float frames
// at the output rate, filled by one decode thread (libsndfile via AudioFileReader, resampled with soxr).
// The audio thread asks for a stream by an integer source id; the decode thread turns the id into a file
// through the resolver, so nothing on the audio thread touches paths, files or memory allocation.
// A stream decodes about a second ahead until it is first read (standbys: most are never played), then
// keeps aheadSeconds queued. Rings are reserved when the pool is made; their pages are resident only where
// audio has been written, and are given back when a slot is recycled.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>

namespace stillpoint::audio {

// What a source id stands for: a file and the part of it to play (frames at the file's own rate).
struct StreamSource {
    std::filesystem::path file;
    std::int64_t startFrame = 0;
    std::int64_t endFrame = -1;  // -1 = to the end of the file
    // The loudest short-term (3 s) loudness measured in the file. The decoder's loudness guard ends the
    // stream, as a fault, where what it decodes becomes far louder than that; NaN = unknown, no guard.
    double loudestShortTermLufs = std::numeric_limits<double>::quiet_NaN();
};

// Called on the decode thread, never on the audio thread.
using StreamSourceResolver = std::function<StreamSource(std::uint32_t sourceId)>;

enum class StreamStatus : std::uint8_t {
    Free,     // slot unused
    Opening,  // asked for; the decode thread has not filled it yet
    Ready,    // enough decoded ahead to start (or the whole stream, if shorter)
    Failed,   // could not be opened or read at all: see faultDetail()
};

// EndedEarly: the stream ends before the file should, at a length known exactly (lengthExact()): the file is
// cut short or damaged, it changed on disk while it played (size, modification time or identity), or the
// loudness guard found it far louder than measured. faultDetail() says which.
enum class StreamFault : std::uint8_t { None, FileMissing, FileUnreadable, EndedEarly };

class StreamPool {
public:
    StreamPool(int outputSampleRate, StreamSourceResolver resolver, int slotCount = 8,
               double aheadSeconds = 4.0);
    ~StreamPool();
    StreamPool(const StreamPool&) = delete;
    StreamPool& operator=(const StreamPool&) = delete;

    // ---- audio thread: real-time safe ----
    // Takes a free slot and has the decode thread open `sourceId`, starting `offsetSeconds` into the
    // source's part. Returns the slot, or -1 if every slot is in use.
    int acquire(std::uint32_t sourceId, double offsetSeconds = 0.0) noexcept;
    StreamStatus status(int slot) const noexcept;
    // Copies up to `frames` decoded frames; fewer when the stream ends or the decoder is behind
    // (check finished() to tell the two apart).
    int read(int slot, float* interleavedStereo, int frames) noexcept;
    // True once the source's last frame has been read.
    bool finished(int slot) const noexcept;
    // Frames at the output rate from the start of the stream (the acquire offset) to its end, once the
    // decoder knows it exactly (it has reached the end); otherwise the file's declared length, or -1 if
    // unknown. A stream that ended early (StreamFault::EndedEarly) is exact at what it delivered.
    std::int64_t lengthFrames(int slot) const noexcept;
    bool lengthExact(int slot) const noexcept;
    std::int64_t framesRead(int slot) const noexcept;
    StreamFault fault(int slot) const noexcept;
    const char* faultDetail(int slot) const noexcept;  // NUL-terminated, stable until release()
    void release(int slot) noexcept;

    // ---- control thread ----
    // Offline rendering: blocks until every acquired slot is filled ahead (or has reached its end or failed).
    // "Filled" means at least three quarters of aheadSeconds queued, as in live playback, so render blocks
    // shorter than that never starve and an early end is known as far ahead as live; when it has to wait,
    // it waits for the whole target, so the two threads do not take turns every block.
    void waitUntilFilled();
    int outputSampleRate() const;

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace stillpoint::audio
