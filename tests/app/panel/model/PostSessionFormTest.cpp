#include "panel/model/PostSessionForm.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace stillpoint::panel {
namespace {

// Keeps what the form saves; fails on request, like a full disk.
struct FakeRecorder : PostSessionRecorder {
    std::vector<PhaseRating> ratings;
    std::vector<UnwelcomeMoment> moments;
    int failAfter = -1;  // writes until failing; -1 never
    void count() {
        if (failAfter == 0) throw std::runtime_error("Cannot write the journal: disk full");
        if (failAfter > 0) --failAfter;
    }
    void recordPhaseRating(const PhaseRating& rating) override {
        count();
        ratings.push_back(rating);
    }
    void recordUnwelcomeMoment(const UnwelcomeMoment& moment) override {
        count();
        moments.push_back(moment);
    }
};

PostSessionForm makeForm() {
    return PostSessionForm({"settling", "peak", "return"}, 40 * 60);
}

TEST(PostSessionFormTest, StartsEmptyAndSavesNothingUntilSomethingIsAnswered) {
    auto form = makeForm();
    ASSERT_EQ(form.phaseCount(), 3);
    EXPECT_EQ(form.rating(1).phaseName, "peak");
    EXPECT_EQ(form.rating(1).phase, 1);
    EXPECT_FALSE(form.score(1, RatingQuestion::Liking));
    EXPECT_FALSE(form.unsaved());
    FakeRecorder recorder;
    EXPECT_TRUE(form.save(recorder));
    EXPECT_TRUE(recorder.ratings.empty());
}

TEST(PostSessionFormTest, ScoresAreZeroToTenAndCanBeCleared) {
    auto form = makeForm();
    form.setScore(1, RatingQuestion::Liking, 7);
    form.setScore(1, RatingQuestion::Resonance, 14);
    form.setScore(1, RatingQuestion::Openness, -3);
    EXPECT_EQ(form.score(1, RatingQuestion::Liking), 7);
    EXPECT_EQ(form.score(1, RatingQuestion::Resonance), 10);
    EXPECT_EQ(form.score(1, RatingQuestion::Openness), 0);
    form.setScore(1, RatingQuestion::Openness, std::nullopt);
    EXPECT_FALSE(form.score(1, RatingQuestion::Openness));
    EXPECT_THROW(form.setScore(3, RatingQuestion::Liking, 1), std::out_of_range);
    EXPECT_STREQ(wordingOf(RatingQuestion::Resonance).label, "Resonance");
}

TEST(PostSessionFormTest, SavesOnlyWhatChangedAndSavingAgainCorrects) {
    auto form = makeForm();
    form.setScore(0, RatingQuestion::Liking, 5);
    form.setScore(1, RatingQuestion::Liking, 8);
    form.setWords(1, "like floating");
    FakeRecorder recorder;
    ASSERT_TRUE(form.save(recorder));
    ASSERT_EQ(recorder.ratings.size(), 2u);
    EXPECT_EQ(recorder.ratings[1].words, "like floating");
    EXPECT_FALSE(form.unsaved());
    form.setScore(1, RatingQuestion::Liking, 8);  // the same answer: nothing to save
    EXPECT_FALSE(form.unsaved());
    form.setScore(1, RatingQuestion::Liking, 6);
    ASSERT_TRUE(form.save(recorder));
    ASSERT_EQ(recorder.ratings.size(), 3u);
    EXPECT_EQ(recorder.ratings[2].phase, 1);
    EXPECT_EQ(recorder.ratings[2].liking, 6);
    EXPECT_EQ(recorder.ratings[2].words, "like floating");  // the whole phase, so the latest line says all
}

TEST(PostSessionFormTest, UnwelcomeMomentsLieWithinTheSessionAndSavedOnesStay) {
    auto form = makeForm();
    EXPECT_TRUE(form.addMoment(23 * 60 + 40, "the drums"));
    EXPECT_FALSE(form.addMoment(41 * 60, "after the end"));
    EXPECT_FALSE(form.addMoment(-1, "before the start"));
    EXPECT_TRUE(form.addMoment(60, "too loud"));
    EXPECT_TRUE(form.removeMoment(1));
    FakeRecorder recorder;
    ASSERT_TRUE(form.save(recorder));
    ASSERT_EQ(recorder.moments.size(), 1u);
    EXPECT_DOUBLE_EQ(recorder.moments[0].sessionSeconds, 1420);
    EXPECT_TRUE(form.momentSaved(0));
    EXPECT_FALSE(form.removeMoment(0));  // the journal has it
    ASSERT_TRUE(form.save(recorder));
    EXPECT_EQ(recorder.moments.size(), 1u);  // not written twice
}

TEST(PostSessionFormTest, AFailedSaveKeepsWhatWasNotWrittenAndSaysWhy) {
    auto form = makeForm();
    form.setScore(0, RatingQuestion::Liking, 4);
    form.setScore(2, RatingQuestion::Liking, 9);
    form.addMoment(100, "voices");
    FakeRecorder recorder;
    recorder.failAfter = 1;
    EXPECT_FALSE(form.save(recorder));
    EXPECT_EQ(form.lastError(), "Cannot write the journal: disk full");
    EXPECT_TRUE(form.unsaved());
    recorder.failAfter = -1;
    ASSERT_TRUE(form.save(recorder));
    ASSERT_EQ(recorder.ratings.size(), 2u);
    EXPECT_EQ(recorder.ratings[0].phase, 0);
    EXPECT_EQ(recorder.ratings[1].phase, 2);
    EXPECT_EQ(recorder.moments.size(), 1u);
    EXPECT_TRUE(form.lastError().empty());
}

TEST(PostSessionFormTest, FreeTextIsBoundedOnAWholeCharacter) {
    auto form = makeForm();
    std::string words(PostSessionForm::kMaxWords - 1, 'a');
    words += "\xC3\xA9\xC3\xA9";  // é é: the cut falls inside the first
    form.setWords(0, words);
    EXPECT_EQ(form.rating(0).words.size(), PostSessionForm::kMaxWords - 1);
}

TEST(PostSessionFormTest, MomentTimesAreTypedAsSessionTimes) {
    EXPECT_EQ(parseSessionTime("23:40"), 1420);
    EXPECT_EQ(parseSessionTime(" 1:02:03 "), 3723);
    EXPECT_EQ(parseSessionTime("90"), 90);
    EXPECT_FALSE(parseSessionTime(""));
    EXPECT_FALSE(parseSessionTime("12:75"));
    EXPECT_FALSE(parseSessionTime("a:10"));
    EXPECT_FALSE(parseSessionTime("1:2:3:4"));
    EXPECT_FALSE(parseSessionTime("-5"));
    EXPECT_FALSE(parseSessionTime("10:"));
}

}  // namespace
}  // namespace stillpoint::panel

namespace stillpoint::panel {
namespace {

// A session that ended in its second phase of three: the form asks about the two that were played, with
// their places in the program and when they played, never about the one it did not reach.
SessionDisplay endedInSecondPhase() {
    SessionDisplay display;
    display.state = session::SessionState::Ended;
    display.sessionSeconds = 25 * 60 + 30;
    display.timeline = {{"onset", 0, 600, 0, 720, true, true, false},
                        {"peak", 600, 1200, 720, 25 * 60 + 30, true, true, false},
                        {"return", 1800, 600, 25 * 60 + 30, 35 * 60 + 30, false, false, false}};
    return display;
}

TEST(PostSessionFormTest, AsksAboutThePhasesThatWerePlayedWithTheirProgramIndices) {
    auto form = PostSessionForm::forSession(endedInSecondPhase());
    ASSERT_EQ(form.phaseCount(), 2);
    EXPECT_EQ(form.phase(0).name, "onset");
    EXPECT_EQ(form.phase(1).name, "peak");
    EXPECT_DOUBLE_EQ(form.phase(1).start, 720);
    EXPECT_DOUBLE_EQ(form.phase(1).end, 25 * 60 + 30);
    EXPECT_DOUBLE_EQ(form.sessionSeconds(), 25 * 60 + 30);
    form.setScore(1, RatingQuestion::Openness, 4);
    FakeRecorder recorder;
    ASSERT_TRUE(form.save(recorder));
    ASSERT_EQ(recorder.ratings.size(), 1u);
    EXPECT_EQ(recorder.ratings[0].phase, 1);
    EXPECT_EQ(recorder.ratings[0].phaseName, "peak");
    EXPECT_EQ(recorder.ratings[0].openness, 4);
}

TEST(PostSessionFormTest, AMomentPickedOnTheTimelineIsAWholeSecondInItsPhase) {
    auto form = PostSessionForm::forSession(endedInSecondPhase());
    EXPECT_DOUBLE_EQ(form.timeAt(0.0), 0.0);
    EXPECT_DOUBLE_EQ(form.timeAt(0.5), 765.0);  // half of 25:30
    EXPECT_DOUBLE_EQ(form.timeAt(1.0), 25 * 60 + 30);
    EXPECT_DOUBLE_EQ(form.timeAt(1.7), 25 * 60 + 30) << "a click past the end is the end";
    EXPECT_DOUBLE_EQ(form.timeAt(-0.2), 0.0);
    EXPECT_EQ(form.phaseAt(form.timeAt(0.1)), 0);
    EXPECT_EQ(form.phaseAt(form.timeAt(0.5)), 1);
    EXPECT_EQ(form.phaseAt(719.0), 0);
    EXPECT_EQ(form.phaseAt(720.0), 1);
    EXPECT_TRUE(form.addMoment(form.timeAt(0.5), "the choir"));
    EXPECT_FALSE(form.addMoment(26 * 60, "after the end"));
}

TEST(PostSessionFormTest, ASessionThatNeverReachedAPhaseHasNothingToRate) {
    SessionDisplay display;
    display.state = session::SessionState::Ended;
    display.timeline = {{"onset", 0, 600, 0, 600, false, false, false}};
    const auto form = PostSessionForm::forSession(display);
    EXPECT_EQ(form.phaseCount(), 0);
    EXPECT_FALSE(form.unsaved());
}

}  // namespace
}  // namespace stillpoint::panel
