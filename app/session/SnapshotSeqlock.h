// Publishes a trivially copyable value from the audio thread to readers on other threads without locks:
// the writer never waits, readers retry while a write is in progress. The value is copied word by word
// through relaxed atomics, so there is no data race in the C++ sense.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace stillpoint::session {

template <typename T>
class SnapshotSeqlock {
    static_assert(std::is_trivially_copyable_v<T>);
    static constexpr std::size_t kWords = (sizeof(T) + sizeof(std::uint64_t) - 1) / sizeof(std::uint64_t);

public:
    // Writer (one thread only).
    void publish(const T& value) noexcept {
        std::array<std::uint64_t, kWords> buffer{};
        std::memcpy(buffer.data(), &value, sizeof(T));
        const std::uint64_t sequence = sequence_.load(std::memory_order_relaxed);
        sequence_.store(sequence + 1, std::memory_order_relaxed);
        std::atomic_thread_fence(std::memory_order_release);
        for (std::size_t i = 0; i < kWords; ++i) words_[i].store(buffer[i], std::memory_order_relaxed);
        sequence_.store(sequence + 2, std::memory_order_release);
    }

    // Any thread.
    T read() const noexcept {
        std::array<std::uint64_t, kWords> buffer{};
        while (true) {
            const std::uint64_t before = sequence_.load(std::memory_order_acquire);
            if ((before & 1U) != 0) continue;
            for (std::size_t i = 0; i < kWords; ++i) buffer[i] = words_[i].load(std::memory_order_relaxed);
            std::atomic_thread_fence(std::memory_order_acquire);
            if (sequence_.load(std::memory_order_relaxed) == before) break;
        }
        T value;
        std::memcpy(static_cast<void*>(&value), buffer.data(), sizeof(T));
        return value;
    }

private:
    std::atomic<std::uint64_t> sequence_{0};
    std::array<std::atomic<std::uint64_t>, kWords> words_{};
};

}  // namespace stillpoint::session
