#include "program/PlaylistReader.h"

#include <tinyxml2.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <map>
#include <optional>
#include <stdexcept>
#include <system_error>

namespace stillpoint::program {

namespace {

namespace fs = std::filesystem;

// A playlist names a few thousand files at most; a larger file is not a playlist.
constexpr std::uintmax_t kMaxPlaylistBytes = 8 * 1024 * 1024;

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

bool validUtf8(const std::string& text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        const int length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (length == 0 || i + static_cast<std::size_t>(length) > text.size()) return false;
        for (int k = 1; k < length; ++k)
            if ((static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]) >> 6) != 0x2) return false;
        i += static_cast<std::size_t>(length);
    }
    return true;
}

// Plain .m3u files from Windows players are often Latin-1 (Windows-1252); read as such when not UTF-8.
std::string asUtf8(const std::string& text) {
    if (validUtf8(text)) return text;
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x80) {
            out += c;
        } else {
            out += static_cast<char>(0xC0 | (byte >> 6));
            out += static_cast<char>(0x80 | (byte & 0x3F));
        }
    }
    return out;
}

std::string readWhole(const fs::path& file) {
    std::error_code error;
    const auto size = fs::file_size(file, error);
    if (error) throw std::runtime_error("'" + file.string() + "': cannot be read (" + error.message() + ")");
    if (size > kMaxPlaylistBytes)
        throw std::runtime_error("'" + file.string() + "': is " + std::to_string(size / (1024 * 1024)) +
                                 " MB, too large for a playlist. Name the playlist file (.m3u, .m3u8, .pls, .xspf)");
    std::ifstream stream(file, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
    if (!stream.eof() && stream.fail()) throw std::runtime_error("'" + file.string() + "': cannot be read");
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // a byte-order mark, as Windows tools write
    return text;
}

std::vector<std::string> linesOf(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = text.find('\n', start);
        std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(std::move(line));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return lines;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percentDecoded(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            const int high = hexValue(text[i + 1]);
            const int low = hexValue(text[i + 2]);
            if (high >= 0 && low >= 0) {
                out += static_cast<char>(high * 16 + low);
                i += 2;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

bool isWindowsAbsolute(const std::string& path) {
    const bool drive = path.size() >= 3 && std::isalpha(static_cast<unsigned char>(path[0])) && path[1] == ':' &&
                       (path[2] == '\\' || path[2] == '/');
    return drive || path.rfind("\\\\", 0) == 0 || path.rfind("//", 0) == 0;
}

bool isRegularFile(const fs::path& file) {
    std::error_code error;
    return fs::is_regular_file(file, error);
}

struct Resolved {
    std::optional<fs::path> file;
    std::string reason;  // why not, when there is no file
};

// A path from another computer (C:\Users\...\Music\Album\01.mp3) cannot exist here; the music usually
// travels with the playlist, so the longest tail of the path that exists beside the playlist is taken.
std::optional<fs::path> findTailBeside(const std::string& windowsPath, const fs::path& folder) {
    std::string path = windowsPath;
    std::replace(path.begin(), path.end(), '\\', '/');
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start < path.size()) {
        const auto end = path.find('/', start);
        const std::string part = path.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!part.empty()) parts.push_back(part);
        if (end == std::string::npos) break;
        start = end + 1;
    }
    if (!parts.empty() && parts.front().size() == 2 && parts.front()[1] == ':') parts.erase(parts.begin());
    for (std::size_t first = 0; first < parts.size(); ++first) {
        fs::path candidate = folder;
        for (std::size_t i = first; i < parts.size(); ++i) candidate /= parts[i];
        if (isRegularFile(candidate)) return candidate.lexically_normal();
    }
    return std::nullopt;
}

Resolved resolveEntry(std::string written, const fs::path& folder) {
    written = trimmed(written);
    const std::string lowered = lower(written);
    if (lowered.rfind("file:", 0) == 0) {
        std::string rest = written.substr(5);
        if (rest.rfind("//", 0) == 0) {
            rest.erase(0, 2);
            if (lower(rest).rfind("localhost/", 0) == 0) rest.erase(0, 9);
            else if (!rest.empty() && rest[0] != '/') rest = "//" + rest;  // file://server/share: a network share
        }
        written = percentDecoded(rest);
        // file:///C:/Music/... names a Windows drive.
        if (written.size() >= 4 && written[0] == '/' && std::isalpha(static_cast<unsigned char>(written[1])) &&
            written[2] == ':')
            written.erase(0, 1);
    } else if (lowered.find("://") != std::string::npos || lowered.rfind("spotify:", 0) == 0 ||
               lowered.rfind("apple-music:", 0) == 0) {
        return {std::nullopt,
                "a web or streaming address: Stillpoint plays music files on this computer; download or copy the "
                "file and list it by its path"};
    }
    if (isWindowsAbsolute(written)) {
        if (auto found = findTailBeside(written, folder)) return {found, {}};
        return {std::nullopt, "no such file here (a path from another computer; copy the music beside the "
                              "playlist, keeping its folders)"};
    }
    fs::path path(written);
    fs::path candidate = path.is_absolute() ? path : folder / path;
    if (isRegularFile(candidate)) return {candidate.lexically_normal(), {}};
    if (written.find('\\') != std::string::npos) {  // a Windows relative path: Music\Album\01.mp3
        std::string forward = written;
        std::replace(forward.begin(), forward.end(), '\\', '/');
        path = fs::path(forward);
        candidate = path.is_absolute() ? path : folder / path;
        if (isRegularFile(candidate)) return {candidate.lexically_normal(), {}};
    }
    std::error_code error;
    if (fs::is_directory(candidate, error)) return {std::nullopt, "a folder, not a music file"};
    return {std::nullopt, "no such file"};
}

void add(Playlist& playlist, const std::string& written, std::string title, int line, const fs::path& folder) {
    if (trimmed(written).empty()) return;
    Resolved resolved = resolveEntry(written, folder);
    if (resolved.file) {
        playlist.entries.push_back({*resolved.file, std::move(title), line});
    } else {
        playlist.skipped.push_back({line, trimmed(written), resolved.reason});
    }
}

Playlist readM3u(const fs::path& file, const fs::path& folder, bool utf8) {
    const std::string text = readWhole(file);
    const auto lines = linesOf(utf8 ? text : asUtf8(text));
    Playlist playlist;
    std::string pendingTitle;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string line = trimmed(lines[i]);
        if (line.empty()) continue;
        if (line[0] == '#') {
            // #EXTINF:253,Artist - Title (the duration may carry attributes before the comma).
            if (lower(line).rfind("#extinf:", 0) == 0) {
                const auto comma = line.find(',');
                pendingTitle = comma == std::string::npos ? std::string() : trimmed(line.substr(comma + 1));
            }
            continue;
        }
        add(playlist, line, pendingTitle, static_cast<int>(i + 1), folder);
        pendingTitle.clear();
    }
    return playlist;
}

Playlist readPls(const fs::path& file, const fs::path& folder) {
    const auto lines = linesOf(asUtf8(readWhole(file)));
    struct Numbered {
        std::string file;
        std::string title;
        int line = 0;
    };
    std::map<int, Numbered> byNumber;
    bool sawHeader = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string line = trimmed(lines[i]);
        if (lower(line) == "[playlist]") sawHeader = true;
        const auto equals = line.find('=');
        if (equals == std::string::npos) continue;
        const std::string key = lower(trimmed(line.substr(0, equals)));
        const std::string value = trimmed(line.substr(equals + 1));
        for (const char* prefix : {"file", "title"}) {
            const std::string name = prefix;
            if (key.rfind(name, 0) != 0 || key.size() == name.size()) continue;
            const std::string digits = key.substr(name.size());
            if (!std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); })) continue;
            auto& entry = byNumber[std::stoi(digits)];
            if (name == "file") {
                entry.file = value;
                entry.line = static_cast<int>(i + 1);
            } else {
                entry.title = value;
            }
        }
    }
    if (!sawHeader && byNumber.empty())
        throw std::runtime_error("'" + file.string() +
                                 "': is not a PLS playlist (no [playlist] section). Export the playlist again");
    Playlist playlist;
    for (const auto& [number, entry] : byNumber) add(playlist, entry.file, entry.title, entry.line, folder);
    return playlist;
}

Playlist readXspf(const fs::path& file, const fs::path& folder) {
    const std::string text = readWhole(file);
    tinyxml2::XMLDocument document;
    if (document.Parse(text.c_str(), text.size()) != tinyxml2::XML_SUCCESS) {
        throw std::runtime_error("'" + file.string() + "':" + std::to_string(document.ErrorLineNum()) +
                                 ": is not a readable XSPF playlist (" + document.ErrorStr() +
                                 "). Export the playlist again");
    }
    const auto* root = document.RootElement();
    if (root == nullptr || std::string(root->Name()) != "playlist")
        throw std::runtime_error("'" + file.string() + "': is not an XSPF playlist (no <playlist>)");
    Playlist playlist;
    const auto* list = root->FirstChildElement("trackList");
    for (const auto* track = list ? list->FirstChildElement("track") : nullptr; track != nullptr;
         track = track->NextSiblingElement("track")) {
        const auto* location = track->FirstChildElement("location");
        const auto* title = track->FirstChildElement("title");
        const std::string written = location && location->GetText() ? location->GetText() : "";
        if (trimmed(written).empty()) {
            playlist.skipped.push_back({track->GetLineNum(), "<track>", "it has no <location>"});
            continue;
        }
        // XSPF locations are URIs: relative ones are percent-encoded too.
        const bool uri = lower(written).find(':') != std::string::npos && !isWindowsAbsolute(written);
        add(playlist, uri ? written : percentDecoded(written), title && title->GetText() ? title->GetText() : "",
            location->GetLineNum(), folder);
    }
    return playlist;
}

Playlist readFolder(const fs::path& folder) {
    std::vector<fs::path> files;
    std::error_code error;
    // Symbolic links to folders are not followed: a planted link cannot pull in the rest of the disk.
    for (auto it = fs::recursive_directory_iterator(folder, fs::directory_options::skip_permission_denied, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
        const auto name = it->path().filename().string();
        if (!name.empty() && name[0] == '.') {
            if (it->is_directory(error)) it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file(error) && hasAudioExtension(it->path())) files.push_back(it->path());
    }
    if (error) throw std::runtime_error("'" + folder.string() + "': cannot be read (" + error.message() + ")");
    std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
        return lower(a.generic_string()) < lower(b.generic_string());
    });
    Playlist playlist;
    for (const auto& file : files) playlist.entries.push_back({fs::absolute(file).lexically_normal(), {}, 0});
    return playlist;
}

}  // namespace

bool hasAudioExtension(const fs::path& file) {
    static const char* const kExtensions[] = {".wav",  ".wave", ".flac", ".ogg", ".oga", ".opus", ".mp3",
                                              ".m4a",  ".m4b",  ".m4p",  ".mp4", ".aac", ".aif",  ".aiff",
                                              ".aifc", ".caf",  ".wma",  ".webm", ".mka", ".w64", ".rf64"};
    const std::string extension = lower(file.extension().string());
    return std::any_of(std::begin(kExtensions), std::end(kExtensions),
                       [&extension](const char* known) { return extension == known; });
}

Playlist readPlaylist(const fs::path& playlistOrFolder) {
    std::error_code error;
    const auto status = fs::status(playlistOrFolder, error);
    if (status.type() == fs::file_type::not_found)
        throw std::runtime_error("'" + playlistOrFolder.string() + "': no such playlist or folder");
    const fs::path absolute = fs::absolute(playlistOrFolder).lexically_normal();
    if (status.type() == fs::file_type::directory) return readFolder(absolute);
    const fs::path folder = absolute.parent_path();
    const std::string extension = lower(absolute.extension().string());
    if (extension == ".m3u8") return readM3u(absolute, folder, true);
    if (extension == ".m3u") return readM3u(absolute, folder, false);
    if (extension == ".pls") return readPls(absolute, folder);
    if (extension == ".xspf") return readXspf(absolute, folder);
    throw std::runtime_error("'" + playlistOrFolder.string() +
                             "': is not a playlist Stillpoint reads. Name an .m3u, .m3u8, .pls or .xspf "
                             "playlist, or a folder of music");
}

}  // namespace stillpoint::program
