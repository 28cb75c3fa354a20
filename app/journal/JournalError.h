// Raised when the journal cannot do what was asked. The message is complete and meant for a person:
// what went wrong, which file, and what to do about it.
#pragma once

#include <stdexcept>

namespace stillpoint::journal {

class JournalError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace stillpoint::journal
