#include "program/Program.h"

#include <algorithm>

namespace stillpoint::program {

double playedSeconds(const Track& track, double fileSeconds) {
    const auto seconds = [](Duration duration) { return std::chrono::duration<double>(duration).count(); };
    const double end = track.end ? std::min(fileSeconds, seconds(*track.end)) : fileSeconds;
    const double start = track.start ? seconds(*track.start) : 0.0;
    return std::max(0.0, end - start);
}

const char* toString(Route route) {
    switch (route) {
        case Route::Iv:
            return "iv";
        case Route::Im:
            return "im";
        case Route::Intranasal:
            return "intranasal";
        case Route::Sublingual:
            return "sublingual";
        case Route::Oral:
            return "oral";
        case Route::Other:
            return "other";
    }
    return "other";
}

const char* displayName(Route route) {
    switch (route) {
        case Route::Iv:
            return "IV infusion";
        case Route::Im:
            return "IM injection";
        case Route::Intranasal:
            return "Intranasal";
        case Route::Sublingual:
            return "Sublingual";
        case Route::Oral:
            return "Oral";
        case Route::Other:
            return "Other";
    }
    return "Other";
}

const char* toString(PhaseEnd end) {
    return end == PhaseEnd::Automatic ? "auto" : "operator";
}

const char* toString(FillPolicy fill) {
    switch (fill) {
        case FillPolicy::Loop:
            return "loop";
        case FillPolicy::Bed:
            return "bed";
        case FillPolicy::Silence:
            return "silence";
    }
    return "loop";
}

const char* toString(Lyrics lyrics) {
    switch (lyrics) {
        case Lyrics::Unspecified:
            return "unspecified";
        case Lyrics::None:
            return "none";
        case Lyrics::ForeignLanguage:
            return "foreign";
        case Lyrics::KnownLanguage:
            return "known";
    }
    return "unspecified";
}

}  // namespace stillpoint::program
