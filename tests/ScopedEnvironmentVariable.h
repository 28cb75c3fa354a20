// An environment variable set (or unset) for the length of a test, and put back as it was when the test
// leaves the scope, whether its assertions passed or not.
#pragma once

#include <cstdlib>
#include <optional>
#include <string>

namespace stillpoint::testing {

class ScopedEnvironmentVariable {
public:
    explicit ScopedEnvironmentVariable(std::string name) : name_(std::move(name)) {
        if (const char* value = std::getenv(name_.c_str())) saved_ = value;
    }
    ScopedEnvironmentVariable(std::string name, const std::string& value)
        : ScopedEnvironmentVariable(std::move(name)) {
        set(value);
    }
    ScopedEnvironmentVariable(const ScopedEnvironmentVariable&) = delete;
    ScopedEnvironmentVariable& operator=(const ScopedEnvironmentVariable&) = delete;
    ~ScopedEnvironmentVariable() {
        if (saved_)
            ::setenv(name_.c_str(), saved_->c_str(), 1);
        else
            ::unsetenv(name_.c_str());
    }

    void set(const std::string& value) const { ::setenv(name_.c_str(), value.c_str(), 1); }
    void unset() const { ::unsetenv(name_.c_str()); }

private:
    std::string name_;
    std::optional<std::string> saved_;
};

}  // namespace stillpoint::testing
