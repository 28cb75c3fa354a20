#include "panel/model/SetupCheck.h"

namespace stillpoint::panel {

namespace {
// The same rules as the journal's (journal/PatientId.h), which names the session folder after the ID.
constexpr std::size_t kMaxPatientIdLength = 32;

bool isIdCharacter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool isBlank(std::string_view text) {
    return text.find_first_not_of(" \t") == std::string_view::npos;
}
}  // namespace

std::optional<std::string> patientIdProblem(std::string_view patientId) {
    if (patientId.empty()) return "Enter the patient's pseudonymous ID.";
    if (patientId.size() > kMaxPatientIdLength)
        return "The patient ID is longer than " + std::to_string(kMaxPatientIdLength) + " characters.";
    if (patientId.front() == '-' || patientId.front() == '_')
        return "The patient ID must start with a letter or a digit.";
    for (std::size_t i = 0; i < patientId.size(); ++i) {
        const char c = patientId[i];
        if (!isIdCharacter(c)) {
            const std::string shown = c == ' ' ? "a space" : "'" + std::string(1, c) + "'";
            return "The patient ID may hold only letters, digits, '-' and '_' (it has " + shown +
                   " at position " + std::to_string(i + 1) + "). Use the clinic's pseudonym, not a name.";
        }
    }
    return std::nullopt;
}

SetupCheck checkSetup(const SessionSetup& setup) {
    SetupCheck check;
    if (!setup.programProblem.empty()) check.problems.push_back(setup.programProblem);
    if (auto problem = patientIdProblem(setup.patientId)) check.problems.push_back(*problem);
    if (isBlank(setup.clinician)) check.problems.push_back("Enter the clinician's name.");
    switch (setup.musicConsent) {
        case MusicConsent::Unanswered:
            check.problems.push_back("Record whether the patient consented to music.");
            break;
        case MusicConsent::Yes:
            break;
        case MusicConsent::No:
            if (setup.withoutMusicConfirmed)
                check.withoutMusic = true;
            else
                check.problems.push_back("No consent to music: confirm that the session runs without music.");
            break;
    }
    if (setup.levelCheckPlaying)
        check.problems.push_back("The level check is playing: stop it before starting the session.");
    check.canStart = check.problems.empty();
    return check;
}

}  // namespace stillpoint::panel
