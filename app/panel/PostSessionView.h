// Draws the post-session form ("How the music landed") with Dear ImGui, inside whatever region the
// panel's end-of-session screen gives it. The form's rules live in PostSessionForm; this only draws and
// forwards what the therapist types and clicks. An unwelcome moment's time is typed (m:ss) or picked by
// clicking the session's timeline, drawn here with its phases.
#pragma once

#include <string>

#include "panel/PanelTheme.h"
#include "panel/model/PostSessionForm.h"

namespace stillpoint::panel {

class PostSessionView {
public:
    // Draws the form and, when Save is pressed, saves it through `recorder`.
    void draw(PostSessionForm& form, PostSessionRecorder& recorder, const PanelFonts& fonts);
    // Saves what is answered and not yet saved (before the report is made, or the window closes), saying
    // so on the form. True if nothing is left unsaved.
    bool saveUnsaved(PostSessionForm& form, PostSessionRecorder& recorder);

private:
    void drawMomentTimeline(PostSessionForm& form, float scale);
    void drawMoments(PostSessionForm& form, float scale);

    std::string momentTime_;
    std::string momentWords_;
    std::string momentProblem_;
    std::string saved_;
    bool savedOk_ = true;
};

}  // namespace stillpoint::panel
