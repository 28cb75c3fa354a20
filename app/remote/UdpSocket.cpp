#include "remote/UdpSocket.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace stillpoint::remote {

namespace {

sockaddr_in toSockaddr(const Endpoint& endpoint) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(endpoint.address);
    address.sin_port = htons(endpoint.port);
    return address;
}

}  // namespace

std::string Endpoint::text() const {
    char dotted[INET_ADDRSTRLEN] = "";
    const in_addr in{htonl(address)};
    ::inet_ntop(AF_INET, &in, dotted, sizeof dotted);
    return std::string(dotted) + ":" + std::to_string(port);
}

std::optional<std::uint32_t> parseAddress(const std::string& text) {
    in_addr in{};
    if (::inet_pton(AF_INET, text.c_str(), &in) != 1) return std::nullopt;
    return ntohl(in.s_addr);
}

bool isLoopback(std::uint32_t address) {
    return (address >> 24) == 127;
}

std::optional<Endpoint> resolveEndpoint(const std::string& text, std::string& error) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
        error = "'" + text + "' is not HOST:PORT (e.g. room2.local:9000)";
        return std::nullopt;
    }
    const std::string host = text.substr(0, colon);
    const std::string portText = text.substr(colon + 1);
    char* end = nullptr;
    const long port = std::strtol(portText.c_str(), &end, 10);
    if (*end != '\0' || port < 1 || port > 65535) {
        error = "'" + portText + "' in '" + text + "' is not a port (1-65535)";
        return std::nullopt;
    }
    addrinfo hints{};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_DGRAM;
    addrinfo* found = nullptr;
    if (const int status = ::getaddrinfo(host.c_str(), nullptr, &hints, &found); status != 0 || !found) {
        error = "cannot find the host '" + host + "': " + ::gai_strerror(status);
        return std::nullopt;
    }
    Endpoint endpoint;
    endpoint.address = ntohl(reinterpret_cast<const sockaddr_in*>(found->ai_addr)->sin_addr.s_addr);
    endpoint.port = static_cast<std::uint16_t>(port);
    ::freeaddrinfo(found);
    return endpoint;
}

UdpSocket::UdpSocket(const std::string& address, int port) : address_(address) {
    const auto bindAddress = parseAddress(address);
    if (!bindAddress)
        throw std::runtime_error("'" + address +
                                 "' is not an IPv4 address to listen on (e.g. 127.0.0.1, or "
                                 "the address of this machine on the clinic's network)");
    if (port < 0 || port > 65535) throw std::runtime_error(std::to_string(port) + " is not a port (1-65535)");
    fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error(std::string("cannot open a UDP socket: ") + std::strerror(errno));
    const sockaddr_in bound = toSockaddr({*bindAddress, static_cast<std::uint16_t>(port)});
    if (::bind(fd_, reinterpret_cast<const sockaddr*>(&bound), sizeof bound) != 0) {
        const std::string why = std::strerror(errno);
        ::close(fd_);
        throw std::runtime_error("cannot listen for OSC on " + address + ":" + std::to_string(port) + ": " +
                                 why + " (is another program using that port? choose another)");
    }
    sockaddr_in actual{};
    socklen_t length = sizeof actual;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&actual), &length);
    port_ = ntohs(actual.sin_port);
}

UdpSocket::~UdpSocket() {
    if (fd_ >= 0) ::close(fd_);
}

std::optional<Datagram> UdpSocket::receive(int timeoutMs, std::vector<char>& buffer) {
    pollfd waiting{fd_, POLLIN, 0};
    if (::poll(&waiting, 1, timeoutMs) <= 0) return std::nullopt;
    sockaddr_in from{};
    socklen_t length = sizeof from;
    // MSG_TRUNC: the datagram's real length, so one too large is known as such, not read cut short.
    const ssize_t got = ::recvfrom(fd_, buffer.data(), buffer.size(), MSG_TRUNC | MSG_DONTWAIT,
                                   reinterpret_cast<sockaddr*>(&from), &length);
    if (got < 0) return std::nullopt;
    Datagram datagram;
    datagram.from.address = ntohl(from.sin_addr.s_addr);
    datagram.from.port = ntohs(from.sin_port);
    datagram.size = static_cast<std::size_t>(got);
    return datagram;
}

bool UdpSocket::sendBytes(const Endpoint& to, const void* data, std::size_t size) {
    const sockaddr_in address = toSockaddr(to);
    return ::sendto(fd_, data, size, MSG_DONTWAIT, reinterpret_cast<const sockaddr*>(&address),
                    sizeof address) == static_cast<ssize_t>(size);
}

bool UdpSocket::send(const Endpoint& to, const char* path, lo_message message) {
    std::size_t size = lo_message_length(message, path);
    std::vector<char> bytes(size);
    if (lo_message_serialise(message, path, bytes.data(), &size) == nullptr) return false;
    return sendBytes(to, bytes.data(), size);
}

}  // namespace stillpoint::remote
