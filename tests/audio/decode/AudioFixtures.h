// Audio fixtures generated on the fly with libsndfile into a temporary folder, shared by the decode,
// loudness and check tests. Header-only so each test binary compiles what it uses.
#pragma once

#include <sndfile.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace stillpoint::testing {

// A fresh folder under the system temp directory, removed with everything in it at the end of the test.
class TempFolder {
  public:
    TempFolder() {
        std::random_device entropy;
        const auto base = std::filesystem::temp_directory_path();
        for (int attempt = 0; attempt < 100; ++attempt) {
            auto candidate = base / ("stillpoint-test-" + std::to_string(::getpid()) + "-" +
                                     std::to_string(entropy() % 1000000u));
            if (std::filesystem::create_directory(candidate)) {
                path_ = candidate;
                return;
            }
        }
        throw std::runtime_error("cannot create a temporary folder");
    }
    ~TempFolder() {
        std::error_code ignored;
        std::filesystem::permissions(path_, std::filesystem::perms::owner_all, ignored);
        std::filesystem::remove_all(path_, ignored);
    }
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  private:
    std::filesystem::path path_;
};

struct AudioSpec {
    int format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    int sampleRate = 48000;
    int channels = 2;
    double seconds = 1.0;
    std::string title;
    std::string artist;
};

inline AudioSpec audioSpec(int format, int sampleRate, int channels, double seconds, std::string title = {},
                           std::string artist = {}) {
    AudioSpec spec;
    spec.format = format;
    spec.sampleRate = sampleRate;
    spec.channels = channels;
    spec.seconds = seconds;
    spec.title = std::move(title);
    spec.artist = std::move(artist);
    return spec;
}

// sample(frame, channel) gives each sample; written in blocks so long files stay cheap.
inline void writeAudio(const std::filesystem::path& file, const AudioSpec& spec,
                       const std::function<float(std::int64_t, int)>& sample) {
    SF_INFO info{};
    info.samplerate = spec.sampleRate;
    info.channels = spec.channels;
    info.format = spec.format;
    SNDFILE* handle = sf_open(file.c_str(), SFM_WRITE, &info);
    if (handle == nullptr)
        throw std::runtime_error("cannot write fixture " + file.string() + ": " + sf_strerror(nullptr));
    if (!spec.title.empty()) sf_set_string(handle, SF_STR_TITLE, spec.title.c_str());
    if (!spec.artist.empty()) sf_set_string(handle, SF_STR_ARTIST, spec.artist.c_str());
    const auto frames = static_cast<std::int64_t>(std::llround(spec.seconds * spec.sampleRate));
    constexpr std::int64_t kBlock = 8192;
    std::vector<float> block(static_cast<std::size_t>(kBlock * spec.channels));
    for (std::int64_t start = 0; start < frames; start += kBlock) {
        const std::int64_t count = std::min(kBlock, frames - start);
        for (std::int64_t frame = 0; frame < count; ++frame) {
            for (int channel = 0; channel < spec.channels; ++channel) {
                block[static_cast<std::size_t>(frame * spec.channels + channel)] =
                    sample(start + frame, channel);
            }
        }
        sf_writef_float(handle, block.data(), count);
    }
    sf_close(handle);
}

inline void writeSine(const std::filesystem::path& file, const AudioSpec& spec, double frequency = 997.0,
                      double amplitude = 0.5) {
    const double step = 2.0 * M_PI * frequency / spec.sampleRate;
    writeAudio(file, spec, [step, amplitude](std::int64_t frame, int) {
        return static_cast<float>(amplitude * std::sin(step * static_cast<double>(frame)));
    });
}

inline void writeNoise(const std::filesystem::path& file, const AudioSpec& spec, double amplitude = 0.25) {
    std::mt19937 generator(1234);
    std::uniform_real_distribution<float> uniform(static_cast<float>(-amplitude),
                                                  static_cast<float>(amplitude));
    writeAudio(file, spec, [&](std::int64_t, int) { return uniform(generator); });
}

inline void writeSilence(const std::filesystem::path& file, const AudioSpec& spec) {
    writeAudio(file, spec, [](std::int64_t, int) { return 0.0f; });
}

inline void writeBytes(const std::filesystem::path& file, const std::string& bytes) {
    std::ofstream stream(file, std::ios::binary);
    stream << bytes;
}

inline std::string readBytes(const std::filesystem::path& file) {
    std::ifstream stream(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

// Keeps the first `bytes` bytes, like a copy interrupted half way.
inline void truncateTo(const std::filesystem::path& file, std::uintmax_t bytes) {
    std::filesystem::resize_file(file, bytes);
}

inline bool runningAsRoot() {
    return ::geteuid() == 0;
}

}  // namespace stillpoint::testing
