// The program editor drawn with Dear ImGui in the operator panel's look (PanelTheme, PanelWindow): the
// program's settings and its phases as rows (planned time and a bar of the music against it) on the left,
// the chosen phase's settings and tracks in the middle, the chosen track's fields and alternates on the
// right, the problems along the bottom. It owns nothing but presentation and what is being typed; every
// change goes to the EditorModel.
//
// Threads: the UI thread only.
#pragma once

#include <filesystem>
#include <functional>
#include <future>
#include <string>
#include <vector>

#include <SDL.h>

#include "editor/EditorChecker.h"
#include "editor/EditorModel.h"
#include "editor/ListenPlayer.h"
#include "editor/MusicLibrary.h"
#include "editor/ProgramImport.h"
#include "panel/PanelTheme.h"

namespace stillpoint::editor {

class EditorWindow {
public:
    EditorWindow(EditorModel& model, const panel::PanelFonts& fonts);

    // Between ImGui::NewFrame() and ImGui::Render().
    void draw();
    // Ctrl+Z, Ctrl+Y (and Ctrl+Shift+Z), Ctrl+S, and F6 / Shift+F6 (the next / previous column); returns
    // whether the key was one of them (PanelWindow's own keys: ImGui must not also undo inside a text field).
    bool handleKey(const SDL_KeyboardEvent& key);
    // Files dropped on the window (SDL_DROPFILE) join the chosen phase's tracks.
    void dropFile(const std::filesystem::path& file);
    // Every event of the window after ImGui has seen it: files dropped (the event's text is freed here).
    void handleEvent(const SDL_Event& event);
    // The window was asked to close: true when it may (nothing unsaved), else it asks first.
    bool requestClose();
    bool closeConfirmed() const { return closeConfirmed_; }

    // The audio check: handed the latest revision, its report taken back (call once per frame).
    void pumpChecks(EditorChecker& checker);

    // The clinic's music folders, shown in the middle column's Library tab; none: no tab.
    void setLibrary(MusicLibrary* library) { library_ = library; }
    // Where Listen plays (a track, or a phase's change into the next); none: no Listen buttons.
    void setListenPlayer(ListenPlayer* player) { listen_ = player; }
    // Whether a listen is being prepared or plays, or an import reads its files (the window then redraws,
    // to move the position or to show the result).
    bool working() const { return listenStatus_.state != ListenState::Idle || importing_.valid(); }

    // Brings the Library tab to the front in the next frame.
    void showLibrary() { showLibrary_ = true; }

    // Where a new program is saved when no file was named.
    void setSuggestedFile(std::filesystem::path file) { suggestedFile_ = std::move(file); }
    const std::string& statusLine() const { return status_; }
    ElementRef selection() const { return selected_; }
    void select(const ElementRef& element);

private:
    void drawTopBar();
    void drawProgramSettings(float width);
    void drawPhaseList(float width, float height);
    void drawPhaseDetails(float width, float height);
    void drawTrackDetails(float width, float height);
    void drawLibrary(float width, float height);
    void drawProblems(float width, float height);
    void drawListenBar();
    void drawImportDialog();
    // To the end of the chosen phase's tracks (a new phase when there is none).
    void addTrack(program::Track track);
    void addFromLibrary(const LibraryEntry& entry);
    void takePaneFocus(int pane);
    void carryOutPendingKey();
    void listenTo(const ElementRef& which);
    // To the end of another phase's tracks; one step of undo.
    void moveTrackToPhase(int phase, int track, int toPhase);
    void drawDialogs();
    void cancelSaveButton();
    void drawTrackFields(const ElementRef& which);
    void drawMusicBar(const PhaseMusic& music, float width, float height);
    void problemBadge(const ElementRef& element);
    void startSave(const std::filesystem::path& file);
    void saveNow(const std::filesystem::path& file);
    int selectedPhase() const;
    float px(float designPixels) const { return designPixels * fonts_.scale; }

    EditorModel& model_;
    const panel::PanelFonts& fonts_;
    ElementRef selected_ = ElementRef::phaseAt(0);
    std::string status_;
    std::string addPath_;
    std::string alternatePath_;
    std::string saveAsPath_;
    std::filesystem::path suggestedFile_;
    std::filesystem::path pendingSave_;
    std::uint64_t requestedRevision_ = 0;
    EditorChecker::Progress progress_;
    bool openSaveAs_ = false;
    bool openConfirmComments_ = false;
    bool openConfirmReplace_ = false;
    bool openConfirmClose_ = false;
    bool closeAfterSave_ = false;
    bool closeConfirmed_ = false;
    std::string saveError_;
    MusicLibrary* library_ = nullptr;
    ListenPlayer* listen_ = nullptr;
    ListenStatus listenStatus_;
    enum class PendingKey { None, Save, Undo, Redo };
    PendingKey pendingKey_ = PendingKey::None;
    static constexpr int kPanes = 4;  // phases, phase (or library), track, problems
    int focusedPane_ = -1;
    int paneFocusRequest_ = -1;
    bool openImport_ = false;
    std::string importPath_;
    program::Route importRoute_ = program::Route::Sublingual;
    std::future<ProgramImport> importing_;
    std::string importError_;
    bool showLibrary_ = false;
    bool libraryShown_ = false;  // the Library tab was in front in the last frame
    std::string librarySearch_;
    std::string folderPath_;
    LibrarySort librarySort_ = LibrarySort::Folder;
    std::filesystem::path libraryChosen_;
};

}  // namespace stillpoint::editor
