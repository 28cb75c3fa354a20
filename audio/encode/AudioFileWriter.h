// Writes interleaved stereo float audio to a WAV (32-bit float) or FLAC (24-bit) file on its own thread,
// so an offline render goes on mixing while the disk (or the FLAC encoder) catches up. write() copies into
// a queue of a few seconds and only waits when that is full; close() writes the rest.
// Not real-time safe (write() may wait): for offline rendering, not for the live audio path.
#pragma once

#include <filesystem>
#include <memory>
#include <stdexcept>

namespace stillpoint::audio {

// The message is complete and meant for a person: which file, what went wrong, what to do.
class AudioWriteError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class AudioFileWriter {
public:
    // The format follows the extension: .wav or .flac. Throws AudioWriteError for another extension or
    // a file that cannot be created.
    AudioFileWriter(const std::filesystem::path& file, int sampleRate);
    ~AudioFileWriter();  // closes (errors are then lost: call close() to see them)
    AudioFileWriter(const AudioFileWriter&) = delete;
    AudioFileWriter& operator=(const AudioFileWriter&) = delete;

    // Queues `frames` frames. Throws AudioWriteError once an earlier write has failed (disk full).
    void write(const float* interleavedStereo, int frames);
    // Writes everything still queued and closes the file. Throws AudioWriteError if any write failed.
    void close();

    static bool supportedExtension(const std::filesystem::path& file);

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace stillpoint::audio
