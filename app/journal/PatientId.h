// Patient IDs are pseudonyms the clinic assigns (e.g. "KX-0042"); they name folders on disk, so they are
// checked strictly and never allowed to look like a person's name or a path.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace stillpoint::journal {

inline constexpr std::size_t kMaxPatientIdLength = 32;

// Why `id` cannot be used as a patient ID (a complete sentence for the operator), or nullopt if it can.
// Allowed: 1..32 ASCII letters, digits, '-' and '_', starting with a letter or digit.
std::optional<std::string> patientIdProblem(std::string_view id);

// Throws JournalError with patientIdProblem()'s message.
void requireValidPatientId(std::string_view id);

}  // namespace stillpoint::journal
