#include "panel/model/VitalsEntry.h"

#include <charconv>

namespace stillpoint::panel {

namespace {

struct Range {
    const char* name;
    const char* unit;
    int low;
    int high;
};

// Wide enough for any real reading in a monitored session, narrow enough to catch a typo (a missing or
// extra digit, systolic and diastolic swapped).
constexpr Range kSystolic{"Systolic pressure", "mmHg", 60, 250};
constexpr Range kDiastolic{"Diastolic pressure", "mmHg", 30, 150};
constexpr Range kHeartRate{"Heart rate", "bpm", 30, 220};
constexpr Range kSpo2{"SpO2", "%", 50, 100};

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

// Empty -> nullopt without a problem; anything else must be a whole number inside the range.
std::optional<int> parseField(const std::string& raw, const Range& range,
                              std::vector<std::string>& problems) {
    const std::string text = trimmed(raw);
    if (text.empty()) return std::nullopt;
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) {
        problems.push_back(std::string(range.name) + ": '" + text + "' is not a whole number.");
        return std::nullopt;
    }
    if (value < range.low || value > range.high) {
        problems.push_back(std::string(range.name) + " " + std::to_string(value) + " " + range.unit +
                           " is outside " + std::to_string(range.low) + "-" + std::to_string(range.high) +
                           " " + range.unit + ": check the reading.");
        return std::nullopt;
    }
    return value;
}

}  // namespace

VitalsCheck checkVitals(const VitalsInput& input) {
    VitalsCheck check;
    Vitals vitals;
    vitals.systolic = parseField(input.systolic, kSystolic, check.problems);
    vitals.diastolic = parseField(input.diastolic, kDiastolic, check.problems);
    vitals.heartRate = parseField(input.heartRate, kHeartRate, check.problems);
    vitals.spo2 = parseField(input.spo2, kSpo2, check.problems);

    const bool hasSystolic = !trimmed(input.systolic).empty();
    const bool hasDiastolic = !trimmed(input.diastolic).empty();
    if (hasSystolic != hasDiastolic)
        check.problems.push_back("Blood pressure needs both numbers, systolic and diastolic.");
    if (vitals.systolic && vitals.diastolic && *vitals.diastolic >= *vitals.systolic)
        check.problems.push_back("Diastolic pressure must be lower than systolic: are they swapped?");
    if (trimmed(input.systolic).empty() && trimmed(input.diastolic).empty() &&
        trimmed(input.heartRate).empty() && trimmed(input.spo2).empty())
        check.problems.push_back("Enter at least one reading.");

    if (check.problems.empty()) check.vitals = vitals;
    return check;
}

}  // namespace stillpoint::panel
