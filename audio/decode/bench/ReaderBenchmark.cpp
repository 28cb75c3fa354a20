// stillpoint_bench_reader: how fast AudioFileReader decodes files, whichever library reads them
// (libsndfile, libopusfile, FFmpeg), in the 4096-frame stereo blocks the stream pool asks for.
// Usage: stillpoint_bench_reader FILE...   Prints per file: decoder, audio seconds, process CPU seconds.
#include <ctime>

#include <cstdio>
#include <exception>
#include <vector>

#include "audio/decode/AudioFileReader.h"

namespace {

double processCpuSeconds() {
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: stillpoint_bench_reader FILE...\n");
        return 2;
    }
    constexpr std::int64_t kBlock = 4096;
    std::vector<float> block(2 * kBlock);
    double audioTotal = 0.0;
    double cpuTotal = 0.0;
    for (int index = 1; index < argc; ++index) {
        try {
            const double started = processCpuSeconds();
            stillpoint::audio::AudioFileReader reader(argv[index]);
            std::int64_t frames = 0;
            while (const auto got = reader.readStereo(block.data(), kBlock)) frames += got;
            const double cpu = processCpuSeconds() - started;
            const double audio = static_cast<double>(frames) / reader.info().sampleRate;
            std::printf("%-11s %10.1f s audio %8.3f s cpu %8.0fx  %s\n", reader.info().decoder.c_str(), audio, cpu,
                        audio / cpu, argv[index]);
            audioTotal += audio;
            cpuTotal += cpu;
        } catch (const std::exception& error) {
            std::fprintf(stderr, "%s\n", error.what());
            return 1;
        }
    }
    std::printf("%-11s %10.1f s audio %8.3f s cpu %8.0fx  TOTAL\n", "reader", audioTotal, cpuTotal,
                audioTotal / cpuTotal);
    return 0;
}
