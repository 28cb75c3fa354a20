#include "editor/EditorChecker.h"

#include <utility>

namespace stillpoint::editor {

EditorChecker::EditorChecker(check::CheckOptions options) : options_(std::move(options)) {
    options_.progress = [this](std::size_t done, std::size_t total) {
        std::lock_guard lock(mutex_);
        progress_.done = done;
        progress_.total = total;
    };
    thread_ = std::thread([this] { run(); });
}

EditorChecker::~EditorChecker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void EditorChecker::request(EditorModel::CheckRequest request) {
    {
        std::lock_guard lock(mutex_);
        waiting_ = std::move(request);
    }
    wake_.notify_all();
}

EditorChecker::Progress EditorChecker::progress() const {
    std::lock_guard lock(mutex_);
    return progress_;
}

std::optional<EditorChecker::Finished> EditorChecker::takeReport() {
    std::lock_guard lock(mutex_);
    return std::exchange(finished_, std::nullopt);
}

void EditorChecker::run() {
    // One checker for the thread's life: its loudness cache stays loaded between checks.
    check::ProgramChecker checker(options_);
    while (true) {
        EditorModel::CheckRequest request;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || waiting_; });
            if (stopping_) return;
            request = std::move(*waiting_);
            waiting_.reset();
            progress_ = {true, 0, 0};
        }
        Finished finished{request.revision, checker.checkText(request.text, request.file)};
        std::lock_guard lock(mutex_);
        finished_ = std::move(finished);
        progress_.running = false;
    }
}

}  // namespace stillpoint::editor
