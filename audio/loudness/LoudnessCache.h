// EBU R128 loudness of audio files (libebur128), measured on exactly what the engine plays (the stereo
// downmix from AudioFileReader), and cached by path, size and modification time so a second look is instant.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace stillpoint::audio {

struct LoudnessMeasurement {
    double integratedLufs = -70.0;
    double truePeakDbtp = -120.0;
    double loudnessRangeLu = 0.0;
    // The loudest short-term (3 s) loudness anywhere in the file: what the engine's loudness guard knows
    // the track can reach.
    double loudestShortTermLufs = -70.0;
    double durationSeconds = 0.0;
    int sampleRate = 0;
    int channels = 0;
    std::string formatName;
    std::string decoder;  // the library that read the file ("libsndfile", "libopusfile", "FFmpeg")
    std::string title;    // from the file's tags, empty if none
    std::string artist;
    // Empty, or why the file ends before it should (cut short, or undecodable from some point on): a
    // sentence for a person, naming the file. The figures above are of the part that plays.
    std::string damage;
};

// Reads the whole file. Throws AudioFileError (see AudioFileReader.h) for a file with nothing playable;
// a damaged file that plays in part is measured on that part, with `damage` saying what is wrong.
LoudnessMeasurement measureLoudness(const std::filesystem::path& file);

// The gain in dB that brings `measured` to `targetLufs` (0 for silence).
double normalisationGainDb(const LoudnessMeasurement& measured, double targetLufs);

class LoudnessCache {
public:
    // Default file: $XDG_CACHE_HOME/stillpoint/loudness.json (or ~/.cache/...).
    LoudnessCache();
    explicit LoudnessCache(std::filesystem::path cacheFile);
    ~LoudnessCache();

    std::optional<LoudnessMeasurement> find(const std::filesystem::path& file) const;
    // Cached if the file is unchanged, otherwise measured and remembered. Thread-safe.
    LoudnessMeasurement measure(const std::filesystem::path& file);
    void save() const;  // writes atomically; called by the destructor too

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace stillpoint::audio
