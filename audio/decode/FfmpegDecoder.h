// FFmpeg's libavformat/libavcodec/libswresample behind AudioFileReader, for the files libsndfile and
// libopusfile refuse: AAC/M4A, ALAC, WMA, WebM/Matroska, Opus with a negative start, and any other audio
// FFmpeg reads. Output is the same stereo float at the file's rate as every other decoder gives.
// Gapless: the encoder's delay and padding (MP4 edit lists, LAME/Xing headers, Opus pre-skip) are trimmed,
// and where the container knows the exact length the decode stops on that frame.
// Not real-time safe; used only through AudioFileReader.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace stillpoint::audio {

// Why FFmpeg could not open a file, in words for a person (no file name: the reader adds it).
class FfmpegOpenError : public std::runtime_error {
public:
    enum class Kind { NotAudio, Protected, Undecodable };
    FfmpegOpenError(Kind kind, const std::string& reason) : std::runtime_error(reason), kind_(kind) {}
    Kind kind() const { return kind_; }

private:
    Kind kind_;
};

struct FfmpegStreamInfo {
    int sampleRate = 0;
    int channels = 0;
    std::int64_t frames = 0;  // 0 when unknown
    bool framesExact = false;
    bool seekExact = false;
    std::string formatName;  // e.g. "AAC (M4A)", "ALAC (M4A)", "WMA", "Opus (WebM)"
    std::string title;
    std::string artist;
    std::map<std::string, std::string> tags;  // the container's and the stream's, names in lower case
};

class FfmpegDecoder {
public:
    // Throws FfmpegOpenError.
    explicit FfmpegDecoder(const std::filesystem::path& file);
    ~FfmpegDecoder();
    FfmpegDecoder(const FfmpegDecoder&) = delete;
    FfmpegDecoder& operator=(const FfmpegDecoder&) = delete;

    const FfmpegStreamInfo& info() const;
    // As AudioFileReader::readStereo: a short read means the end, or damage (readError()).
    std::int64_t readStereo(float* interleavedStereo, std::int64_t frames);
    bool seek(std::int64_t frame);
    std::optional<std::string> readError() const;

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace stillpoint::audio
