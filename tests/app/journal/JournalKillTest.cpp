// Kills a child that renders and journals a session (JournalKillChild.cpp) with SIGKILL at random
// points, then checks what a crash leaves: a readable journal holding every acknowledged entry, an
// unfinished session, and a resume point from which a new engine picks the music up where it was.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <set>
#include <sstream>

#include "app/journal/JournalTestSupport.h"
#include "app/journal/KilledChild.h"
#include "audio/engine/output/LoopbackRenderer.h"
#include "journal/SessionFolder.h"
#include "journal/SessionRecovery.h"

namespace stillpoint::journal {
namespace {

using namespace testing;

struct BlockAck {
    double sessionSeconds = 0.0;
    int phase = -1;
    double trackSeconds = 0.0;
    session::TrackRef track;
};

struct ChildRun {
    std::set<long> acknowledgedNotes;
    std::vector<BlockAck> blocks;
    bool endedByItself = false;
};

// Starts the child, kills it once it has acknowledged `killAfterBlocks` blocks, and collects every
// acknowledgement that left it before it died.
ChildRun runAndKill(const std::filesystem::path& root, const std::filesystem::path& fixtures,
                    long killAfterBlocks) {
    ChildRun run;
    const int status = runChildKillingOnLine(
        JOURNAL_KILL_CHILD, {root.string(), fixtures.string(), (fixtures / "loudness.json").string()},
        [&](const char* line) {
            long note = 0;
            BlockAck block;
            int role = 0, trackPhase = 0, trackIndex = 0;
            if (std::sscanf(line, "N %ld", &note) == 1) {
                run.acknowledgedNotes.insert(note);
            } else if (std::sscanf(line, "B %lf %d %lf %d %d %d", &block.sessionSeconds, &block.phase,
                                   &block.trackSeconds, &role, &trackPhase, &trackIndex) == 6) {
                block.track.role = static_cast<session::TrackRole>(role);
                block.track.phase = static_cast<std::int16_t>(trackPhase);
                block.track.index = static_cast<std::int16_t>(trackIndex);
                run.blocks.push_back(block);
                return static_cast<long>(run.blocks.size()) >= killAfterBlocks;
            } else if (line[0] == 'E') {
                run.endedByItself = true;
            }
            return false;
        });
    if (!run.endedByItself) {
        EXPECT_TRUE(killedBySigkill(status)) << "child status " << status;
    }
    return run;
}

TEST(JournalKillTest, AfterSigkillTheJournalIsReadableCompleteAndTheMusicResumesWhereItWas) {
    TempFolder temp;
    const auto program = makeRenderedProgram(temp.path(), true);
    const double blockSeconds = 4096.0 / 48000.0;
    const unsigned seed = std::random_device{}();
    std::mt19937 random(seed);
    SCOPED_TRACE("seed " + std::to_string(seed));
    // Early, around the automatic phase change (block ~234) and the advance (330), and later.
    const std::vector<std::pair<long, long>> killRanges = {{5, 150}, {220, 345}, {330, 700}};
    int checkedRounds = 0;
    for (std::size_t round = 0; round < killRanges.size(); ++round) {
        const long killAfter =
            std::uniform_int_distribution<long>(killRanges[round].first, killRanges[round].second)(random);
        SCOPED_TRACE("round " + std::to_string(round) + ", kill after block " + std::to_string(killAfter));
        const auto root = temp.path() / ("sessions-" + std::to_string(round));
        const ChildRun run = runAndKill(root, temp.path(), killAfter);
        ASSERT_FALSE(run.endedByItself);
        ASSERT_FALSE(run.blocks.empty());

        // Readable, with at most the last line torn, and every acknowledged note present.
        const auto unfinished = findUnfinishedSession(root);
        ASSERT_TRUE(unfinished);
        const JournalContents& contents = unfinished->journal;
        ASSERT_LE(contents.skipped.size(), 1u) << contents.describeSkipped();
        if (!contents.skipped.empty()) {
            EXPECT_TRUE(contents.endsWithoutNewline);
            EXPECT_GT(contents.skipped[0].lineNumber, contents.events.back().lineNumber);
        }
        std::set<long> notes;
        for (const auto& line : contents.events) {
            if (line.event["type"] == "note")
                notes.insert(std::stol(line.event["text"].get<std::string>().substr(5)));
        }
        for (const long note : run.acknowledgedNotes)
            EXPECT_TRUE(notes.count(note)) << "note " << note << " lost";

        // The resume point lies within one heartbeat (0.5 s) of the last block acknowledged.
        const auto point = makeResumePoint(contents);
        const BlockAck& last = run.blocks.back();
        EXPECT_GE(point.sessionSeconds, last.sessionSeconds - 0.5 - 1e-3);
        EXPECT_LE(point.sessionSeconds, last.sessionSeconds + blockSeconds + 1e-3);
        // The child sets the volume to 0.6 at block 40 (acknowledged with block 40, the 41st).
        if (run.blocks.size() > 41) {
            EXPECT_NEAR(point.masterVolume, 0.6, 1e-6);
        } else if (run.blocks.size() < 40) {
            EXPECT_NEAR(point.masterVolume, 0.8, 1e-6);
        }
        // Compare with what the child reported for the blocks around the resume point: away from a
        // phase or track change (or a loop back to the start of the track), the same phase and track,
        // and the track position moving with the clock.
        const auto after =
            std::upper_bound(run.blocks.begin(), run.blocks.end(), point.sessionSeconds + 1e-6,
                             [](double t, const BlockAck& block) { return t < block.sessionSeconds; });
        ASSERT_NE(after, run.blocks.begin());
        const BlockAck& before = *std::prev(after);
        // A phase that loops its one track plays the same track again from 0: not "the same" here. When
        // the child ran on past its last acknowledged block before the kill landed (a busy machine), the
        // stretch is the same if the track could not have ended in between (every track lasts 8 s).
        const double expectedTrackSeconds =
            before.trackSeconds + (point.sessionSeconds - before.sessionSeconds);
        const bool sameStretch = after != run.blocks.end()
                                     ? before.phase == after->phase && before.track == after->track &&
                                           after->trackSeconds >= before.trackSeconds
                                     : point.phase == before.phase && point.track == before.track &&
                                           expectedTrackSeconds < kRenderedTrackSeconds - 0.1;
        if (sameStretch) {
            ++checkedRounds;
            EXPECT_EQ(point.phase, before.phase);
            EXPECT_EQ(point.track, before.track);
            EXPECT_NEAR(point.trackPositionSeconds, expectedTrackSeconds, 0.01);
        }

        // Continue the session: the journal says so, and a new engine plays from the resume point.
        {
            auto journal = continueSession(*unfinished, program, point);
            const auto again = readJournal(journal.file());
            ASSERT_GE(again.events.size(), 2u);
            EXPECT_EQ(again.events[again.events.size() - 2].event["type"], "interrupted");
            EXPECT_EQ(again.events.back().event["type"], "resumed");
        }
        session::SessionOptions options;
        options.loudnessCacheFile = temp.path() / "loudness.json";
        options.resumeFrom = point;
        session::SessionEngine engine(program, options);
        audio::LoopbackRenderer renderer(options.sampleRate);
        std::vector<float> audio(2 * 4096);
        engine.apply(session::Action::Start);
        engine.waitUntilStreamsReady();
        renderer.render(engine, audio.data(), 4096);
        std::vector<session::SessionEvent> events;
        engine.drainEvents(events);
        const auto snapshot = engine.snapshot();
        EXPECT_EQ(snapshot.phase, point.phase);
        EXPECT_NEAR(snapshot.sessionSeconds, point.sessionSeconds + blockSeconds, 0.25);
        EXPECT_NEAR(snapshot.masterVolume, point.masterVolume, 1e-6);
        if (point.track.valid()) {
            EXPECT_EQ(snapshot.currentTrack, point.track);
            // The engine opens the track at the resume position and says so in its TrackStarted event.
            const auto started = std::find_if(events.begin(), events.end(), [](const auto& event) {
                return event.kind == session::EventKind::TrackStarted;
            });
            ASSERT_NE(started, events.end());
            EXPECT_EQ(started->track, point.track);
            EXPECT_NEAR(started->trackPositionSeconds, point.trackPositionSeconds, 1e-6);
        }
    }
    // Kills land away from a transition nearly always; the position check must really have run.
    EXPECT_GE(checkedRounds, 1);
}

}  // namespace
}  // namespace stillpoint::journal
