// Puts what the operator records into the session journal. The journal is created when the session
// starts (that is when the setup is known) or, after an interruption, handed in already reopened.
// A journal that cannot write never stops the session: the failure is kept for the panel to show.
//
// Threads: the control (UI) thread only, like SessionJournal.
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <string>

#include "journal/JournalReader.h"
#include "journal/SessionJournal.h"
#include "panel/model/OperatorPanelModel.h"
#include "panel/model/OperatorRecord.h"
#include "panel/model/PostSessionForm.h"

namespace stillpoint::panel {

class JournalRecorder final : public SessionRecorder, public PostSessionRecorder {
public:
    JournalRecorder(std::filesystem::path sessionsRoot, const program::Program& program);
    // Continues a journal reopened after an interruption; recordSetup() then leaves it as it is.
    JournalRecorder(journal::SessionJournal resumed, const program::Program& program);

    void recordSetup(const SessionSetup& setup) override;
    void recordMarker(double sessionSeconds, MarkerKind kind, std::string_view label) override;
    void recordNote(double sessionSeconds, std::string_view text) override;
    void recordPostSessionNote(std::string_view text) override;
    void recordVitals(double sessionSeconds, const Vitals& vitals) override;
    void recordAlertAcknowledged(double sessionSeconds, std::string_view alert) override;

    // A remote control's commands and refused input (SessionJournal::recordRemoteCommand and the rest).
    void recordRemoteCommand(std::string_view source, std::string_view address, std::string_view arguments,
                             std::string_view outcome);
    void attributeCommand(std::uint32_t commandSeq, std::string source);
    void recordRemoteRefused(std::string_view kind, std::string_view source, std::string_view detail,
                             std::uint64_t count);

    void recordEngineEvents(std::span<const session::SessionEvent> events);
    void observe(const session::SessionSnapshot& snapshot);
    void endSession(std::string_view reason);
    // The post-session form's answers; unlike the entries above these throw, so the form keeps what
    // could not be written and says so.
    void recordPhaseRating(const PhaseRating& rating) override;
    void recordUnwelcomeMoment(const UnwelcomeMoment& moment) override;

    // The latest failure to write, once; empty when there is none new.
    std::string takeError();
    const journal::SessionJournal* journal() const { return journal_ ? &*journal_ : nullptr; }

private:
    enum class Entry { Operator, Engine };
    template <typename Write>
    void guarded(Write&& write, Entry entry = Entry::Engine);

    std::filesystem::path sessionsRoot_;
    const program::Program& program_;
    std::optional<journal::SessionJournal> journal_;
    std::string error_;
};

// The markers and notes an interrupted session's journal holds, oldest first, worded as the panel shows
// what the operator records.
std::vector<OperatorPanelModel::RecentEntry> recordedEntries(const journal::JournalContents& journal);

}  // namespace stillpoint::panel
