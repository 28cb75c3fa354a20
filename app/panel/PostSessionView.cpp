#include "panel/PostSessionView.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <string>

#include "panel/model/SessionDisplay.h"

namespace stillpoint::panel {

namespace {

// One 0-10 answer: the question, then its low end, the eleven numbers as a row of buttons large enough to
// hit, and its high end. The chosen number is lit; clicking it again clears the answer. The low ends are
// right-aligned in a column as wide as the widest, so the numbers line up from question to question, and
// the buttons narrow (to a point) when the form is narrow, so the high end stays in view.
void scoreRow(PostSessionForm& form, int phase, RatingQuestion question) {
    const auto wording = wordingOf(question);
    const auto current = form.score(phase, question);
    float lowColumn = 0.0f, highColumn = 0.0f;
    for (const auto each : kRatingQuestions) {
        lowColumn = std::max(lowColumn, ImGui::CalcTextSize(wordingOf(each).low).x);
        highColumn = std::max(highColumn, ImGui::CalcTextSize(wordingOf(each).high).x);
    }
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float fits = (ImGui::GetContentRegionAvail().x - lowColumn - highColumn - 12 * spacing) / 11;
    const ImVec2 button{
        std::max(ImGui::GetFrameHeight() * 0.9f, std::min(ImGui::GetFrameHeight() * 1.3f, fits)), 0};
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(wording.question);
    ImGui::PushID(static_cast<int>(question));
    const float rowStart = ImGui::GetCursorPosX();
    ImGui::SetCursorPosX(rowStart + lowColumn - ImGui::CalcTextSize(wording.low).x);
    ImGui::AlignTextToFramePadding();
    textColoured(colour::kTextDim, wording.low);
    for (int value = journal::kRatingMin; value <= journal::kRatingMax; ++value) {
        if (value == journal::kRatingMin)
            ImGui::SameLine(rowStart + lowColumn + spacing);
        else
            ImGui::SameLine();
        const bool chosen = current == value;
        if (chosen) {
            ImGui::PushStyleColor(ImGuiCol_Button, colour::kAccent);
            ImGui::PushStyleColor(ImGuiCol_Text, colour::kBackground);
        }
        if (ImGui::Button(std::to_string(value).c_str(), button))
            form.setScore(phase, question, chosen ? std::nullopt : std::optional<int>(value));
        if (chosen) ImGui::PopStyleColor(2);
    }
    ImGui::SameLine();
    textColoured(colour::kTextDim, wording.high);
    ImGui::PopID();
}

}  // namespace

void PostSessionView::draw(PostSessionForm& form, PostSessionRecorder& recorder, const PanelFonts& fonts) {
    const float s = fonts.scale;
    ImGui::PushFont(fonts.heading);
    textColoured(colour::kAccent, "How the music landed");
    ImGui::PopFont();
    // Save first, where it is always in view however far the form is scrolled.
    ImGui::SameLine(0, 30 * s);
    ImGui::BeginDisabled(!form.unsaved());
    if (ImGui::Button("Save answers", {220 * s, 0})) saveUnsaved(form, recorder);
    ImGui::EndDisabled();
    // What became of the last save, on a line of its own that is always kept, so nothing moves when it
    // appears; "saved" goes once something is changed again.
    const bool showSaved = !saved_.empty() && !(form.unsaved() && savedOk_);
    textWrappedColoured(savedOk_ ? colour::kCalm : colour::kAlert, showSaved ? saved_ : std::string(" "));
    // The questions scroll below the title and Save, which stay in view.
    ImGui::BeginChild("form-questions", {0, 0}, false);
    textWrappedColoured(colour::kTextDim,
                        "Optional. Ask the patient about each phase that was played; click a number again to "
                        "clear it. What is saved goes into the session's journal and its report.");
    if (form.phaseCount() == 0) textWrappedColoured(colour::kTextDim, "No phase was played.");
    for (int phase = 0; phase < form.phaseCount(); ++phase) {
        ImGui::PushID(phase);
        ImGui::Separator();
        ImGui::PushFont(fonts.heading);
        textColoured(phaseColour(form.phase(phase).name), form.phase(phase).name);
        ImGui::PopFont();
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        textColoured(colour::kTextDim,
                     formatClock(form.phase(phase).start) + " - " + formatClock(form.phase(phase).end));
        for (const auto question : kRatingQuestions) scoreRow(form, phase, question);
        std::string words = form.rating(phase).words;
        ImGui::SetNextItemWidth(-1);
        if (ImGui::InputTextWithHint("##words", "in the patient's words", &words))
            form.setWords(phase, words);
        ImGui::PopID();
    }
    ImGui::Separator();
    drawMoments(form, s);
    ImGui::EndChild();
}

void PostSessionView::drawMoments(PostSessionForm& form, float scale) {
    textColoured(colour::kText, "Moments of the music that were unwelcome");
    textWrappedColoured(colour::kTextDim,
                        "Click the timeline where it happened, or type the session time (m:ss).");
    drawMomentTimeline(form, scale);
    ImGui::SetNextItemWidth(120 * scale);
    ImGui::InputTextWithHint("##momentTime", "m:ss", &momentTime_);
    ImGui::SameLine();
    const float addWidth = 200 * scale;
    ImGui::SetNextItemWidth(
        std::max(100 * scale, ImGui::GetContentRegionAvail().x - addWidth - ImGui::GetStyle().ItemSpacing.x));
    ImGui::InputTextWithHint("##momentWords", "what was unwelcome", &momentWords_);
    ImGui::SameLine();
    if (ImGui::Button("Add moment", {addWidth, 0})) {
        const auto at = parseSessionTime(momentTime_);
        if (!at) {
            momentProblem_ = "Enter the session time of the moment, e.g. 23:40, or click the timeline.";
        } else if (!form.addMoment(*at, momentWords_)) {
            momentProblem_ =
                "That time is after the session's end (" + formatClock(form.sessionSeconds()) + ").";
        } else {
            momentProblem_.clear();
            momentTime_.clear();
            momentWords_.clear();
        }
    }
    if (!momentProblem_.empty()) textWrappedColoured(colour::kNotice, momentProblem_);
    for (std::size_t i = 0; i < form.moments().size(); ++i) {
        const auto& moment = form.moments()[i];
        ImGui::PushID(static_cast<int>(i));
        const int phase = form.phaseAt(moment.sessionSeconds);
        std::string line = formatClock(moment.sessionSeconds);
        if (phase >= 0) line += "  in " + form.phase(phase).name;
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(line.c_str());
        ImGui::SameLine();
        ImGui::TextUnformatted(moment.words.empty() ? "-" : moment.words.c_str());
        ImGui::SameLine();
        if (form.momentSaved(i)) {
            textColoured(colour::kCalm, "saved");
        } else if (ImGui::SmallButton("Remove")) {
            form.removeMoment(i);
        }
        ImGui::PopID();
    }
}

// The session's timeline with its phases as they were played and the moments already marked; hovering
// shows the time under the pointer, a click puts it in the time field.
void PostSessionView::drawMomentTimeline(PostSessionForm& form, float scale) {
    const float width = ImGui::GetContentRegionAvail().x;
    const float height = 40 * scale;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##momentTimeline", {width, height});
    const double length = std::max(form.sessionSeconds(), 1.0);
    auto x = [&](double seconds) {
        return origin.x + width * static_cast<float>(std::clamp(seconds / length, 0.0, 1.0));
    };
    const auto underPointer = [&] {
        return form.timeAt((ImGui::GetIO().MousePos.x - origin.x) / std::max(width, 1.0f));
    };
    if (ImGui::IsItemClicked()) momentTime_ = formatClock(underPointer());

    auto* draw = ImGui::GetWindowDrawList();
    const float r = 3 * scale;
    const ImVec2 end{origin.x + width, origin.y + height};
    draw->AddRectFilled(origin, end, toU32(colour::kFrame), r);
    for (int i = 0; i < form.phaseCount(); ++i) {
        const auto& phase = form.phase(i);
        const ImVec2 a{x(phase.start) + 1, origin.y};
        const ImVec2 b{std::max(x(phase.end) - 1, a.x + 2), end.y};
        draw->AddRectFilled(a, b, toU32(phaseColour(phase.name), 0.55f), r);
        const ImVec2 label = ImGui::CalcTextSize(phase.name.c_str());
        if (label.x + 16 * scale < b.x - a.x)
            draw->AddText({a.x + 8 * scale, a.y + (height - label.y) * 0.5f}, toU32(colour::kText),
                          phase.name.c_str());
    }
    for (const auto& moment : form.moments()) {
        const float mx = x(moment.sessionSeconds);
        draw->AddRectFilled({mx - 2 * scale, origin.y}, {mx + 2 * scale, end.y}, toU32(colour::kAlert),
                            scale);
    }
    if (const auto picked = parseSessionTime(momentTime_)) {
        const float px = x(*picked);
        draw->AddRectFilled({px - 2 * scale, origin.y - 4 * scale}, {px + 2 * scale, end.y + 4 * scale},
                            toU32(colour::kAccent), scale);
    }
    if (ImGui::IsItemHovered()) {
        const double at = underPointer();
        const float hx = x(at);
        draw->AddLine({hx, origin.y}, {hx, end.y}, toU32(colour::kText, 0.8f), 2 * scale);
        const int phase = form.phaseAt(at);
        ImGui::SetTooltip("%s%s%s - click to pick this time", formatClock(at).c_str(),
                          phase >= 0 ? " in " : "", phase >= 0 ? form.phase(phase).name.c_str() : "");
    }
    const float left = ImGui::GetCursorPosX();
    textColoured(colour::kTextDim, "0:00");
    const std::string total = formatClock(form.sessionSeconds());
    ImGui::SameLine(left + width - ImGui::CalcTextSize(total.c_str()).x);
    textColoured(colour::kTextDim, total);
}

bool PostSessionView::saveUnsaved(PostSessionForm& form, PostSessionRecorder& recorder) {
    if (!form.unsaved()) return true;
    savedOk_ = form.save(recorder);
    saved_ = savedOk_ ? "Saved in the session journal." : "Not saved: " + form.lastError();
    return savedOk_;
}

}  // namespace stillpoint::panel
