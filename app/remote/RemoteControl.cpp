#include "remote/RemoteControl.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "journal/JournalEntry.h"

namespace stillpoint::remote {

using panel::OperatorPanelModel;
using Outcome = OperatorPanelModel::RemoteOutcome;
using session::Action;

namespace {

const char* journalName(Outcome outcome) {
    switch (outcome) {
        case Outcome::Sent:
            return "sent";
        case Outcome::NotStarted:
            return "not_started";
        case Outcome::SessionOver:
            return "session_over";
        case Outcome::WithoutMusic:
            return "without_music";
        case Outcome::Debounced:
            return "debounced";
        case Outcome::AwaitingConfirmation:
            return "awaiting_confirmation";
    }
    return "sent";
}

std::string stateName(const panel::SessionDisplay& display) {
    if (display.state == session::SessionState::Playing) {
        if (display.held) return "held";
        if (display.awaitingOperator) return "awaiting_operator";
    }
    // The engine's names ("not-started") written as docs/osc.md lists them (not_started).
    std::string name = session::toString(display.state);
    std::replace(name.begin(), name.end(), '-', '_');
    return name;
}

Endpoint replyTo(const ReceivedRequest& received) {
    Endpoint to = received.from;
    if (received.request.replyPort > 0) to.port = static_cast<std::uint16_t>(received.request.replyPort);
    return to;
}

// An engine event for subscribers: its kind, a line in words, the session time.
void addEvent(OscMessage& message, const session::SessionEvent& event) {
    std::string text;
    if (event.kind == session::EventKind::OperatorAction) {
        text = journal::journalName(event.action);
        text += event.refusal == session::Refusal::None ? " carried_out"
                                                        : " refused: " + session::refusalReason(event);
    } else {
        text = std::string(event.detailText());
    }
    message.add(std::string(journal::journalName(event.kind)))
        .add(text)
        .add(static_cast<float>(event.sessionSeconds()));
}

}  // namespace

RoomStatus roomStatus(const OperatorPanelModel& model) {
    const auto& display = model.display();
    RoomStatus status;
    status.patientId = model.setup().patientId;
    status.state = stateName(display);
    status.phase = display.phaseName;
    status.phaseLeftSeconds = static_cast<float>(display.phaseRemainingSeconds);
    status.programLeftSeconds = static_cast<float>(display.programRemainingSeconds);
    status.sessionSeconds = static_cast<float>(display.sessionSeconds);
    status.track = display.nowPlaying;
    status.volume = static_cast<float>(display.volume);
    for (const auto& alert : model.alerts().alerts()) {
        if (alert.cleared) continue;
        ++status.alertCount;
        if (!status.alerts.empty()) status.alerts += "; ";
        status.alerts += std::string(panel::displayName(alert.kind)) + ": " + alert.message;
    }
    return status;
}

void addStatus(OscMessage& message, const RoomStatus& status) {
    message.add(status.patientId)
        .add(status.state)
        .add(status.phase)
        .add(status.phaseLeftSeconds)
        .add(status.programLeftSeconds)
        .add(status.sessionSeconds)
        .add(status.track)
        .add(status.volume)
        .add(status.alertCount)
        .add(status.alerts);
}

RemoteControl::RemoteControl(live::SessionController& controller, OscServer& server)
    : controller_(controller), server_(server) {}

void RemoteControl::poll(Clock::time_point now) {
    auto& model = controller_.model();
    auto& recorder = controller_.recorder();
    for (auto& notice : server_.takeFirstRefusals()) unjournaledRefusals_.push_back(std::move(notice));
    if (model.started()) {
        for (const auto& notice : unjournaledRefusals_)
            recorder.recordRemoteRefused(journalName(notice.kind), "osc " + notice.from.text(), notice.detail,
                                         server_.refusedCount(notice.kind));
        unjournaledRefusals_.clear();
    }
    for (const auto& received : server_.takeRequests()) {
        carryOut(received, now);
        ++requestsHandled_;
    }

    if (pendingEnd_ && now >= pendingEnd_->deadline) {
        // Unconfirmed: the panel's end dialog, opened by the request, closes again.
        if (model.endPending() && !model.sessionOver()) {
            model.cancelEnd();
            recorder.recordRemoteCommand(pendingEnd_->source, addressOf(Action::EndSession), "",
                                         "confirmation_expired");
        }
        pendingEnd_.reset();
    }

    std::erase_if(subscribers_, [&](const Subscriber& subscriber) { return now >= subscriber.expires; });
    if (subscribers_.empty()) return;
    for (const auto& event : controller_.lastEvents()) {
        OscMessage message;
        addEvent(message, event);
        sendToSubscribers("/stillpoint/event", message);
    }
    if (now - lastHeartbeat_ >= kHeartbeatInterval) {
        lastHeartbeat_ = now;
        OscMessage message;
        addStatus(message, roomStatus(model));
        sendToSubscribers("/stillpoint/heartbeat", message);
    }
}

void RemoteControl::sendToSubscribers(const char* path, const OscMessage& message) {
    // A subscriber that cannot be reached (no route, refused) is dropped; one that only stops listening
    // is dropped when its lease runs out.
    std::erase_if(subscribers_, [&](const Subscriber& subscriber) {
        return !server_.socket().send(subscriber.endpoint, path, message.get());
    });
}

void RemoteControl::subscribe(const Endpoint& endpoint, const std::string& source, Clock::time_point now) {
    for (auto& subscriber : subscribers_) {
        if (subscriber.endpoint == endpoint) {
            subscriber.expires = now + kSubscriptionLease;
            return;
        }
    }
    subscribers_.push_back({endpoint, now + kSubscriptionLease});
    auto& recorder = controller_.recorder();
    recorder.recordRemoteCommand(source, "/stillpoint/subscribe", endpoint.text(), "subscribed");
}

void RemoteControl::carryOut(const ReceivedRequest& received, Clock::time_point now) {
    const RemoteRequest& request = received.request;
    const std::string source = "osc " + received.from.text();
    auto& recorder = controller_.recorder();
    switch (request.kind) {
        case RequestKind::Status: {
            OscMessage message;
            addStatus(message, roomStatus(controller_.model()));
            server_.socket().send(replyTo(received), "/stillpoint/reply/status", message.get());
            return;
        }
        case RequestKind::Subscribe: {
            subscribe(replyTo(received), source, now);
            OscMessage message;
            addStatus(message, roomStatus(controller_.model()));
            server_.socket().send(replyTo(received), "/stillpoint/heartbeat", message.get());
            return;
        }
        case RequestKind::Unsubscribe: {
            const Endpoint endpoint = replyTo(received);
            if (std::erase_if(subscribers_, [&](const Subscriber& s) { return s.endpoint == endpoint; }) > 0)
                recorder.recordRemoteCommand(source, request.address, endpoint.text(), "unsubscribed");
            return;
        }
        default:
            break;
    }
    const std::string outcome = command(received, source, now);
    recorder.recordRemoteCommand(source, request.address, request.arguments, outcome);
    // The sender learns what became of it (`stillpoint monitor --control` shows it).
    OscMessage reply;
    reply.add(request.address).add(outcome);
    server_.socket().send(received.from, "/stillpoint/reply/command", reply.get());
}

std::string RemoteControl::command(const ReceivedRequest& received, const std::string& source,
                                   Clock::time_point now) {
    const RemoteRequest& request = received.request;
    auto& model = controller_.model();
    std::string outcome;
    switch (request.kind) {
        case RequestKind::Command:
            controller_.actFor(
                source, [&] { outcome = journalName(model.remoteCommand(request.action, request.value)); });
            if (request.action == Action::EndSession && model.endPending())
                pendingEnd_ = PendingEnd{received.from, source, now + kEndConfirmWindow};
            return outcome;
        case RequestKind::ConfirmEnd:
            if (!pendingEnd_ || !model.endPending()) return "nothing_to_confirm";
            // Another controller's confirmation must not end a session someone else is being asked about;
            // the end stays pending for the peer that asked.
            if (!(pendingEnd_->from == received.from)) return "refused_other_peer";
            pendingEnd_.reset();
            controller_.actFor(source, [&] { outcome = model.confirmEnd() ? "sent" : "session_over"; });
            return outcome;
        case RequestKind::Marker:
            if (!model.started()) return "not_started";
            if (model.sessionOver()) return "session_over";
            return model.addMarker(request.marker, request.text) ? "recorded" : "debounced";
        case RequestKind::Note:
            if (!model.started()) return "not_started";
            return model.addNote(request.text) ? "recorded" : "not_recorded";
        default:
            return "";
    }
}

Wakeup::Wakeup() : fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

Wakeup::~Wakeup() {
    if (fd_ >= 0) ::close(fd_);
}

void Wakeup::notify() {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto written = ::write(fd_, &one, sizeof one);
}

}  // namespace stillpoint::remote
