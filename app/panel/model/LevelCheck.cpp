#include "panel/model/LevelCheck.h"

#include <cmath>
#include <cstdio>

namespace stillpoint::panel {

namespace {

const char* outputName(SetupOutput output) {
    return output == SetupOutput::Room ? "Room speakers" : "Headphones";
}

std::string levelText(const LevelCheckPlayer::Status& status) {
    char text[64];
    std::snprintf(text, sizeof text, "%d %%, ceiling %.0f dBFS",
                  static_cast<int>(std::lround(status.volume * 100.0)), status.ceilingDbfs);
    return text;
}

}  // namespace

LevelCheck::LevelCheck(LevelCheckPlayer& player, SessionSetup& setup, std::string trackTitle,
                       std::string trackFile, double excerptSeconds, WallClock now)
    : player_(player),
      setup_(setup),
      trackTitle_(std::move(trackTitle)),
      trackFile_(std::move(trackFile)),
      excerptSeconds_(excerptSeconds),
      now_(std::move(now)) {}

std::optional<std::string> LevelCheck::cannotPlay(SetupOutput output) const {
    if (trackFile_.empty()) return "The program has no track to check the level with.";
    if (playing_) return "A level check is playing: stop it first.";
    if (setup_.musicConsent != MusicConsent::Yes)
        return "Record the patient's consent to music before playing anything.";
    if (output == SetupOutput::Room && setup_.roomOutputDevice.empty())
        return "Choose the room output first.";
    if (output == SetupOutput::Preview) return "The level check plays on the patient's or the room's output.";
    return std::nullopt;
}

bool LevelCheck::play(SetupOutput output) {
    if (cannotPlay(output)) return false;
    playing_ = output;
    device_ = output == SetupOutput::Room ? setup_.roomOutputDevice : setup_.outputDevice;
    stopping_ = false;
    stoppedBy_.clear();
    current_ = {};
    current_.output = toString(output);
    current_.device = device_;
    current_.track = trackTitle_;
    current_.trackFile = trackFile_;
    current_.started = now_();
    last_ = {};
    setup_.levelCheckPlaying = true;
    player_.play(output, device_);
    return true;
}

void LevelCheck::fadeOutBy(std::string who) {
    if (!playing_ || stopping_) return;
    stopping_ = true;
    stoppedBy_ = std::move(who);
    current_.stopped = now_();  // when it was stopped; the fade follows
    player_.fadeOut();
}

void LevelCheck::stop() {
    fadeOutBy("operator");
}

void LevelCheck::update() {
    if (!playing_) return;
    const auto status = player_.status();
    if (status.state == LevelCheckPlayer::State::Playing ||
        status.state == LevelCheckPlayer::State::FadingOut)
        last_ = status;
    const std::string& chosen =
        *playing_ == SetupOutput::Room ? setup_.roomOutputDevice : setup_.outputDevice;
    if (chosen != device_) fadeOutBy("output changed");
    if (status.state == LevelCheckPlayer::State::Failed) {
        finish(status, "failed: " + status.error);
    } else if (status.state == LevelCheckPlayer::State::Finished) {
        finish(status, stopping_ ? stoppedBy_ : "finished");
    }
}

void LevelCheck::finish(const LevelCheckPlayer::Status& status, std::string stoppedBy) {
    current_.volume = last_.volume;
    current_.ceilingDbfs = last_.ceilingDbfs;
    current_.trackGainDb = last_.trackGainDb;
    current_.playedSeconds = std::max(status.playedSeconds, last_.playedSeconds);
    if (!stopping_) current_.stopped = now_();
    current_.stoppedBy = std::move(stoppedBy);
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.0f s", current_.playedSeconds);
    if (status.state == LevelCheckPlayer::State::Failed)
        lastLine_ = std::string(outputName(*playing_)) + ": the check could not play: " + status.error;
    else
        lastLine_ = std::string(outputName(*playing_)) + ": played " + seconds + " at " + levelText(last_) +
                    (current_.stoppedBy == "operator" ? ", stopped" : "");
    setup_.levelChecks.push_back(current_);
    setup_.levelCheckPlaying = false;
    playing_.reset();
    stopping_ = false;
}

std::string LevelCheck::statusLine() const {
    if (!playing_) return lastLine_;
    if (last_.state != LevelCheckPlayer::State::Playing && last_.state != LevelCheckPlayer::State::FadingOut)
        return "Preparing the check on " + std::string(outputName(*playing_)) + "...";
    if (stopping_) return "Fading out...";
    const int left = static_cast<int>(std::ceil(std::max(0.0, excerptSeconds_ - last_.playedSeconds)));
    return std::string(outputName(*playing_)) + " at " + levelText(last_) + ": " + std::to_string(left) +
           " s left";
}

}  // namespace stillpoint::panel
