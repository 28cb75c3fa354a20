// A child process the kill tests read and SIGKILL: its standard output line by line, and the kill at a
// line of the test's choosing.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace stillpoint::journal::testing {

// Runs `program` with `arguments`, hands each line it writes to `onLine`, and SIGKILLs it the first time
// `onLine` returns true (the child runs on while the test gets there: the kill lands anywhere). Returns
// the child's wait status once its output has ended.
inline int runChildKillingOnLine(const char* program, const std::vector<std::string>& arguments,
                                 const std::function<bool(const char* line)>& onLine) {
    int pipeEnds[2];
    if (::pipe(pipeEnds) != 0) throw std::runtime_error("pipe failed");
    std::vector<char*> argv{const_cast<char*>(program)};
    for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    const pid_t child = ::fork();
    if (child == 0) {
        ::dup2(pipeEnds[1], STDOUT_FILENO);
        ::close(pipeEnds[0]);
        ::close(pipeEnds[1]);
        ::execv(program, argv.data());
        ::_exit(127);
    }
    ::close(pipeEnds[1]);
    FILE* lines = ::fdopen(pipeEnds[0], "r");
    char line[256];
    bool killed = false;
    while (std::fgets(line, sizeof line, lines)) {
        // Every line is handed on, those the child wrote after the kill was decided too: they left it
        // before it died.
        if (onLine(line) && !killed) {
            ::kill(child, SIGKILL);
            killed = true;
        }
    }
    std::fclose(lines);
    int status = 0;
    ::waitpid(child, &status, 0);
    return status;
}

inline bool killedBySigkill(int status) {
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

}  // namespace stillpoint::journal::testing
