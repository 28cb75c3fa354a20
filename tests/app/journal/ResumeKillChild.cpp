// Test-only child of ResumeKillTest: plays the resume scenario (tests/app/session/ResumeScenario.h)
// offline and journals it exactly as `stillpoint play` does, block by block, until it is killed. After each
// block is journaled it prints "B <frame>" (the state's session frame) on stdout. With `room`, the session
// has room speakers too (roomScenarioOptions()) and the operator sets their volume (roomScenarioActions()).
//   resume_kill_child SESSIONS_ROOT FIXTURE_FOLDER LOUDNESS_CACHE [room]
#include <cstdio>
#include <string>

#include "app/journal/JournalTestSupport.h"
#include "app/session/ResumeScenario.h"
#include "journal/SessionJournal.h"

int main(int argc, char** argv) {
    using namespace stillpoint;
    const bool withRoom = argc == 5 && std::string(argv[4]) == "room";
    if (argc != 4 && !withRoom) {
        std::fprintf(stderr, "usage: resume_kill_child SESSIONS_ROOT FIXTURE_FOLDER LOUDNESS_CACHE [room]\n");
        return 2;
    }
    const auto program = session::testing::scenarioProgram(argv[2], false);
    session::SessionOptions options;
    options.sampleRate = session::testing::kScenarioRate;
    options.loudnessCacheFile = argv[3];
    if (withRoom) options.room = session::testing::roomScenarioOptions();
    session::SessionEngine engine(program, options);
    auto journal = journal::SessionJournal::start(argv[1], program, journal::testing::makeDetails());
    std::setvbuf(stdout, nullptr, _IONBF, 0);  // an acknowledgement must leave before the next step
    session::testing::driveScenario(
        engine, withRoom ? session::testing::roomScenarioActions() : session::testing::scenarioActions(),
        session::testing::kScenarioBlock,
        [&](const session::SessionSnapshot& snapshot, const std::vector<session::SessionEvent>& events) {
            journal.recordEngineEvents(events);
            journal.observe(snapshot);
            std::printf("B %lld\n", static_cast<long long>(snapshot.resume.frame));
            return true;
        });
    journal.endSession();
    std::printf("E\n");
    return 0;
}
