// What the program editor decides, without a window: the program being edited with the comments its file
// had, every change to it (one function per kind of change, each one step of undo), the problems of what a
// save would write (the same parser and checker as `stillpoint check`, placed on the element they concern)
// and the save itself, through the one ProgramWriter. Knows nothing of ImGui or SDL; EditorWindow draws it.
//
// Threads: one (the UI thread). The audio check runs elsewhere (EditorChecker) on checkRequest() and comes
// back through takeCheckReport().
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "check/ProgramChecker.h"
#include "program/ImportPlan.h"
#include "program/Problem.h"
#include "program/Program.h"
#include "program/ProgramComments.h"
#include "program/ProgramWriter.h"

namespace stillpoint::editor {

// One element of a program: what a problem or a selection points at. Indices are 0-based.
struct ElementRef {
    enum class Kind { Program, Grounding, Phase, Bed, Track, Alternate };
    Kind kind = Kind::Program;
    int phase = -1;
    int track = -1;
    int alternate = -1;

    static ElementRef program() { return {}; }
    static ElementRef grounding() { return {Kind::Grounding}; }
    static ElementRef phaseAt(int phase) { return {Kind::Phase, phase}; }
    static ElementRef bedOf(int phase) { return {Kind::Bed, phase}; }
    static ElementRef trackAt(int phase, int track) { return {Kind::Track, phase, track}; }
    static ElementRef alternateAt(int phase, int track, int alternate) {
        return {Kind::Alternate, phase, track, alternate};
    }
    bool operator==(const ElementRef&) const = default;
};

struct EditorProblem {
    program::Problem problem;
    ElementRef element;
};

// The starting points of a new program: the shipped programs' phase plans for each route, or one phase.
enum class ProgramTemplate { IvInfusion40, Im60, Sublingual90, IntranasalEsketamine120, Oral, Blank };

struct TemplateInfo {
    ProgramTemplate id;
    const char* label;  // as offered in the window
};
const std::vector<TemplateInfo>& programTemplates();

// How a phase's music (its tracks played once, track crossfades overlapped) compares with its plan. Music
// shorter than planned is short only in a phase set to fall silent: one that loops its tracks, or plays
// its bed, is filled to its end.
enum class PhaseFit { Unknown, TooShort, Fits, MuchLonger, Loops, BedFills };
struct PhaseMusic {
    double musicSeconds = 0.0;
    double plannedSeconds = 0.0;
    double limitSeconds = 0.0;  // beyond this the last tracks are not heard: max, or 1.5 x planned
    bool allLengthsKnown = false;
    bool filledWhenShort = false;  // the phase loops its tracks or plays its bed when they run out
    PhaseFit fit = PhaseFit::Unknown;
};
const char* toString(PhaseFit fit);

// What saving to a file keeps of the comments in the file the program was opened from.
struct SavePlan {
    bool replacesOpenedFile = false;    // the file saved to is the one the program was read from
    bool replacesOtherFile = false;     // another file exists there already
    std::vector<int> lostCommentLines;  // lines of the opened file's comments that this save would drop
    std::string whatIsKept;             // one sentence for the window
};

struct OpenResult;

class EditorModel {
public:
    // A new, unsaved program from a template.
    explicit EditorModel(ProgramTemplate start = ProgramTemplate::Blank);
    // An existing program (its comments read from its text); nullopt with the parser's problems when the file
    // cannot be read as a program (it must be fixed as text first).
    static OpenResult open(const std::filesystem::path& file);

    const program::Program& program() const { return program_; }
    const program::ProgramComments& comments() const { return comments_; }
    // Empty until the program is saved or when it is new.
    const std::filesystem::path& file() const { return file_; }
    bool modified() const { return text_ != savedText_; }

    // --- changes: each is one step of undo ---
    // The whole program replaced by one made from a playlist or a folder (ImportPlan), with its comments;
    // the file it saves to stays.
    void replaceWithImport(const program::ImportedProgram& imported);
    // The program's settings: name, author, route, description, loudness, ceiling, end fade.
    void editProgram(const std::string& field, const std::function<void(program::Program&)>& change);
    int addPhase(int at, program::Phase phase);  // returns where it went (clamped)
    void removePhase(int phase);
    void movePhase(int from, int to);
    void editPhase(int phase, const std::string& field, const std::function<void(program::Phase&)>& change);
    int addTrack(int phase, int at, program::Track track);
    void removeTrack(int phase, int track);
    // Within a phase or into another (then `to` is the index there).
    void moveTrack(int phase, int from, int toPhase, int to);
    int addAlternate(int phase, int track, program::Track alternate);
    void removeAlternate(int phase, int track, int alternate);
    void moveAlternate(int phase, int track, int from, int to);
    void setGrounding(std::optional<program::Track> grounding);
    void setBed(int phase, std::optional<program::Track> bed);
    // Any single track: a phase's track, an alternate, the grounding track or a bed.
    void editTrack(const ElementRef& which, const std::string& field,
                   const std::function<void(program::Track&)>& change);
    const program::Track* track(const ElementRef& which) const;

    // Edits of the same field one after another (typing in it) are one step of undo, until this is called
    // (the field lost the keyboard) or another change comes.
    void endTyping() { typingField_.clear(); }

    bool canUndo() const { return !undo_.empty(); }
    bool canRedo() const { return !redo_.empty(); }
    std::string undoLabel() const { return undo_.empty() ? std::string() : undo_.back().label; }
    std::string redoLabel() const { return redo_.empty() ? std::string() : redo_.back().label; }
    void undo();
    void redo();

    // --- problems ---
    // Every problem of what a save would write: the file's own at once (parsed after every change), the
    // audio files' (missing, unreadable, loudness, timing) once a check of this revision has come back.
    const std::vector<EditorProblem>& problems() const { return problems_; }
    std::vector<EditorProblem> problemsOf(const ElementRef& element) const;
    bool hasErrors() const;
    // Errors stop a program from being started, not from being saved.
    bool canStartSession() const { return !hasErrors(); }
    std::uint64_t revision() const { return revision_; }
    bool audioChecked() const { return audioCheckedRevision_ == revision_; }

    struct CheckRequest {
        std::uint64_t revision = 0;
        std::string text;
        std::filesystem::path file;
    };
    CheckRequest checkRequest() const { return {revision_, text_, checkFile()}; }
    // A check of an older revision is dropped, except for the lengths of the files it measured.
    void takeCheckReport(std::uint64_t revision, const check::CheckReport& report);
    // Runs the check here (tests, the command line); the window hands it to EditorChecker instead.
    void checkNow(check::ProgramChecker& checker);
    std::optional<double> knownLengthSeconds(const std::filesystem::path& file) const;
    PhaseMusic phaseMusic(int phase) const;

    // --- saving ---
    // The text a save to `file` writes (paths relative to its folder), or to the opened file.
    std::string textFor(const std::filesystem::path& file) const;
    const std::string& text() const { return text_; }
    SavePlan savePlan(const std::filesystem::path& file) const;
    // Writes atomically (the file is whole or unchanged); throws std::runtime_error naming the file. A
    // program with errors can be saved (to finish later), not started.
    void save(const std::filesystem::path& file);

private:
    struct Document {
        program::Program program;
        program::ProgramComments comments;
    };
    struct UndoStep {
        Document before;
        std::string label;
    };

    void change(const std::string& label, const std::string& typingField, const std::function<void()>& apply);
    void refresh();
    // Undo (from undo_ to redo_) or redo (the other way): the document goes back to the step taken from
    // `from`, and what it was goes onto `to`.
    void stepBack(std::vector<UndoStep>& from, std::vector<UndoStep>& to);
    std::filesystem::path checkFile() const;
    program::ProgramWriteOptions writeOptions(const std::filesystem::path& file) const;
    ElementRef elementAtLine(int line) const;
    void placeProblems(const std::vector<program::Problem>& found);
    program::Track* mutableTrack(const ElementRef& which);
    void keepCommentsParallel();

    program::Program program_;
    program::ProgramComments comments_;
    std::filesystem::path file_;
    std::filesystem::path openedFile_;    // the file the program was read from, whose comments count
    std::vector<int> openedUnkeptLines_;  // its comments no save can keep
    std::string text_;                    // what a save to file_ writes
    std::string savedText_;
    std::vector<UndoStep> undo_;
    std::vector<UndoStep> redo_;
    std::string typingField_;
    std::uint64_t revision_ = 1;
    std::uint64_t audioCheckedRevision_ = 0;
    std::vector<std::pair<int, ElementRef>> elementLines_;  // where each element's table starts in text_
    std::vector<EditorProblem> problems_;
    std::map<std::filesystem::path, double> lengths_;  // seconds, from the checks so far
};

struct OpenResult {
    std::optional<EditorModel> model;
    std::vector<program::Problem> problems;  // why it could not be opened
};

}  // namespace stillpoint::editor
