#include <gtest/gtest.h>

#include "panel/model/AlertBoard.h"

using namespace stillpoint::panel;
using stillpoint::session::EventKind;
using stillpoint::session::FaultKind;
using stillpoint::session::SessionEvent;

namespace {
SessionEvent faultEvent(EventKind kind, FaultKind fault, double atSeconds, const char* detail = "") {
    SessionEvent event;
    event.kind = kind;
    event.fault = fault;
    event.sampleRate = 48000;
    event.sessionFrame = static_cast<std::int64_t>(atSeconds * 48000);
    std::snprintf(event.detail.data(), event.detail.size(), "%s", detail);
    return event;
}
}  // namespace

TEST(AlertBoard, FaultRaisesAnAlertNamingTheFile) {
    AlertBoard board;
    board.onEvent(faultEvent(EventKind::Fault, FaultKind::FileUnreadable, 12.0, "peak/ocean.flac"));
    ASSERT_EQ(board.alerts().size(), 1u);
    EXPECT_EQ(board.alerts()[0].kind, AlertKind::FileFailing);
    // Plain words first; the file is the technical detail, one click away.
    EXPECT_EQ(board.alerts()[0].message.find("peak/ocean.flac"), std::string::npos);
    EXPECT_NE(board.alerts()[0].message.find("the music continues"), std::string::npos);
    EXPECT_NE(board.alerts()[0].detail.find("peak/ocean.flac"), std::string::npos);
    EXPECT_DOUBLE_EQ(board.alerts()[0].raisedAt, 12.0);
}

TEST(AlertBoard, AlertStaysAfterItsCauseClearsUntilAcknowledged) {
    AlertBoard board;
    board.onEvent(faultEvent(EventKind::Fault, FaultKind::DeviceLost, 30.0));
    board.onEvent(faultEvent(EventKind::FaultCleared, FaultKind::DeviceLost, 34.0));
    ASSERT_EQ(board.alerts().size(), 1u);
    EXPECT_TRUE(board.alerts()[0].cleared);
    EXPECT_DOUBLE_EQ(board.alerts()[0].clearedAt, 34.0);
    EXPECT_TRUE(board.acknowledge(board.alerts()[0].id));
    EXPECT_TRUE(board.empty());
}

TEST(AlertBoard, RepeatedReportOfAnOpenProblemIsOneAlert) {
    AlertBoard board;
    board.onEvent(faultEvent(EventKind::Fault, FaultKind::UnexpectedSilence, 1.0));
    board.onEvent(faultEvent(EventKind::Fault, FaultKind::UnexpectedSilence, 2.0));
    EXPECT_EQ(board.alerts().size(), 1u);
}

TEST(AlertBoard, NewFaultAfterClearingIsANewAlert) {
    AlertBoard board;
    board.onEvent(faultEvent(EventKind::Fault, FaultKind::DeviceLost, 1.0));
    board.onEvent(faultEvent(EventKind::FaultCleared, FaultKind::DeviceLost, 2.0));
    board.onEvent(faultEvent(EventKind::Fault, FaultKind::DeviceLost, 3.0));
    EXPECT_EQ(board.alerts().size(), 2u);
}

TEST(AlertBoard, OtherEventsAndUnknownIdsAreIgnored) {
    AlertBoard board;
    board.onEvent(faultEvent(EventKind::TrackStarted, FaultKind::None, 1.0));
    EXPECT_TRUE(board.empty());
    EXPECT_FALSE(board.acknowledge(99));
}
