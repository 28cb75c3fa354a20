// Fixtures for the journal tests: a private temp folder, a small program, a controllable clock, and
// engine events built the way SessionEngine emits them.
#pragma once

#include <sndfile.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "journal/SessionJournal.h"
#include "program/Program.h"
#include "session/SessionEvent.h"

namespace stillpoint::journal::testing {

// A fresh folder under the system temp dir, removed again at the end of the test.
class TempFolder {
public:
    TempFolder() {
        std::random_device seed;
        path_ = std::filesystem::temp_directory_path() /
                ("stillpoint-journal-test-" + std::to_string(::getpid()) + "-" + std::to_string(seed()));
        std::filesystem::create_directories(path_);
    }
    ~TempFolder() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// A full disk, for this process only: while it lives, writes that would make a file larger than
// `bytes` fail with EFBIG after writing what fits (a short write, as ENOSPC gives), so a line can be cut
// part-way. Freeing the disk is the end of its scope.
class FileSizeLimit {
public:
    explicit FileSizeLimit(std::uintmax_t bytes) {
        ::getrlimit(RLIMIT_FSIZE, &previous_);
        previousHandler_ = std::signal(SIGXFSZ, SIG_IGN);  // else the kernel ends the process
        rlimit limit = previous_;
        limit.rlim_cur = static_cast<rlim_t>(bytes);
        ::setrlimit(RLIMIT_FSIZE, &limit);
    }
    ~FileSizeLimit() {
        ::setrlimit(RLIMIT_FSIZE, &previous_);
        std::signal(SIGXFSZ, previousHandler_);
    }
    FileSizeLimit(const FileSizeLimit&) = delete;
    FileSizeLimit& operator=(const FileSizeLimit&) = delete;

private:
    rlimit previous_{};
    void (*previousHandler_)(int) = SIG_DFL;
};

// The clinic's time zone for a test: Central European, so local clock times differ from UTC.
struct ClinicZone {
    explicit ClinicZone(const char* zone = "Europe/Amsterdam") {
        ::setenv("TZ", zone, 1);
        ::tzset();
    }
};

// A clock the test moves by hand, shared with the journal through JournalOptions::clock.
struct ManualClock {
    std::shared_ptr<std::chrono::system_clock::time_point> now =
        std::make_shared<std::chrono::system_clock::time_point>(
            std::chrono::sys_days{std::chrono::year{2026} / 11 / 21} + std::chrono::hours{14});
    void advance(std::chrono::milliseconds by) { *now += by; }
    JournalOptions options() const {
        JournalOptions options;
        options.clock = [now = now] { return *now; };
        return options;
    }
};

inline std::string readWholeFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void writeWholeFile(const std::filesystem::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
}

// A one-second stereo WAV with title and artist tags, as a clinic's library would hold.
inline void writeTaggedWav(const std::filesystem::path& file, const char* title, const char* artist) {
    SF_INFO info{};
    info.samplerate = 48000;
    info.channels = 2;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    SNDFILE* sound = sf_open(file.c_str(), SFM_WRITE, &info);
    if (sound == nullptr) throw std::runtime_error("cannot write test WAV " + file.string());
    if (title) sf_set_string(sound, SF_STR_TITLE, title);
    if (artist) sf_set_string(sound, SF_STR_ARTIST, artist);
    std::vector<float> silence(48000 * 2, 0.0f);
    sf_writef_float(sound, silence.data(), 48000);
    sf_close(sound);
}

// A stereo sine tone of `seconds`, tagged, for sessions the engine really renders.
inline void writeToneWav(const std::filesystem::path& file, double seconds, double hertz, const char* title) {
    SF_INFO info{};
    info.samplerate = 48000;
    info.channels = 2;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    SNDFILE* sound = sf_open(file.c_str(), SFM_WRITE, &info);
    if (sound == nullptr) throw std::runtime_error("cannot write test WAV " + file.string());
    sf_set_string(sound, SF_STR_TITLE, title);
    const auto frames = static_cast<std::size_t>(seconds * 48000);
    std::vector<float> samples(frames * 2);
    for (std::size_t i = 0; i < frames; ++i) {
        samples[2 * i] = samples[2 * i + 1] =
            0.2f * static_cast<float>(std::sin(2 * 3.14159265358979 * hertz * i / 48000));
    }
    sf_writef_float(sound, samples.data(), static_cast<sf_count_t>(frames));
    sf_close(sound);
}

inline program::Track makeTrack(const std::filesystem::path& file, std::string title = {}) {
    program::Track track;
    track.file = file;
    track.fileAsWritten = file.filename().string();
    track.title = std::move(title);
    return track;
}

// Three phases (settling 2 min, peak 10 min, return 5 min); peak's first track has a calmer alternate.
// Audio files and the program file itself are written into `folder`.
inline program::Program makeProgram(const std::filesystem::path& folder) {
    writeTaggedWav(folder / "rain.wav", "Rain on Cedar", "Ana Lind");
    writeTaggedWav(folder / "deep.wav", "Deep Field", "Okon <Trio>");
    writeTaggedWav(folder / "calm.wav", "Calm Water", "Ana Lind");
    writeTaggedWav(folder / "home.wav", nullptr, nullptr);
    writeWholeFile(folder / "program.toml", "format = 1\nname = \"IV 40 minutes\"\n");
    program::Program program;
    program.name = "IV 40 minutes";
    program.route = program::Route::Iv;
    program.sourceFile = folder / "program.toml";
    using std::chrono::minutes;
    const auto phase = [](const char* name, minutes planned) {
        program::Phase made;
        made.name = name;
        made.planned = planned;
        return made;
    };
    auto settling = phase("settling", minutes(2));
    settling.tracks.push_back(makeTrack(folder / "rain.wav"));
    auto peak = phase("peak", minutes(10));
    peak.tracks.push_back(makeTrack(folder / "deep.wav"));
    peak.tracks[0].alternates.push_back(makeTrack(folder / "calm.wav"));
    auto back = phase("return", minutes(5));
    back.tracks.push_back(makeTrack(folder / "home.wav", "Coming Home"));
    program.phases = {settling, peak, back};
    program.grounding = makeTrack(folder / "calm.wav", "Grounding");
    return program;
}

// What the kill test renders for real: 20 s + 10 min + 5 min of looping 8-second tones.
// The length of every track of makeRenderedProgram().
inline constexpr double kRenderedTrackSeconds = 8.0;

inline program::Program makeRenderedProgram(const std::filesystem::path& folder, bool writeFiles) {
    const char* names[] = {"settle.wav", "peak-a.wav", "peak-b.wav", "return.wav"};
    const double hertz[] = {220, 330, 392, 262};
    if (writeFiles) {
        for (int i = 0; i < 4; ++i)
            writeToneWav(folder / names[i], kRenderedTrackSeconds, hertz[i], names[i]);
        writeWholeFile(folder / "rendered.toml", "format = 1\nname = \"Rendered\"\n");
    }
    program::Program program;
    program.name = "Rendered";
    program.sourceFile = folder / "rendered.toml";
    const auto phase = [&](const char* name, program::Duration planned, std::vector<int> tracks) {
        program::Phase made;
        made.name = name;
        made.planned = planned;
        for (const int t : tracks) made.tracks.push_back(makeTrack(folder / names[t]));
        return made;
    };
    program.phases = {phase("settling", std::chrono::seconds(20), {0}),
                      phase("peak", std::chrono::minutes(10), {1, 2}),
                      phase("return", std::chrono::minutes(5), {3})};
    return program;
}

inline SessionDetails makeDetails(std::string patientId = "KX-0042") {
    SessionDetails details;
    details.patientId = std::move(patientId);
    details.clinician = "Dr. M. Okafor";
    details.doseNote = "0.5 mg/kg over 40 min";
    details.consentToMusic = true;
    details.outputDevice = "Headphones (USB)";
    return details;
}

inline session::TrackRef phaseTrack(int phase, int index) {
    session::TrackRef ref;
    ref.role = session::TrackRole::Phase;
    ref.phase = static_cast<std::int16_t>(phase);
    ref.index = static_cast<std::int16_t>(index);
    return ref;
}

inline session::SessionEvent makeEvent(session::EventKind kind, double sessionSeconds, int phase,
                                       session::TrackRef track = {}, double trackSeconds = 0.0) {
    session::SessionEvent event;
    event.kind = kind;
    event.sampleRate = 48000;
    event.sessionFrame = static_cast<std::int64_t>(sessionSeconds * 48000);
    event.phase = phase;
    event.track = track;
    event.trackPositionSeconds = trackSeconds;
    return event;
}

// An operator command as the engine reports it (SessionEngine::drainEvents): numbered, with its outcome.
inline session::SessionEvent makeAction(double sessionSeconds, int phase, session::Action action,
                                        double value = 0.0, session::Refusal refusal = session::Refusal::None,
                                        std::uint32_t commandSeq = 1) {
    session::SessionEvent event = makeEvent(session::EventKind::OperatorAction, sessionSeconds, phase);
    event.action = action;
    event.value = value;
    event.refusal = refusal;
    event.commandSeq = commandSeq;
    return event;
}

inline void setDetailText(session::SessionEvent& event, const char* text) {
    std::strncpy(event.detail.data(), text, event.detail.size() - 1);
}

inline Vitals makeVitals(std::optional<int> systolic, std::optional<int> diastolic,
                         std::optional<int> heartRate, std::optional<int> spo2) {
    Vitals vitals;
    vitals.systolic = systolic;
    vitals.diastolic = diastolic;
    vitals.heartRate = heartRate;
    vitals.spo2 = spo2;
    return vitals;
}

inline session::ResumePoint makeResumePoint(int phase, session::TrackRef track, double trackSeconds,
                                            double sessionSeconds, double phaseElapsed, double masterVolume) {
    session::ResumePoint point;
    point.phase = phase;
    point.track = track;
    point.trackPositionSeconds = trackSeconds;
    point.sessionSeconds = sessionSeconds;
    point.phaseElapsedSeconds = phaseElapsed;
    point.masterVolume = masterVolume;
    return point;
}

inline session::SessionSnapshot makeSnapshot(double sessionSeconds, int phase, session::TrackRef track,
                                             double trackSeconds, double phaseElapsed,
                                             double masterVolume = 0.8) {
    session::SessionSnapshot snapshot;
    snapshot.state = session::SessionState::Playing;
    snapshot.sessionSeconds = sessionSeconds;
    snapshot.sessionFrame = static_cast<std::int64_t>(sessionSeconds * 48000);
    snapshot.phase = phase;
    snapshot.phaseCount = 3;
    snapshot.currentTrack = track;
    snapshot.trackPositionSeconds = trackSeconds;
    snapshot.phaseElapsedSeconds = phaseElapsed;
    snapshot.masterVolume = masterVolume;
    const double planned[] = {120, 600, 300};
    for (int i = 0; i < 3; ++i) snapshot.phases[i].plannedSeconds = planned[i];
    return snapshot;
}

}  // namespace stillpoint::journal::testing
