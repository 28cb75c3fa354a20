#include "session/SessionSnapshot.h"

namespace stillpoint::session {

const char* toString(SessionState state) {
    switch (state) {
        case SessionState::NotStarted:
            return "not-started";
        case SessionState::Playing:
            return "playing";
        case SessionState::Silenced:
            return "silenced";
        case SessionState::Ending:
            return "ending";
        case SessionState::Ended:
            return "ended";
    }
    return "not-started";
}

}  // namespace stillpoint::session
