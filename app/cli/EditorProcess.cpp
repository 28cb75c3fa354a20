#include "cli/EditorProcess.h"

#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "program/ProgramParser.h"
#include "program/TextFileReader.h"

extern char** environ;

namespace stillpoint::cli {

namespace {

std::string programText(const std::filesystem::path& file) {
    return program::readTextFile(file, program::kMaxProgramFileBytes).text;
}

}  // namespace

std::string EditorProcess::start(const std::string& executable) {
    if (running()) return {};
    textBefore_ = programText(program_);
    std::vector<std::string> arguments = {executable, "edit", program_.string()};
    std::vector<char*> argv;
    for (auto& argument : arguments) argv.push_back(argument.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int failed = ::posix_spawn(&pid, executable.c_str(), nullptr, nullptr, argv.data(), environ);
    if (failed != 0) return std::string("the editor cannot be started: ") + std::strerror(failed);
    pid_ = pid;
    return {};
}

std::optional<bool> EditorProcess::returnedWithChanges() {
    if (!running()) return std::nullopt;
    int status = 0;
    const pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == 0 || (done < 0 && errno == EINTR)) return std::nullopt;
    pid_ = -1;
    return programText(program_) != textBefore_;
}

}  // namespace stillpoint::cli
