// Fixtures in the formats only FFmpeg reads (AAC, ALAC, WMA, WebM, Opus with a negative start), made at
// test time by the ffmpeg command from the test tools, and ffmpeg's own decode of a file to compare with.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "audio/decode/AudioFixtures.h"

namespace stillpoint::testing {

inline bool haveFfmpegTool() {
    static const bool present = std::system("ffmpeg -version >/dev/null 2>&1") == 0;
    return present;
}

inline std::string shellQuoted(const std::filesystem::path& file) {
    std::string quoted = "'";
    for (const char c : file.string()) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

// Encodes `source` into `target` with the given ffmpeg output options (e.g. "-c:a aac -b:a 128k").
// False where this ffmpeg lacks the encoder.
inline bool ffmpegEncode(const std::filesystem::path& source, const std::filesystem::path& target,
                         const std::string& options) {
    const std::string command = "ffmpeg -nostdin -loglevel error -y -i " + shellQuoted(source) + " " +
                                options + " " + shellQuoted(target);
    return std::system(command.c_str()) == 0;
}

// ffmpeg's own decode of `file`, as interleaved stereo float at the file's rate.
inline std::vector<float> ffmpegDecodeStereo(const std::filesystem::path& file) {
    const std::string command =
        "ffmpeg -nostdin -loglevel error -i " + shellQuoted(file) + " -ac 2 -f f32le - 2>/dev/null";
    std::vector<float> samples;
    if (std::FILE* pipe = ::popen(command.c_str(), "r")) {
        float block[4096];
        std::size_t got = 0;
        while ((got = std::fread(block, sizeof(float), 4096, pipe)) > 0)
            samples.insert(samples.end(), block, block + got);
        ::pclose(pipe);
    }
    return samples;
}

// The integrated loudness ffmpeg's ebur128 filter reports for `file`, if it reports one.
inline std::optional<double> ffmpegIntegratedLufs(const std::filesystem::path& file) {
    const std::string command =
        "ffmpeg -nostdin -nostats -hide_banner -i " + shellQuoted(file) + " -af ebur128 -f null - 2>&1";
    std::string output;
    if (std::FILE* pipe = ::popen(command.c_str(), "r")) {
        char line[512];
        while (std::fgets(line, sizeof line, pipe) != nullptr) output += line;
        ::pclose(pipe);
    }
    const auto summary = output.rfind("Summary:");
    if (summary == std::string::npos) return std::nullopt;
    const auto value = output.find("I:", summary);
    if (value == std::string::npos) return std::nullopt;
    return std::strtod(output.c_str() + value + 2, nullptr);
}

}  // namespace stillpoint::testing
