// Test-only child of JournalKillTest: renders a session offline (SessionEngine through the loopback
// renderer) while journaling it exactly as `stillpoint play` does, until it is killed. On stdout it
// acknowledges what is recorded: "N <k>" once operator note k has returned (durable), "B <session_s>
// <phase> <track_s> <track role> <track phase> <track index>"
// after each rendered block has been journaled.
//   journal_kill_child SESSIONS_ROOT FIXTURE_FOLDER LOUDNESS_CACHE
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "app/journal/JournalTestSupport.h"
#include "audio/engine/output/LoopbackRenderer.h"
#include "journal/SessionJournal.h"
#include "session/SessionEngine.h"

int main(int argc, char** argv) {
    using namespace stillpoint;
    if (argc != 4) {
        std::fprintf(stderr, "usage: journal_kill_child SESSIONS_ROOT FIXTURE_FOLDER LOUDNESS_CACHE\n");
        return 2;
    }
    const auto program = journal::testing::makeRenderedProgram(argv[2], false);
    session::SessionOptions options;
    options.loudnessCacheFile = argv[3];
    session::SessionEngine engine(program, options);
    audio::LoopbackRenderer renderer(options.sampleRate);
    auto journal = journal::SessionJournal::start(argv[1], program, journal::testing::makeDetails());
    std::setvbuf(stdout, nullptr, _IONBF, 0);  // an acknowledgement must leave before the next step
    engine.apply(session::Action::Start);
    constexpr int kBlock = 4096;
    std::vector<float> audio(2 * kBlock);
    std::vector<session::SessionEvent> events;
    for (long block = 0;; ++block) {
        engine.waitUntilStreamsReady();
        renderer.render(engine, audio.data(), kBlock);
        events.clear();
        engine.drainEvents(events);
        journal.recordEngineEvents(events);
        const auto snapshot = engine.snapshot();
        journal.observe(snapshot);
        if (block == 40) {
            engine.apply(session::Action::SetMasterVolume, 0.6);
        }
        if (block == 330) {  // about 0:28 into the session: into the peak, far ahead of its plan
            engine.apply(session::Action::AdvancePhase);
        }
        if (block % 7 == 3) {
            journal.recordNote("note " + std::to_string(block));
            std::printf("N %ld\n", block);
        }
        std::printf("B %.6f %d %.6f %d %d %d\n", snapshot.sessionSeconds, snapshot.phase,
                    snapshot.trackPositionSeconds, static_cast<int>(snapshot.currentTrack.role),
                    snapshot.currentTrack.phase, snapshot.currentTrack.index);
        if (snapshot.state == session::SessionState::Ended) break;
    }
    journal.endSession();
    std::printf("E\n");
    return 0;
}
