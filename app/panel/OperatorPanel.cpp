#include "panel/OperatorPanel.h"

#include <algorithm>
#include <cstdio>

#include <imgui_stdlib.h>

#include "panel/model/PanelHotkeys.h"

namespace stillpoint::panel {

using session::Action;
using session::SessionState;

namespace {

constexpr ImGuiWindowFlags kFullWindow = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                         ImGuiWindowFlags_NoSavedSettings |
                                         ImGuiWindowFlags_NoBringToFrontOnFocus;

void textColoured(const ImVec4& colour, const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopStyleColor();
}

void textWrappedColoured(const ImVec4& colour, const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

// A small label in a rounded outline, e.g. "HELD" next to the phase name.
void badge(const char* text, const ImVec4& colour) {
    ImGui::SameLine();
    const ImVec2 size = ImGui::CalcTextSize(text);
    const ImVec2 pad{10, 3};
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float y = pos.y + (ImGui::GetTextLineHeightWithSpacing() - size.y) * 0.25f;
    auto* draw = ImGui::GetWindowDrawList();
    draw->AddRect({pos.x, y}, {pos.x + size.x + 2 * pad.x, y + size.y + 2 * pad.y}, toU32(colour), 6.0f, 0,
                  2.0f);
    draw->AddText({pos.x + pad.x, y + pad.y}, toU32(colour), text);
    ImGui::Dummy({size.x + 2 * pad.x, size.y + 2 * pad.y});
}

std::string upper(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

const char* routeLabel(program::Route route) {
    switch (route) {
        case program::Route::Iv:
            return "IV infusion";
        case program::Route::Im:
            return "IM injection";
        case program::Route::Intranasal:
            return "Intranasal";
        case program::Route::Sublingual:
            return "Sublingual";
        case program::Route::Oral:
            return "Oral";
        case program::Route::Other:
            return "Other";
    }
    return "Other";
}

}  // namespace

OperatorPanel::OperatorPanel(OperatorPanelModel& model, PanelFonts fonts,
                             std::vector<std::string> outputDevices)
    : model_(model), fonts_(fonts), outputDevices_(std::move(outputDevices)) {}

void OperatorPanel::draw() {
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("Stillpoint", nullptr, kFullWindow);
    if (model_.started())
        drawSession();
    else
        drawSetup();
    ImGui::End();
}

void OperatorPanel::handleKeyEvent(const SDL_KeyboardEvent& key, bool typingInTextField) {
    const bool down = key.type == SDL_KEYDOWN;
    if (model_.endPending()) {
        if (!down) return;
        if (key.keysym.sym == SDLK_RETURN || key.keysym.sym == SDLK_KP_ENTER) model_.confirmEnd();
        if (key.keysym.sym == SDLK_ESCAPE) model_.cancelEnd();
        return;
    }
    if (typingInTextField || !model_.started()) return;

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

    const auto hotkey = hotkeyFor(press);
    if (!hotkey) return;
    if (hotkey->kind == Hotkey::Kind::TalkOver) {
        if (down)
            model_.talkOverPressed();
        else
            model_.talkOverReleased();
        return;
    }
    // Auto-repeat steps the volume; for every other command a held key is one press.
    if (!down || (key.repeat != 0 && hotkey->kind != Hotkey::Kind::Volume)) return;
    model_.pressHotkey(*hotkey);
}

// ---------------------------------------------------------------------------------------------- setup

void OperatorPanel::drawSetup() {
    const auto& program = model_.program();
    auto& setup = model_.setup();

    ImGui::PushFont(fonts_.heading);
    ImGui::TextUnformatted("Stillpoint");
    ImGui::PopFont();
    ImGui::SameLine();
    textColoured(colour::kTextDim, "  new session");
    ImGui::PushFont(fonts_.heading);
    textColoured(colour::kAccent, program.name.empty() ? std::string("(unnamed program)") : program.name);
    ImGui::PopFont();
    {
        std::string summary = std::string(routeLabel(program.route)) + "  -  " +
                              formatClock(std::chrono::duration<double>(program.plannedTotal()).count()) +
                              " planned  -  ";
        for (std::size_t i = 0; i < program.phases.size(); ++i)
            summary += (i ? ", " : "") + program.phases[i].name;
        textColoured(colour::kTextDim, summary);
    }
    ImGui::Spacing();
    drawTimeline(56.0f);
    ImGui::Spacing();

    const float formWidth = std::min(ImGui::GetContentRegionAvail().x, 980.0f);
    ImGui::BeginChild("setup-form", {formWidth, 0}, true);
    const float labelWidth = 250.0f;
    const float fieldWidth = formWidth - labelWidth - 60.0f;
    auto label = [&](const char* text) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(text);
        ImGui::SameLine(labelWidth);
        ImGui::SetNextItemWidth(fieldWidth);
    };

    label("Patient ID");
    ImGui::InputTextWithHint("##patient", "pseudonym, e.g. KX-0042", &setup.patientId);
    if (!setup.patientId.empty()) {
        if (const auto problem = patientIdProblem(setup.patientId)) {
            ImGui::SetCursorPosX(labelWidth);
            textWrappedColoured(colour::kAlert, *problem);
        }
    }
    label("Clinician");
    ImGui::InputTextWithHint("##clinician", "name of the clinician in the room", &setup.clinician);

    label("Route");
    if (ImGui::BeginCombo("##route", routeLabel(setup.route))) {
        for (auto route : {program::Route::Iv, program::Route::Im, program::Route::Intranasal,
                           program::Route::Sublingual, program::Route::Oral, program::Route::Other}) {
            if (ImGui::Selectable(routeLabel(route), route == setup.route)) setup.route = route;
        }
        ImGui::EndCombo();
    }
    label("Dose note");
    ImGui::InputTextWithHint("##dose", "e.g. 0.5 mg/kg over 40 min", &setup.doseNote);

    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Consent to music");
    ImGui::SameLine(labelWidth);
    if (ImGui::RadioButton("Yes", setup.musicConsent == MusicConsent::Yes))
        setup.musicConsent = MusicConsent::Yes;
    ImGui::SameLine(0, 40);
    if (ImGui::RadioButton("No", setup.musicConsent == MusicConsent::No))
        setup.musicConsent = MusicConsent::No;
    if (setup.musicConsent == MusicConsent::Unanswered) {
        ImGui::SameLine(0, 40);
        textColoured(colour::kNotice, "ask before starting");
    }
    if (setup.musicConsent == MusicConsent::No) {
        ImGui::SetCursorPosX(labelWidth);
        ImGui::Checkbox("Run this session without music (nothing will play)", &setup.withoutMusicConfirmed);
    }

    label("Output");
    const std::string currentDevice = setup.outputDevice.empty() ? "System default" : setup.outputDevice;
    if (ImGui::BeginCombo("##output", currentDevice.c_str())) {
        if (ImGui::Selectable("System default", setup.outputDevice.empty())) setup.outputDevice.clear();
        for (const auto& device : outputDevices_)
            if (ImGui::Selectable(device.c_str(), device == setup.outputDevice)) setup.outputDevice = device;
        ImGui::EndCombo();
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Patient display");
    ImGui::SameLine(labelWidth);
    ImGui::Checkbox("Show the calm colour field on the second screen", &setup.patientDisplay);

    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    const auto check = model_.setupCheck();
    ImGui::BeginDisabled(!check.canStart);
    ImGui::PushFont(fonts_.heading);
    ImGui::PushStyleColor(ImGuiCol_Button,
                          check.canStart ? ImVec4(0.235f, 0.200f, 0.145f, 1.0f) : colour::kButton);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.300f, 0.250f, 0.175f, 1.0f));
    const char* startLabel = check.withoutMusic ? "Start session without music" : "Start session";
    if (ImGui::Button(startLabel, {fieldWidth * 0.7f, 72.0f})) model_.start();
    ImGui::PopStyleColor(2);
    ImGui::PopFont();
    ImGui::EndDisabled();
    for (const auto& problem : check.problems) textWrappedColoured(colour::kNotice, problem);
    ImGui::EndChild();
}

// -------------------------------------------------------------------------------------------- session

void OperatorPanel::drawSession() {
    drawHeader();
    drawClockAndTrack();
    drawTimeline(70.0f);
    ImGui::Spacing();

    const float total = ImGui::GetContentRegionAvail().x;
    const float sideWidth = std::max(380.0f, total * 0.36f);
    const float mainWidth = total - sideWidth - ImGui::GetStyle().ItemSpacing.x;
    ImGui::BeginChild("transport", {mainWidth, 0}, false, ImGuiWindowFlags_NoScrollbar);
    drawTransport(mainWidth);
    ImGui::Spacing();
    drawVolume(mainWidth);
    ImGui::Spacing();
    drawMarkers(mainWidth);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("side", {sideWidth, 0}, false);
    drawSideColumn();
    ImGui::EndChild();
    drawEndConfirmation();
}

void OperatorPanel::drawHeader() {
    const auto& d = model_.display();
    ImGui::PushFont(fonts_.heading);
    if (d.phase >= 0) {
        ImGui::PushStyleColor(ImGuiCol_Text, phaseColour(d.phaseName));
        ImGui::TextUnformatted(upper(d.phaseName).c_str());
        ImGui::PopStyleColor();
    } else {
        ImGui::TextUnformatted("STARTING");
    }
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    char text[96];
    std::snprintf(text, sizeof text, "phase %d of %d", d.phase + 1, d.phaseCount);
    textColoured(colour::kTextDim, text);
    if (d.held) badge("HELD", colour::kAccent);
    if (d.awaitingOperator) badge("ENDS WHEN YOU ADVANCE", colour::kAccent);
    if (d.talkOver) badge("TALK-OVER", colour::kCalm);
    if (d.state == SessionState::Silenced)
        badge(model_.runsWithoutMusic() ? "NO MUSIC" : "SILENCED", colour::kNotice);
    if (d.state == SessionState::Ending) badge("ENDING", colour::kNotice);
    if (d.state == SessionState::Ended) badge("ENDED", colour::kTextDim);
    if (!d.deviceConnected) badge("NO OUTPUT", colour::kAlert);

    std::snprintf(text, sizeof text, "session %s%s    program left %s", formatClock(d.sessionSeconds).c_str(),
                  d.clockPaused ? " PAUSED" : "", formatClock(d.programRemainingSeconds).c_str());
    const float width = ImGui::CalcTextSize(text).x;
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - width);
    textColoured(colour::kTextDim, text);
}

void OperatorPanel::drawClockAndTrack() {
    const auto& d = model_.display();
    const ImVec2 start = ImGui::GetCursorPos();
    ImGui::PushFont(fonts_.clock);
    const bool over = d.phaseOvertimeSeconds > 0.5;
    const std::string clock =
        over ? "+" + formatClock(d.phaseOvertimeSeconds) : formatClock(d.phaseRemainingSeconds);
    textColoured(over ? colour::kAccent : colour::kText, clock);
    ImGui::PopFont();
    textColoured(colour::kTextDim, over ? "past the planned time of this phase" : "left in this phase");
    const float clockBlock = 330.0f;

    ImGui::SetCursorPos({start.x + clockBlock, start.y + 10.0f});
    ImGui::BeginGroup();
    textColoured(colour::kTextDim, "Now playing");
    ImGui::PushFont(fonts_.heading);
    ImGui::TextUnformatted(d.nowPlaying.empty() ? "-" : d.nowPlaying.c_str());
    ImGui::PopFont();
    if (d.trackDurationSeconds > 0) {
        const float width = ImGui::GetContentRegionAvail().x * 0.6f;
        const ImVec2 pos = ImGui::GetCursorScreenPos();
        const float fraction =
            static_cast<float>(std::clamp(d.trackPositionSeconds / d.trackDurationSeconds, 0.0, 1.0));
        auto* draw = ImGui::GetWindowDrawList();
        draw->AddRectFilled({pos.x, pos.y + 4}, {pos.x + width, pos.y + 10}, toU32(colour::kFrame), 3.0f);
        draw->AddRectFilled({pos.x, pos.y + 4}, {pos.x + width * fraction, pos.y + 10},
                            toU32(colour::kTextDim), 3.0f);
        ImGui::Dummy({width, 14});
        ImGui::SameLine();
        textColoured(colour::kTextDim,
                     formatClock(d.trackPositionSeconds) + " / " + formatClock(d.trackDurationSeconds));
    }
    textColoured(colour::kTextDim, "Up next:  " + (d.upNext.empty() ? std::string("-") : d.upNext));
    ImGui::EndGroup();
    ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY(), start.y + 120.0f));
}

void OperatorPanel::drawTimeline(float height) {
    const auto& d = model_.display();
    auto* draw = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    const float span = static_cast<float>(d.timelineSeconds);
    auto x = [&](double seconds) { return origin.x + width * static_cast<float>(seconds) / span; };

    // Two rows: the plan as written (thin, muted), what happened and is now expected (full colour).
    const float planTop = origin.y;
    const float planBottom = origin.y + height * 0.28f;
    const float actualTop = origin.y + height * 0.40f;
    const float actualBottom = origin.y + height * 0.80f;
    draw->AddRectFilled({origin.x, planTop}, {origin.x + width, planBottom}, toU32(colour::kFrame), 3.0f);
    draw->AddRectFilled({origin.x, actualTop}, {origin.x + width, actualBottom}, toU32(colour::kFrame), 4.0f);
    for (const auto& phase : d.timeline) {
        const ImVec4 c = phaseColour(phase.name);
        draw->AddRectFilled({x(phase.plannedStart) + 1, planTop},
                            {x(phase.plannedStart + phase.plannedSeconds) - 1, planBottom}, toU32(c, 0.45f),
                            3.0f);
        const float alpha = phase.started ? 1.0f : 0.35f;  // what is still to come is drawn faint
        const ImVec2 a{x(phase.actualStart) + 1, actualTop};
        const ImVec2 b{std::max(x(phase.actualEnd) - 1, a.x + 2), actualBottom};
        draw->AddRectFilled(a, b, toU32(c, alpha), 4.0f);
        if (phase.current) {
            // The rest of the current phase as planned, faint, so the bar shows where "now" is heading.
            const float plannedEnd = x(phase.actualEnd + d.phaseRemainingSeconds);
            if (plannedEnd > b.x + 2)
                draw->AddRectFilled({b.x + 1, actualTop}, {plannedEnd - 1, actualBottom}, toU32(c, 0.35f),
                                    4.0f);
            draw->AddRect(a, b, toU32(colour::kText, 0.6f), 4.0f, 0, 2.0f);
        }
        const ImVec2 labelSize = ImGui::CalcTextSize(phase.name.c_str());
        if (labelSize.x + 12 < b.x - a.x)
            draw->AddText({a.x + 8, actualTop + (actualBottom - actualTop - labelSize.y) * 0.5f},
                          phase.started ? toU32(colour::kBackground, 0.95f) : toU32(colour::kText, 0.75f),
                          phase.name.c_str());
    }
    if (d.state != SessionState::NotStarted) {
        const float now = x(d.sessionSeconds);
        draw->AddRectFilled({now - 2, planTop - 4}, {now + 2, origin.y + height}, toU32(colour::kAccent),
                            2.0f);
        draw->AddTriangleFilled({now - 9, origin.y + height + 6}, {now + 9, origin.y + height + 6},
                                {now, origin.y + height - 4}, toU32(colour::kAccent));
    }
    timelineMin_ = origin;
    timelineMax_ = {origin.x + width, origin.y + height + 6};
    ImGui::Dummy({width, height + 10});
}

bool OperatorPanel::transportButton(const char* label, const char* hotkey, ImVec2 size, bool highlighted) {
    if (highlighted) {
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.235f, 0.200f, 0.145f, 1.0f));
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.300f, 0.250f, 0.175f, 1.0f));
    }
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const bool pressed = ImGui::Button(label, size);
    if (highlighted) ImGui::PopStyleColor(2);
    if (hotkey && *hotkey) {
        // The key, in a small cap in the top-right corner of the button.
        auto* draw = ImGui::GetWindowDrawList();
        const ImVec2 keySize = ImGui::CalcTextSize(hotkey);
        const ImVec2 capMin{pos.x + size.x - keySize.x - 22, pos.y + 7};
        const ImVec2 capMax{pos.x + size.x - 8, pos.y + 7 + keySize.y + 4};
        draw->AddRect(capMin, capMax, toU32(colour::kTextDim, 0.8f), 4.0f, 0, 1.5f);
        draw->AddText({capMin.x + 7, capMin.y + 2}, toU32(colour::kTextDim), hotkey);
    }
    return pressed;
}

void OperatorPanel::drawTransport(float width) {
    const auto& d = model_.display();
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const ImVec2 size{(width - 3 * spacing) / 4.0f, 80.0f};

    if (transportButton("Advance\nphase", hotkeyLabel(Action::AdvancePhase), size, d.awaitingOperator))
        model_.command(Action::AdvancePhase);
    ImGui::SameLine();
    if (transportButton("Extend\n+5 min", hotkeyLabel(Action::ExtendPhase), size))
        model_.command(Action::ExtendPhase);
    ImGui::SameLine();
    if (transportButton(d.held ? "Release\nhold" : "Hold\nphase", hotkeyLabel(Action::Hold), size, d.held))
        model_.command(Action::Hold);
    ImGui::SameLine();
    if (transportButton("Skip\ntrack", hotkeyLabel(Action::SkipTrack), size))
        model_.command(Action::SkipTrack);

    if (transportButton("Calmer\nalternate", hotkeyLabel(Action::SwapToAlternate), size))
        model_.command(Action::SwapToAlternate);
    ImGui::SameLine();
    if (transportButton("Grounding\ntrack", hotkeyLabel(Action::PlayGrounding), size))
        model_.command(Action::PlayGrounding);
    ImGui::SameLine();
    const bool silenced = d.state == SessionState::Silenced;
    if (transportButton(silenced ? "Resume\nmusic" : "Silence", hotkeyLabel(Action::Silence), size, silenced))
        model_.command(Action::Silence);
    ImGui::SameLine();
    // Talk-over follows the mouse button like the Space key: held = talk while held, click = toggle.
    transportButton(d.talkOver ? "Talk-over\n(on)" : "Talk-over", hotkeyLabel(Action::TalkOverOn), size,
                    d.talkOver);
    if (ImGui::IsItemActivated()) model_.talkOverPressed();
    if (ImGui::IsItemDeactivated()) model_.talkOverReleased();
}

void OperatorPanel::drawVolume(float width) {
    const auto& d = model_.display();
    ImGui::BeginChild("volume-card", {width, 112.0f}, true, ImGuiWindowFlags_NoScrollbar);
    textColoured(colour::kTextDim, "Volume   Up / Down");
    char levels[96];
    std::snprintf(levels, sizeof levels, "output peak %.1f dBFS    ceiling %.0f dBFS",
                  model_.snapshot().outputPeakDbfs, d.volumeCeilingDbfs);
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(levels).x);
    textColoured(colour::kTextDim, levels);
    // The slider's range ends at the ceiling: there is no position above it to drag to.
    const float ceilingPercent = static_cast<float>(d.volumeCeiling * 100.0);
    float percent = static_cast<float>(d.volume * 100.0);
    const float endWidth = 250.0f;
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - endWidth -
                            ImGui::GetStyle().ItemSpacing.x * 3);
    ImGui::BeginDisabled(model_.runsWithoutMusic());
    if (ImGui::SliderFloat("##volume", &percent, 0.0f, ceilingPercent, "%.0f %%",
                           ImGuiSliderFlags_AlwaysClamp))
        model_.setVolume(percent / 100.0);
    ImGui::EndDisabled();
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - endWidth);
    ImGui::PushStyleColor(ImGuiCol_Text, colour::kAlert);
    const bool ended = d.state == SessionState::Ending || d.state == SessionState::Ended;
    ImGui::BeginDisabled(ended);
    if (ImGui::Button("End session   End", {endWidth, 0})) model_.requestEnd();
    ImGui::EndDisabled();
    ImGui::PopStyleColor();
    ImGui::EndChild();
}

void OperatorPanel::drawSideColumn() {
    drawAlerts();
    drawVitals();
    drawNotes();
}

void OperatorPanel::drawAlerts() {
    auto& alerts = model_.alerts();
    int acknowledge = 0;
    auto* draw = ImGui::GetWindowDrawList();
    const ImVec2 pad = ImGui::GetStyle().WindowPadding;
    for (const auto& alert : alerts.alerts()) {
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
        textColoured(colour::kTextDim, "at " + formatClock(alert.raisedAt));
        ImGui::TextUnformatted(alert.message.c_str());
        if (alert.cleared) textColoured(colour::kCalm, "Resolved at " + formatClock(alert.clearedAt) + ".");
        ImGui::PopTextWrapPos();
        if (ImGui::Button("Acknowledge")) acknowledge = alert.id;
        ImGui::EndGroup();
        const ImVec2 cardMax{cardMin.x + cardWidth, ImGui::GetItemRectMax().y + pad.y};
        draw->ChannelsSetCurrent(0);
        draw->AddRectFilled(cardMin, cardMax, toU32(colour::kAlertSurface), 8.0f);
        draw->AddRect(cardMin, cardMax, toU32(colour::kAlert), 8.0f, 0, 2.0f);
        draw->ChannelsMerge();
        ImGui::SetCursorScreenPos({cardMin.x, cardMax.y + ImGui::GetStyle().ItemSpacing.y});
        ImGui::Dummy({0, 0});
        ImGui::PopID();
    }
    if (acknowledge) model_.acknowledgeAlert(acknowledge);
}

void OperatorPanel::drawVitals() {
    const bool due = model_.vitalsDue();
    if (due) ImGui::PushStyleColor(ImGuiCol_Border, colour::kNotice);
    ImGui::BeginChild("vitals", {0, vitalsProblems_.empty() ? 170.0f : 230.0f}, true);
    if (due) {
        textColoured(colour::kNotice, "Vitals due now");
    } else {
        textColoured(colour::kTextDim, "Vitals - next in " + formatClock(model_.secondsUntilVitalsDue()));
    }
    const float field = (ImGui::GetContentRegionAvail().x - 3 * ImGui::GetStyle().ItemSpacing.x) / 4.0f;
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
    const ImVec2 size{(width - 2 * spacing) / 3.0f, 56.0f};
    for (int i = 0; i < kMarkerKindCount; ++i) {
        const auto kind = static_cast<MarkerKind>(i);
        if (i % 3) ImGui::SameLine();
        if (transportButton(displayName(kind), hotkeyLabel(kind), size)) model_.addMarker(kind);
    }
}

void OperatorPanel::drawNotes() {
    ImGui::BeginChild("notes", {0, 0}, true);
    textColoured(colour::kTextDim, "Notes");
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - 110.0f);
    const bool entered =
        ImGui::InputTextWithHint("##note", "what happened", &noteText_, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("Add", {96.0f, 0}) || entered) && model_.addNote(noteText_)) noteText_.clear();
    const auto& recent = model_.recentEntries();
    for (auto it = recent.rbegin(); it != recent.rend(); ++it)
        textWrappedColoured(colour::kTextDim, formatClock(it->sessionSeconds) + "  " + it->text);
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
        if (ImGui::Button("End session   Enter", {300, 60})) model_.confirmEnd();
        ImGui::PopStyleColor();
        ImGui::SameLine();
        if (ImGui::Button("Keep playing   Esc", {300, 60})) model_.cancelEnd();
        if (!model_.endPending()) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

}  // namespace stillpoint::panel
