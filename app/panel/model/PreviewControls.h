// The preview controls of the session screen, without drawing: what the operator can choose to hear on
// the preview output (the next track, the calmer alternate, the grounding track, or any track of the
// program), and what each choice names at this moment; from where (where the program brings it in, or the
// start of its file); what plays and the position bar's figures; and, without a preview output, only
// that there is none. Fed each frame from the session's snapshot; the panel draws it, the model sends.
// Threads: the control (UI) thread only.
#pragma once

#include <string>
#include <vector>

#include "program/Program.h"
#include "session/PreviewRequest.h"
#include "session/SessionSnapshot.h"

namespace stillpoint::panel {

struct PreviewOption {
    session::PreviewRequest request;  // `from` is the controls' own
    std::string label;                // "Next track: Morning Light", "Peak 2 (calmer 1): Still Water"
    bool playable = false;            // it names a track now
};

class PreviewControls {
public:
    explicit PreviewControls(const program::Program& program);

    void update(const session::PreviewSnapshot& snapshot);

    bool available() const { return snapshot_.available; }
    static constexpr const char* kNoPreviewOutput = "No preview output";

    // The three choices by what they are, then every track of the program.
    const std::vector<PreviewOption>& options() const { return options_; }
    int selected() const { return selected_; }
    void select(int index);
    session::PreviewFrom from() const { return from_; }
    void setFrom(session::PreviewFrom from) { from_ = from; }
    // What Play sends: the selected option, from where chosen.
    session::PreviewRequest request() const;
    bool canPlay() const;

    bool playing() const { return snapshot_.playing && !snapshot_.stopping; }
    // "Previewing Morning Light", "Not previewing"; "Preview output lost" while its device is away.
    std::string status() const;
    double fraction() const;       // of the position bar, 0..1
    std::string position() const;  // "0:12 / 3:40"
    double volume() const { return snapshot_.volume; }

private:
    std::string trackName(session::TrackRef ref) const;

    const program::Program& program_;
    session::PreviewSnapshot snapshot_;
    std::vector<PreviewOption> options_;
    int selected_ = 0;
    session::PreviewFrom from_ = session::PreviewFrom::Entry;
};

}  // namespace stillpoint::panel
