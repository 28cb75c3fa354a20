// A small seeded random generator (PCG-XSH-RR, O'Neill 2014). The demo library must come out
// byte-identical on every run and every machine, so it never uses std:: distributions, whose output
// differs between standard library versions.
#pragma once

#include <cstdint>

namespace stillpoint::demo {

class Pcg32 {
public:
    explicit Pcg32(std::uint64_t seed, std::uint64_t stream = 0x5851f42d4c957f2dULL)
        : increment_((stream << 1U) | 1U) {
        nextUint32();
        state_ += seed;
        nextUint32();
    }

    std::uint32_t nextUint32() {
        const std::uint64_t previous = state_;
        state_ = previous * 6364136223846793005ULL + increment_;
        const auto xorShifted = static_cast<std::uint32_t>(((previous >> 18U) ^ previous) >> 27U);
        const auto rotation = static_cast<std::uint32_t>(previous >> 59U);
        return (xorShifted >> rotation) | (xorShifted << ((32U - rotation) & 31U));
    }

    // Uniform in [0, 1), exactly representable, so identical everywhere.
    double uniform() { return nextUint32() * (1.0 / 4294967296.0); }
    double between(double low, double high) { return low + (high - low) * uniform(); }
    // Uniform in [-1, 1).
    double bipolar() { return 2.0 * uniform() - 1.0; }
    // Uniform integer in [0, count); count must be > 0. The modulo bias is irrelevant here.
    int below(int count) { return static_cast<int>(nextUint32() % static_cast<std::uint32_t>(count)); }

private:
    std::uint64_t state_ = 0;
    std::uint64_t increment_;
};

}  // namespace stillpoint::demo
