// stillpoint_bench_latency: how long an operator's action takes to be heard at a live output. A source
// plays a steady tone and, at a moment taken on the wall clock, turns to silence on its next render call
// (as the engine carries out a queued command at the start of its next block). The output plays on
// OpenAL Soft's wave backend, which writes what the device played to a file in real time; the frame of
// the step in that file, against the frames the writer had written when the command was given, is the
// latency. With --outputs 3 two more outputs (null devices) play beside it, as room and preview would.
// Usage: ALSOFT_CONF=wave.conf stillpoint_bench_latency --wave FILE [--outputs 1|3] [--buffer-frames N]
//        [--buffers N] [--trials 20]
// (wave.conf: "[general]\ndrivers = wave,null\nperiod_size = 256\n[wave]\nfile = FILE\n")
#include <sndfile.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <numbers>
#include <string>
#include <thread>
#include <vector>

#include "audio/engine/output/LiveOutput.h"

namespace {

using namespace stillpoint::audio;

// A tone that stops (or starts again) on the render call after the flag changes.
class SteppedTone : public AudioSource {
public:
    void render(float* out, int frames) noexcept override {
        const bool on = on_.load(std::memory_order_acquire);
        for (int i = 0; i < frames; ++i, ++frame_) {
            const float value =
                on ? static_cast<float>(0.25 * std::sin(2.0 * std::numbers::pi * 440.0 * frame_ / 48000.0))
                   : 0.0f;
            out[2 * i] = value;
            out[2 * i + 1] = value;
        }
    }
    void set(bool on) { on_.store(on, std::memory_order_release); }

private:
    std::atomic<bool> on_{true};
    std::int64_t frame_ = 0;
};

class Silence : public AudioSource {
public:
    void render(float* out, int frames) noexcept override { std::fill(out, out + 2 * frames, 0.0f); }
};

// Frames the wave writer has written so far (its header is 44 bytes of float WAV, plus a fact chunk).
std::int64_t framesWritten(const std::string& file, long headerBytes) {
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0) return -1;
    return (static_cast<long>(info.st_size) - headerBytes) / 8;
}

}  // namespace

int main(int argc, char** argv) {
    std::string wave;
    int outputs = 1;
    int trials = 20;
    OutputOptions options;
    for (int index = 1; index + 1 < argc; index += 2) {
        const std::string name = argv[index];
        const char* value = argv[index + 1];
        if (name == "--wave") wave = value;
        if (name == "--outputs") outputs = std::atoi(value);
        if (name == "--trials") trials = std::atoi(value);
        if (name == "--buffer-frames") options.bufferFrames = std::atoi(value);
        if (name == "--buffers") options.bufferCount = std::atoi(value);
    }
    if (wave.empty()) {
        std::fprintf(stderr,
                     "usage: ALSOFT_CONF=wave.conf stillpoint_bench_latency --wave FILE [--outputs 1|3] "
                     "[--buffer-frames N] [--buffers N] [--trials N]\n");
        return 2;
    }
    try {
        SteppedTone tone;
        LiveOutput measured(tone, options);  // the default device: the wave writer
        std::vector<std::unique_ptr<Silence>> others;
        std::vector<std::unique_ptr<LiveOutput>> beside;
        for (int i = 1; i < outputs; ++i) {
            others.push_back(std::make_unique<Silence>());
            OutputOptions null = options;
            null.deviceName = "null";
            beside.push_back(std::make_unique<LiveOutput>(*others.back(), null));
        }
        measured.start();
        for (auto& output : beside) output->start();
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        // Where the data starts: the writer's header, found once the file has some audio.
        SF_INFO info{};
        long header = 0;
        if (SNDFILE* sound = sf_open(wave.c_str(), SFM_READ, &info)) {
            struct stat stats {};
            ::stat(wave.c_str(), &stats);
            header = static_cast<long>(stats.st_size) - static_cast<long>(info.frames) * 8;
            sf_close(sound);
        }
        std::vector<std::int64_t> commandedAt;
        for (int trial = 0; trial < trials; ++trial) {
            // Off, then on again 150 ms later: each change is a step the file shows.
            std::this_thread::sleep_for(std::chrono::milliseconds(137 + 13 * (trial % 7)));
            commandedAt.push_back(framesWritten(wave, header));
            tone.set(trial % 2 != 0);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        measured.stop();
        for (auto& output : beside) output->stop();

        SNDFILE* sound = sf_open(wave.c_str(), SFM_READ, &info);
        if (sound == nullptr) throw std::runtime_error("cannot read the wave writer's file " + wave);
        std::vector<float> samples(static_cast<std::size_t>(info.frames * info.channels));
        sf_readf_float(sound, samples.data(), info.frames);
        sf_close(sound);
        // The first frame at or after each command where the tone stops (or starts).
        std::vector<double> latencies;
        std::size_t frame = static_cast<std::size_t>(std::max<std::int64_t>(0, commandedAt.front()));
        for (int trial = 0; trial < trials; ++trial) {
            const bool off = trial % 2 == 0;
            frame = std::max(frame, static_cast<std::size_t>(std::max<std::int64_t>(0, commandedAt[trial])));
            // Silence: 32 zero frames in a row; sound: a frame above a whisper.
            std::size_t found = frame;
            for (; found + 32 < static_cast<std::size_t>(info.frames); ++found) {
                const float value = std::fabs(samples[found * static_cast<std::size_t>(info.channels)]);
                if (!off && value > 1e-3f) break;
                if (off) {
                    bool zeros = true;
                    for (std::size_t k = 0; k < 32 && zeros; ++k)
                        zeros = samples[(found + k) * static_cast<std::size_t>(info.channels)] == 0.0f;
                    if (zeros) break;
                }
            }
            latencies.push_back(static_cast<double>(static_cast<std::int64_t>(found) - commandedAt[trial]) *
                                1000.0 / info.samplerate);
            frame = found;
        }
        std::sort(latencies.begin(), latencies.end());
        std::printf(
            "%d output(s), %d x %d-frame buffers (%.0f ms queued): latency median %.1f ms, worst %.1f ms, "
            "best %.1f ms over %d commands; device starved %d times, nearly %d times (queue at the end %.0f "
            "ms)%s\n",
            outputs, options.bufferCount, options.bufferFrames,
            options.bufferCount * options.bufferFrames * 1000.0 / 48000.0, latencies[latencies.size() / 2],
            latencies.back(), latencies.front(), trials, measured.starvedCount(),
            measured.nearlyStarvedCount(), measured.queuedFrames() * 1000.0 / 48000.0,
            measured.realtimePriority() ? " (real-time feeder)" : " (normal-priority feeder)");
    } catch (const std::exception& error) {
        std::fprintf(stderr, "stillpoint_bench_latency: %s\n", error.what());
        return 1;
    }
    return 0;
}
