// stillpoint_bench_outputs: plays a program live the way `stillpoint play` does with its outputs (the
// session engine, the patient's output pulling every output from one pass, the room's and the preview's
// devices following its clock), with the preview playing the next track the whole time, so the CPU time
// of patient + room + preview can be measured from outside with /usr/bin/time and set beside another
// player's. No panel, journal or terminal: the cost of the outputs themselves.
// Usage: stillpoint_bench_outputs [--outputs 1|2|3] [--seconds 60] [--device null] [--buffers N]
//        [--buffer-frames N] PROGRAM.toml (the queue: LiveOutput's own unless given)
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "audio/engine/output/LiveOutput.h"
#include "live/FollowerOutputs.h"
#include "program/ProgramParser.h"
#include "session/SessionEngine.h"

namespace {

using namespace stillpoint;

int usage() {
    std::fprintf(stderr,
                 "usage: stillpoint_bench_outputs [--outputs 1|2|3] [--seconds 60] [--device null] "
                 "[--buffers N] [--buffer-frames N] PROGRAM.toml\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    int outputs = 3;
    double seconds = 60.0;
    std::string device = "null";
    audio::OutputOptions outputOptions;
    const char* programFile = nullptr;
    for (int index = 1; index < argc; ++index) {
        if (std::strcmp(argv[index], "--outputs") == 0 && index + 1 < argc)
            outputs = std::atoi(argv[++index]);
        else if (std::strcmp(argv[index], "--seconds") == 0 && index + 1 < argc)
            seconds = std::atof(argv[++index]);
        else if (std::strcmp(argv[index], "--device") == 0 && index + 1 < argc)
            device = argv[++index];
        else if (std::strcmp(argv[index], "--buffers") == 0 && index + 1 < argc)
            outputOptions.bufferCount = std::atoi(argv[++index]);
        else if (std::strcmp(argv[index], "--buffer-frames") == 0 && index + 1 < argc)
            outputOptions.bufferFrames = std::atoi(argv[++index]);
        else
            programFile = argv[index];
    }
    if (programFile == nullptr || outputs < 1 || outputs > 3) return usage();
    try {
        const auto parsed = program::parseProgramFile(programFile);
        if (!parsed.program) {
            std::fprintf(stderr, "stillpoint_bench_outputs: %s does not parse (stillpoint check says why)\n",
                         programFile);
            return 1;
        }
        session::SessionOptions options;
        options.room.enabled = outputs >= 2;
        options.preview.enabled = outputs >= 3;
        session::SessionEngine engine(*parsed.program, options);
        outputOptions.deviceName = device;
        std::optional<live::FollowerOutputs> followers;
        if (outputs > 1)
            followers.emplace(engine, options.sampleRate, outputOptions.bufferFrames, options.room.enabled,
                              options.preview.enabled);
        audio::LiveOutput patient(followers ? followers->leader() : static_cast<audio::AudioSource&>(engine),
                                  followers ? followers->leaderOptions(outputOptions) : outputOptions);
        std::vector<std::unique_ptr<audio::LiveOutput>> others;
        const audio::OutputOptions followerOptions =
            followers ? followers->followerOptions(outputOptions) : outputOptions;
        if (options.room.enabled)
            others.push_back(std::make_unique<audio::LiveOutput>(
                followers->follower(live::FollowerOutput::Room), followerOptions));
        if (options.preview.enabled)
            others.push_back(std::make_unique<audio::LiveOutput>(
                followers->follower(live::FollowerOutput::Preview), followerOptions));
        for (auto& other : others) other->start();
        engine.apply(session::Action::Start);
        patient.start();
        if (options.preview.enabled) engine.preview(session::PreviewRequest{});  // the next track

        // The control thread's part, as `play` does it: the engine's events drained ten times a second.
        std::vector<session::SessionEvent> events;
        const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        double previewedSeconds = 0.0;
        // Once settled (the controller's first 20 s left out), for each follower: the farthest its level
        // was from its target, as the controller measures it (with its feeders' wake-up jitter), and how
        // far it really moved from the patient: the null devices share the machine's clock, so all the
        // ratio's departure from 1 is a shift, whose extremes are kept.
        std::array<double, 2> worstOffsetFrames{};
        std::array<double, 2> shiftFrames{}, lowestShift{}, highestShift{};
        auto lastSample = std::chrono::steady_clock::now();
        const auto settled = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (std::chrono::steady_clock::now() < until) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            events.clear();
            engine.drainEvents(events);
            const auto snapshot = engine.snapshot();
            if (snapshot.preview.playing) previewedSeconds = snapshot.preview.positionSeconds;
            const auto now = std::chrono::steady_clock::now();
            const double sinceLast = std::chrono::duration<double>(now - lastSample).count();
            lastSample = now;
            if (!followers || now < settled) continue;
            for (const live::FollowerOutput which :
                 {live::FollowerOutput::Room, live::FollowerOutput::Preview}) {
                if (!followers->has(which)) continue;
                const auto at = static_cast<std::size_t>(which);
                const audio::FollowerLink& link = followers->link(which);
                worstOffsetFrames[at] = std::max(worstOffsetFrames[at], std::abs(link.offsetFrames()));
                shiftFrames[at] += (link.ratio() - 1.0) * sinceLast * link.sampleRate();
                lowestShift[at] = std::min(lowestShift[at], shiftFrames[at]);
                highestShift[at] = std::max(highestShift[at], shiftFrames[at]);
            }
        }
        const double played = static_cast<double>(engine.snapshot().sessionFrame) / options.sampleRate;
        patient.stop();
        for (auto& other : others) other->stop();
        std::printf(
            "played %.1f s on %d output%s (\"%s\", %d ms queued), preview at %.1f s; devices starved:",
            played, outputs, outputs == 1 ? "" : "s", device.c_str(),
            patient.queuedFrames() * 1000 / options.sampleRate, previewedSeconds);
        std::printf(" patient %d", patient.starvedCount());
        for (const auto& other : others) std::printf(", %d", other->starvedCount());
        // What the followers' ears would notice: their queue from the patient running dry (a gap), and
        // how far each is from its place on the patient's clock.
        std::size_t followerIndex = 0;
        for (const live::FollowerOutput which : {live::FollowerOutput::Room, live::FollowerOutput::Preview}) {
            if (!followers || !followers->has(which)) continue;
            const audio::FollowerLink& link = followers->link(which);
            const auto at = static_cast<std::size_t>(which);
            const double msPerFrame = 1000.0 / link.sampleRate();
            const int followerQueued = others[followerIndex++]->queuedFrames();
            std::printf(
                "; %s link ran dry %llu, measured offset %+.2f ms (worst after 20 s %.2f ms), "
                "moved %.2f ms at most after 20 s, plays %.1f ms after the patient",
                which == live::FollowerOutput::Room ? "room" : "preview",
                static_cast<unsigned long long>(link.underruns()), link.offsetFrames() * msPerFrame,
                worstOffsetFrames[at] * msPerFrame, (highestShift[at] - lowestShift[at]) * msPerFrame,
                link.lagFrames(patient.queuedFrames(), followerQueued) * msPerFrame);
        }
        std::printf("\n");
    } catch (const std::exception& error) {
        std::fprintf(stderr, "stillpoint_bench_outputs: %s\n", error.what());
        return 1;
    }
    return 0;
}
