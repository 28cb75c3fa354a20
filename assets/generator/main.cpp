// stillpoint-demo-music: writes the demo music library (calm synthesised ambient pieces, a grounding
// drone and calmer alternates) as FLAC files. The build runs it into assets/music/; it can be run by
// hand the same way: stillpoint-demo-music --output-dir assets/music
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

#include "DemoLibraryGenerator.h"
#include "PieceRecipe.h"

int main(int argc, char** argv) {
    using namespace stillpoint::demo;
    CLI::App app{"Writes the Stillpoint demo music library as 48 kHz stereo FLAC files."};
    GeneratorOptions options;
    std::string outputDirectory;
    bool quiet = false;
    bool list = false;
    app.add_option("--output-dir", outputDirectory, "Folder to write the library into")->required();
    app.add_option("--max-seconds", options.maxSecondsPerPiece,
                   "Shorten every piece to at most this many seconds (tests, previews)")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--jobs", options.jobs, "Pieces to render at the same time (default 2)")
        ->check(CLI::Range(1, 64));
    app.add_flag("--force", options.force, "Regenerate even when the library is up to date");
    app.add_flag("--quiet", quiet, "Print nothing but errors");
    app.add_flag("--list", list, "List the pieces and exit");
    CLI11_PARSE(app, argc, argv);

    if (list) {
        for (const auto& recipe : demoLibraryCatalogue())
            std::printf("%-22s %5.0f s  %6.1f LUFS  %s\n", (recipe.fileStem + ".flac").c_str(),
                        recipe.durationSeconds, recipe.targetLufs, recipe.title.c_str());
        return 0;
    }
    options.outputDirectory = outputDirectory;
    if (!quiet) options.progress = [](const std::string& line) { std::printf("%s\n", line.c_str()); };
    try {
        const GeneratorResult result = generateDemoLibrary(options);
        if (!quiet && result.wasUpToDate)
            std::printf("demo library in %s is up to date\n", outputDirectory.c_str());
    } catch (const std::exception& error) {
        std::fprintf(stderr, "stillpoint-demo-music: %s\n", error.what());
        return 1;
    }
    return 0;
}
