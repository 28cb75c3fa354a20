#include "PieceRenderer.h"

#include <ebur128.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <stdexcept>

#include "Pcg32.h"
#include "SynthBlocks.h"

namespace stillpoint::demo {
namespace {

// Parameters are recomputed once per block and ramped across it.
constexpr int kBlockFrames = 64;

bool isAudible(double levelDb) {
    return levelDb > -100.0;
}

// Equal-power pan, position -1 (left) .. +1 (right).
std::array<double, 2> panGains(double position) {
    const double angle = (position + 1.0) * kPi / 4.0;
    return {std::cos(angle), std::sin(angle)};
}

// Chords played by detuned sawtooth pairs through a slowly sweeping low-pass. Two layers take turns so
// that a chord change is a long crossfade, never a jump.
class PadSection {
public:
    PadSection(const PadPart& part, double durationSeconds, Pcg32& random)
        : part_(part), level_(dbToGain(part.levelDb) * 0.2), random_(&random) {
        double time = 0.0;
        while (time < durationSeconds) {
            time += part.chordSeconds * random.between(0.85, 1.15);
            changeTimes_.push_back(time);
        }
        sweepPhaseOffset_ = random.uniform();
        for (auto& layer : layers_) layer.tremoloPhases.resize(8);
        for (double& phase : layers_[0].tremoloPhases) phase = random.uniform();
        for (double& phase : layers_[1].tremoloPhases) phase = random.uniform();
        tremoloSeconds_ = {random.between(17.0, 29.0), random.between(23.0, 37.0)};
        loadChord(layers_[0], 0, random);
        layers_[0].gain = RampedValue(1.0);
    }

    void addBlock(double* left, double* right, int frames, double blockStart) {
        const double blockEnd = blockStart + static_cast<double>(frames) / kSampleRate;
        if (nextChange_ < changeTimes_.size() && blockStart >= changeTimes_[nextChange_]) {
            lastChangeTime_ = changeTimes_[nextChange_];
            ++nextChange_;
            activeLayer_ ^= 1;
            loadChord(layers_[activeLayer_], nextChange_, *random_);
        }
        const double crossfade = raisedCosine((blockEnd - lastChangeTime_) / part_.crossfadeSeconds);
        for (int index = 0; index < 2; ++index) {
            Layer& layer = layers_[index];
            const double target = index == activeLayer_ ? crossfade : 1.0 - crossfade;
            layer.gain.beginBlock(target, frames);
            layer.silent = target == 0.0 && layer.lastTarget == 0.0;
            layer.lastTarget = target;
            for (std::size_t note = 0; note < layer.notes.size(); ++note) {
                const double cycle = blockEnd / tremoloSeconds_[note % 2] + layer.tremoloPhases[note];
                const double swell = 0.5 - 0.5 * std::cos(2.0 * kPi * cycle);
                layer.notes[note].gain.beginBlock(1.0 - part_.tremoloDepth * swell, frames);
            }
        }
        const double sweep =
            0.5 - 0.5 * std::cos(2.0 * kPi * (blockEnd / part_.cutoffSweepSeconds + sweepPhaseOffset_));
        const double cutoff = part_.cutoffLowHz * std::pow(part_.cutoffHighHz / part_.cutoffLowHz, sweep);
        for (auto& filter : filters_) filter.setCutoff(cutoff, 0.6);

        for (int frame = 0; frame < frames; ++frame) {
            double sumLeft = 0.0;
            double sumRight = 0.0;
            for (Layer& layer : layers_) {
                const double layerGain = layer.gain.next();
                if (layer.silent) continue;
                for (Note& note : layer.notes) {
                    const double gain = layerGain * note.gain.next();
                    const double toneLeft = note.left.next();
                    const double toneRight = note.right.next();
                    // The same two oscillators, mixed the other way round, give width without phase tricks.
                    sumLeft += gain * (toneLeft * 0.8 + toneRight * 0.2);
                    sumRight += gain * (toneRight * 0.8 + toneLeft * 0.2);
                }
            }
            const double filteredLeft = filters_[1].process(filters_[0].process(sumLeft));
            const double filteredRight = filters_[3].process(filters_[2].process(sumRight));
            left[frame] += level_ * filteredLeft;
            right[frame] += level_ * filteredRight;
        }
    }

private:
    struct Note {
        SawOscillator left;
        SawOscillator right;
        RampedValue gain{1.0};
    };
    struct Layer {
        std::vector<Note> notes;
        std::vector<double> tremoloPhases;
        RampedValue gain;
        double lastTarget = 0.0;
        bool silent = true;
    };

    void loadChord(Layer& layer, std::size_t chordNumber, Pcg32& random) {
        const auto& chord = part_.chords[chordNumber % part_.chords.size()];
        layer.notes.assign(std::min<std::size_t>(chord.size(), 8), Note{});
        const double spread = part_.detuneCents / 2.0 / 1200.0;
        for (std::size_t index = 0; index < layer.notes.size(); ++index) {
            const double hz = midiToHz(chord[index]);
            Note& note = layer.notes[index];
            note.left.setFrequency(hz * std::pow(2.0, -spread));
            note.right.setFrequency(hz * std::pow(2.0, spread));
            note.left.setPhase(random.uniform());
            note.right.setPhase(random.uniform());
        }
    }

    const PadPart& part_;
    double level_;
    std::array<Layer, 2> layers_;
    std::vector<double> changeTimes_;
    std::size_t nextChange_ = 0;
    int activeLayer_ = 0;
    double lastChangeTime_ = -1e9;
    double sweepPhaseOffset_ = 0.0;
    std::array<double, 2> tremoloSeconds_{};
    std::array<LowPassFilter, 4> filters_;
    Pcg32* random_ = nullptr;
};

// A low, steady root with its octave and fifth, breathing very slowly.
class DroneSection {
public:
    DroneSection(const DronePart& part, Pcg32& random) : part_(part), level_(dbToGain(part.levelDb) * 0.3) {
        const std::array<double, 3> notes = {static_cast<double>(part.rootMidi), part.rootMidi + 12.0,
                                             part.rootMidi + 19.0};
        partialGains_ = {1.0, dbToGain(part.octaveLevelDb), dbToGain(part.fifthLevelDb)};
        for (std::size_t index = 0; index < notes.size(); ++index) {
            // Two slightly detuned copies per partial make a slow beat, the drone's only movement.
            left_[index].start(midiToHz(notes[index] - 0.03), random.uniform());
            right_[index].start(midiToHz(notes[index] + 0.03), random.uniform());
        }
        breathOffset_ = random.uniform();
    }

    void addBlock(double* left, double* right, int frames, double blockStart) {
        const double blockEnd = blockStart + static_cast<double>(frames) / kSampleRate;
        const double breath =
            0.5 - 0.5 * std::cos(2.0 * kPi * (blockEnd / part_.breathSeconds + breathOffset_));
        gain_.beginBlock(level_ * (1.0 - part_.breathDepth * breath), frames);
        for (int frame = 0; frame < frames; ++frame) {
            double sumLeft = 0.0;
            double sumRight = 0.0;
            for (std::size_t index = 0; index < partialGains_.size(); ++index) {
                sumLeft += partialGains_[index] * left_[index].next();
                sumRight += partialGains_[index] * right_[index].next();
            }
            const double gain = gain_.next();
            left[frame] += gain * sumLeft;
            right[frame] += gain * sumRight;
        }
        for (auto& oscillator : left_) oscillator.renormalise();
        for (auto& oscillator : right_) oscillator.renormalise();
    }

private:
    const DronePart& part_;
    double level_;
    std::array<RotatingSine, 3> left_;
    std::array<RotatingSine, 3> right_;
    std::array<double, 3> partialGains_{};
    double breathOffset_ = 0.0;
    RampedValue gain_;
};

// Soft FM bells (Chowning): an inharmonic modulator whose depth decays faster than the tone, so each
// strike starts slightly bright and rings out as a near-pure tone. Sparse, at seeded random times.
class BellSection {
public:
    BellSection(const BellPart& part, double durationSeconds, double fadeOutSeconds, Pcg32& random)
        : part_(part), level_(dbToGain(part.levelDb) * 0.25), random_(random) {
        nextStrike_ = random.between(part.minGapSeconds * 0.5, part.maxGapSeconds);
        // No new strike may ring past the end of the piece.
        lastStrikeTime_ = durationSeconds - std::max(fadeOutSeconds, 1.0);
    }

    void addBlock(double* left, double* right, int frames, double blockStart) {
        if (part_.notes.empty()) return;
        if (blockStart >= nextStrike_) {
            if (blockStart < lastStrikeTime_) strike();
            nextStrike_ = blockStart + random_.between(part_.minGapSeconds, part_.maxGapSeconds);
        }
        for (Voice& voice : voices_) {
            if (!voice.active) continue;
            for (int frame = 0; frame < frames; ++frame) {
                double attack = 1.0;
                if (voice.attackPosition < 1.0) {
                    attack = raisedCosine(voice.attackPosition);
                    voice.attackPosition += voice.attackIncrement;
                }
                const double modulation = voice.index * sineOfPhase(voice.modulatorPhase);
                const double tone = sineOfPhase(wrapPhase(voice.carrierPhase + modulation / (2.0 * kPi)));
                const double sample = tone * voice.amplitude * attack;
                left[frame] += sample * voice.panLeft;
                right[frame] += sample * voice.panRight;
                voice.carrierPhase += voice.carrierIncrement;
                if (voice.carrierPhase >= 1.0) voice.carrierPhase -= 1.0;
                voice.modulatorPhase += voice.modulatorIncrement;
                if (voice.modulatorPhase >= 1.0) voice.modulatorPhase -= 1.0;
                voice.amplitude *= voice.amplitudeDecay;
                voice.index *= voice.indexDecay;
            }
            if (voice.amplitude < 1e-6 * level_) voice.active = false;
        }
    }

private:
    struct Voice {
        bool active = false;
        double carrierPhase = 0.0, carrierIncrement = 0.0;
        double modulatorPhase = 0.0, modulatorIncrement = 0.0;
        double amplitude = 0.0, amplitudeDecay = 1.0;
        double index = 0.0, indexDecay = 1.0;
        double attackPosition = 0.0, attackIncrement = 0.0;
        double panLeft = 0.0, panRight = 0.0;
    };

    void strike() {
        const double hz = midiToHz(
            part_.notes[static_cast<std::size_t>(random_.below(static_cast<int>(part_.notes.size())))]);
        const double velocity = random_.between(0.55, 1.0);
        const double pan = random_.between(-0.6, 0.6);
        const double decaySeconds = part_.decaySeconds * random_.between(0.8, 1.2);
        auto free = std::find_if(voices_.begin(), voices_.end(), [](const Voice& v) { return !v.active; });
        if (free == voices_.end()) return;  // all voices still ringing: let this strike pass
        Voice& voice = *free;
        voice = Voice{};
        voice.active = true;
        voice.carrierIncrement = hz / kSampleRate;
        voice.modulatorIncrement = hz * part_.modulatorRatio / kSampleRate;
        voice.amplitude = level_ * velocity;
        // exp(-6.9) is -60 dB: the tone falls by 60 dB over decaySeconds.
        voice.amplitudeDecay = std::exp(-6.9 / (decaySeconds * kSampleRate));
        voice.index = part_.modulationIndex * velocity;
        voice.indexDecay = std::exp(-6.9 / (0.3 * decaySeconds * kSampleRate));
        voice.attackIncrement = 1.0 / (0.03 * kSampleRate);  // 30 ms: soft mallet, no click
        const auto gains = panGains(pan);
        voice.panLeft = gains[0];
        voice.panRight = gains[1];
    }

    const BellPart& part_;
    double level_;
    Pcg32& random_;
    std::array<Voice, 8> voices_{};
    double nextStrike_ = 0.0;
    double lastStrikeTime_ = 0.0;
};

// Distant surf: noise through a low-pass that opens and closes with slow, uneven swells, each rising
// faster than it falls, like waves arriving and draining away.
class SurfSection {
public:
    SurfSection(const SurfPart& part, Pcg32& random)
        : part_(part),
          level_(dbToGain(part.levelDb) * 0.5),
          noiseLeft_(random.nextUint32(), 11),
          noiseRight_(random.nextUint32(), 13),
          random_(random) {
        period_ = part.swellSeconds * random.between(0.75, 1.25);
        phase_ = random.uniform();
    }

    void addBlock(double* left, double* right, int frames, double /*blockStart*/) {
        phase_ += static_cast<double>(frames) / kSampleRate / period_;
        if (phase_ >= 1.0) {
            phase_ -= 1.0;
            // Change the period only here, where the swell is at its quietest.
            period_ = part_.swellSeconds * random_.between(0.75, 1.25);
        }
        constexpr double kRiseShare = 0.4;
        const double warped = phase_ < kRiseShare ? 0.5 * phase_ / kRiseShare
                                                  : 0.5 + 0.5 * (phase_ - kRiseShare) / (1.0 - kRiseShare);
        const double swell = 0.5 - 0.5 * std::cos(2.0 * kPi * warped);
        const double cutoff = part_.cutoffLowHz * std::pow(part_.cutoffHighHz / part_.cutoffLowHz, swell);
        for (auto& filter : filters_) filter.setCutoff(cutoff, 0.5);
        gain_.beginBlock(level_ * (0.2 + 0.8 * swell * swell), frames);
        for (int frame = 0; frame < frames; ++frame) {
            const double gain = gain_.next();
            left[frame] += gain * filters_[1].process(filters_[0].process(noiseLeft_.bipolar()));
            right[frame] += gain * filters_[3].process(filters_[2].process(noiseRight_.bipolar()));
        }
    }

private:
    const SurfPart& part_;
    double level_;
    Pcg32 noiseLeft_;
    Pcg32 noiseRight_;
    Pcg32& random_;
    double period_ = 10.0;
    double phase_ = 0.0;
    std::array<LowPassFilter, 4> filters_;
    RampedValue gain_;
};

double integratedLoudness(const std::vector<float>& interleavedStereo, std::int64_t frames) {
    std::unique_ptr<ebur128_state, void (*)(ebur128_state*)> state(
        ebur128_init(2, kSampleRate, EBUR128_MODE_I), [](ebur128_state* s) { ebur128_destroy(&s); });
    if (!state) throw std::runtime_error("libebur128 could not be initialised");
    ebur128_add_frames_float(state.get(), interleavedStereo.data(), static_cast<std::size_t>(frames));
    double loudness = -HUGE_VAL;
    ebur128_loudness_global(state.get(), &loudness);
    return loudness;
}

}  // namespace

RenderedPiece renderPiece(const PieceRecipe& recipe, double maxSeconds) {
    const double duration =
        maxSeconds > 0.0 ? std::min(maxSeconds, recipe.durationSeconds) : recipe.durationSeconds;
    const double fadeIn = std::min(recipe.fadeInSeconds, duration / 4.0);
    const double fadeOut = std::min(recipe.fadeOutSeconds, duration / 4.0);

    Pcg32 random(recipe.seed);
    std::unique_ptr<PadSection> pad;
    std::unique_ptr<DroneSection> drone;
    std::unique_ptr<BellSection> bells;
    std::unique_ptr<SurfSection> surf;
    if (isAudible(recipe.pad.levelDb) && !recipe.pad.chords.empty())
        pad = std::make_unique<PadSection>(recipe.pad, duration, random);
    if (isAudible(recipe.drone.levelDb)) drone = std::make_unique<DroneSection>(recipe.drone, random);
    if (isAudible(recipe.bells.levelDb))
        bells = std::make_unique<BellSection>(recipe.bells, duration, fadeOut, random);
    if (isAudible(recipe.surf.levelDb)) surf = std::make_unique<SurfSection>(recipe.surf, random);

    RenderedPiece piece;
    piece.frames = static_cast<std::int64_t>(std::llround(duration * kSampleRate));
    piece.interleavedStereo.assign(static_cast<std::size_t>(piece.frames) * 2, 0.0F);

    std::array<LowPassFilter, 4> masterFilters;
    for (auto& filter : masterFilters) filter.setCutoff(recipe.masterCutoffHz, 0.707);
    std::array<DcBlocker, 2> dcBlockers;
    const auto fadeInFrames = static_cast<std::int64_t>(fadeIn * kSampleRate);
    const auto fadeOutFrames = static_cast<std::int64_t>(fadeOut * kSampleRate);

    std::array<double, kBlockFrames> left{};
    std::array<double, kBlockFrames> right{};
    for (std::int64_t blockStart = 0; blockStart < piece.frames; blockStart += kBlockFrames) {
        const int frames = static_cast<int>(std::min<std::int64_t>(kBlockFrames, piece.frames - blockStart));
        const double startSeconds = static_cast<double>(blockStart) / kSampleRate;
        left.fill(0.0);
        right.fill(0.0);
        if (pad) pad->addBlock(left.data(), right.data(), frames, startSeconds);
        if (drone) drone->addBlock(left.data(), right.data(), frames, startSeconds);
        if (bells) bells->addBlock(left.data(), right.data(), frames, startSeconds);
        if (surf) surf->addBlock(left.data(), right.data(), frames, startSeconds);
        for (int frame = 0; frame < frames; ++frame) {
            const std::int64_t position = blockStart + frame;
            double envelope = 1.0;
            if (position < fadeInFrames)
                envelope = raisedCosine(static_cast<double>(position) / fadeInFrames);
            const std::int64_t remaining = piece.frames - 1 - position;
            if (remaining < fadeOutFrames)
                envelope = std::min(envelope, raisedCosine(static_cast<double>(remaining) / fadeOutFrames));
            const double outLeft =
                dcBlockers[0].process(masterFilters[1].process(masterFilters[0].process(left[frame])));
            const double outRight =
                dcBlockers[1].process(masterFilters[3].process(masterFilters[2].process(right[frame])));
            const auto index = static_cast<std::size_t>(position) * 2;
            piece.interleavedStereo[index] = static_cast<float>(outLeft * envelope);
            piece.interleavedStereo[index + 1] = static_cast<float>(outRight * envelope);
        }
    }

    piece.loudnessBeforeGainLufs = integratedLoudness(piece.interleavedStereo, piece.frames);
    if (!std::isfinite(piece.loudnessBeforeGainLufs))
        throw std::runtime_error("piece '" + recipe.fileStem +
                                 "' rendered as silence: check its recipe levels");
    float peak = 0.0F;
    for (float sample : piece.interleavedStereo) peak = std::max(peak, std::abs(sample));
    const double peakDb = 20.0 * std::log10(std::max(peak, 1e-9F));
    piece.appliedGainDb =
        std::min(recipe.targetLufs - piece.loudnessBeforeGainLufs, kMaximumPeakDbfs - peakDb);
    const auto gain = static_cast<float>(dbToGain(piece.appliedGainDb));
    for (float& sample : piece.interleavedStereo) sample *= gain;
    piece.samplePeakDbfs = peakDb + piece.appliedGainDb;
    return piece;
}

}  // namespace stillpoint::demo
