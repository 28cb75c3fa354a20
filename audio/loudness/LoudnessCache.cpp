#include "audio/loudness/LoudnessCache.h"

#include <ebur128.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <vector>

#include "audio/decode/AudioFileReader.h"
#include "audio/loudness/TruePeakMeter.h"

namespace stillpoint::audio {

namespace {

namespace fs = std::filesystem;

constexpr double kSilenceLufs = -70.0;  // BS.1770's absolute gate: anything quieter counts as silence
constexpr double kNoPeakDbtp = -120.0;
constexpr std::int64_t kBlockFrames = 1 << 16;
// Bumped whenever the analysis changes, so old cached figures are measured again.
constexpr int kAnalysisVersion = 4;  // 4: the decoder that read the file; Ogg files cut short

struct Ebur128Deleter {
    void operator()(ebur128_state* state) const { ebur128_destroy(&state); }
};

std::string formatTime(double seconds) {
    const auto whole = static_cast<long>(seconds);
    char text[32];
    std::snprintf(text, sizeof(text), "%ld:%02ld", whole / 60, whole % 60);
    return text;
}

// Identifies one version of a file: if any of these changes, the cached figures are stale.
struct FileStamp {
    std::string key;  // absolute, normalised path
    std::uintmax_t size = 0;
    std::int64_t modifiedNs = 0;
};

std::optional<FileStamp> stampOf(const fs::path& file) {
    std::error_code error;
    FileStamp stamp;
    const fs::path absolute = fs::weakly_canonical(fs::absolute(file, error), error);
    if (error) return std::nullopt;
    stamp.key = absolute.string();
    stamp.size = fs::file_size(absolute, error);
    if (error) return std::nullopt;
    const auto modified = fs::last_write_time(absolute, error);
    if (error) return std::nullopt;
    stamp.modifiedNs =
        std::chrono::duration_cast<std::chrono::nanoseconds>(modified.time_since_epoch()).count();
    return stamp;
}

fs::path defaultCacheFile() {
    const char* xdgCache = std::getenv("XDG_CACHE_HOME");
    if (xdgCache != nullptr && fs::path(xdgCache).is_absolute()) {
        return fs::path(xdgCache) / "stillpoint" / "loudness.json";
    }
    const char* home = std::getenv("HOME");
    if (home != nullptr && *home != '\0') return fs::path(home) / ".cache" / "stillpoint" / "loudness.json";
    return fs::temp_directory_path() / "stillpoint" / "loudness.json";
}

struct CacheEntry {
    std::uintmax_t size = 0;
    std::int64_t modifiedNs = 0;
    LoudnessMeasurement measurement;
};

nlohmann::json toJson(const CacheEntry& entry) {
    const auto& m = entry.measurement;
    return {{"size", entry.size},
            {"modified_ns", entry.modifiedNs},
            {"integrated_lufs", m.integratedLufs},
            {"true_peak_dbtp", m.truePeakDbtp},
            {"loudness_range_lu", m.loudnessRangeLu},
            {"loudest_short_term_lufs", m.loudestShortTermLufs},
            {"duration_seconds", m.durationSeconds},
            {"sample_rate", m.sampleRate},
            {"channels", m.channels},
            {"format", m.formatName},
            {"decoder", m.decoder},
            {"title", m.title},
            {"artist", m.artist},
            {"damage", m.damage}};
}

std::optional<CacheEntry> entryFromJson(const nlohmann::json& json) {
    try {
        CacheEntry entry;
        entry.size = json.at("size").get<std::uintmax_t>();
        entry.modifiedNs = json.at("modified_ns").get<std::int64_t>();
        auto& m = entry.measurement;
        m.integratedLufs = json.at("integrated_lufs").get<double>();
        m.truePeakDbtp = json.at("true_peak_dbtp").get<double>();
        m.loudnessRangeLu = json.at("loudness_range_lu").get<double>();
        m.loudestShortTermLufs = json.at("loudest_short_term_lufs").get<double>();  // absent: measured again
        m.durationSeconds = json.at("duration_seconds").get<double>();
        m.sampleRate = json.at("sample_rate").get<int>();
        m.channels = json.at("channels").get<int>();
        m.formatName = json.at("format").get<std::string>();
        m.decoder = json.at("decoder").get<std::string>();
        m.title = json.value("title", "");
        m.artist = json.value("artist", "");
        m.damage = json.value("damage", "");
        return entry;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

// A missing, unreadable or damaged cache is simply empty: the figures can always be measured again.
std::map<std::string, CacheEntry> loadEntries(const fs::path& cacheFile) {
    std::map<std::string, CacheEntry> entries;
    std::ifstream stream(cacheFile);
    if (!stream) return entries;
    const auto json = nlohmann::json::parse(stream, nullptr, false);
    if (json.is_discarded() || !json.is_object() || json.value("analysis", 0) != kAnalysisVersion)
        return entries;
    const auto files = json.find("files");
    if (files == json.end() || !files->is_object()) return entries;
    for (const auto& [path, value] : files->items()) {
        if (auto entry = entryFromJson(value)) entries.emplace(path, std::move(*entry));
    }
    return entries;
}

// Decodes the next blocks on its own thread while the caller measures the current one: decoding and
// measuring cost about the same, so a single file is analysed in about half the time.
class DecodeAhead {
public:
    explicit DecodeAhead(AudioFileReader& reader) : reader_(reader) {
        for (auto& slot : slots_) slot.samples.resize(static_cast<std::size_t>(kBlockFrames * 2));
        thread_ = std::thread([this] { decode(); });
    }
    ~DecodeAhead() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        changed_.notify_all();
        thread_.join();
    }
    DecodeAhead(const DecodeAhead&) = delete;
    DecodeAhead& operator=(const DecodeAhead&) = delete;

    // The next block; fewer than kBlockFrames frames means the end. Valid until the next call.
    std::pair<const float*, std::int64_t> next() {
        std::unique_lock lock(mutex_);
        if (holding_) {
            slots_[readIndex_].full = false;
            readIndex_ = (readIndex_ + 1) % kSlots;
            changed_.notify_all();
        }
        changed_.wait(lock, [this] { return slots_[readIndex_].full; });
        holding_ = true;
        if (slots_[readIndex_].failure) std::rethrow_exception(slots_[readIndex_].failure);
        return {slots_[readIndex_].samples.data(), slots_[readIndex_].frames};
    }

private:
    struct Slot {
        std::vector<float> samples;
        std::int64_t frames = 0;
        std::exception_ptr failure;
        bool full = false;
    };

    void decode() {
        for (std::size_t writeIndex = 0;; writeIndex = (writeIndex + 1) % kSlots) {
            {
                std::unique_lock lock(mutex_);
                changed_.wait(lock, [&] { return stopping_ || !slots_[writeIndex].full; });
                if (stopping_) return;
            }
            Slot& slot = slots_[writeIndex];
            try {
                slot.frames = reader_.readStereo(slot.samples.data(), kBlockFrames);
            } catch (...) {
                slot.frames = 0;
                slot.failure = std::current_exception();
            }
            {
                std::lock_guard lock(mutex_);
                slot.full = true;
            }
            changed_.notify_all();
            if (slot.frames < kBlockFrames) return;
        }
    }

    static constexpr std::size_t kSlots = 3;
    AudioFileReader& reader_;
    std::array<Slot, kSlots> slots_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::size_t readIndex_ = 0;
    bool holding_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace

LoudnessMeasurement measureLoudness(const fs::path& file) {
    AudioFileReader reader(file);
    const auto& info = reader.info();
    std::unique_ptr<ebur128_state, Ebur128Deleter> state(
        ebur128_init(2, static_cast<unsigned long>(info.sampleRate), EBUR128_MODE_I | EBUR128_MODE_LRA));
    if (!state)
        throw AudioFileError("'" + file.string() + "': cannot analyse loudness at " +
                             std::to_string(info.sampleRate) + " Hz. Convert the file to 44.1 or 48 kHz");

    // libebur128 1.2's own true peak costs four times its loudness measurement; ours skips quiet blocks.
    TruePeakMeter truePeakMeter;
    std::int64_t totalFrames = 0;
    double loudestShortTerm = kSilenceLufs;
    {
        DecodeAhead decoder(reader);
        while (true) {
            const auto [block, got] = decoder.next();
            if (got > 0) {
                ebur128_add_frames_float(state.get(), block, static_cast<std::size_t>(got));
                truePeakMeter.addStereo(block, static_cast<std::size_t>(got));
                totalFrames += got;
                // Once per block (1.4 s): any burst shorter than the 3 s window lies wholly inside one of
                // the windows looked at, so the loudest is not missed by more than a fraction of a dB.
                double shortTerm = kSilenceLufs;
                if (ebur128_loudness_shortterm(state.get(), &shortTerm) == EBUR128_SUCCESS &&
                    std::isfinite(shortTerm))
                    loudestShortTerm = std::max(loudestShortTerm, shortTerm);
            }
            if (got < kBlockFrames) break;
        }
    }  // the decoding thread has finished: readError() is safe to ask
    const auto readError = reader.readError();
    if (readError && totalFrames == 0) {
        throw AudioFileError("'" + file.string() + "': is damaged: nothing in it can be decoded (" +
                             *readError + "). Copy the file again from the original, or replace it");
    }
    if (totalFrames == 0) {
        throw AudioFileError("'" + file.string() +
                             "': contains no audio. Copy the file again from the original");
    }

    LoudnessMeasurement measurement;
    measurement.sampleRate = info.sampleRate;
    measurement.channels = info.channels;
    measurement.formatName = info.formatName;
    measurement.decoder = info.decoder;
    measurement.title = info.title;
    measurement.artist = info.artist;
    measurement.durationSeconds = static_cast<double>(totalFrames) / info.sampleRate;
    const std::string playable = formatTime(measurement.durationSeconds);
    if (readError) {
        measurement.damage = "'" + file.string() + "': is damaged: decoding stopped after " + playable +
                             " (" + *readError + "). Copy the file again from the original, or replace it";
    } else if (info.declaredFrames > totalFrames) {
        measurement.damage = "'" + file.string() + "': is damaged: it was cut short, its header promises " +
                             formatTime(static_cast<double>(info.declaredFrames) / info.sampleRate) +
                             " but it holds " + playable + ". Copy the file again from the original";
    }
    double integrated = kSilenceLufs;
    if (ebur128_loudness_global(state.get(), &integrated) == EBUR128_SUCCESS && std::isfinite(integrated)) {
        measurement.integratedLufs = std::max(integrated, kSilenceLufs);
    } else {
        measurement.integratedLufs = kSilenceLufs;
    }
    measurement.loudestShortTermLufs = loudestShortTerm;
    double range = 0.0;
    if (ebur128_loudness_range(state.get(), &range) == EBUR128_SUCCESS && std::isfinite(range)) {
        measurement.loudnessRangeLu = range;
    }
    const double peak = truePeakMeter.truePeak();
    measurement.truePeakDbtp = peak > 0.0 ? std::max(20.0 * std::log10(peak), kNoPeakDbtp) : kNoPeakDbtp;
    return measurement;
}

double normalisationGainDb(const LoudnessMeasurement& measured, double targetLufs) {
    if (!std::isfinite(measured.integratedLufs) || measured.integratedLufs <= kSilenceLufs) return 0.0;
    return targetLufs - measured.integratedLufs;
}

class LoudnessCache::Impl {
public:
    explicit Impl(fs::path cacheFile) : cacheFile_(std::move(cacheFile)), entries_(loadEntries(cacheFile_)) {}

    std::optional<LoudnessMeasurement> find(const FileStamp& stamp) const {
        std::lock_guard lock(mutex_);
        const auto found = entries_.find(stamp.key);
        if (found == entries_.end()) return std::nullopt;
        if (found->second.size != stamp.size || found->second.modifiedNs != stamp.modifiedNs)
            return std::nullopt;
        return found->second.measurement;
    }

    void remember(const FileStamp& stamp, const LoudnessMeasurement& measurement) {
        std::lock_guard lock(mutex_);
        entries_[stamp.key] = CacheEntry{stamp.size, stamp.modifiedNs, measurement};
        changed_.insert(stamp.key);
    }

    void save() const {
        std::lock_guard lock(mutex_);
        if (changed_.empty()) return;
        // Another `stillpoint` may have saved meanwhile: keep its entries, ours win where both measured.
        auto merged = loadEntries(cacheFile_);
        for (const auto& key : changed_) merged[key] = entries_.at(key);
        nlohmann::json files = nlohmann::json::object();
        for (const auto& [key, entry] : merged) files[key] = toJson(entry);
        const nlohmann::json document{{"analysis", kAnalysisVersion}, {"files", std::move(files)}};

        std::error_code error;
        fs::create_directories(cacheFile_.parent_path(), error);
        static std::atomic<unsigned> saveCounter{0};
        const fs::path temporary = cacheFile_.string() + ".tmp." + std::to_string(::getpid()) + "." +
                                   std::to_string(saveCounter.fetch_add(1));
        {
            std::ofstream stream(temporary, std::ios::trunc);
            stream << document.dump(1) << '\n';
            stream.flush();
            if (!stream) {
                fs::remove(temporary, error);
                throw std::runtime_error("cannot write the loudness cache '" + temporary.string() +
                                         "'. Check that the folder is writable and the disk is not full");
            }
        }
        // rename() replaces the old cache in one step: a reader sees the old or the new file, never half.
        fs::rename(temporary, cacheFile_, error);
        if (error) {
            fs::remove(temporary, error);
            throw std::runtime_error("cannot replace the loudness cache '" + cacheFile_.string() + "'");
        }
        changed_.clear();
    }

    const fs::path cacheFile_;

private:
    mutable std::mutex mutex_;
    std::map<std::string, CacheEntry> entries_;
    mutable std::set<std::string> changed_;  // measured here since the last save
};

LoudnessCache::LoudnessCache() : LoudnessCache(defaultCacheFile()) {}
LoudnessCache::LoudnessCache(fs::path cacheFile) : impl_(std::make_unique<Impl>(std::move(cacheFile))) {}

LoudnessCache::~LoudnessCache() {
    try {
        impl_->save();
    } catch (const std::exception&) {
        // Losing the cache only costs a new measurement next time; never fail a session for it.
    }
}

std::optional<LoudnessMeasurement> LoudnessCache::find(const fs::path& file) const {
    const auto stamp = stampOf(file);
    if (!stamp) return std::nullopt;
    return impl_->find(*stamp);
}

LoudnessMeasurement LoudnessCache::measure(const fs::path& file) {
    const auto stamp = stampOf(file);
    if (stamp) {
        if (auto cached = impl_->find(*stamp)) return *cached;
    }
    // Measured outside the lock so two threads analyse two files at once.
    auto measurement = measureLoudness(file);
    if (stamp) impl_->remember(*stamp, measurement);
    return measurement;
}

void LoudnessCache::save() const {
    impl_->save();
}

}  // namespace stillpoint::audio
