// Where the programs that ship with Stillpoint are: the folder holding playlists/ (the demo and the clinic
// programs) and assets/music/ (the generated demo library they refer to as ../assets/music/NAME.flac).
//
// An installed `stillpoint` finds it beside itself, PREFIX/bin/../share/stillpoint, whatever the current
// folder and wherever PREFIX is; a developer's build finds the source tree it was built from.
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

namespace stillpoint::program {

// The folders looked in, first match wins: the installed layout relative to `executable`, then the
// source tree. A folder counts only if it holds playlists/demo.toml.
struct DataFolderSearch {
    std::filesystem::path executable;              // absolute path of the running `stillpoint`
    std::filesystem::path installedRelativeToBin;  // e.g. ../share/stillpoint
    std::filesystem::path sourceTree;              // empty when there is none
};

std::vector<std::filesystem::path> dataFolderCandidates(const DataFolderSearch& search);
std::optional<std::filesystem::path> findDataFolder(const DataFolderSearch& search);

// The search for this build of `stillpoint`: the running executable (/proc/self/exe), the install layout
// and source tree it was configured with.
DataFolderSearch thisExecutablesDataSearch();

// The demo program of the data folder found for this executable, if any.
std::optional<std::filesystem::path> findDemoProgram();

}  // namespace stillpoint::program
