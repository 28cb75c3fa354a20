// The `stillpoint monitor` window as a nurse at the station uses it: a real window in an X server of its
// own (Xvfb) watching two headless sessions with OSC ports on 127.0.0.1 (the built executable, on OpenAL
// Soft's null device), read by OCR; one session killed and its lost heartbeat seen in the window. With
// --control, its buttons clicked with xdotool, and each session's journal, the record that counts, says
// which commands came and from where. Every wait polls with a deadline; nothing is timed.
#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "app/cli/CliWindowTest.h"
#include "app/cli/LogMatch.h"
#include "app/cli/OnePhaseProgram.h"
#include "app/cli/TerminalProcess.h"
#include "app/panel/PanelOcr.h"
#include "app/panel/RealPanelWindow.h"

namespace {

using namespace stillpoint::panel::testing;
using namespace stillpoint::testing;
namespace fs = std::filesystem;

// The clinic's screens, from a 1024x600 laptop to a 2560x1440 station monitor.
struct ScreenSize {
    int width;
    int height;
};

// The topmost word on screen that is `text` or starts with it (the first room's card is on top).
std::optional<OcrWord> topmost(const std::vector<OcrWord>& words, const std::string& text) {
    std::optional<OcrWord> found;
    for (const auto& word : words)
        if (word.text.rfind(text, 0) == 0 && (!found || word.y < found->y)) found = word;
    return found;
}

// The topmost word that is exactly `text`.
std::optional<OcrWord> exactly(const std::vector<OcrWord>& words, const std::string& text) {
    std::optional<OcrWord> found;
    for (const auto& word : words)
        if (word.text == text && (!found || word.y < found->y)) found = word;
    return found;
}

// The topmost End session button: the word "end" alone, not in a card's "Last command: End session: ..."
// line, which an earlier End leaves above the buttons.
std::optional<OcrWord> endButton(const std::vector<OcrWord>& words) {
    std::optional<OcrWord> found;
    for (const auto& word : words) {
        if (word.text != "end" || (found && word.y > found->y)) continue;
        const bool inLastCommand = std::any_of(words.begin(), words.end(), [&](const OcrWord& other) {
            return other.text.rfind("command", 0) == 0 && other.x < word.x &&
                   std::abs(other.y - word.y) < std::max(10, word.height / 2);
        });
        if (!inLastCommand) found = word;
    }
    return found;
}

int countWords(const std::vector<OcrWord>& words, const std::string& part) {
    return static_cast<int>(std::count_if(words.begin(), words.end(), [&](const OcrWord& word) {
        return word.text.find(part) != std::string::npos;
    }));
}

class MonitorWindowTest : public ::testing::TestWithParam<ScreenSize> {
protected:
    void SetUp() override {
        if (const auto missing = missingWindowTools(); !missing.empty()) GTEST_SKIP() << missing;
        // A phase far longer than the test.
        writeOnePhaseProgram(
            program, {.name = "Rooms", .planned = "10m", .trackSeconds = 10.0, .groundingSeconds = 10.0});
        screen.emplace(GetParam().width, GetParam().height, folder / "xvfb.log");
    }

    void TearDown() override {
        monitor.reset();
        rooms.clear();
        callingRoom.reset();
        screen.reset();
    }

    fs::path sessions(const std::string& patient) const { return folder / ("sessions-" + patient); }

    // Starts a headless session on the null output with an OSC port; returns its address (HOST:PORT).
    std::string startRoom(const std::string& patient) {
        const auto log = folder / (patient + ".log");
        rooms.push_back(std::make_unique<ChildProcess>(
            std::vector<std::string>{STILLPOINT_BINARY_DIR "/stillpoint", "play", program.string(),
                                     "--headless", "--output", "null", "--patient", patient, "--clinician",
                                     "Lind", "--consent", "yes", "--new", "--sessions",
                                     sessions(patient).string(), "--osc", "0"},
            std::vector<std::string>{"ALSOFT_DRIVERS=null"}, log));
        const std::string port =
            waitForLogMatch(log, std::regex("Listening for OSC on 127\\.0\\.0\\.1:([0-9]+)"));
        return port.empty() ? std::string() : "127.0.0.1:" + port;
    }

    // Starts a room as startRoom does, in a terminal of its own where F5 is the patient's call key.
    std::string startCallingRoom(const std::string& patient) {
        callingRoom = std::make_unique<TerminalProcess>(
            std::vector<std::string>{STILLPOINT_BINARY_DIR "/stillpoint", "play", program.string(),
                                     "--headless", "--output", "null", "--patient", patient, "--clinician",
                                     "Lind", "--consent", "yes", "--new", "--sessions",
                                     sessions(patient).string(), "--osc", "0", "--call-key", "F5"},
            std::vector<std::string>{"ALSOFT_DRIVERS=null"});
        if (!callingRoom->readUntil("onset 1/1", std::chrono::seconds(20))) return {};
        std::smatch port;
        const std::string shown = callingRoom->output();
        if (!std::regex_search(shown, port, std::regex("Listening for OSC on 127\\.0\\.0\\.1:([0-9]+)")))
            return {};
        return "127.0.0.1:" + port.str(1);
    }

    // Starts the monitor window (a real X11 window: ctest's SDL_VIDEODRIVER=offscreen is overridden) and
    // waits until it is shown; returns the port the rooms answer at, from which its commands come.
    std::string startMonitor(std::vector<std::string> arguments) {
        arguments.insert(arguments.begin(), {STILLPOINT_BINARY_DIR "/stillpoint", "monitor"});
        monitor.emplace(arguments,
                        std::vector<std::string>{"DISPLAY=" + screen->display(), "SDL_VIDEODRIVER=x11"},
                        monitorLog);
        window = shownWindow(*screen, "Stillpoint monitor");
        if (window.empty()) return {};
        return waitForLogMatch(monitorLog, std::regex("The rooms answer at 127\\.0\\.0\\.1:([0-9]+)"));
    }

    // The window now (or only `part` of it: the end dialog must be read within the room's 5 s), read by
    // OCR; the screenshot kept as `name`.
    std::vector<OcrWord> read(const std::string& name, std::optional<WindowPart> part = std::nullopt) {
        const auto shot = folder / (name + ".png");
        // Small type is enlarged for OCR; a large screen's type is large enough as it is.
        auto words = readWindow(*screen, window, shot, GetParam().width >= 1920 ? 1 : 2, part);
        if (const char* keep = std::getenv("STILLPOINT_KEEP_SCREENSHOTS"))
            fs::copy_file(shot,
                          fs::path(keep) / ("monitor-" + std::to_string(GetParam().width) + "x" +
                                            std::to_string(GetParam().height) + "-" + name + ".png"),
                          fs::copy_options::overwrite_existing);
        return words;
    }

    // A dialog opened by a click is drawn from its second frame; the monitor draws ten a second at least.
    static void letTheDialogShow() { std::this_thread::sleep_for(std::chrono::milliseconds(500)); }

    // The middle of the window, where a dialog opens.
    WindowPart middle() const {
        return {GetParam().width / 8, GetParam().height / 4, GetParam().width * 3 / 4, GetParam().height / 2};
    }

    // Reads the window until `done` holds for what it shows (within `timeout`); the last reading.
    std::vector<OcrWord> readUntil(const std::string& name, const WordsCheck& done,
                                   Seconds timeout = Seconds(20),
                                   std::optional<WindowPart> part = std::nullopt) {
        return readingUntil([&] { return read(name, part); }, done, timeout);
    }

    void click(const OcrWord& word) {
        int status = -1;
        runOn(*screen,
              "xdotool mousemove --window " + window + " " + std::to_string(word.x) + " " +
                  std::to_string(word.y) + " click 1",
              &status);
        EXPECT_EQ(status, 0);
    }

    // Clicks what `find` picks in a reading of the window (`words` first, fresh readings after) until the
    // room has `heard` it: a card's buttons move down when an alert comes to it ("Short gap in the music"
    // on a busy machine), so a reading can be out of date by the time of its click. At most three clicks.
    bool clickUntilHeard(const std::string& name, std::vector<OcrWord> words,
                         const std::function<std::optional<OcrWord>(const std::vector<OcrWord>&)>& find,
                         const std::function<bool()>& heard) {
        for (int attempt = 0; attempt < 3; ++attempt) {
            if (attempt > 0) words = read(name);
            const auto where = find(words);
            if (!where) {
                ADD_FAILURE() << "nothing to click for " << name << " in: " << allText(words);
                return false;
            }
            click(*where);
            if (waitUntil(heard, Seconds(5))) return true;
        }
        return false;
    }

    // The journal lines of one room's session of one type, and whether `match` holds for one of them.
    std::vector<nlohmann::json> linesOf(const std::string& patient, const std::string& type) const {
        return linesOfType(journalLines(sessions(patient)), type);
    }
    std::string remoteCommands(const std::string& patient) const {
        std::string all;
        for (const auto& line : linesOf(patient, "remote_command")) all += "  " + line.dump() + "\n";
        return all;
    }
    bool journalHas(const std::string& patient, const std::string& type,
                    const std::function<bool(const nlohmann::json&)>& match) const {
        const auto lines = linesOf(patient, type);
        return std::any_of(lines.begin(), lines.end(), match);
    }

    TempFolder folder;
    fs::path program = folder / "rooms.toml";
    fs::path monitorLog = folder / "monitor.log";
    std::optional<VirtualScreen> screen;
    std::vector<std::unique_ptr<ChildProcess>> rooms;
    std::unique_ptr<TerminalProcess> callingRoom;  // a room whose terminal has a patient call key (F5)
    std::optional<ChildProcess> monitor;
    std::string window;
};

}  // namespace

TEST_P(MonitorWindowTest, ShowsTwoRoomsReadOnlyTheCallOfOneAndTheLostHeartbeatOfTheOther) {
    const std::string room1 = startCallingRoom("PT-48");
    const std::string room2 = startRoom("PT-73");
    ASSERT_FALSE(room1.empty()) << callingRoom->output();
    ASSERT_FALSE(room2.empty()) << readText(folder / "PT-73.log");
    ASSERT_FALSE(startMonitor({room1, room2}).empty()) << "no monitor window\n" << readText(monitorLog);

    // Each room by its pseudonymous ID, its phase and its state ("playing": OCR may drop the 'l').
    const auto both = readUntil("two-rooms", [](const std::vector<OcrWord>& words) {
        return findWord(words, "pt-48") && findWord(words, "pt-73") && countWords(words, "onset") >= 2 &&
               countWords(words, "aying") >= 2;
    });
    EXPECT_TRUE(findWord(both, "pt-48") && findWord(both, "pt-73")) << allText(both);
    EXPECT_GE(countWords(both, "onset"), 2) << allText(both);
    EXPECT_GE(countWords(both, "aying"), 2) << allText(both);
    EXPECT_FALSE(findWord(both, "heartbeat")) << allText(both);
    // Read-only: not one control.
    for (const char* control : {"talk", "silence", "ground", "volume", "marker"})
        EXPECT_FALSE(findWord(both, control)) << control << " in: " << allText(both);
    EXPECT_FALSE(exactly(both, "end"))
        << allText(both);  // End session ("Start session" may be the last command)

    // The patient in the first room presses the call button: its card says so, in the room's words
    // ("pressed" and "acknowledge": words without an 'l' for OCR to drop).
    ASSERT_TRUE(callingRoom->type("\x1b[15~"));
    const auto called = readUntil("patient-called", [](const std::vector<OcrWord>& words) {
        return findWord(words, "pressed") != nullptr && findWord(words, "acknowledge") != nullptr;
    });
    const auto* pressed = findWord(called, "pressed");
    ASSERT_TRUE(pressed) << "the room's call is not on the station: " << allText(called);
    EXPECT_TRUE(findWord(called, "acknowledge")) << allText(called);  // the whole sentence, wrapped
    const auto firstCard = topmost(called, "pt-48");
    const auto secondCard = topmost(called, "pt-73");
    ASSERT_TRUE(firstCard && secondCard) << allText(called);
    EXPECT_GT(pressed->y, firstCard->y);
    EXPECT_LT(pressed->y, secondCard->y);  // in the first room's card, not the second's

    rooms[0]->signal(SIGKILL);
    // "NO HEARTBEAT" in large type, which OCR may split ("h eartb eat"), and the reason beside it.
    const auto saysNoHeartbeat = [](const std::vector<OcrWord>& words) {
        std::string joined;
        for (const auto& word : words) joined += word.text;
        return joined.find("heartbeat") != std::string::npos && findWord(words, "network") != nullptr;
    };
    const auto lost = readUntil("heartbeat-lost", saysNoHeartbeat);
    ASSERT_TRUE(saysNoHeartbeat(lost)) << "no lost-heartbeat alert in the window: " << allText(lost);
    const auto* alert = findWord(lost, "network");
    // In the second room's card, below its ID; the first room still plays.
    const auto second = topmost(lost, "pt-73");
    ASSERT_TRUE(second) << allText(lost);
    EXPECT_GT(alert->y, second->y);
    EXPECT_GE(countWords(lost, "aying"), 1) << allText(lost);
    EXPECT_NE(readText(monitorLog).find("ALERT " + room2 + ": no heartbeat for 3 s"), std::string::npos)
        << readText(monitorLog);

    monitor->signal(SIGTERM);
    EXPECT_TRUE(monitor->waitForExit(Seconds(10)));
    EXPECT_EQ(monitor->exitCode(), 0) << readText(monitorLog);
    // It only listened: the room's journal has its subscriptions and nothing it could have sent.
    for (const auto& line : linesOf("PT-48", "remote_command"))
        EXPECT_TRUE(line.value("outcome", "") == "subscribed" || line.value("outcome", "") == "unsubscribed")
            << line.dump();
}

TEST_P(MonitorWindowTest, WithControlItsButtonsReachTheRoomFromTheMonitorsAddressAndEndIsConfirmed) {
    const std::string room1 = startRoom("PT-48");
    const std::string room2 = startRoom("PT-73");
    ASSERT_FALSE(room1.empty()) << readText(folder / "PT-48.log");
    ASSERT_FALSE(room2.empty()) << readText(folder / "PT-73.log");
    const std::string port = startMonitor({room1, room2, "--control"});
    ASSERT_FALSE(port.empty()) << "no monitor window\n" << readText(monitorLog);
    const std::string source = "osc 127.0.0.1:" + port;

    // A button per room, once both rooms are heard.
    const auto ready = readUntil("control", [](const std::vector<OcrWord>& words) {
        return countWords(words, "ground") >= 2 && countWords(words, "aying") >= 2;
    });
    ASSERT_GE(countWords(ready, "ground"), 2) << allText(ready);
    const auto fromMonitor = [&](const std::string& address) {
        return [&, address](const nlohmann::json& line) {
            return line.value("address", "") == address && line.value("source", "") == source;
        };
    };
    const auto firstButton = [](const std::string& label) {
        return [label](const std::vector<OcrWord>& words) { return topmost(words, label); };
    };
    ASSERT_TRUE(clickUntilHeard("control-grounding", ready, firstButton("ground"), [&] {
        return journalHas("PT-48", "remote_command", fromMonitor("/stillpoint/grounding"));
    })) << readText(folder / "PT-48.log");
    EXPECT_TRUE(waitUntil(
        [&] {
            return journalHas("PT-48", "operator_action", [&](const nlohmann::json& line) {
                return line.value("action", "") == "play_grounding" && line.value("source", "") == source;
            });
        },
        Seconds(15)));
    // What the room made of it is shown in its card.
    const auto outcome = readUntil("control-outcome", [](const std::vector<OcrWord>& words) {
        return findWord(words, "carried") != nullptr;
    });
    EXPECT_TRUE(findWord(outcome, "carried")) << allText(outcome);

    // Talk-over follows the button: on while held, off when let go.
    const auto talkOvers = [&](const std::string& action) {
        const auto actions = fieldOf(journalLines(sessions("PT-48")), "operator_action", "action");
        return std::count(actions.begin(), actions.end(), action);
    };
    EXPECT_TRUE(clickUntilHeard("control-talk", outcome, firstButton("talk"), [&] {
        return talkOvers("talk_over_on") >= 1 && talkOvers("talk_over_off") >= 1;
    })) << remoteCommands("PT-48");
    EXPECT_EQ(talkOvers("talk_over_on"), 1);
    EXPECT_EQ(talkOvers("talk_over_off"), 1);

    // End asks first, as on the panel; the session plays on until it is confirmed. The room waits 5 s
    // for the confirmation, and OCR of a large screen on a loaded machine can take longer: the dialog is
    // photographed as soon as the room has the request, and read after. The requests counted are those
    // the room took, each awaiting its confirmation, not the line that records one lapsing (it has the
    // same address and source).
    const auto endLines = [&](const std::string& wanted) {
        const auto lines = linesOf("PT-48", "remote_command");
        return std::count_if(lines.begin(), lines.end(), [&](const nlohmann::json& line) {
            return fromMonitor("/stillpoint/end")(line) && line.value("outcome", "") == wanted;
        });
    };
    const auto endRequests = [&] { return endLines("awaiting_confirmation"); };
    ASSERT_TRUE(clickUntilHeard("control-end", outcome, endButton, [&] { return endRequests() >= 1; }))
        << "the room heard:\n"
        << remoteCommands("PT-48") << "the window shows: " << allText(read("control-end"));
    const auto asked = std::chrono::steady_clock::now();
    letTheDialogShow();
    // The dialog's Keep playing button: the word "keep" alone (its text above says "keeps playing").
    const auto keepButton = [](const std::vector<OcrWord>& words) {
        const auto at =
            std::find_if(words.begin(), words.end(), [](const OcrWord& w) { return w.text == "keep"; });
        return at == words.end() ? std::optional<OcrWord>() : std::optional<OcrWord>(*at);
    };
    const auto asking = readUntil(
        "control-end-dialog",
        [&](const std::vector<OcrWord>& words) { return keepButton(words).has_value(); }, Seconds(4),
        middle());
    const auto keep = keepButton(asking);
    ASSERT_TRUE(keep) << "no end confirmation: " << allText(asking);
    EXPECT_FALSE(journalHas("PT-48", "operator_action", [](const nlohmann::json& line) {
        return line.value("action", "") == "end_session";
    }));
    // The dialog's End session button: on the row of Keep playing, to its left.
    std::optional<OcrWord> confirm;
    for (const auto& word : asking)
        if (word.text.rfind("session", 0) == 0 && std::abs(word.y - keep->y) < 15 && word.x < keep->x)
            confirm = word;
    ASSERT_TRUE(confirm) << allText(asking);
    // Keep playing closes the dialog and sends nothing: the room's request lapses by itself. (If reading
    // the dialog took nearly its 5 s, it closes by itself, and a click there would land on a room's card.)
    if (std::chrono::steady_clock::now() - asked < Seconds(4)) click(*keep);
    const auto kept =
        readUntil("control-kept", [&](const std::vector<OcrWord>& words) { return !keepButton(words); });
    EXPECT_FALSE(keepButton(kept)) << allText(kept);
    // The room's request lapses by itself, and nothing has ended.
    EXPECT_TRUE(waitUntil([&] { return endLines("confirmation_expired") == 1; }, Seconds(15)))
        << remoteCommands("PT-48");
    EXPECT_FALSE(journalHas("PT-48", "operator_action", [](const nlohmann::json& line) {
        return line.value("action", "") == "end_session";
    }));
    // End again, where it is now (the card's last command has changed, and an alert may have come), and
    // this time confirm where the dialog showed its button, once the room has the request: the dialog
    // opens as the request is sent. A click that came too early finds the dialog still there and is made
    // again.
    ASSERT_TRUE(clickUntilHeard("control-end-again", read("control-end-again"), endButton,
                                [&] { return endRequests() >= 2; }))
        << "the room heard:\n"
        << remoteCommands("PT-48") << "the window shows: " << allText(read("control-end-again"));
    const auto askedAgain = std::chrono::steady_clock::now();
    const auto confirmed = [&] {
        const auto lines = linesOf("PT-48", "remote_command");
        return std::any_of(lines.begin(), lines.end(), fromMonitor("/stillpoint/end/confirm"));
    };
    letTheDialogShow();
    while (!confirmed() && std::chrono::steady_clock::now() - askedAgain < Seconds(4)) {
        click(*confirm);
        waitUntil(confirmed, Seconds(1.5));
    }
    ASSERT_TRUE(waitUntil(
        [&] {
            return journalHas("PT-48", "operator_action", [&](const nlohmann::json& line) {
                return line.value("action", "") == "end_session" && line.value("source", "") == source;
            });
        },
        Seconds(15)))
        << "the room heard:\n"
        << remoteCommands("PT-48") << readText(folder / "PT-48.log");
    EXPECT_TRUE(journalHas("PT-48", "remote_command", [&](const nlohmann::json& line) {
        return line.value("address", "") == "/stillpoint/end/confirm" &&
               line.value("outcome", "") == "sent" && line.value("source", "") == source;
    }));

    // The other room heard nothing but the subscriptions, and plays on.
    for (const auto& line : linesOf("PT-73", "remote_command"))
        EXPECT_EQ(line.value("outcome", ""), "subscribed") << line.dump();
    EXPECT_TRUE(rooms[1]->running());
    monitor->signal(SIGTERM);
    EXPECT_TRUE(monitor->waitForExit(Seconds(10)));
    EXPECT_EQ(monitor->exitCode(), 0) << readText(monitorLog);
}

INSTANTIATE_TEST_SUITE_P(ClinicScreens, MonitorWindowTest,
                         ::testing::Values(ScreenSize{1024, 600}, ScreenSize{1280, 720},
                                           ScreenSize{1920, 1080}, ScreenSize{2560, 1440}),
                         [](const ::testing::TestParamInfo<ScreenSize>& size) {
                             return std::to_string(size.param.width) + "x" +
                                    std::to_string(size.param.height);
                         });
