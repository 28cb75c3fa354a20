// How deeply a TOML text nests, found by a plain scan before TOML++ parses it. TOML++ 3.3 descends
// recursively into dotted keys (a.b.c...), table headers and inline tables; a key 35,000 levels deep
// overflows the stack. Real programs nest four or five levels (phase.track.alternate); anything deeper
// than kMaxTomlNesting is refused with its place instead.
#pragma once

#include <optional>
#include <string_view>

namespace stillpoint::program {

inline constexpr int kMaxTomlNesting = 32;

struct NestingDefect {
    int line = 1;    // 1-based, where the nesting first goes beyond the limit
    int column = 1;  // 1-based, in bytes
};

// The first place where tables, dotted keys, arrays and inline tables together nest deeper than
// maxDepth, or nullopt. Strings and comments are skipped, so their dots and brackets do not count.
std::optional<NestingDefect> findExcessiveNesting(std::string_view text, int maxDepth = kMaxTomlNesting);

}  // namespace stillpoint::program
