// A live session with one follower output (the room's or the preview's) beside the patient's, in real time
// on OpenAL Soft's null devices: the patient's output pulls every output from the engine, the follower's
// device follows its clock. The room and preview tests drive it through the panel model and the player's
// loop (pumpUntil), and read the alerts and the journal it writes.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

#include "app/journal/JournalTestSupport.h"
#include "journal/JournalReader.h"
#include "live/FollowerOutputs.h"
#include "live/SessionController.h"

namespace stillpoint::live::testing {

class FollowerOutputLiveSession : public ::testing::Test {
protected:
    using Clock = std::chrono::steady_clock;

    FollowerOutputLiveSession(FollowerOutput which, std::string patientId)
        : which_(which), patientId_(std::move(patientId)) {}

    // The null backend, with the OpenAL Soft settings `stillpoint play` plays with (5.8-ms updates).
    static void SetUpTestSuite() {
        setenv("ALSOFT_DRIVERS", "null", 0);
        audio::useOpenAlSettings(STILLPOINT_SOURCE_DIR "/assets/openal/alsoft.conf");
    }

    // The follower's own settings (enabled, initial volume) on `options`.
    virtual void configureFollower(session::SessionOptions& options) = 0;

    void SetUp() override {
        session::SessionOptions options;
        options.loudnessCacheFile = folder.path() / "loudness.json";
        configureFollower(options);
        engine = std::make_unique<session::SessionEngine>(program, options);
        followers = std::make_unique<FollowerOutputs>(
            *engine, options.sampleRate, audio::OutputOptions{}.bufferFrames, which_ == FollowerOutput::Room,
            which_ == FollowerOutput::Preview);
        recorder = std::make_unique<panel::JournalRecorder>(folder.path() / "sessions", program);
        controller = std::make_unique<SessionController>(
            program, *engine, *recorder, [this](session::SessionEngine&, const std::string& device) {
                audio::OutputOptions patient = followers->leaderOptions({});
                patient.deviceName = device;
                return std::make_unique<audio::LiveOutput>(followers->leader(), patient);
            });
        auto& setup = controller->model().setup();
        setup.patientId = patientId_;
        setup.clinician = "Dr. Test";
        setup.musicConsent = panel::MusicConsent::Yes;
        setup.outputDevice = "null";
        controller->openOutput("null");
        followerDevice = std::make_unique<audio::LiveOutput>(
            followers->follower(which_), followers->followerOptions({.deviceName = "null"}));
        followerDevice->start();
    }

    void TearDown() override {
        followerDevice->stop();
        controller->stopOutput();
    }

    // The player's loop, every 100 ms, until `done` or `span` has passed.
    template <typename Done>
    bool pumpUntil(std::chrono::milliseconds span, Done done) {
        const auto deadline = Clock::now() + span;
        while (Clock::now() < deadline) {
            controller->pump();
            if (done()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return false;
    }

    // The alert for the follower's lost device, or null while there is none.
    const panel::Alert* followerLostAlert() const {
        const panel::AlertKind kind = which_ == FollowerOutput::Room ? panel::AlertKind::RoomOutputLost
                                                                     : panel::AlertKind::PreviewOutputLost;
        for (const auto& alert : controller->model().alerts().alerts())
            if (alert.kind == kind) return &alert;
        return nullptr;
    }

    // How many journal lines of `type` have `key` set to `value`.
    int journalLines(const std::string& type, const std::string& key, const std::string& value) const {
        int count = 0;
        for (const auto& line : journal::readJournal(recorder->journal()->file()).events)
            if (line.event.value("type", "") == type && line.event.value(key, "") == value) ++count;
        return count;
    }

    journal::testing::TempFolder folder;
    program::Program program = journal::testing::makeRenderedProgram(folder.path(), true);
    std::unique_ptr<session::SessionEngine> engine;
    std::unique_ptr<FollowerOutputs> followers;
    std::unique_ptr<panel::JournalRecorder> recorder;
    std::unique_ptr<SessionController> controller;
    std::unique_ptr<audio::LiveOutput> followerDevice;

private:
    FollowerOutput which_;
    std::string patientId_;
};

}  // namespace stillpoint::live::testing
