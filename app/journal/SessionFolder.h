// Where sessions live on disk: one private folder per session,
//   $XDG_DATA_HOME/stillpoint/sessions/<YYYY-MM-DD>-<patient-id>-<n>/   (default ~/.local/share/...)
// Folders are 0700 and files 0600 whatever the umask: the journal holds health information.
#pragma once

#include <chrono>
#include <filesystem>
#include <string_view>

namespace stillpoint::journal {

inline constexpr const char* kJournalFileName = "journal.jsonl";

// $XDG_DATA_HOME/stillpoint/sessions, else $HOME/.local/share/stillpoint/sessions. Throws JournalError
// if neither variable is set.
std::filesystem::path defaultSessionsRoot();

// Creates (0700) the next free <local date>-<patientId>-<n> folder under `sessionsRoot`, creating the root
// too if needed (also 0700). Validates the patient ID. Throws JournalError.
std::filesystem::path createSessionFolder(const std::filesystem::path& sessionsRoot,
                                          std::string_view patientId,
                                          std::chrono::system_clock::time_point when);

// Throws JournalError unless `folder` is a folder owned by the user running Stillpoint that nobody else
// may write into: a session's files are only ever read or written in such a folder, so nobody else can
// plant or swap a file or link there.
void requireOwnSessionFolder(const std::filesystem::path& folder);

// Opens (creating 0600 if needed) a file for writing; the mode is enforced with fchmod so the umask
// cannot widen or narrow it. `append` selects O_APPEND, else the file is truncated. Never follows a
// symbolic link and refuses anything but a regular file of the user's own. Returns the fd.
// Throws JournalError.
int openPrivateFile(const std::filesystem::path& file, bool append);

// Writes `text` as a new or replaced 0600 file, durably, without following a link planted at its name:
// the text goes to a new temporary file beside it (O_CREAT | O_EXCL | O_NOFOLLOW), is synced, and is
// renamed over the name (rename replaces a link itself, never what it points to). A reader sees the old
// file or the new one, never half of one. Throws JournalError.
void writePrivateFile(const std::filesystem::path& file, std::string_view text);

// Writes all of `text` to `fd`, retrying short writes and EINTR. Throws JournalError naming `file`.
void writeAll(int fd, std::string_view text, const std::filesystem::path& file);

// fsync of a folder, so a newly created file's name survives a power cut too.
void syncFolder(const std::filesystem::path& folder);

}  // namespace stillpoint::journal
