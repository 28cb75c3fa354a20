#include "program/DurationParser.h"

#include <gtest/gtest.h>

using namespace stillpoint::program;
using namespace std::chrono_literals;

namespace {

struct ValidCase {
    const char* text;
    Duration expected;
};

struct InvalidCase {
    const char* text;
    const char* errorContains;
    const char* hintContains;
};

}  // namespace

TEST(ParseDuration, ReadsTheWaysPeopleWriteDurations) {
    const ValidCase cases[] = {
        {"90s", 90s},
        {"8m", 8min},
        {"8min", 8min},
        {"1h20m", 1h + 20min},
        {"1h 20m", 1h + 20min},
        {"2.5s", 2500ms},
        {"500ms", 500ms},
        {"0s", 0s},
        {" 12s ", 12s},
        {"1h20m30s", 1h + 20min + 30s},
        {"1m 30s 250ms", 90250ms},
        {"1.5h", 90min},
        {"10 m", 10min},
    };
    for (const auto& testCase : cases) {
        const auto parsed = parseDuration(testCase.text);
        ASSERT_TRUE(parsed.value) << testCase.text << ": " << parsed.error;
        EXPECT_EQ(*parsed.value, testCase.expected) << testCase.text;
    }
}

TEST(ParseDuration, RefusesWhatItCannotReadWithAHint) {
    const InvalidCase cases[] = {
        {"", "empty", "90s"},
        {"90", "has no unit", "\"90s\" for seconds or \"90m\" for minutes"},
        {"1h20", "has no unit", "after 20"},
        {"10 minutes", "unknown unit \"minutes\"", "m (minutes)"},
        {"5sec", "unknown unit \"sec\"", "s (seconds)"},
        {"20s 1m", "out of order", "from hours"},
        {"1m1m", "out of order or repeated", "each unit once"},
        {"-5s", "negative", "0s or longer"},
        {"1:30", "not a duration", "1m30s"},
        {"abc", "expected a number", "90s"},
        {"200h", "longer than 100 hours", "check"},
    };
    for (const auto& testCase : cases) {
        const auto parsed = parseDuration(testCase.text);
        EXPECT_FALSE(parsed.value) << testCase.text;
        EXPECT_NE(parsed.error.find(testCase.errorContains), std::string::npos)
            << testCase.text << " -> " << parsed.error;
        EXPECT_NE(parsed.hint.find(testCase.hintContains), std::string::npos)
            << testCase.text << " -> " << parsed.hint;
    }
}

TEST(ParseDuration, QuotesTheTextItRefusesWhole) {
    EXPECT_EQ(parseDuration("5sec").error, "\"5sec\" uses the unknown unit \"sec\"");
    EXPECT_EQ(parseDuration("-5s").error, "the duration \"-5s\" is negative");
}

TEST(FormatDuration, WritesWhatParseDurationReadsBack) {
    EXPECT_EQ(formatDuration(0s), "0s");
    EXPECT_EQ(formatDuration(90s), "1m30s");
    EXPECT_EQ(formatDuration(1h + 20min), "1h20m");
    EXPECT_EQ(formatDuration(2500ms), "2.5s");
    EXPECT_EQ(formatDuration(500ms), "500ms");
    EXPECT_EQ(formatDuration(-90s), "-1m30s");
    for (const Duration duration : {Duration(1234567), Duration(3600000), Duration(61001)}) {
        EXPECT_EQ(parseDuration(formatDuration(duration)).value, duration) << formatDuration(duration);
    }
}
