// One room for the OSC tests: a program, an engine, a journal, the panel's controller and the session's
// OSC port with its RemoteControl, set up once here for every test of tests/app/remote. The engine is
// either rendered by the test (it is the output device: frames advance only when it plays them) or
// played in real time on OpenAL Soft's null device.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "app/journal/JournalTestSupport.h"
#include "journal/JournalReader.h"
#include "live/SessionController.h"
#include "remote/OscServer.h"
#include "remote/RemoteControl.h"

namespace stillpoint::remote::testing {

enum class RoomOutput {
    RenderedByTest,  // play() renders blocks; nothing plays on its own
    LiveNullDevice,  // a real output device (the null backend) plays in real time
};

class OscTestRoom {
public:
    explicit OscTestRoom(OscServerOptions oscOptions = {}, RoomOutput output = RoomOutput::RenderedByTest)
        : output_(output) {
        program = journal::testing::makeRenderedProgram(folder.path(), true);
        // Something for grounding and alternate to play, so they are carried out, not refused.
        program.grounding = journal::testing::makeTrack(folder.path() / "return.wav");
        program.phases[0].tracks[0].alternates.push_back(
            journal::testing::makeTrack(folder.path() / "peak-b.wav"));
        session::SessionOptions options;
        options.loudnessCacheFile = folder.path() / "loudness.json";
        engine = std::make_unique<session::SessionEngine>(program, options);
        recorder = std::make_unique<panel::JournalRecorder>(folder.path() / "sessions", program);
        panel::PanelOptions panelOptions;
        panelOptions.debounce = std::chrono::milliseconds(0);  // the tests press faster than a person
        auto opener = output == RoomOutput::LiveNullDevice
                          ? live::SessionController::openLiveOutput()
                          : [](session::SessionEngine&,
                               const std::string&) -> std::unique_ptr<audio::LiveOutput> { return nullptr; };
        controller =
            std::make_unique<live::SessionController>(program, *engine, *recorder, opener, panelOptions);
        if (output == RoomOutput::LiveNullDevice) controller->openOutput("null");  // whatever the environment
        auto& setup = controller->model().setup();
        setup.patientId = "KX-7";
        setup.clinician = "Dr. Test";
        setup.musicConsent = panel::MusicConsent::Yes;
        server = std::make_unique<OscServer>(std::move(oscOptions));
        remote = std::make_unique<RemoteControl>(*controller, *server);
    }
    ~OscTestRoom() {
        if (output_ == RoomOutput::LiveNullDevice) controller->stopOutput();
    }
    OscTestRoom(const OscTestRoom&) = delete;
    OscTestRoom& operator=(const OscTestRoom&) = delete;

    // Starts the session and waits until it plays.
    void start() {
        ASSERT_TRUE(controller->model().start());
        if (output_ == RoomOutput::RenderedByTest) {
            play(8);
        } else {
            const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
            while (engine->snapshot().state != session::SessionState::Playing &&
                   std::chrono::steady_clock::now() < until) {
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
                poll();
            }
        }
        ASSERT_EQ(engine->snapshot().state, session::SessionState::Playing);
    }

    // Renders `blocks` blocks of 1024 frames, with a pass of the control loop after each.
    void play(int blocks) {
        for (int i = 0; i < blocks; ++i) {
            engine->waitUntilStreamsReady();
            engine->render(block_.data(), 1024);
            poll();
        }
    }

    // One pass of the session's control loop.
    void poll() {
        controller->pump();
        remote->poll();
    }

    // Waits (without rendering, so the session's frames are those of the panel's run) until the OSC port
    // has handled `count` more requests than `before`.
    bool handled(std::uint64_t before, std::uint64_t count = 1) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
        while (remote->requestsHandled() < before + count) {
            if (std::chrono::steady_clock::now() > until) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            poll();
        }
        return true;
    }

    // Sends (what `send` does) and waits, as handled(), until the port has handled `count` more requests.
    template <typename Send>
    bool handledAfter(Send&& send, std::uint64_t count = 1) {
        const auto before = remote->requestsHandled();
        send();
        return handled(before, count);
    }

    // Waits until the OSC port has refused `count` messages in all, then lets the control loop journal them.
    bool refused(std::uint64_t count) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
        while (server->refusedTotal() < count) {
            if (std::chrono::steady_clock::now() > until) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        poll();
        return true;
    }

    // The journal's lines of one type, in order.
    std::vector<journal::Json> lines(const std::string& type) const {
        std::vector<journal::Json> found;
        for (const auto& line : journal::readJournal(recorder->journal()->file()).events)
            if (line.event.value("type", "") == type) found.push_back(line.event);
        return found;
    }

    // The session's port, for a sender on 127.0.0.1.
    Endpoint endpoint() const { return {0x7f000001, static_cast<std::uint16_t>(server->port())}; }

    journal::testing::TempFolder folder;
    program::Program program;
    std::unique_ptr<session::SessionEngine> engine;
    std::unique_ptr<panel::JournalRecorder> recorder;
    std::unique_ptr<live::SessionController> controller;
    std::unique_ptr<OscServer> server;
    std::unique_ptr<RemoteControl> remote;

private:
    RoomOutput output_;
    std::vector<float> block_ = std::vector<float>(2 * 1024);
};

}  // namespace stillpoint::remote::testing
