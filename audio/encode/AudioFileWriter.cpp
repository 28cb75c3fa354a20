#include "audio/encode/AudioFileWriter.h"

#include <sndfile.h>

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace stillpoint::audio {

namespace {

// About five seconds at 48 kHz: enough to ride out the kernel pausing a writer to flush dirty pages.
constexpr std::size_t kQueueFrames = std::size_t{1} << 18;
// What the writing thread hands to libsndfile at a time.
constexpr std::size_t kWriteFrames = 16384;

int formatFor(const std::filesystem::path& file) {
    const std::string extension = file.extension().string();
    if (extension == ".wav") return SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    if (extension == ".flac") return SF_FORMAT_FLAC | SF_FORMAT_PCM_24;
    return 0;
}

}  // namespace

class AudioFileWriter::Impl {
public:
    Impl(const std::filesystem::path& file, int sampleRate) : path_(file), queue_(2 * kQueueFrames) {
        SF_INFO info{};
        info.samplerate = sampleRate;
        info.channels = 2;
        info.format = formatFor(file);
        if (info.format == 0)
            throw AudioWriteError(file.string() +
                                  ": choose an output ending in .wav (32-bit float) or .flac (24-bit)");
        sound_ = sf_open(file.c_str(), SFM_WRITE, &info);
        if (sound_ == nullptr)
            throw AudioWriteError("cannot write " + file.string() + ": " + sf_strerror(nullptr) +
                                  "; check that the folder exists and is writable");
        // Samples beyond full scale are clipped in the FLAC file rather than wrapped around.
        sf_command(sound_, SFC_SET_CLIPPING, nullptr, SF_TRUE);
        thread_ = std::thread([this] { writeLoop(); });
    }

    ~Impl() {
        try {
            close();
        } catch (const AudioWriteError&) {
        }
    }

    void write(const float* samples, int frames) {
        std::size_t left = static_cast<std::size_t>(std::max(frames, 0));
        while (left > 0) {
            std::unique_lock lock(mutex_);
            if (!failed_ && queued_ == kQueueFrames) {
                producerWaiting_ = true;
                spaceFreed_.wait(lock, [&] { return failed_ || queued_ < kQueueFrames; });
                producerWaiting_ = false;
            }
            if (failed_) throw AudioWriteError(failure_);
            // Copy into the free part of the ring that follows the write position, up to its end.
            const std::size_t tail = (head_ + queued_) % kQueueFrames;
            const std::size_t count = std::min({left, kQueueFrames - queued_, kQueueFrames - tail});
            lock.unlock();
            // The writing thread only reads [head_, head_ + queued_): this part is ours until published.
            std::memcpy(queue_.data() + 2 * tail, samples, 2 * count * sizeof(float));
            lock.lock();
            queued_ += count;
            // The writing thread is woken for a whole write's worth, not for every block.
            const bool wake = writerWaiting_ && queued_ >= kWriteFrames;
            lock.unlock();
            if (wake) framesQueued_.notify_one();
            samples += 2 * count;
            left -= count;
        }
    }

    void close() {
        if (!thread_.joinable()) return;
        {
            std::lock_guard lock(mutex_);
            closing_ = true;
        }
        framesQueued_.notify_one();
        thread_.join();
        if (sf_close(sound_) != 0 && !failed_) {
            failed_ = true;
            failure_ = "closing " + path_.string() + " failed; the file may be incomplete";
        }
        sound_ = nullptr;
        if (failed_) throw AudioWriteError(failure_);
    }

private:
    void writeLoop() {
        while (true) {
            std::unique_lock lock(mutex_);
            if (queued_ < kWriteFrames && !closing_) {
                writerWaiting_ = true;
                framesQueued_.wait(lock, [&] { return queued_ >= kWriteFrames || closing_; });
                writerWaiting_ = false;
            }
            if (queued_ == 0) return;  // closing, and everything is written
            const std::size_t count = std::min({queued_, kQueueFrames - head_, kWriteFrames});
            const float* from = queue_.data() + 2 * head_;
            lock.unlock();
            const sf_count_t written = sf_writef_float(sound_, from, static_cast<sf_count_t>(count));
            lock.lock();
            if (written != static_cast<sf_count_t>(count)) {
                failed_ = true;
                failure_ = "writing " + path_.string() + " failed (" + sf_strerror(sound_) +
                           "; is the disk full?); the output is incomplete";
                lock.unlock();
                spaceFreed_.notify_one();
                return;
            }
            head_ = (head_ + count) % kQueueFrames;
            queued_ -= count;
            const bool wake = producerWaiting_;
            lock.unlock();
            if (wake) spaceFreed_.notify_one();
        }
    }

    std::filesystem::path path_;
    SNDFILE* sound_ = nullptr;
    std::vector<float> queue_;  // a ring of kQueueFrames stereo frames
    std::mutex mutex_;
    std::condition_variable framesQueued_;  // the writing thread waits here for work
    std::condition_variable spaceFreed_;    // write() waits here when the queue is full
    bool writerWaiting_ = false;            // guarded by mutex_
    bool producerWaiting_ = false;          // guarded by mutex_
    std::size_t head_ = 0;                  // first queued frame; guarded by mutex_
    std::size_t queued_ = 0;                // guarded by mutex_
    bool closing_ = false;                  // guarded by mutex_
    bool failed_ = false;                   // guarded by mutex_ while the thread runs
    std::string failure_;
    std::thread thread_;
};

AudioFileWriter::AudioFileWriter(const std::filesystem::path& file, int sampleRate)
    : impl_(std::make_unique<Impl>(file, sampleRate)) {}
AudioFileWriter::~AudioFileWriter() = default;
void AudioFileWriter::write(const float* interleavedStereo, int frames) {
    impl_->write(interleavedStereo, frames);
}
void AudioFileWriter::close() {
    impl_->close();
}
bool AudioFileWriter::supportedExtension(const std::filesystem::path& file) {
    return formatFor(file) != 0;
}

}  // namespace stillpoint::audio
