#include "panel/model/CommandFeedback.h"

namespace stillpoint::panel {

void CommandFeedback::say(std::string text, Clock::time_point now) {
    text_ = std::move(text);
    saidAt_ = now;
}

std::string CommandFeedback::current(Clock::time_point now) const {
    if (text_.empty() || now - saidAt_ >= shownFor_) return {};
    return text_;
}

}  // namespace stillpoint::panel
