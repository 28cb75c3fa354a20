#include "panel/model/PreviewControls.h"

#include <algorithm>

#include "program/DurationParser.h"
#include "session/TrackRef.h"

namespace stillpoint::panel {

using session::PreviewChoice;
using session::TrackRef;
using session::TrackRole;

PreviewControls::PreviewControls(const program::Program& program) : program_(program) {
    for (const PreviewChoice choice :
         {PreviewChoice::Next, PreviewChoice::Alternate, PreviewChoice::Grounding})
        options_.push_back({{choice, {}, {}}, std::string(session::previewChoiceLabel(choice)), false});
    for (std::size_t p = 0; p < program.phases.size(); ++p) {
        const program::Phase& phase = program.phases[p];
        for (std::size_t t = 0; t < phase.tracks.size(); ++t) {
            const auto phaseIndex = static_cast<std::int16_t>(p);
            const auto trackIndex = static_cast<std::int16_t>(t);
            const std::string place = phase.name + " " + std::to_string(t + 1);
            options_.push_back(
                {{PreviewChoice::Track, TrackRef{TrackRole::Phase, phaseIndex, trackIndex, -1}, {}},
                 place + ": " + session::displayName(phase.tracks[t]),
                 true});
            for (std::size_t a = 0; a < phase.tracks[t].alternates.size(); ++a) {
                options_.push_back(
                    {{PreviewChoice::Track,
                      TrackRef{TrackRole::Alternate, phaseIndex, trackIndex, static_cast<std::int16_t>(a)},
                      {}},
                     place + " (calmer " + std::to_string(a + 1) +
                         "): " + session::displayName(phase.tracks[t].alternates[a]),
                     true});
            }
        }
    }
}

std::string PreviewControls::trackName(TrackRef ref) const {
    const program::Track* track = session::resolve(program_, ref);
    return track != nullptr ? session::displayName(*track) : std::string();
}

void PreviewControls::update(const session::PreviewSnapshot& snapshot) {
    snapshot_ = snapshot;
    // The choices by what they are name a track that changes as the session goes on.
    for (int choice = 0; choice < 3; ++choice) {
        PreviewOption& option = options_[static_cast<std::size_t>(choice)];
        const TrackRef named = snapshot.candidates[static_cast<std::size_t>(choice)];
        const std::string name = trackName(named);
        const std::string label(session::previewChoiceLabel(option.request.choice));
        option.playable = !name.empty();
        option.label = label + ": " + (name.empty() ? std::string("none") : name);
    }
}

void PreviewControls::select(int index) {
    selected_ = std::clamp(index, 0, static_cast<int>(options_.size()) - 1);
}

session::PreviewRequest PreviewControls::request() const {
    session::PreviewRequest request = options_[static_cast<std::size_t>(selected_)].request;
    request.from = from_;
    return request;
}

bool PreviewControls::canPlay() const {
    return available() && options_[static_cast<std::size_t>(selected_)].playable;
}

std::string PreviewControls::status() const {
    if (!available()) return kNoPreviewOutput;
    if (!snapshot_.deviceConnected) return "Preview output lost";
    if (!playing()) return "Not previewing";
    return "Previewing " + trackName(snapshot_.track);
}

double PreviewControls::fraction() const {
    if (!playing() || snapshot_.durationSeconds <= 0.0) return 0.0;
    return std::clamp(snapshot_.positionSeconds / snapshot_.durationSeconds, 0.0, 1.0);
}

std::string PreviewControls::position() const {
    if (!playing()) return "";
    std::string text = program::formatClock(snapshot_.positionSeconds);
    if (snapshot_.durationSeconds > 0.0) text += " / " + program::formatClock(snapshot_.durationSeconds);
    return text;
}

}  // namespace stillpoint::panel
