// What Stillpoint understands by OSC (docs/osc.md), without any network: the addresses, built from the
// command table (every remote command is a row of app/session/CommandTable.h with its `remote` name) plus
// the operator's entries and the queries, and the reading of one received packet into a request, or the
// reason it is refused. Packets are decoded by liblo.
//
// Threads: any (pure functions).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "journal/OperatorObservations.h"
#include "session/CommandTable.h"

namespace stillpoint::remote {

inline constexpr std::string_view kAddressPrefix = "/stillpoint/";
// A note or a marker label longer than this is refused, not cut: the operator would not know what was lost.
inline constexpr std::size_t kMaxStringBytes = 1024;
// Larger datagrams are refused before they are decoded.
inline constexpr std::size_t kMaxPacketBytes = 4096;
// `/stillpoint/extend` takes at most this many minutes at once.
inline constexpr double kMaxExtendMinutes = 60.0;

enum class RequestKind : std::uint8_t {
    Command,     // a command of the table: `action`, `value`
    Marker,      // `marker`, `text` (the label; empty = the kind's own name)
    Note,        // `text`
    ConfirmEnd,  // /stillpoint/end/confirm
    Status,      // /stillpoint/status: reply to the sender
    Subscribe,   // events and a heartbeat every second to the sender
    Unsubscribe,
};

struct RemoteRequest {
    RequestKind kind = RequestKind::Command;
    session::Action action = session::Action::Start;
    double value = 0.0;
    journal::MarkerKind marker = journal::MarkerKind::Custom;
    std::string text;
    // Replies and subscriptions go to the sender's port, or to this one (a client that listens on another).
    int replyPort = 0;
    std::string address;    // as received
    std::string arguments;  // as received, for the journal: "f 5", "s \"dose_given\""
};

// Why a message was refused. The first of each kind is journaled; all are counted.
enum class Rejection : std::uint8_t {
    NotAllowed,      // the sender is not in the allow-list
    Malformed,       // not an OSC message (or a bundle, which Stillpoint does not take)
    UnknownAddress,  // no such address under /stillpoint/
    WrongArguments,  // the address takes other arguments (types, count or range)
    Oversized,       // a string longer than kMaxStringBytes, or a packet larger than kMaxPacketBytes
    Flood,           // more messages than the rate limit lets through
};
inline constexpr int kRejectionCount = 6;
const char* journalName(Rejection rejection);  // "unknown_address"

// A received packet read: a request, a refusal, or neither (a button's release, which asks for nothing).
struct ReadPacket {
    std::optional<RemoteRequest> request;
    std::optional<Rejection> rejection;
    std::string detail;  // what was wrong, for the journal ("/stillpoint/volume takes one number 0-1")
};
ReadPacket readPacket(const void* data, std::size_t size);

// One address as docs/osc.md lists it.
struct AddressSpec {
    std::string address;    // "/stillpoint/extend"
    std::string arguments;  // "f minutes (0-60]"
    std::string what;       // "Extend phase"
};
std::vector<AddressSpec> addressTable();

// The address of a command; empty if it is not sent remotely.
std::string addressOf(session::Action action);
// What an address does, for people: the command's label ("Grounding track" for /stillpoint/grounding),
// "Confirm end", "Marker", "Note"; the address itself if it is none of these.
std::string commandLabel(const std::string& address);

}  // namespace stillpoint::remote
