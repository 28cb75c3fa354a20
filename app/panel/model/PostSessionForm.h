// The post-session form: how the music landed, filled in by the therapist with the patient after the
// session. Per phase three ratings 0-10 (liking, resonance with the experience, openness to the music)
// and the patient's words; and moments of the music that were unwelcome, placed on the session's time.
// Everything is optional. Saving journals what changed since the last save; saving again corrects it
// (the report shows a phase's latest rating). No ImGui here: PostSessionView draws it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "journal/PostSessionRatings.h"
#include "panel/model/SessionDisplay.h"

namespace stillpoint::panel {

using journal::PhaseRating;
using journal::UnwelcomeMoment;

enum class RatingQuestion { Liking, Resonance, Openness };
inline constexpr RatingQuestion kRatingQuestions[] = {RatingQuestion::Liking, RatingQuestion::Resonance,
                                                      RatingQuestion::Openness};

// The question as the therapist asks it, and the words at each end of its 0-10 scale.
struct QuestionWording {
    const char* label;  // "Liking"
    const char* question;
    const char* low;
    const char* high;
};
QuestionWording wordingOf(RatingQuestion question);

// Where the answers go: the session journal (JournalRecorder), or a fake in tests. Throws on failure.
class PostSessionRecorder {
public:
    virtual ~PostSessionRecorder() = default;
    virtual void recordPhaseRating(const PhaseRating& rating) = 0;
    virtual void recordUnwelcomeMoment(const UnwelcomeMoment& moment) = 0;
};

// "12:34" or "1:02:03" (or plain seconds) as session seconds; nullopt if it is not a time.
std::optional<double> parseSessionTime(std::string_view text);

// A phase the form asks about: its index in the program, its name, and when it played (session seconds).
struct FormPhase {
    int index = 0;
    std::string name;
    double start = 0.0;
    double end = 0.0;
};

class PostSessionForm {
public:
    static constexpr std::size_t kMaxWords = 2000;  // bytes of free text per answer

    // The phases as the program names them, in order; the session's length bounds the unwelcome moments.
    PostSessionForm(std::vector<std::string> phaseNames, double sessionSeconds);
    PostSessionForm(std::vector<FormPhase> phases, double sessionSeconds);
    // The form for a session that has ended: the phases that were played (never the ones it did not reach),
    // each with its program index and when it played, and the session's length.
    static PostSessionForm forSession(const SessionDisplay& display);

    const FormPhase& phase(int phase) const { return phases_.at(static_cast<std::size_t>(phase)); }
    // The form's phase playing at a session time (for a moment picked on the timeline); -1 if none.
    int phaseAt(double sessionSeconds) const;
    // A point on the session's timeline, 0 (start) .. 1 (end), as a whole session second.
    double timeAt(double fraction) const;

    int phaseCount() const { return static_cast<int>(ratings_.size()); }
    const PhaseRating& rating(int phase) const { return ratings_.at(static_cast<std::size_t>(phase)).rating; }
    std::optional<int> score(int phase, RatingQuestion question) const;
    // Clamped to 0..10; nullopt clears the answer.
    void setScore(int phase, RatingQuestion question, std::optional<int> value);
    void setWords(int phase, std::string_view words);  // cut at kMaxWords, on a whole UTF-8 character

    // An unwelcome moment at a session time; false (and nothing added) outside 0..session length.
    bool addMoment(double sessionSeconds, std::string_view words);
    // Removes a moment not yet saved; false if it was saved (the journal keeps what it was given).
    bool removeMoment(std::size_t index);
    const std::vector<UnwelcomeMoment>& moments() const { return moments_; }
    bool momentSaved(std::size_t index) const { return index < savedMoments_; }
    double sessionSeconds() const { return sessionSeconds_; }

    // Something answered or added since the last save.
    bool unsaved() const;
    // Journals each phase whose answers changed and each new moment. On a failure the rest stays
    // unsaved, the message is kept (lastError) and false returned.
    bool save(PostSessionRecorder& recorder);
    const std::string& lastError() const { return lastError_; }

private:
    struct Entry {
        PhaseRating rating;
        bool changed = false;
    };
    Entry& entry(int phase);

    std::vector<FormPhase> phases_;
    std::vector<Entry> ratings_;
    std::vector<UnwelcomeMoment> moments_;
    std::size_t savedMoments_ = 0;
    double sessionSeconds_;
    std::string lastError_;
};

}  // namespace stillpoint::panel
