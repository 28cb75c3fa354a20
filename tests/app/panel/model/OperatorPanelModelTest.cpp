#include <gtest/gtest.h>

#include <cstdio>

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

class OperatorPanelModelTest : public ::testing::Test, protected fakes::FakePanel {
protected:
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
        fakes::fillSetup(model);
        ASSERT_TRUE(model.start());
        model.update(playingAt(atSeconds));
        manualClock.advance(1s);
        fakeSession.calls.clear();
    }
};

}  // namespace

TEST_F(OperatorPanelModelTest, StartIsRefusedUntilSetupIsComplete) {
    EXPECT_FALSE(model.start());
    fakes::fillSetup(model, MusicConsent::Unanswered);
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
    fakes::fillSetup(model);
    EXPECT_TRUE(model.start());
    manualClock.advance(100ms);
    EXPECT_FALSE(model.start());
    manualClock.advance(5s);
    EXPECT_FALSE(model.command(Action::Start));
    EXPECT_EQ(fakeSession.count("start"), 1);
}

TEST_F(OperatorPanelModelTest, NoConsentStartsSilentAndMusicCannotBeResumed) {
    fakes::fillSetup(model, MusicConsent::No);
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
    n.ctrl = true;
    EXPECT_TRUE(model.keyDown(n));
    KeyPress up;
    up.named = NamedKey::Up;
    EXPECT_TRUE(model.keyDown(up));
    KeyPress dose;
    dose.character = '1';
    EXPECT_TRUE(model.keyDown(dose));
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

namespace {
KeyPress key(char c, bool ctrl = false) {
    KeyPress press;
    press.character = c;
    press.ctrl = ctrl;
    return press;
}
KeyPress named(NamedKey k, bool ctrl = false) {
    KeyPress press;
    press.named = k;
    press.ctrl = ctrl;
    return press;
}
}  // namespace

TEST_F(OperatorPanelModelTest, TypedTextNeverBecomesACommand) {
    startPlaying();
    // A note with every hotkey letter and digit, typed in the field, then typed on after Enter let go.
    const std::string text = "Then she said: a calm hush, get me sun and 123456 more time";
    model.observeTyping(true);
    for (char c : text) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        model.keyDown(c == ' ' ? named(NamedKey::Space) : key(c));
        model.keyUp(c == ' ' ? named(NamedKey::Space) : key(c));
        manualClock.advance(60ms);
    }
    model.observeTyping(false);  // Enter or a click elsewhere: the field let go
    for (char c : std::string("second note half typed")) {
        model.keyDown(c == ' ' ? named(NamedKey::Space) : key(c));
        model.keyUp(c == ' ' ? named(NamedKey::Space) : key(c));
        manualClock.advance(60ms);
    }
    EXPECT_TRUE(fakeSession.calls.empty()) << fakeSession.calls.front();
    EXPECT_TRUE(recorder.markers.empty());
    EXPECT_NE(model.feedback().find("after typing"), std::string::npos);

    manualClock.advance(2s);  // past the grace: shortcuts work again
    EXPECT_TRUE(model.keyDown(key('e')));
    EXPECT_EQ(fakeSession.calls, (std::vector<std::string>{"extend_phase 5"}));
}

TEST_F(OperatorPanelModelTest, AdvanceAndGroundingNeedCtrlAndSaySo) {
    startPlaying();
    EXPECT_FALSE(model.keyDown(key('n')));
    EXPECT_FALSE(model.keyDown(key('g')));
    EXPECT_FALSE(model.keyDown(named(NamedKey::End)));
    EXPECT_TRUE(fakeSession.calls.empty());
    EXPECT_FALSE(model.endPending());
    EXPECT_NE(model.feedback().find("Ctrl+End"), std::string::npos);

    EXPECT_TRUE(model.keyDown(key('n', true)));
    EXPECT_TRUE(model.keyDown(key('g', true)));
    EXPECT_EQ(fakeSession.calls, (std::vector<std::string>{"advance_phase", "play_grounding"}));
    EXPECT_TRUE(model.keyDown(named(NamedKey::End, true)));
    EXPECT_TRUE(model.endPending());
    EXPECT_EQ(fakeSession.count("end_session"), 0);
}

TEST_F(OperatorPanelModelTest, TheEnterThatFinishedANoteNeverConfirmsTheEnd) {
    startPlaying();
    model.keyDown(named(NamedKey::End, true));
    ASSERT_TRUE(model.endPending());
    model.observeTyping(true);
    model.observeTyping(false);
    EXPECT_FALSE(model.keyDown(named(NamedKey::Enter)));
    EXPECT_EQ(fakeSession.count("end_session"), 0);
    manualClock.advance(2s);
    EXPECT_TRUE(model.keyDown(named(NamedKey::Enter)));
    EXPECT_EQ(fakeSession.count("end_session"), 1);
}

TEST_F(OperatorPanelModelTest, HeldKeyIsOnePressButVolumeRepeats) {
    startPlaying();
    EXPECT_TRUE(model.keyDown(key('e')));
    EXPECT_FALSE(model.keyDown(key('e'), /*repeat=*/true));
    model.keyDown(named(NamedKey::Up));
    model.keyDown(named(NamedKey::Up), true);
    EXPECT_EQ(fakeSession.count("extend_phase 5"), 1);
    EXPECT_EQ(fakeSession.count("set_master_volume"), 2);
}

TEST_F(OperatorPanelModelTest, TalkOverByMouseAndByKeyBehaveTheSame) {
    startPlaying();
    for (auto source : {PressSource::Mouse, PressSource::Key}) {
        fakeSession.calls.clear();
        model.talkOverPressed(source);
        manualClock.advance(2s);
        model.talkOverReleased(source);
        EXPECT_EQ(fakeSession.calls, (std::vector<std::string>{"talk_over_on", "talk_over_off"}));
        fakeSession.calls.clear();
        model.talkOverPressed(source);
        manualClock.advance(100ms);
        model.talkOverReleased(source);
        manualClock.advance(3s);
        model.talkOverPressed(source);
        manualClock.advance(100ms);
        model.talkOverReleased(source);
        EXPECT_EQ(fakeSession.calls, (std::vector<std::string>{"talk_over_on", "talk_over_off"}));
    }
    // Space through the keyboard path, after a mouse press and release.
    fakeSession.calls.clear();
    model.keyDown(named(NamedKey::Space));
    manualClock.advance(1s);
    model.keyUp(named(NamedKey::Space));
    EXPECT_EQ(fakeSession.calls, (std::vector<std::string>{"talk_over_on", "talk_over_off"}));
}

// Whether a command can be carried out is the engine's to say: the panel sends it, and the engine's
// refusal comes back as a short line that fades, in the table's words.
TEST_F(OperatorPanelModelTest, TheEnginesRefusalBecomesAShortLineThatFades) {
    startPlaying();
    auto snapshot = playingAt(500.0);
    snapshot.currentTrack = {stillpoint::session::TrackRole::Grounding, -1, -1, -1};
    model.update(snapshot);
    EXPECT_TRUE(model.command(Action::PlayGrounding));
    EXPECT_EQ(fakeSession.calls, (std::vector<std::string>{"play_grounding"}));
    EXPECT_EQ(model.feedback(), "");

    SessionEvent refused;
    refused.kind = EventKind::OperatorAction;
    refused.action = Action::PlayGrounding;
    refused.refusal = stillpoint::session::Refusal::GroundingPlaying;
    refused.commandSeq = fakeSession.lastSeq;
    const SessionEvent events[] = {refused};
    model.update(snapshot, events);
    EXPECT_EQ(model.feedback(), "Grounding track: the grounding track is already playing");
    manualClock.advance(10s);
    EXPECT_EQ(model.feedback(), "");
    EXPECT_TRUE(model.lastRefusal().has_value());  // kept for the record until a command is carried out
}

TEST_F(OperatorPanelModelTest, AfterTheEndOnlyPostSessionNotesAreRecorded) {
    startPlaying();
    auto ended = playingAt(900.0);
    ended.state = SessionState::Ended;
    model.update(ended);
    EXPECT_TRUE(model.sessionOver());
    EXPECT_FALSE(model.addMarker(MarkerKind::Distress));
    EXPECT_FALSE(model.command(Action::SkipTrack));
    EXPECT_FALSE(model.keyDown(key('e')));
    VitalsInput vitals;
    vitals.heartRate = "72";
    EXPECT_FALSE(model.submitVitals(vitals).vitals.has_value());
    EXPECT_TRUE(model.addNote("Felt held by the music"));
    EXPECT_TRUE(recorder.markers.empty());
    EXPECT_TRUE(recorder.vitals.empty());
    EXPECT_TRUE(recorder.notes.empty());
    EXPECT_EQ(recorder.postSessionNotes, (std::vector<std::string>{"Felt held by the music"}));
    EXPECT_TRUE(fakeSession.calls.empty());
}

TEST_F(OperatorPanelModelTest, AfterAResumeTheGapIsSaidAndEarlierEntriesAreShown) {
    startPlaying(1392.0);
    OperatorPanelModel::Resumption resumption;
    resumption.gapSeconds = 102.0;
    resumption.sessionSeconds = 1392.0;
    resumption.phaseName = "peak";
    resumption.earlier = {{300.0, "Dose given"}, {900.0, "Note: restless, then calm"}};
    model.resumedAfterInterruption(resumption);
    EXPECT_EQ(model.resumeBanner(),
              "Resumed after 1:42 without music: the session picked up at 23:12 in peak. What was recorded "
              "before is under Notes.");
    ASSERT_EQ(model.recentEntries().size(), 2u);
    EXPECT_DOUBLE_EQ(model.recentEntries()[0].sessionSeconds, 300.0);
    EXPECT_NE(model.recentEntries()[1].text.find("restless"), std::string::npos);
    EXPECT_NE(model.recentEntries()[1].text.find("before the interruption"), std::string::npos);
    // New entries follow them.
    model.addNote("settled again");
    EXPECT_EQ(model.recentEntries().back().text, "Note: settled again");
}

TEST_F(OperatorPanelModelTest, TheEndSummaryCountsWhatWasRecordedInPlainWords) {
    startPlaying();
    EXPECT_TRUE(model.addMarker(MarkerKind::Distress));
    EXPECT_TRUE(model.addNote("eyes open, calm"));
    EXPECT_TRUE(model.addNote("asked for water"));
    auto ended = playingAt(3723.0);
    ended.state = SessionState::Ended;
    model.update(ended);
    EXPECT_EQ(model.endSummary(),
              "Patient KX-0042  -  1:02:03 long  -  1 marker, 2 notes, no vitals readings recorded");
}

TEST_F(OperatorPanelModelTest, PatientCallRaisesAStickyAlertJournalsAMarkerAndCanStartGrounding) {
    startPlaying();
    model.patientCalled(true);
    ASSERT_EQ(model.alerts().alerts().size(), 1u);
    EXPECT_EQ(model.alerts().alerts()[0].kind, AlertKind::PatientCalled);
    ASSERT_EQ(recorder.markers.size(), 1u);
    EXPECT_EQ(recorder.markers[0].kind, MarkerKind::Custom);
    EXPECT_EQ(recorder.markers[0].label, "Patient called");
    EXPECT_EQ(fakeSession.calls, (std::vector<std::string>{"play_grounding"}));
    // A bouncing button, or presses in a row: one call.
    manualClock.advance(500ms);
    model.patientCalled(true);
    EXPECT_EQ(model.alerts().alerts().size(), 1u);
    EXPECT_EQ(recorder.markers.size(), 1u);
    // It stays until acknowledged, whatever the session does meanwhile.
    model.update(playingAt(500.0));
    EXPECT_EQ(model.alerts().alerts().size(), 1u);
    // A later call without grounding: a marker, no grounding, and still the one alert while it is open.
    manualClock.advance(3s);
    fakeSession.calls.clear();
    model.patientCalled(false);
    EXPECT_EQ(model.alerts().alerts().size(), 1u);
    EXPECT_EQ(recorder.markers.size(), 2u);
    EXPECT_TRUE(fakeSession.calls.empty());
    // Acknowledged, the next call is a new alert.
    model.acknowledgeAlert(model.alerts().alerts()[0].id);
    manualClock.advance(3s);
    model.patientCalled(false);
    ASSERT_EQ(model.alerts().alerts().size(), 1u);
    EXPECT_EQ(model.alerts().alerts()[0].kind, AlertKind::PatientCalled);
}

TEST_F(OperatorPanelModelTest, PatientCallBeforeTheStartIsAnAlertOnly) {
    model.patientCalled(true);
    EXPECT_EQ(model.alerts().alerts().size(), 1u);
    EXPECT_TRUE(recorder.markers.empty());
    EXPECT_TRUE(fakeSession.calls.empty());
}

TEST_F(OperatorPanelModelTest, ARemoteCommandNamesTheHalfOfASwitchItMeans) {
    startPlaying();
    using Outcome = OperatorPanelModel::RemoteOutcome;
    // Hold twice is hold twice (the engine says the second is refused), never a release.
    EXPECT_EQ(model.remoteCommand(Action::Hold, 0), Outcome::Sent);
    manualClock.advance(1s);
    EXPECT_EQ(model.remoteCommand(Action::Hold, 0), Outcome::Sent);
    EXPECT_EQ(model.remoteCommand(Action::ExtendPhase, 7), Outcome::Sent);
    EXPECT_EQ(fakeSession.calls, (std::vector<std::string>{"hold", "hold", "extend_phase 7"}));
    EXPECT_EQ(model.remoteCommand(Action::EndSession, 0), Outcome::AwaitingConfirmation);
    EXPECT_TRUE(model.endPending());
    EXPECT_EQ(model.remoteCommand(Action::Start, 0), Outcome::NotStarted);
}

TEST_F(OperatorPanelModelTest, ARemoteControlCannotMakeASessionWithoutConsentAudible) {
    fakes::fillSetup(model, MusicConsent::No);
    model.setup().withoutMusicConfirmed = true;
    ASSERT_TRUE(model.start());
    model.update(playingAt(10.0));
    fakeSession.calls.clear();
    using Outcome = OperatorPanelModel::RemoteOutcome;
    EXPECT_EQ(model.remoteCommand(Action::Resume, 0), Outcome::WithoutMusic);
    EXPECT_EQ(model.remoteCommand(Action::SetMasterVolume, 0.8), Outcome::WithoutMusic);
    EXPECT_TRUE(fakeSession.calls.empty());
}
