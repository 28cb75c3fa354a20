// Draws the post-session form ("How the music landed") with Dear ImGui, inside whatever window the
// panel's end-of-session screen gives it. The form's rules live in PostSessionForm; this only draws
// and forwards what the therapist types and clicks.
#pragma once

#include <string>

#include "panel/model/PostSessionForm.h"

namespace stillpoint::panel {

class PostSessionView {
public:
    // Draws the form and, when Save is pressed, saves it through `recorder`.
    void draw(PostSessionForm& form, PostSessionRecorder& recorder);

private:
    std::string momentTime_;
    std::string momentWords_;
    std::string momentProblem_;
    std::string saved_;
};

}  // namespace stillpoint::panel
