#include "audio/engine/stream/StreamPool.h"

#include <semaphore.h>
#include <soxr.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "audio/decode/AudioFileReader.h"
#include "audio/engine/stream/RunningLoudness.h"

namespace stillpoint::audio {

namespace {

// Who owns a slot right now. Only the audio thread moves Idle -> Claimed -> Requested and anything ->
// Releasing; only the decode thread moves Requested -> Active and Releasing -> Idle (after it has closed the
// file and reset the ring), so the audio thread never waits for and never frees anything.
enum class Lifecycle : std::uint8_t { Idle, Claimed, Requested, Active, Releasing };

constexpr std::int64_t kDecodeChunkFrames = 4096;  // file frames decoded per step
constexpr double kReadySeconds = 1.0;              // decoded ahead before a new stream reports Ready
// The decode thread is woken when there is work (a request, a release, a ring drained by a quarter); this
// is only how long it sleeps at most without being asked.
constexpr auto kIdleWait = std::chrono::milliseconds(250);
constexpr std::size_t kFaultDetailSize = 1024;
constexpr std::int64_t kUnknownLength = -1;
// Declared lengths at or above this are placeholders (truncated Ogg files declare SF_COUNT_MAX).
constexpr std::int64_t kImplausibleFrames = std::int64_t{1} << 40;
// The loudness guard trips when the short-term (3 s) loudness of what is decoded rises this far above the
// loudest short-term loudness measured for the file. The decoder plays the very samples that were
// measured, so music of the file itself stays within a fraction of a dB of that figure (the windows sit at
// other offsets, and RunningLoudness agrees with libebur128 to a fraction of a dB); 6 dB is four times the
// power, far beyond that and plainly another sound (noise from a file overwritten in place, a decoder's
// garbage) before it grows loud. Momentary loudness (400 ms) above
// the same limit marks where the loud part began, so the stream is cut there, not 3 s later.
constexpr double kLoudnessGuardMarginDb = 6.0;

// What identifies a file's content on disk: a reader left open on a file that is overwritten (same inode,
// new size and time) or replaced (new inode) would decode whatever the new bytes are.
struct FileIdentity {
    dev_t device = 0;
    ino_t inode = 0;
    off_t size = -1;
    timespec modified{};

    static std::optional<FileIdentity> of(const std::filesystem::path& file) {
        struct stat status {};
        if (::stat(file.c_str(), &status) != 0) return std::nullopt;
        return FileIdentity{status.st_dev, status.st_ino, status.st_size, status.st_mtim};
    }
    bool operator==(const FileIdentity& other) const {
        return device == other.device && inode == other.inode && size == other.size &&
               modified.tv_sec == other.modified.tv_sec && modified.tv_nsec == other.modified.tv_nsec;
    }
};

// A ring's memory, reserved for its whole capacity when the pool is made but resident only where audio has
// been written: a stream waiting in standby holds about a second of pages, a recycled ring gives its pages
// back. The audio thread only reads frames the decode thread wrote, so it never touches an empty page.
class RingMemory {
public:
    RingMemory() = default;
    explicit RingMemory(std::size_t floats) : bytes_(roundToPages(floats * sizeof(float))) {
        void* memory = ::mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (memory == MAP_FAILED)
            throw std::system_error(errno, std::generic_category(), "StreamPool: ring memory");
        data_ = static_cast<float*>(memory);
    }
    ~RingMemory() {
        if (data_ != nullptr) ::munmap(data_, bytes_);
    }
    RingMemory(RingMemory&& other) noexcept
        : data_(std::exchange(other.data_, nullptr)), bytes_(std::exchange(other.bytes_, 0)) {}
    RingMemory& operator=(RingMemory&& other) noexcept {
        std::swap(data_, other.data_);
        std::swap(bytes_, other.bytes_);
        return *this;
    }

    float* get() const noexcept { return data_; }
    // Decode thread, with the slot idle: the pages go back to the system and read as zeros if used again.
    void discard() noexcept {
        if (data_ != nullptr) ::madvise(data_, bytes_, MADV_DONTNEED);
    }

private:
    static std::size_t roundToPages(std::size_t bytes) {
        const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
        return (bytes + page - 1) / page * page;
    }

    float* data_ = nullptr;
    std::size_t bytes_ = 0;
};

struct Slot {
    // ---- shared between the audio thread and the decode thread ----
    std::atomic<Lifecycle> lifecycle{Lifecycle::Idle};
    std::atomic<StreamStatus> activeStatus{StreamStatus::Opening};
    std::atomic<std::uint32_t> sourceId{0};
    std::atomic<double> offsetSeconds{0.0};
    std::atomic<std::int64_t> writtenFrames{0};  // monotonic; the decode thread stores (release)
    std::atomic<std::int64_t> readFrames{0};     // monotonic; the audio thread stores (release)
    std::atomic<bool> endOfStream{false};        // the decoder wrote its last frame
    std::atomic<std::int64_t> lengthFrames{kUnknownLength};
    std::atomic<bool> lengthExact{false};
    std::atomic<StreamFault> fault{StreamFault::None};
    char faultDetail[kFaultDetailSize] = {};  // written before `fault` is published
    std::atomic<bool> played{false};          // read at least once: decoded to the full target from then on
    RingMemory ring;                          // interleaved stereo, capacityFrames frames
    std::int64_t capacityFrames = 0;

    // ---- decode thread only ----
    std::optional<AudioFileReader> reader;
    soxr_t resampler = nullptr;
    int fileRate = 0;
    std::filesystem::path file;
    std::int64_t filePosition = 0;           // next frame to read, at the file's rate
    std::int64_t endBound = kUnknownLength;  // stop reading here (exclusive); -1 = until the file ends
    std::int64_t expectedEnd = kUnknownLength;
    std::int64_t expectedEndTolerance = 0;
    bool sourceExhausted = false;          // no more file frames; the resampler may still hold a tail
    std::int64_t openPosition = 0;         // the file frame the stream starts at
    std::optional<FileIdentity> identity;  // as it was when the file was opened
    std::optional<RunningLoudness> loudnessGuard;
    double guardLimitLufs = 0.0;
    std::int64_t calmUntil = 0;  // file frame: the start of the last chunk below the guard's limit
    std::int64_t cutAt = -1;     // file frame where the stream ends early although more was decoded
    bool resamplerFlushed = false;
    std::vector<float> pending;  // decoded output not yet in the ring
    std::size_t pendingOffsetFrames = 0;

    std::int64_t bufferedFrames() const noexcept {
        return writtenFrames.load(std::memory_order_acquire) - readFrames.load(std::memory_order_acquire);
    }
    std::size_t pendingFrames() const noexcept { return pending.size() / 2 - pendingOffsetFrames; }
};

bool isValidSlotIndex(int slot, std::size_t count) noexcept {
    return slot >= 0 && static_cast<std::size_t>(slot) < count;
}

std::string secondsText(std::int64_t frames, int rate) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f s", rate > 0 ? static_cast<double>(frames) / rate : 0.0);
    return text;
}

}  // namespace

class StreamPool::Impl {
public:
    Impl(int outputSampleRate, StreamSourceResolver resolver, int slotCount, double aheadSeconds)
        : outputRate_(outputSampleRate),
          resolver_(std::move(resolver)),
          slots_(static_cast<std::size_t>(std::max(slotCount, 1))) {
        if (outputSampleRate < 8000 || outputSampleRate > 384000)
            throw std::invalid_argument("StreamPool: output sample rate " + std::to_string(outputSampleRate) +
                                        " Hz is outside 8000..384000 Hz");
        if (!resolver_) throw std::invalid_argument("StreamPool: a source resolver is required");
        aheadFrames_ = std::max<std::int64_t>(
            kDecodeChunkFrames, static_cast<std::int64_t>(std::ceil(aheadSeconds * outputSampleRate)));
        readyFrames_ =
            std::min<std::int64_t>(aheadFrames_, static_cast<std::int64_t>(kReadySeconds * outputRate_));
        // Room for the ahead target plus one decoded chunk, so a chunk decoded just below the target fits
        // (anything beyond waits in the slot's pending buffer on the decode side).
        const std::int64_t capacity = aheadFrames_ + 4 * kDecodeChunkFrames;
        for (Slot& slot : slots_) {
            slot.capacityFrames = capacity;
            slot.ring = RingMemory(static_cast<std::size_t>(capacity) * 2);
        }
        if (sem_init(&wake_, 0, 0) != 0)
            throw std::system_error(errno, std::generic_category(), "StreamPool: sem_init");
        decodeThread_ = std::thread([this] { decodeLoop(); });
    }

    ~Impl() {
        stopping_.store(true, std::memory_order_release);
        sem_post(&wake_);
        decodeThread_.join();
        for (Slot& slot : slots_) closeDecoder(slot);
        sem_destroy(&wake_);
    }

    // ---- audio thread ----
    int acquire(std::uint32_t sourceId, double offsetSeconds) noexcept {
        for (std::size_t index = 0; index < slots_.size(); ++index) {
            Slot& slot = slots_[index];
            Lifecycle expected = Lifecycle::Idle;
            // Claim first (the decode thread ignores Claimed slots while the request is written), then
            // publish the request.
            if (!slot.lifecycle.compare_exchange_strong(expected, Lifecycle::Claimed,
                                                        std::memory_order_acq_rel))
                continue;
            slot.sourceId.store(sourceId, std::memory_order_relaxed);
            // Negative or NaN offsets start at the beginning; absurd ones are capped (about 115 days).
            const double offset = offsetSeconds > 0.0 ? std::min(offsetSeconds, 1e7) : 0.0;
            slot.offsetSeconds.store(offset, std::memory_order_relaxed);
            slot.lifecycle.store(Lifecycle::Requested, std::memory_order_release);
            sem_post(&wake_);  // async-signal-safe, never blocks
            return static_cast<int>(index);
        }
        return -1;
    }

    StreamStatus status(int index) const noexcept {
        if (!isValidSlotIndex(index, slots_.size())) return StreamStatus::Free;
        const Slot& slot = slots_[static_cast<std::size_t>(index)];
        switch (slot.lifecycle.load(std::memory_order_acquire)) {
            case Lifecycle::Claimed:
            case Lifecycle::Requested:
                return StreamStatus::Opening;
            case Lifecycle::Active:
                return slot.activeStatus.load(std::memory_order_acquire);
            default:
                return StreamStatus::Free;
        }
    }

    int read(int index, float* out, int frames) noexcept {
        if (!isValidSlotIndex(index, slots_.size()) || frames <= 0) return 0;
        Slot& slot = slots_[static_cast<std::size_t>(index)];
        if (slot.lifecycle.load(std::memory_order_acquire) != Lifecycle::Active) return 0;
        const std::int64_t written = slot.writtenFrames.load(std::memory_order_acquire);
        const std::int64_t readSoFar = slot.readFrames.load(std::memory_order_relaxed);
        const std::int64_t count = std::min<std::int64_t>(frames, written - readSoFar);
        if (count <= 0) return 0;
        const std::int64_t start = readSoFar % slot.capacityFrames;
        const std::int64_t firstPart = std::min(count, slot.capacityFrames - start);
        std::memcpy(out, slot.ring.get() + start * 2,
                    static_cast<std::size_t>(firstPart) * 2 * sizeof(float));
        if (count > firstPart)
            std::memcpy(out + firstPart * 2, slot.ring.get(),
                        static_cast<std::size_t>(count - firstPart) * 2 * sizeof(float));
        slot.readFrames.store(readSoFar + count, std::memory_order_release);
        if (!slot.played.load(std::memory_order_relaxed)) slot.played.store(true, std::memory_order_relaxed);
        // Once a quarter of the target has been played, the decode thread is woken to top the ring up (it
        // also wakes on its own every kIdleWait).
        if (slot.bufferedFrames() < aheadFrames_ - aheadFrames_ / 4) sem_post(&wake_);
        return static_cast<int>(count);
    }

    bool finished(int index) const noexcept {
        if (!isValidSlotIndex(index, slots_.size())) return true;
        const Slot& slot = slots_[static_cast<std::size_t>(index)];
        const Lifecycle lifecycle = slot.lifecycle.load(std::memory_order_acquire);
        if (lifecycle == Lifecycle::Idle || lifecycle == Lifecycle::Releasing) return true;
        if (lifecycle != Lifecycle::Active) return false;
        return slot.endOfStream.load(std::memory_order_acquire) &&
               slot.readFrames.load(std::memory_order_acquire) ==
                   slot.writtenFrames.load(std::memory_order_acquire);
    }

    std::int64_t lengthFrames(int index) const noexcept {
        if (!activeSlot(index)) return kUnknownLength;
        return slots_[static_cast<std::size_t>(index)].lengthFrames.load(std::memory_order_acquire);
    }

    bool lengthExact(int index) const noexcept {
        if (!activeSlot(index)) return false;
        return slots_[static_cast<std::size_t>(index)].lengthExact.load(std::memory_order_acquire);
    }

    std::int64_t framesRead(int index) const noexcept {
        if (!isValidSlotIndex(index, slots_.size())) return 0;
        return slots_[static_cast<std::size_t>(index)].readFrames.load(std::memory_order_acquire);
    }

    StreamFault fault(int index) const noexcept {
        if (!activeSlot(index)) return StreamFault::None;
        return slots_[static_cast<std::size_t>(index)].fault.load(std::memory_order_acquire);
    }

    const char* faultDetail(int index) const noexcept {
        if (fault(index) == StreamFault::None) return "";
        return slots_[static_cast<std::size_t>(index)].faultDetail;
    }

    void release(int index) noexcept {
        if (!isValidSlotIndex(index, slots_.size())) return;
        Slot& slot = slots_[static_cast<std::size_t>(index)];
        if (slot.lifecycle.load(std::memory_order_acquire) == Lifecycle::Idle) return;
        slot.lifecycle.store(Lifecycle::Releasing, std::memory_order_release);
        sem_post(&wake_);
    }

    // ---- control thread ----
    void waitUntilFilled() {
        if (allFilled(aheadFrames_ - aheadFrames_ / 4)) return;
        // Once it has to wait, the renderer waits for a good stretch (the whole target), so it
        // and the decode thread do not take turns after every block.
        std::unique_lock lock(filledMutex_);
        fillWaiter_.store(true, std::memory_order_seq_cst);
        sem_post(&wake_);
        filledChanged_.wait(lock, [&] { return allFilled(refilledFrames()); });
        fillWaiter_.store(false, std::memory_order_relaxed);
    }

    int outputSampleRate() const { return outputRate_; }

private:
    bool activeSlot(int index) const noexcept {
        return isValidSlotIndex(index, slots_.size()) &&
               slots_[static_cast<std::size_t>(index)].lifecycle.load(std::memory_order_acquire) ==
                   Lifecycle::Active;
    }

    bool needsDecoding(const Slot& slot) const noexcept {
        if (slot.lifecycle.load(std::memory_order_acquire) != Lifecycle::Active) return false;
        if (slot.endOfStream.load(std::memory_order_relaxed)) return false;
        return slot.bufferedFrames() < targetFrames(slot);
    }

    // A stream waiting in standby (the next track, an alternate, the grounding track) only needs to be
    // ready; most are never played, so decoding the whole target for them would be wasted work and memory.
    std::int64_t targetFrames(const Slot& slot) const noexcept {
        return slot.played.load(std::memory_order_relaxed) ? aheadFrames_ : readyFrames_;
    }

    std::int64_t refilledFrames() const noexcept { return aheadFrames_ - kDecodeChunkFrames; }

    // Filled enough for an offline render: every stream has at least `framesEach` queued (a render block
    // is far shorter), has been decoded to its end, or has failed.
    bool allFilled(std::int64_t framesEach) const noexcept {
        for (const Slot& slot : slots_) {
            const Lifecycle lifecycle = slot.lifecycle.load(std::memory_order_acquire);
            if (lifecycle == Lifecycle::Claimed || lifecycle == Lifecycle::Requested) return false;
            if (lifecycle != Lifecycle::Active || slot.endOfStream.load(std::memory_order_acquire)) continue;
            if (slot.bufferedFrames() < std::min(framesEach, targetFrames(slot))) return false;
        }
        return true;
    }

    void decodeLoop() {
        while (!stopping_.load(std::memory_order_acquire)) {
            bool didWork = false;
            for (Slot& slot : slots_) {
                const Lifecycle lifecycle = slot.lifecycle.load(std::memory_order_acquire);
                if (lifecycle == Lifecycle::Requested) {
                    guarded(slot, [&] { openStream(slot); });
                    didWork = true;
                } else if (lifecycle == Lifecycle::Releasing) {
                    recycle(slot);
                    didWork = true;
                }
            }
            // One chunk for the slot furthest behind, then look at requests again: a new stream never
            // waits behind a long refill of the others.
            Slot* neediest = nullptr;
            for (Slot& slot : slots_) {
                if (!needsDecoding(slot)) continue;
                if (!neediest || slot.bufferedFrames() < neediest->bufferedFrames()) neediest = &slot;
            }
            if (neediest) {
                guarded(*neediest, [&] { decodeStep(*neediest); });
                didWork = true;
            }
            // Pairs with the waiter's store of fillWaiter_: either it sees the frames just written, or this
            // sees it waiting. Only a waiting renderer costs a wake-up, once its level is reached.
            std::atomic_thread_fence(std::memory_order_seq_cst);
            if (fillWaiter_.load(std::memory_order_seq_cst) && allFilled(refilledFrames())) {
                {
                    // Taken after the atomics changed, so a waiter checking its predicate cannot miss this.
                    std::lock_guard lock(filledMutex_);
                }
                filledChanged_.notify_all();
            }
            if (!didWork) waitForWork();
        }
    }

    // The decode thread must survive anything one file does (a decoder throwing, memory running out):
    // the stream ends there with a fault, and every other stream goes on.
    template <typename Work>
    void guarded(Slot& slot, Work&& work) noexcept {
        try {
            work();
        } catch (const std::exception& error) {
            endAfterError(slot, error.what());
        } catch (...) {
            endAfterError(slot, "unknown error");
        }
    }

    void endAfterError(Slot& slot, const char* what) noexcept {
        try {
            const bool delivered = slot.writtenFrames.load(std::memory_order_relaxed) > 0;
            const std::string detail =
                slot.file.string() + ": decoding stopped (" + what + "); check or replace the file";
            if (!delivered) {
                failStream(slot, StreamFault::FileUnreadable, detail);
                return;
            }
            setFault(slot, StreamFault::EndedEarly, detail);
        } catch (...) {
        }
        slot.pending.clear();
        slot.pendingOffsetFrames = 0;
        slot.sourceExhausted = true;
        slot.resamplerFlushed = true;
        finishStream(slot);
    }

    void waitForWork() {
        // Woken by acquire()/release()/read() through the semaphore, or after kIdleWait anyway.
        timespec deadline{};
        clock_gettime(CLOCK_REALTIME, &deadline);
        deadline.tv_nsec += std::chrono::nanoseconds(kIdleWait).count();
        if (deadline.tv_nsec >= 1'000'000'000) {
            deadline.tv_sec += 1;
            deadline.tv_nsec -= 1'000'000'000;
        }
        while (sem_timedwait(&wake_, &deadline) != 0 && errno == EINTR) {
        }
        while (sem_trywait(&wake_) == 0) {  // one pass serves every post made so far
        }
    }

    void setFault(Slot& slot, StreamFault fault, const std::string& detail) {
        std::snprintf(slot.faultDetail, kFaultDetailSize, "%s", detail.c_str());
        slot.fault.store(fault, std::memory_order_release);
    }

    void failStream(Slot& slot, StreamFault fault, const std::string& detail) {
        closeDecoder(slot);
        setFault(slot, fault, detail);
        slot.lengthFrames.store(0, std::memory_order_relaxed);
        slot.lengthExact.store(true, std::memory_order_relaxed);
        slot.endOfStream.store(true, std::memory_order_release);
        slot.activeStatus.store(StreamStatus::Failed, std::memory_order_release);
    }

    std::int64_t toOutputFrames(std::int64_t fileFrames, int fileRate) const {
        if (fileRate == outputRate_) return fileFrames;
        return static_cast<std::int64_t>(
            std::llround(static_cast<double>(fileFrames) * outputRate_ / static_cast<double>(fileRate)));
    }

    void openStream(Slot& slot) {
        const std::uint32_t sourceId = slot.sourceId.load(std::memory_order_relaxed);
        const double offsetSeconds = slot.offsetSeconds.load(std::memory_order_relaxed);
        slot.activeStatus.store(StreamStatus::Opening, std::memory_order_relaxed);
        Lifecycle expected = Lifecycle::Requested;
        if (!slot.lifecycle.compare_exchange_strong(expected, Lifecycle::Active, std::memory_order_acq_rel)) {
            return;  // released before it was opened; recycled on the next pass
        }

        StreamSource source;
        try {
            source = resolver_(sourceId);
        } catch (const std::exception& error) {
            failStream(slot, StreamFault::FileMissing,
                       "source " + std::to_string(sourceId) + " could not be found: " + error.what());
            return;
        }
        slot.file = source.file;
        slot.identity = FileIdentity::of(source.file);
        try {
            slot.reader.emplace(source.file);
        } catch (const std::exception& error) {
            std::error_code ignored;
            const bool exists = std::filesystem::exists(source.file, ignored);
            std::string detail = error.what();
            if (detail.find(source.file.string()) == std::string::npos)
                detail = source.file.string() + ": " + detail;
            failStream(slot, exists ? StreamFault::FileUnreadable : StreamFault::FileMissing, detail);
            return;
        }

        const AudioFileInfo& info = slot.reader->info();
        slot.fileRate = info.sampleRate;
        if (info.sampleRate <= 0) {
            failStream(slot, StreamFault::FileUnreadable,
                       source.file.string() + ": the file declares no sample rate; re-encode it");
            return;
        }
        const bool declaredKnown = info.frames > 0 && info.frames < kImplausibleFrames;
        const std::int64_t startFrame = std::max<std::int64_t>(source.startFrame, 0);
        const std::int64_t offsetFrames = std::llround(offsetSeconds * info.sampleRate);
        slot.filePosition = startFrame + offsetFrames;
        slot.endBound = source.endFrame >= 0 ? source.endFrame : kUnknownLength;
        // A truncated WAV declares more than is there: reaching its real end early is a fault to report.
        slot.expectedEnd = slot.endBound >= 0 ? slot.endBound
                                              : (declaredKnown ? std::max(info.frames, info.declaredFrames)
                                                               : kUnknownLength);
        // Where the container's count is only an estimate (MP3 without a Xing header), a small shortfall
        // is normal and no fault.
        slot.expectedEndTolerance =
            info.framesExact ? 0
                             : std::max<std::int64_t>(info.sampleRate, declaredKnown ? info.frames / 100 : 0);
        slot.sourceExhausted = false;
        slot.resamplerFlushed = false;
        slot.pending.clear();
        slot.pendingOffsetFrames = 0;
        slot.openPosition = slot.filePosition;
        slot.calmUntil = slot.filePosition;
        slot.cutAt = -1;
        if (std::isfinite(source.loudestShortTermLufs)) {
            slot.loudnessGuard.emplace(info.sampleRate);
            slot.guardLimitLufs = source.loudestShortTermLufs + kLoudnessGuardMarginDb;
        }

        const std::int64_t lastFrame =
            slot.endBound >= 0 ? (declaredKnown ? std::min(slot.endBound, info.frames) : slot.endBound)
                               : (declaredKnown ? info.frames : kUnknownLength);
        slot.lengthFrames.store(
            lastFrame >= 0
                ? toOutputFrames(std::max<std::int64_t>(lastFrame - slot.filePosition, 0), info.sampleRate)
                : kUnknownLength,
            std::memory_order_relaxed);

        if (slot.endBound >= 0 && slot.filePosition >= slot.endBound) {
            finishStream(slot);  // offset past the end of the part: an empty stream
            return;
        }
        if (slot.filePosition > 0 && !slot.reader->seek(slot.filePosition)) {
            if (declaredKnown && slot.filePosition >= info.frames) {
                if (slot.endBound > slot.filePosition)  // the program expected music here
                    setFault(slot, StreamFault::EndedEarly,
                             source.file.string() + ": the file ends at " +
                                 secondsText(info.frames, info.sampleRate) +
                                 ", before the part to play (from " +
                                 secondsText(slot.filePosition, info.sampleRate) +
                                 "); check the program's start point or replace the file.");
                finishStream(slot);
                return;
            }
            const auto why = slot.reader->readError();
            failStream(
                slot, StreamFault::FileUnreadable,
                source.file.string() + ": cannot seek to " + secondsText(slot.filePosition, info.sampleRate) +
                    (why ? " (" + *why + ")" : std::string()) + "; re-encode the file or check the program");
            return;
        }
        if (info.sampleRate != outputRate_) {
            soxr_error_t error = nullptr;
            const soxr_io_spec_t ioSpec = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
            const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
            slot.resampler = soxr_create(info.sampleRate, outputRate_, 2, &error, &ioSpec, &quality, nullptr);
            if (error != nullptr || slot.resampler == nullptr) {
                failStream(slot, StreamFault::FileUnreadable,
                           source.file.string() + ": cannot resample from " +
                               std::to_string(info.sampleRate) + " Hz (" + (error ? error : "soxr") + ")");
                return;
            }
        }
        decodeStep(slot);  // the first chunk right away
    }

    // Decodes one chunk of the file (resampled) into the slot's pending buffer and moves what fits into
    // the ring.
    void decodeStep(Slot& slot) {
        if (slot.pendingFrames() == 0 && !slot.resamplerFlushed) {
            slot.pending.clear();
            slot.pendingOffsetFrames = 0;
            if (!slot.sourceExhausted) {
                if (slot.resampler) {
                    readAndResample(slot);
                } else {
                    readChunkIntoRing(slot);
                }
            } else if (slot.resampler) {
                flushResampler(slot);
            } else {
                slot.resamplerFlushed = true;
            }
        }
        movePendingToRing(slot);
        if (slot.sourceExhausted && slot.resamplerFlushed && slot.pendingFrames() == 0) finishStream(slot);
        if (slot.activeStatus.load(std::memory_order_relaxed) == StreamStatus::Opening &&
            (slot.bufferedFrames() >= readyFrames_ || slot.endOfStream.load(std::memory_order_relaxed)))
            slot.activeStatus.store(StreamStatus::Ready, std::memory_order_release);
    }

    // Reads up to `frames` file frames into `into`, no further than the track's end; at the end of the
    // source marks it exhausted and checks whether it ended early. Returns the frames read.
    std::int64_t readFromFile(Slot& slot, float* into, std::int64_t frames) {
        const bool bounded = slot.endBound >= 0;
        const std::int64_t want = bounded ? std::min(frames, slot.endBound - slot.filePosition) : frames;
        const std::int64_t got = want > 0 ? slot.reader->readStereo(into, want) : 0;
        // Checked after the read, so a chunk read while the file was being rewritten is thrown away.
        if (fileChanged(slot)) {
            endBecauseChanged(slot);
            return 0;
        }
        if (got > 0 && guardTrips(slot, into, got)) return 0;
        slot.filePosition += got;
        if (got < want || (bounded && slot.filePosition >= slot.endBound)) {
            slot.sourceExhausted = true;
            if (got < want) checkEndedEarly(slot);
        }
        return got;
    }

    static bool fileChanged(const Slot& slot) {
        if (!slot.identity) return false;
        const auto now = FileIdentity::of(slot.file);
        return !now || !(*now == *slot.identity);
    }

    void endBecauseChanged(Slot& slot) {
        slot.sourceExhausted = true;
        setFault(slot, StreamFault::EndedEarly,
                 slot.file.string() +
                     ": the file changed while it played (overwritten, replaced or removed: " +
                     "its size, modification time or identity is not what it was when it was opened), at " +
                     secondsText(slot.filePosition, slot.fileRate) +
                     "; the track fades out there and the music moves on. Do not change music files during "
                     "a session.");
    }

    // The loudness guard, on the file's frames as they are decoded: true when the stream must end here.
    bool guardTrips(Slot& slot, const float* frames, std::int64_t count) {
        if (!slot.loudnessGuard) return false;
        slot.loudnessGuard->add(frames, count);
        if (slot.loudnessGuard->momentaryLufs() <= slot.guardLimitLufs) slot.calmUntil = slot.filePosition;
        const double shortTerm = slot.loudnessGuard->shortTermLufs();
        if (!(shortTerm > slot.guardLimitLufs)) return false;
        slot.cutAt = slot.calmUntil;
        slot.sourceExhausted = true;
        char figures[96];
        std::snprintf(figures, sizeof figures, "short-term %.1f LUFS where at most %.1f LUFS was measured",
                      shortTerm, slot.guardLimitLufs - kLoudnessGuardMarginDb);
        setFault(slot, StreamFault::EndedEarly,
                 slot.file.string() + ": the sound became far louder than this track ever is (" + figures +
                     ") at " + secondsText(slot.cutAt, slot.fileRate) +
                     ": the file is damaged or was changed; the track fades out there and the music moves "
                     "on. Check or replace the file.");
        return true;
    }

    // At another rate than the output's: a chunk decoded, then resampled into the pending buffer.
    void readAndResample(Slot& slot) {
        decoded_.resize(static_cast<std::size_t>(kDecodeChunkFrames) * 2);
        resample(slot, decoded_.data(), readFromFile(slot, decoded_.data(), kDecodeChunkFrames));
    }

    // At the file's own rate nothing needs converting: decode straight into the ring's free space.
    void readChunkIntoRing(Slot& slot) {
        const std::int64_t written = slot.writtenFrames.load(std::memory_order_relaxed);
        const std::int64_t space =
            slot.capacityFrames - (written - slot.readFrames.load(std::memory_order_acquire));
        const std::int64_t start = written % slot.capacityFrames;
        const std::int64_t room = std::min({kDecodeChunkFrames, space, slot.capacityFrames - start});
        if (room <= 0) return;
        const std::int64_t got = readFromFile(slot, slot.ring.get() + start * 2, room);
        slot.writtenFrames.store(written + got, std::memory_order_release);
        if (slot.sourceExhausted) slot.resamplerFlushed = true;  // nothing held back to flush
    }

    void checkEndedEarly(Slot& slot) {
        const auto readError = slot.reader->readError();
        const bool shortOfExpected =
            slot.expectedEnd >= 0 && slot.filePosition + slot.expectedEndTolerance < slot.expectedEnd;
        if (!readError && !shortOfExpected) return;
        std::string detail =
            slot.file.string() + ": the file ended at " + secondsText(slot.filePosition, slot.fileRate);
        if (slot.expectedEnd >= 0)
            detail += ", before its expected end at " + secondsText(slot.expectedEnd, slot.fileRate);
        if (readError) detail += " (" + *readError + ")";
        detail += "; the file is damaged or truncated: replace it.";
        setFault(slot, StreamFault::EndedEarly, detail);
    }

    void resample(Slot& slot, const float* input, std::int64_t inputFrames) {
        const double ratio = static_cast<double>(outputRate_) / slot.fileRate;
        std::size_t consumed = 0;
        while (true) {
            const std::size_t room =
                static_cast<std::size_t>(std::ceil(
                    static_cast<double>(inputFrames - static_cast<std::int64_t>(consumed)) * ratio)) +
                1024;
            const std::size_t before = slot.pending.size();
            slot.pending.resize(before + room * 2);
            std::size_t inputDone = 0;
            std::size_t outputDone = 0;
            const soxr_error_t error = soxr_process(
                slot.resampler, input + consumed * 2, static_cast<std::size_t>(inputFrames) - consumed,
                &inputDone, slot.pending.data() + before, room, &outputDone);
            slot.pending.resize(before + outputDone * 2);
            consumed += inputDone;
            if (error != nullptr) {
                setFault(slot, StreamFault::EndedEarly,
                         slot.file.string() + ": resampling failed (" + error + ")");
                slot.sourceExhausted = true;
                slot.resamplerFlushed = true;
                return;
            }
            if (consumed >= static_cast<std::size_t>(inputFrames) && outputDone < room) break;
        }
    }

    void flushResampler(Slot& slot) {
        // End of input: soxr hands out the tail it still holds (the filter's delay).
        constexpr std::size_t kFlushFrames = 4096;
        slot.pending.resize(kFlushFrames * 2);
        std::size_t outputDone = 0;
        soxr_process(slot.resampler, nullptr, 0, nullptr, slot.pending.data(), kFlushFrames, &outputDone);
        slot.pending.resize(outputDone * 2);
        if (outputDone == 0) slot.resamplerFlushed = true;
    }

    void movePendingToRing(Slot& slot) {
        const std::int64_t written = slot.writtenFrames.load(std::memory_order_relaxed);
        const std::int64_t space =
            slot.capacityFrames - (written - slot.readFrames.load(std::memory_order_acquire));
        const std::int64_t count =
            std::min<std::int64_t>(space, static_cast<std::int64_t>(slot.pendingFrames()));
        if (count <= 0) return;
        const float* from = slot.pending.data() + slot.pendingOffsetFrames * 2;
        const std::int64_t start = written % slot.capacityFrames;
        const std::int64_t firstPart = std::min(count, slot.capacityFrames - start);
        std::memcpy(slot.ring.get() + start * 2, from,
                    static_cast<std::size_t>(firstPart) * 2 * sizeof(float));
        if (count > firstPart)
            std::memcpy(slot.ring.get(), from + firstPart * 2,
                        static_cast<std::size_t>(count - firstPart) * 2 * sizeof(float));
        slot.pendingOffsetFrames += static_cast<std::size_t>(count);
        slot.writtenFrames.store(written + count, std::memory_order_release);
    }

    void finishStream(Slot& slot) {
        std::int64_t length = slot.writtenFrames.load(std::memory_order_relaxed);
        // Cut by the loudness guard: what was decoded past the cut is never played at full level.
        if (slot.cutAt >= 0)
            length = std::min(
                length,
                toOutputFrames(std::max<std::int64_t>(slot.cutAt - slot.openPosition, 0), slot.fileRate));
        slot.lengthFrames.store(length, std::memory_order_relaxed);
        slot.lengthExact.store(true, std::memory_order_relaxed);
        slot.endOfStream.store(true, std::memory_order_release);
        closeDecoder(slot);  // the file is not needed any more; free its handle early
        if (slot.activeStatus.load(std::memory_order_relaxed) == StreamStatus::Opening)
            slot.activeStatus.store(StreamStatus::Ready, std::memory_order_release);
    }

    void closeDecoder(Slot& slot) {
        slot.reader.reset();
        slot.loudnessGuard.reset();
        if (slot.resampler) {
            soxr_delete(slot.resampler);
            slot.resampler = nullptr;
        }
    }

    void recycle(Slot& slot) {
        closeDecoder(slot);
        slot.pending.clear();
        slot.pendingOffsetFrames = 0;
        slot.fileRate = 0;
        slot.file.clear();
        slot.identity.reset();
        slot.cutAt = -1;
        slot.writtenFrames.store(0, std::memory_order_relaxed);
        slot.readFrames.store(0, std::memory_order_relaxed);
        slot.endOfStream.store(false, std::memory_order_relaxed);
        slot.lengthFrames.store(kUnknownLength, std::memory_order_relaxed);
        slot.lengthExact.store(false, std::memory_order_relaxed);
        slot.fault.store(StreamFault::None, std::memory_order_relaxed);
        slot.faultDetail[0] = '\0';
        slot.played.store(false, std::memory_order_relaxed);
        slot.ring.discard();
        slot.activeStatus.store(StreamStatus::Opening, std::memory_order_relaxed);
        slot.lifecycle.store(Lifecycle::Idle, std::memory_order_release);
    }

    const int outputRate_;
    StreamSourceResolver resolver_;
    std::vector<Slot> slots_;
    std::int64_t aheadFrames_ = 0;
    std::int64_t readyFrames_ = 0;
    std::vector<float> decoded_;
    sem_t wake_{};
    std::atomic<bool> stopping_{false};
    std::mutex filledMutex_;
    std::condition_variable filledChanged_;
    std::atomic<bool> fillWaiter_{false};
    std::thread decodeThread_;
};

StreamPool::StreamPool(int outputSampleRate, StreamSourceResolver resolver, int slotCount,
                       double aheadSeconds)
    : impl_(std::make_unique<Impl>(outputSampleRate, std::move(resolver), slotCount, aheadSeconds)) {}
StreamPool::~StreamPool() = default;

int StreamPool::acquire(std::uint32_t sourceId, double offsetSeconds) noexcept {
    return impl_->acquire(sourceId, offsetSeconds);
}
StreamStatus StreamPool::status(int slot) const noexcept {
    return impl_->status(slot);
}
int StreamPool::read(int slot, float* interleavedStereo, int frames) noexcept {
    return impl_->read(slot, interleavedStereo, frames);
}
bool StreamPool::finished(int slot) const noexcept {
    return impl_->finished(slot);
}
std::int64_t StreamPool::lengthFrames(int slot) const noexcept {
    return impl_->lengthFrames(slot);
}
bool StreamPool::lengthExact(int slot) const noexcept {
    return impl_->lengthExact(slot);
}
std::int64_t StreamPool::framesRead(int slot) const noexcept {
    return impl_->framesRead(slot);
}
StreamFault StreamPool::fault(int slot) const noexcept {
    return impl_->fault(slot);
}
const char* StreamPool::faultDetail(int slot) const noexcept {
    return impl_->faultDetail(slot);
}
void StreamPool::release(int slot) noexcept {
    impl_->release(slot);
}
void StreamPool::waitUntilFilled() {
    impl_->waitUntilFilled();
}
int StreamPool::outputSampleRate() const {
    return impl_->outputSampleRate();
}

}  // namespace stillpoint::audio
