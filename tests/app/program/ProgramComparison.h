// Two programs compared field by field, as gtest expectations: everything a program says, not where it was
// written in its file. Shared by the writer's and the editor's round-trip tests.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "program/Program.h"

namespace stillpoint::testing {

using program::Phase;
using program::Program;
using program::Track;

// Everything a program says, compared field by field (not where it was written in the file).
inline void expectSameTrack(const Track& a, const Track& b, const std::string& where) {
    EXPECT_EQ(a.file, b.file) << where;
    EXPECT_EQ(a.title, b.title) << where;
    EXPECT_EQ(a.start, b.start) << where;
    EXPECT_EQ(a.end, b.end) << where;
    EXPECT_EQ(a.gainDb, b.gainDb) << where;
    EXPECT_EQ(a.fadeIn, b.fadeIn) << where;
    EXPECT_EQ(a.fadeOut, b.fadeOut) << where;
    EXPECT_EQ(a.lyrics, b.lyrics) << where;
    EXPECT_EQ(a.intensity, b.intensity) << where;
    EXPECT_EQ(a.tags, b.tags) << where;
    ASSERT_EQ(a.alternates.size(), b.alternates.size()) << where;
    for (std::size_t i = 0; i < a.alternates.size(); ++i)
        expectSameTrack(a.alternates[i], b.alternates[i], where + " alternate " + std::to_string(i));
}

// A phase's place in the plan: its name, its times, how it ends and its crossfade into the next.
inline void expectSamePhasePlan(const Phase& a, const Phase& b) {
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.planned, b.planned) << a.name;
    EXPECT_EQ(a.minimum, b.minimum) << a.name;
    EXPECT_EQ(a.maximum, b.maximum) << a.name;
    EXPECT_EQ(a.ends, b.ends) << a.name;
    EXPECT_EQ(a.crossfadeToNext, b.crossfadeToNext) << a.name;
}

inline void expectSameProgram(const Program& a, const Program& b) {
    EXPECT_EQ(a.format, b.format);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.author, b.author);
    EXPECT_EQ(a.route, b.route);
    EXPECT_EQ(a.description, b.description);
    EXPECT_EQ(a.targetLufs, b.targetLufs);
    EXPECT_EQ(a.volumeCeilingDbfs, b.volumeCeilingDbfs);
    EXPECT_EQ(a.endFade, b.endFade);
    ASSERT_EQ(a.grounding.has_value(), b.grounding.has_value());
    if (a.grounding) expectSameTrack(*a.grounding, *b.grounding, "grounding");
    ASSERT_EQ(a.phases.size(), b.phases.size());
    for (std::size_t i = 0; i < a.phases.size(); ++i) {
        const Phase& p = a.phases[i];
        const Phase& q = b.phases[i];
        expectSamePhasePlan(p, q);
        EXPECT_EQ(p.trackCrossfade, q.trackCrossfade) << p.name;
        EXPECT_EQ(p.fill, q.fill) << p.name;
        ASSERT_EQ(p.bed.has_value(), q.bed.has_value()) << p.name;
        if (p.bed) expectSameTrack(*p.bed, *q.bed, p.name + " bed");
        ASSERT_EQ(p.tracks.size(), q.tracks.size()) << p.name;
        for (std::size_t t = 0; t < p.tracks.size(); ++t)
            expectSameTrack(p.tracks[t], q.tracks[t], p.name + " track " + std::to_string(t));
    }
}

}  // namespace stillpoint::testing
