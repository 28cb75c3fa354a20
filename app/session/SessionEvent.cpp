#include "session/SessionEvent.h"

#include <algorithm>

namespace stillpoint::session {

void SessionEvent::setDetail(std::string_view text) noexcept {
    const std::size_t length = std::min(text.size(), detail.size() - 1);
    std::copy_n(text.data(), length, detail.data());
    detail[length] = '\0';
}

}  // namespace stillpoint::session
