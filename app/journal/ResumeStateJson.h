// The session's whole state (session::ResumeState) as the journal writes it in its position and resumed
// lines ("resume_state", docs/journal.md), and read back for crash recovery. Frames are exact integers and
// gains are written with all their digits, so a state read back continues the session on the same frames
// with the same samples.
#pragma once

#include <optional>

#include "journal/JournalEntry.h"
#include "session/SessionSnapshot.h"

namespace stillpoint::journal {

Json toJson(const session::ResumeState& state);
// nullopt if `value` is not a complete, plausible state (a damaged or hand-edited line).
std::optional<session::ResumeState> resumeStateFromJson(const Json& value);

}  // namespace stillpoint::journal
