// Vital signs as typed by the operator, checked against ranges a living, monitored patient can have, and
// the reminder that vitals are due.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "panel/model/OperatorRecord.h"

namespace stillpoint::panel {

// The fields as typed; an empty field was not measured.
struct VitalsInput {
    std::string systolic;
    std::string diastolic;
    std::string heartRate;
    std::string spo2;
};

struct VitalsCheck {
    std::optional<Vitals> vitals;       // set when the entry is acceptable
    std::vector<std::string> problems;  // one line per field that is wrong, saying what to enter
};

// Accepts any subset of the fields (blood pressure needs both numbers), at least one value.
VitalsCheck checkVitals(const VitalsInput& input);

// Due once `interval` has passed since the session started or since the last vitals were recorded.
class VitalsReminder {
public:
    explicit VitalsReminder(double intervalSeconds = 15 * 60.0) : intervalSeconds_(intervalSeconds) {}
    void recorded(double sessionSeconds) { lastRecordedAt_ = sessionSeconds; }
    bool due(double sessionSeconds) const { return sessionSeconds - lastRecordedAt_ >= intervalSeconds_; }
    double secondsUntilDue(double sessionSeconds) const {
        return lastRecordedAt_ + intervalSeconds_ - sessionSeconds;
    }
    double intervalSeconds() const { return intervalSeconds_; }

private:
    double intervalSeconds_;
    double lastRecordedAt_ = 0.0;
};

}  // namespace stillpoint::panel
