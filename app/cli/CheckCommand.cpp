// `stillpoint check PROGRAM.toml...`: the program's problems and its audio files' loudness, before a session.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "check/CheckReportFormat.h"
#include "check/ProgramChecker.h"
#include "cli/Commands.h"

namespace stillpoint::cli {

namespace {

// Drawn on stderr while files are analysed: always on a terminal; otherwise only once analysis has
// taken long enough that a silent pause would look like a hang.
class AnalysisProgress {
public:
    AnalysisProgress()
        : terminal_(::isatty(STDERR_FILENO) != 0), started_(std::chrono::steady_clock::now()) {}
    ~AnalysisProgress() { finish(); }
    AnalysisProgress(const AnalysisProgress&) = delete;
    AnalysisProgress& operator=(const AnalysisProgress&) = delete;

    void update(std::size_t done, std::size_t total) {
        const auto elapsed = std::chrono::steady_clock::now() - started_;
        if (!terminal_ && elapsed < std::chrono::milliseconds(500)) return;
        constexpr std::size_t kWidth = 30;
        const std::size_t filled = total == 0 ? kWidth : done * kWidth / total;
        std::string bar(filled, '=');
        if (filled < kWidth) bar += '>' + std::string(kWidth - filled - 1, ' ');
        std::fprintf(stderr, "\ranalysing audio [%s] %zu/%zu", bar.c_str(), done, total);
        std::fflush(stderr);
        drawn_ = true;
    }

    void finish() {
        if (!drawn_) return;
        std::fputs(terminal_ ? "\r\033[K" : "\n", stderr);
        std::fflush(stderr);
        drawn_ = false;
    }

private:
    bool terminal_;
    std::chrono::steady_clock::time_point started_;
    bool drawn_ = false;
};

}  // namespace

void addCheckCommand(CLI::App& app, int& exitCode) {
    auto* command = app.add_subcommand(
        "check", "Check program files: every problem with its line, and each audio file's loudness and peak");
    struct Options {
        std::vector<std::string> programs;
        bool json = false;
        bool noCache = false;
        std::string cacheFile;
        int threads = 2;
    };
    auto options = std::make_shared<Options>();
    command->add_option("programs", options->programs, "Program files (.toml) to check")->required();
    command->add_flag("--json", options->json, "Print one JSON document instead of the table");
    command->add_flag("--no-cache", options->noCache,
                      "Measure every audio file again, ignoring the loudness cache");
    command->add_option("--cache-file", options->cacheFile,
                        "Loudness cache to use (default: $XDG_CACHE_HOME/stillpoint/loudness.json)");
    command->add_option("--threads", options->threads, "Audio files analysed at once")
        ->check(CLI::Range(1, 16));
    command->callback([options, &exitCode] {
        check::CheckOptions checkOptions;
        checkOptions.useCache = !options->noCache;
        if (!options->cacheFile.empty()) checkOptions.cacheFile = options->cacheFile;
        checkOptions.threads = options->threads;
        AnalysisProgress progress;
        checkOptions.progress = [&progress](std::size_t done, std::size_t total) {
            progress.update(done, total);
        };

        bool anyErrors = false;
        nlohmann::json programs = nlohmann::json::array();
        {
            check::ProgramChecker checker(checkOptions);
            for (const auto& program : options->programs) {
                const auto report = checker.check(program);
                progress.finish();
                anyErrors = anyErrors || report.hasErrors();
                if (options->json) {
                    programs.push_back(check::reportToJson(report));
                } else {
                    std::cout << check::formatReportText(report);
                    if (&program != &options->programs.back()) std::cout << "\n";
                    std::cout.flush();
                }
            }
        }
        if (options->json) {
            const nlohmann::json document{{"valid", !anyErrors}, {"programs", std::move(programs)}};
            std::cout << document.dump(2) << "\n";
        }
        exitCode = anyErrors ? kExitProblems : kExitOk;
    });
}

}  // namespace stillpoint::cli
