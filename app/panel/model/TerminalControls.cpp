#include "panel/model/TerminalControls.h"

#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace stillpoint::panel {

std::vector<TerminalKey> decodeTerminalKeys(const std::string& bytes) {
    std::vector<TerminalKey> keys;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(bytes[i]);
        TerminalKey key;
        if (c == 0x1b) {
            // Escape sequences: ESC [ X, ESC O X, ESC [ 4 ~, and with Ctrl ESC [ 1 ; 5 X.
            if (i + 2 < bytes.size() && (bytes[i + 1] == '[' || bytes[i + 1] == 'O')) {
                char code = bytes[i + 2];
                i += 2;
                if (code == '1' && i + 3 < bytes.size() && bytes[i + 1] == ';') {
                    key.press.ctrl = bytes[i + 2] == '5';
                    code = bytes[i + 3];
                    i += 3;
                }
                const bool ss3 = bytes[i - 1] == 'O';
                if (ss3 && code >= 'P' && code <= 'S') {
                    key.function = code - 'P' + 1;  // F1-F4: ESC O P..S
                    keys.push_back(key);
                    continue;
                }
                if (std::isdigit(static_cast<unsigned char>(code)) && i + 2 < bytes.size() &&
                    std::isdigit(static_cast<unsigned char>(bytes[i + 1])) && bytes[i + 2] == '~') {
                    // F1-F12 as ESC [ NN ~ (VT220 numbering, with its gaps at 16 and 22).
                    static constexpr int kNumbers[] = {11, 12, 13, 14, 15, 17, 18, 19, 20, 21, 23, 24};
                    const int number = (code - '0') * 10 + (bytes[i + 1] - '0');
                    i += 2;
                    for (int f = 0; f < 12; ++f)
                        if (kNumbers[f] == number) key.function = f + 1;
                    if (key.function != 0) keys.push_back(key);
                    continue;
                }
                if (code == 'A')
                    key.press.named = NamedKey::Up;
                else if (code == 'B')
                    key.press.named = NamedKey::Down;
                else if (code == 'F')
                    key.press.named = NamedKey::End;
                else if (code == '4' && i + 1 < bytes.size() && bytes[i + 1] == '~') {
                    key.press.named = NamedKey::End;
                    ++i;
                } else
                    continue;
            } else {
                key.press.named = NamedKey::Escape;
            }
        } else if (c == 0x03 || c == 0x11 || c == 'q' || c == 'Q') {
            key.quit = true;
        } else if (c == ' ') {
            key.press.named = NamedKey::Space;
        } else if (c == '\r' || c == '\n') {
            key.press.named = NamedKey::Enter;
        } else if (c >= 0x01 && c <= 0x1a && c != 0x09 && c != 0x08) {
            // Ctrl+letter arrives as the letter's control code (Ctrl+N = 0x0e).
            key.press.character = static_cast<char>('a' + c - 1);
            key.press.ctrl = true;
        } else if (c >= 'A' && c <= 'Z') {
            key.press.character = static_cast<char>(c - 'A' + 'a');
        } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            key.press.character = static_cast<char>(c);
        } else {
            continue;
        }
        keys.push_back(key);
    }
    return keys;
}

std::string statusLine(const SessionDisplay& d) {
    std::string line;
    if (d.phase >= 0) {
        char phase[96];
        std::snprintf(phase, sizeof phase, "%s %d/%d", d.phaseName.c_str(), d.phase + 1, d.phaseCount);
        line = phase;
        if (d.phaseOvertimeSeconds > 0.5)
            line += " | +" + formatClock(d.phaseOvertimeSeconds) + " over plan";
        else
            line += " | " + formatClock(d.phaseRemainingSeconds) + " left";
    } else {
        line = "not started";
    }
    line += " | session " + formatClock(d.sessionSeconds);
    if (d.clockPaused) line += " PAUSED";
    line += " | " + (d.nowPlaying.empty() ? std::string("-") : d.nowPlaying);
    line += " | vol " + std::to_string(static_cast<int>(std::lround(d.volume * 100))) + "%";
    if (d.held) line += " | HELD";
    if (d.awaitingOperator) line += " | PRESS N TO ADVANCE";
    if (d.talkOver) line += " | TALK-OVER";
    if (d.state == session::SessionState::Silenced) line += " | SILENCED";
    if (d.state == session::SessionState::Ending) line += " | ENDING";
    if (d.state == session::SessionState::Ended) line += " | ENDED";
    if (!d.deviceConnected)
        line += d.clockPaused ? " | NO OUTPUT DEVICE: music paused, goes on from here when a device is back"
                              : " | NO OUTPUT DEVICE";
    return line;
}

TerminalControls::TerminalControls() {
    if (!::isatty(STDIN_FILENO)) return;
    if (::tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    termios raw = saved_;
    // No line buffering or echo; ISIG off so Ctrl-C arrives as a key and ends the session with a fade.
    raw.c_lflag &= static_cast<tcflag_t>(~(ICANON | ECHO | ISIG));
    raw.c_cc[VMIN] = 0;
    raw.c_cc[VTIME] = 0;
    raw_ = ::tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
}

TerminalControls::~TerminalControls() {
    if (raw_) ::tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
}

std::vector<TerminalKey> TerminalControls::waitForKeys(int timeoutMs, int wakeFd) {
    pollfd waiting[2] = {{wakeFd, POLLIN, 0}, {raw_ ? STDIN_FILENO : -1, POLLIN, 0}};
    if (::poll(waiting, 2, timeoutMs) <= 0) return {};
    if (waiting[0].revents & POLLIN) {
        std::uint64_t count = 0;
        [[maybe_unused]] const auto drained = ::read(wakeFd, &count, sizeof count);
    }
    if (!(waiting[1].revents & POLLIN)) return {};
    char buffer[64];
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n <= 0) return {};
    return decodeTerminalKeys(std::string(buffer, static_cast<std::size_t>(n)));
}

}  // namespace stillpoint::panel
