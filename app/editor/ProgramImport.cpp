#include "editor/ProgramImport.h"

#include "audio/decode/AudioFileReader.h"
#include "program/PlaylistReader.h"

namespace stillpoint::editor {

namespace {

namespace fs = std::filesystem;

// How long the file plays: the container's count where it has one, otherwise decoded to the end.
double playingSeconds(audio::AudioFileReader& reader) {
    const auto& info = reader.info();
    if (info.frames > 0) return static_cast<double>(info.frames) / info.sampleRate;
    std::vector<float> block(2 * 16384);
    std::int64_t frames = 0;
    while (const auto got = reader.readStereo(block.data(), 16384)) frames += got;
    return static_cast<double>(frames) / info.sampleRate;
}

std::string locationOf(const fs::path& playlist, int line) {
    return line > 0 ? playlist.string() + ":" + std::to_string(line) : playlist.string();
}

}  // namespace

ProgramImport importProgram(const fs::path& input, program::Route route, const std::string& name) {
    ProgramImport result;
    program::Playlist playlist;
    try {
        playlist = program::readPlaylist(input);
    } catch (const std::exception& failure) {
        result.error = failure.what();
        return result;
    }
    for (const auto& skip : playlist.skipped)
        result.skipped.push_back(locationOf(input, skip.line) + ": skipped '" + skip.written +
                                 "': " + skip.reason);

    std::vector<program::ImportedTrack> tracks;
    for (const auto& entry : playlist.entries) {
        try {
            audio::AudioFileReader reader(entry.file);
            program::ImportedTrack track;
            track.file = entry.file;
            track.title = !reader.info().title.empty() ? reader.info().title : entry.title;
            track.seconds = playingSeconds(reader);
            tracks.push_back(std::move(track));
        } catch (const audio::AudioFileError& failure) {
            result.skipped.push_back(locationOf(input, entry.line) + ": skipped: " + failure.what());
        }
    }
    if (tracks.empty()) {
        result.error = "no playable music in '" + input.string() + "'";
        return result;
    }
    std::error_code error;
    const std::string source =
        input.filename().empty() ? input.parent_path().filename().string() : input.filename().string();
    result.name = !name.empty() ? name : fs::is_directory(input, error) ? source : input.stem().string();
    result.tracks = tracks.size();
    result.imported = program::planImportedProgram(tracks, route, result.name, source);
    return result;
}

}  // namespace stillpoint::editor
