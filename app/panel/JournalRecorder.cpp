#include "panel/JournalRecorder.h"

#include <utility>

#include "journal/JournalError.h"

namespace stillpoint::panel {

JournalRecorder::JournalRecorder(std::filesystem::path sessionsRoot, const program::Program& program)
    : sessionsRoot_(std::move(sessionsRoot)), program_(program) {}

JournalRecorder::JournalRecorder(journal::SessionJournal resumed, const program::Program& program)
    : program_(program) {
    journal_.emplace(std::move(resumed));
}

template <typename Write>
void JournalRecorder::guarded(Write&& write) {
    if (!journal_) return;
    try {
        write(*journal_);
    } catch (const std::exception& error) {
        error_ = error.what();
    }
}

void JournalRecorder::recordSetup(const SessionSetup& setup) {
    if (journal_) return;
    journal::SessionDetails details;
    details.patientId = setup.patientId;
    details.clinician = setup.clinician;
    details.route = program::toString(setup.route);
    details.doseNote = setup.doseNote;
    details.consentToMusic = setup.musicConsent == MusicConsent::Yes;
    details.outputDevice = setup.outputDevice;
    try {
        journal_.emplace(journal::SessionJournal::start(sessionsRoot_, program_, details));
    } catch (const std::exception& error) {
        error_ = std::string("The session is not being recorded: ") + error.what();
    }
}

void JournalRecorder::recordMarker(double, MarkerKind kind, std::string_view label) {
    guarded([&](journal::SessionJournal& j) { j.recordMarker(kind, label); });
}

void JournalRecorder::recordNote(double, std::string_view text) {
    guarded([&](journal::SessionJournal& j) { j.recordNote(text); });
}

void JournalRecorder::recordVitals(double, const Vitals& vitals) {
    guarded([&](journal::SessionJournal& j) { j.recordVitals(vitals); });
}

void JournalRecorder::recordAlertAcknowledged(double, std::string_view alert) {
    guarded([&](journal::SessionJournal& j) { j.recordAcknowledged(alert); });
}

void JournalRecorder::recordEngineEvents(std::span<const session::SessionEvent> events) {
    if (events.empty()) return;
    guarded([&](journal::SessionJournal& j) { j.recordEngineEvents(events); });
}

void JournalRecorder::observe(const session::SessionSnapshot& snapshot) {
    guarded([&](journal::SessionJournal& j) { j.observe(snapshot); });
}

void JournalRecorder::endSession(std::string_view reason) {
    guarded([&](journal::SessionJournal& j) { j.endSession(reason); });
}

void JournalRecorder::recordPhaseRating(const PhaseRating& rating) {
    if (!journal_) throw journal::JournalError("There is no session journal to keep the answers in.");
    journal_->recordPhaseRating(rating);
}

void JournalRecorder::recordUnwelcomeMoment(const UnwelcomeMoment& moment) {
    if (!journal_) throw journal::JournalError("There is no session journal to keep the answers in.");
    journal_->recordUnwelcomeMoment(moment);
}

std::string JournalRecorder::takeError() {
    return std::exchange(error_, {});
}

}  // namespace stillpoint::panel
