// The track graph on its own: which track follows which and what stands in for what has failed, on
// programs built in code (no files, no streams, no audio).
#include "session/TrackGraph.h"

#include <gtest/gtest.h>

namespace stillpoint::session {
namespace {

program::Track track(const char* file, std::vector<program::Track> alternates = {}) {
    program::Track written;
    written.file = file;
    written.fileAsWritten = file;
    written.alternates = std::move(alternates);
    return written;
}

program::Phase phase(std::vector<program::Track> tracks,
                     program::FillPolicy fill = program::FillPolicy::Loop) {
    program::Phase written;
    written.planned = std::chrono::minutes(10);
    written.tracks = std::move(tracks);
    written.fill = fill;
    return written;
}

TrackRef phaseTrack(int phase, int index) {
    return {TrackRole::Phase, static_cast<std::int16_t>(phase), static_cast<std::int16_t>(index), -1};
}
TrackRef alternate(int phase, int index, int which) {
    return {TrackRole::Alternate, static_cast<std::int16_t>(phase), static_cast<std::int16_t>(index),
            static_cast<std::int16_t>(which)};
}
TrackRef bed(int phase) {
    return {TrackRole::Bed, static_cast<std::int16_t>(phase), -1, -1};
}

// Three phases: onset loops two tracks (the first with two alternates), peak ends in a bed, return ends in
// silence; a grounding track.
class TrackGraphTest : public ::testing::Test {
protected:
    TrackGraphTest() {
        program_.phases.push_back(
            phase({track("a.flac", {track("a-calm.flac"), track("a-calmer.flac")}), track("b.flac")}));
        program_.phases.push_back(phase({track("c.flac")}, program::FillPolicy::Bed));
        program_.phases.back().bed = track("drone.flac");
        program_.phases.push_back(phase({track("d.flac"), track("e.flac")}, program::FillPolicy::Silence));
        program_.grounding = track("breath.flac");
        table_ = TrackTable(program_, 48000);
    }

    program::Program program_;
    TrackTable table_;
};

TEST_F(TrackGraphTest, SuccessorsFollowThePhaseThenItsFillPolicy) {
    const TrackGraph graph(program_, table_);
    EXPECT_EQ(graph.naturalSuccessor(phaseTrack(0, 0)), phaseTrack(0, 1));
    EXPECT_EQ(graph.naturalSuccessor(phaseTrack(0, 1)), phaseTrack(0, 0));    // loop
    EXPECT_EQ(graph.naturalSuccessor(alternate(0, 0, 1)), phaseTrack(0, 1));  // an alternate rejoins the list
    EXPECT_EQ(graph.naturalSuccessor(phaseTrack(1, 0)), bed(1));              // bed
    EXPECT_EQ(graph.naturalSuccessor(bed(1)), bed(1));                        // a bed loops
    EXPECT_EQ(graph.naturalSuccessor(phaseTrack(2, 0)), phaseTrack(2, 1));
    EXPECT_FALSE(graph.naturalSuccessor(phaseTrack(2, 1)).valid());  // silence, as written
    EXPECT_EQ(graph.naturalSuccessor(TrackGraph::kGrounding), TrackGraph::kGrounding);
    EXPECT_FALSE(graph.naturalSuccessor(TrackRef{}).valid());
    EXPECT_FALSE(graph.naturalSuccessor(phaseTrack(7, 0)).valid());  // no such phase
}

TEST_F(TrackGraphTest, PlayableSuccessorSkipsFailedTracksAndLeavesWrittenSilenceAlone) {
    TrackGraph graph(program_, table_);
    EXPECT_EQ(graph.playableSuccessor(phaseTrack(0, 0)), phaseTrack(0, 1));
    graph.markFailed(phaseTrack(0, 1), FaultKind::FileMissing);
    EXPECT_EQ(graph.playableSuccessor(phaseTrack(0, 0)), phaseTrack(0, 0));  // loops past the failed one
    graph.markFailed(phaseTrack(2, 1), FaultKind::FileUnreadable);
    EXPECT_FALSE(graph.playableSuccessor(phaseTrack(2, 0)).valid());  // silence stays silence
}

TEST_F(TrackGraphTest, APhaseWithNothingPlayableIsStoodInForByAnAlternateThenTheNextPhaseThenGrounding) {
    TrackGraph graph(program_, table_);
    EXPECT_EQ(graph.firstPlayableOfPhase(0), phaseTrack(0, 0));
    graph.markFailed(phaseTrack(0, 0), FaultKind::FileMissing);
    EXPECT_EQ(graph.firstPlayableOfPhase(0), phaseTrack(0, 1));  // the next of its own tracks
    graph.markFailed(phaseTrack(0, 1), FaultKind::FileMissing);
    EXPECT_EQ(graph.firstPlayableOfPhase(0), alternate(0, 0, 0));
    EXPECT_EQ(graph.playableSuccessor(phaseTrack(0, 0)), alternate(0, 0, 0));
    graph.markFailed(alternate(0, 0, 0), FaultKind::FileUnreadable);
    graph.markFailed(alternate(0, 0, 1), FaultKind::FileUnreadable);
    EXPECT_EQ(graph.firstPlayableOfPhase(0), phaseTrack(1, 0));  // the next phase's music
    graph.markFailed(phaseTrack(1, 0), FaultKind::FileMissing);
    EXPECT_EQ(graph.firstPlayableOfPhase(1), bed(1));  // its bed is its own music still
    EXPECT_EQ(graph.firstPlayableOfPhase(0), bed(1));
    graph.markFailed(bed(1), FaultKind::FileMissing);
    EXPECT_EQ(graph.firstPlayableOfPhase(0), phaseTrack(2, 0));  // and on through the phases
    graph.markFailed(phaseTrack(2, 0), FaultKind::FileMissing);
    graph.markFailed(phaseTrack(2, 1), FaultKind::FileMissing);
    EXPECT_EQ(graph.firstPlayableOfPhase(2), TrackGraph::kGrounding);  // the last phase: grounding
    EXPECT_EQ(graph.firstPlayableOfPhase(0), TrackGraph::kGrounding);
    graph.markFailed(TrackGraph::kGrounding, FaultKind::FileMissing);
    EXPECT_FALSE(graph.firstPlayableOfPhase(0).valid());  // nothing at all is left
    EXPECT_FALSE(graph.firstPlayableOfPhase(3).valid());  // past the last phase
}

TEST_F(TrackGraphTest, AlternatesAreOfferedCalmestFirstAndAFailedOneIsStillNamed) {
    TrackGraph graph(program_, table_);
    EXPECT_EQ(graph.alternateOf(phaseTrack(0, 0)), alternate(0, 0, 0));
    EXPECT_EQ(graph.alternateOf(alternate(0, 0, 0)), alternate(0, 0, 1));
    EXPECT_FALSE(graph.alternateOf(alternate(0, 0, 1)).valid());
    EXPECT_FALSE(graph.alternateOf(phaseTrack(0, 1)).valid());  // written without alternates
    EXPECT_FALSE(graph.alternateOf(TrackGraph::kGrounding).valid());
    EXPECT_FALSE(graph.alternateOf(bed(1)).valid());

    graph.markFailed(alternate(0, 0, 0), FaultKind::FileUnreadable);
    EXPECT_EQ(graph.alternateOf(phaseTrack(0, 0)), alternate(0, 0, 1));  // skips the failed one
    graph.markFailed(alternate(0, 0, 1), FaultKind::FileMissing);
    EXPECT_FALSE(graph.alternateOf(phaseTrack(0, 0)).valid());
    // Why a swap is refused: the alternate that was written, and what is wrong with it.
    EXPECT_EQ(graph.writtenAlternateOf(phaseTrack(0, 0)), alternate(0, 0, 0));
    EXPECT_EQ(graph.failureOf(graph.writtenAlternateOf(phaseTrack(0, 0))), FaultKind::FileUnreadable);
    EXPECT_FALSE(graph.writtenAlternateOf(phaseTrack(0, 1)).valid());
}

TEST_F(TrackGraphTest, GroundingLoopsAfterItsEndAndIsOfferedOnlyWhilePlayable) {
    TrackGraph graph(program_, table_);
    EXPECT_EQ(graph.afterEnd(TrackGraph::kGrounding), TrackGraph::kGrounding);
    EXPECT_EQ(graph.afterEnd(phaseTrack(0, 1)), phaseTrack(0, 0));
    EXPECT_EQ(graph.playableGrounding(), TrackGraph::kGrounding);
    graph.markFailed(TrackGraph::kGrounding, FaultKind::FileUnreadable);
    EXPECT_FALSE(graph.playableGrounding().valid());
    EXPECT_FALSE(graph.playableSuccessor(TrackGraph::kGrounding).valid());
    program::Program noGrounding = program_;
    noGrounding.grounding.reset();
    const TrackTable table(noGrounding, 48000);
    EXPECT_FALSE(TrackGraph(noGrounding, table).playableGrounding().valid());
}

TEST_F(TrackGraphTest, TheFailedSetKeepsWhyEachTrackFailed) {
    TrackGraph graph(program_, table_);
    EXPECT_FALSE(graph.isFailed(phaseTrack(0, 0)));
    EXPECT_EQ(graph.failureOf(phaseTrack(0, 0)), FaultKind::None);
    graph.markFailed(phaseTrack(0, 0), FaultKind::FileEndedEarly);
    EXPECT_TRUE(graph.isFailed(phaseTrack(0, 0)));
    EXPECT_EQ(graph.failureOf(phaseTrack(0, 0)), FaultKind::FileEndedEarly);
    EXPECT_FALSE(graph.isFailed(phaseTrack(0, 1)));
    graph.markFailed(phaseTrack(0, 1), FaultKind::None);  // failed without a reason is still failed
    EXPECT_EQ(graph.failureOf(phaseTrack(0, 1)), FaultKind::FileUnreadable);
    // A track the program does not have can never be played.
    EXPECT_TRUE(graph.isFailed(phaseTrack(0, 5)));
    EXPECT_EQ(graph.failureOf(phaseTrack(0, 5)), FaultKind::FileMissing);
}

}  // namespace
}  // namespace stillpoint::session
