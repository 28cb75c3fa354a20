// The comments of a hand-written program file. TOML++ reads a program without them, so whatever writes a
// program back (the editor) would lose them: this finds them, and says which ones the ProgramWriter can
// write again in their place (above the file's first key, above [grounding], above a [[phase]] and above a
// [[phase.track]]) and which it cannot (anywhere else: after a value, inside a table, above an alternate or
// a bed), so nothing is lost without the clinic being asked.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace stillpoint::program {

struct ProgramComments {
    std::string header;                            // above the first key of the file
    std::string grounding;                         // above [grounding]
    std::vector<std::string> phases;               // by phase index: above its [[phase]]
    std::vector<std::vector<std::string>> tracks;  // by phase, then track index: above its [[phase.track]]
    std::vector<int> unkeptLines;                  // 1-based lines of the comments a writer cannot put back

    bool empty() const;
};

// Comment text is without its '#' and the one space after it; lines of a block are joined with '\n'.
ProgramComments readProgramComments(std::string_view text);

}  // namespace stillpoint::program
