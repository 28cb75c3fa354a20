// What the last Ogg page of a file says about how the stream ends. A stream written to its end closes
// with a page flagged end-of-stream (RFC 3533); a file cut short while copying stops before that page, or
// inside a page. Decoders read such a file to its last whole packet without complaint, so the reader asks.
#pragma once

#include <filesystem>

namespace stillpoint::audio {

enum class OggEnding {
    Complete,  // the last page is whole and flagged end-of-stream
    CutShort,  // the last whole page is not flagged end-of-stream, or the file stops inside a page
    NotOgg,    // no Ogg page found at the end of the file
};

OggEnding inspectOggEnding(const std::filesystem::path& file);

}  // namespace stillpoint::audio
