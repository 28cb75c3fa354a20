// One IPv4 UDP socket for OSC: bound to the address asked for (loopback unless a network is named),
// receiving datagrams with their sender, and sending OSC messages built with liblo. Stillpoint owns the
// socket (liblo only encodes and decodes), so where it listens and whom it hears is decided here.
//
// Threads: receive() on one thread, send() from any (the kernel serialises datagrams).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <lo/lo.h>

namespace stillpoint::remote {

// An IPv4 address and port.
struct Endpoint {
    std::uint32_t address = 0;  // host byte order
    std::uint16_t port = 0;
    std::string text() const;  // "127.0.0.1:53000"
    bool operator==(const Endpoint&) const = default;
};

// "HOST:PORT" (a name or a dotted address); nothing if it does not resolve. `error` says why.
std::optional<Endpoint> resolveEndpoint(const std::string& text, std::string& error);
// A dotted IPv4 address; nothing if it is not one.
std::optional<std::uint32_t> parseAddress(const std::string& text);
bool isLoopback(std::uint32_t address);

struct Datagram {
    Endpoint from;
    std::size_t size = 0;  // the whole datagram's size, even if it was larger than the buffer
};

class UdpSocket {
public:
    // Binds `address` (dotted IPv4; "0.0.0.0" = every interface) and `port` (0 = any free one). Throws
    // std::runtime_error saying what could not be done and what to do.
    UdpSocket(const std::string& address, int port);
    ~UdpSocket();
    UdpSocket(const UdpSocket&) = delete;
    UdpSocket& operator=(const UdpSocket&) = delete;

    int port() const { return port_; }
    const std::string& address() const { return address_; }

    // Waits up to `timeoutMs` for a datagram and reads it into `buffer` (which keeps its size); nothing
    // if none came.
    std::optional<Datagram> receive(int timeoutMs, std::vector<char>& buffer);
    // Sends `message` to `path` at `to`. False if it could not be sent (no route, refused).
    bool send(const Endpoint& to, const char* path, lo_message message);
    bool sendBytes(const Endpoint& to, const void* data, std::size_t size);

private:
    int fd_ = -1;
    int port_ = 0;
    std::string address_;
};

// An OSC message being built (liblo's lo_message, freed with it).
class OscMessage {
public:
    OscMessage() : message_(lo_message_new()) {}
    ~OscMessage() { lo_message_free(message_); }
    OscMessage(const OscMessage&) = delete;
    OscMessage& operator=(const OscMessage&) = delete;
    OscMessage& add(const std::string& text) {
        lo_message_add_string(message_, text.c_str());
        return *this;
    }
    OscMessage& add(float value) {
        lo_message_add_float(message_, value);
        return *this;
    }
    OscMessage& add(int value) {
        lo_message_add_int32(message_, value);
        return *this;
    }
    lo_message get() const { return message_; }

private:
    lo_message message_;
};

}  // namespace stillpoint::remote
