// The clinic's music, for the editor: the folders chosen once (remembered in
// $XDG_CONFIG_HOME/stillpoint/editor.toml, a file of the editor's own), every audio file in them with title,
// artist, length and format (from the file's header), what its tags say of its lyrics, intensity and
// character, and its loudness measured in the background through
// the shared LoudnessCache. The UI thread never waits: it takes what the scan has found so far with poll().
//
// Threads: every method from the UI thread; the scan and the measuring run on a thread of their own.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "program/Program.h"

namespace stillpoint::editor {

struct LibraryEntry {
    std::filesystem::path file;
    std::string title;   // from the tags, else the file name without its extension
    std::string artist;  // from the tags, may be empty
    std::string format;  // e.g. "FLAC", "MP3", "AAC (M4A)"
    // From the tags, where they say it: lyrics (a LYRICS tag with text: lyrics; "instrumental" as genre or
    // mood, or LYRICS=none: none), INTENSITY 1-5, and genre and mood as tags.
    program::Lyrics lyrics = program::Lyrics::Unspecified;
    std::optional<int> intensity;
    std::vector<std::string> tags;
    double seconds = 0.0;
    std::optional<double> integratedLufs;  // once measured
    std::string error;                     // why it cannot be read, when it cannot
};

enum class LibrarySort { Title, Artist, Length, Loudness, Folder };

struct LibraryProgress {
    std::size_t found = 0;     // audio files found so far
    std::size_t measured = 0;  // of those, loudness known
    bool scanning = false;     // still looking or measuring
};

class MusicLibrary {
public:
    // `settingsFile`: where the folders are remembered; `cacheFile`: the loudness cache (default: the shared
    // one in $XDG_CACHE_HOME/stillpoint).
    explicit MusicLibrary(std::filesystem::path settingsFile = defaultSettingsFile(),
                          std::optional<std::filesystem::path> cacheFile = std::nullopt);
    ~MusicLibrary();
    MusicLibrary(const MusicLibrary&) = delete;
    MusicLibrary& operator=(const MusicLibrary&) = delete;

    // $XDG_CONFIG_HOME/stillpoint/editor.toml (or ~/.config/stillpoint/editor.toml).
    static std::filesystem::path defaultSettingsFile();

    const std::vector<std::filesystem::path>& folders() const { return folders_; }
    // Remembered at once and scanned again. Returns an empty string, or why the folder cannot be added.
    std::string addFolder(const std::filesystem::path& folder);
    void removeFolder(std::size_t index);
    // Why the settings could not be read or written, if they could not (shown in the window).
    const std::string& settingsProblem() const { return settingsProblem_; }

    // Takes what the background scan has found since the last call; true if anything changed.
    bool poll();
    const std::vector<LibraryEntry>& entries() const { return entries_; }
    LibraryProgress progress() const;
    // The entries whose title, artist, tags or file name contains every word of `search` (any case), sorted.
    std::vector<const LibraryEntry*> view(const std::string& search, LibrarySort sort) const;

private:
    void loadSettings();
    void saveSettings();
    void rescan();
    void run();

    std::filesystem::path settingsFile_;
    std::optional<std::filesystem::path> cacheFile_;
    std::vector<std::filesystem::path> folders_;
    std::string settingsProblem_;
    std::vector<LibraryEntry> entries_;  // the UI thread's copy

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<std::filesystem::path> scanFolders_;  // what the thread is to scan
    std::uint64_t scanGeneration_ = 0;                // bumped by rescan(): the thread starts over
    std::vector<LibraryEntry> found_;                 // the thread's results
    std::uint64_t foundVersion_ = 0;
    std::uint64_t takenVersion_ = 0;
    LibraryProgress progress_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace stillpoint::editor
