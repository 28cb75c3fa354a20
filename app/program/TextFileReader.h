// Reads a whole small file (a program, an actions script, a journal) with plain read(2) calls, so that
// every failure is an answer, never an exception or a hang: a missing file, a folder, a FIFO or device,
// a planted symbolic link (when refused), a file larger than the caller's limit, or an I/O error in the
// middle (a failing disk, /proc/self/mem).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace stillpoint::program {

enum class FileReadFailure {
    None,
    Missing,       // no such file
    NotRegular,    // a folder, FIFO, device or socket
    SymbolicLink,  // the name is a symbolic link and links were refused
    TooLarge,      // more than the caller's limit
    Unreadable,    // open or read failed (permissions, I/O error)
};

struct FileRead {
    std::string text;
    FileReadFailure failure = FileReadFailure::None;
    std::string reason;  // what went wrong, in words ("is a folder", "cannot be read (Input/output error)")
    bool ok() const { return failure == FileReadFailure::None; }
};

enum class LinkPolicy { Follow, Refuse };

// Never reads more than maxBytes + 1 bytes, whatever the file claims its size is.
FileRead readTextFile(const std::filesystem::path& file, std::uintmax_t maxBytes,
                      LinkPolicy links = LinkPolicy::Follow);

// "1 MB", "256 MB", "64 KB": a limit as people read it.
std::string describeByteCount(std::uintmax_t bytes);

}  // namespace stillpoint::program
