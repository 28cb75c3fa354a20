#include "editor/EditorWindow.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include "program/DurationParser.h"

namespace stillpoint::editor {

namespace {

namespace fs = std::filesystem;
using namespace panel;
using program::Duration;
using program::Phase;
using program::Track;

constexpr ImGuiWindowFlags kFullWindow = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                         ImGuiWindowFlags_NoSavedSettings |
                                         ImGuiWindowFlags_NoBringToFrontOnFocus;

const char* lyricsLabel(program::Lyrics lyrics) {
    switch (lyrics) {
        case program::Lyrics::None:
            return "none";
        case program::Lyrics::ForeignLanguage:
            return "foreign language";
        case program::Lyrics::KnownLanguage:
            return "known language";
        case program::Lyrics::Unspecified:
            break;
    }
    return "not said";
}

const char* fillLabel(program::FillPolicy fill) {
    switch (fill) {
        case program::FillPolicy::Bed:
            return "play the bed";
        case program::FillPolicy::Silence:
            return "silence";
        case program::FillPolicy::Loop:
            break;
    }
    return "loop the tracks";
}

// What a dragged track carries: where it is.
struct TrackPlace {
    int phase;
    int track;
};

std::string trackLabel(const Track& track) {
    if (!track.title.empty()) return track.title;
    return track.file.filename().string();
}

std::string clock(double seconds) {
    return program::formatClock(seconds);
}

// A label column and a field, on one line.
void label(const char* text, float column) {
    ImGui::AlignTextToFramePadding();
    textColoured(colour::kTextDim, text);
    ImGui::SameLine(column);
}

// A duration typed as in a program file ("90s", "8m", "1h20m"); returns the new value when what was typed
// is one. Empty text is "none" when `optional`.
std::optional<std::optional<Duration>> durationField(const char* id, const std::optional<Duration>& value,
                                                     bool optional, float width) {
    std::string text = value ? program::formatDuration(*value) : std::string();
    ImGui::SetNextItemWidth(width);
    const bool changed = ImGui::InputTextWithHint(id, optional ? "none" : "e.g. 20m", &text);
    std::optional<std::optional<Duration>> result;
    if (text.empty()) {
        if (changed && optional) result = std::optional<Duration>{};
        return result;
    }
    const auto parsed = program::parseDuration(text);
    if (!parsed.value) {
        if (ImGui::IsItemActive()) {
            ImGui::SameLine();
            textColoured(colour::kNotice, "write 90s, 8m or 1h20m");
        }
        return result;
    }
    if (changed) result = std::optional<Duration>(*parsed.value);
    return result;
}

std::vector<std::string> splitTags(const std::string& text) {
    std::vector<std::string> tags;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find(',', start), text.size());
        std::string tag = text.substr(start, end - start);
        tag.erase(0, tag.find_first_not_of(' '));
        while (!tag.empty() && tag.back() == ' ') tag.pop_back();
        if (!tag.empty()) tags.push_back(tag);
        start = end + 1;
    }
    return tags;
}

std::string joinTags(const std::vector<std::string>& tags) {
    std::string text;
    for (const auto& tag : tags) text += (text.empty() ? "" : ", ") + tag;
    return text;
}

// "no lyrics, intensity 2, strings": what a track's fields or a file's tags say of its music, for the
// library.
std::string whatIsKnown(program::Lyrics lyrics, const std::optional<int>& intensity,
                        const std::vector<std::string>& tags) {
    std::vector<std::string> parts;
    if (lyrics == program::Lyrics::None) parts.push_back("no lyrics");
    if (lyrics == program::Lyrics::ForeignLanguage) parts.push_back("foreign lyrics");
    if (lyrics == program::Lyrics::KnownLanguage) parts.push_back("lyrics");
    if (intensity) parts.push_back("intensity " + std::to_string(*intensity));
    if (!tags.empty()) parts.push_back(joinTags(tags));
    std::string text;
    for (const auto& part : parts) text += (text.empty() ? "" : ", ") + part;
    return text;
}

// Each file of the program with the track that says the most of it (lyrics, intensity, tags), for the
// library's columns.
std::map<fs::path, const Track*> describedTracks(const program::Program& program) {
    std::map<fs::path, const Track*> found;
    const auto says = [](const Track& track) {
        return (track.lyrics != program::Lyrics::Unspecified) + (track.intensity.has_value()) +
               !track.tags.empty();
    };
    const auto add = [&](const Track& track) {
        const fs::path file = track.file.lexically_normal();
        auto& known = found[file];
        if (!known || says(track) > says(*known)) known = &track;
    };
    for (const Phase& phase : program.phases) {
        for (const Track& track : phase.tracks) {
            add(track);
            for (const Track& alternate : track.alternates) add(alternate);
        }
        if (phase.bed) add(*phase.bed);
    }
    if (program.grounding) add(*program.grounding);
    return found;
}

// A dialog's button, pressed by a click, by Space on it (ImGui's keyboard navigation) or by Enter on it, as
// a person who knows dialogs expects.
bool dialogButton(const char* text) {
    const bool clicked = ImGui::Button(text);
    return clicked ||
           (ImGui::IsItemFocused() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false));
}

// Escape in a dialog: what its Cancel does.
bool dialogCancelled() {
    return ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false);
}

// A dialog `width` wide in the middle of the window; true while it is open (then EndPopup it).
bool beginDialog(const char* name, float width) {
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos({size.x / 2, size.y / 2}, ImGuiCond_Always, {0.5f, 0.5f});
    ImGui::SetNextWindowSize({width, 0});
    return ImGui::BeginPopupModal(name, nullptr, ImGuiWindowFlags_NoSavedSettings);
}

std::string describe(const ElementRef& element, const program::Program& program) {
    using Kind = ElementRef::Kind;
    auto phaseName = [&](int phase) {
        return phase >= 0 && static_cast<std::size_t>(phase) < program.phases.size()
                   ? "\"" + program.phases[static_cast<std::size_t>(phase)].name + "\""
                   : std::string("?");
    };
    switch (element.kind) {
        case Kind::Program:
            return "program";
        case Kind::Grounding:
            return "grounding";
        case Kind::Phase:
            return "phase " + phaseName(element.phase);
        case Kind::Bed:
            return "bed of " + phaseName(element.phase);
        case Kind::Track:
            return phaseName(element.phase) + " track " + std::to_string(element.track + 1);
        case Kind::Alternate:
            return phaseName(element.phase) + " track " + std::to_string(element.track + 1) + " alternate " +
                   std::to_string(element.alternate + 1);
    }
    return "";
}

}  // namespace

EditorWindow::EditorWindow(EditorModel& model, const PanelFonts& fonts) : model_(model), fonts_(fonts) {}

int EditorWindow::selectedPhase() const {
    const int phases = static_cast<int>(model_.program().phases.size());
    if (phases == 0) return -1;
    return std::clamp(selected_.phase, 0, phases - 1);
}

void EditorWindow::select(const ElementRef& element) {
    selected_ = element;
}

void EditorWindow::pumpChecks(EditorChecker& checker) {
    if (requestedRevision_ != model_.revision()) {
        checker.request(model_.checkRequest());
        requestedRevision_ = model_.revision();
    }
    if (auto finished = checker.takeReport()) model_.takeCheckReport(finished->revision, finished->report);
    progress_ = checker.progress();
}

void EditorWindow::takePaneFocus(int pane) {
    if (paneFocusRequest_ != pane) return;
    // The keyboard moves into this column: Tab then walks its fields, the arrows its buttons and lists.
    ImGui::SetWindowFocus();
    ImGui::ClearActiveID();
    paneFocusRequest_ = -1;
}

bool EditorWindow::handleKey(const SDL_KeyboardEvent& key) {
    // F6 and Shift+F6 move between the columns (and the problems): ImGui's Tab stays inside one.
    if (key.keysym.sym == SDLK_F6) {
        if (key.type == SDL_KEYDOWN) {
            focusedPane_ = (focusedPane_ + ((key.keysym.mod & KMOD_SHIFT) ? kPanes - 1 : 1)) % kPanes;
            paneFocusRequest_ = focusedPane_;
        }
        return true;
    }
    if (!(key.keysym.mod & KMOD_CTRL)) return false;
    const SDL_Keycode code = key.keysym.sym;
    const bool shift = (key.keysym.mod & KMOD_SHIFT) != 0;
    if (code != SDLK_z && code != SDLK_y && code != SDLK_s) return false;
    if (key.type != SDL_KEYDOWN) return true;
    // Carried out after the next frame has drawn the fields, so that what was typed just before the key
    // (still in ImGui's queue) is in the program first: Ctrl+S right after typing saves what was typed.
    pendingKey_ = code == SDLK_s                                  ? PendingKey::Save
                  : (code == SDLK_y || (code == SDLK_z && shift)) ? PendingKey::Redo
                                                                  : PendingKey::Undo;
    return true;
}

void EditorWindow::carryOutPendingKey() {
    const PendingKey pending = pendingKey_;
    pendingKey_ = PendingKey::None;
    if (pending == PendingKey::Save) {
        startSave(model_.file());
    } else if (pending == PendingKey::Redo) {
        if (model_.canRedo()) status_ = "Redone: " + model_.redoLabel();
        model_.redo();
    } else if (pending == PendingKey::Undo) {
        if (model_.canUndo()) status_ = "Undone: " + model_.undoLabel();
        model_.undo();
    }
}

void EditorWindow::dropFile(const fs::path& file) {
    Track track;
    track.file = file;
    addTrack(std::move(track));
}

void EditorWindow::addFromLibrary(const LibraryEntry& entry) {
    // What the file's tags say becomes the track's fields, to be corrected where they are wrong.
    Track track;
    track.file = entry.file;
    track.lyrics = entry.lyrics;
    track.intensity = entry.intensity;
    track.tags = entry.tags;
    addTrack(std::move(track));
}

void EditorWindow::addTrack(Track track) {
    const fs::path file = track.file;
    int phase = selectedPhase();
    if (phase < 0) {
        Phase added;
        added.name = "music";
        added.planned = std::chrono::minutes(20);
        phase = model_.addPhase(0, added);
    }
    const auto& tracks = model_.program().phases[static_cast<std::size_t>(phase)].tracks;
    track.file = fs::absolute(file).lexically_normal();
    const int at = model_.addTrack(phase, static_cast<int>(tracks.size()), track);
    selected_ = ElementRef::trackAt(phase, at);
    status_ = "Added " + file.filename().string() + " to phase \"" +
              model_.program().phases[static_cast<std::size_t>(phase)].name + "\"";
}

void EditorWindow::handleEvent(const SDL_Event& event) {
    if (event.type != SDL_DROPFILE || event.drop.file == nullptr) return;
    dropFile(event.drop.file);
    SDL_free(event.drop.file);
}

bool EditorWindow::requestClose() {
    if (!model_.modified() || closeConfirmed_) return true;
    openConfirmClose_ = true;
    return false;
}

void EditorWindow::startSave(const fs::path& file) {
    if (file.empty()) {
        saveAsPath_ =
            (suggestedFile_.empty() ? fs::current_path() / "program.toml" : suggestedFile_).string();
        openSaveAs_ = true;
        return;
    }
    const SavePlan plan = model_.savePlan(file);
    pendingSave_ = file;
    if (!plan.lostCommentLines.empty()) {
        openConfirmComments_ = true;
    } else if (plan.replacesOtherFile && file != model_.file()) {
        openConfirmReplace_ = true;
    } else {
        saveNow(file);
    }
}

void EditorWindow::saveNow(const fs::path& file) {
    try {
        model_.save(file);
        saveError_.clear();
        status_ = "Saved " + file.string() +
                  (model_.hasErrors() ? ": it has errors to fix before it can be used in a session" : "");
        if (closeAfterSave_) closeConfirmed_ = true;
    } catch (const std::exception& error) {
        saveError_ = error.what();
        status_ = "Not saved: " + saveError_;
    }
    closeAfterSave_ = false;
}

void EditorWindow::draw() {
    ImGuiIO& io = ImGui::GetIO();
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;  // Tab, arrows and Space reach every field
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("Stillpoint editor", nullptr, kFullWindow);
    drawTopBar();
    const ImVec2 room = ImGui::GetContentRegionAvail();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float problemsHeight = model_.problems().empty() ? px(64) : std::max(px(120), room.y * 0.2f);
    const float columnsHeight = room.y - problemsHeight - ImGui::GetStyle().ItemSpacing.y;
    const float left = std::floor(room.x * 0.31f);
    // The library's table needs room: while it is shown the middle column takes some of the track's.
    const float middle = std::floor(room.x * (libraryShown_ ? 0.46f : 0.33f));
    const float right = room.x - left - middle - 2 * gap;
    ImGui::BeginChild("phases", {left, columnsHeight}, true);
    takePaneFocus(0);
    drawProgramSettings(left);
    drawPhaseList(left, columnsHeight);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("phase", {middle, columnsHeight}, true);
    takePaneFocus(1);
    if (library_ && ImGui::BeginTabBar("middle")) {
        if (ImGui::BeginTabItem("Phase")) {
            libraryShown_ = false;
            drawPhaseDetails(middle, columnsHeight);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Library", nullptr, showLibrary_ ? ImGuiTabItemFlags_SetSelected : 0)) {
            libraryShown_ = true;
            drawLibrary(middle, columnsHeight);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
        showLibrary_ = false;
    } else {
        drawPhaseDetails(middle, columnsHeight);
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("track", {right, columnsHeight}, true);
    takePaneFocus(2);
    drawTrackDetails(right, columnsHeight);
    ImGui::EndChild();
    drawProblems(room.x, problemsHeight);
    carryOutPendingKey();
    drawDialogs();
    ImGui::End();
    if (!io.WantTextInput) model_.endTyping();
}

void EditorWindow::drawTopBar() {
    ImGui::PushFont(fonts_.heading);
    textColoured(colour::kAccent, model_.program().name.empty() ? "(no name)" : model_.program().name);
    ImGui::PopFont();
    ImGui::SameLine();
    const std::string where = model_.file().empty() ? "not saved yet" : model_.file().filename().string();
    textColoured(colour::kTextDim, where + (model_.modified() ? "  - changed" : ""));
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - px(860));
    ImGui::BeginDisabled(!model_.canUndo());
    if (ImGui::Button("Undo (Ctrl+Z)")) model_.undo();
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!model_.canRedo());
    if (ImGui::Button("Redo (Ctrl+Y)")) model_.redo();
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Save (Ctrl+S)")) startSave(model_.file());
    ImGui::SameLine();
    if (ImGui::Button("Import playlist or folder")) {
        importError_.clear();
        openImport_ = true;
    }

    std::size_t errors = 0, warnings = 0;
    for (const auto& problem : model_.problems())
        (problem.problem.severity == program::Severity::Error ? errors : warnings)++;
    std::string state;
    if (errors > 0)
        state = std::to_string(errors) + (errors == 1 ? " error" : " errors") +
                ": it can be saved, not started in a session";
    else
        state = "Ready for a session";
    if (warnings > 0) state += ", " + std::to_string(warnings) + (warnings == 1 ? " warning" : " warnings");
    textColoured(errors > 0 ? colour::kAlert : colour::kCalm, state);
    ImGui::SameLine();
    if (progress_.running && progress_.total > 0) {
        ImGui::SetNextItemWidth(px(220));
        ImGui::ProgressBar(static_cast<float>(progress_.done) / static_cast<float>(progress_.total),
                           {px(220), 0}, "measuring loudness");
    } else if (!model_.audioChecked()) {
        textColoured(colour::kTextDim, "checking the audio files...");
    } else {
        textColoured(colour::kTextDim, "audio files checked");
    }
    const SavePlan plan = model_.savePlan(model_.file());
    ImGui::SameLine(0, px(24));
    textWrappedColoured(plan.lostCommentLines.empty() && status_.empty() ? colour::kTextDim : colour::kNotice,
                        status_.empty() ? plan.whatIsKept : status_);
    drawListenBar();
}

void EditorWindow::moveTrackToPhase(int phase, int track, int toPhase) {
    const auto& phases = model_.program().phases;
    if (toPhase < 0 || static_cast<std::size_t>(toPhase) >= phases.size() || toPhase == phase) return;
    const Track* moving = model_.track(ElementRef::trackAt(phase, track));
    if (!moving) return;
    const std::string name = trackLabel(*moving);
    const int at = static_cast<int>(phases[static_cast<std::size_t>(toPhase)].tracks.size());
    model_.moveTrack(phase, track, toPhase, at);
    selected_ = ElementRef::trackAt(toPhase, at);
    status_ = "Moved " + name + " to phase \"" +
              model_.program().phases[static_cast<std::size_t>(toPhase)].name + "\" (Ctrl+Z moves it back)";
}

void EditorWindow::listenTo(const ElementRef& which) {
    if (!listen_) return;
    ListenRequest request;
    request.program = model_.program();
    if (which.kind == ElementRef::Kind::Phase) {
        request.phase = which.phase;
    } else if (const Track* track = model_.track(which)) {
        request.track = *track;
    } else {
        return;
    }
    listen_->play(std::move(request));
}

// What plays, where it is, and Stop; or why the last listen could not play.
void EditorWindow::drawListenBar() {
    if (!listen_) return;
    listenStatus_ = listen_->status();
    const ListenStatus& status = listenStatus_;
    // A line of its own, always there, so that nothing moves when a listen starts or ends.
    ImGui::AlignTextToFramePadding();
    if (status.state == ListenState::Idle) {
        if (!status.problem.empty())
            textColoured(colour::kNotice, status.problem);
        else
            textColoured(colour::kTextDim, "Listen plays a track, or a phase's change into the next, on " +
                                               status.device + ".");
        return;
    }
    if (status.state == ListenState::Preparing) {
        textColoured(
            colour::kTextDim,
            "Preparing to listen" + (status.label.empty() ? std::string() : " to " + status.label) + "...");
    } else {
        std::string where = clock(status.positionSeconds) + " / " + clock(status.lengthSeconds);
        if (status.crossfadeStartSeconds >= 0.0) {
            const double intoCrossfade = status.positionSeconds - status.crossfadeStartSeconds;
            where += intoCrossfade < 0.0                       ? ", crossfade in " + clock(-intoCrossfade)
                     : intoCrossfade < status.crossfadeSeconds ? ", crossfading"
                                                               : ", next phase";
        }
        textColoured(colour::kCalm, (status.state == ListenState::Stopping ? "Stopping " : "Listening to ") +
                                        status.label + "  " + where + "  on " + status.device);
    }
    ImGui::SameLine();
    if (ImGui::Button("Stop##listen")) listen_->stop();
}

// A playlist (.m3u, .m3u8, .pls, .xspf) or a folder of music, spread over the route's phase plan as
// `stillpoint import` does; the files are read on a thread of their own, and the result replaces the program
// as one step of undo.
void EditorWindow::drawImportDialog() {
    if (!beginDialog("Import playlist or folder", px(900))) return;
    const bool busy = importing_.valid();
    if (busy && importing_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        const ProgramImport result = importing_.get();
        if (result.imported) {
            model_.replaceWithImport(*result.imported);
            selected_ = ElementRef::phaseAt(0);
            status_ = "Imported " + std::to_string(result.tracks) + " tracks from " + importPath_ + " into " +
                      std::to_string(result.imported->program.phases.size()) + " phases" +
                      (result.skipped.empty() ? std::string()
                                              : "; " + std::to_string(result.skipped.size()) +
                                                    " skipped (first: " + result.skipped.front() + ")") +
                      ". Ctrl+Z goes back.";
            ImGui::CloseCurrentPopup();
        } else {
            importError_ = result.error;
        }
    }
    textWrappedColoured(
        colour::kTextDim,
        "A playlist (.m3u, .m3u8, .pls, .xspf) or a folder of music: its tracks are spread over "
        "the route's phases, in order. It replaces this program (Ctrl+Z brings it back).");
    label("Playlist or folder", px(230));
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(-1);
    const bool entered = ImGui::InputTextWithHint("##import-path", "e.g. /home/clinic/Music/peak.m3u",
                                                  &importPath_, ImGuiInputTextFlags_EnterReturnsTrue);
    label("Route", px(230));
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##import-route", program::displayName(importRoute_))) {
        for (auto route : {program::Route::Iv, program::Route::Im, program::Route::Intranasal,
                           program::Route::Sublingual, program::Route::Oral})
            if (ImGui::Selectable(program::displayName(route), route == importRoute_)) importRoute_ = route;
        ImGui::EndCombo();
    }
    if (!importError_.empty()) textWrappedColoured(colour::kAlert, "Not imported: " + importError_);
    ImGui::BeginDisabled(importing_.valid());
    if ((dialogButton("Import##run") || entered) && !importPath_.empty() && !importing_.valid()) {
        importError_.clear();
        importing_ = std::async(std::launch::async, [path = importPath_, route = importRoute_] {
            return importProgram(path, route);
        });
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (importing_.valid()) {
        textColoured(colour::kTextDim, "reading the files...");
    } else if (dialogButton("Cancel##import") || dialogCancelled()) {
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void EditorWindow::drawProgramSettings(float width) {
    const auto& program = model_.program();
    const float column = px(150);
    const float field = width - column - px(30);
    if (!ImGui::CollapsingHeader("Program settings")) return;
    std::string text = program.name;
    label("Name", column);
    ImGui::SetNextItemWidth(field);
    if (ImGui::InputText("##program-name", &text))
        model_.editProgram("name", [&](auto& p) { p.name = text; });
    text = program.author;
    label("Author", column);
    ImGui::SetNextItemWidth(field);
    if (ImGui::InputText("##author", &text)) model_.editProgram("author", [&](auto& p) { p.author = text; });
    label("Route", column);
    ImGui::SetNextItemWidth(field);
    if (ImGui::BeginCombo("##route", program::displayName(program.route))) {
        for (auto route : {program::Route::Iv, program::Route::Im, program::Route::Intranasal,
                           program::Route::Sublingual, program::Route::Oral, program::Route::Other})
            if (ImGui::Selectable(program::displayName(route), route == program.route))
                model_.editProgram("route", [&](auto& p) { p.route = route; });
        ImGui::EndCombo();
    }
    text = program.description;
    label("About", column);
    ImGui::SetNextItemWidth(field);
    if (ImGui::InputText("##description", &text))
        model_.editProgram("description", [&](auto& p) { p.description = text; });
    double value = program.targetLufs;
    label("Loudness", column);
    ImGui::SetNextItemWidth(field);
    if (ImGui::InputDouble("LUFS##target", &value, 0.5, 1.0, "%.1f"))
        model_.editProgram("target loudness", [&](auto& p) { p.targetLufs = value; });
    value = program.volumeCeilingDbfs;
    label("Ceiling", column);
    ImGui::SetNextItemWidth(field);
    if (ImGui::InputDouble("dBFS##ceiling", &value, 0.5, 1.0, "%.1f"))
        model_.editProgram("ceiling", [&](auto& p) { p.volumeCeilingDbfs = value; });
    label("End fade", column);
    if (const auto fade = durationField("##end-fade", program.endFade, false, field))
        model_.editProgram("end fade", [&](auto& p) { p.endFade = fade->value_or(Duration{0}); });
    problemBadge(ElementRef::program());
    ImGui::Separator();
}

void EditorWindow::problemBadge(const ElementRef& element) {
    const auto problems = model_.problemsOf(element);
    for (const auto& problem : problems) {
        const bool error = problem.problem.severity == program::Severity::Error;
        textWrappedColoured(error ? colour::kAlert : colour::kNotice,
                            std::string(error ? "Error: " : "Warning: ") + problem.problem.message);
    }
}

void EditorWindow::drawMusicBar(const PhaseMusic& music, float width, float height) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float scaleSeconds = std::max({music.limitSeconds, music.musicSeconds, 1.0});
    const auto x = [&](double seconds) { return at.x + width * static_cast<float>(seconds / scaleSeconds); };
    draw->AddRectFilled(at, {at.x + width, at.y + height}, toU32(colour::kFrame));
    ImVec4 fill = colour::kTextDim;
    if (music.fit == PhaseFit::Fits) fill = colour::kCalm;
    if (music.fit == PhaseFit::TooShort) fill = colour::kNotice;
    if (music.fit == PhaseFit::MuchLonger) fill = colour::kAlert;
    const bool filled = music.fit == PhaseFit::Loops || music.fit == PhaseFit::BedFills;
    if (filled) {
        fill = colour::kCalm;
        // What the loop or the bed plays, up to the planned end, lighter than the tracks themselves.
        draw->AddRectFilled(at, {x(music.plannedSeconds), at.y + height}, toU32(fill, 0.35f));
    }
    if (music.fit != PhaseFit::Unknown)
        draw->AddRectFilled(at, {x(music.musicSeconds), at.y + height}, toU32(fill, 0.8f));
    draw->AddLine({x(music.plannedSeconds), at.y - px(2)}, {x(music.plannedSeconds), at.y + height + px(2)},
                  toU32(colour::kText), px(2));
    ImGui::Dummy({width, height});
}

void EditorWindow::drawPhaseList(float width, float) {
    const auto& program = model_.program();
    ImGui::PushFont(fonts_.heading);
    ImGui::TextUnformatted("Phases");
    ImGui::PopFont();
    for (std::size_t i = 0; i < program.phases.size(); ++i) {
        const int index = static_cast<int>(i);
        const Phase& phase = program.phases[i];
        const PhaseMusic music = model_.phaseMusic(index);
        ImGui::PushID(index);
        const bool chosen = selected_.kind != ElementRef::Kind::Program &&
                            selected_.kind != ElementRef::Kind::Grounding && selected_.phase == index;
        std::size_t problems = 0;
        for (const auto& problem : model_.problems())
            if (problem.element.phase == index && problem.element.kind != ElementRef::Kind::Program &&
                problem.element.kind != ElementRef::Kind::Grounding)
                ++problems;
        const std::string row = std::to_string(i + 1) + ". " + phase.name + "   " +
                                program::formatDuration(phase.planned) +
                                (phase.ends == program::PhaseEnd::Operator ? "  (until advanced)" : "") +
                                (problems ? "   [" + std::to_string(problems) + " !]" : "");
        ImGui::PushStyleColor(ImGuiCol_Text, problems ? colour::kAlert : phaseColour(phase.name));
        if (ImGui::Selectable(row.c_str(), chosen)) selected_ = ElementRef::phaseAt(index);
        ImGui::PopStyleColor();
        if (ImGui::BeginDragDropSource()) {
            ImGui::SetDragDropPayload("phase", &index, sizeof index);
            ImGui::TextUnformatted(phase.name.c_str());
            ImGui::EndDragDropSource();
        }
        if (ImGui::BeginDragDropTarget()) {
            if (const ImGuiPayload* payload = ImGui::AcceptDragDropPayload("phase")) {
                model_.movePhase(*static_cast<const int*>(payload->Data), index);
                selected_ = ElementRef::phaseAt(index);
            }
            // A track dropped on a phase joins the end of its tracks.
            if (const ImGuiPayload* payload = ImGui::AcceptDragDropPayload("track")) {
                const auto& from = *static_cast<const TrackPlace*>(payload->Data);
                moveTrackToPhase(from.phase, from.track, index);
            }
            ImGui::EndDragDropTarget();
        }
        ImGui::SetCursorPosY(ImGui::GetCursorPosY() + px(6));
        drawMusicBar(music, width * 0.42f, px(8));
        ImGui::SameLine();
        ImGui::SetCursorPosY(ImGui::GetCursorPosY() - px(6));
        const bool calm =
            music.fit == PhaseFit::Fits || music.fit == PhaseFit::Loops || music.fit == PhaseFit::BedFills;
        textColoured(calm ? colour::kTextDim : colour::kNotice,
                     music.fit == PhaseFit::Unknown
                         ? std::string("music ") + toString(music.fit)
                         : clock(music.musicSeconds) + " of " + clock(music.plannedSeconds) + ", " +
                               toString(music.fit));
        ImGui::PopID();
    }
    if (ImGui::Button("Add phase")) {
        Phase phase;
        phase.name = "phase " + std::to_string(program.phases.size() + 1);
        phase.planned = std::chrono::minutes(10);
        const int at = model_.addPhase(selectedPhase() + 1, phase);
        selected_ = ElementRef::phaseAt(at);
        status_ = "Added " + phase.name;
    }
    const int phase = selectedPhase();
    ImGui::SameLine();
    ImGui::BeginDisabled(phase <= 0);
    if (ImGui::Button("Up##phase")) {
        model_.movePhase(phase, phase - 1);
        selected_ = ElementRef::phaseAt(phase - 1);
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(phase < 0 || phase + 1 >= static_cast<int>(program.phases.size()));
    if (ImGui::Button("Down##phase")) {
        model_.movePhase(phase, phase + 1);
        selected_ = ElementRef::phaseAt(phase + 1);
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(phase < 0);
    if (ImGui::Button("Remove##phase")) {
        status_ = "Removed phase \"" + program.phases[static_cast<std::size_t>(phase)].name +
                  "\" (Ctrl+Z brings it back)";
        model_.removePhase(phase);
        selected_ = ElementRef::phaseAt(std::max(phase - 1, 0));
    }
    ImGui::EndDisabled();

    ImGui::Separator();
    ImGui::PushFont(fonts_.heading);
    ImGui::TextUnformatted("Grounding");
    ImGui::PopFont();
    if (program.grounding) {
        if (ImGui::Selectable(trackLabel(*program.grounding).c_str(),
                              selected_.kind == ElementRef::Kind::Grounding))
            selected_ = ElementRef::grounding();
        problemBadge(ElementRef::grounding());
    } else {
        textWrappedColoured(colour::kNotice,
                            "No grounding track: choose a track and press \"Use as grounding\".");
    }
}

void EditorWindow::drawPhaseDetails(float width, float) {
    const int index = selectedPhase();
    if (index < 0) {
        textColoured(colour::kTextDim, "No phases: add one.");
        return;
    }
    const Phase& phase = model_.program().phases[static_cast<std::size_t>(index)];
    const float column = px(170);
    const float field = width - column - px(30);
    ImGui::PushFont(fonts_.heading);
    textColoured(phaseColour(phase.name), "Phase " + std::to_string(index + 1));
    ImGui::PopFont();
    std::string text = phase.name;
    label("Name", column);
    ImGui::SetNextItemWidth(field);
    if (ImGui::InputText("##phase-name", &text))
        model_.editPhase(index, "name", [&](Phase& p) { p.name = text; });
    label("Planned", column);
    const float third = (field - px(100)) / 3;
    if (const auto value = durationField("##planned", phase.planned, false, third))
        model_.editPhase(index, "planned", [&](Phase& p) { p.planned = value->value_or(Duration{0}); });
    ImGui::SameLine();
    textColoured(colour::kTextDim, "min");
    ImGui::SameLine();
    if (const auto value = durationField("##min", phase.minimum, true, third))
        model_.editPhase(index, "min", [&](Phase& p) { p.minimum = *value; });
    ImGui::SameLine();
    textColoured(colour::kTextDim, "max");
    ImGui::SameLine();
    if (const auto value = durationField("##max", phase.maximum, true, third))
        model_.editPhase(index, "max", [&](Phase& p) { p.maximum = *value; });
    label("Ends", column);
    ImGui::SetNextItemWidth(field);
    const char* endsLabel =
        phase.ends == program::PhaseEnd::Operator ? "when the therapist advances" : "at its planned time";
    if (ImGui::BeginCombo("##ends", endsLabel)) {
        if (ImGui::Selectable("at its planned time", phase.ends == program::PhaseEnd::Automatic))
            model_.editPhase(index, "ends", [](Phase& p) { p.ends = program::PhaseEnd::Automatic; });
        if (ImGui::Selectable("when the therapist advances", phase.ends == program::PhaseEnd::Operator))
            model_.editPhase(index, "ends", [](Phase& p) { p.ends = program::PhaseEnd::Operator; });
        ImGui::EndCombo();
    }
    label("Crossfades", column);
    const float half = (field - px(150)) / 2;
    if (const auto value = durationField("##crossfade", phase.crossfadeToNext, false, half))
        model_.editPhase(index, "crossfade",
                         [&](Phase& p) { p.crossfadeToNext = value->value_or(Duration{0}); });
    ImGui::SameLine();
    textColoured(colour::kTextDim, "next");
    ImGui::SameLine();
    if (const auto value = durationField("##track-crossfade", phase.trackCrossfade, false, half))
        model_.editPhase(index, "track crossfade",
                         [&](Phase& p) { p.trackCrossfade = value->value_or(Duration{0}); });
    ImGui::SameLine();
    textColoured(colour::kTextDim, "tracks");
    const auto& phases = model_.program().phases;
    if (listen_ && static_cast<std::size_t>(index) + 1 < phases.size()) {
        label("Listen", column);
        if (ImGui::Button(
                ("Change into \"" + phases[static_cast<std::size_t>(index) + 1].name + "\"##phase-change")
                    .c_str()))
            listenTo(ElementRef::phaseAt(index));
    }
    label("Tracks run out", column);
    ImGui::SetNextItemWidth(field);
    if (ImGui::BeginCombo("##fill", fillLabel(phase.fill))) {
        for (auto fill : {program::FillPolicy::Loop, program::FillPolicy::Bed, program::FillPolicy::Silence})
            if (ImGui::Selectable(fillLabel(fill), fill == phase.fill))
                model_.editPhase(index, "fill", [&](Phase& p) { p.fill = fill; });
        ImGui::EndCombo();
    }
    if (phase.bed) {
        if (ImGui::Selectable(("Bed: " + trackLabel(*phase.bed)).c_str(),
                              selected_ == ElementRef::bedOf(index)))
            selected_ = ElementRef::bedOf(index);
    } else if (phase.fill == program::FillPolicy::Bed) {
        textColoured(colour::kNotice, "No bed yet: choose a track and press \"Use as bed\".");
    }
    problemBadge(ElementRef::phaseAt(index));
    problemBadge(ElementRef::bedOf(index));

    ImGui::Separator();
    ImGui::PushFont(fonts_.heading);
    ImGui::TextUnformatted("Tracks");
    ImGui::PopFont();
    for (std::size_t t = 0; t < phase.tracks.size(); ++t) {
        const int track = static_cast<int>(t);
        const Track& entry = phase.tracks[t];
        ImGui::PushID(track);
        const auto length = model_.knownLengthSeconds(entry.file);
        const auto problems = model_.problemsOf(ElementRef::trackAt(index, track));
        std::string row = std::to_string(t + 1) + ". " + trackLabel(entry);
        if (length) row += "   " + clock(program::playedSeconds(entry, *length));
        if (!entry.alternates.empty()) row += "   +" + std::to_string(entry.alternates.size()) + " calmer";
        if (!problems.empty()) row += "   [!]";
        const bool chosen =
            (selected_.kind == ElementRef::Kind::Track || selected_.kind == ElementRef::Kind::Alternate) &&
            selected_.phase == index && selected_.track == track;
        ImGui::PushStyleColor(ImGuiCol_Text, problems.empty() ? colour::kText : colour::kAlert);
        if (ImGui::Selectable(row.c_str(), chosen)) selected_ = ElementRef::trackAt(index, track);
        ImGui::PopStyleColor();
        if (ImGui::BeginDragDropSource()) {
            const TrackPlace place{index, track};
            ImGui::SetDragDropPayload("track", &place, sizeof place);
            ImGui::TextUnformatted(trackLabel(entry).c_str());
            ImGui::EndDragDropSource();
        }
        if (ImGui::BeginDragDropTarget()) {
            if (const ImGuiPayload* payload = ImGui::AcceptDragDropPayload("track")) {
                const auto& from = *static_cast<const TrackPlace*>(payload->Data);
                model_.moveTrack(from.phase, from.track, index, track);
                selected_ = ElementRef::trackAt(index, track);
            }
            ImGui::EndDragDropTarget();
        }
        ImGui::PopID();
    }
    if (phase.tracks.empty())
        textColoured(colour::kTextDim, "No tracks: drop audio files here or add a path below.");
    label("Add file", px(110));
    ImGui::SetNextItemWidth(width - px(230));
    const bool entered = ImGui::InputTextWithHint("##add-path", "path to an audio file", &addPath_,
                                                  ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("Add##track") || entered) && !addPath_.empty()) {
        dropFile(addPath_);
        addPath_.clear();
    }
}

void EditorWindow::drawLibrary(float width, float) {
    MusicLibrary& library = *library_;
    textColoured(colour::kTextDim, "Music folders (remembered for next time)");
    for (std::size_t i = 0; i < library.folders().size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::SmallButton("Remove")) {
            library.removeFolder(i);
            ImGui::PopID();
            break;
        }
        ImGui::SameLine();
        ImGui::TextUnformatted(library.folders()[i].string().c_str());
        ImGui::PopID();
    }
    ImGui::SetNextItemWidth(width - px(190));
    const bool entered = ImGui::InputTextWithHint("##folder", "a folder of music", &folderPath_,
                                                  ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("Add folder") || entered) && !folderPath_.empty()) {
        const std::string problem = library.addFolder(folderPath_);
        status_ = problem.empty() ? "Added the folder " + folderPath_ : problem;
        if (problem.empty()) folderPath_.clear();
    }
    if (!library.settingsProblem().empty()) textWrappedColoured(colour::kNotice, library.settingsProblem());
    const LibraryProgress progress = library.progress();
    if (progress.scanning)
        ImGui::ProgressBar(
            progress.found ? static_cast<float>(progress.measured) / progress.found : 0.0f,
            {width - px(40), 0},
            (std::to_string(progress.measured) + " of " + std::to_string(progress.found) + " measured")
                .c_str());
    ImGui::SetNextItemWidth(width * 0.5f);
    ImGui::InputTextWithHint("##search", "search title, artist, file", &librarySearch_);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(width * 0.5f - px(50));
    const char* sorts[] = {"by title", "by artist", "by length", "by loudness", "by folder"};
    int sort = static_cast<int>(librarySort_);
    if (ImGui::Combo("##sort", &sort, sorts, 5)) librarySort_ = static_cast<LibrarySort>(sort);
    const auto shown = library.view(librarySearch_, librarySort_);
    const int phase = selectedPhase();
    const std::string phaseName =
        phase >= 0 ? model_.program().phases[static_cast<std::size_t>(phase)].name : std::string();
    ImGui::BeginDisabled(libraryChosen_.empty() || phase < 0);
    if (ImGui::Button(("Add to \"" + phaseName + "\"").c_str()))
        for (const auto* entry : shown)
            if (entry->file == libraryChosen_) addFromLibrary(*entry);
    ImGui::EndDisabled();
    ImGui::SameLine();
    textColoured(colour::kTextDim, std::to_string(shown.size()) + " files; double-click adds one");
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
    const auto described = describedTracks(model_.program());
    if (ImGui::BeginTable("library", 5, flags, {width - px(30), ImGui::GetContentRegionAvail().y})) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Title, artist", ImGuiTableColumnFlags_WidthStretch, 3.2f);
        ImGui::TableSetupColumn("Length", ImGuiTableColumnFlags_WidthStretch, 0.9f);
        ImGui::TableSetupColumn("Format", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("LUFS", ImGuiTableColumnFlags_WidthStretch, 0.8f);
        ImGui::TableSetupColumn("Lyrics, intensity, tags", ImGuiTableColumnFlags_WidthStretch, 2.2f);
        ImGui::TableHeadersRow();
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(shown.size()));
        while (clipper.Step()) {
            for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
                const LibraryEntry& entry = *shown[static_cast<std::size_t>(row)];
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::PushID(row);
                const std::string name =
                    entry.artist.empty() ? entry.title : entry.title + " - " + entry.artist;
                if (ImGui::Selectable(
                        name.c_str(), libraryChosen_ == entry.file,
                        ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick)) {
                    libraryChosen_ = entry.file;
                    if (ImGui::IsMouseDoubleClicked(0) && phase >= 0) addFromLibrary(entry);
                }
                ImGui::PopID();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(entry.error.empty() ? clock(entry.seconds).c_str() : "-");
                ImGui::TableNextColumn();
                if (entry.error.empty())
                    ImGui::TextUnformatted(entry.format.c_str());
                else
                    textColoured(colour::kAlert, "unreadable");
                ImGui::TableNextColumn();
                if (entry.integratedLufs) {
                    char lufs[16];
                    std::snprintf(lufs, sizeof lufs, "%.1f", *entry.integratedLufs);
                    ImGui::TextUnformatted(lufs);
                } else {
                    textColoured(colour::kTextDim, entry.error.empty() ? "..." : "");
                }
                // What the program says of the file where the file is in it, else what its tags say;
                // nothing is guessed.
                const auto found = described.find(entry.file.lexically_normal());
                const Track* known = found == described.end() ? nullptr : found->second;
                std::string said = known ? whatIsKnown(known->lyrics, known->intensity, known->tags) : "";
                if (said.empty()) said = whatIsKnown(entry.lyrics, entry.intensity, entry.tags);
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(said.c_str());
            }
        }
        ImGui::EndTable();
    }
}

void EditorWindow::drawTrackDetails(float width, float) {
    using Kind = ElementRef::Kind;
    ElementRef which = selected_;
    if (which.kind == Kind::Alternate && !model_.track(which))
        which = ElementRef::trackAt(which.phase, which.track);
    const Track* track = model_.track(which);
    if (!track || which.kind == Kind::Phase || which.kind == Kind::Program) {
        textWrappedColoured(colour::kTextDim,
                            "Choose a track to see its fields, its calmer alternates, and to use it "
                            "as the grounding track or a bed.");
        return;
    }
    ImGui::PushFont(fonts_.heading);
    textColoured(colour::kAccent, which.kind == Kind::Grounding ? "Grounding track"
                                  : which.kind == Kind::Bed     ? "Bed"
                                  : which.kind == Kind::Alternate
                                      ? "Alternate " + std::to_string(which.alternate + 1)
                                      : "Track " + std::to_string(which.track + 1));
    ImGui::PopFont();
    drawTrackFields(which);
    problemBadge(which);

    if (which.kind == Kind::Track || which.kind == Kind::Alternate) {
        const int phase = which.phase;
        const int index = which.track;
        ImGui::BeginDisabled(which.kind != Kind::Track);
        if (ImGui::Button("Up##track") && index > 0) {
            model_.moveTrack(phase, index, phase, index - 1);
            selected_ = ElementRef::trackAt(phase, index - 1);
        }
        ImGui::SameLine();
        if (ImGui::Button("Down##track")) {
            const auto count =
                static_cast<int>(model_.program().phases[static_cast<std::size_t>(phase)].tracks.size());
            if (index + 1 < count) {
                model_.moveTrack(phase, index, phase, index + 1);
                selected_ = ElementRef::trackAt(phase, index + 1);
            }
        }
        ImGui::EndDisabled();
        ImGui::SameLine();
        if (ImGui::Button("Remove##track")) {
            if (which.kind == Kind::Alternate) {
                model_.removeAlternate(phase, index, which.alternate);
                selected_ = ElementRef::trackAt(phase, index);
            } else {
                model_.removeTrack(phase, index);
                selected_ = ElementRef::phaseAt(phase);
            }
            return;
        }
        if (which.kind == Kind::Track && model_.program().phases.size() > 1) {
            const auto& phases = model_.program().phases;
            label("Move to phase", px(165));
            ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - px(10));
            if (ImGui::BeginCombo("##move-to-phase", phases[static_cast<std::size_t>(phase)].name.c_str())) {
                for (std::size_t p = 0; p < phases.size(); ++p) {
                    ImGui::PushID(static_cast<int>(p));
                    if (ImGui::Selectable((std::to_string(p + 1) + ". " + phases[p].name).c_str(),
                                          static_cast<int>(p) == phase) &&
                        static_cast<int>(p) != phase)
                        moveTrackToPhase(phase, index, static_cast<int>(p));
                    ImGui::PopID();
                }
                ImGui::EndCombo();
            }
            if (selected_.phase != phase) return;  // moved: the track is drawn in its new phase next frame
        }
        if (listen_) {
            if (ImGui::Button("Listen##track")) listenTo(which);
            ImGui::SameLine();
        }
        if (ImGui::Button("Use as grounding")) {
            model_.setGrounding(*model_.track(which));
            status_ = "Grounding track: " + trackLabel(*model_.track(which));
        }
        ImGui::SameLine();
        if (ImGui::Button("Use as bed")) {
            Track bed = *model_.track(which);
            model_.setBed(phase, bed);
            model_.editPhase(phase, "fill", [](Phase& p) { p.fill = program::FillPolicy::Bed; });
        }
        ImGui::Separator();
        const Track& main = *model_.track(ElementRef::trackAt(phase, index));
        ImGui::PushFont(fonts_.heading);
        ImGui::TextUnformatted("Calmer alternates");
        ImGui::PopFont();
        if (ImGui::Selectable(("Main: " + trackLabel(main)).c_str(), which.kind == Kind::Track))
            selected_ = ElementRef::trackAt(phase, index);
        for (std::size_t a = 0; a < main.alternates.size(); ++a) {
            const auto ref = ElementRef::alternateAt(phase, index, static_cast<int>(a));
            ImGui::PushID(static_cast<int>(a));
            if (ImGui::Selectable((std::to_string(a + 1) + ". " + trackLabel(main.alternates[a])).c_str(),
                                  selected_ == ref))
                selected_ = ref;
            ImGui::PopID();
        }
        if (main.alternates.empty())
            textColoured(colour::kNotice, "None yet: the peak needs a calmer choice.");
        ImGui::SetNextItemWidth(width - px(160));
        const bool entered = ImGui::InputTextWithHint("##alternate-path", "path to a calmer file",
                                                      &alternatePath_, ImGuiInputTextFlags_EnterReturnsTrue);
        ImGui::SameLine();
        if ((ImGui::Button("Add##alternate") || entered) && !alternatePath_.empty()) {
            Track alternate;
            alternate.file = fs::absolute(alternatePath_).lexically_normal();
            const int at = model_.addAlternate(phase, index, alternate);
            selected_ = ElementRef::alternateAt(phase, index, at);
            alternatePath_.clear();
        }
    } else {
        if (listen_) {
            if (ImGui::Button("Listen##single")) listenTo(which);
            ImGui::SameLine();
        }
        if (ImGui::Button("Remove##single")) {
            if (which.kind == Kind::Grounding) model_.setGrounding(std::nullopt);
            if (which.kind == Kind::Bed) model_.setBed(which.phase, std::nullopt);
            selected_ = ElementRef::phaseAt(std::max(which.phase, 0));
        }
    }
}

void EditorWindow::drawTrackFields(const ElementRef& which) {
    const Track& track = *model_.track(which);
    const float column = px(165);
    const float field = ImGui::GetContentRegionAvail().x - column - px(10);
    auto edit = [&](const char* name, const std::function<void(Track&)>& change) {
        model_.editTrack(which, name, change);
    };
    textWrappedColoured(colour::kTextDim, track.file.string());
    std::string text = track.title;
    label("Title", column);
    ImGui::SetNextItemWidth(field);
    if (ImGui::InputTextWithHint("##title", track.file.filename().string().c_str(), &text))
        edit("title", [&](Track& t) { t.title = text; });
    label("Start / end", column);
    if (const auto value = durationField("##start", track.start, true, field / 2 - px(4)))
        edit("start", [&](Track& t) { t.start = *value; });
    ImGui::SameLine();
    if (const auto value = durationField("##end", track.end, true, field / 2 - px(4)))
        edit("end", [&](Track& t) { t.end = *value; });
    label("Fade in / out", column);
    if (const auto value = durationField("##fade-in", track.fadeIn, false, field / 2 - px(4)))
        edit("fade in", [&](Track& t) { t.fadeIn = value->value_or(Duration{0}); });
    ImGui::SameLine();
    if (const auto value = durationField("##fade-out", track.fadeOut, false, field / 2 - px(4)))
        edit("fade out", [&](Track& t) { t.fadeOut = value->value_or(Duration{0}); });
    double gain = track.gainDb;
    label("Gain trim", column);
    ImGui::SetNextItemWidth(field);
    if (ImGui::InputDouble("dB##gain", &gain, 0.5, 1.0, "%.1f"))
        edit("gain", [&](Track& t) { t.gainDb = gain; });
    label("Lyrics", column);
    ImGui::SetNextItemWidth(field);
    if (ImGui::BeginCombo("##lyrics", lyricsLabel(track.lyrics))) {
        for (auto lyrics : {program::Lyrics::Unspecified, program::Lyrics::None,
                            program::Lyrics::ForeignLanguage, program::Lyrics::KnownLanguage})
            if (ImGui::Selectable(lyricsLabel(lyrics), lyrics == track.lyrics))
                edit("lyrics", [&](Track& t) { t.lyrics = lyrics; });
        ImGui::EndCombo();
    }
    label("Intensity", column);
    ImGui::SetNextItemWidth(field);
    const std::string shown = track.intensity ? std::to_string(*track.intensity) : "not said";
    if (ImGui::BeginCombo("##intensity", shown.c_str())) {
        if (ImGui::Selectable("not said", !track.intensity))
            edit("intensity", [](Track& t) { t.intensity.reset(); });
        for (int level = 1; level <= 5; ++level) {
            const char* names[] = {"1 gentle", "2", "3", "4", "5 intense"};
            if (ImGui::Selectable(names[level - 1], track.intensity == level))
                edit("intensity", [&](Track& t) { t.intensity = level; });
        }
        ImGui::EndCombo();
    }
    text = joinTags(track.tags);
    label("Tags", column);
    ImGui::SetNextItemWidth(field);
    if (ImGui::InputTextWithHint("##tags", "e.g. strings, no-percussion", &text))
        edit("tags", [&](Track& t) { t.tags = splitTags(text); });
}

void EditorWindow::drawProblems(float width, float height) {
    ImGui::BeginChild("problems", {width, height}, true);
    takePaneFocus(3);
    const auto& problems = model_.problems();
    ImGui::PushFont(fonts_.heading);
    ImGui::TextUnformatted(problems.empty() ? "No problems" : "Problems");
    ImGui::PopFont();
    for (std::size_t i = 0; i < problems.size(); ++i) {
        const auto& problem = problems[i];
        const bool error = problem.problem.severity == program::Severity::Error;
        ImGui::PushID(static_cast<int>(i));
        ImGui::PushStyleColor(ImGuiCol_Text, error ? colour::kAlert : colour::kNotice);
        const std::string row = std::string(error ? "Error" : "Warning") + " in " +
                                describe(problem.element, model_.program()) + ": " + problem.problem.message +
                                (problem.problem.hint.empty() ? "" : " (" + problem.problem.hint + ")");
        if (ImGui::Selectable(row.c_str())) selected_ = problem.element;
        ImGui::PopStyleColor();
        ImGui::PopID();
    }
    ImGui::EndChild();
}

// Cancel of a save's dialog (or Escape): nothing is saved, and a close that waited for the save is off.
void EditorWindow::cancelSaveButton() {
    ImGui::SameLine();
    if (dialogButton("Cancel") || dialogCancelled()) {
        closeAfterSave_ = false;
        ImGui::CloseCurrentPopup();
    }
}

void EditorWindow::drawDialogs() {
    auto openNow = [](bool& flag, const char* name) {
        if (flag) ImGui::OpenPopup(name);
        flag = false;
    };
    openNow(openSaveAs_, "Save program");
    openNow(openConfirmComments_, "Comments would be lost");
    openNow(openConfirmReplace_, "Replace file?");
    openNow(openConfirmClose_, "Unsaved changes");
    openNow(openImport_, "Import playlist or folder");
    drawImportDialog();
    const float wide = px(900);
    if (beginDialog("Save program", wide)) {
        ImGui::TextUnformatted("Save the program as:");
        if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
        ImGui::SetNextItemWidth(-1);
        const bool entered =
            ImGui::InputText("##save-as", &saveAsPath_, ImGuiInputTextFlags_EnterReturnsTrue);
        if (dialogButton("Save") || entered) {
            ImGui::CloseCurrentPopup();
            startSave(saveAsPath_);
        }
        cancelSaveButton();
        ImGui::EndPopup();
    }
    if (beginDialog("Comments would be lost", wide)) {
        textWrappedColoured(colour::kNotice, model_.savePlan(pendingSave_).whatIsKept);
        textWrappedColoured(colour::kTextDim,
                            "Save anyway, or save under another name to keep the file as it is.");
        if (dialogButton("Save anyway")) {
            ImGui::CloseCurrentPopup();
            saveNow(pendingSave_);
        }
        ImGui::SameLine();
        if (dialogButton("Save as...")) {
            ImGui::CloseCurrentPopup();
            saveAsPath_ = pendingSave_.parent_path() / (pendingSave_.stem().string() + "-edited.toml");
            openSaveAs_ = true;
        }
        cancelSaveButton();
        ImGui::EndPopup();
    }
    if (beginDialog("Replace file?", wide)) {
        textWrappedColoured(colour::kNotice, pendingSave_.string() + " exists. Replace it?");
        if (dialogButton("Replace")) {
            ImGui::CloseCurrentPopup();
            saveNow(pendingSave_);
        }
        cancelSaveButton();
        ImGui::EndPopup();
    }
    if (beginDialog("Unsaved changes", wide)) {
        ImGui::TextUnformatted("The program has changes that are not saved.");
        textColoured(colour::kTextDim, "Arrows choose, Enter or Space presses, Escape keeps editing.");
        if (dialogButton("Save")) {
            ImGui::CloseCurrentPopup();
            closeAfterSave_ = true;
            startSave(model_.file());
        }
        ImGui::SetItemDefaultFocus();
        ImGui::SameLine();
        if (dialogButton("Close without saving")) {
            ImGui::CloseCurrentPopup();
            closeConfirmed_ = true;
        }
        ImGui::SameLine();
        if (dialogButton("Keep editing") || dialogCancelled()) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

}  // namespace stillpoint::editor
