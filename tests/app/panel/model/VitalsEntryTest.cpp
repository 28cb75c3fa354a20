#include <gtest/gtest.h>

#include "panel/model/VitalsEntry.h"

using namespace stillpoint::panel;

namespace {
bool mentions(const VitalsCheck& check, const std::string& word) {
    for (const auto& problem : check.problems)
        if (problem.find(word) != std::string::npos) return true;
    return false;
}
}  // namespace

TEST(VitalsEntry, AcceptsAFullPlausibleReading) {
    const auto check = checkVitals({"128", "82", " 74 ", "97"});
    ASSERT_TRUE(check.vitals.has_value()) << (check.problems.empty() ? "" : check.problems[0]);
    EXPECT_EQ(check.vitals->systolic, 128);
    EXPECT_EQ(check.vitals->diastolic, 82);
    EXPECT_EQ(check.vitals->heartRate, 74);
    EXPECT_EQ(check.vitals->spo2, 97);
}

TEST(VitalsEntry, AcceptsPartialEntry) {
    const auto check = checkVitals({"", "", "", "98"});
    ASSERT_TRUE(check.vitals.has_value());
    EXPECT_FALSE(check.vitals->heartRate.has_value());
    EXPECT_EQ(check.vitals->spo2, 98);
}

TEST(VitalsEntry, RejectsOutOfRangeWithTheFieldNamed) {
    const auto check = checkVitals({"128", "82", "740", "97"});
    EXPECT_FALSE(check.vitals.has_value());
    ASSERT_EQ(check.problems.size(), 1u);
    EXPECT_TRUE(mentions(check, "Heart rate 740 bpm is outside 30-220"));
}

TEST(VitalsEntry, RejectsSpo2Above100AndNonNumbers) {
    EXPECT_TRUE(mentions(checkVitals({"", "", "", "101"}), "SpO2"));
    EXPECT_TRUE(mentions(checkVitals({"", "", "7x", ""}), "not a whole number"));
    EXPECT_FALSE(checkVitals({"", "", "72.5", ""}).vitals.has_value());
}

TEST(VitalsEntry, BloodPressureNeedsBothNumbersInOrder) {
    EXPECT_TRUE(mentions(checkVitals({"120", "", "", ""}), "both numbers"));
    EXPECT_TRUE(mentions(checkVitals({"80", "120", "", ""}), "swapped"));
}

TEST(VitalsEntry, EmptyEntryIsRejected) {
    EXPECT_TRUE(mentions(checkVitals({}), "at least one"));
}

TEST(VitalsReminder, DueAfterIntervalAndResetByRecording) {
    VitalsReminder reminder(15 * 60.0);
    EXPECT_FALSE(reminder.due(14 * 60.0));
    EXPECT_TRUE(reminder.due(15 * 60.0));
    reminder.recorded(16 * 60.0);
    EXPECT_FALSE(reminder.due(30 * 60.0));
    EXPECT_DOUBLE_EQ(reminder.secondsUntilDue(30 * 60.0), 60.0);
    EXPECT_TRUE(reminder.due(31 * 60.0));
}
