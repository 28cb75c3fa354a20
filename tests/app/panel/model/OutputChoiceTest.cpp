// Choosing the three outputs on the setup screen: what each list offers, what is unsafe about a choice,
// and saving it for this machine.
#include "panel/model/OutputChoice.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace stillpoint::panel {
namespace {

class OutputChoiceTest : public ::testing::Test {
protected:
    OutputChoiceTest() {
        setup.outputDevice = "Headphones";
        setup.roomOutputDevice = "";
    }
    SessionSetup setup;
    std::vector<OutputDevices> saves;
    bool failNext = false;
    OutputChoice choice{{"Headphones", "Speakers", "Operator headset", "No Output"},
                        {"Headphones", "", ""},
                        [this](const OutputDevices& devices) {
                            if (failNext) throw std::runtime_error("the disk is full");
                            saves.push_back(devices);
                        },
                        "~/.config/stillpoint/stillpoint.toml"};
};

TEST_F(OutputChoiceTest, EachListStartsWithItsDefaultAndOffersEveryDevice) {
    const auto patient = choice.entries(SetupOutput::Patient, setup);
    ASSERT_EQ(patient.size(), 5u);
    EXPECT_EQ(patient[0].label, "System default");
    EXPECT_EQ(patient[0].device, "");
    EXPECT_EQ(patient[4].label, "No sound (test output)");
    const auto room = choice.entries(SetupOutput::Room, setup);
    EXPECT_EQ(room[0].label, "None");
    EXPECT_EQ(choice.label(SetupOutput::Room, setup), "None");
    EXPECT_EQ(choice.label(SetupOutput::Patient, setup), "Headphones");
    setup.previewOutputDevice = "null";
    EXPECT_EQ(choice.label(SetupOutput::Preview, setup), "No sound (test output)");
}

// "null" opens even where OpenAL's backend lists no "No Output" (only its wave writer, say): it is never
// said to be not connected.
TEST_F(OutputChoiceTest, TheNullOutputIsAlwaysThere) {
    OutputChoice waveOnly{{"Wave File Writer"}, {"null", "", ""}, [](const OutputDevices&) {}, "here"};
    setup.outputDevice = "null";
    setup.roomOutputDevice = "Wave File Writer";
    EXPECT_TRUE(waveOnly.warnings(setup).empty());
    EXPECT_EQ(waveOnly.label(SetupOutput::Patient, setup), "No sound (test output)");
    EXPECT_EQ(waveOnly.entries(SetupOutput::Patient, setup).size(), 2u);  // System default, the wave writer
    // Outputs that share the null device share nothing anyone hears: no warning for them.
    setup.roomOutputDevice = "No Output";
    setup.previewOutputDevice = "null";
    EXPECT_TRUE(choice.warnings(setup).empty());
}

TEST_F(OutputChoiceTest, AConfiguredDeviceThatIsNotConnectedIsListedAndSaid) {
    setup.roomOutputDevice = "Ceiling speakers";
    const auto room = choice.entries(SetupOutput::Room, setup);
    ASSERT_GE(room.size(), 2u);
    EXPECT_EQ(room[1].label, "Ceiling speakers (not connected)");
    EXPECT_EQ(choice.label(SetupOutput::Room, setup), "Ceiling speakers (not connected)");
    ASSERT_EQ(choice.warnings(setup).size(), 1u);
    EXPECT_EQ(choice.warnings(setup)[0], "The room output \"Ceiling speakers\" is not connected.");
}

TEST_F(OutputChoiceTest, ThePatientsDeviceIsNeitherTheRoomNorThePreview) {
    EXPECT_TRUE(choice.warnings(setup).empty());
    setup.previewOutputDevice = "Headphones";
    ASSERT_EQ(choice.warnings(setup).size(), 1u);
    EXPECT_NE(choice.warnings(setup)[0].find("the patient would hear the previews"), std::string::npos);
    setup.previewOutputDevice = "Operator headset";
    setup.roomOutputDevice = "Headphones";
    ASSERT_EQ(choice.warnings(setup).size(), 1u);
    EXPECT_NE(choice.warnings(setup)[0].find("room output is the patient's device"), std::string::npos);
    setup.roomOutputDevice = "Speakers";
    setup.previewOutputDevice = "Speakers";
    ASSERT_EQ(choice.warnings(setup).size(), 1u);
    EXPECT_NE(choice.warnings(setup)[0].find("the room would hear the previews"), std::string::npos);
}

TEST_F(OutputChoiceTest, SavesTheChoiceAndKnowsWhenItDiffersFromWhatIsSaved) {
    EXPECT_FALSE(choice.unsaved(setup));
    setup.roomOutputDevice = "Speakers";
    setup.previewOutputDevice = "Operator headset";
    EXPECT_TRUE(choice.unsaved(setup));
    ASSERT_TRUE(choice.save(setup));
    ASSERT_EQ(saves.size(), 1u);
    EXPECT_EQ(saves[0], (OutputDevices{"Headphones", "Speakers", "Operator headset"}));
    EXPECT_FALSE(choice.unsaved(setup));
    EXPECT_FALSE(choice.saveFailed());
    EXPECT_EQ(choice.saveMessage(), "Saved for this machine in ~/.config/stillpoint/stillpoint.toml");
}

TEST_F(OutputChoiceTest, ASaveThatFailsSaysWhyAndStaysUnsaved) {
    setup.roomOutputDevice = "Speakers";
    failNext = true;
    EXPECT_FALSE(choice.save(setup));
    EXPECT_TRUE(choice.saveFailed());
    EXPECT_EQ(choice.saveMessage(), "Not saved: the disk is full");
    EXPECT_TRUE(choice.unsaved(setup));
}

}  // namespace
}  // namespace stillpoint::panel
