// The built executable run in a pseudo-terminal, as a person runs it at a terminal: keys typed into it,
// what it shows read as it comes. For the headless player's call key and the monitor's --control keys.
// Header-only.
#pragma once

#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

namespace stillpoint::testing {

class TerminalProcess {
public:
    // `environment`: NAME=value settings added to the child's.
    TerminalProcess(std::vector<std::string> argv, const std::vector<std::string>& environment) {
        pid_ = ::forkpty(&terminal_, nullptr, nullptr, nullptr);
        if (pid_ == 0) {
            for (const auto& setting : environment) ::putenv(const_cast<char*>(setting.c_str()));
            std::vector<char*> args;
            for (auto& argument : argv) args.push_back(argument.data());
            args.push_back(nullptr);
            ::execv(args[0], args.data());
            ::_exit(127);
        }
    }
    ~TerminalProcess() {
        if (pid_ > 0 && !reaped_) {
            ::kill(pid_, SIGKILL);
            wait();
        }
        if (terminal_ >= 0) ::close(terminal_);
    }
    TerminalProcess(const TerminalProcess&) = delete;
    TerminalProcess& operator=(const TerminalProcess&) = delete;

    bool started() const { return pid_ > 0; }
    // Reads the terminal until `text` has appeared or `timeout` passes; whether it appeared.
    bool readUntil(const std::string& text, std::chrono::milliseconds timeout) {
        const auto until = std::chrono::steady_clock::now() + timeout;
        while (output_.find(text) == std::string::npos) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                until - std::chrono::steady_clock::now());
            if (left.count() <= 0) return false;
            pollfd waiting{terminal_, POLLIN, 0};
            if (::poll(&waiting, 1, static_cast<int>(left.count())) <= 0) continue;
            char buffer[4096];
            const ssize_t got = ::read(terminal_, buffer, sizeof buffer);
            if (got <= 0) return false;
            output_.append(buffer, static_cast<std::size_t>(got));
        }
        return true;
    }
    // Types `keys` (as the terminal sends them: "\x1b[15~" is F5).
    bool type(const std::string& keys) {
        return ::write(terminal_, keys.data(), keys.size()) == static_cast<ssize_t>(keys.size());
    }
    void signal(int number) {
        if (!reaped_) ::kill(pid_, number);
    }
    // Waits for it to exit; its exit code, or -1 if it did not exit normally.
    int wait() {
        int status = 0;
        ::waitpid(pid_, &status, 0);
        reaped_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    const std::string& output() const { return output_; }

private:
    pid_t pid_ = -1;
    int terminal_ = -1;
    bool reaped_ = false;
    std::string output_;
};

}  // namespace stillpoint::testing
