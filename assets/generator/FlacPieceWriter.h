// Writes a rendered piece as 48 kHz stereo 16-bit FLAC with title and artist tags, atomically: into a
// temporary file beside the target, then renamed over it, so a reader (or a second build running the
// generator at the same time) never sees a half-written file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "PieceRenderer.h"

namespace stillpoint::demo {

inline constexpr const char* kDemoLibraryArtist = "Stillpoint demo library";

struct FlacTags {
    std::string title;
    std::string artist = kDemoLibraryArtist;
};

// Throws std::runtime_error naming the file and libsndfile's reason on failure. `ditherSeed` makes the
// TPDF dither (and so the file's bytes) reproducible.
void writeFlacAtomically(const std::filesystem::path& target, const RenderedPiece& piece,
                         const FlacTags& tags, std::uint64_t ditherSeed);

}  // namespace stillpoint::demo
