#include <gtest/gtest.h>

#include "PanelFakes.h"
#include "panel/model/OperatorPanelModel.h"

using namespace stillpoint::panel;
using stillpoint::session::Action;
using stillpoint::session::EventKind;
using stillpoint::session::FaultKind;
using stillpoint::session::SessionEvent;
using stillpoint::session::SessionSnapshot;
using stillpoint::session::SessionState;
using namespace std::chrono_literals;

namespace {

class OperatorPanelModelTest : public ::testing::Test {
protected:
    stillpoint::program::Program program = fakes::makeProgram();
    fakes::FakeSession fakeSession;
    fakes::FakeRecorder recorder;
    fakes::ManualClock manualClock;
    OperatorPanelModel model{program, fakeSession, recorder, PanelOptions{},
                             [this] { return manualClock.now; }};

    void fillSetup(MusicConsent consent = MusicConsent::Yes) {
        model.setup().patientId = "KX-0042";
        model.setup().clinician = "Dr. Lind";
        model.setup().musicConsent = consent;
    }

    SessionSnapshot playingAt(double seconds) {
        SessionSnapshot snapshot;
        snapshot.state = SessionState::Playing;
        snapshot.sessionSeconds = seconds;
        snapshot.phase = 1;
        snapshot.phaseCount = 4;
        snapshot.phaseElapsedSeconds = seconds - 300.0;
        snapshot.masterVolume = 0.4;
        snapshot.volumeCeilingDbfs = -6.0;
        return snapshot;
    }

    void startPlaying(double atSeconds = 400.0) {
        fillSetup();
        ASSERT_TRUE(model.start());
        model.update(playingAt(atSeconds));
        manualClock.advance(1s);
        fakeSession.calls.clear();
    }
};

}  // namespace

TEST_F(OperatorPanelModelTest, StartIsRefusedUntilSetupIsComplete) {
    EXPECT_FALSE(model.start());
    fillSetup(MusicConsent::Unanswered);
    EXPECT_FALSE(model.start());
    EXPECT_TRUE(fakeSession.calls.empty());
    model.setup().musicConsent = MusicConsent::Yes;
    EXPECT_TRUE(model.start());
    EXPECT_EQ(fakeSession.calls, std::vector<std::string>{"start"});
    ASSERT_EQ(recorder.setups.size(), 1u);
    EXPECT_EQ(recorder.setups[0].patientId, "KX-0042");
    EXPECT_EQ(recorder.setups[0].route, stillpoint::program::Route::Iv);  // defaults to the program's route
}

TEST_F(OperatorPanelModelTest, StartHappensOnceWhateverThePresses) {
    fillSetup();
    EXPECT_TRUE(model.start());
    manualClock.advance(100ms);
    EXPECT_FALSE(model.start());
    manualClock.advance(5s);
    EXPECT_FALSE(model.command(Action::Start));
    EXPECT_EQ(fakeSession.count("start"), 1);
}

TEST_F(OperatorPanelModelTest, NoConsentStartsSilentAndMusicCannotBeResumed) {
    fillSetup(MusicConsent::No);
    EXPECT_FALSE(model.start());
    model.setup().withoutMusicConfirmed = true;
    ASSERT_TRUE(model.start());
    EXPECT_EQ(fakeSession.calls, (std::vector<std::string>{"set_master_volume", "start", "silence"}));
    EXPECT_DOUBLE_EQ(fakeSession.lastVolume, 0.0);
    auto snapshot = playingAt(60);
    snapshot.state = SessionState::Silenced;
    model.update(snapshot);
    manualClock.advance(1s);
    EXPECT_FALSE(model.command(Action::Silence));
    EXPECT_FALSE(model.stepVolume(+1));
    EXPECT_EQ(fakeSession.count("resume"), 0);
    EXPECT_EQ(fakeSession.count("set_master_volume"), 1);
}

TEST_F(OperatorPanelModelTest, DoublePressOfAdvanceAdvancesOnce) {
    startPlaying();
    EXPECT_TRUE(model.command(Action::AdvancePhase));
    manualClock.advance(150ms);
    EXPECT_FALSE(model.command(Action::AdvancePhase));
    EXPECT_EQ(fakeSession.count("advance_phase"), 1);
    manualClock.advance(500ms);
    EXPECT_TRUE(model.command(Action::AdvancePhase));
    EXPECT_EQ(fakeSession.count("advance_phase"), 2);
}

TEST_F(OperatorPanelModelTest, CommandsBeforeStartGoNowhere) {
    EXPECT_FALSE(model.command(Action::SkipTrack));
    EXPECT_FALSE(model.addMarker(MarkerKind::DoseGiven));
    EXPECT_TRUE(fakeSession.calls.empty());
    EXPECT_TRUE(recorder.markers.empty());
}

TEST_F(OperatorPanelModelTest, HoldTogglesByTheSessionState) {
    startPlaying();
    model.command(Action::Hold);
    auto snapshot = playingAt(402);
    snapshot.held = true;
    model.update(snapshot);
    manualClock.advance(1s);
    model.command(Action::Hold);
    EXPECT_EQ(fakeSession.calls, (std::vector<std::string>{"hold", "release_hold"}));
}

TEST_F(OperatorPanelModelTest, ExtendAddsTheConfiguredMinutes) {
    startPlaying();
    model.command(Action::ExtendPhase);
    EXPECT_EQ(fakeSession.calls, std::vector<std::string>{"extend_phase 5"});
}

TEST_F(OperatorPanelModelTest, VolumeStepsStopAtTheCeiling) {
    startPlaying();
    for (int i = 0; i < 10; ++i) model.stepVolume(+1);
    EXPECT_NEAR(fakeSession.lastVolume, 0.501, 0.001);  // -6 dBFS ceiling
    model.setVolume(-1.0);
    EXPECT_DOUBLE_EQ(fakeSession.lastVolume, 0.0);
}

TEST_F(OperatorPanelModelTest, EndNeedsConfirmation) {
    startPlaying();
    model.command(Action::EndSession);
    EXPECT_TRUE(model.endPending());
    EXPECT_EQ(fakeSession.count("end_session"), 0);
    model.cancelEnd();
    EXPECT_FALSE(model.confirmEnd());
    model.requestEnd();
    EXPECT_TRUE(model.confirmEnd());
    EXPECT_EQ(fakeSession.count("end_session"), 1);
    model.requestEnd();
    EXPECT_FALSE(model.endPending());  // already ending
}

TEST_F(OperatorPanelModelTest, TalkOverHoldSendsOnThenOff) {
    startPlaying();
    model.talkOverPressed();
    manualClock.advance(2s);
    model.talkOverReleased();
    EXPECT_EQ(fakeSession.calls, (std::vector<std::string>{"talk_over_on", "talk_over_off"}));
}

TEST_F(OperatorPanelModelTest, ARefusedCommandIsShownInPlainWordsUntilOneIsCarriedOut) {
    startPlaying();
    SessionEvent refused;
    refused.kind = EventKind::OperatorAction;
    refused.action = Action::ReleaseHold;
    refused.refusal = stillpoint::session::Refusal::NotHeld;
    refused.commandSeq = 7;
    refused.sessionFrame = 48000 * 61;
    model.update(playingAt(61), std::vector<SessionEvent>{refused});
    ASSERT_TRUE(model.lastRefusal().has_value());
    EXPECT_EQ(model.lastRefusal()->text, "Release hold: the phase was not held");
    EXPECT_EQ(model.lastRefusal()->commandSeq, 7u);
    EXPECT_DOUBLE_EQ(model.lastRefusal()->sessionSeconds, 61.0);

    SessionEvent carriedOut = refused;
    carriedOut.action = Action::SkipTrack;
    carriedOut.refusal = stillpoint::session::Refusal::None;
    model.update(playingAt(62), std::vector<SessionEvent>{carriedOut});
    EXPECT_FALSE(model.lastRefusal().has_value());
}

TEST_F(OperatorPanelModelTest, HotkeysReachTheSessionThroughTheTable) {
    startPlaying();
    KeyPress n;
    n.character = 'n';
    EXPECT_TRUE(model.pressHotkey(*hotkeyFor(n)));
    KeyPress up;
    up.named = NamedKey::Up;
    EXPECT_TRUE(model.pressHotkey(*hotkeyFor(up)));
    KeyPress dose;
    dose.character = '1';
    EXPECT_TRUE(model.pressHotkey(*hotkeyFor(dose)));
    EXPECT_EQ(fakeSession.calls, (std::vector<std::string>{"advance_phase", "set_master_volume"}));
    ASSERT_EQ(recorder.markers.size(), 1u);
    EXPECT_EQ(recorder.markers[0].kind, MarkerKind::DoseGiven);
}

TEST_F(OperatorPanelModelTest, MarkersAreRecordedAtSessionTimeAndDebounced) {
    startPlaying(400.0);
    EXPECT_TRUE(model.addMarker(MarkerKind::DoseGiven));
    manualClock.advance(100ms);
    EXPECT_FALSE(model.addMarker(MarkerKind::DoseGiven));
    EXPECT_TRUE(model.addMarker(MarkerKind::PatientSpoke));
    EXPECT_TRUE(model.addMarker(MarkerKind::Custom, "asked for water"));
    ASSERT_EQ(recorder.markers.size(), 3u);
    EXPECT_DOUBLE_EQ(recorder.markers[0].at, 400.0);
    EXPECT_EQ(recorder.markers[0].label, "Dose given");
    EXPECT_EQ(recorder.markers[2].label, "asked for water");
    ASSERT_EQ(model.recentEntries().size(), 3u);  // shown on the panel as confirmation
    EXPECT_EQ(model.recentEntries().back().text, "asked for water");
}

TEST_F(OperatorPanelModelTest, BlankNotesAreNotRecorded) {
    startPlaying();
    EXPECT_FALSE(model.addNote("  \n"));
    EXPECT_TRUE(model.addNote("Patient smiling"));
    EXPECT_EQ(recorder.notes, std::vector<std::string>{"Patient smiling"});
}

TEST_F(OperatorPanelModelTest, VitalsReminderFollowsRecordedVitals) {
    startPlaying(14 * 60.0);
    EXPECT_FALSE(model.vitalsDue());
    model.update(playingAt(15 * 60.0));
    EXPECT_TRUE(model.vitalsDue());
    EXPECT_FALSE(model.submitVitals({"120", "80", "300", ""}).vitals.has_value());
    EXPECT_TRUE(model.vitalsDue());  // an invalid entry records nothing
    EXPECT_TRUE(model.submitVitals({"120", "80", "72", "98"}).vitals.has_value());
    EXPECT_FALSE(model.vitalsDue());
    ASSERT_EQ(recorder.vitals.size(), 1u);
    EXPECT_DOUBLE_EQ(recorder.vitals[0].first, 15 * 60.0);
    model.update(playingAt(30 * 60.0));
    EXPECT_TRUE(model.vitalsDue());
}

TEST_F(OperatorPanelModelTest, AlertsStayUntilAcknowledgedAndTheAcknowledgementIsRecorded) {
    startPlaying();
    SessionEvent lost;
    lost.kind = EventKind::Fault;
    lost.fault = FaultKind::DeviceLost;
    SessionEvent restored = lost;
    restored.kind = EventKind::FaultCleared;
    const SessionEvent events[] = {lost, restored};
    model.update(playingAt(401), events);
    model.update(playingAt(402));
    model.update(playingAt(500));
    ASSERT_EQ(model.alerts().alerts().size(), 1u);
    EXPECT_TRUE(model.acknowledgeAlert(model.alerts().alerts()[0].id));
    EXPECT_TRUE(model.alerts().empty());
    ASSERT_EQ(recorder.acknowledged.size(), 1u);
    EXPECT_NE(recorder.acknowledged[0].find("device"), std::string::npos);
}
