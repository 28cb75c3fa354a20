// Reads the playlists clinics already have (M3U/M3U8, PLS, XSPF) or a folder of music into an ordered
// list of audio files, for `stillpoint import`. Handles what music players and exporters write: #EXTINF
// titles, Windows paths (C:\Music\...), file:// URLs, Latin-1 M3U files, byte-order marks, CRLF lines.
// Entries that name no file on this machine (missing files, web or streaming addresses) are reported with
// their line and skipped.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace stillpoint::program {

struct PlaylistEntry {
    std::filesystem::path file;  // absolute, normalised
    std::string title;           // as the playlist gives it (#EXTINF, PLS TitleN, XSPF title), may be empty
    int line = 0;                // where in the playlist, 1-based; 0 for a folder
};

struct PlaylistSkip {
    int line = 0;
    std::string written;  // the entry as the playlist wrote it
    std::string reason;   // e.g. "no such file", "a web address: Stillpoint plays files on this computer"
};

struct Playlist {
    std::vector<PlaylistEntry> entries;
    std::vector<PlaylistSkip> skipped;
};

// Throws std::runtime_error (naming the playlist) for a playlist that cannot be read or is not one.
Playlist readPlaylist(const std::filesystem::path& playlistOrFolder);

// True for the file name extensions of audio Stillpoint reads, for folder imports.
bool hasAudioExtension(const std::filesystem::path& file);

}  // namespace stillpoint::program
