#include "FlacPieceWriter.h"

#include <sndfile.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "Pcg32.h"
#include "SynthBlocks.h"

namespace stillpoint::demo {
namespace {

std::runtime_error writeError(const std::filesystem::path& file, const std::string& reason) {
    return std::runtime_error("cannot write " + file.string() + ": " + reason +
                              " (check that the folder exists, is writable and the disk is not full)");
}

}  // namespace

void writeFlacAtomically(const std::filesystem::path& target, const RenderedPiece& piece,
                         const FlacTags& tags, std::uint64_t ditherSeed) {
    // The process id keeps two generators running at once from sharing a temporary file.
    const std::filesystem::path temporary =
        target.string() + ".partial-" + std::to_string(static_cast<long>(::getpid()));

    SF_INFO info{};
    info.samplerate = kSampleRate;
    info.channels = 2;
    info.format = SF_FORMAT_FLAC | SF_FORMAT_PCM_16;
    SNDFILE* file = sf_open(temporary.c_str(), SFM_WRITE, &info);
    if (file == nullptr) throw writeError(temporary, sf_strerror(nullptr));

    // Only these two tags: libsndfile adds no date or software string to FLAC unless asked to.
    sf_set_string(file, SF_STR_TITLE, tags.title.c_str());
    sf_set_string(file, SF_STR_ARTIST, tags.artist.c_str());
    double compression = 0.5;
    sf_command(file, SFC_SET_COMPRESSION_LEVEL, &compression, sizeof(compression));

    Pcg32 dither(ditherSeed, 0xd17eULL);
    constexpr std::int64_t kChunkFrames = 16384;
    std::vector<short> chunk(static_cast<std::size_t>(kChunkFrames) * 2);
    bool failed = false;
    for (std::int64_t start = 0; start < piece.frames && !failed; start += kChunkFrames) {
        const std::int64_t frames = std::min(kChunkFrames, piece.frames - start);
        for (std::int64_t index = 0; index < frames * 2; ++index) {
            // TPDF dither of +-1 LSB keeps the quiet fade tails free of quantisation distortion.
            const double triangular = dither.uniform() - dither.uniform();
            const double scaled =
                piece.interleavedStereo[static_cast<std::size_t>(start * 2 + index)] * 32767.0 + triangular;
            chunk[static_cast<std::size_t>(index)] =
                static_cast<short>(std::clamp(std::floor(scaled + 0.5), -32767.0, 32767.0));
        }
        failed = sf_writef_short(file, chunk.data(), frames) != frames;
    }
    const std::string reason = failed ? sf_strerror(file) : "";
    const int closeResult = sf_close(file);
    if (failed || closeResult != 0) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw writeError(temporary, failed ? reason : sf_error_number(closeResult));
    }
    std::error_code renameError;
    std::filesystem::rename(temporary, target, renameError);
    if (renameError) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw writeError(target, renameError.message());
    }
}

}  // namespace stillpoint::demo
