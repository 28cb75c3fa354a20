// A real X server (Xvfb) with the real `stillpoint play` window in it, driven by xdotool as a person
// would drive it: for the tests that type and click into the operator panel. Every wait has a deadline
// and polls (no fixed sleeps); the server and the panel are stopped when the test ends, whatever
// happened. Header-only, for the real-window tests of the panel.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace stillpoint::panel::testing {

using Seconds = std::chrono::duration<double>;

inline bool haveTool(const std::string& tool) {
    return std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) == 0;
}

// Polls `done` every 50 ms until it is true or `timeout` has passed; returns whether it became true.
inline bool waitUntil(const std::function<bool()>& done, Seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        if (done()) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

// A program run in the background, its output in `log`; stopped (TERM, then KILL) when destroyed.
class ChildProcess {
public:
    // `environment`: NAME=value settings added to this process's environment. `passFd`: a descriptor the
    // child keeps open (as itself), or -1.
    ChildProcess(const std::vector<std::string>& argv, const std::vector<std::string>& environment,
                 const std::filesystem::path& log, int passFd = -1) {
        pid_ = ::fork();
        if (pid_ < 0) throw std::runtime_error("fork failed");
        if (pid_ == 0) {
            const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
            const int in = ::open("/dev/null", O_RDONLY);
            ::dup2(in, STDIN_FILENO);
            ::dup2(out, STDOUT_FILENO);
            ::dup2(out, STDERR_FILENO);
            for (int fd = 3; fd < 1024; ++fd)
                if (fd != passFd) ::close(fd);
            for (const auto& setting : environment) ::putenv(const_cast<char*>(setting.c_str()));
            std::vector<char*> args;
            for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
            args.push_back(nullptr);
            ::execvp(args[0], args.data());
            std::fprintf(stderr, "cannot run %s\n", args[0]);
            ::_exit(127);
        }
    }
    ~ChildProcess() { stop(); }
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    bool running() {
        if (exited_) return false;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            exited_ = true;
            status_ = status;
        }
        return !exited_;
    }
    bool waitForExit(Seconds timeout) {
        return waitUntil([&] { return !running(); }, timeout);
    }
    // The exit code, or -1 if it has not exited normally.
    int exitCode() const { return exited_ && WIFEXITED(status_) ? WEXITSTATUS(status_) : -1; }
    void signal(int number) {
        if (running()) ::kill(pid_, number);
    }
    void stop() {
        signal(SIGTERM);
        if (waitForExit(Seconds(5))) return;
        signal(SIGKILL);
        waitForExit(Seconds(5));
    }

private:
    pid_t pid_ = -1;
    bool exited_ = false;
    int status_ = 0;
};

// An X server of its own (Xvfb on the first free display, which it reports once it accepts clients).
class VirtualScreen {
public:
    VirtualScreen(int width, int height, const std::filesystem::path& log) {
        int ready[2];
        if (::pipe(ready) != 0) throw std::runtime_error("pipe failed");
        const std::string screen = std::to_string(width) + "x" + std::to_string(height) + "x24";
        server_.emplace(std::vector<std::string>{"Xvfb", "-displayfd", std::to_string(ready[1]), "-screen",
                                                 "0", screen, "-nolisten", "tcp"},
                        std::vector<std::string>{}, log, ready[1]);
        ::close(ready[1]);
        std::string number;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (number.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
            pollfd wait{ready[0], POLLIN, 0};
            if (::poll(&wait, 1, 100) <= 0) continue;
            char buffer[16];
            const auto got = ::read(ready[0], buffer, sizeof buffer);
            if (got <= 0) break;
            number.append(buffer, static_cast<std::size_t>(got));
        }
        ::close(ready[0]);
        if (number.find('\n') == std::string::npos)
            throw std::runtime_error("Xvfb did not start (see " + log.string() + ")");
        display_ = ":" + number.substr(0, number.find('\n'));
    }
    const std::string& display() const { return display_; }

private:
    std::optional<ChildProcess> server_;
    std::string display_;
};

// Runs a command with DISPLAY set (at most 20 s); returns its standard output.
inline std::string runOn(const VirtualScreen& screen, const std::string& command, int* status = nullptr) {
    const std::string line = "DISPLAY=" + screen.display() + " timeout 20 " + command + " 2>/dev/null";
    std::string output;
    FILE* pipe = ::popen(line.c_str(), "r");
    if (!pipe) return output;
    char buffer[512];
    for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, got);
    const int result = ::pclose(pipe);
    if (status) *status = WIFEXITED(result) ? WEXITSTATUS(result) : -1;
    return output;
}

// The lines of the one session journal under `sessionsRoot`; a line still being written is left out.
inline std::vector<nlohmann::json> journalLines(const std::filesystem::path& sessionsRoot) {
    std::vector<nlohmann::json> lines;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(sessionsRoot, error)) {
        std::ifstream in(entry.path() / "journal.jsonl");
        for (std::string line; std::getline(in, line);) {
            auto parsed = nlohmann::json::parse(line, nullptr, false);
            if (!parsed.is_discarded() && parsed.is_object()) lines.push_back(std::move(parsed));
        }
    }
    return lines;
}

// The journal's lines of one type.
inline std::vector<nlohmann::json> linesOfType(const std::vector<nlohmann::json>& lines,
                                               const std::string& type) {
    std::vector<nlohmann::json> found;
    for (const auto& line : lines)
        if (line.value("type", "") == type) found.push_back(line);
    return found;
}

// The values of one string field of the journal's lines of one type, in order.
inline std::vector<std::string> fieldOf(const std::vector<nlohmann::json>& lines, const std::string& type,
                                        const std::string& field) {
    std::vector<std::string> values;
    for (const auto& line : linesOfType(lines, type)) values.push_back(line.value(field, ""));
    return values;
}

inline std::string readText(const std::filesystem::path& file) {
    std::ifstream in(file);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace stillpoint::panel::testing
