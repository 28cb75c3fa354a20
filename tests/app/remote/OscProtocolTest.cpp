// The OSC vocabulary against the command table and against docs/osc.md, so neither can drift: every
// remote command of the table has its address, and the documented table is the one the code reads.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "remote/OscProtocol.h"
#include "remote/PeerAllowList.h"
#include "remote/UdpSocket.h"

namespace stillpoint::remote {
namespace {

std::string documentedTable() {
    std::ifstream file(STILLPOINT_SOURCE_DIR "/docs/osc.md");
    std::stringstream text;
    text << file.rdbuf();
    const std::string all = text.str();
    const std::string begin = "<!-- addresses: begin -->\n";
    const auto from = all.find(begin);
    const auto to = all.find("<!-- addresses: end -->");
    if (from == std::string::npos || to == std::string::npos) return {};
    return all.substr(from + begin.size(), to - from - begin.size());
}

std::string generatedTable() {
    std::string table = "| address | arguments | what it does |\n|---|---|---|\n";
    for (const auto& spec : addressTable())
        table += "| `" + spec.address + "` | " + spec.arguments + " | " + spec.what + " |\n";
    return table;
}

TEST(OscProtocolTest, EveryRemoteCommandOfTheTableHasItsAddress) {
    for (const auto& spec : session::kCommandTable) {
        // Start needs the setup (panel or command line); a remote station cannot hear the preview.
        if (spec.action == session::Action::Start || session::isPreviewCommand(spec.action)) {
            EXPECT_TRUE(addressOf(spec.action).empty()) << spec.name;
            continue;
        }
        const std::string address = addressOf(spec.action);
        ASSERT_FALSE(address.empty()) << spec.name;
        bool listed = false;
        for (const auto& row : addressTable()) listed = listed || row.address == address;
        EXPECT_TRUE(listed) << address;
    }
}

TEST(OscProtocolTest, TheDocumentedAddressTableIsTheOneTheCodeReads) {
    // If this fails after a change to the command table, paste the table below into docs/osc.md.
    EXPECT_EQ(documentedTable(), generatedTable()) << generatedTable();
}

TEST(OscProtocolTest, EveryAddressTheDocsSendOrListenAtIsOneStillpointHas) {
    // The recipes (oscsend, Companion, the tablet layout, the station) name addresses in prose and code
    // blocks: each must be one the port reads, or one it sends on.
    std::set<std::string> known = {"/stillpoint/reply/status", "/stillpoint/reply/command",
                                   "/stillpoint/heartbeat", "/stillpoint/event"};
    for (const auto& row : addressTable()) known.insert(row.address);
    for (const char* page : {"/docs/osc.md", "/docs/journal.md", "/docs/architecture.md", "/README.md"}) {
        std::ifstream file(std::string(STILLPOINT_SOURCE_DIR) + page);
        std::stringstream text;
        text << file.rdbuf();
        const std::string all = text.str();
        // An address stands after a space, a backquote or a bracket (not inside a path such as
        // ~/.config/stillpoint/stillpoint.toml).
        const std::regex address("(^|[\\s`(\\[])(/stillpoint/[a-z_/]*[a-z])");
        int found = 0;
        for (auto it = std::sregex_iterator(all.begin(), all.end(), address); it != std::sregex_iterator();
             ++it) {
            ++found;
            EXPECT_TRUE(known.count((*it)[2].str())) << page << " names " << (*it)[2].str();
        }
        if (std::string(page) == "/docs/osc.md") {
            EXPECT_GT(found, 50);
        }
    }
}

TEST(OscProtocolTest, ASwitchTakesOneForItsFirstHalfAndZeroForItsSecond) {
    lo_message message = lo_message_new();
    lo_message_add_int32(message, 0);
    std::size_t size = 0;
    void* bytes = lo_message_serialise(message, "/stillpoint/talkover", nullptr, &size);
    const auto read = readPacket(bytes, size);
    ASSERT_TRUE(read.request);
    EXPECT_EQ(read.request->action, session::Action::TalkOverOff);
    std::free(bytes);
    lo_message_free(message);
}

TEST(OscProtocolTest, AButtonsReleaseAsksForNothing) {
    lo_message message = lo_message_new();
    lo_message_add_float(message, 0.0f);  // TouchOSC and Open Stage Control send 1 on press, 0 on release
    std::size_t size = 0;
    void* bytes = lo_message_serialise(message, "/stillpoint/skip", nullptr, &size);
    const auto read = readPacket(bytes, size);
    EXPECT_FALSE(read.request);
    EXPECT_FALSE(read.rejection);
    std::free(bytes);
    lo_message_free(message);
}

TEST(OscProtocolTest, AnAddressIsNamedForPeopleByTheCommandTablesLabel) {
    EXPECT_EQ(commandLabel("/stillpoint/grounding"), "Grounding track");
    EXPECT_EQ(commandLabel("/stillpoint/talkover"), "Talk-over");  // a switch: its first half's label
    EXPECT_EQ(commandLabel("/stillpoint/room/volume"), "Room volume");
    EXPECT_EQ(commandLabel("/stillpoint/end/confirm"), "Confirm end");
    EXPECT_EQ(commandLabel("/stillpoint/marker"), "Marker");
    EXPECT_EQ(commandLabel("/stillpoint/dance"), "/stillpoint/dance");
    EXPECT_EQ(commandLabel("/elsewhere/hold"), "/elsewhere/hold");
}

TEST(OscProtocolTest, AllowListTakesAddressesAndNetworksAndSaysWhatIsWrong) {
    PeerAllowList list;
    EXPECT_TRUE(list.allows(*parseAddress("127.0.0.1")));  // empty: this machine only
    EXPECT_FALSE(list.allows(*parseAddress("192.168.1.20")));
    list.add("192.168.1.0/24");
    list.add("10.0.0.7");
    EXPECT_TRUE(list.allows(*parseAddress("192.168.1.20")));
    EXPECT_FALSE(list.allows(*parseAddress("192.168.2.20")));
    EXPECT_TRUE(list.allows(*parseAddress("10.0.0.7")));
    EXPECT_FALSE(list.allows(*parseAddress("10.0.0.8")));
    EXPECT_FALSE(list.allows(*parseAddress("127.0.0.1")));  // named peers only, once any is named
    try {
        list.add("192.168.1.0/33");
        FAIL() << "accepted a /33";
    } catch (const std::runtime_error& error) {
        EXPECT_NE(std::string(error.what()).find("192.168.1.0/24"), std::string::npos);
    }
}

}  // namespace
}  // namespace stillpoint::remote
