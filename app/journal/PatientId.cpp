#include "journal/PatientId.h"

#include <algorithm>

#include "journal/JournalError.h"

namespace stillpoint::journal {
namespace {

constexpr const char* kWhatToUse =
    " Use the clinic's pseudonymous code: letters, digits, '-' or '_', at most 32 characters, never the "
    "patient's name.";

// Shows the offending ID safely: control characters and non-ASCII bytes as \xNN.
std::string printable(std::string_view text) {
    std::string shown;
    for (const unsigned char c : text.substr(0, 64)) {
        if (c >= 0x20 && c < 0x7f) {
            shown += static_cast<char>(c);
        } else {
            static constexpr char kHex[] = "0123456789abcdef";
            shown += "\\x";
            shown += kHex[c >> 4];
            shown += kHex[c & 0xf];
        }
    }
    if (text.size() > 64) shown += "...";
    return shown;
}

bool isAsciiAlnum(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

std::optional<std::string> patientIdProblem(std::string_view id) {
    const std::string quoted = "patient ID \"" + printable(id) + "\"";
    if (id.empty()) return std::string("The patient ID is empty.") + kWhatToUse;
    if (id.size() > kMaxPatientIdLength) {
        return quoted + " is " + std::to_string(id.size()) + " characters long; the limit is 32." +
               kWhatToUse;
    }
    // The most telling problem first: "../x" is reported as a path, not as a stray dot.
    const auto contains = [&](auto predicate) {
        return std::any_of(id.begin(), id.end(),
                           [&](char c) { return predicate(static_cast<unsigned char>(c)); });
    };
    if (contains([](unsigned char c) { return c == '/' || c == '\\'; })) {
        return quoted + " contains a path separator." + kWhatToUse;
    }
    if (contains([](unsigned char c) { return c < 0x20 || c == 0x7f; })) {
        return quoted + " contains a control character." + kWhatToUse;
    }
    if (contains([](unsigned char c) { return c == ' '; })) {
        return quoted + " contains a space, so it may be a name, not a pseudonym." + kWhatToUse;
    }
    if (contains([](unsigned char c) { return c >= 0x80; })) {
        return quoted + " contains a non-ASCII character." + kWhatToUse;
    }
    for (const unsigned char c : id) {
        if (!isAsciiAlnum(c) && c != '-' && c != '_') {
            return quoted + " contains '" + static_cast<char>(c) + "', which is not allowed." + kWhatToUse;
        }
    }
    if (!isAsciiAlnum(static_cast<unsigned char>(id.front()))) {
        return quoted + " must start with a letter or a digit." + kWhatToUse;
    }
    return std::nullopt;
}

void requireValidPatientId(std::string_view id) {
    if (auto problem = patientIdProblem(id)) throw JournalError(*problem);
}

}  // namespace stillpoint::journal
