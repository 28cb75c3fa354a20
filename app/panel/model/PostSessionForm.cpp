#include "panel/model/PostSessionForm.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <exception>
#include <stdexcept>

namespace stillpoint::panel {

QuestionWording wordingOf(RatingQuestion question) {
    switch (question) {
        case RatingQuestion::Liking:
            return {"Liking", "How much did you like the music?", "not at all", "very much"};
        case RatingQuestion::Resonance:
            return {"Resonance", "How well did the music fit what you were going through?", "not at all",
                    "completely"};
        case RatingQuestion::Openness:
            return {"Openness", "How open were you to the music, how far did you let it in?", "closed",
                    "fully open"};
    }
    return {"", "", "", ""};
}

std::optional<double> parseSessionTime(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    if (text.empty()) return std::nullopt;
    double total = 0.0;
    int fields = 0;
    while (true) {
        const auto colon = text.find(':');
        const std::string_view part = text.substr(0, colon);
        long value = 0;
        const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
        if (part.empty() || error != std::errc() || end != part.data() + part.size() || value < 0)
            return std::nullopt;
        if (fields > 0 && value >= 60) return std::nullopt;  // minutes and seconds after the first field
        total = total * 60 + static_cast<double>(value);
        if (++fields > 3) return std::nullopt;
        if (colon == std::string_view::npos) break;
        text.remove_prefix(colon + 1);
    }
    return total;
}

namespace {
std::vector<FormPhase> phasesNamed(std::vector<std::string> names) {
    std::vector<FormPhase> phases;
    for (auto& name : names) phases.push_back({static_cast<int>(phases.size()), std::move(name), 0.0, 0.0});
    return phases;
}
}  // namespace

PostSessionForm::PostSessionForm(std::vector<std::string> phaseNames, double sessionSeconds)
    : PostSessionForm(phasesNamed(std::move(phaseNames)), sessionSeconds) {}

PostSessionForm::PostSessionForm(std::vector<FormPhase> phases, double sessionSeconds)
    : phases_(std::move(phases)), sessionSeconds_(std::max(0.0, sessionSeconds)) {
    for (const auto& phase : phases_) {
        Entry made;
        made.rating.phase = phase.index;
        made.rating.phaseName = phase.name;
        ratings_.push_back(std::move(made));
    }
}

PostSessionForm PostSessionForm::forSession(const SessionDisplay& display) {
    std::vector<FormPhase> played;
    for (std::size_t i = 0; i < display.timeline.size(); ++i) {
        const auto& phase = display.timeline[i];
        if (!phase.started) continue;
        played.push_back({static_cast<int>(i), phase.name, phase.actualStart,
                          std::min(phase.actualEnd, display.sessionSeconds)});
    }
    return PostSessionForm(std::move(played), display.sessionSeconds);
}

int PostSessionForm::phaseAt(double sessionSeconds) const {
    for (int i = phaseCount() - 1; i >= 0; --i)
        if (sessionSeconds >= phases_[static_cast<std::size_t>(i)].start) return i;
    return -1;
}

double PostSessionForm::timeAt(double fraction) const {
    return std::floor(std::clamp(fraction, 0.0, 1.0) * sessionSeconds_);
}

PostSessionForm::Entry& PostSessionForm::entry(int phase) {
    if (phase < 0 || phase >= phaseCount()) throw std::out_of_range("no such phase in the post-session form");
    return ratings_[static_cast<std::size_t>(phase)];
}

std::optional<int> PostSessionForm::score(int phase, RatingQuestion question) const {
    const auto& r = rating(phase);
    switch (question) {
        case RatingQuestion::Liking:
            return r.liking;
        case RatingQuestion::Resonance:
            return r.resonance;
        case RatingQuestion::Openness:
            return r.openness;
    }
    return std::nullopt;
}

void PostSessionForm::setScore(int phase, RatingQuestion question, std::optional<int> value) {
    Entry& e = entry(phase);
    if (value) value = std::clamp(*value, journal::kRatingMin, journal::kRatingMax);
    std::optional<int>* slot = question == RatingQuestion::Liking      ? &e.rating.liking
                               : question == RatingQuestion::Resonance ? &e.rating.resonance
                                                                       : &e.rating.openness;
    if (*slot == value) return;
    *slot = value;
    e.changed = true;
}

void PostSessionForm::setWords(int phase, std::string_view words) {
    Entry& e = entry(phase);
    std::string cut(words.substr(0, std::min(words.size(), kMaxWords)));
    if (words.size() > kMaxWords) {
        while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80) cut.pop_back();
        if (!cut.empty() && static_cast<unsigned char>(cut.back()) >= 0xC0) cut.pop_back();
    }
    if (e.rating.words == cut) return;
    e.rating.words = std::move(cut);
    e.changed = true;
}

bool PostSessionForm::addMoment(double sessionSeconds, std::string_view words) {
    if (!std::isfinite(sessionSeconds) || sessionSeconds < 0 || sessionSeconds > sessionSeconds_ + 0.5)
        return false;
    moments_.push_back({sessionSeconds, std::string(words.substr(0, std::min(words.size(), kMaxWords)))});
    return true;
}

bool PostSessionForm::removeMoment(std::size_t index) {
    if (index >= moments_.size() || momentSaved(index)) return false;
    moments_.erase(moments_.begin() + static_cast<std::ptrdiff_t>(index));
    return true;
}

bool PostSessionForm::unsaved() const {
    return savedMoments_ < moments_.size() ||
           std::any_of(ratings_.begin(), ratings_.end(), [](const Entry& e) { return e.changed; });
}

bool PostSessionForm::save(PostSessionRecorder& recorder) {
    lastError_.clear();
    try {
        for (auto& e : ratings_) {
            if (!e.changed) continue;
            recorder.recordPhaseRating(e.rating);
            e.changed = false;
        }
        while (savedMoments_ < moments_.size()) {
            recorder.recordUnwelcomeMoment(moments_[savedMoments_]);
            ++savedMoments_;
        }
    } catch (const std::exception& error) {
        lastError_ = error.what();
        return false;
    }
    return true;
}

}  // namespace stillpoint::panel
