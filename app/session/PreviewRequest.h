// What the operator asks to hear on the preview output (their own headphones): a track named by what it
// is to the session now (the next track, the current track's calmer alternate, the grounding track) or
// any track of the program, from the file's first frame or from where the program brings it in.
// Plain data: it travels in a SessionCommand to the audio thread and back in the OperatorAction event.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "session/TrackRef.h"

namespace stillpoint::session {

enum class PreviewChoice : std::uint8_t {
    Next,       // the track skip would go to (before the start: the first track)
    Alternate,  // the calmer alternate a swap would play
    Grounding,  // the program's grounding track
    Track,      // PreviewRequest::track, named
};
inline constexpr int kPreviewChoiceCount = 4;

// Entry: where the program brings the track in (its `start`, the in point; the file's start when it has
// none). FileStart: the file's first frame, before the in point too.
enum class PreviewFrom : std::uint8_t { Entry, FileStart };

struct PreviewRequest {
    PreviewChoice choice = PreviewChoice::Next;
    TrackRef track;  // PreviewChoice::Track only
    PreviewFrom from = PreviewFrom::Entry;
    friend bool operator==(const PreviewRequest&, const PreviewRequest&) = default;
};

// The names in action scripts and the journal ("next", "alternate", "grounding", "track"; "entry",
// "start"), and for people on the panel ("Next track", ...).
inline constexpr std::array<std::string_view, kPreviewChoiceCount> kPreviewChoiceNames = {
    "next", "alternate", "grounding", "track"};
inline constexpr std::array<std::string_view, kPreviewChoiceCount> kPreviewChoiceLabels = {
    "Next track", "Calmer alternate", "Grounding", "Track"};

constexpr std::string_view previewChoiceName(PreviewChoice choice) {
    return kPreviewChoiceNames[static_cast<std::size_t>(choice)];
}
constexpr std::string_view previewChoiceLabel(PreviewChoice choice) {
    return kPreviewChoiceLabels[static_cast<std::size_t>(choice)];
}
constexpr std::optional<PreviewChoice> previewChoiceNamed(std::string_view name) {
    for (std::size_t i = 0; i < kPreviewChoiceNames.size(); ++i)
        if (kPreviewChoiceNames[i] == name) return static_cast<PreviewChoice>(i);
    return std::nullopt;
}
constexpr std::string_view previewFromName(PreviewFrom from) {
    return from == PreviewFrom::FileStart ? "start" : "entry";
}
constexpr std::optional<PreviewFrom> previewFromNamed(std::string_view name) {
    if (name == "entry") return PreviewFrom::Entry;
    if (name == "start") return PreviewFrom::FileStart;
    return std::nullopt;
}

}  // namespace stillpoint::session
