#include "editor/MusicLibrary.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "audio/decode/AudioFileReader.h"
#include "audio/loudness/LoudnessCache.h"

namespace stillpoint::editor {

namespace {

namespace fs = std::filesystem;

// What a clinic's library holds (docs/program-format.md); anything else in the folders is not listed.
const std::set<std::string> kAudioExtensions{".flac", ".wav",  ".wave", ".aif",  ".aiff", ".caf", ".w64",
                                             ".rf64", ".mp3",  ".ogg",  ".oga",  ".opus", ".m4a", ".mp4",
                                             ".aac",  ".alac", ".wma",  ".webm", ".mka"};

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

bool isAudio(const fs::path& file) {
    return kAudioExtensions.count(lower(file.extension().string())) > 0;
}

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// What a clinic's tagger writes of a file's music, as the program's fields say it.
void readMusicTags(const std::map<std::string, std::string>& tags, LibraryEntry& entry) {
    const auto value = [&](const std::string& name) {
        const auto found = tags.find(name);
        return found == tags.end() ? std::string() : trimmed(found->second);
    };
    bool instrumental = false;
    for (const char* name : {"genre", "mood"}) {
        std::string list = value(name);
        std::replace(list.begin(), list.end(), ';', ',');
        std::replace(list.begin(), list.end(), '/', ',');
        std::istringstream split(list);
        for (std::string tag; std::getline(split, tag, ',');) {
            tag = trimmed(tag);
            if (tag.empty()) continue;
            if (lower(tag) == "instrumental") instrumental = true;
            if (std::find(entry.tags.begin(), entry.tags.end(), tag) == entry.tags.end())
                entry.tags.push_back(tag);
        }
    }
    // ID3's unsynchronised lyrics come from FFmpeg as "lyrics" or "lyrics-LANG".
    std::string lyrics = value("lyrics");
    if (lyrics.empty()) lyrics = value("unsyncedlyrics");
    for (const auto& [name, text] : tags)
        if (lyrics.empty() && name.rfind("lyrics-", 0) == 0) lyrics = trimmed(text);
    if (instrumental || lower(lyrics) == "none" || lower(lyrics) == "instrumental")
        entry.lyrics = program::Lyrics::None;
    else if (!lyrics.empty())
        entry.lyrics = program::Lyrics::KnownLanguage;  // the language it is in is not said: the cautious one
    const std::string intensity = value("intensity");
    if (intensity.size() == 1 && intensity[0] >= '1' && intensity[0] <= '5')
        entry.intensity = intensity[0] - '0';
}

LibraryEntry describe(const fs::path& file) {
    LibraryEntry entry;
    entry.file = file;
    entry.title = file.stem().string();
    try {
        audio::AudioFileReader reader(file);
        const auto& info = reader.info();
        if (!info.title.empty()) entry.title = info.title;
        entry.artist = info.artist;
        entry.format = info.formatName;
        readMusicTags(info.tags, entry);
        if (info.sampleRate > 0) entry.seconds = static_cast<double>(info.frames) / info.sampleRate;
    } catch (const std::exception& error) {
        entry.error = error.what();
    }
    return entry;
}

}  // namespace

fs::path MusicLibrary::defaultSettingsFile() {
    if (const char* config = std::getenv("XDG_CONFIG_HOME"); config && *config)
        return fs::path(config) / "stillpoint" / "editor.toml";
    const char* home = std::getenv("HOME");
    return fs::path(home && *home ? home : ".") / ".config" / "stillpoint" / "editor.toml";
}

MusicLibrary::MusicLibrary(fs::path settingsFile, std::optional<fs::path> cacheFile)
    : settingsFile_(std::move(settingsFile)), cacheFile_(std::move(cacheFile)) {
    loadSettings();
    thread_ = std::thread([this] { run(); });
    rescan();
}

MusicLibrary::~MusicLibrary() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void MusicLibrary::loadSettings() {
    std::error_code error;
    if (!fs::exists(settingsFile_, error)) return;
    try {
        const toml::table settings = toml::parse_file(settingsFile_.string());
        if (const auto* list = settings["library"]["folders"].as_array())
            for (const auto& folder : *list)
                if (const auto* text = folder.as_string()) folders_.emplace_back(text->get());
    } catch (const toml::parse_error& failure) {
        settingsProblem_ = settingsFile_.string() + ":" + std::to_string(failure.source().begin.line) +
                           ": the editor's settings cannot be read (" + std::string(failure.description()) +
                           "); the folders chosen will be written again";
    }
}

void MusicLibrary::saveSettings() {
    toml::array list;
    for (const auto& folder : folders_) list.push_back(folder.string());
    toml::table settings{{"library", toml::table{{"folders", list}}}};
    std::ostringstream text;
    text << "# The program editor's settings (stillpoint edit): the music folders of its library.\n"
         << settings << "\n";
    std::error_code error;
    fs::create_directories(settingsFile_.parent_path(), error);
    const fs::path temporary = settingsFile_.string() + ".writing";
    std::ofstream(temporary, std::ios::trunc) << text.str();
    fs::rename(temporary, settingsFile_, error);
    settingsProblem_ = error ? settingsFile_.string() + ": the folders chosen could not be remembered (" +
                                   error.message() + ")"
                             : std::string();
}

std::string MusicLibrary::addFolder(const fs::path& folder) {
    std::error_code error;
    const fs::path absolute = fs::absolute(folder, error).lexically_normal();
    if (!fs::is_directory(absolute, error)) return folder.string() + " is not a folder";
    if (std::find(folders_.begin(), folders_.end(), absolute) != folders_.end())
        return folder.string() + " is in the library already";
    folders_.push_back(absolute);
    saveSettings();
    rescan();
    return {};
}

void MusicLibrary::removeFolder(std::size_t index) {
    if (index >= folders_.size()) return;
    folders_.erase(folders_.begin() + static_cast<std::ptrdiff_t>(index));
    saveSettings();
    rescan();
}

void MusicLibrary::rescan() {
    {
        std::lock_guard lock(mutex_);
        scanFolders_ = folders_;
        ++scanGeneration_;
        found_.clear();
        ++foundVersion_;
        progress_ = {0, 0, !folders_.empty()};
    }
    wake_.notify_all();
}

bool MusicLibrary::poll() {
    std::lock_guard lock(mutex_);
    if (foundVersion_ == takenVersion_) return false;
    entries_ = found_;
    takenVersion_ = foundVersion_;
    return true;
}

LibraryProgress MusicLibrary::progress() const {
    std::lock_guard lock(mutex_);
    return progress_;
}

void MusicLibrary::run() {
    std::optional<audio::LoudnessCache> cache;
    std::uint64_t done = 0;  // the generation last scanned completely
    while (true) {
        std::vector<fs::path> folders;
        std::uint64_t generation = 0;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || scanGeneration_ != done; });
            if (stopping_) return;
            folders = scanFolders_;
            generation = scanGeneration_;
        }
        if (!cache) cacheFile_ ? cache.emplace(*cacheFile_) : cache.emplace();
        auto current = [&] {
            std::lock_guard lock(mutex_);
            return !stopping_ && scanGeneration_ == generation;
        };
        // First what is there (fast: headers only), then the loudness of each (decodes the whole file).
        std::vector<fs::path> files;
        for (const auto& folder : folders) {
            std::error_code error;
            // Links to folders are not followed: a library cannot lead the scan out of itself or round in
            // circles.
            for (fs::recursive_directory_iterator
                     it(folder, fs::directory_options::skip_permission_denied, error),
                 end;
                 it != end && current(); it.increment(error)) {
                if (error) break;
                if (it->is_regular_file(error) && isAudio(it->path())) files.push_back(it->path());
            }
        }
        std::sort(files.begin(), files.end());
        for (const auto& file : files) {
            if (!current()) break;
            LibraryEntry entry = describe(file);
            if (const auto known = cache->find(file)) entry.integratedLufs = known->integratedLufs;
            std::lock_guard lock(mutex_);
            if (scanGeneration_ != generation) break;
            if (entry.integratedLufs || !entry.error.empty()) ++progress_.measured;
            found_.push_back(std::move(entry));
            ++foundVersion_;
            progress_.found = found_.size();
        }
        for (std::size_t i = 0; i < files.size() && current(); ++i) {
            std::optional<double> lufs;
            bool unreadable = false;
            {
                std::lock_guard lock(mutex_);
                if (i >= found_.size() || found_[i].integratedLufs || !found_[i].error.empty()) continue;
            }
            try {
                lufs = cache->measure(files[i]).integratedLufs;
            } catch (const std::exception&) {
                unreadable = true;
            }
            std::lock_guard lock(mutex_);
            if (scanGeneration_ != generation || i >= found_.size()) break;
            if (lufs) found_[i].integratedLufs = lufs;
            if (lufs || unreadable) ++progress_.measured;
            ++foundVersion_;
        }
        try {
            cache->save();
        } catch (const std::exception&) {
            // The cache only saves time; the next look measures again.
        }
        std::lock_guard lock(mutex_);
        if (scanGeneration_ == generation) {
            progress_.scanning = false;
            done = generation;
        }
    }
}

std::vector<const LibraryEntry*> MusicLibrary::view(const std::string& search, LibrarySort sort) const {
    std::vector<std::string> words;
    std::istringstream split(lower(search));
    for (std::string word; split >> word;) words.push_back(word);
    std::vector<const LibraryEntry*> shown;
    for (const auto& entry : entries_) {
        std::string haystack = lower(entry.title + " " + entry.artist + " " + entry.file.filename().string());
        for (const auto& tag : entry.tags) haystack += " " + lower(tag);
        if (std::all_of(words.begin(), words.end(),
                        [&](const std::string& word) { return haystack.find(word) != std::string::npos; }))
            shown.push_back(&entry);
    }
    const auto by = [sort](const LibraryEntry* a, const LibraryEntry* b) {
        switch (sort) {
            case LibrarySort::Title:
                return lower(a->title) < lower(b->title);
            case LibrarySort::Artist:
                return std::pair(lower(a->artist), lower(a->title)) <
                       std::pair(lower(b->artist), lower(b->title));
            case LibrarySort::Length:
                return a->seconds < b->seconds;
            case LibrarySort::Loudness:
                return a->integratedLufs.value_or(1000.0) < b->integratedLufs.value_or(1000.0);
            case LibrarySort::Folder:
                break;
        }
        return a->file < b->file;
    };
    std::stable_sort(shown.begin(), shown.end(), by);
    return shown;
}

}  // namespace stillpoint::editor
