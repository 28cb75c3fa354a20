#include "remote/PeerAllowList.h"

#include <stdexcept>

#include "remote/UdpSocket.h"

namespace stillpoint::remote {

void PeerAllowList::add(const std::string& entry) {
    const auto slash = entry.find('/');
    const auto address = parseAddress(entry.substr(0, slash));
    int bits = 32;
    bool bitsValid = true;
    if (slash != std::string::npos) {
        const std::string text = entry.substr(slash + 1);
        bitsValid =
            !text.empty() && text.size() <= 2 && text.find_first_not_of("0123456789") == std::string::npos;
        if (bitsValid) bits = std::stoi(text);
        bitsValid = bitsValid && bits >= 0 && bits <= 32;
    }
    if (!address || !bitsValid)
        throw std::runtime_error("'" + entry +
                                 "' is not an IPv4 address or network: write 192.168.1.20 or 192.168.1.0/24");
    const std::uint32_t mask = bits == 0 ? 0u : ~std::uint32_t{0} << (32 - bits);
    networks_.push_back({*address & mask, mask});
}

bool PeerAllowList::allows(std::uint32_t address) const {
    if (networks_.empty()) return isLoopback(address);
    for (const auto& network : networks_)
        if ((address & network.mask) == network.base) return true;
    return false;
}

}  // namespace stillpoint::remote
