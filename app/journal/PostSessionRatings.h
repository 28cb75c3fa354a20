// How the music landed, as the patient tells it after the session: per phase, how much they liked the
// music, how well it resonated with the experience and how open they were to it (0-10 each, as in Kaelen
// et al. 2018, where these ratings predicted outcome), in their words too; and moments of the music that
// were unwelcome. Shared by the panel's post-session form and the journal that keeps the answers.
// Header-only, so the panel's view-model uses it without linking the journal.
#pragma once

#include <optional>
#include <string>

namespace stillpoint::journal {

inline constexpr int kRatingMin = 0;
inline constexpr int kRatingMax = 10;

// Any rating may be left out: the form is optional, and so is each of its questions.
struct PhaseRating {
    int phase = -1;  // index in the program
    std::string phaseName;
    std::optional<int> liking;     // 0 not at all .. 10 very much
    std::optional<int> resonance;  // with what was experienced
    std::optional<int> openness;   // to the music
    std::string words;             // free text, the patient's own words
};

// A moment of the music the patient did not welcome, placed on the session's timeline.
struct UnwelcomeMoment {
    double sessionSeconds = 0.0;
    std::string words;
};

}  // namespace stillpoint::journal
