// The program editor opened from the setup screen of `stillpoint play`: `stillpoint edit PROGRAM` as a
// process of its own (its own window, so the panel stays responsive), and whether it changed the program
// when it returned, so the panel can take the edited program up.
//
// Threads: the panel's (UI) thread.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>

namespace stillpoint::cli {

class EditorProcess {
public:
    explicit EditorProcess(std::filesystem::path program) : program_(std::move(program)) {}
    EditorProcess(const EditorProcess&) = delete;
    EditorProcess& operator=(const EditorProcess&) = delete;

    bool running() const { return pid_ > 0; }
    // Opens the editor on the program, unless it is open already. Returns why not, or an empty string.
    std::string start(const std::string& executable);
    // Once the editor has exited (looked at without waiting): whether the program's file is not what it
    // was when the editor opened it. Nothing while it runs, or once this has answered.
    std::optional<bool> returnedWithChanges();

private:
    std::filesystem::path program_;
    std::string textBefore_;
    pid_t pid_ = -1;
};

}  // namespace stillpoint::cli
