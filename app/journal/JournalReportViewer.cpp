#include "journal/JournalReportViewer.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string_view>

namespace stillpoint::journal {

namespace {

std::filesystem::path findOnPath(std::string_view name) {
    const char* path = std::getenv("PATH");
    std::string_view rest = path ? path : "";
    while (!rest.empty()) {
        const auto colon = rest.find(':');
        const std::string_view folder = rest.substr(0, colon);
        rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
        if (folder.empty()) continue;
        const auto candidate = std::filesystem::path(folder) / name;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return {};
}

bool hasDisplay() {
    const auto set = [](const char* name) {
        const char* value = std::getenv(name);
        return value != nullptr && *value != '\0';
    };
    return set("DISPLAY") || set("WAYLAND_DISPLAY");
}

}  // namespace

OpenResult openInBrowser(const std::filesystem::path& file) {
    const std::string shown = file.string();
    if (!std::filesystem::is_regular_file(file))
        return {false, shown + " does not exist; write the report first."};
    const auto opener = findOnPath("xdg-open");
    if (opener.empty()) {
        return {false, "Cannot open the report here: xdg-open is not installed (Debian: xdg-utils). Open " +
                           shown + " in a web browser."};
    }
    if (!hasDisplay()) {
        return {false,
                "Cannot open the report here: there is no desktop session (DISPLAY and WAYLAND_DISPLAY are "
                "unset). Open " +
                    shown + " in a web browser on a machine with a screen."};
    }
    const std::string absolute = std::filesystem::absolute(file).string();
    // Twice forked: the browser belongs to init, never a zombie of ours, and we do not wait for it.
    const pid_t child = ::fork();
    if (child < 0)
        return {false, "Cannot start xdg-open (fork failed). Open " + shown + " in a web browser."};
    if (child == 0) {
        ::setsid();
        if (::fork() != 0) ::_exit(0);
        const int devNull = ::open("/dev/null", O_RDWR);
        if (devNull >= 0) {
            ::dup2(devNull, STDIN_FILENO);
            ::dup2(devNull, STDOUT_FILENO);
            ::dup2(devNull, STDERR_FILENO);
        }
        ::execl(opener.c_str(), "xdg-open", absolute.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    return {true, "Opening " + shown + " in the desktop's browser."};
}

}  // namespace stillpoint::journal
