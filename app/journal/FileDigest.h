// SHA-256 checksums, so a journal names exactly which version of a program file was played.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace stillpoint::journal {

// Lower-case hex SHA-256 of `bytes`.
std::string sha256Hex(std::string_view bytes);

// Lower-case hex SHA-256 of a file's contents. Throws JournalError if it cannot be read.
std::string sha256HexOfFile(const std::filesystem::path& file);

}  // namespace stillpoint::journal
