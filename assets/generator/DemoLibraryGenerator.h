// Generates the whole demo library into a folder and keeps it up to date: a manifest in the folder
// records the generator version and a hash of every recipe; when it matches and every file is there,
// generation is skipped (the build runs the generator on every build, including sanitizer builds).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace stillpoint::demo {

// Bump when the sound of the output changes without a recipe changing (e.g. a renderer fix).
inline constexpr int kGeneratorVersion = 2;
inline constexpr const char* kManifestFileName = "demo-library.manifest";

struct GeneratorOptions {
    std::filesystem::path outputDirectory;
    double maxSecondsPerPiece = 0.0;  // > 0: shortened pieces (tests, previews)
    bool force = false;               // regenerate even when up to date
    int jobs = 2;                     // pieces rendered at once; the output does not depend on it
    std::function<void(const std::string&)> progress;  // one line per piece; may be empty
};

struct GeneratorResult {
    bool wasUpToDate = false;
    std::vector<std::filesystem::path> files;
};

// The manifest text the current catalogue and options produce.
std::string expectedManifest(const GeneratorOptions& options);

// Throws std::runtime_error with a message naming the file and what to do.
GeneratorResult generateDemoLibrary(const GeneratorOptions& options);

}  // namespace stillpoint::demo
