// Runs the editor's audio check (ProgramChecker, with the shared loudness cache) on a thread of its own, so
// the window never waits on decoding: the window hands it the latest text and takes the report when it is
// ready. A request that arrives while a check runs replaces any waiting one (only the latest matters).
//
// Threads: request(), progress() and takeReport() from the UI thread; the check on its own thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <thread>

#include "check/ProgramChecker.h"
#include "editor/EditorModel.h"

namespace stillpoint::editor {

class EditorChecker {
public:
    explicit EditorChecker(check::CheckOptions options = {});
    ~EditorChecker();
    EditorChecker(const EditorChecker&) = delete;
    EditorChecker& operator=(const EditorChecker&) = delete;

    void request(EditorModel::CheckRequest request);
    struct Progress {
        bool running = false;
        std::size_t done = 0;
        std::size_t total = 0;
    };
    Progress progress() const;
    // The report of the latest finished check, once.
    struct Finished {
        std::uint64_t revision = 0;
        check::CheckReport report;
    };
    std::optional<Finished> takeReport();

private:
    void run();

    check::CheckOptions options_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::optional<EditorModel::CheckRequest> waiting_;
    std::optional<Finished> finished_;
    Progress progress_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace stillpoint::editor
