#include "DemoLibraryGenerator.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>

#include "FlacPieceWriter.h"
#include "PieceRecipe.h"
#include "PieceRenderer.h"

namespace stillpoint::demo {
namespace {

std::uint64_t fnv1a64(const std::string& text) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (unsigned char byte : text) {
        hash ^= byte;
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

std::string readWholeFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return {};
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

bool isUpToDate(const GeneratorOptions& options, const std::string& manifest) {
    if (readWholeFile(options.outputDirectory / kManifestFileName) != manifest) return false;
    for (const auto& recipe : demoLibraryCatalogue()) {
        std::error_code error;
        const auto size =
            std::filesystem::file_size(options.outputDirectory / (recipe.fileStem + ".flac"), error);
        if (error || size == 0) return false;
    }
    return true;
}

void writeTextAtomically(const std::filesystem::path& target, const std::string& text) {
    const std::filesystem::path temporary =
        target.string() + ".partial-" + std::to_string(static_cast<long>(::getpid()));
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << text;
        if (!out.flush()) throw std::runtime_error("cannot write " + temporary.string());
    }
    std::filesystem::rename(temporary, target);
}

}  // namespace

std::string expectedManifest(const GeneratorOptions& options) {
    std::string recipes;
    for (const auto& recipe : demoLibraryCatalogue()) recipes += recipe.describe();
    std::string manifest = fmt::format(
        "stillpoint-demo-music version {}\nmax-seconds-per-piece {:.17g}\n"
        "recipes-hash {:016x}\n",
        kGeneratorVersion, options.maxSecondsPerPiece, fnv1a64(recipes));
    for (const auto& recipe : demoLibraryCatalogue())
        manifest += fmt::format("file {}.flac target {:.1f} LUFS title \"{}\"\n", recipe.fileStem,
                                recipe.targetLufs, recipe.title);
    return manifest;
}

GeneratorResult generateDemoLibrary(const GeneratorOptions& options) {
    GeneratorResult result;
    for (const auto& recipe : demoLibraryCatalogue())
        result.files.push_back(options.outputDirectory / (recipe.fileStem + ".flac"));

    const std::string manifest = expectedManifest(options);
    if (!options.force && isUpToDate(options, manifest)) {
        result.wasUpToDate = true;
        return result;
    }

    std::error_code error;
    std::filesystem::create_directories(options.outputDirectory, error);
    if (error)
        throw std::runtime_error("cannot create the output folder " + options.outputDirectory.string() +
                                 ": " + error.message());
    // A stale manifest must not vouch for files that are about to change.
    std::filesystem::remove(options.outputDirectory / kManifestFileName, error);

    // Pieces are independent (each has its own seed), so rendering them on several threads changes
    // nothing in the output, only the time it takes.
    std::atomic<std::size_t> nextPiece{0};
    std::mutex reportMutex;
    std::exception_ptr firstError;
    auto worker = [&] {
        for (std::size_t index = nextPiece++; index < demoLibraryCatalogue().size(); index = nextPiece++) {
            try {
                const auto& recipe = demoLibraryCatalogue()[index];
                const auto started = std::chrono::steady_clock::now();
                const RenderedPiece piece = renderPiece(recipe, options.maxSecondsPerPiece);
                writeFlacAtomically(result.files[index], piece, FlacTags{.title = recipe.title}, recipe.seed);
                const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
                const std::lock_guard lock(reportMutex);
                if (options.progress)
                    options.progress(fmt::format(
                        "{:<24} {:6.1f} s  {:6.1f} LUFS (gain {:+5.1f} dB, peak {:5.1f} dBFS)  in {:.2f} s",
                        result.files[index].filename().string(), static_cast<double>(piece.frames) / 48000.0,
                        recipe.targetLufs, piece.appliedGainDb, piece.samplePeakDbfs, took.count()));
            } catch (...) {
                const std::lock_guard lock(reportMutex);
                if (!firstError) firstError = std::current_exception();
                nextPiece = demoLibraryCatalogue().size();
            }
        }
    };
    std::vector<std::thread> workers;
    for (int count = 1; count < std::max(1, options.jobs); ++count) workers.emplace_back(worker);
    worker();
    for (auto& thread : workers) thread.join();
    if (firstError) std::rethrow_exception(firstError);
    writeTextAtomically(options.outputDirectory / kManifestFileName, manifest);
    return result;
}

}  // namespace stillpoint::demo
