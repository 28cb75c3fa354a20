#include "editor/EditorModel.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "program/ImportPlan.h"
#include "program/ProgramParser.h"
#include "program/ProgramWriter.h"
#include "program/TextFileReader.h"

namespace stillpoint::editor {

namespace {

namespace fs = std::filesystem;
using program::Duration;
using program::Phase;
using program::Track;

// The check allows this much more music than planned when a phase has no maximum (as `check` warns).
constexpr double kOverlongRatio = 1.5;

double seconds(Duration duration) {
    return std::chrono::duration<double>(duration).count();
}

int clampIndex(int index, std::size_t size) {
    return std::clamp(index, 0, static_cast<int>(size));
}

bool validIndex(int index, std::size_t size) {
    return index >= 0 && static_cast<std::size_t>(index) < size;
}

template <typename T>
void moveElement(std::vector<T>& list, int from, int to) {
    if (!validIndex(from, list.size())) return;
    to = std::clamp(to, 0, static_cast<int>(list.size()) - 1);
    T moving = std::move(list[static_cast<std::size_t>(from)]);
    list.erase(list.begin() + from);
    list.insert(list.begin() + to, std::move(moving));
}

struct TemplateSpec {
    ProgramTemplate id;
    const char* label;
    const char* name;
    program::Route route;
    const char* description;
};

const std::vector<TemplateSpec>& templateSpecs() {
    using program::Route;
    static const std::vector<TemplateSpec> specs{
        {ProgramTemplate::IvInfusion40, "IV infusion, 40 minutes", "IV infusion, 40 minutes", Route::Iv,
         "Settling, onset, peak until the drip stops, return and recovery, for a 40-minute infusion."},
        {ProgramTemplate::Im60, "IM injection, 60 minutes", "IM injection, 60 minutes", Route::Im,
         "Onset within minutes, a peak of about half an hour, return and rest."},
        {ProgramTemplate::Sublingual90, "Sublingual, 90 minutes", "Sublingual, 90 minutes", Route::Sublingual,
         "Onset over 15-20 minutes, peak around 40 minutes, a gentle return."},
        {ProgramTemplate::IntranasalEsketamine120, "Intranasal esketamine, 120 minutes",
         "Intranasal esketamine, 120 minutes", Route::Intranasal,
         "Dosing, onset, peak, return and rest over the two hours of monitoring."},
        {ProgramTemplate::Oral, "Oral, 2 hours", "Oral, 2 hours", Route::Oral,
         "Onset over 15-20 minutes, peak around 40 minutes, fading over one to two hours."},
        {ProgramTemplate::Blank, "Blank (one phase)", "New program", Route::Other, ""},
    };
    return specs;
}

}  // namespace

const std::vector<TemplateInfo>& programTemplates() {
    static const std::vector<TemplateInfo> templates = [] {
        std::vector<TemplateInfo> list;
        for (const auto& spec : templateSpecs()) list.push_back({spec.id, spec.label});
        return list;
    }();
    return templates;
}

const char* toString(PhaseFit fit) {
    switch (fit) {
        case PhaseFit::TooShort:
            return "too short";
        case PhaseFit::Fits:
            return "fits";
        case PhaseFit::MuchLonger:
            return "much longer";
        case PhaseFit::Loops:
            return "loops to fill";
        case PhaseFit::BedFills:
            return "the bed fills the rest";
        case PhaseFit::Unknown:
            break;
    }
    return "not measured yet";
}

EditorModel::EditorModel(ProgramTemplate start) {
    const auto spec = std::find_if(templateSpecs().begin(), templateSpecs().end(),
                                   [start](const TemplateSpec& s) { return s.id == start; });
    program_.name = spec->name;
    program_.route = spec->route;
    program_.description = spec->description;
    if (start == ProgramTemplate::Blank) {
        Phase phase;
        phase.name = "music";
        phase.planned = std::chrono::minutes(30);
        program_.phases.push_back(phase);
        comments_.phases.push_back("");
    } else {
        for (auto& planned : program::routePhasePlan(spec->route)) {
            program_.phases.push_back(std::move(planned.phase));
            comments_.phases.push_back("What to choose: " + planned.whatToCheck);
        }
    }
    keepCommentsParallel();
    refresh();
}

OpenResult EditorModel::open(const fs::path& named) {
    OpenResult result;
    // Absolute, so that the tracks' paths are too and a save anywhere can write them relative to its folder.
    const fs::path file = fs::absolute(named).lexically_normal();
    const auto read = program::readTextFile(file, program::kMaxProgramFileBytes);
    auto parsed = read.failure == program::FileReadFailure::None ? program::parseProgramText(read.text, file)
                                                                 : program::parseProgramFile(file);
    if (!parsed.program) {
        result.problems = std::move(parsed.problems);
        return result;
    }
    EditorModel model;
    model.program_ = std::move(*parsed.program);
    model.comments_ = program::readProgramComments(read.text);
    model.openedUnkeptLines_ = model.comments_.unkeptLines;
    model.file_ = file;
    model.openedFile_ = file;
    model.keepCommentsParallel();
    model.refresh();
    model.savedText_ = model.text_;
    result.model = std::move(model);
    return result;
}

void EditorModel::keepCommentsParallel() {
    comments_.phases.resize(program_.phases.size());
    comments_.tracks.resize(program_.phases.size());
    for (std::size_t p = 0; p < program_.phases.size(); ++p)
        comments_.tracks[p].resize(program_.phases[p].tracks.size());
}

void EditorModel::change(const std::string& label, const std::string& typingField,
                         const std::function<void()>& apply) {
    const bool sameTyping = !typingField.empty() && typingField == typingField_ && !undo_.empty();
    if (!sameTyping) undo_.push_back({{program_, comments_}, label});
    redo_.clear();
    apply();
    typingField_ = typingField;
    keepCommentsParallel();
    refresh();
}

void EditorModel::replaceWithImport(const program::ImportedProgram& imported) {
    change("import playlist", "", [&] {
        program_ = imported.program;
        program_.sourceFile = file_;
        comments_ = {};
        comments_.header = imported.headerComment;
        comments_.phases = imported.phaseComments;
    });
}

void EditorModel::editProgram(const std::string& field, const std::function<void(program::Program&)>& edit) {
    change("edit " + field, "program/" + field, [&] { edit(program_); });
}

int EditorModel::addPhase(int at, Phase phase) {
    at = clampIndex(at, program_.phases.size());
    change("add phase", "", [&] {
        const std::size_t tracks = phase.tracks.size();
        program_.phases.insert(program_.phases.begin() + at, std::move(phase));
        comments_.phases.insert(comments_.phases.begin() + at, "");
        comments_.tracks.insert(comments_.tracks.begin() + at, std::vector<std::string>(tracks));
    });
    return at;
}

void EditorModel::removePhase(int phase) {
    if (!validIndex(phase, program_.phases.size())) return;
    change("remove phase", "", [&] {
        program_.phases.erase(program_.phases.begin() + phase);
        comments_.phases.erase(comments_.phases.begin() + phase);
        comments_.tracks.erase(comments_.tracks.begin() + phase);
    });
}

void EditorModel::movePhase(int from, int to) {
    if (!validIndex(from, program_.phases.size()) || from == to) return;
    change("move phase", "", [&] {
        moveElement(program_.phases, from, to);
        moveElement(comments_.phases, from, to);
        moveElement(comments_.tracks, from, to);
    });
}

void EditorModel::editPhase(int phase, const std::string& field, const std::function<void(Phase&)>& edit) {
    if (!validIndex(phase, program_.phases.size())) return;
    change("edit phase " + field, "phase/" + std::to_string(phase) + "/" + field,
           [&] { edit(program_.phases[static_cast<std::size_t>(phase)]); });
}

int EditorModel::addTrack(int phase, int at, Track track) {
    if (!validIndex(phase, program_.phases.size())) return -1;
    auto& tracks = program_.phases[static_cast<std::size_t>(phase)].tracks;
    at = clampIndex(at, tracks.size());
    change("add track", "", [&] {
        tracks.insert(tracks.begin() + at, std::move(track));
        auto& notes = comments_.tracks[static_cast<std::size_t>(phase)];
        notes.insert(notes.begin() + std::min<std::size_t>(static_cast<std::size_t>(at), notes.size()), "");
    });
    return at;
}

void EditorModel::removeTrack(int phase, int track) {
    if (!this->track(ElementRef::trackAt(phase, track))) return;
    change("remove track", "", [&] {
        auto& tracks = program_.phases[static_cast<std::size_t>(phase)].tracks;
        tracks.erase(tracks.begin() + track);
        auto& notes = comments_.tracks[static_cast<std::size_t>(phase)];
        notes.erase(notes.begin() + track);
    });
}

void EditorModel::moveTrack(int phase, int from, int toPhase, int to) {
    if (!this->track(ElementRef::trackAt(phase, from)) || !validIndex(toPhase, program_.phases.size()))
        return;
    if (phase == toPhase && from == to) return;
    change("move track", "", [&] {
        auto& source = program_.phases[static_cast<std::size_t>(phase)].tracks;
        auto& sourceNotes = comments_.tracks[static_cast<std::size_t>(phase)];
        if (phase == toPhase) {
            moveElement(source, from, to);
            moveElement(sourceNotes, from, to);
            return;
        }
        Track moving = std::move(source[static_cast<std::size_t>(from)]);
        std::string note = std::move(sourceNotes[static_cast<std::size_t>(from)]);
        source.erase(source.begin() + from);
        sourceNotes.erase(sourceNotes.begin() + from);
        auto& target = program_.phases[static_cast<std::size_t>(toPhase)].tracks;
        auto& targetNotes = comments_.tracks[static_cast<std::size_t>(toPhase)];
        const int at = clampIndex(to, target.size());
        target.insert(target.begin() + at, std::move(moving));
        targetNotes.insert(targetNotes.begin() + at, std::move(note));
    });
}

int EditorModel::addAlternate(int phase, int track, Track alternate) {
    if (!this->track(ElementRef::trackAt(phase, track))) return -1;
    alternate.alternates.clear();  // alternates have none of their own
    int at = 0;
    change("add alternate", "", [&] {
        auto& alternates = mutableTrack(ElementRef::trackAt(phase, track))->alternates;
        at = static_cast<int>(alternates.size());
        alternates.push_back(std::move(alternate));
    });
    return at;
}

void EditorModel::removeAlternate(int phase, int track, int alternate) {
    if (!this->track(ElementRef::alternateAt(phase, track, alternate))) return;
    change("remove alternate", "", [&] {
        auto& alternates = mutableTrack(ElementRef::trackAt(phase, track))->alternates;
        alternates.erase(alternates.begin() + alternate);
    });
}

void EditorModel::moveAlternate(int phase, int track, int from, int to) {
    if (!this->track(ElementRef::alternateAt(phase, track, from)) || from == to) return;
    change("move alternate", "",
           [&] { moveElement(mutableTrack(ElementRef::trackAt(phase, track))->alternates, from, to); });
}

void EditorModel::setGrounding(std::optional<Track> grounding) {
    if (grounding) grounding->alternates.clear();
    change(grounding ? "set grounding track" : "remove grounding track", "", [&] {
        program_.grounding = std::move(grounding);
        if (!program_.grounding) comments_.grounding.clear();
    });
}

void EditorModel::setBed(int phase, std::optional<Track> bed) {
    if (!validIndex(phase, program_.phases.size())) return;
    if (bed) bed->alternates.clear();
    change(bed ? "set bed" : "remove bed", "",
           [&] { program_.phases[static_cast<std::size_t>(phase)].bed = std::move(bed); });
}

void EditorModel::editTrack(const ElementRef& which, const std::string& field,
                            const std::function<void(Track&)>& edit) {
    if (!track(which)) return;
    const std::string key = "track/" + std::to_string(static_cast<int>(which.kind)) + "/" +
                            std::to_string(which.phase) + "/" + std::to_string(which.track) + "/" +
                            std::to_string(which.alternate) + "/" + field;
    change("edit " + field, key, [&] { edit(*mutableTrack(which)); });
}

const Track* EditorModel::track(const ElementRef& which) const {
    return const_cast<EditorModel*>(this)->mutableTrack(which);
}

Track* EditorModel::mutableTrack(const ElementRef& which) {
    using Kind = ElementRef::Kind;
    if (which.kind == Kind::Grounding) return program_.grounding ? &*program_.grounding : nullptr;
    if (!validIndex(which.phase, program_.phases.size())) return nullptr;
    Phase& phase = program_.phases[static_cast<std::size_t>(which.phase)];
    if (which.kind == Kind::Bed) return phase.bed ? &*phase.bed : nullptr;
    if (which.kind != Kind::Track && which.kind != Kind::Alternate) return nullptr;
    if (!validIndex(which.track, phase.tracks.size())) return nullptr;
    Track& track = phase.tracks[static_cast<std::size_t>(which.track)];
    if (which.kind == Kind::Track) return &track;
    if (!validIndex(which.alternate, track.alternates.size())) return nullptr;
    return &track.alternates[static_cast<std::size_t>(which.alternate)];
}

void EditorModel::undo() {
    stepBack(undo_, redo_);
}

void EditorModel::redo() {
    stepBack(redo_, undo_);
}

void EditorModel::stepBack(std::vector<UndoStep>& from, std::vector<UndoStep>& to) {
    if (from.empty()) return;
    UndoStep step = std::move(from.back());
    from.pop_back();
    to.push_back({{program_, comments_}, step.label});
    program_ = std::move(step.before.program);
    comments_ = std::move(step.before.comments);
    typingField_.clear();
    refresh();
}

fs::path EditorModel::checkFile() const {
    // A new program's relative paths resolve from the folder it would most likely be saved in.
    return file_.empty() ? fs::current_path() / "untitled.toml" : file_;
}

program::ProgramWriteOptions EditorModel::writeOptions(const fs::path& file) const {
    program::ProgramWriteOptions options;
    if (!file.empty()) options.programFolder = fs::absolute(file).parent_path();
    options.headerComment = comments_.header;
    options.groundingComment = comments_.grounding;
    options.phaseComments = comments_.phases;
    options.trackComments = comments_.tracks;
    return options;
}

std::string EditorModel::textFor(const fs::path& file) const {
    return program::writeProgramText(program_, writeOptions(file.empty() ? file_ : file));
}

void EditorModel::refresh() {
    ++revision_;
    text_ = textFor(file_);
    // Where each element's table starts in the text: the writer's headers, one per line, in program order.
    elementLines_.clear();
    int line = 0;
    int phase = -1, track = -1, alternate = -1;
    std::size_t start = 0;
    while (start < text_.size()) {
        const std::size_t end = std::min(text_.find('\n', start), text_.size());
        const std::string_view row(text_.data() + start, end - start);
        ++line;
        if (row == "[grounding]") {
            elementLines_.push_back({line, ElementRef::grounding()});
        } else if (row == "[[phase]]") {
            ++phase;
            track = -1;
            elementLines_.push_back({line, ElementRef::phaseAt(phase)});
        } else if (row == "[phase.bed]") {
            elementLines_.push_back({line, ElementRef::bedOf(phase)});
        } else if (row == "[[phase.track]]") {
            ++track;
            alternate = -1;
            elementLines_.push_back({line, ElementRef::trackAt(phase, track)});
        } else if (row == "[[phase.track.alternate]]") {
            ++alternate;
            elementLines_.push_back({line, ElementRef::alternateAt(phase, track, alternate)});
        }
        start = end + 1;
    }
    placeProblems(program::parseProgramText(text_, checkFile()).problems);
}

ElementRef EditorModel::elementAtLine(int line) const {
    ElementRef found = ElementRef::program();
    for (const auto& [start, element] : elementLines_) {
        if (start > line) break;
        found = element;
    }
    return line > 0 ? found : ElementRef::program();
}

void EditorModel::placeProblems(const std::vector<program::Problem>& found) {
    problems_.clear();
    for (const auto& problem : found) problems_.push_back({problem, elementAtLine(problem.where.line)});
}

void EditorModel::takeCheckReport(std::uint64_t revision, const check::CheckReport& report) {
    for (const auto& entry : report.tracks)
        if (entry.measurement) lengths_[entry.file] = entry.measurement->durationSeconds;
    if (revision != revision_) return;
    placeProblems(report.problems);
    audioCheckedRevision_ = revision;
}

void EditorModel::checkNow(check::ProgramChecker& checker) {
    const auto request = checkRequest();
    takeCheckReport(request.revision, checker.checkText(request.text, request.file));
}

std::optional<double> EditorModel::knownLengthSeconds(const fs::path& file) const {
    const auto found = lengths_.find(file);
    if (found == lengths_.end()) return std::nullopt;
    return found->second;
}

PhaseMusic EditorModel::phaseMusic(int phaseIndex) const {
    PhaseMusic music;
    if (!validIndex(phaseIndex, program_.phases.size())) return music;
    const Phase& phase = program_.phases[static_cast<std::size_t>(phaseIndex)];
    music.plannedSeconds = seconds(phase.planned);
    music.limitSeconds = phase.maximum ? seconds(*phase.maximum) : kOverlongRatio * music.plannedSeconds;
    music.allLengthsKnown = true;
    for (const auto& track : phase.tracks) {
        const auto length = knownLengthSeconds(track.file);
        if (!length) {
            music.allLengthsKnown = false;
            continue;
        }
        music.musicSeconds += program::playedSeconds(track, *length);
    }
    if (phase.tracks.size() > 1)
        music.musicSeconds -= seconds(phase.trackCrossfade) * static_cast<double>(phase.tracks.size() - 1);
    music.musicSeconds = std::max(music.musicSeconds, 0.0);
    // Tracks that loop, or a bed, carry the phase to its end however short they are: only a phase set to
    // fall silent can run out of music.
    music.filledWhenShort = (phase.fill == program::FillPolicy::Loop && !phase.tracks.empty()) ||
                            (phase.fill == program::FillPolicy::Bed && phase.bed.has_value());
    if (!music.allLengthsKnown)
        music.fit = PhaseFit::Unknown;
    else if (music.musicSeconds + 1.0 < music.plannedSeconds)
        music.fit = music.filledWhenShort
                        ? (phase.fill == program::FillPolicy::Loop ? PhaseFit::Loops : PhaseFit::BedFills)
                        : PhaseFit::TooShort;
    else if (music.musicSeconds > music.limitSeconds)
        music.fit = PhaseFit::MuchLonger;
    else
        music.fit = PhaseFit::Fits;
    return music;
}

std::vector<EditorProblem> EditorModel::problemsOf(const ElementRef& element) const {
    std::vector<EditorProblem> found;
    for (const auto& problem : problems_)
        if (problem.element == element) found.push_back(problem);
    return found;
}

bool EditorModel::hasErrors() const {
    return std::any_of(problems_.begin(), problems_.end(),
                       [](const EditorProblem& p) { return p.problem.severity == program::Severity::Error; });
}

SavePlan EditorModel::savePlan(const fs::path& file) const {
    SavePlan plan;
    std::error_code error;
    plan.replacesOpenedFile =
        !openedFile_.empty() && fs::exists(file, error) && fs::equivalent(file, openedFile_, error);
    plan.replacesOtherFile = !plan.replacesOpenedFile && fs::exists(file, error);
    if (plan.replacesOpenedFile) plan.lostCommentLines = openedUnkeptLines_;
    std::string kept =
        "Saving keeps the comments at the top and above the grounding track, each phase and each track";
    if (plan.lostCommentLines.empty()) {
        plan.whatIsKept = kept + ".";
    } else {
        std::string lines;
        for (std::size_t i = 0; i < plan.lostCommentLines.size() && i < 8; ++i)
            lines += (i ? ", " : "") + std::to_string(plan.lostCommentLines[i]);
        if (plan.lostCommentLines.size() > 8) lines += ", ...";
        plan.whatIsKept = kept + "; " + std::to_string(plan.lostCommentLines.size()) +
                          (plan.lostCommentLines.size() == 1 ? " other comment" : " other comments") +
                          " of the file (line" + (plan.lostCommentLines.size() == 1 ? " " : "s ") + lines +
                          ") would be lost.";
    }
    return plan;
}

void EditorModel::save(const fs::path& file) {
    program::writeProgramFile(program_, file, writeOptions(file));
    const bool sameFile = !openedFile_.empty() && [&] {
        std::error_code error;
        return fs::equivalent(file, openedFile_, error);
    }();
    if (sameFile) openedUnkeptLines_.clear();  // they are gone from the file now
    file_ = file;
    program_.sourceFile = file;
    refresh();
    savedText_ = text_;
}

}  // namespace stillpoint::editor
