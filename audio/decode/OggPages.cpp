#include "audio/decode/OggPages.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <vector>

namespace stillpoint::audio {

namespace {

// An Ogg page is at most 27 header bytes + 255 lacing values + 255 * 255 body bytes.
constexpr std::size_t kMaxPageBytes = 27 + 255 + 255 * 255;
constexpr unsigned char kEndOfStreamFlag = 0x04;

struct PageHead {
    std::size_t totalBytes = 0;  // header, lacing table and body
    bool endOfStream = false;
    bool headerComplete = false;
};

// The page starting at `at`, as far as the tail holds it.
PageHead readPageHead(const std::vector<unsigned char>& tail, std::size_t at) {
    PageHead page;
    if (at + 27 > tail.size()) return page;
    const std::size_t segments = tail[at + 26];
    if (at + 27 + segments > tail.size()) return page;
    std::size_t body = 0;
    for (std::size_t i = 0; i < segments; ++i) body += tail[at + 27 + i];
    page.totalBytes = 27 + segments + body;
    page.endOfStream = (tail[at + 5] & kEndOfStreamFlag) != 0;
    page.headerComplete = true;
    return page;
}

// The page checksum of RFC 3533 (CRC-32, polynomial 0x04c11db7, unreflected), over the page with its own
// checksum field read as zero.
std::uint32_t pageChecksum(const unsigned char* page, std::size_t bytes) {
    std::uint32_t crc = 0;
    for (std::size_t i = 0; i < bytes; ++i) {
        const unsigned char byte = (i >= 22 && i < 26) ? 0 : page[i];
        crc ^= static_cast<std::uint32_t>(byte) << 24;
        for (int bit = 0; bit < 8; ++bit) crc = (crc & 0x80000000u) ? (crc << 1) ^ 0x04c11db7u : crc << 1;
    }
    return crc;
}

bool checksumMatches(const unsigned char* page, std::size_t bytes) {
    const std::uint32_t stored =
        static_cast<std::uint32_t>(page[22]) | static_cast<std::uint32_t>(page[23]) << 8 |
        static_cast<std::uint32_t>(page[24]) << 16 | static_cast<std::uint32_t>(page[25]) << 24;
    return pageChecksum(page, bytes) == stored;
}

}  // namespace

OggEnding inspectOggEnding(const std::filesystem::path& file) {
    std::ifstream stream(file, std::ios::binary | std::ios::ate);
    if (!stream) return OggEnding::NotOgg;
    const auto size = static_cast<std::size_t>(stream.tellg());
    // Two pages' worth, so the start of the last whole page is inside even when the last one is cut.
    const std::size_t tailBytes = std::min(size, 2 * kMaxPageBytes);
    std::vector<unsigned char> tail(tailBytes);
    stream.seekg(static_cast<std::streamoff>(size - tailBytes));
    stream.read(reinterpret_cast<char*>(tail.data()), static_cast<std::streamsize>(tailBytes));
    if (tailBytes < 27 || static_cast<std::size_t>(stream.gcount()) != tailBytes) return OggEnding::NotOgg;

    // Walk back over capture patterns to the last page. A page running past the end of the file is the one
    // the cut went through; a whole page must also pass its checksum (the pattern can occur in audio data).
    for (std::size_t at = tailBytes - 5;; --at) {
        if (std::memcmp(tail.data() + at, "OggS", 4) == 0 && tail[at + 4] == 0) {
            const PageHead page = readPageHead(tail, at);
            if (!page.headerComplete || at + page.totalBytes > tailBytes) return OggEnding::CutShort;
            if (checksumMatches(tail.data() + at, page.totalBytes))
                return page.endOfStream ? OggEnding::Complete : OggEnding::CutShort;
        }
        if (at == 0) break;
    }
    return OggEnding::NotOgg;
}

}  // namespace stillpoint::audio
