// Saving the setup screen's outputs into stillpoint.toml: only the device lines change, the file reads back
// through MachineConfig with the chosen devices and no problem, and it stays private and is never written
// through a planted link.
#include "config/MachineConfigWriter.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "audio/decode/AudioFixtures.h"

using namespace stillpoint::config;
using stillpoint::testing::TempFolder;
namespace fs = std::filesystem;

namespace {

const fs::path kFile = "/home/clinic/.config/stillpoint/stillpoint.toml";

std::string readAll(const fs::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

MachineConfig readsBack(const std::string& text) {
    const auto result = parseMachineConfigText(text, kFile);
    EXPECT_TRUE(result.problems.empty())
        << (result.problems.empty() ? std::string()
                                    : stillpoint::program::formatProblem(result.problems.front()))
        << "\n"
        << text;
    return result.config.value_or(MachineConfig{});
}

const std::string kClinicFile = R"(# Room 2, set up by the clinic's technician
[outputs.patient]
device = "USB Headphones"   # the blue headset
volume = 0.7
ceiling = -6

[outputs.room]
# the speakers by the window
volume = 0.4
duck_on_talk_over = false

[osc]
port = 9000

[call_button]
key = "F13"
)";

TEST(MachineConfigWriter, ChangesOnlyTheDeviceLinesAndKeepsEveryCommentAndTable) {
    const std::string saved = withOutputDevices(kClinicFile, kFile,
                                                {{OutputRole::Patient, "Headset (USB)"},
                                                 {OutputRole::Room, "Built-in Audio Analog Stereo"},
                                                 {OutputRole::Preview, "Operator headset"}});
    const MachineConfig config = readsBack(saved);
    EXPECT_EQ(config.patient.device, "Headset (USB)");
    EXPECT_EQ(config.room.device, "Built-in Audio Analog Stereo");
    EXPECT_EQ(config.preview.device, "Operator headset");
    // Everything else as it was.
    EXPECT_EQ(config.patient.volume, 0.7);
    EXPECT_EQ(config.patient.ceilingDbfs, -6.0);
    EXPECT_EQ(config.room.volume, 0.4);
    EXPECT_FALSE(config.room.duckOnTalkOver);
    EXPECT_EQ(config.osc.port, 9000);
    EXPECT_EQ(config.callButton.key, "F13");
    for (const char* comment : {"# Room 2, set up by the clinic's technician", "# the blue headset",
                                "# the speakers by the window"})
        EXPECT_NE(saved.find(comment), std::string::npos) << comment << "\n" << saved;
    // The patient's line changed in place, the room's device under its own header, the preview's table new.
    EXPECT_NE(saved.find("device = \"Headset (USB)\"   # the blue headset\n"), std::string::npos) << saved;
    EXPECT_NE(saved.find("[outputs.room]\ndevice = \"Built-in Audio Analog Stereo\"\n# the speakers"),
              std::string::npos)
        << saved;
    EXPECT_NE(saved.find("\n[outputs.preview]\ndevice = \"Operator headset\"\n"), std::string::npos) << saved;
    // Saved again with the same choice: the very same file.
    EXPECT_EQ(withOutputDevices(saved, kFile,
                                {{OutputRole::Patient, "Headset (USB)"},
                                 {OutputRole::Room, "Built-in Audio Analog Stereo"},
                                 {OutputRole::Preview, "Operator headset"}}),
              saved);
}

TEST(MachineConfigWriter, NoDeviceTakesTheDeviceLineOut) {
    const std::string saved =
        withOutputDevices(kClinicFile, kFile, {{OutputRole::Patient, ""}, {OutputRole::Room, ""}});
    const MachineConfig config = readsBack(saved);
    EXPECT_EQ(config.patient.device, "") << "the system default";
    EXPECT_EQ(config.room.device, "") << "no room output";
    EXPECT_EQ(config.patient.volume, 0.7);
    EXPECT_EQ(saved.find("device"), std::string::npos) << saved;
    EXPECT_NE(saved.find("# the speakers by the window"), std::string::npos);
}

TEST(MachineConfigWriter, NamesWithQuotesBackslashesAndAccentsReadBackAsTheyAre) {
    const std::string name = "Casque \"bleu\" \\ salle 2 été";
    // An accented name before: toml++ counts its columns in characters, the edit in bytes.
    const std::string accented = "[outputs.patient]\nvolume = 0.5\ndevice = \"écouteurs éèê\" # kept\n";
    const std::string saved = withOutputDevices(accented, kFile, {{OutputRole::Patient, name}});
    const MachineConfig config = readsBack(saved);
    EXPECT_EQ(config.patient.device, name);
    EXPECT_EQ(config.patient.volume, 0.5);
    EXPECT_NE(saved.find("\" # kept\n"), std::string::npos) << "edited in place:\n" << saved;
}

TEST(MachineConfigWriter, AFileWrittenWithInlineTablesIsWrittenAgainWhole) {
    const std::string inlineTables = "outputs = { patient = { device = \"A\", volume = 0.6 } }\n";
    const MachineConfig config = readsBack(
        withOutputDevices(inlineTables, kFile, {{OutputRole::Patient, "B"}, {OutputRole::Room, "Speakers"}}));
    EXPECT_EQ(config.patient.device, "B");
    EXPECT_EQ(config.patient.volume, 0.6);
    EXPECT_EQ(config.room.device, "Speakers");
}

TEST(MachineConfigWriter, AFileWithErrorsIsNotSavedOver) {
    try {
        withOutputDevices("[outputs.room]\nvolumee = 0.4\n", kFile, {{OutputRole::Room, "Speakers"}});
        FAIL() << "saved over a file with errors";
    } catch (const std::runtime_error& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find("fix them"), std::string::npos) << message;
        EXPECT_NE(message.find("stillpoint.toml:2:1"), std::string::npos) << message;
        EXPECT_NE(message.find("volumee"), std::string::npos) << message;
    }
}

TEST(MachineConfigWriter, ANewFileIsPrivateInAPrivateFolderAndLoadsBack) {
    TempFolder temp;
    const fs::path file = temp.path() / "config" / "stillpoint" / "stillpoint.toml";
    saveOutputDevices(file, {{OutputRole::Patient, "Headphones"}, {OutputRole::Room, "Speakers"}});
    const auto result = readMachineConfig(file);
    ASSERT_TRUE(result.config);
    EXPECT_TRUE(result.problems.empty());
    EXPECT_EQ(result.config->patient.device, "Headphones");
    EXPECT_EQ(result.config->room.device, "Speakers");
    struct stat status {};
    ASSERT_EQ(::stat(file.c_str(), &status), 0);
    EXPECT_EQ(status.st_mode & 0777, 0600u);
    ASSERT_EQ(::stat(file.parent_path().c_str(), &status), 0);
    EXPECT_EQ(status.st_mode & 0777, 0700u);
    // Nothing left beside it (the temporary file was renamed into place).
    int entries = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(file.parent_path())) ++entries;
    EXPECT_EQ(entries, 1);
}

TEST(MachineConfigWriter, AnExistingFileKeepsItsContentAndBecomesPrivate) {
    TempFolder temp;
    const fs::path folder = temp.path() / "stillpoint";
    fs::create_directories(folder);
    fs::permissions(folder, fs::perms(0755));
    const fs::path file = folder / "stillpoint.toml";
    std::ofstream(file) << kClinicFile;
    fs::permissions(file, fs::perms(0644));
    saveOutputDevices(file, {{OutputRole::Room, "Speakers"}});
    const auto result = readMachineConfig(file);
    ASSERT_TRUE(result.config);
    EXPECT_EQ(result.config->room.device, "Speakers");
    EXPECT_EQ(result.config->patient.device, "USB Headphones");
    EXPECT_NE(readAll(file).find("# the blue headset"), std::string::npos);
    struct stat status {};
    ASSERT_EQ(::stat(file.c_str(), &status), 0);
    EXPECT_EQ(status.st_mode & 0777, 0600u);
    ASSERT_EQ(::stat(folder.c_str(), &status), 0);
    EXPECT_EQ(status.st_mode & 0777, 0700u);
}

TEST(MachineConfigWriter, APlantedLinkIsNeverWrittenThrough) {
    TempFolder temp;
    const fs::path folder = temp.path() / "stillpoint";
    fs::create_directories(folder);
    const fs::path target = temp.path() / "elsewhere.toml";
    std::ofstream(target) << "# not the configuration\n";
    const fs::path file = folder / "stillpoint.toml";
    fs::create_symlink(target, file);
    EXPECT_THROW(saveOutputDevices(file, {{OutputRole::Patient, "Headphones"}}), std::runtime_error);
    EXPECT_EQ(readAll(target), "# not the configuration\n");
    EXPECT_TRUE(fs::is_symlink(file));

    // A link in place of the folder is refused too.
    const fs::path realFolder = temp.path() / "real";
    fs::create_directories(realFolder);
    const fs::path linkedFolder = temp.path() / "linked";
    fs::create_directory_symlink(realFolder, linkedFolder);
    EXPECT_THROW(saveOutputDevices(linkedFolder / "stillpoint.toml", {{OutputRole::Patient, "Headphones"}}),
                 std::runtime_error);
    EXPECT_FALSE(fs::exists(realFolder / "stillpoint.toml"));
}

}  // namespace
