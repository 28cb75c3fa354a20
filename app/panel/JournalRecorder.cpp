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
void JournalRecorder::guarded(Write&& write, Entry entry) {
    if (!journal_) return;
    // While the disk stays full, the heartbeat fails every two seconds: the operator hears of it once,
    // and again only for each of their own entries that is lost.
    const bool alreadyFailing = journal_->failing();
    try {
        write(*journal_);
    } catch (const std::exception& error) {
        if (!alreadyFailing || entry == Entry::Operator) error_ = error.what();
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
    details.roomOutputDevice = setup.roomOutputDevice;
    details.previewOutputDevice = setup.previewOutputDevice;
    details.levelChecks = setup.levelChecks;
    try {
        journal_.emplace(journal::SessionJournal::start(sessionsRoot_, program_, details));
    } catch (const std::exception& error) {
        error_ = std::string("The session is not being recorded: ") + error.what();
    }
}

void JournalRecorder::recordMarker(double, MarkerKind kind, std::string_view label) {
    guarded([&](journal::SessionJournal& j) { j.recordMarker(kind, label); }, Entry::Operator);
}

void JournalRecorder::recordNote(double, std::string_view text) {
    guarded([&](journal::SessionJournal& j) { j.recordNote(text); }, Entry::Operator);
}

void JournalRecorder::recordPostSessionNote(std::string_view text) {
    guarded([&](journal::SessionJournal& j) { j.recordPostSessionNote(text); });
}

void JournalRecorder::recordVitals(double, const Vitals& vitals) {
    guarded([&](journal::SessionJournal& j) { j.recordVitals(vitals); }, Entry::Operator);
}

void JournalRecorder::recordAlertAcknowledged(double, std::string_view alert) {
    guarded([&](journal::SessionJournal& j) { j.recordAcknowledged(alert); }, Entry::Operator);
}

void JournalRecorder::recordRemoteCommand(std::string_view source, std::string_view address,
                                          std::string_view arguments, std::string_view outcome) {
    guarded([&](journal::SessionJournal& j) { j.recordRemoteCommand(source, address, arguments, outcome); },
            Entry::Operator);
}

void JournalRecorder::attributeCommand(std::uint32_t commandSeq, std::string source) {
    if (journal_) journal_->attributeCommand(commandSeq, std::move(source));
}

void JournalRecorder::recordRemoteRefused(std::string_view kind, std::string_view source,
                                          std::string_view detail, std::uint64_t count) {
    guarded([&](journal::SessionJournal& j) { j.recordRemoteRefused(kind, source, detail, count); });
}

void JournalRecorder::recordEngineEvents(std::span<const session::SessionEvent> events) {
    if (events.empty()) return;
    guarded([&](journal::SessionJournal& j) { j.recordEngineEvents(events); });
}

void JournalRecorder::observe(const session::SessionSnapshot& snapshot) {
    guarded([&](journal::SessionJournal& j) { j.observe(snapshot); });
}

void JournalRecorder::endSession(std::string_view reason) {
    guarded([&](journal::SessionJournal& j) { j.endSession(reason); }, Entry::Operator);
}

std::vector<OperatorPanelModel::RecentEntry> recordedEntries(const journal::JournalContents& journal) {
    std::vector<OperatorPanelModel::RecentEntry> entries;
    for (const auto& line : journal.events) {
        const auto& event = line.event;
        const std::string type = event.value("type", "");
        if (type != journal::type::kMarker && type != journal::type::kNote) continue;
        const auto seconds = event.contains("session_s") && event["session_s"].is_number()
                                 ? event["session_s"].get<double>()
                                 : 0.0;
        const std::string text =
            event.contains("text") && event["text"].is_string() ? event["text"].get<std::string>() : "";
        entries.push_back({seconds, type == journal::type::kNote ? "Note: " + text : text});
    }
    return entries;
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
