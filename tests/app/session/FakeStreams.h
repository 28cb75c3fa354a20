// Synthetic streams for conductor tests: each source plays a constant level (left = right) for a set
// number of frames, so the output level says exactly which tracks sound and how loud. A source can be
// missing (fails to open) or end early (delivers fewer frames than it declares, like a truncated file).
#pragma once

#include <array>
#include <cstdint>
#include <map>

#include "session/StreamProvider.h"

namespace stillpoint::session::testing {

struct FakeSource {
    float level = 0.1f;
    std::int64_t frames = 48000;
    std::int64_t declaredFrames = -1;  // what the "container" claims; -1 = same as frames
    bool missing = false;
    int readyAfterReads = 0;  // > 0: the decoder delivers nothing for this many reads
};

class FakeStreams final : public StreamProvider {
public:
    std::map<std::uint32_t, FakeSource> sources;
    int acquired = 0;
    int released = 0;

    int acquire(std::uint32_t sourceId, double offsetSeconds) noexcept override {
        for (int i = 0; i < static_cast<int>(slots_.size()); ++i) {
            Slot& slot = slots_[static_cast<std::size_t>(i)];
            if (slot.used) continue;
            slot = Slot{};
            slot.used = true;
            slot.source = sources[sourceId];
            slot.position = static_cast<std::int64_t>(offsetSeconds * 48000.0);
            slot.start = slot.position;
            slot.stall = slot.source.readyAfterReads;
            ++acquired;
            return i;
        }
        return -1;
    }
    audio::StreamStatus status(int i) const noexcept override {
        return slot(i).source.missing ? audio::StreamStatus::Failed : audio::StreamStatus::Ready;
    }
    int read(int i, float* out, int frames) noexcept override {
        Slot& s = slots_[static_cast<std::size_t>(i)];
        if (s.source.missing) return 0;
        if (s.stall > 0) {
            --s.stall;
            return 0;
        }
        const std::int64_t left = s.source.frames - s.position;
        const int count = static_cast<int>(std::max<std::int64_t>(0, std::min<std::int64_t>(left, frames)));
        for (int f = 0; f < count; ++f) out[2 * f] = out[2 * f + 1] = s.source.level;
        s.position += count;
        return count;
    }
    bool finished(int i) const noexcept override {
        const Slot& s = slot(i);
        return !s.source.missing && s.position >= s.source.frames;
    }
    std::int64_t lengthFrames(int i) const noexcept override {
        const Slot& s = slot(i);
        // An early end is known ahead (the decoder reached it) once less than a second is left.
        const bool known = s.source.declaredFrames < 0 || s.source.frames - s.position < 48000;
        return (known ? s.source.frames : s.source.declaredFrames) - s.start;
    }
    bool lengthExact(int i) const noexcept override {
        const Slot& s = slot(i);
        return s.source.declaredFrames < 0 || s.source.frames - s.position < 48000;
    }
    std::int64_t framesRead(int i) const noexcept override { return slot(i).position - slot(i).start; }
    audio::StreamFault fault(int i) const noexcept override {
        const Slot& s = slot(i);
        if (s.source.missing) return audio::StreamFault::FileMissing;
        if (s.source.declaredFrames >= 0 && lengthExact(i)) return audio::StreamFault::EndedEarly;
        return audio::StreamFault::None;
    }
    const char* faultDetail(int i) const noexcept override {
        return fault(i) == audio::StreamFault::None ? "" : "synthetic fault";
    }
    void release(int i) noexcept override {
        if (i < 0) return;
        slots_[static_cast<std::size_t>(i)].used = false;
        ++released;
    }
    int slotsInUse() const {
        int count = 0;
        for (const auto& s : slots_) count += s.used ? 1 : 0;
        return count;
    }

private:
    struct Slot {
        bool used = false;
        FakeSource source;
        std::int64_t position = 0;
        std::int64_t start = 0;
        int stall = 0;
    };
    const Slot& slot(int i) const { return slots_[static_cast<std::size_t>(i)]; }
    std::array<Slot, 16> slots_{};
};

}  // namespace stillpoint::session::testing
