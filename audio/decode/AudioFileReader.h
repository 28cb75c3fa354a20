// Reads any audio file the clinic's library holds, as interleaved stereo float frames at the file's rate.
// libsndfile for WAV/FLAC/Ogg Vorbis/MP3, libopusfile for Opus; FFmpeg (FfmpegDecoder) for what those two
// refuse: AAC/M4A, ALAC, WMA, WebM/Matroska, Opus with a negative start. The caller never needs to know
// which one read the file (info().decoder says, for `check`).
// Not real-time safe (does I/O): used by the decode thread, the loudness analysis and `check`.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace stillpoint::audio {

// The message is complete and meant for a person: which file, what is wrong, what to do.
class AudioFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct AudioFileInfo {
    int sampleRate = 0;
    int channels = 0;  // as stored in the file; reads are always stereo
    std::int64_t frames =
        0;  // as the file declares it; may be an estimate (MP3 without Xing) or a lie (truncated files)
    bool framesExact = false;  // true where the container's count is trustworthy (WAV, FLAC)
    // What the header promises (0 where it promises no exact length). Above `frames` for a truncated WAV or
    // AIFF (libsndfile shortens `frames` to
    // what is there without an error): the file will end that much early.
    std::int64_t declaredFrames = 0;
    bool seekExact = false;  // false for Ogg Vorbis: seeks may land some frames off
    std::string formatName;  // e.g. "FLAC", "WAV (float)", "Ogg Vorbis", "MP3", "Ogg Opus", "AAC (M4A)"
    std::string decoder;     // the library that reads it: "libsndfile", "libopusfile" or "FFmpeg"
    std::string title;       // from the file's tags, empty if none
    std::string artist;
    // Every tag the decoder reads, by its name in lower case ("genre", "comment", "intensity"): libsndfile
    // reads the standard ones only (title, artist, album, date, genre, comment...), libopusfile and FFmpeg
    // every one the file has. A name given twice keeps its first value.
    std::map<std::string, std::string> tags;
};

class AudioFileReader {
public:
    // Throws AudioFileError for a missing, unreadable, non-audio, empty or malformed file, or a directory.
    explicit AudioFileReader(const std::filesystem::path& file);
    ~AudioFileReader();
    AudioFileReader(AudioFileReader&&) noexcept;
    AudioFileReader& operator=(AudioFileReader&&) noexcept;

    const AudioFileInfo& info() const;
    const std::filesystem::path& path() const;

    // Reads up to `frames` frames into `interleavedStereo` (2 * frames floats). Mono is centred (-3 dB in
    // each channel); more channels are downmixed (ITU-R BS.775, LFE dropped). Returns the frames read;
    // a short read or 0 means the end, or damage: check readError() (an Ogg file cut short says so there).
    std::int64_t readStereo(float* interleavedStereo, std::int64_t frames);

    // The decoder's complaint after a short read (e.g. "flac decoder lost sync"), if it had one.
    std::optional<std::string> readError() const;

    // Moves to `frame`; returns false (with readError()) if the file cannot seek there.
    bool seek(std::int64_t frame);

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace stillpoint::audio
