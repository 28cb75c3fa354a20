// Who may send to a session's OSC port: IPv4 addresses ("192.168.1.20") and networks ("192.168.1.0/24").
// An empty list lets in this machine only (127.0.0.0/8).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace stillpoint::remote {

class PeerAllowList {
public:
    // Adds an address or network. Throws std::runtime_error naming the entry and the form it should take.
    void add(const std::string& entry);
    bool allows(std::uint32_t address) const;  // host byte order
    bool empty() const { return networks_.empty(); }

private:
    struct Network {
        std::uint32_t base = 0;
        std::uint32_t mask = 0;
    };
    std::vector<Network> networks_;
};

}  // namespace stillpoint::remote
