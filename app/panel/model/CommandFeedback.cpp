#include "panel/model/CommandFeedback.h"

#include <cctype>

namespace stillpoint::panel {

void CommandFeedback::say(std::string text, Clock::time_point now) {
    text_ = std::move(text);
    saidAt_ = now;
}

std::string CommandFeedback::current(Clock::time_point now) const {
    if (text_.empty() || now - saidAt_ >= shownFor_) return {};
    return text_;
}

std::optional<std::string> refusalLine(const session::SessionEvent& event) {
    if (event.kind != session::EventKind::OperatorAction) return std::nullopt;
    // The engine marks a command it did not carry out with "ignored: <why>" in the event's detail.
    constexpr std::string_view kIgnored = "ignored: ";
    const std::string_view detail = event.detailText();
    if (detail.substr(0, kIgnored.size()) != kIgnored) return std::nullopt;
    std::string why(detail.substr(kIgnored.size()));
    if (why.empty()) return std::nullopt;
    why[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(why[0])));
    if (why.back() != '.') why += '.';
    return "Not done: " + why;
}

}  // namespace stillpoint::panel
