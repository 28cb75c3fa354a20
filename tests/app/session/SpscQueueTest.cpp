#include "session/SpscQueue.h"

#include <gtest/gtest.h>

#include <thread>

#include "session/SnapshotSeqlock.h"

namespace stillpoint::session {
namespace {

TEST(SpscQueue, RefusesWhenFullAndKeepsOrder) {
    SpscQueue<int, 4> queue;
    for (int i = 0; i < 4; ++i) EXPECT_TRUE(queue.push(i));
    EXPECT_FALSE(queue.push(99));
    int value = -1;
    for (int i = 0; i < 4; ++i) {
        ASSERT_TRUE(queue.pop(value));
        EXPECT_EQ(value, i);
    }
    EXPECT_FALSE(queue.pop(value));
}

TEST(SpscQueue, CarriesEveryItemAcrossThreadsInOrder) {
    SpscQueue<long, 64> queue;
    constexpr long kCount = 50000;
    std::thread producer([&] {
        for (long i = 0; i < kCount; ++i) {
            while (!queue.push(i)) std::this_thread::yield();
        }
    });
    long expected = 0;
    long value = 0;
    while (expected < kCount) {
        if (queue.pop(value)) {
            ASSERT_EQ(value, expected);
            ++expected;
        }
    }
    producer.join();
}

struct Pair {
    long a = 0;
    long b = 0;
};

TEST(SnapshotSeqlock, ReadersNeverSeeAHalfWrittenValue) {
    SnapshotSeqlock<Pair> lock;
    std::atomic<bool> done{false};
    std::thread writer([&] {
        for (long i = 0; i < 50000; ++i) lock.publish(Pair{i, -i});
        done = true;
    });
    while (!done) {
        const Pair seen = lock.read();
        ASSERT_EQ(seen.a, -seen.b);
    }
    writer.join();
    EXPECT_EQ(lock.read().a, 49999);
}

}  // namespace
}  // namespace stillpoint::session
