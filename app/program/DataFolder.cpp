#include "program/DataFolder.h"

#include <system_error>

namespace stillpoint::program {

namespace {

const std::filesystem::path kDemoProgram = std::filesystem::path("playlists") / "demo.toml";

bool holdsPrograms(const std::filesystem::path& folder) {
    std::error_code error;
    return std::filesystem::is_regular_file(folder / kDemoProgram, error);
}

}  // namespace

std::vector<std::filesystem::path> dataFolderCandidates(const DataFolderSearch& search) {
    std::vector<std::filesystem::path> candidates;
    if (!search.executable.empty() && !search.installedRelativeToBin.empty())
        candidates.push_back(
            (search.executable.parent_path() / search.installedRelativeToBin).lexically_normal());
    if (!search.sourceTree.empty()) candidates.push_back(search.sourceTree.lexically_normal());
    return candidates;
}

std::optional<std::filesystem::path> findDataFolder(const DataFolderSearch& search) {
    for (const auto& candidate : dataFolderCandidates(search))
        if (holdsPrograms(candidate)) return candidate;
    return std::nullopt;
}

DataFolderSearch thisExecutablesDataSearch() {
    DataFolderSearch search;
    std::error_code error;
    // The link, not argv[0]: a `stillpoint` found on PATH or started from the menu has no folder in argv.
    search.executable = std::filesystem::read_symlink("/proc/self/exe", error);
#ifdef STILLPOINT_INSTALLED_DATA_RELATIVE_TO_BIN
    search.installedRelativeToBin = STILLPOINT_INSTALLED_DATA_RELATIVE_TO_BIN;
#endif
#ifdef STILLPOINT_SOURCE_TREE
    search.sourceTree = STILLPOINT_SOURCE_TREE;
#endif
    return search;
}

std::optional<std::filesystem::path> findDemoProgram() {
    if (const auto folder = findDataFolder(thisExecutablesDataSearch())) return *folder / kDemoProgram;
    return std::nullopt;
}

}  // namespace stillpoint::program
