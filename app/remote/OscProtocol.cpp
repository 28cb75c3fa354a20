#include "remote/OscProtocol.h"

#include <cmath>
#include <cstring>
#include <memory>

#include <lo/lo.h>

#include "remote/OscArgument.h"

#include "journal/JournalEntry.h"

namespace stillpoint::remote {

using session::Action;
using session::CommandSpec;
using session::CommandValue;

namespace {

constexpr std::string_view kBundleTag = "#bundle";

struct MessageFree {
    void operator()(lo_message message) const { lo_message_free(message); }
};
using Message = std::unique_ptr<std::remove_pointer_t<lo_message>, MessageFree>;

// The arguments of one message, typed as liblo read them.
struct Arguments {
    std::string types;
    lo_arg** values = nullptr;

    std::size_t count() const { return types.size(); }
    bool isNumber(std::size_t i) const {
        const char t = types[i];
        return t == 'i' || t == 'f' || t == 'd' || t == 'h' || t == 'T' || t == 'F';
    }
    bool isString(std::size_t i) const { return types[i] == 's' || types[i] == 'S'; }
    double number(std::size_t i) const {
        switch (types[i]) {
            case 'i':
                return oscInt(values[i]);
            case 'f':
                return oscFloat(values[i]);
            case 'd':
                return oscDouble(values[i]);
            case 'h':
                return static_cast<double>(oscInt64(values[i]));
            case 'T':
                return 1.0;
            default:
                return 0.0;
        }
    }
    std::string string(std::size_t i) const { return oscString(values[i]); }
};

std::string describeArguments(const Arguments& arguments) {
    std::string text;
    for (std::size_t i = 0; i < arguments.count(); ++i) {
        if (!text.empty()) text += ' ';
        text += arguments.types[i];
        if (arguments.isString(i)) {
            text += " \"" + arguments.string(i) + "\"";
        } else if (arguments.isNumber(i)) {
            char number[32];
            std::snprintf(number, sizeof number, " %g", arguments.number(i));
            text += number;
        }
    }
    return text;
}

ReadPacket refuse(Rejection rejection, std::string detail) {
    ReadPacket read;
    read.rejection = rejection;
    read.detail = std::move(detail);
    return read;
}

// The rows of the command table sent by this name: one, two (a switch) or none.
std::vector<const CommandSpec*> commandsAt(std::string_view name) {
    std::vector<const CommandSpec*> rows;
    for (const CommandSpec& spec : session::kCommandTable)
        if (!spec.remote.empty() && spec.remote == name) rows.push_back(&spec);
    return rows;
}

std::string argumentsOf(const std::vector<const CommandSpec*>& rows) {
    if (rows.size() == 2) return "i 1 or 0 (" + std::string(rows[0]->label) + " on, off)";
    switch (rows[0]->value) {
        case CommandValue::Minutes:
            return "f minutes, more than 0, at most 60";
        case CommandValue::Volume:
            return "f linear 0-1 (at most the program's ceiling)";
        case CommandValue::None:
            break;
    }
    return "none (or a button's 1; its release, 0, is ignored)";
}

// No arguments, or one number as a button sends it: nonzero pressed, zero released (nothing to do).
std::optional<bool> buttonPress(const Arguments& arguments) {
    if (arguments.count() == 0) return true;
    if (arguments.count() == 1 && arguments.isNumber(0)) return arguments.number(0) != 0.0;
    return std::nullopt;
}

std::optional<int> replyPort(const Arguments& arguments) {
    if (arguments.count() == 0) return 0;
    if (arguments.count() == 1 && arguments.isNumber(0)) {
        const double port = arguments.number(0);
        if (port >= 1 && port <= 65535 && port == std::floor(port)) return static_cast<int>(port);
    }
    return std::nullopt;
}

ReadPacket readMessage(std::string_view name, const Arguments& arguments, RemoteRequest request) {
    const std::string address = request.address;
    const auto wrong = [&](const std::string& takes) {
        return refuse(Rejection::WrongArguments,
                      address + " takes " + takes + "; it was sent " +
                          (request.arguments.empty() ? "none" : request.arguments));
    };
    ReadPacket read;
    if (name == "status" || name == "subscribe" || name == "unsubscribe") {
        const auto port = replyPort(arguments);
        if (!port) return wrong("none, or the port to answer at (i)");
        request.kind = name == "status"      ? RequestKind::Status
                       : name == "subscribe" ? RequestKind::Subscribe
                                             : RequestKind::Unsubscribe;
        request.replyPort = *port;
    } else if (name == "end/confirm") {
        const auto pressed = buttonPress(arguments);
        if (!pressed) return wrong("none (or a button's 1)");
        if (!*pressed) return read;
        request.kind = RequestKind::ConfirmEnd;
    } else if (name == "marker") {
        const bool shape = (arguments.count() == 1 || arguments.count() == 2) && arguments.isString(0) &&
                           (arguments.count() == 1 || arguments.isString(1));
        const auto kind = shape ? journal::markerKindFromName(arguments.string(0)) : std::nullopt;
        if (!kind)
            return wrong(
                "s kind (dose_given, infusion_stopped, vitals_check, patient_spoke, distress, custom) and "
                "optionally s label");
        request.kind = RequestKind::Marker;
        request.marker = *kind;
        if (arguments.count() == 2) request.text = arguments.string(1);
    } else if (name == "note") {
        if (arguments.count() != 1 || !arguments.isString(0) ||
            arguments.string(0).find_first_not_of(" \t\r\n") == std::string::npos)
            return wrong("s text (not empty)");
        request.kind = RequestKind::Note;
        request.text = arguments.string(0);
    } else {
        const auto rows = commandsAt(name);
        if (rows.empty())
            return refuse(Rejection::UnknownAddress,
                          address + " is not an address of Stillpoint (docs/osc.md)");
        request.kind = RequestKind::Command;
        if (rows.size() == 2) {
            if (arguments.count() != 1 || !arguments.isNumber(0)) return wrong(argumentsOf(rows));
            request.action = arguments.number(0) != 0.0 ? rows[0]->action : rows[1]->action;
        } else if (rows[0]->value == CommandValue::None) {
            const auto pressed = buttonPress(arguments);
            if (!pressed) return wrong(argumentsOf(rows));
            if (!*pressed) return read;
            request.action = rows[0]->action;
        } else {
            if (arguments.count() != 1 || !arguments.isNumber(0)) return wrong(argumentsOf(rows));
            const double value = arguments.number(0);
            const bool inRange = rows[0]->value == CommandValue::Minutes
                                     ? value > 0.0 && value <= kMaxExtendMinutes
                                     : value >= 0.0 && value <= 1.0;
            if (!std::isfinite(value) || !inRange) return wrong(argumentsOf(rows));
            request.action = rows[0]->action;
            request.value = value;
        }
    }
    read.request = std::move(request);
    return read;
}

}  // namespace

const char* journalName(Rejection rejection) {
    switch (rejection) {
        case Rejection::NotAllowed:
            return "not_allowed";
        case Rejection::Malformed:
            return "malformed";
        case Rejection::UnknownAddress:
            return "unknown_address";
        case Rejection::WrongArguments:
            return "wrong_arguments";
        case Rejection::Oversized:
            return "oversized";
        case Rejection::Flood:
            return "flood";
    }
    return "malformed";
}

ReadPacket readPacket(const void* data, std::size_t size) {
    if (size > kMaxPacketBytes)
        return refuse(Rejection::Oversized, "a packet of " + std::to_string(size) + " bytes (at most " +
                                                std::to_string(kMaxPacketBytes) + ")");
    // liblo wants writable memory; it is read only.
    std::vector<char> bytes(static_cast<const char*>(data), static_cast<const char*>(data) + size);
    if (size >= kBundleTag.size() && std::string_view(bytes.data(), kBundleTag.size()) == kBundleTag)
        return refuse(Rejection::Malformed, "an OSC bundle: send each message on its own");
    const char* path = size >= 4 ? lo_get_path(bytes.data(), static_cast<ssize_t>(size)) : nullptr;
    if (path == nullptr) return refuse(Rejection::Malformed, "not an OSC message (no address)");
    RemoteRequest request;
    request.address = path;
    int result = 0;
    Message message(lo_message_deserialise(bytes.data(), size, &result));
    if (!message) return refuse(Rejection::Malformed, request.address + ": not a well-formed OSC message");
    Arguments arguments;
    if (const char* types = lo_message_get_types(message.get())) arguments.types = types;
    arguments.values = lo_message_get_argv(message.get());
    for (std::size_t i = 0; i < arguments.count(); ++i)
        if (arguments.isString(i) && std::strlen(oscString(arguments.values[i])) > kMaxStringBytes)
            return refuse(Rejection::Oversized, request.address + ": a string longer than " +
                                                    std::to_string(kMaxStringBytes) + " bytes");
    request.arguments = describeArguments(arguments);
    const std::string_view address = request.address;
    if (!address.starts_with(kAddressPrefix))
        return refuse(Rejection::UnknownAddress,
                      request.address + " is not under " + std::string(kAddressPrefix));
    return readMessage(address.substr(kAddressPrefix.size()), arguments, std::move(request));
}

std::string addressOf(Action action) {
    const auto& spec = session::commandSpec(action);
    return spec.remote.empty() ? std::string() : std::string(kAddressPrefix) + std::string(spec.remote);
}

std::string commandLabel(const std::string& address) {
    if (!std::string_view(address).starts_with(kAddressPrefix)) return address;
    const std::string_view name = std::string_view(address).substr(kAddressPrefix.size());
    if (name == "end/confirm") return "Confirm end";
    if (name == "marker") return "Marker";
    if (name == "note") return "Note";
    const auto rows = commandsAt(name);
    return rows.empty() ? address : std::string(rows[0]->label);
}

std::vector<AddressSpec> addressTable() {
    std::vector<AddressSpec> table;
    const std::string prefix(kAddressPrefix);
    for (const CommandSpec& spec : session::kCommandTable) {
        if (spec.remote.empty()) continue;
        const auto rows = commandsAt(spec.remote);
        if (rows[0] != &spec) continue;  // a switch's second half shares the first's address
        std::string what(spec.label);
        if (spec.action == Action::EndSession) what += ": asks; /stillpoint/end/confirm within 5 s ends";
        table.push_back({prefix + std::string(spec.remote), argumentsOf(rows), what});
    }
    table.push_back({prefix + "end/confirm", "none", "Confirms End session (within 5 s of /stillpoint/end)"});
    table.push_back({prefix + "marker", "s kind, optionally s label",
                     "Marker: dose_given, infusion_stopped, vitals_check, patient_spoke, distress, custom"});
    table.push_back({prefix + "note", "s text", "Note"});
    table.push_back({prefix + "status", "none, or i port", "Replies /stillpoint/reply/status to the sender"});
    table.push_back({prefix + "subscribe", "none, or i port",
                     "Session events and /stillpoint/heartbeat every second to the sender, for 30 s from "
                     "the latest subscribe"});
    table.push_back({prefix + "unsubscribe", "none, or i port", "Stops them"});
    return table;
}

}  // namespace stillpoint::remote
