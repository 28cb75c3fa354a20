// The journal as the panel drives it: a journal that cannot write never stops the session, and a full
// disk is one alert, not one per heartbeat; each operator entry lost meanwhile is named.
#include "panel/JournalRecorder.h"

#include <gtest/gtest.h>

#include "app/journal/JournalTestSupport.h"
#include "journal/JournalReader.h"

namespace stillpoint::panel {
namespace {

using namespace journal::testing;

TEST(JournalRecorderTest, AFullDiskIsOneAlertAndEachLostOperatorEntryIsNamed) {
    TempFolder temp;
    const auto program = makeProgram(temp.path());
    JournalRecorder recorder(temp.path() / "sessions", program);
    SessionSetup setup;
    setup.patientId = "KX-0042";
    setup.clinician = "Dr. M. Okafor";
    setup.musicConsent = MusicConsent::Yes;
    recorder.recordSetup(setup);
    ASSERT_NE(recorder.journal(), nullptr);
    recorder.observe(makeSnapshot(2.0, 0, phaseTrack(0, 0), 2.0, 2.0));
    EXPECT_EQ(recorder.takeError(), "");

    std::vector<std::string> alerts;
    {
        FileSizeLimit diskFull(std::filesystem::file_size(recorder.journal()->file()) + 20);
        // Two minutes of heartbeats on a full disk.
        for (int i = 2; i < 62; ++i) {
            recorder.observe(makeSnapshot(2.0 * i, 0, phaseTrack(0, 0), 2.0 * i, 2.0 * i));
            if (auto error = recorder.takeError(); !error.empty()) alerts.push_back(error);
        }
        ASSERT_EQ(alerts.size(), 1u);
        EXPECT_NE(alerts[0].find("nothing more is until the drive can be written again"), std::string::npos)
            << alerts[0];
        recorder.recordMarker(130.0, MarkerKind::DoseGiven, "Dose given");
        const auto lost = recorder.takeError();
        EXPECT_NE(lost.find("the marker \"dose_given\" was NOT recorded"), std::string::npos) << lost;
        EXPECT_NE(lost.find("note it down by hand"), std::string::npos) << lost;
    }
    recorder.recordMarker(140.0, MarkerKind::DoseGiven, "Dose given");
    EXPECT_EQ(recorder.takeError(), "");
    const auto contents = journal::readJournal(recorder.journal()->file());
    EXPECT_TRUE(contents.skipped.empty()) << contents.describeSkipped();
    EXPECT_EQ(contents.events.back().event["marker"], "dose_given");
}

}  // namespace
}  // namespace stillpoint::panel
