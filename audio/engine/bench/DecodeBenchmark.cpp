// stillpoint_bench_decode: how fast the files of a program decode, two ways side by side:
//   libsndfile  pure sf_readf_float, the floor for anything built on libsndfile;
//   streampool  the engine's own path: AudioFileReader + soxr to the output rate + the stream rings, read
//               the way an offline render reads (waitUntilFilled, then a block).
// Usage: stillpoint_bench_decode [--rate 48000] [--floor-only] FILE...   (--floor-only: the libsndfile way
// alone) Prints one line per file and per way, then totals: wall seconds and process CPU seconds (all
// threads, so the StreamPool's decode thread counts; CPU time also holds up on a machine busy with other
// work).
#include <sndfile.h>

#include <ctime>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "audio/engine/stream/StreamPool.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Figures {
    double audioSeconds = 0.0;
    double wallSeconds = 0.0;
    double cpuSeconds = 0.0;
};

double processCpuSeconds() {
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

Figures decodeWithLibsndfile(const char* path) {
    SF_INFO info{};
    SNDFILE* file = sf_open(path, SFM_READ, &info);
    if (file == nullptr) {
        std::fprintf(stderr, "%s: %s\n", path, sf_strerror(nullptr));
        std::exit(1);
    }
    std::vector<float> block(static_cast<std::size_t>(4096) * static_cast<std::size_t>(info.channels));
    const auto start = Clock::now();
    const double cpuStart = processCpuSeconds();
    sf_count_t frames = 0;
    while (const sf_count_t got = sf_readf_float(file, block.data(), 4096)) frames += got;
    const double wall = std::chrono::duration<double>(Clock::now() - start).count();
    const double cpu = processCpuSeconds() - cpuStart;
    sf_close(file);
    return {static_cast<double>(frames) / info.samplerate, wall, cpu};
}

Figures decodeWithStreamPool(const char* path, int rate) {
    using namespace stillpoint::audio;
    StreamPool pool(
        rate,
        [path](std::uint32_t) {
            return StreamSource{path, 0, -1};
        },
        2, 4.0);
    std::vector<float> block(1024 * 2);
    const auto start = Clock::now();
    const double cpuStart = processCpuSeconds();
    const int slot = pool.acquire(1);
    std::int64_t frames = 0;
    while (true) {
        pool.waitUntilFilled();
        const int got = pool.read(slot, block.data(), 1024);
        frames += got;
        if (got == 0 && pool.finished(slot)) break;
    }
    const double wall = std::chrono::duration<double>(Clock::now() - start).count();
    const double cpu = processCpuSeconds() - cpuStart;
    if (pool.fault(slot) != StreamFault::None) std::fprintf(stderr, "%s\n", pool.faultDetail(slot));
    return {static_cast<double>(frames) / rate, wall, cpu};
}

void printLine(const char* way, const std::string& what, const Figures& figures) {
    std::printf("%-11s %8.1f s audio %8.3f s wall %8.3f s cpu %8.0fx real time (cpu)  %s\n", way,
                figures.audioSeconds, figures.wallSeconds, figures.cpuSeconds,
                figures.audioSeconds / figures.cpuSeconds, what.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    int rate = 48000;
    bool floorOnly = false;
    std::vector<const char*> files;
    for (int index = 1; index < argc; ++index) {
        if (std::strcmp(argv[index], "--rate") == 0 && index + 1 < argc) {
            rate = std::atoi(argv[++index]);
        } else if (std::strcmp(argv[index], "--floor-only") == 0) {
            floorOnly = true;
        } else {
            files.push_back(argv[index]);
        }
    }
    if (files.empty()) {
        std::fprintf(stderr, "usage: stillpoint_bench_decode [--rate 48000] [--floor-only] FILE...\n");
        return 2;
    }
    Figures sndfileTotal, poolTotal;
    for (const char* file : files) {
        const Figures sndfile = decodeWithLibsndfile(file);
        printLine("libsndfile", file, sndfile);
        const Figures pool = floorOnly ? Figures{} : decodeWithStreamPool(file, rate);
        if (!floorOnly) printLine("streampool", file, pool);
        sndfileTotal.audioSeconds += sndfile.audioSeconds;
        sndfileTotal.wallSeconds += sndfile.wallSeconds;
        sndfileTotal.cpuSeconds += sndfile.cpuSeconds;
        poolTotal.audioSeconds += pool.audioSeconds;
        poolTotal.wallSeconds += pool.wallSeconds;
        poolTotal.cpuSeconds += pool.cpuSeconds;
    }
    printLine("libsndfile", "TOTAL", sndfileTotal);
    if (!floorOnly) printLine("streampool", "TOTAL", poolTotal);
    return 0;
}
