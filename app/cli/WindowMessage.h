// Problems said where the person who started Stillpoint will see them. Started from the applications
// menu there is no terminal: what a terminal user reads on stderr (no program, no sound output, a program
// with errors) is shown in a message box too.
#pragma once

#include <string>

namespace stillpoint::cli {

// Prints `text` on stderr, and when `inWindow`, shows it in a message box titled `title` until dismissed.
void tellOperator(bool inWindow, const std::string& title, const std::string& text);

}  // namespace stillpoint::cli
