#include "program/TextFileReader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace stillpoint::program {

namespace {

FileRead failed(FileReadFailure failure, std::string reason) {
    FileRead result;
    result.failure = failure;
    result.reason = std::move(reason);
    return result;
}

class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

}  // namespace

std::string describeByteCount(std::uintmax_t bytes) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
        return std::to_string(bytes / (1024 * 1024)) + " MB";
    if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KB";
    return std::to_string(bytes) + " bytes";
}

FileRead readTextFile(const std::filesystem::path& file, std::uintmax_t maxBytes, LinkPolicy links) {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below as not a regular file.
    int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
    if (links == LinkPolicy::Refuse) flags |= O_NOFOLLOW;
    FileDescriptor fd(::open(file.c_str(), flags));
    if (fd.get() < 0) {
        const int cause = errno;
        if (cause == ENOENT) return failed(FileReadFailure::Missing, "does not exist");
        if (cause == ELOOP && links == LinkPolicy::Refuse)
            return failed(FileReadFailure::SymbolicLink, "is a symbolic link, which is not followed here");
        return failed(FileReadFailure::Unreadable,
                      std::string("cannot be opened (") + std::strerror(cause) + ")");
    }
    struct stat status {};
    if (::fstat(fd.get(), &status) != 0)
        return failed(FileReadFailure::Unreadable,
                      std::string("cannot be read (") + std::strerror(errno) + ")");
    if (S_ISDIR(status.st_mode)) return failed(FileReadFailure::NotRegular, "is a folder, not a file");
    if (!S_ISREG(status.st_mode))
        return failed(FileReadFailure::NotRegular, "is not a regular file (a device, pipe or socket)");
    if (static_cast<std::uintmax_t>(status.st_size) > maxBytes) {
        return failed(FileReadFailure::TooLarge,
                      "is " + describeByteCount(static_cast<std::uintmax_t>(status.st_size)) +
                          ", more than the limit of " + describeByteCount(maxBytes));
    }
    // Back to blocking reads for a regular file (O_NONBLOCK has no effect on them anyway).
    ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);

    FileRead result;
    // A file's size can be wrong (/proc files say 0, a file can grow while read): the limit is checked on
    // what is actually read.
    result.text.resize(static_cast<std::size_t>(std::min<std::uintmax_t>(maxBytes, status.st_size)) + 1);
    std::size_t filled = 0;
    while (true) {
        if (filled == result.text.size()) {
            if (filled > maxBytes) break;
            result.text.resize(
                std::min<std::uintmax_t>(maxBytes + 1, std::max<std::size_t>(filled * 2, 4096)));
        }
        const ssize_t got = ::read(fd.get(), result.text.data() + filled, result.text.size() - filled);
        if (got < 0) {
            if (errno == EINTR) continue;
            return failed(FileReadFailure::Unreadable,
                          std::string("cannot be read (") + std::strerror(errno) + ")");
        }
        if (got == 0) break;
        filled += static_cast<std::size_t>(got);
    }
    if (filled > maxBytes)
        return failed(FileReadFailure::TooLarge,
                      "is larger than the limit of " + describeByteCount(maxBytes));
    result.text.resize(filled);
    return result;
}

}  // namespace stillpoint::program
