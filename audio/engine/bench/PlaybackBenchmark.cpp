// stillpoint_bench_play: plays one file through the engine core for a while, the way `play` does
// (StreamPool decoding ahead, LiveOutput's feeder thread pulling 3 x 2048-frame buffers), so its CPU time
// and peak memory can be measured from outside with /usr/bin/time and set beside another player's.
// Usage: stillpoint_bench_play [--output null] [--seconds 60] FILE
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "audio/engine/output/LiveOutput.h"
#include "audio/engine/stream/StreamPool.h"

namespace {

using namespace stillpoint::audio;

// The smallest mixer there is: one stream, silence when it is behind or over.
class StreamPlayer : public AudioSource {
public:
    StreamPlayer(StreamPool& pool, int slot) : pool_(pool), slot_(slot) {}
    void render(float* out, int frames) noexcept override {
        const int got = pool_.read(slot_, out, frames);
        if (got < frames)
            std::memset(out + got * 2, 0, static_cast<std::size_t>(frames - got) * 2 * sizeof(float));
        if (got < frames && !pool_.finished(slot_)) underruns.fetch_add(1, std::memory_order_relaxed);
    }
    std::atomic<int> underruns{0};

private:
    StreamPool& pool_;
    int slot_;
};

}  // namespace

int main(int argc, char** argv) {
    std::string output = "null";
    double seconds = 60.0;
    const char* file = nullptr;
    for (int index = 1; index < argc; ++index) {
        if (std::strcmp(argv[index], "--output") == 0 && index + 1 < argc) {
            output = argv[++index];
        } else if (std::strcmp(argv[index], "--seconds") == 0 && index + 1 < argc) {
            seconds = std::atof(argv[++index]);
        } else {
            file = argv[index];
        }
    }
    if (file == nullptr) {
        std::fprintf(stderr, "usage: stillpoint_bench_play [--output null] [--seconds 60] FILE\n");
        return 2;
    }
    try {
        StreamPool pool(48000, [file](std::uint32_t) { return StreamSource{file, 0, -1}; });
        const int slot = pool.acquire(1);
        pool.waitUntilFilled();
        if (pool.status(slot) == StreamStatus::Failed) {
            std::fprintf(stderr, "%s\n", pool.faultDetail(slot));
            return 1;
        }
        StreamPlayer player(pool, slot);
        LiveOutput live(player, {.deviceName = output});
        live.start();
        std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
        live.stop();
        std::printf(
            "played %.1f s of %s on \"%s\" at %d Hz, %d stream underruns, device starved %d times%s\n",
            static_cast<double>(pool.framesRead(slot)) / 48000.0, file, live.deviceName().c_str(),
            live.sampleRate(), player.underruns.load(), live.starvedCount(),
            live.realtimePriority() ? " (real-time feeder)" : " (normal-priority feeder)");
    } catch (const std::exception& error) {
        std::fprintf(stderr, "stillpoint_bench_play: %s\n", error.what());
        return 1;
    }
    return 0;
}
