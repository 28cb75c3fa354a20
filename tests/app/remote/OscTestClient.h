// An OSC client for the tests, made with liblo on its own: it sends from a liblo server socket on
// 127.0.0.1, so replies and subscriptions come back to it, and it reads them with liblo's own handlers.
#pragma once

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <lo/lo.h>

#include "remote/OscArgument.h"

namespace stillpoint::remote::testing {

struct ReceivedOsc {
    std::string path;
    std::string types;
    std::vector<std::string> strings;  // the string arguments, in order
    std::vector<double> numbers;       // the numeric arguments, in order
};

class OscTestClient {
public:
    explicit OscTestClient(int serverPort)
        : server_(lo_server_new_with_proto(nullptr, LO_UDP, nullptr)),
          target_(lo_address_new("127.0.0.1", std::to_string(serverPort).c_str())) {
        lo_server_add_method(server_, nullptr, nullptr, &OscTestClient::handle, this);
    }
    ~OscTestClient() {
        lo_address_free(target_);
        lo_server_free(server_);
    }
    OscTestClient(const OscTestClient&) = delete;
    OscTestClient& operator=(const OscTestClient&) = delete;

    int port() const { return lo_server_get_port(server_); }

    template <typename AddArguments>
    void sendMessage(const char* path, AddArguments addArguments) {
        lo_message message = lo_message_new();
        addArguments(message);
        lo_send_message_from(target_, server_, path, message);
        lo_message_free(message);
    }

    // Through a built message: liblo's lo_send_from is a macro with a C99 compound literal, which clang
    // refuses in C++ with -Wpedantic.
    void send(const char* path) {
        sendMessage(path, [](lo_message) {});
    }
    void send(const char* path, float value) {
        sendMessage(path, [&](lo_message message) { lo_message_add_float(message, value); });
    }
    void send(const char* path, int value) {
        sendMessage(path, [&](lo_message message) { lo_message_add_int32(message, value); });
    }
    void send(const char* path, const char* text) {
        sendMessage(path, [&](lo_message message) { lo_message_add_string(message, text); });
    }
    void send(const char* path, const char* first, const char* second) {
        sendMessage(path, [&](lo_message message) {
            lo_message_add_string(message, first);
            lo_message_add_string(message, second);
        });
    }

    // Reads what arrived within `timeout` until `want` is there (by path); the matching message, or an
    // empty one (path "") if none came.
    ReceivedOsc waitFor(const std::string& want,
                        std::chrono::milliseconds timeout = std::chrono::seconds(3)) {
        const auto until = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < until) {
            for (auto it = received_.begin(); it != received_.end(); ++it) {
                if (it->path == want) {
                    ReceivedOsc found = *it;
                    received_.erase(received_.begin(), it + 1);
                    return found;
                }
            }
            lo_server_recv_noblock(server_, 20);
        }
        return {};
    }
    std::vector<ReceivedOsc>& received() { return received_; }
    void drain(std::chrono::milliseconds during) {
        const auto until = std::chrono::steady_clock::now() + during;
        while (std::chrono::steady_clock::now() < until) lo_server_recv_noblock(server_, 10);
    }

private:
    static int handle(const char* path, const char* types, lo_arg** argv, int argc, lo_message, void* self) {
        ReceivedOsc message;
        message.path = path;
        message.types = types;
        for (int i = 0; i < argc; ++i) {
            switch (types[i]) {
                case 's':
                    message.strings.emplace_back(remote::oscString(argv[i]));
                    break;
                case 'f':
                    message.numbers.push_back(remote::oscFloat(argv[i]));
                    break;
                case 'i':
                    message.numbers.push_back(remote::oscInt(argv[i]));
                    break;
                default:
                    break;
            }
        }
        static_cast<OscTestClient*>(self)->received_.push_back(std::move(message));
        return 0;
    }

    lo_server server_;
    lo_address target_;
    std::vector<ReceivedOsc> received_;
};

}  // namespace stillpoint::remote::testing
