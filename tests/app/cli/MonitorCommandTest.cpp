// `stillpoint monitor` end to end: two headless sessions with OSC ports on 127.0.0.1 (the built
// executable, on OpenAL Soft's null device), a headless monitor reading both, and the lost-heartbeat alert
// when one of the sessions is killed.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <string>
#include <vector>

#include "app/cli/OnePhaseProgram.h"

namespace {

using namespace stillpoint::testing;

// A child process whose output (stdout and stderr) the test reads as it comes.
class Child {
public:
    explicit Child(std::vector<std::string> arguments) {
        int fds[2];
        if (::pipe(fds) != 0) return;
        pid_ = ::fork();
        if (pid_ == 0) {
            ::dup2(fds[1], STDOUT_FILENO);
            ::dup2(fds[1], STDERR_FILENO);
            const int null = ::open("/dev/null", O_RDONLY);
            ::dup2(null, STDIN_FILENO);
            ::close(fds[0]);
            ::setenv("ALSOFT_DRIVERS", "null", 1);
            std::vector<char*> argv;
            for (auto& argument : arguments) argv.push_back(argument.data());
            argv.push_back(nullptr);
            ::execv(argv[0], argv.data());
            ::_exit(127);
        }
        ::close(fds[1]);
        out_ = fds[0];
    }
    ~Child() {
        if (pid_ > 0 && !reaped_) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        if (out_ >= 0) ::close(out_);
    }
    // Reads until `pattern` matches what was printed so far, or `timeout`; the match ("" if none).
    std::string waitFor(const std::regex& pattern, std::chrono::milliseconds timeout) {
        const auto until = std::chrono::steady_clock::now() + timeout;
        std::smatch match;
        while (!std::regex_search(output_, match, pattern)) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                until - std::chrono::steady_clock::now());
            if (left.count() <= 0) return {};
            pollfd waiting{out_, POLLIN, 0};
            if (::poll(&waiting, 1, static_cast<int>(left.count())) <= 0) continue;
            char buffer[4096];
            const ssize_t got = ::read(out_, buffer, sizeof buffer);
            if (got <= 0) return {};
            output_.append(buffer, static_cast<std::size_t>(got));
        }
        return match.str(1).empty() ? match.str(0) : match.str(1);
    }
    void signal(int number) { ::kill(pid_, number); }
    int wait() {
        int status = 0;
        ::waitpid(pid_, &status, 0);
        reaped_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    const std::string& output() const { return output_; }

private:
    pid_t pid_ = -1;
    int out_ = -1;
    bool reaped_ = false;
    std::string output_;
};

const std::string kStillpoint = STILLPOINT_BINARY_DIR "/stillpoint";

TEST(MonitorCommandTest, ReadsTwoHeadlessSessionsAndRaisesTheLostHeartbeatAlertWhenOneIsKilled) {
    TempFolder folder;
    const auto program = writeOnePhaseProgram(folder / "rooms.toml").string();
    const auto session = [&](const std::string& patient) {
        return Child({kStillpoint, "play", program, "--headless", "--output", "null", "--patient", patient,
                      "--clinician", "Lind", "--consent", "yes", "--new", "--sessions",
                      (folder / ("sessions-" + patient)).string(), "--osc", "0"});
    };
    Child room1 = session("R-1");
    Child room2 = session("R-2");
    const std::regex listening("Listening for OSC on 127\\.0\\.0\\.1:([0-9]+)");
    const std::string port1 = room1.waitFor(listening, std::chrono::seconds(20));
    const std::string port2 = room2.waitFor(listening, std::chrono::seconds(20));
    ASSERT_FALSE(port1.empty()) << room1.output();
    ASSERT_FALSE(port2.empty()) << room2.output();

    const std::string at1 = "127.0.0.1:" + port1;
    const std::string at2 = "127.0.0.1:" + port2;
    Child monitor({kStillpoint, "monitor", at1, at2, "--headless"});
    // Both rooms are heard, by their pseudonymous patient IDs.
    EXPECT_FALSE(
        monitor.waitFor(std::regex("HEARD " + at1 + " \\(R-1\\): playing"), std::chrono::seconds(10)).empty())
        << monitor.output();
    EXPECT_FALSE(
        monitor.waitFor(std::regex("HEARD " + at2 + " \\(R-2\\): playing"), std::chrono::seconds(10)).empty())
        << monitor.output();
    EXPECT_EQ(monitor.output().find("ALERT"), std::string::npos) << monitor.output();

    room2.signal(SIGKILL);
    room2.wait();
    const auto killed = std::chrono::steady_clock::now();
    EXPECT_FALSE(
        monitor.waitFor(std::regex("ALERT " + at2 + ": no heartbeat for 3 s"), std::chrono::seconds(8))
            .empty())
        << monitor.output();
    const double after = std::chrono::duration<double>(std::chrono::steady_clock::now() - killed).count();
    EXPECT_GE(after, 2.0);  // not before the heartbeat has really stopped for a while
    // The room still playing raised nothing.
    EXPECT_EQ(monitor.output().find("ALERT " + at1), std::string::npos) << monitor.output();

    monitor.signal(SIGTERM);
    EXPECT_EQ(monitor.wait(), 0);
    room1.signal(SIGTERM);  // ends with its fade
    EXPECT_EQ(room1.wait(), 0) << room1.output();
}

}  // namespace
