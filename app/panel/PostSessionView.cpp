#include "panel/PostSessionView.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <string>

#include "journal/JournalReport.h"
#include "panel/PanelTheme.h"

namespace stillpoint::panel {

namespace {

// One 0-10 answer: "-" (not answered) and the eleven numbers as a row of buttons, large enough to hit.
void scoreRow(PostSessionForm& form, int phase, RatingQuestion question) {
    const auto wording = wordingOf(question);
    const auto current = form.score(phase, question);
    ImGui::TextUnformatted(wording.question);
    ImGui::PushID(static_cast<int>(question));
    ImGui::TextColored(colour::kTextDim, "%s", wording.low);
    ImGui::SameLine();
    for (int value = journal::kRatingMin; value <= journal::kRatingMax; ++value) {
        const bool chosen = current == value;
        if (chosen) ImGui::PushStyleColor(ImGuiCol_Button, colour::kAccent);
        if (ImGui::Button(std::to_string(value).c_str(), {ImGui::GetFrameHeight() * 1.3f, 0}))
            form.setScore(phase, question, chosen ? std::nullopt : std::optional<int>(value));
        if (chosen) ImGui::PopStyleColor();
        ImGui::SameLine();
    }
    ImGui::TextColored(colour::kTextDim, "%s", wording.high);
    ImGui::PopID();
}

}  // namespace

void PostSessionView::draw(PostSessionForm& form, PostSessionRecorder& recorder) {
    ImGui::TextUnformatted("How the music landed");
    ImGui::TextColored(colour::kTextDim,
                       "Optional. Ask the patient about each phase; click a number again to clear it.");
    for (int phase = 0; phase < form.phaseCount(); ++phase) {
        ImGui::PushID(phase);
        ImGui::Separator();
        ImGui::TextColored(colour::kAccent, "%s", form.rating(phase).phaseName.c_str());
        for (const auto question : kRatingQuestions) scoreRow(form, phase, question);
        std::string words = form.rating(phase).words;
        if (ImGui::InputTextWithHint("##words", "in the patient's words", &words))
            form.setWords(phase, words);
        ImGui::PopID();
    }

    ImGui::Separator();
    ImGui::TextUnformatted("Moments of the music that were unwelcome");
    for (std::size_t i = 0; i < form.moments().size(); ++i) {
        const auto& moment = form.moments()[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::Text("%s  %s", journal::formatSessionTime(moment.sessionSeconds).c_str(),
                    moment.words.c_str());
        ImGui::SameLine();
        if (form.momentSaved(i)) {
            ImGui::TextColored(colour::kCalm, "saved");
        } else if (ImGui::SmallButton("Remove")) {
            form.removeMoment(i);
        }
        ImGui::PopID();
    }
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    ImGui::InputTextWithHint("##momentTime", "m:ss", &momentTime_);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 18);
    ImGui::InputTextWithHint("##momentWords", "what was unwelcome", &momentWords_);
    ImGui::SameLine();
    if (ImGui::Button("Add moment")) {
        const auto at = parseSessionTime(momentTime_);
        if (!at) {
            momentProblem_ = "Enter the session time of the moment, e.g. 23:40.";
        } else if (!form.addMoment(*at, momentWords_)) {
            momentProblem_ = "That time is after the session's end (" +
                             journal::formatSessionTime(form.sessionSeconds()) + ").";
        } else {
            momentProblem_.clear();
            momentTime_.clear();
            momentWords_.clear();
        }
    }
    if (!momentProblem_.empty()) ImGui::TextColored(colour::kNotice, "%s", momentProblem_.c_str());

    ImGui::Separator();
    ImGui::BeginDisabled(!form.unsaved());
    if (ImGui::Button("Save answers")) {
        saved_ = form.save(recorder) ? "Saved in the session journal." : "Not saved: " + form.lastError();
    }
    ImGui::EndDisabled();
    if (!saved_.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(form.lastError().empty() ? colour::kCalm : colour::kAlert, "%s", saved_.c_str());
    }
}

}  // namespace stillpoint::panel
