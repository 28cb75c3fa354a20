#include "journal/SessionFolder.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>

#include "journal/JournalError.h"
#include "journal/PatientId.h"

namespace stillpoint::journal {
namespace {

std::string systemError() {
    return std::strerror(errno);
}

// mkdir with mode 0700 regardless of the umask; false if it already existed.
bool makePrivateFolder(const std::filesystem::path& folder) {
    if (::mkdir(folder.c_str(), 0700) != 0) {
        if (errno == EEXIST) return false;
        throw JournalError("Cannot create the session folder " + folder.string() + ": " + systemError() +
                           ". Check that the disk is not full and that you may write there.");
    }
    if (::chmod(folder.c_str(), 0700) != 0) {
        throw JournalError("Cannot make " + folder.string() + " private (chmod 0700): " + systemError() +
                           ".");
    }
    return true;
}

void makePrivateFolders(const std::filesystem::path& folder) {
    if (folder.empty() || std::filesystem::is_directory(folder)) return;
    makePrivateFolders(folder.parent_path());
    makePrivateFolder(folder);
}

std::string localDate(std::chrono::system_clock::time_point when) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
    std::tm local{};
    localtime_r(&seconds, &local);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &local);
    return text;
}

}  // namespace

std::filesystem::path defaultSessionsRoot() {
    const char* dataHome = std::getenv("XDG_DATA_HOME");
    if (dataHome != nullptr && dataHome[0] == '/')
        return std::filesystem::path(dataHome) / "stillpoint" / "sessions";
    const char* home = std::getenv("HOME");
    if (home != nullptr && home[0] != '\0') {
        return std::filesystem::path(home) / ".local" / "share" / "stillpoint" / "sessions";
    }
    throw JournalError(
        "Cannot tell where to keep session journals: neither XDG_DATA_HOME nor HOME is set. Set one of "
        "them.");
}

std::filesystem::path createSessionFolder(const std::filesystem::path& sessionsRoot,
                                          std::string_view patientId,
                                          std::chrono::system_clock::time_point when) {
    requireValidPatientId(patientId);
    makePrivateFolders(sessionsRoot);
    const std::string prefix = localDate(when) + "-" + std::string(patientId) + "-";
    // mkdir is atomic: two sessions started at once still get different folders.
    for (int n = 1; n < 10000; ++n) {
        const auto folder = sessionsRoot / (prefix + std::to_string(n));
        if (makePrivateFolder(folder)) {
            syncFolder(sessionsRoot);
            return folder;
        }
    }
    throw JournalError("Too many sessions named " + prefix + "<n> in " + sessionsRoot.string() +
                       "; move old sessions elsewhere.");
}

int openPrivateFile(const std::filesystem::path& file, bool append) {
    const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC);
    const int fd = ::open(file.c_str(), flags, 0600);
    if (fd < 0) {
        throw JournalError("Cannot open " + file.string() + " for writing: " + systemError() +
                           ". Check that the disk is not full and that you may write there.");
    }
    if (::fchmod(fd, 0600) != 0) {
        const std::string why = systemError();
        ::close(fd);
        throw JournalError("Cannot make " + file.string() + " private (chmod 0600): " + why + ".");
    }
    return fd;
}

void writeAll(int fd, std::string_view text, const std::filesystem::path& file) {
    while (!text.empty()) {
        const ssize_t written = ::write(fd, text.data(), text.size());
        if (written < 0) {
            if (errno == EINTR) continue;
            throw JournalError("Cannot write to " + file.string() + ": " + systemError() +
                               ". The entry was NOT recorded; free disk space or check the drive.");
        }
        text.remove_prefix(static_cast<std::size_t>(written));
    }
}

void writePrivateFile(const std::filesystem::path& file, std::string_view text) {
    const int fd = openPrivateFile(file, false);
    try {
        writeAll(fd, text, file);
    } catch (...) {
        ::close(fd);
        throw;
    }
    const bool synced = ::fsync(fd) == 0;
    const std::string why = synced ? "" : systemError();
    ::close(fd);
    if (!synced) throw JournalError("Cannot save " + file.string() + " to disk (fsync): " + why + ".");
}

void syncFolder(const std::filesystem::path& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;  // best effort: the file's own data is already synced
    ::fsync(fd);
    ::close(fd);
}

}  // namespace stillpoint::journal
