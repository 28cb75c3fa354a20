#include "remote/RoomWatch.h"

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <utility>

#include <lo/lo.h>

#include "remote/OscArgument.h"
#include "remote/OscProtocol.h"

#include "program/DurationParser.h"

namespace stillpoint::remote {

namespace {

// The station listens only for the rooms' answers: on loopback if every room is on this machine.
std::string listenAddress(const std::vector<WatchedRoom>& rooms) {
    for (const auto& room : rooms)
        if (!isLoopback(room.endpoint.address)) return "0.0.0.0";
    return "127.0.0.1";
}

std::vector<WatchedRoom> resolveRooms(const std::vector<std::string>& names) {
    std::vector<WatchedRoom> rooms;
    for (const auto& name : names) {
        std::string error;
        const auto endpoint = resolveEndpoint(name, error);
        if (!endpoint) throw std::runtime_error(error);
        WatchedRoom room;
        room.name = name;
        room.endpoint = *endpoint;
        rooms.push_back(std::move(room));
    }
    return rooms;
}

// The string arguments of a message at `want` whose types begin with `types`; nothing otherwise.
std::optional<std::vector<std::string>> readStrings(const char* data, std::size_t size, const char* want,
                                                    std::string_view types) {
    if (size > kMaxPacketBytes || size < 4) return std::nullopt;
    std::vector<char> bytes(data, data + size);
    const char* path = lo_get_path(bytes.data(), static_cast<ssize_t>(size));
    if (!path || std::string_view(path) != want) return std::nullopt;
    int result = 0;
    lo_message message = lo_message_deserialise(bytes.data(), size, &result);
    if (!message) return std::nullopt;
    std::optional<std::vector<std::string>> strings;
    const char* got = lo_message_get_types(message);
    if (got && std::string_view(got).starts_with(types)) {
        lo_arg** argv = lo_message_get_argv(message);
        strings.emplace();
        for (std::size_t i = 0; i < types.size(); ++i)
            if (types[i] == 's') strings->emplace_back(oscString(argv[i]));
    }
    lo_message_free(message);
    return strings;
}

// "awaiting_confirmation" -> "awaiting confirmation"
std::string inWords(std::string text) {
    std::replace(text.begin(), text.end(), '_', ' ');
    return text;
}

}  // namespace

std::optional<RoomStatus> readStatus(const void* data, std::size_t size) {
    if (size > kMaxPacketBytes) return std::nullopt;
    std::vector<char> bytes(static_cast<const char*>(data), static_cast<const char*>(data) + size);
    const char* path = size >= 4 ? lo_get_path(bytes.data(), static_cast<ssize_t>(size)) : nullptr;
    if (!path) return std::nullopt;
    const std::string address = path;
    if (address != "/stillpoint/heartbeat" && address != "/stillpoint/reply/status") return std::nullopt;
    int result = 0;
    lo_message message = lo_message_deserialise(bytes.data(), size, &result);
    if (!message) return std::nullopt;
    std::optional<RoomStatus> status;
    const char* types = lo_message_get_types(message);
    if (types && std::string(types) == "sssfffsfis") {
        lo_arg** argv = lo_message_get_argv(message);
        status.emplace();
        status->patientId = oscString(argv[0]);
        status->state = oscString(argv[1]);
        status->phase = oscString(argv[2]);
        status->phaseLeftSeconds = oscFloat(argv[3]);
        status->programLeftSeconds = oscFloat(argv[4]);
        status->sessionSeconds = oscFloat(argv[5]);
        status->track = oscString(argv[6]);
        status->volume = oscFloat(argv[7]);
        status->alertCount = oscInt(argv[8]);
        status->alerts = oscString(argv[9]);
    }
    lo_message_free(message);
    return status;
}

RoomWatch::RoomWatch(const std::vector<std::string>& rooms, Clock::time_point now)
    : rooms_(resolveRooms(rooms)), socket_(listenAddress(rooms_), 0), started_(now) {}

RoomWatch::~RoomWatch() {
    for (const auto& room : rooms_) {
        OscMessage message;
        socket_.send(room.endpoint, "/stillpoint/unsubscribe", message.get());
    }
}

void RoomWatch::poll(int timeoutMs, Clock::time_point now) {
    if (lastSubscribe_ == Clock::time_point{} || now - lastSubscribe_ >= kResubscribeEvery) {
        lastSubscribe_ = now;
        for (const auto& room : rooms_) {
            OscMessage message;
            socket_.send(room.endpoint, "/stillpoint/subscribe", message.get());
        }
    }
    for (int wait = timeoutMs; auto datagram = socket_.receive(wait, buffer_); wait = 0) {
        for (auto& room : rooms_)
            if (room.endpoint == datagram->from)  // only the rooms' own answers count
                heard(room, buffer_.data(), std::min(datagram->size, buffer_.size()), now);
    }
    for (auto& room : rooms_) {
        const auto since = room.status ? room.lastHeard : started_;
        if (!room.lost && now - since >= kHeartbeatLostAfter) {
            room.lost = true;
            news_.push_back("ALERT " + room.name + ": no heartbeat for " +
                            std::to_string(kHeartbeatLostAfter.count()) +
                            " s (the session stopped, or its machine or network is down)");
        }
    }
}

void RoomWatch::heard(WatchedRoom& room, const char* data, std::size_t size, Clock::time_point now) {
    if (auto reply = readStrings(data, size, "/stillpoint/reply/command", "ss")) {
        commandOutcome(room, commandLabel((*reply)[0]) + ": " + inWords((*reply)[1]));
        return;
    }
    if (auto event = readStrings(data, size, "/stillpoint/event", "ss")) {
        // "play_grounding carried_out", "hold refused: the phase is already ending"
        const std::string& text = (*event)[1];
        if ((*event)[0] != "operator_action") return;
        const auto space = text.find(' ');
        const auto action = session::actionNamed(text.substr(0, space));
        if (!action || space == std::string::npos) return;
        commandOutcome(
            room, std::string(session::commandSpec(*action).label) + ": " + inWords(text.substr(space + 1)));
        return;
    }
    auto status = readStatus(data, size);
    if (!status) return;
    const std::optional<RoomStatus> before = room.status;
    room.status = std::move(status);
    room.lastHeard = now;
    if (room.lost) {
        room.lost = false;
        news_.push_back("BACK " + room.name + ": heartbeat again");
    } else if (!before) {
        news_.push_back("HEARD " + room.name + " (" + room.status->patientId + "): " + room.status->state);
    }
    judge(room, before ? &*before : nullptr, now);
}

void RoomWatch::commandOutcome(WatchedRoom& room, std::string text) {
    news_.push_back(room.name + (room.status ? " (" + room.status->patientId + ")" : "") + ": " + text);
    room.lastCommand = std::move(text);
}

void RoomWatch::judge(WatchedRoom& room, const RoomStatus* before, Clock::time_point) {
    const RoomStatus& now = *room.status;
    if (now.alertCount > 0 && (!before || before->alerts != now.alerts))
        news_.push_back("ALERT " + room.name + " (" + now.patientId + "): " + now.alerts);
    if (before && before->state != now.state)
        news_.push_back(room.name + " (" + now.patientId + "): " + now.state);
}

std::vector<std::string> RoomWatch::takeNews() {
    return std::exchange(news_, {});
}

bool RoomWatch::send(std::size_t room, const std::string& address, const OscMessage& arguments) {
    if (room >= rooms_.size()) return false;
    if (!socket_.send(rooms_[room].endpoint, address.c_str(), arguments.get())) {
        commandOutcome(rooms_[room], commandLabel(address) + ": could not be sent");
        return false;
    }
    rooms_[room].lastCommand = commandLabel(address) + ": sent, waiting for the room's answer";
    return true;
}

bool RoomWatch::send(std::size_t room, const std::string& address) {
    return send(room, address, OscMessage());
}

std::string describeRoom(const WatchedRoom& room) {
    std::string line = room.name + "  ";
    if (!room.status) return line + (room.lost ? "NO HEARTBEAT" : "waiting for its first heartbeat");
    const RoomStatus& status = *room.status;
    line += status.patientId + "  " + (status.phase.empty() ? "-" : status.phase) + "  " +
            program::formatClock(status.phaseLeftSeconds) + " left  " + status.state;
    if (room.lost) line += "  NO HEARTBEAT";
    if (status.alertCount > 0)
        line += "  " + std::to_string(status.alertCount) + " alert(s): " + status.alerts;
    return line;
}

}  // namespace stillpoint::remote
