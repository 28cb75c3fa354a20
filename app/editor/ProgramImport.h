// A program to start from, made from a playlist the clinic already has (M3U/M3U8, PLS, XSPF) or a folder of
// music: the playlist read (PlaylistReader), each file's length and title read from the file, and the
// tracks spread over the route's phase plan (ImportPlan). `stillpoint import` and the editor's Import both
// come here. Reads every file, so the editor runs it off the UI thread.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "program/ImportPlan.h"

namespace stillpoint::editor {

struct ProgramImport {
    std::optional<program::ImportedProgram> imported;  // empty when nothing could be imported: see `error`
    std::string name;                                  // the program's name
    std::size_t tracks = 0;
    // Entries left out, one line each: "playlist.m3u:4: skipped 'x.mp3': no such file".
    std::vector<std::string> skipped;
    std::string error;
};

// `name` empty: the playlist's name (the folder's, for a folder).
ProgramImport importProgram(const std::filesystem::path& playlistOrFolder, program::Route route,
                            const std::string& name = {});

}  // namespace stillpoint::editor
