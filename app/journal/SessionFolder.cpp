#include "journal/SessionFolder.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>
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

void requireOwnSessionFolder(const std::filesystem::path& folder) {
    struct stat status {};
    if (::stat(folder.c_str(), &status) != 0) {
        throw JournalError("Cannot use the session folder " + folder.string() + ": " + systemError() + ".");
    }
    if (!S_ISDIR(status.st_mode)) throw JournalError(folder.string() + " is not a folder.");
    if (status.st_uid != ::geteuid()) {
        throw JournalError("The session folder " + folder.string() +
                           " belongs to another user; Stillpoint reads and writes only session folders "
                           "of the user running it. Run it as the folder's owner.");
    }
    if ((status.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
        throw JournalError("The session folder " + folder.string() +
                           " may be written by other users, so its files cannot be trusted or kept "
                           "private. Make it private (chmod 700) and try again.");
    }
}

int openPrivateFile(const std::filesystem::path& file, bool append) {
    const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | (append ? O_APPEND : O_TRUNC);
    const int fd = ::open(file.c_str(), flags, 0600);
    if (fd < 0) {
        if (errno == ELOOP) {
            throw JournalError("Cannot open " + file.string() +
                               ": it is a symbolic link, and session files are never written through "
                               "one. Remove the link.");
        }
        throw JournalError("Cannot open " + file.string() + " for writing: " + systemError() +
                           ". Check that the disk is not full and that you may write there.");
    }
    struct stat status {};
    std::string refusal;
    if (::fstat(fd, &status) != 0)
        refusal = "Cannot check " + file.string() + ": " + systemError() + ".";
    else if (!S_ISREG(status.st_mode))
        refusal = file.string() + " is not a regular file; session files are.";
    else if (status.st_uid != ::geteuid())
        refusal = file.string() + " belongs to another user; Stillpoint writes only its own files.";
    else if (::fchmod(fd, 0600) != 0)
        refusal = "Cannot make " + file.string() + " private (chmod 0600): " + systemError() + ".";
    if (!refusal.empty()) {
        ::close(fd);
        throw JournalError(refusal);
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
    const auto folder = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
    std::random_device random;
    std::filesystem::path temporary;
    int fd = -1;
    for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
        temporary = folder / ("." + file.filename().string() + "." + std::to_string(random()) + ".tmp");
        fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0600);
        if (fd < 0 && errno != EEXIST) break;
    }
    if (fd < 0) {
        throw JournalError("Cannot write " + file.string() + ": " + systemError() +
                           ". Check that the disk is not full and that you may write there.");
    }
    std::string failure;
    try {
        if (::fchmod(fd, 0600) != 0) failure = std::string("chmod 0600: ") + systemError();
        if (failure.empty()) writeAll(fd, text, file);
        if (failure.empty() && ::fsync(fd) != 0) failure = std::string("fsync: ") + systemError();
    } catch (const JournalError& error) {
        failure = error.what();
    }
    ::close(fd);
    if (failure.empty() && ::rename(temporary.c_str(), file.c_str()) != 0)
        failure = "Cannot put " + file.string() + " in place: " + systemError() + ".";
    if (!failure.empty()) {
        ::unlink(temporary.c_str());
        throw JournalError(failure.rfind("Cannot", 0) == 0
                               ? failure
                               : "Cannot save " + file.string() + " (" + failure + ").");
    }
    syncFolder(folder);
}

void syncFolder(const std::filesystem::path& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;  // best effort: the file's own data is already synced
    ::fsync(fd);
    ::close(fd);
}

}  // namespace stillpoint::journal
