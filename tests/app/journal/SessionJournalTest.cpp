#include "journal/SessionJournal.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "ScopedEnvironmentVariable.h"
#include "app/journal/JournalTestSupport.h"
#include "journal/FileDigest.h"
#include "journal/JournalError.h"
#include "journal/JournalReader.h"
#include "journal/JournalReport.h"
#include "journal/PatientId.h"
#include "journal/SessionFolder.h"
#include "journal/SessionRecovery.h"

namespace stillpoint::journal {
namespace {

using namespace testing;
using session::Action;
using session::EventKind;

std::vector<std::string> typesOf(const JournalContents& contents) {
    std::vector<std::string> types;
    for (const auto& line : contents.events) types.push_back(stringField(line.event, "type"));
    return types;
}

mode_t permissionsOf(const std::filesystem::path& path) {
    struct stat info {};
    EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
    return info.st_mode & 07777;
}

TEST(PatientIdTest, AcceptsPseudonymsAndExplainsWhatIsWrongWithOthers) {
    EXPECT_FALSE(patientIdProblem("KX-0042"));
    EXPECT_FALSE(patientIdProblem("p_17"));
    EXPECT_FALSE(patientIdProblem(std::string(32, 'a')));
    EXPECT_NE(patientIdProblem("Jane Doe")->find("space"), std::string::npos);
    EXPECT_NE(patientIdProblem("../etc")->find("path separator"), std::string::npos);
    EXPECT_NE(patientIdProblem("a\\b")->find("path separator"), std::string::npos);
    EXPECT_NE(patientIdProblem("ab\ncd")->find("control character"), std::string::npos);
    EXPECT_NE(patientIdProblem(std::string(33, 'a'))->find("33 characters"), std::string::npos);
    EXPECT_NE(patientIdProblem("")->find("empty"), std::string::npos);
    EXPECT_NE(patientIdProblem("-rf")->find("start with a letter or a digit"), std::string::npos);
    EXPECT_NE(patientIdProblem("Zoë")->find("non-ASCII"), std::string::npos);
    EXPECT_NE(patientIdProblem("a.b")->find("'.'"), std::string::npos);
    EXPECT_NE(patientIdProblem("x y")->find("never the patient's name"), std::string::npos);
}

TEST(FileDigestTest, MatchesTheStandardTestVectors) {
    EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    TempFolder temp;
    writeWholeFile(temp.path() / "abc.txt", "abc");
    EXPECT_EQ(sha256HexOfFile(temp.path() / "abc.txt"), sha256Hex("abc"));
    EXPECT_THROW(sha256HexOfFile(temp.path() / "missing.toml"), JournalError);
}

TEST(SessionFolderTest, DefaultRootFollowsXdgDataHome) {
    const stillpoint::testing::ScopedEnvironmentVariable xdg("XDG_DATA_HOME", "/srv/data");
    EXPECT_EQ(defaultSessionsRoot(), std::filesystem::path("/srv/data/stillpoint/sessions"));
    xdg.set("");  // empty means unset, per the XDG spec
    EXPECT_EQ(defaultSessionsRoot(),
              std::filesystem::path(std::getenv("HOME")) / ".local/share/stillpoint/sessions");
}

TEST(SessionFolderTest, FoldersAre0700AndFilesAre0600WhateverTheUmask) {
    TempFolder temp;
    ManualClock clock;
    const auto program = makeProgram(temp.path());
    const auto root = temp.path() / "data" / "stillpoint" / "sessions";
    for (const mode_t mask : {mode_t{0}, mode_t{077}, mode_t{0222}}) {
        const mode_t previous = ::umask(mask);
        auto journal = SessionJournal::start(root, program, makeDetails(), clock.options());
        ::umask(previous);
        EXPECT_EQ(permissionsOf(journal.folder()), 0700u) << "umask " << mask;
        EXPECT_EQ(permissionsOf(journal.file()), 0600u) << "umask " << mask;
    }
    EXPECT_EQ(permissionsOf(root), 0700u);
    EXPECT_EQ(permissionsOf(root.parent_path()), 0700u);
    // Same day, same patient: numbered folders, never reused.
    EXPECT_TRUE(std::filesystem::is_directory(root / "2026-11-21-KX-0042-1"));
    EXPECT_TRUE(std::filesystem::is_directory(root / "2026-11-21-KX-0042-3"));
}

TEST(SessionFolderTest, RejectsABadPatientIdBeforeCreatingAnything) {
    TempFolder temp;
    const auto program = makeProgram(temp.path());
    try {
        SessionJournal::start(temp.path() / "sessions", program, makeDetails("../../x"));
        FAIL() << "expected JournalError";
    } catch (const JournalError& error) {
        EXPECT_NE(std::string(error.what()).find("path separator"), std::string::npos);
    }
    EXPECT_FALSE(std::filesystem::exists(temp.path() / "sessions"));
}

// One journal with every kind of line, written the way a session writes it.
struct WrittenSession {
    TempFolder temp;
    ManualClock clock;
    program::Program program = makeProgram(temp.path());
    std::filesystem::path folder;
};

void writeEverything(WrittenSession& s) {
    auto journal =
        SessionJournal::start(s.temp.path() / "sessions", s.program, makeDetails(), s.clock.options());
    s.folder = journal.folder();
    s.clock.advance(std::chrono::seconds(5));
    std::vector<session::SessionEvent> events;
    events.push_back(makeEvent(EventKind::SessionStarted, 0.0, 0));
    events.push_back(makeEvent(EventKind::PhaseEntered, 0.0, 0));
    events.push_back(makeEvent(EventKind::TrackStarted, 0.0, 0, phaseTrack(0, 0)));
    journal.recordEngineEvents(events);
    journal.observe(makeSnapshot(1.0, 0, phaseTrack(0, 0), 1.0, 1.0));
    journal.recordMarker(MarkerKind::DoseGiven);
    for (const auto kind : {MarkerKind::InfusionStopped, MarkerKind::VitalsCheck, MarkerKind::PatientSpoke,
                            MarkerKind::Distress}) {
        journal.recordMarker(kind);
    }
    journal.recordMarker(MarkerKind::Custom, "eyes open, \"smiling\"");
    journal.recordNote("Patient said: <script>alert(1)</script>, then laughed");
    journal.recordVitals(makeVitals(128, 82, 74, 98));
    journal.recordVitals(makeVitals(std::nullopt, std::nullopt, 80, std::nullopt));
    journal.recordEngineEvent(makeAction(1.0, 0, Action::ExtendPhase, 5, session::Refusal::None, 2));
    journal.recordAlert("No output device");
    journal.recordAcknowledged("No output device");
    auto fault = makeEvent(EventKind::Fault, 61.5, 0, phaseTrack(0, 0), 61.5);
    fault.fault = session::FaultKind::DeviceLost;
    setDetailText(fault, "Headphones unplugged");
    auto cleared = fault;
    cleared.kind = EventKind::FaultCleared;
    cleared.sessionFrame += 48000;
    auto left = makeEvent(EventKind::PhaseLeft, 120.0, 0);
    left.plannedSeconds = 120.0;
    left.actualSeconds = 120.0;
    auto ended = makeEvent(EventKind::TrackEnded, 120.0, 0, phaseTrack(0, 0), 120.0);
    auto action = makeEvent(EventKind::OperatorAction, 121.0, 1);
    action.action = Action::SetMasterVolume;
    action.value = 0.5;
    journal.recordEngineEvents(
        std::vector{fault, cleared, left, ended, makeEvent(EventKind::PhaseEntered, 120.0, 1),
                    makeEvent(EventKind::TrackStarted, 120.0, 1, phaseTrack(1, 0)), action});
    journal.recordInterrupted(*s.clock.now - std::chrono::seconds(3));
    journal.recordResumed(testing::makeResumePoint(1, phaseTrack(1, 0), 4.0, 124.0, 4.0, 0.5));
    journal.recordEngineEvents(std::vector{makeEvent(EventKind::SessionEnded, 130.0, 1)});
    journal.endSession();
}

TEST(SessionJournalTest, EveryEventTypeRoundTrips) {
    WrittenSession s;
    writeEverything(s);
    const auto contents = readJournal(s.folder / kJournalFileName);
    EXPECT_TRUE(contents.skipped.empty()) << contents.describeSkipped();
    EXPECT_EQ(typesOf(contents),
              (std::vector<std::string>{"session_start", "playback_started", "phase_entered",
                                        "track_started", "position",         "marker",
                                        "marker",        "marker",           "marker",
                                        "marker",        "marker",           "note",
                                        "vitals",        "vitals",           "operator_action",
                                        "alert",         "acknowledged",     "fault",
                                        "fault_cleared", "phase_left",       "track_ended",
                                        "phase_entered", "track_started",    "operator_action",
                                        "interrupted",   "resumed",          "playback_ended",
                                        "session_end"}));
    const auto& e = contents.events;
    for (std::size_t i = 0; i < e.size(); ++i) {
        EXPECT_EQ(numberField(e[i].event, "seq"), static_cast<double>(i + 1));
        EXPECT_TRUE(parseUtc(stringField(e[i].event, "utc")));
    }

    const Json& start = e[0].event;
    EXPECT_EQ(start["program"], "IV 40 minutes");
    EXPECT_EQ(start["program_sha256"], sha256HexOfFile(s.program.sourceFile));
    EXPECT_EQ(start["patient_id"], "KX-0042");
    EXPECT_EQ(start["clinician"], "Dr. M. Okafor");
    EXPECT_EQ(start["route"], "iv");
    EXPECT_EQ(start["dose_note"], "0.5 mg/kg over 40 min");
    EXPECT_EQ(start["consent_to_music"], true);
    EXPECT_EQ(start["output_device"], "Headphones (USB)");
    EXPECT_EQ(start["phases"].size(), 3u);
    EXPECT_EQ(start["phases"][1]["planned_s"], 600.0);
    EXPECT_EQ(start["utc"], "2026-11-21T14:00:00.000Z");

    const Json& trackStarted = e[3].event;
    EXPECT_EQ(trackStarted["title"], "Rain on Cedar");  // from the file's tags
    EXPECT_EQ(trackStarted["artist"], "Ana Lind");
    EXPECT_EQ(trackStarted["track"], "rain.wav");
    EXPECT_EQ(trackStarted["track_file"], (s.temp.path() / "rain.wav").string());
    EXPECT_EQ(trackStarted["phase"], "settling");
    EXPECT_EQ(trackStarted["utc"], "2026-11-21T14:00:05.000Z");

    EXPECT_EQ(e[4].event["master_volume"], 0.8);
    EXPECT_EQ(e[5].event["marker"], "dose_given");
    EXPECT_EQ(e[5].event["session_s"], 1.0);  // stamped with the observed position
    EXPECT_EQ(e[5].event["track_s"], 1.0);
    EXPECT_EQ(e[9].event["marker"], "distress");
    EXPECT_EQ(e[10].event["text"], "eyes open, \"smiling\"");
    EXPECT_EQ(e[11].event["text"], "Patient said: <script>alert(1)</script>, then laughed");
    EXPECT_EQ(e[12].event["bp_systolic"], 128);
    EXPECT_EQ(e[12].event["bp_diastolic"], 82);
    EXPECT_EQ(e[12].event["hr"], 74);
    EXPECT_EQ(e[12].event["spo2"], 98);
    EXPECT_TRUE(e[13].event["bp_systolic"].is_null());
    EXPECT_EQ(e[13].event["hr"], 80);
    EXPECT_EQ(e[14].event["action"], "extend_phase");
    EXPECT_EQ(e[14].event["value"], 5.0);
    EXPECT_EQ(e[14].event["outcome"], "carried_out");
    EXPECT_EQ(e[14].event["command_seq"], 2);
    EXPECT_EQ(e[14].event["session_s"], 1.0);
    EXPECT_EQ(e[16].event["what"], "No output device");
    EXPECT_EQ(e[17].event["fault"], "device_lost");
    EXPECT_EQ(e[17].event["detail"], "Headphones unplugged");
    EXPECT_EQ(e[17].event["session_s"], 61.5);
    EXPECT_EQ(e[18].event["session_s"], 62.5);
    EXPECT_EQ(e[19].event["planned_s"], 120.0);
    EXPECT_EQ(e[19].event["actual_s"], 120.0);
    EXPECT_EQ(e[20].event["played_s"], 120.0);
    EXPECT_EQ(e[21].event["phase"], "peak");
    EXPECT_EQ(e[21].event["planned_s"], 600.0);
    EXPECT_EQ(e[22].event["artist"], "Okon <Trio>");
    EXPECT_EQ(e[23].event["action"], "set_master_volume");
    EXPECT_EQ(e[23].event["outcome"], "carried_out");
    EXPECT_EQ(e[24].event["length_s"], 3.0);
    EXPECT_EQ(e[25].event["track_s"], 4.0);
    EXPECT_EQ(e[25].event["master_volume"], 0.5);
    EXPECT_EQ(trackRefFromJson(e[25].event["track_ref"]), phaseTrack(1, 0));
    EXPECT_EQ(e[27].event["reason"], "ended");
}

TEST(SessionJournalTest, OperatorEntriesAreOnDiskWhenTheCallReturns) {
    TempFolder temp;
    const auto program = makeProgram(temp.path());
    auto journal = SessionJournal::start(temp.path() / "sessions", program, makeDetails());
    for (int i = 0; i < 20; ++i) {
        journal.recordNote("note " + std::to_string(i));
        // Read through a separate file handle while the journal is still open: nothing is held back.
        const auto contents = readJournal(journal.file());
        ASSERT_EQ(contents.events.size(), static_cast<std::size_t>(i + 2));
        EXPECT_EQ(contents.events.back().event["text"], "note " + std::to_string(i));
    }
}

TEST(SessionJournalTest, AFailedWriteLeavesNoPartLineAndTheEntryAfterTheDiskIsFreedIsRecorded) {
    TempFolder temp;
    ManualClock clock;
    const auto program = makeProgram(temp.path());
    auto journal = SessionJournal::start(temp.path() / "sessions", program, makeDetails(), clock.options());
    journal.observe(makeSnapshot(2.0, 0, phaseTrack(0, 0), 2.0, 2.0));
    journal.recordNote("before the disk filled");
    const std::string before = readWholeFile(journal.file());
    {
        FileSizeLimit diskFull(before.size() + 40);  // room for part of the next line only
        try {
            journal.recordMarker(MarkerKind::VitalsCheck);
            FAIL() << "expected JournalError";
        } catch (const JournalError& error) {
            const std::string message = error.what();
            EXPECT_NE(message.find("\"vitals_check\" was NOT recorded"), std::string::npos) << message;
            EXPECT_NE(message.find("File too large"), std::string::npos) << message;
        }
        EXPECT_TRUE(journal.failing());
        EXPECT_EQ(readWholeFile(journal.file()), before);  // cut back to the last complete line
        for (int i = 2; i < 10; ++i) {
            clock.advance(std::chrono::seconds(2));
            EXPECT_THROW(journal.observe(makeSnapshot(2.0 * i, 0, phaseTrack(0, 0), 2.0 * i, 2.0 * i)),
                         JournalError);
        }
        EXPECT_EQ(readWholeFile(journal.file()), before);
    }
    clock.advance(std::chrono::seconds(2));
    journal.recordMarker(MarkerKind::DoseGiven, "0.5 mg/kg");  // durable once it returns
    EXPECT_FALSE(journal.failing());

    const auto contents = readJournal(journal.file());
    EXPECT_TRUE(contents.skipped.empty()) << contents.describeSkipped();
    ASSERT_GE(contents.events.size(), 2u);
    const Json& notice = contents.events[contents.events.size() - 2].event;
    EXPECT_EQ(notice["type"], "alert");
    EXPECT_EQ(notice["entries_lost"], 9);  // the marker and eight heartbeats
    EXPECT_NE(stringField(notice, "text").find("File too large"), std::string::npos) << notice.dump();
    const Json& dose = contents.events.back().event;
    EXPECT_EQ(dose["marker"], "dose_given");
    EXPECT_EQ(dose["seq"], notice["seq"].get<int>() + 1);

    // And the report shows it.
    const auto files = writeSessionReport(journal.folder());
    EXPECT_TRUE(files.skippedLines.empty()) << files.skippedLines;
    EXPECT_NE(readWholeFile(files.csv).find("0.5 mg/kg"), std::string::npos);
}

TEST(SessionJournalTest, EveryCommandIsJournaledOnceWithItsOutcome) {
    TempFolder temp;
    const auto program = makeProgram(temp.path());
    auto journal = SessionJournal::start(temp.path() / "sessions", program, makeDetails());
    journal.recordEngineEvents(
        std::vector{makeAction(10.0, 0, Action::SkipTrack, 0.0, session::Refusal::None, 4),
                    makeAction(10.0, 0, Action::SetMasterVolume, 0.6, session::Refusal::None, 5),
                    makeAction(11.0, 0, Action::ReleaseHold, 0.0, session::Refusal::NotHeld, 6),
                    makeAction(12.0, 0, Action::SkipTrack, 0.0, session::Refusal::None, 7)});
    const auto contents = readJournal(journal.file());
    std::vector<std::string> actions;
    for (const auto& line : contents.events)
        if (line.event["type"] == "operator_action")
            actions.push_back(line.event["action"].get<std::string>() + "/" +
                              line.event["outcome"].get<std::string>() + "/" +
                              std::to_string(line.event["command_seq"].get<int>()));
    EXPECT_EQ(actions,
              (std::vector<std::string>{"skip_track/carried_out/4", "set_master_volume/carried_out/5",
                                        "release_hold/refused/6", "skip_track/carried_out/7"}));
}

// Every reason the engine can give is written under its own name with its sentence, and reads back.
TEST(SessionJournalTest, EveryRefusalReasonIsJournaledByName) {
    TempFolder temp;
    const auto program = makeProgram(temp.path());
    auto journal = SessionJournal::start(temp.path() / "sessions", program, makeDetails());
    std::vector<session::SessionEvent> refused;
    for (const auto& spec : session::kRefusalTable) {
        if (spec.refusal == session::Refusal::None) continue;
        refused.push_back(makeAction(5.0, 0, Action::PlayGrounding, 0.0, spec.refusal));
    }
    journal.recordEngineEvents(refused);
    const auto contents = readJournal(journal.file());
    std::size_t found = 0;
    for (const auto& line : contents.events) {
        if (line.event["type"] != "operator_action") continue;
        const auto reason = refusalFromName(stringField(line.event, "reason"));
        ASSERT_TRUE(reason.has_value()) << line.event.dump();
        EXPECT_EQ(refused[found].refusal, *reason);
        EXPECT_EQ(stringField(line.event, "outcome"), "refused");
        EXPECT_FALSE(actionCarriedOut(line.event));
        EXPECT_EQ(stringField(line.event, "reason_text").rfind(session::refusalSpec(*reason).text, 0), 0u);
        ++found;
    }
    EXPECT_EQ(found, refused.size());
}

TEST(SessionJournalTest, AnUnreadableGroundingTrackIsNamedWithWhatIsWrongWithIt) {
    TempFolder temp;
    const auto program = makeProgram(temp.path());
    auto journal = SessionJournal::start(temp.path() / "sessions", program, makeDetails());
    journal.observe(makeSnapshot(30.0, 0, phaseTrack(0, 0), 30.0, 30.0));
    auto refused = makeAction(30.0, 0, Action::PlayGrounding, 0.0, session::Refusal::GroundingUnreadable);
    refused.track = session::TrackRef{session::TrackRole::Grounding, -1, -1, -1};
    refused.fault = session::FaultKind::FileMissing;
    journal.recordEngineEvent(refused);
    const auto contents = readJournal(journal.file());
    const Json& line = contents.events.back().event;
    EXPECT_EQ(line["reason"], "grounding_unreadable");
    EXPECT_EQ(line["reason_text"], "the grounding track cannot be played: its file is missing");
    EXPECT_EQ(line["refused_track"], "Grounding");
    EXPECT_EQ(line["refused_track_file"], (temp.path() / "calm.wav").string());
    // What plays is still the phase's track: the refused one is not the music's position.
    EXPECT_EQ(trackRefFromJson(line["track_ref"]), phaseTrack(0, 0));
}

TEST(SessionJournalTest, OlderNamesOfCommandsStillRead) {
    // Journals and scripts written with the older names read as the same commands.
    EXPECT_EQ(actionFromName("advance_phase"), Action::AdvancePhase);
    EXPECT_EQ(actionFromName("advance"), Action::AdvancePhase);
    EXPECT_EQ(actionFromName("talk-over"), Action::TalkOverOn);
    EXPECT_EQ(actionFromName("talk-over-on"), Action::TalkOverOn);
    EXPECT_EQ(actionFromName("end"), Action::EndSession);
    EXPECT_FALSE(actionFromName("dance").has_value());
    for (const auto& spec : session::kCommandTable)
        EXPECT_EQ(actionFromName(journalName(spec.action)), spec.action);
    // An operator_action line without an outcome (before outcomes were written) was carried out.
    EXPECT_TRUE(actionCarriedOut(Json{{"type", "operator_action"}, {"action", "hold"}}));
}

TEST(SessionJournalTest, WritesAPositionHeartbeatEveryHalfSecondOfSessionTime) {
    TempFolder temp;
    const auto program = makeProgram(temp.path());
    auto journal = SessionJournal::start(temp.path() / "sessions", program, makeDetails());
    auto idle = makeSnapshot(0.0, -1, {}, 0.0, 0.0);
    idle.state = session::SessionState::NotStarted;
    journal.observe(idle);                        // nothing plays yet: no heartbeat
    for (int frame = 0; frame <= 600; ++frame) {  // 10 s at 60 frames per second
        const double t = frame / 60.0;
        journal.observe(makeSnapshot(t, 1, phaseTrack(1, 0), 30.0 + t, 5.0 + t));
    }
    const auto contents = readJournal(journal.file());
    std::vector<double> times;
    for (const auto& line : contents.events)
        if (line.event["type"] == "position") times.push_back(line.event["session_s"]);
    ASSERT_EQ(times.size(), 21u);  // 0, 0.5, 1, ... 10
    EXPECT_DOUBLE_EQ(times[0], 0.0);
    for (std::size_t i = 1; i < times.size(); ++i) EXPECT_NEAR(times[i] - times[i - 1], 0.5, 1.0 / 60 + 1e-9);
    const Json& last = contents.events.back().event;
    EXPECT_EQ(last["phase"], "peak");
    EXPECT_EQ(last["track"], "deep.wav");
    EXPECT_NEAR(last["track_s"].get<double>(), 30.0 + times.back(), 1e-3);
}

TEST(SessionJournalTest, AFaultAboutAnotherTrackDoesNotMoveTheMusicsPositionInLaterLines) {
    // A standby track that fails to open, while the phase's first track plays 8 s in: a note written
    // after the fault must still say where the music is, or a resume from it would restart the track.
    TempFolder temp;
    const auto program = makeProgram(temp.path());
    auto journal = SessionJournal::start(temp.path() / "sessions", program, makeDetails());
    journal.observe(makeSnapshot(8.0, 0, phaseTrack(0, 0), 8.0, 8.0));
    auto fault = makeEvent(EventKind::Fault, 8.1, 0, phaseTrack(0, 1));
    fault.fault = session::FaultKind::FileMissing;
    auto cleared = makeEvent(EventKind::FaultCleared, 8.2, 0, phaseTrack(0, 0));
    cleared.fault = session::FaultKind::DecoderStarved;
    journal.recordEngineEvents(std::vector{fault, cleared});
    journal.recordNote("after the fault");
    const auto contents = readJournal(journal.file());
    const Json& note = contents.events.back().event;
    ASSERT_EQ(note["type"], "note");
    EXPECT_NEAR(note["track_s"].get<double>(), 8.0, 1e-3);
    EXPECT_NEAR(note["session_s"].get<double>(), 8.2, 1e-3);
    const session::ResumePoint point = journal::makeResumePoint(contents);
    EXPECT_EQ(point.track, phaseTrack(0, 0));
    EXPECT_NEAR(point.trackPositionSeconds, 8.0, 1e-3);
}

TEST(SessionJournalTest, APreviewIsJournaledWithWhatWasHeardAndNeitherMovesTheMusicNorIsReplayed) {
    // The operator previews the grounding track while the phase's first track plays 8 s in: the line
    // names the preview, the lines after it still say where the music is, and a resume does not play
    // the preview again.
    TempFolder temp;
    const auto program = makeProgram(temp.path());
    auto journal = SessionJournal::start(temp.path() / "sessions", program, makeDetails());
    auto snapshot = makeSnapshot(8.0, 0, phaseTrack(0, 0), 8.0, 8.0);
    snapshot.resume.sampleRate = 48000;  // a state to resume from, taken before the actions
    snapshot.resume.frame = 8 * 48000;
    snapshot.resume.voiceCount = 1;
    snapshot.resume.voices[0].track = phaseTrack(0, 0);
    snapshot.resume.voices[0].trackFrame = 8 * 48000;
    snapshot.resume.voices[0].lead = true;
    journal.observe(snapshot);
    auto preview = makeAction(8.1, 0, Action::Preview, 0.0);
    preview.preview.choice = session::PreviewChoice::Grounding;
    preview.preview.from = session::PreviewFrom::FileStart;
    preview.track = session::TrackRef{session::TrackRole::Grounding, -1, -1, -1};
    preview.trackPositionSeconds = 0.0;
    auto hold = makeAction(8.15, 0, Action::Hold, 0.0);
    auto stop = makeAction(8.2, 0, Action::PreviewStop, 0.0);
    journal.recordEngineEvents(std::vector{preview, hold, stop});
    journal.recordNote("after the preview");
    const auto contents = readJournal(journal.file());
    const Json* previewLine = nullptr;
    for (const auto& line : contents.events)
        if (line.event.value("action", "") == "preview") previewLine = &line.event;
    ASSERT_NE(previewLine, nullptr);
    EXPECT_EQ((*previewLine)["preview"], "grounding");
    EXPECT_EQ((*previewLine)["preview_from"], "start");
    EXPECT_EQ((*previewLine)["preview_track"], "Grounding");
    EXPECT_EQ((*previewLine)["preview_track_file"], (temp.path() / "calm.wav").string());
    EXPECT_EQ((*previewLine)["outcome"], "carried_out");
    const Json& note = contents.events.back().event;
    ASSERT_EQ(note["type"], "note");
    EXPECT_NEAR(note["track_s"].get<double>(), 8.0, 1e-3);
    const session::ResumePoint point = journal::makeResumePoint(contents);
    EXPECT_EQ(point.track, phaseTrack(0, 0));
    EXPECT_NEAR(point.trackPositionSeconds, 8.0, 1e-3);
    // Carried out again on resuming: the hold, not the preview.
    ASSERT_EQ(point.actions.size(), 1u);
    EXPECT_EQ(point.actions[0].action, Action::Hold);
}

TEST(SessionJournalTest, TextThatIsNotUtf8IsKeptNotLost) {
    TempFolder temp;
    const auto program = makeProgram(temp.path());
    auto journal = SessionJournal::start(temp.path() / "sessions", program, makeDetails());
    journal.recordNote(std::string("caf\xe9 au lait"));  // Latin-1 byte from a misconfigured keyboard
    const auto contents = readJournal(journal.file());
    ASSERT_EQ(contents.events.size(), 2u);
    EXPECT_NE(contents.events[1].event["text"].get<std::string>().find("au lait"), std::string::npos);
}

}  // namespace
}  // namespace stillpoint::journal
