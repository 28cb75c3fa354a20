#include <gtest/gtest.h>

#include "panel/model/SetupCheck.h"

using namespace stillpoint::panel;

namespace {
SessionSetup completeSetup() {
    SessionSetup setup;
    setup.patientId = "KX-0042";
    setup.clinician = "Dr. Lind";
    setup.musicConsent = MusicConsent::Yes;
    return setup;
}
}  // namespace

TEST(PatientId, AcceptsLettersDigitsDashUnderscore) {
    EXPECT_FALSE(patientIdProblem("KX-0042").has_value());
    EXPECT_FALSE(patientIdProblem("p_17").has_value());
}

TEST(PatientId, RejectsWhatCouldBeANameOrAPath) {
    const auto space = patientIdProblem("Anna Berg");
    ASSERT_TRUE(space.has_value());
    EXPECT_NE(space->find("a space at position 5"), std::string::npos) << *space;
    EXPECT_TRUE(patientIdProblem("../etc").has_value());
    EXPECT_TRUE(patientIdProblem("ä12").has_value());
    EXPECT_TRUE(patientIdProblem("").has_value());
    EXPECT_TRUE(patientIdProblem("-12").has_value());
    EXPECT_TRUE(patientIdProblem(std::string(33, 'a')).has_value());
}

TEST(SetupCheck, CompleteSetupCanStart) {
    const auto check = checkSetup(completeSetup());
    EXPECT_TRUE(check.canStart);
    EXPECT_FALSE(check.withoutMusic);
    EXPECT_TRUE(check.problems.empty());
}

TEST(SetupCheck, StartDisabledUntilConsentIsAnswered) {
    auto setup = completeSetup();
    setup.musicConsent = MusicConsent::Unanswered;
    const auto check = checkSetup(setup);
    EXPECT_FALSE(check.canStart);
    ASSERT_EQ(check.problems.size(), 1u);
    EXPECT_NE(check.problems[0].find("consent"), std::string::npos);
}

TEST(SetupCheck, NoConsentNeedsConfirmationThenRunsWithoutMusic) {
    auto setup = completeSetup();
    setup.musicConsent = MusicConsent::No;
    EXPECT_FALSE(checkSetup(setup).canStart);
    setup.withoutMusicConfirmed = true;
    const auto check = checkSetup(setup);
    EXPECT_TRUE(check.canStart);
    EXPECT_TRUE(check.withoutMusic);
}

TEST(SetupCheck, ListsEveryMissingFieldAtOnce) {
    SessionSetup setup;
    setup.clinician = "   ";
    const auto check = checkSetup(setup);
    EXPECT_FALSE(check.canStart);
    EXPECT_EQ(check.problems.size(), 3u);  // ID, clinician, consent
}
