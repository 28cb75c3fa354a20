#include "panel/OperatorPanel.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tuple>

#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include "panel/model/PanelHotkeys.h"
#include "panel/model/PanelLayout.h"

namespace stillpoint::panel {

using session::Action;
using session::SessionState;

namespace {

// No decoration, but it scrolls: on a window too small for the layout nothing is cut off.
constexpr ImGuiWindowFlags kFullWindow =
    ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
    ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;

// A small label in a rounded outline, e.g. "HELD" next to the phase name.
// A state label ("HELD") on a dim fill of its colour, drawn in the current font; the caller puts it on
// the line (SameLine) when it fits. A fill rather than an outline: a frame around a short word is read
// as part of it, by eye from across the room as by OCR.
void badge(const char* text, const ImVec4& colour, float scale) {
    const ImVec2 size = ImGui::CalcTextSize(text);
    const ImVec2 pad{14 * scale, 5 * scale};
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    auto* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(pos, {pos.x + size.x + 2 * pad.x, pos.y + size.y + 2 * pad.y}, toU32(colour, 0.16f),
                        6.0f * scale);
    draw->AddText({pos.x + pad.x, pos.y + pad.y}, toU32(colour), text);
    ImGui::Dummy({size.x + 2 * pad.x, size.y + 2 * pad.y});
}

// Puts the next item on the current line if `width` more still fits, else on a new line.
void sameLineIfFits(float width) {
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    ImGui::SameLine();
    if (ImGui::GetCursorScreenPos().x + width > right) ImGui::NewLine();
}

std::string upper(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

}  // namespace

std::optional<bool> drawResumeOffer(const ResumeOffer& offer, const PanelFonts& fonts) {
    ImGuiIO& io = ImGui::GetIO();
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;  // arrows and Space choose, as in the setup
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("Stillpoint", nullptr, kFullWindow);
    const float s = fonts.scale;
    ImGui::PushFont(fonts.title);
    textColoured(colour::kAccent, "An unfinished session was found");
    ImGui::PopFont();
    ImGui::Spacing();
    auto row = [&](const char* label, const std::string& value) {
        ImGui::AlignTextToFramePadding();
        textColoured(colour::kTextDim, label);
        ImGui::SameLine(260 * s);
        ImGui::PushFont(fonts.heading);
        ImGui::TextUnformatted(value.c_str());
        ImGui::PopFont();
    };
    row("Patient", offer.patientId);
    row("Program", offer.programName);
    row("Phase", offer.phaseName.empty() ? std::string("-") : offer.phaseName);
    row("Position", formatClock(offer.sessionSeconds) + " into the session");
    row("It stopped", offer.stoppedAt);
    if (!offer.warning.empty()) textWrappedColoured(colour::kNotice, offer.warning);
    ImGui::Spacing();
    textWrappedColoured(colour::kTextDim,
                        "Resume picks the music up where it was, with a gentle fade-in, and the same record "
                        "continues with the gap noted. A new session keeps that record as it is.");
    ImGui::Spacing();
    std::optional<bool> choice;
    ImGui::PushFont(fonts.heading);
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.235f, 0.200f, 0.145f, 1.0f));
    if (ImGui::Button("Resume", {360 * s, 72 * s})) choice = true;
    ImGui::PopStyleColor();
    ImGui::SameLine(0, 30 * s);
    if (ImGui::Button("Start a new session", {420 * s, 72 * s})) choice = false;
    ImGui::PopFont();
    ImGui::End();
    return choice;
}

OperatorPanel::OperatorPanel(OperatorPanelModel& model, const PanelFonts& fonts,
                             std::vector<std::string> outputDevices)
    : model_(model), fonts_(fonts), outputDevices_(std::move(outputDevices)) {}

void OperatorPanel::draw() {
    ImGuiIO& io = ImGui::GetIO();
    // Keyboard navigation of every widget on the setup screen; during the session the keys are the
    // shortcuts', so ImGui must not also move a focus highlight or press a focused button with Space.
    if (model_.started())
        io.ConfigFlags &= ~ImGuiConfigFlags_NavEnableKeyboard;
    else
        io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("Stillpoint", nullptr, kFullWindow);
    if (model_.started())
        drawSession();
    else
        drawSetup();
    contentScrolls_ = ImGui::GetScrollMaxY() > 0.0f;
    ImGui::End();
    model_.observeTyping(io.WantTextInput);
}

bool OperatorPanel::ownsKey(const SDL_KeyboardEvent& key) const {
    const SDL_Keycode code = key.keysym.sym;
    const bool enter = code == SDLK_RETURN || code == SDLK_KP_ENTER;
    if (model_.started()) return enter && noteFieldActive_ && !model_.endPending();
    // In an open list (route, output) Enter chooses, which ImGui 1.86 leaves to Space.
    if (setupListOpen()) return enter;
    return code == SDLK_TAB || enter;
}

bool OperatorPanel::setupListOpen() const {
    return ImGui::GetCurrentContext() && ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId);
}

void OperatorPanel::handleKeyEvent(const SDL_KeyboardEvent& key, bool typingInTextField) {
    if (model_.started() && ownsKey(key)) {
        if (key.type == SDL_KEYDOWN) noteEntered_ = true;  // added by the note field (drawNotes)
        return;
    }
    if (!model_.started()) {
        if (key.type == SDL_KEYDOWN && ownsKey(key)) {
            if (key.keysym.sym == SDLK_TAB)
                setupMove_ = (key.keysym.mod & KMOD_SHIFT) ? -1 : 1;
            else if (setupListOpen())
                setupChoose_ = true;
            else
                setupEnter_ = true;
        }
        return;
    }
    model_.observeTyping(typingInTextField);
    KeyPress press;
    press.ctrl = (key.keysym.mod & KMOD_CTRL) != 0;
    const SDL_Keycode code = key.keysym.sym;
    if ((code >= SDLK_a && code <= SDLK_z) || (code >= SDLK_0 && code <= SDLK_9))
        press.character = static_cast<char>(code);
    if (code >= SDLK_KP_1 && code <= SDLK_KP_9) press.character = static_cast<char>('1' + (code - SDLK_KP_1));
    if (code == SDLK_SPACE) press.named = NamedKey::Space;
    if (code == SDLK_UP) press.named = NamedKey::Up;
    if (code == SDLK_DOWN) press.named = NamedKey::Down;
    if (code == SDLK_END) press.named = NamedKey::End;
    if (code == SDLK_RETURN || code == SDLK_KP_ENTER) press.named = NamedKey::Enter;
    if (code == SDLK_ESCAPE) press.named = NamedKey::Escape;
    if (key.type == SDL_KEYDOWN)
        model_.keyDown(press, key.repeat != 0);
    else
        model_.keyUp(press);
}

// ---------------------------------------------------------------------------------------------- setup

// Tab / Shift+Tab walk the form in this order, including the route, consent, output, patient display and
// Start (ImGui's own Tab reaches only text fields). Called before each item is drawn.
void OperatorPanel::setupItem(int index, bool textField) {
    setupItems_ = std::max(setupItems_, index + 1);
    if (setupMove_ == 0 || index != setupFocus_) return;
    // setupFocus_ already holds the target (see drawSetup): give it the keyboard.
    if (textField) {
        ImGui::SetKeyboardFocusHere();
    } else {
        ImGui::ClearActiveID();
        // Focus goes to the item drawn next: ImGui takes the id of the next item from here.
        ImGuiContext& g = *ImGui::GetCurrentContext();
        g.NavDisableHighlight = false;
        g.NavDisableMouseHover = true;
    }
}

void OperatorPanel::drawSetup() {
    const auto& program = model_.program();
    auto& setup = model_.setup();
    const auto check = model_.setupCheck();

    // A pending Tab: the next item in the form's order (wrapping), focused as it is drawn below.
    const int items = std::max(setupItems_, 1);
    const bool moving = setupMove_ != 0;
    if (moving)
        setupFocus_ =
            ((setupFocus_ < 0 ? (setupMove_ > 0 ? -1 : 0) : setupFocus_) + setupMove_ + items) % items;
    int drawnItem = 0;
    int focusedNow = -1;
    bool focusNonText = false;
    auto before = [&](bool textField) {
        setupItem(drawnItem, textField);
        focusNonText = setupMove_ != 0 && drawnItem == setupFocus_ && !textField;
    };
    auto after = [&] {
        if (focusNonText) ImGui::SetFocusID(ImGui::GetItemID(), ImGui::GetCurrentWindow());
        if (ImGui::IsItemFocused() || ImGui::IsItemActive()) focusedNow = drawnItem;
        ++drawnItem;
    };
    // A button in the form's Tab order, pressed by a click, by Space (ImGui's navigation) or by Enter
    // while it has the focus (Enter then presses it rather than starting the session).
    auto formButton = [&](const char* text, bool enabled, ImVec2 size = {0, 0}) {
        ImGui::BeginDisabled(!enabled);
        before(false);
        bool pressed = ImGui::Button(text, size);
        after();
        ImGui::EndDisabled();
        if (enabled && setupEnter_ && ImGui::IsItemFocused()) {
            setupEnter_ = false;
            pressed = true;
        }
        return pressed;
    };

    ImGui::PushFont(fonts_.heading);
    ImGui::TextUnformatted("Stillpoint");
    ImGui::PopFont();
    ImGui::SameLine();
    textColoured(colour::kTextDim, "  new session");
    ImGui::PushFont(fonts_.heading);
    textColoured(colour::kAccent, program.name.empty() ? std::string("(unnamed program)") : program.name);
    ImGui::PopFont();
    // Beside the program's name, outside the form's Tab order: authoring is not part of starting a session.
    for (const auto& [label, action] : {std::pair{"Edit program", &startActions_.editProgram},
                                        std::pair{"New program", &startActions_.newProgram}}) {
        if (!*action) continue;
        ImGui::SameLine(0, px(24.0f));
        if (ImGui::Button(label)) (*action)();
    }
    if (!programNotice_.empty()) textWrappedColoured(colour::kNotice, programNotice_);
    {
        std::string summary = std::string(program::displayName(program.route)) + "  -  " +
                              formatClock(std::chrono::duration<double>(program.plannedTotal()).count()) +
                              " planned  -  ";
        for (std::size_t i = 0; i < program.phases.size(); ++i)
            summary += (i ? ", " : "") + program.phases[i].name;
        textWrappedColoured(colour::kTextDim, summary);
    }
    ImGui::Spacing();
    drawTimeline(px(56.0f));
    ImGui::Spacing();

    // With the three outputs and the level check the form takes the width it has: their rows hold more.
    const float formWidth = std::min(ImGui::GetContentRegionAvail().x, px(outputChoice_ ? 1500.0f : 1100.0f));
    ImGui::BeginChild("setup-form", {formWidth, 0}, true);
    const float labelWidth = px(250.0f);
    const float fieldWidth = formWidth - labelWidth - px(60.0f);
    auto label = [&](const char* text) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(text);
        ImGui::SameLine(labelWidth);
        ImGui::SetNextItemWidth(fieldWidth);
    };

    label("Patient ID");
    before(true);
    ImGui::InputTextWithHint("##patient", "pseudonym, e.g. KX-0042", &setup.patientId);
    after();
    // The problem line is always reserved, so the form does not move while the ID is typed.
    ImGui::SetCursorPosX(labelWidth);
    const auto idProblem = setup.patientId.empty() ? std::nullopt : patientIdProblem(setup.patientId);
    textColoured(colour::kAlert, idProblem ? *idProblem : std::string(" "));
    label("Clinician");
    before(true);
    ImGui::InputTextWithHint("##clinician", "name of the clinician in the room", &setup.clinician);
    after();

    label("Route");
    before(false);
    const bool routeOpen = ImGui::BeginCombo("##route", program::displayName(setup.route));
    after();
    // An entry of an open list is chosen by a click, Space, or Enter on the highlighted one.
    auto chosen = [&](bool pressed) {
        if (pressed) return true;
        if (!setupChoose_ || !ImGui::IsItemFocused()) return false;
        ImGui::CloseCurrentPopup();
        return true;
    };
    if (routeOpen) {
        for (auto route : {program::Route::Iv, program::Route::Im, program::Route::Intranasal,
                           program::Route::Sublingual, program::Route::Oral, program::Route::Other}) {
            if (chosen(ImGui::Selectable(program::displayName(route), route == setup.route)))
                setup.route = route;
        }
        ImGui::EndCombo();
    }
    label("Dose note");
    before(true);
    ImGui::InputTextWithHint("##dose", "e.g. 0.5 mg/kg over 40 min", &setup.doseNote);
    after();

    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Consent to music");
    ImGui::SameLine(labelWidth);
    before(false);
    if (ImGui::RadioButton("Yes", setup.musicConsent == MusicConsent::Yes))
        setup.musicConsent = MusicConsent::Yes;
    after();
    ImGui::SameLine(0, px(40));
    before(false);
    if (ImGui::RadioButton("No", setup.musicConsent == MusicConsent::No))
        setup.musicConsent = MusicConsent::No;
    after();
    if (setup.musicConsent == MusicConsent::Unanswered) {
        ImGui::SameLine(0, px(40));
        textColoured(colour::kNotice, "ask before starting");
    }
    // The confirmation's row is always there (empty unless the answer is No), so choosing No does not
    // move the rest of the form under the pointer.
    ImGui::SetCursorPosX(labelWidth);
    if (setup.musicConsent == MusicConsent::No) {
        before(false);
        ImGui::Checkbox("Run this session without music (nothing will play)", &setup.withoutMusicConfirmed);
        after();
    } else {
        ImGui::Dummy({1.0f, ImGui::GetFrameHeight()});
    }

    if (outputChoice_) {
        // Each output from the devices OpenAL lists, on one row, then Save for this machine.
        const char* saveLabel = "Save for this machine";
        const float gap = px(12.0f);
        const float saveWidth = ImGui::CalcTextSize(saveLabel).x + px(40.0f);
        const float comboWidth = (fieldWidth - saveWidth - 3 * gap) / 3;
        auto outputCombo = [&](const char* id, SetupOutput output, std::string& device, const char* prefix) {
            ImGui::SetNextItemWidth(comboWidth);
            before(false);
            const bool open =
                ImGui::BeginCombo(id, (std::string(prefix) + outputChoice_->label(output, setup)).c_str());
            after();
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", outputChoice_->label(output, setup).c_str());
            if (!open) return;
            for (const auto& entry : outputChoice_->entries(output, setup))
                if (chosen(ImGui::Selectable(entry.label.c_str(), entry.device == device)))
                    device = entry.device;
            ImGui::EndCombo();
        };
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("Outputs");
        ImGui::SameLine(labelWidth);
        outputCombo("##output", SetupOutput::Patient, setup.outputDevice, "Patient: ");
        ImGui::SameLine(0, gap);
        outputCombo("##room", SetupOutput::Room, setup.roomOutputDevice, "Room: ");
        ImGui::SameLine(0, gap);
        outputCombo("##preview", SetupOutput::Preview, setup.previewOutputDevice, "Preview: ");
        ImGui::SameLine(0, gap);
        if (formButton(saveLabel, outputChoice_->unsaved(setup), {saveWidth, 0})) outputChoice_->save(setup);
        if (levelCheck_)
            drawLevelCheck([&](const char* text, bool enabled) { return formButton(text, enabled); });
    } else {
        label("Output");
        const std::string currentDevice =
            setup.outputDevice.empty() ? "System default" : outputDeviceLabel(setup.outputDevice.c_str());
        before(false);
        const bool outputOpen = ImGui::BeginCombo("##output", currentDevice.c_str());
        after();
        if (outputOpen) {
            if (chosen(ImGui::Selectable("System default", setup.outputDevice.empty())))
                setup.outputDevice.clear();
            for (const auto& device : outputDevices_)
                if (chosen(ImGui::Selectable(
                        outputDeviceLabel(device.c_str()),
                        device == setup.outputDevice ||
                            std::string(outputDeviceLabel(device.c_str())) == currentDevice)))
                    setup.outputDevice = device;
            ImGui::EndCombo();
        }
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Patient display");
    ImGui::SameLine(labelWidth);
    before(false);
    ImGui::Checkbox("Show the calm colour field on the second screen", &setup.patientDisplay);
    after();

    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    ImGui::BeginDisabled(!check.canStart);
    ImGui::PushFont(fonts_.heading);
    ImGui::PushStyleColor(ImGuiCol_Button,
                          check.canStart ? ImVec4(0.235f, 0.200f, 0.145f, 1.0f) : colour::kButton);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.300f, 0.250f, 0.175f, 1.0f));
    const char* startLabel =
        check.withoutMusic ? "Start session without music###start" : "Start session###start";
    before(false);
    const bool startPressed = ImGui::Button(startLabel, {fieldWidth * 0.7f, px(72.0f)});
    after();
    ImGui::PopStyleColor(2);
    ImGui::PopFont();
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    textColoured(colour::kTextDim, check.canStart ? "or press Enter" : "Tab moves through the form");
    for (const auto& problem : check.problems) textWrappedColoured(colour::kNotice, problem);
    ImGui::EndChild();

    setupMove_ = 0;
    setupChoose_ = false;
    // Where the focus is now (the operator may have clicked); not on the frame that moved it, which
    // still reports the item it came from.
    if (focusedNow >= 0 && !moving) setupFocus_ = focusedNow;
    if (startPressed) model_.start();
    if (setupEnter_) {
        setupEnter_ = false;
        // Enter starts a complete form; on an incomplete one it moves on, like Tab.
        if (check.canStart)
            model_.start();
        else
            setupMove_ = 1;
    }
}

// The level check's row: a button per output, which becomes its Stop while that output's check plays
// (the same item, so the keyboard's focus stays on it), and one line beside them: what is wrong with the
// outputs if anything (the patient would hear previews...), else what the check plays at what level, else
// what the last save did. The buttons are in the form's Tab order (`button`: drawSetup's formButton).
void OperatorPanel::drawLevelCheck(const std::function<bool(const char*, bool)>& button) {
    levelCheck_->update();
    const auto& setup = model_.setup();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Level check");
    ImGui::SameLine(px(250.0f));
    bool first = true;
    for (const auto& [check, stop, output] :
         {std::tuple{"Check headphones###level-patient", "Stop level check###level-patient",
                     SetupOutput::Patient},
          std::tuple{"Check room###level-room", "Stop level check###level-room", SetupOutput::Room}}) {
        if (!first) ImGui::SameLine(0, px(12.0f));
        first = false;
        if (levelCheck_->output() == output) {
            if (button(stop, !levelCheck_->fadingOut())) levelCheck_->stop();
            continue;
        }
        const auto why = levelCheck_->cannotPlay(output);
        if (button(check, !why)) levelCheck_->play(output);
        if (why && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("%s", why->c_str());
    }
    ImGui::SameLine(0, px(20.0f));
    const auto warnings = outputChoice_->warnings(setup);
    const std::string status = levelCheck_->statusLine();
    if (!warnings.empty())
        textColoured(colour::kNotice, warnings.front());
    else if (levelCheck_->active())
        textColoured(colour::kAccent, status);
    else if (!outputChoice_->saveMessage().empty() && (status.empty() || outputChoice_->saveFailed()))
        textColoured(outputChoice_->saveFailed() ? colour::kAlert : colour::kTextDim,
                     outputChoice_->saveMessage());
    else
        textColoured(colour::kTextDim, status.empty() ? "a short excerpt at the session's level" : status);
}

// -------------------------------------------------------------------------------------------- session

void OperatorPanel::drawSession() {
    // The post-session form asks about the session as it was: it opens once the end fade is over, and then
    // has the screen below the header to itself (it has its own timeline), down to 1024x600.
    const bool formShown = model_.display().state == SessionState::Ended && postSessionFormOpen_ &&
                           endActions_.drawPostSessionForm;
    drawHeader();
    if (!formShown) {
        if (const auto banner = model_.resumeBanner(); !banner.empty())
            textWrappedColoured(colour::kAccent, banner);
        drawClockAndTrack();
        drawTimeline(px(70.0f));
    }
    ImGui::Spacing();

    const ImGuiStyle& style = ImGui::GetStyle();
    const float total = ImGui::GetContentRegionAvail().x;
    const float sideWidth = std::max(px(380.0f), total * 0.36f);
    const float mainWidth = total - sideWidth - style.ItemSpacing.x;
    const bool over = model_.sessionOver();

    ImGui::BeginGroup();
    ImGui::PushItemWidth(mainWidth);
    if (formShown) {
        drawPostSessionForm(mainWidth);
    } else {
        if (over) drawEndSummary(mainWidth);
        // After the end every control is greyed: nothing more can be sent to the session.
        ImGui::BeginDisabled(over);
        drawTransport(mainWidth);
        drawFeedbackLine();
        drawVolume(mainWidth);
        ImGui::Spacing();
        drawMarkers(mainWidth);
        ImGui::EndDisabled();
    }
    ImGui::PopItemWidth();
    ImGui::EndGroup();
    const float leftHeight = ImGui::GetItemRectSize().y;

    ImGui::SameLine();
    // The side column is at least as tall as the left one and never shorter than its own content needs.
    const float sideHeight = std::max({ImGui::GetContentRegionAvail().y, leftHeight, px(400.0f)});
    ImGui::BeginChild("side", {sideWidth, sideHeight}, false, ImGuiWindowFlags_NoScrollbar);
    drawSideColumn(sideHeight);
    ImGui::EndChild();
    drawEndConfirmation();
}

void OperatorPanel::drawHeader() {
    const auto& d = model_.display();
    ImGui::PushFont(fonts_.title);
    if (model_.sessionOver()) {
        ImGui::TextUnformatted("SESSION ENDED");
    } else if (d.phase >= 0) {
        ImGui::PushStyleColor(ImGuiCol_Text, phaseColour(d.phaseName));
        ImGui::TextUnformatted(upper(d.phaseName).c_str());
        ImGui::PopStyleColor();
    } else {
        ImGui::TextUnformatted("STARTING");
    }
    ImGui::PopFont();
    char text[160];
    std::snprintf(text, sizeof text, "phase %d of %d", d.phase + 1, d.phaseCount);
    sameLineIfFits(ImGui::CalcTextSize(text).x);
    // Baseline of the small text with the large phase name.
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (fonts_.title->FontSize - fonts_.body->FontSize) * 0.6f);
    textColoured(colour::kTextDim, text);

    ImGui::PushFont(fonts_.heading);
    auto badgeIfAny = [&](bool show, const char* label, const ImVec4& colour) {
        if (!show) return;
        sameLineIfFits(ImGui::CalcTextSize(label).x + px(24));
        badge(label, colour, fonts_.scale);
    };
    badgeIfAny(d.held, "HELD", colour::kAccent);
    badgeIfAny(d.awaitingOperator, "ENDS WHEN YOU ADVANCE", colour::kAccent);
    badgeIfAny(d.talkOver, "TALK-OVER", colour::kCalm);
    badgeIfAny(d.state == SessionState::Silenced, model_.runsWithoutMusic() ? "NO MUSIC" : "SILENCED",
               colour::kNotice);
    badgeIfAny(d.state == SessionState::Ending, "ENDING", colour::kNotice);
    badgeIfAny(d.state == SessionState::Ended, "ENDED", colour::kTextDim);
    badgeIfAny(!d.deviceConnected, "NO SOUND OUTPUT", colour::kAlert);
    badgeIfAny(!networkBadge_.empty(), networkBadge_.c_str(), colour::kNotice);
    ImGui::PopFont();

    // Once the session is over nothing of the program is left to count down.
    const std::string programLeft =
        model_.sessionOver() ? std::string() : "    program left " + formatClock(d.programRemainingSeconds);
    std::snprintf(text, sizeof text, "patient %s    session %s%s%s", model_.setup().patientId.c_str(),
                  formatClock(d.sessionSeconds).c_str(), d.clockPaused ? " PAUSED" : "", programLeft.c_str());
    const float width = ImGui::CalcTextSize(text).x;
    ImGui::SameLine();
    const float right = ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetCursorPosX() + width + px(20) > right) ImGui::NewLine();
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), right - width));
    textColoured(colour::kTextDim, text);
}

void OperatorPanel::drawClockAndTrack() {
    const auto& d = model_.display();
    const ImVec2 start = ImGui::GetCursorPos();
    const bool ended = model_.sessionOver();
    const bool over = !ended && d.phaseOvertimeSeconds > 0.5;
    const std::string clock = ended  ? formatClock(d.sessionSeconds)
                              : over ? "+" + formatClock(d.phaseOvertimeSeconds)
                                     : formatClock(d.phaseRemainingSeconds);
    const char* caption = ended  ? "the session lasted"
                          : over ? "past the planned time of this phase"
                                 : "left in this phase";
    ImGui::PushFont(fonts_.clock);
    const float clockWidth = std::max(ImGui::CalcTextSize(clock.c_str()).x, ImGui::CalcTextSize("0:00:00").x);
    textColoured(over ? colour::kAccent : colour::kText, clock);
    ImGui::PopFont();
    textColoured(colour::kTextDim, caption);
    // The track block starts right of whatever the clock and its caption need, so they never overlap.
    const float clockBlock = std::max(clockWidth, ImGui::CalcTextSize(caption).x) + px(40.0f);
    const float clockBottom = ImGui::GetCursorPosY();

    ImGui::SetCursorPos({start.x + clockBlock, start.y + px(8.0f)});
    ImGui::BeginGroup();
    const float blockWidth = ImGui::GetContentRegionAvail().x;
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + blockWidth);
    textColoured(colour::kTextDim, ended ? "Last played" : "Now playing");
    ImGui::PushFont(fonts_.heading);
    ImGui::TextUnformatted(d.nowPlaying.empty() ? "-" : d.nowPlaying.c_str());
    ImGui::PopFont();
    if (d.trackDurationSeconds > 0) {
        const std::string times =
            formatClock(d.trackPositionSeconds) + " / " + formatClock(d.trackDurationSeconds);
        const float timesWidth = ImGui::CalcTextSize(times.c_str()).x;
        const float width =
            std::max(px(60.0f), std::min(blockWidth * 0.6f, blockWidth - timesWidth - px(20)));
        const ImVec2 pos = ImGui::GetCursorScreenPos();
        const float fraction =
            static_cast<float>(std::clamp(d.trackPositionSeconds / d.trackDurationSeconds, 0.0, 1.0));
        const float barY = pos.y + ImGui::GetTextLineHeight() * 0.5f;
        auto* draw = ImGui::GetWindowDrawList();
        draw->AddRectFilled({pos.x, barY - px(3)}, {pos.x + width, barY + px(3)}, toU32(colour::kFrame),
                            px(3));
        draw->AddRectFilled({pos.x, barY - px(3)}, {pos.x + width * fraction, barY + px(3)},
                            toU32(colour::kTextDim), px(3));
        ImGui::Dummy({width, ImGui::GetTextLineHeight()});
        ImGui::SameLine();
        textColoured(colour::kTextDim, times);
    }
    if (!ended)
        textColoured(colour::kTextDim, "Up next:  " + (d.upNext.empty() ? std::string("-") : d.upNext));
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY(), clockBottom));
    ImGui::Spacing();
}

void OperatorPanel::drawTimeline(float height) {
    const auto& d = model_.display();
    auto* draw = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    // Room at the right for the now-marker's triangle, so the current phase never reaches the edge.
    const float width = ImGui::GetContentRegionAvail().x - px(10);
    const float span = static_cast<float>(d.timelineSeconds);
    auto x = [&](double seconds) {
        return origin.x + width * std::clamp(static_cast<float>(seconds) / span, 0.0f, 1.0f);
    };

    // Two rows: the plan as written (thin, muted), what happened and is now expected (full colour).
    const float planTop = origin.y;
    const float planBottom = origin.y + height * 0.28f;
    const float actualTop = origin.y + height * 0.40f;
    const float actualBottom = origin.y + height * 0.80f;
    const float r = px(3.0f);
    draw->AddRectFilled({origin.x, planTop}, {origin.x + width, planBottom}, toU32(colour::kFrame), r);
    draw->AddRectFilled({origin.x, actualTop}, {origin.x + width, actualBottom}, toU32(colour::kFrame), r);
    for (const auto& phase : d.timeline) {
        const ImVec4 c = phaseColour(phase.name);
        draw->AddRectFilled({x(phase.plannedStart) + 1, planTop},
                            {x(phase.plannedStart + phase.plannedSeconds) - 1, planBottom}, toU32(c, 0.45f),
                            r);
        const float alpha = phase.started ? 1.0f : 0.35f;  // what is still to come is drawn faint
        const ImVec2 a{x(phase.actualStart) + 1, actualTop};
        ImVec2 b{std::max(x(phase.actualEnd) - 1, a.x + 2), actualBottom};
        draw->AddRectFilled(a, b, toU32(c, alpha), r);
        float labelEnd = b.x;
        if (phase.current) {
            // The rest of the current phase as planned, faint, so the bar shows where "now" is heading.
            const float plannedEnd = x(phase.actualEnd + d.phaseRemainingSeconds);
            if (plannedEnd > b.x + 2)
                draw->AddRectFilled({b.x + 1, actualTop}, {plannedEnd - 1, actualBottom}, toU32(c, 0.35f), r);
            labelEnd = std::max(labelEnd, plannedEnd);
            draw->AddRect(a, {std::max(b.x, plannedEnd - 1), b.y}, toU32(colour::kText, 0.6f), r, 0,
                          px(2.0f));
        }
        const ImVec2 labelSize = ImGui::CalcTextSize(phase.name.c_str());
        if (labelSize.x + px(12) < labelEnd - a.x)
            draw->AddText({a.x + px(8), actualTop + (actualBottom - actualTop - labelSize.y) * 0.5f},
                          phase.started ? toU32(colour::kBackground, 0.95f) : toU32(colour::kText, 0.75f),
                          phase.name.c_str());
    }
    if (d.state != SessionState::NotStarted) {
        const float now = x(d.sessionSeconds);
        draw->AddRectFilled({now - px(2), planTop - px(4)}, {now + px(2), origin.y + height},
                            toU32(colour::kAccent), px(2));
        draw->AddTriangleFilled({now - px(9), origin.y + height + px(6)},
                                {now + px(9), origin.y + height + px(6)}, {now, origin.y + height - px(4)},
                                toU32(colour::kAccent));
    }
    timelineMin_ = origin;
    timelineMax_ = {origin.x + width, origin.y + height + px(6)};
    ImGui::Dummy({width, height + px(10)});
}

// A button with its label at the top left and its key in a small cap at the bottom right, so the two
// never overlap. `id` keeps the widget's identity when the label changes (e.g. "Hold" / "Release hold"):
// a press that started on one label ends on the same widget.
bool OperatorPanel::transportButton(const char* label, const char* id, const char* hotkey, ImVec2 size,
                                    bool highlighted) {
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const bool pressed = ImGui::InvisibleButton(id, size);
    const bool disabled = (ImGui::GetItemFlags() & ImGuiItemFlags_Disabled) != 0;
    const bool hovered = ImGui::IsItemHovered() && !disabled;
    const bool active = ImGui::IsItemActive() && !disabled;
    ImVec4 fill = colour::kButton;
    if (highlighted) fill = ImVec4(0.235f, 0.200f, 0.145f, 1.0f);
    if (hovered) fill = highlighted ? ImVec4(0.300f, 0.250f, 0.175f, 1.0f) : colour::kButtonHovered;
    if (active) fill = colour::kButtonActive;
    const float alpha = ImGui::GetStyle().Alpha;
    auto* draw = ImGui::GetWindowDrawList();
    const ImVec2 max{pos.x + size.x, pos.y + size.y};
    draw->AddRectFilled(pos, max, toU32(fill, alpha), ImGui::GetStyle().FrameRounding);
    const ImVec2 pad = ImGui::GetStyle().FramePadding;
    draw->AddText({pos.x + pad.x, pos.y + pad.y}, toU32(colour::kText, alpha), label);
    if (hotkey && *hotkey) {
        // The cap goes at the bottom right, beside the label's last line; the button is made tall enough
        // (drawTransport, drawMarkers) and wide enough for both, so they never overlap.
        const ImVec2 keySize = ImGui::CalcTextSize(hotkey);
        const ImVec2 capPad{px(7), px(2)};
        const float capWidth = keySize.x + 2 * capPad.x;
        const float capHeight = keySize.y + 2 * capPad.y;
        const float capX = max.x - pad.x * 0.6f - capWidth;
        const float capY = max.y - pad.y * 0.6f - capHeight;
        draw->AddRect({capX, capY}, {capX + capWidth, capY + capHeight},
                      toU32(colour::kTextDim, 0.8f * alpha), px(4), 0, px(1.5f));
        draw->AddText({capX + capPad.x, capY + capPad.y}, toU32(colour::kTextDim, alpha), hotkey);
    }
    return pressed;
}

void OperatorPanel::drawTransport(float width) {
    const auto& d = model_.display();
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float line = ImGui::GetTextLineHeight();
    // Two lines of label; the key cap sits beside the second.
    const ImVec2 size{(width - 3 * spacing) / 4.0f, ImGui::GetStyle().FramePadding.y * 2 + 2 * line + px(8)};
    const bool grounding = model_.snapshot().currentTrack.role == session::TrackRole::Grounding;

    if (transportButton("Advance\nphase", "##advance", hotkeyLabel(Action::AdvancePhase), size,
                        d.awaitingOperator))
        model_.command(Action::AdvancePhase);
    ImGui::SameLine();
    if (transportButton("Extend\n+5 min", "##extend", hotkeyLabel(Action::ExtendPhase), size))
        model_.command(Action::ExtendPhase);
    ImGui::SameLine();
    if (transportButton(d.held ? "Release\nhold" : "Hold\nphase", "##hold", hotkeyLabel(Action::Hold), size,
                        d.held))
        model_.command(Action::Hold);
    ImGui::SameLine();
    // From grounding, skip is the way back to the phase's music: the button says so.
    if (transportButton(grounding ? "Back to the\nphase music" : "Skip\ntrack", "##skip",
                        hotkeyLabel(Action::SkipTrack), size, grounding))
        model_.command(Action::SkipTrack);

    if (transportButton("Calmer\nalternate", "##calmer", hotkeyLabel(Action::SwapToAlternate), size))
        model_.command(Action::SwapToAlternate);
    ImGui::SameLine();
    if (transportButton(grounding ? "Grounding\n(playing)" : "Grounding\ntrack", "##grounding",
                        hotkeyLabel(Action::PlayGrounding), size))
        model_.command(Action::PlayGrounding);
    ImGui::SameLine();
    const bool silenced = d.state == SessionState::Silenced;
    if (transportButton(silenced ? "Resume\nmusic" : "Silence", "##silence", hotkeyLabel(Action::Silence),
                        size, silenced))
        model_.command(Action::Silence);
    ImGui::SameLine();
    // Talk-over follows the mouse button like the Space key: held = talk while held, click = toggle. Its
    // id stays the same when the label changes, so the release is seen by the widget that was pressed.
    transportButton(d.talkOver ? "Talk-over\n(on)" : "Talk-over", "##talkover", "Space", size, d.talkOver);
    if (ImGui::IsItemActivated()) model_.talkOverPressed(PressSource::Mouse);
    if (ImGui::IsItemDeactivated() || (model_.talkOverHeldBy(PressSource::Mouse) && !ImGui::IsItemActive()))
        model_.talkOverReleased(PressSource::Mouse);
}

void OperatorPanel::drawFeedbackLine() {
    // One line always kept for it, so the layout does not move when it appears.
    const std::string line = model_.feedback();
    ImGui::PushTextWrapPos(0.0f);
    textColoured(colour::kCalm, line.empty() ? std::string(" ") : line);
    ImGui::PopTextWrapPos();
}

void OperatorPanel::drawVolume(float width) {
    const auto& d = model_.display();
    const ImGuiStyle& style = ImGui::GetStyle();
    const float line = ImGui::GetTextLineHeight();
    const float height = style.WindowPadding.y * 2 + line + style.ItemSpacing.y + px(30);
    ImGui::BeginChild("volume-card", {width, height}, true, ImGuiWindowFlags_NoScrollbar);
    const float inner = ImGui::GetContentRegionAvail().x;
    const float endWidth = std::min(px(300.0f), inner * 0.34f);

    char text[96];
    std::snprintf(text, sizeof text, "Volume  %.0f %%", d.volume / std::max(d.volumeCeiling, 1e-9) * 100.0);
    ImGui::TextUnformatted(text);
    ImGui::SameLine();
    textColoured(colour::kTextDim, "  Up / Down");
    // How loud the output is, against the ceiling (the bar's end), in no unit a therapist has to know.
    {
        const double peakLinear = std::pow(10.0, model_.snapshot().outputPeakDbfs / 20.0);
        const float level =
            static_cast<float>(std::clamp(peakLinear / std::max(d.volumeCeiling, 1e-9), 0.0, 1.0));
        const char* levelLabel = "sound level";
        const float labelWidth = ImGui::CalcTextSize(levelLabel).x;
        const float meterWidth = px(140);
        sameLineIfFits(labelWidth + meterWidth + px(30));
        ImGui::SetCursorPosX(
            std::max(ImGui::GetCursorPosX(), inner - endWidth - labelWidth - meterWidth - px(10)));
        textColoured(colour::kTextDim, levelLabel);
        ImGui::SameLine();
        const ImVec2 meter = ImGui::GetCursorScreenPos();
        auto* draw = ImGui::GetWindowDrawList();
        const float my = meter.y + line * 0.5f;
        draw->AddRectFilled({meter.x, my - px(3)}, {meter.x + meterWidth, my + px(3)}, toU32(colour::kFrame),
                            px(3));
        draw->AddRectFilled({meter.x, my - px(3)}, {meter.x + meterWidth * level, my + px(3)},
                            toU32(colour::kCalm), px(3));
        ImGui::Dummy({meterWidth, line});
    }

    // The slider moves by dragging its handle: where the press lands does not matter, so a click never
    // makes the volume jump. 100 % is the program's ceiling: there is nothing above it to drag to.
    const float trackWidth = inner - endWidth - style.ItemSpacing.x * 2;
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float trackHeight = px(30);
    ImGui::BeginDisabled(model_.runsWithoutMusic());
    ImGui::InvisibleButton("##volume", {trackWidth, trackHeight});
    const bool disabled = (ImGui::GetItemFlags() & ImGuiItemFlags_Disabled) != 0;
    if (ImGui::IsItemActivated()) volumeDragStart_ = d.volume;
    if (ImGui::IsItemActive() && !disabled) {
        const float drag = ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f).x;
        const double wanted = draggedVolume(volumeDragStart_, drag, trackWidth - 2 * px(13), d.volumeCeiling);
        if (std::abs(wanted - d.volume) > 1e-4) model_.setVolume(wanted);
    }
    ImGui::EndDisabled();
    {
        auto* draw = ImGui::GetWindowDrawList();
        const float alpha = style.Alpha;
        const float cy = pos.y + trackHeight * 0.5f;
        const float fraction =
            static_cast<float>(std::clamp(d.volume / std::max(d.volumeCeiling, 1e-9), 0.0, 1.0));
        const float grab = px(13);
        const float x0 = pos.x + grab, x1 = pos.x + trackWidth - grab;
        draw->AddRectFilled({x0, cy - px(4)}, {x1, cy + px(4)}, toU32(colour::kFrame, alpha), px(4));
        draw->AddRectFilled({x0, cy - px(4)}, {x0 + (x1 - x0) * fraction, cy + px(4)},
                            toU32(colour::kAccent, 0.55f * alpha), px(4));
        draw->AddCircleFilled({x0 + (x1 - x0) * fraction, cy}, grab, toU32(colour::kAccent, alpha));
    }
    ImGui::SameLine(inner - endWidth + style.WindowPadding.x);
    ImGui::PushStyleColor(ImGuiCol_Text, colour::kAlert);
    const bool ending = d.state == SessionState::Ending || d.state == SessionState::Ended;
    ImGui::BeginDisabled(ending);
    const std::string endLabel = std::string("End session   ") + hotkeyLabel(Action::EndSession) + "###end";
    if (ImGui::Button(endLabel.c_str(), {endWidth, trackHeight})) model_.requestEnd();
    ImGui::EndDisabled();
    ImGui::PopStyleColor();

    ImGui::EndChild();
}

void OperatorPanel::drawSideColumn(float height) {
    const float start = ImGui::GetCursorPosY();
    // Alerts take at most a third of the column and scroll inside it: vitals and notes stay in view.
    drawAlerts(height * 0.34f);
    if (!model_.sessionOver()) {
        drawVitals();
        previewView_.draw(model_, fonts_.scale);
    }
    const float used = ImGui::GetCursorPosY() - start;
    drawNotes(std::max(px(130.0f), height - used));
}

void OperatorPanel::drawAlerts(float maxHeight) {
    auto& alerts = model_.alerts();
    if (alerts.empty()) {
        alertsContentHeight_ = 0.0f;
        return;
    }
    const float height = std::min(std::max(alertsContentHeight_ + px(2), px(60)), maxHeight);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0, 0, 0, 0));
    ImGui::BeginChild("alerts", {0, height}, false);
    int acknowledge = 0;
    auto* draw = ImGui::GetWindowDrawList();
    const ImVec2 pad = ImGui::GetStyle().WindowPadding;
    const float top = ImGui::GetCursorPosY();
    // A patient's call comes first: it is the one alert that means someone needs the therapist now.
    std::vector<const Alert*> ordered;
    for (const auto& alert : alerts.alerts())
        if (alert.kind == AlertKind::PatientCalled) ordered.push_back(&alert);
    for (const auto& alert : alerts.alerts())
        if (alert.kind != AlertKind::PatientCalled) ordered.push_back(&alert);
    for (const Alert* shown : ordered) {
        const Alert& alert = *shown;
        ImGui::PushID(alert.id);
        // Content first on the top channel, then the card behind it, sized to what was drawn.
        draw->ChannelsSplit(2);
        draw->ChannelsSetCurrent(1);
        const ImVec2 cardMin = ImGui::GetCursorScreenPos();
        const float cardWidth = ImGui::GetContentRegionAvail().x;
        ImGui::SetCursorScreenPos({cardMin.x + pad.x, cardMin.y + pad.y});
        ImGui::BeginGroup();
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + cardWidth - 2 * pad.x);
        ImGui::PushFont(fonts_.heading);
        textColoured(colour::kAlert, displayName(alert.kind));
        ImGui::PopFont();
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        textColoured(colour::kTextDim, "at " + formatClock(alert.raisedAt));
        ImGui::TextUnformatted(alert.message.c_str());
        if (alert.cleared) textColoured(colour::kCalm, "Resolved at " + formatClock(alert.clearedAt) + ".");
        const bool open = std::find(openAlertDetails_.begin(), openAlertDetails_.end(), alert.id) !=
                          openAlertDetails_.end();
        if (open && !alert.detail.empty()) textColoured(colour::kTextDim, alert.detail);
        ImGui::PopTextWrapPos();
        if (ImGui::Button("Acknowledge")) acknowledge = alert.id;
        if (!alert.detail.empty()) {
            ImGui::SameLine();
            if (ImGui::Button(open ? "Hide details" : "Details")) {
                if (open)
                    openAlertDetails_.erase(
                        std::find(openAlertDetails_.begin(), openAlertDetails_.end(), alert.id));
                else
                    openAlertDetails_.push_back(alert.id);
            }
        }
        ImGui::EndGroup();
        const ImVec2 cardMax{cardMin.x + cardWidth, ImGui::GetItemRectMax().y + pad.y};
        draw->ChannelsSetCurrent(0);
        draw->AddRectFilled(cardMin, cardMax, toU32(colour::kAlertSurface), px(8.0f));
        draw->AddRect(cardMin, cardMax, toU32(colour::kAlert), px(8.0f), 0, px(2.0f));
        draw->ChannelsMerge();
        ImGui::SetCursorScreenPos({cardMin.x, cardMax.y + ImGui::GetStyle().ItemSpacing.y});
        ImGui::Dummy({0, 0});
        ImGui::PopID();
    }
    alertsContentHeight_ = ImGui::GetCursorPosY() - top;
    ImGui::EndChild();
    ImGui::PopStyleColor();
    if (alerts.alerts().size() > 1 && alertsContentHeight_ > height)
        textColoured(colour::kTextDim,
                     std::to_string(alerts.alerts().size()) + " alerts: scroll to see them all");
    if (acknowledge) model_.acknowledgeAlert(acknowledge);
}

void OperatorPanel::drawVitals() {
    const bool due = model_.vitalsDue();
    const ImGuiStyle& style = ImGui::GetStyle();
    const float rows = 3.0f + static_cast<float>(vitalsProblems_.size());
    const float height = style.WindowPadding.y * 2 + rows * ImGui::GetFrameHeightWithSpacing();
    if (due) ImGui::PushStyleColor(ImGuiCol_Border, colour::kNotice);
    ImGui::BeginChild("vitals", {0, height}, true, ImGuiWindowFlags_NoScrollbar);
    if (due) {
        textColoured(colour::kNotice, "Vitals due now");
    } else {
        textColoured(colour::kTextDim, "Vitals - next in " + formatClock(model_.secondsUntilVitalsDue()));
    }
    const float field = (ImGui::GetContentRegionAvail().x - 3 * style.ItemSpacing.x) / 4.0f;
    ImGui::SetNextItemWidth(field);
    ImGui::InputTextWithHint("##sys", "sys", &vitalsInput_.systolic, ImGuiInputTextFlags_CharsDecimal);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(field);
    ImGui::InputTextWithHint("##dia", "dia", &vitalsInput_.diastolic, ImGuiInputTextFlags_CharsDecimal);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(field);
    ImGui::InputTextWithHint("##hr", "HR", &vitalsInput_.heartRate, ImGuiInputTextFlags_CharsDecimal);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(field);
    ImGui::InputTextWithHint("##spo2", "SpO2", &vitalsInput_.spo2, ImGuiInputTextFlags_CharsDecimal);
    if (ImGui::Button("Record vitals")) {
        const auto check = model_.submitVitals(vitalsInput_);
        vitalsProblems_ = check.problems;
        if (check.vitals) vitalsInput_ = {};
    }
    for (const auto& problem : vitalsProblems_) textWrappedColoured(colour::kAlert, problem);
    ImGui::EndChild();
    if (due) ImGui::PopStyleColor();
}

void OperatorPanel::drawMarkers(float width) {
    textColoured(colour::kTextDim, "Markers");
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const ImVec2 size{(width - 2 * spacing) / 3.0f, ImGui::GetFrameHeight() + px(16)};
    for (int i = 0; i < kMarkerKindCount; ++i) {
        const auto kind = static_cast<MarkerKind>(i);
        if (i % 3) ImGui::SameLine();
        char id[24];
        std::snprintf(id, sizeof id, "##marker%d", i);
        if (transportButton(displayName(kind), id, hotkeyLabel(kind), size)) model_.addMarker(kind);
    }
}

void OperatorPanel::drawNotes(float minHeight) {
    const bool over = model_.sessionOver();
    ImGui::BeginChild("notes", {0, minHeight}, true);
    textColoured(over ? colour::kAccent : colour::kTextDim, over ? "Post-session note" : "Notes");
    const float addWidth = px(96.0f);
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - addWidth - ImGui::GetStyle().ItemSpacing.x);
    // Enter adds the note and the field keeps the keyboard, so what is typed next is text, not commands.
    // ImGui would let go of the field on Enter (and take it back only a frame or two later, dropping what
    // was typed meanwhile), so the panel keeps Enter from it (ownsKey) and empties the field itself, from
    // inside, after the frame's text is in.
    const auto addOnEnter = [](ImGuiInputTextCallbackData* data) -> int {
        auto* panel = static_cast<OperatorPanel*>(data->UserData);
        if (!panel->noteEntered_) return 0;
        panel->noteEntered_ = false;
        if (panel->model_.addNote(std::string(data->Buf, static_cast<std::size_t>(data->BufTextLen))))
            data->DeleteChars(0, data->BufTextLen);
        return 0;
    };
    ImGui::InputTextWithHint("##note", over ? "written after the end, kept as such" : "what happened",
                             &noteText_, ImGuiInputTextFlags_CallbackAlways, addOnEnter, this);
    noteFieldActive_ = ImGui::IsItemActive();
    if (!noteFieldActive_) noteEntered_ = false;
    ImGui::SameLine();
    if (ImGui::Button("Add", {addWidth, 0}) && model_.addNote(noteText_)) noteText_.clear();
    const auto& recent = model_.recentEntries();
    for (auto it = recent.rbegin(); it != recent.rend(); ++it)
        textWrappedColoured(colour::kTextDim, formatClock(it->sessionSeconds) + "  " + it->text);
    ImGui::EndChild();
}

void OperatorPanel::drawEndSummary(float width) {
    const auto& d = model_.display();
    ImGui::PushStyleColor(ImGuiCol_Border, colour::kAccent);
    const float rows = endActions_.drawPostSessionForm ? 2.0f : 1.0f;
    ImGui::BeginChild("end-summary", {width, px(180.0f) + rows * (px(56) + ImGui::GetStyle().ItemSpacing.y)},
                      true);
    ImGui::PushFont(fonts_.heading);
    textColoured(colour::kAccent, "The session has ended");
    ImGui::PopFont();
    std::string phases;
    for (const auto& phase : d.timeline) {
        if (!phase.started) continue;
        if (!phases.empty()) phases += ",  ";
        phases += phase.name + " " + formatClock(phase.actualEnd - phase.actualStart);
    }
    textWrappedColoured(colour::kText, model_.endSummary());
    textWrappedColoured(colour::kTextDim, phases.empty() ? std::string("No phase was played.") : phases);
    ImGui::Spacing();
    const ImVec2 buttonSize{(ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3.0f,
                            px(56)};
    auto action = [&](const char* label, const std::function<void()>& run, bool sameLine) {
        if (sameLine) ImGui::SameLine();
        ImGui::BeginDisabled(!run);
        if (ImGui::Button(label, buttonSize) && run) run();
        ImGui::EndDisabled();
    };
    action("Open report", endActions_.openReport, false);
    action("Open folder", endActions_.openFolder, true);
    action("New session", endActions_.newSession, true);
    // The post-session form opens in place of the session's controls, which have nothing left to do.
    if (endActions_.drawPostSessionForm && d.state != SessionState::Ended) {
        textWrappedColoured(
            colour::kTextDim,
            "The post-session form (how the music landed) opens when the music has faded out.");
    } else if (endActions_.drawPostSessionForm) {
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.235f, 0.200f, 0.145f, 1.0f));
        if (ImGui::Button(postSessionFormOpen_ ? "Close the post-session form###form"
                                               : "How the music landed: post-session form###form",
                          {ImGui::GetContentRegionAvail().x, px(56)}))
            postSessionFormOpen_ = !postSessionFormOpen_;
        ImGui::PopStyleColor();
    }
    textWrappedColoured(colour::kTextDim, "Notes written now are kept as post-session notes.");
    ImGui::EndChild();
    ImGui::PopStyleColor();
    ImGui::Spacing();
}

void OperatorPanel::drawPostSessionForm(float width) {
    // As tall as the window leaves; the form's questions scroll inside it.
    const float height = std::max(ImGui::GetContentRegionAvail().y, px(300.0f));
    ImGui::PushStyleColor(ImGuiCol_Border, colour::kAccent);
    ImGui::BeginChild("post-session-form", {width, height}, true, ImGuiWindowFlags_NoScrollbar);
    ImGui::PopStyleColor();
    const char* close = "Back to the summary";
    const float closeWidth = ImGui::CalcTextSize(close).x + px(40);
    const float top = ImGui::GetCursorPosY();
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - closeWidth);
    if (ImGui::Button(close, {closeWidth, 0})) postSessionFormOpen_ = false;
    ImGui::SetCursorPosY(top);  // the form's title on the same line
    endActions_.drawPostSessionForm();
    ImGui::EndChild();
}

void OperatorPanel::drawEndConfirmation() {
    constexpr const char* kPopup = "End the session?";
    if (model_.endPending() && !ImGui::IsPopupOpen(kPopup)) ImGui::OpenPopup(kPopup);
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos({display.x * 0.5f, display.y * 0.5f}, ImGuiCond_Always, {0.5f, 0.5f});
    if (ImGui::BeginPopupModal(kPopup, nullptr,
                               ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove)) {
        char text[128];
        std::snprintf(text, sizeof text, "The music fades out over %s, then the session is closed.",
                      formatClock(std::chrono::duration<double>(model_.program().endFade).count()).c_str());
        ImGui::TextUnformatted(text);
        ImGui::Spacing();
        ImGui::PushStyleColor(ImGuiCol_Text, colour::kAlert);
        if (ImGui::Button("End session   Enter", {px(300), px(60)})) model_.confirmEnd();
        ImGui::PopStyleColor();
        ImGui::SameLine();
        if (ImGui::Button("Keep playing   Esc", {px(300), px(60)})) model_.cancelEnd();
        if (!model_.endPending()) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

}  // namespace stillpoint::panel
