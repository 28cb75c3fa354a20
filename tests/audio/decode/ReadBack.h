// Reading a file back through the one reader, as the decode tests check it: all of it, or the message a
// person sees when it cannot be opened.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "audio/decode/AudioFileReader.h"

namespace stillpoint::testing {

inline std::vector<float> readAll(audio::AudioFileReader& reader, std::int64_t blockFrames = 1000) {
    std::vector<float> all;
    std::vector<float> block(static_cast<std::size_t>(blockFrames * 2));
    while (true) {
        const auto got = reader.readStereo(block.data(), blockFrames);
        all.insert(all.end(), block.begin(), block.begin() + got * 2);
        if (got < blockFrames) break;
    }
    return all;
}

inline std::string openingError(const std::filesystem::path& file) {
    try {
        audio::AudioFileReader reader(file);
    } catch (const audio::AudioFileError& error) {
        return error.what();
    }
    return "(opened without error)";
}

}  // namespace stillpoint::testing
