#include "audio/decode/AudioFileReader.h"

#include <opus/opusfile.h>
#include <sndfile.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <system_error>
#include <utility>
#include <vector>

#include "audio/decode/FfmpegDecoder.h"
#include "audio/decode/OggPages.h"
#include "audio/decode/StereoDownmix.h"

namespace stillpoint::audio {

namespace {

// The tags libsndfile reads (its SF_STR_* strings), by the names FFmpeg and Vorbis comments give them.
constexpr std::array<std::pair<int, const char*>, 10> kSndfileTags{{{SF_STR_TITLE, "title"},
                                                                    {SF_STR_ARTIST, "artist"},
                                                                    {SF_STR_ALBUM, "album"},
                                                                    {SF_STR_DATE, "date"},
                                                                    {SF_STR_GENRE, "genre"},
                                                                    {SF_STR_COMMENT, "comment"},
                                                                    {SF_STR_COPYRIGHT, "copyright"},
                                                                    {SF_STR_LICENSE, "license"},
                                                                    {SF_STR_TRACKNUMBER, "track"},
                                                                    {SF_STR_SOFTWARE, "encoder"}}};

namespace fs = std::filesystem;

StereoWeights weightsFor(int sndfileChannel) {
    switch (sndfileChannel) {
        case SF_CHANNEL_MAP_MONO:
        case SF_CHANNEL_MAP_CENTER:
        case SF_CHANNEL_MAP_FRONT_CENTER:
        case SF_CHANNEL_MAP_TOP_CENTER:
        case SF_CHANNEL_MAP_TOP_FRONT_CENTER:
            return kCentre;
        case SF_CHANNEL_MAP_LEFT:
        case SF_CHANNEL_MAP_FRONT_LEFT:
        case SF_CHANNEL_MAP_FRONT_LEFT_OF_CENTER:
            return kLeft;
        case SF_CHANNEL_MAP_RIGHT:
        case SF_CHANNEL_MAP_FRONT_RIGHT:
        case SF_CHANNEL_MAP_FRONT_RIGHT_OF_CENTER:
            return kRight;
        case SF_CHANNEL_MAP_REAR_LEFT:
        case SF_CHANNEL_MAP_SIDE_LEFT:
        case SF_CHANNEL_MAP_TOP_FRONT_LEFT:
        case SF_CHANNEL_MAP_TOP_REAR_LEFT:
            return kLeftSurround;
        case SF_CHANNEL_MAP_REAR_RIGHT:
        case SF_CHANNEL_MAP_SIDE_RIGHT:
        case SF_CHANNEL_MAP_TOP_FRONT_RIGHT:
        case SF_CHANNEL_MAP_TOP_REAR_RIGHT:
            return kRightSurround;
        case SF_CHANNEL_MAP_REAR_CENTER:
        case SF_CHANNEL_MAP_TOP_REAR_CENTER:
            return kBackCentre;
        case SF_CHANNEL_MAP_LFE:
            return kDropped;
        default:
            return kBackCentre;
    }
}

// WAVE_FORMAT_EXTENSIBLE / FLAC default order: L R C LFE BL BR (FLC FRC) BC SL SR.
std::vector<StereoWeights> waveOrderLayout(int channels) {
    if (channels == 1) return {kCentre};
    if (channels == 2) return {kLeft, kRight};
    if (channels == 3) return {kLeft, kRight, kCentre};
    if (channels == 4) return {kLeft, kRight, kLeftSurround, kRightSurround};
    if (channels == 5) return {kLeft, kRight, kCentre, kLeftSurround, kRightSurround};
    std::vector<StereoWeights> layout{kLeft, kRight, kCentre, kDropped, kLeftSurround, kRightSurround};
    if (channels == 7) layout.push_back(kBackCentre);
    if (channels >= 8) {
        layout.push_back(kLeftSurround);
        layout.push_back(kRightSurround);
    }
    layout.resize(static_cast<std::size_t>(channels), kBackCentre);
    return layout;
}

// Vorbis and Opus (mapping family 1) order: L C R, then surrounds, LFE last.
std::vector<StereoWeights> vorbisOrderLayout(int channels) {
    switch (channels) {
        case 1:
            return {kCentre};
        case 2:
            return {kLeft, kRight};
        case 3:
            return {kLeft, kCentre, kRight};
        case 4:
            return {kLeft, kRight, kLeftSurround, kRightSurround};
        case 5:
            return {kLeft, kCentre, kRight, kLeftSurround, kRightSurround};
        case 6:
            return {kLeft, kCentre, kRight, kLeftSurround, kRightSurround, kDropped};
        case 7:
            return {kLeft, kCentre, kRight, kLeftSurround, kRightSurround, kBackCentre, kDropped};
        case 8:
            return {kLeft,          kCentre,       kRight,         kLeftSurround,
                    kRightSurround, kLeftSurround, kRightSurround, kDropped};
        default: {
            std::vector<StereoWeights> layout(static_cast<std::size_t>(channels), kBackCentre);
            return layout;
        }
    }
}

std::string quoted(const fs::path& file) {
    return "'" + file.string() + "'";
}

[[noreturn]] void fail(const fs::path& file, const std::string& whatIsWrong, const std::string& whatToDo) {
    throw AudioFileError(quoted(file) + ": " + whatIsWrong + ". " + whatToDo);
}

// The checks libsndfile answers badly or not at all, done first so the message says what is really wrong.
void checkIsReadableFile(const fs::path& file) {
    std::error_code error;
    const auto status = fs::status(file, error);
    if (status.type() == fs::file_type::not_found) {
        fail(file, "no such file", "Check the spelling and the folder, or copy the file there");
    }
    if (error)
        fail(file, "cannot be reached (" + error.message() + ")", "Check the folder and its permissions");
    if (status.type() == fs::file_type::directory) {
        fail(file, "is a folder, not an audio file", "Name an audio file inside it");
    }
    if (status.type() != fs::file_type::regular) {
        fail(file, "is not a regular file", "Name an audio file (WAV, FLAC, Ogg, Opus or MP3)");
    }
    std::FILE* probe = std::fopen(file.c_str(), "rb");
    if (probe == nullptr) {
        const int cause = errno;
        if (cause == EACCES || cause == EPERM) {
            fail(file, "no permission to read it",
                 "Give the user running Stillpoint read permission (chmod a+r)");
        }
        fail(file, std::string("cannot be opened (") + std::strerror(cause) + ")",
             "Check the file and its folder");
    }
    std::fclose(probe);
    if (fs::file_size(file, error) == 0 && !error) {
        fail(file, "is empty (0 bytes)", "Copy the file again from the original");
    }
}

std::array<unsigned char, 64> readHead(const fs::path& file, std::size_t& bytesRead) {
    std::array<unsigned char, 64> head{};
    std::ifstream stream(file, std::ios::binary);
    stream.read(reinterpret_cast<char*>(head.data()), static_cast<std::streamsize>(head.size()));
    bytesRead = static_cast<std::size_t>(stream.gcount());
    return head;
}

bool startsWith(const std::array<unsigned char, 64>& head, std::size_t size, const char* magic,
                std::size_t at = 0) {
    const std::size_t length = std::strlen(magic);
    return size >= at + length && std::memcmp(head.data() + at, magic, length) == 0;
}

bool isOggOpus(const std::array<unsigned char, 64>& head, std::size_t size) {
    // The first Ogg page of an Opus stream carries the 'OpusHead' packet right after its 28-byte header.
    return startsWith(head, size, "OggS") && startsWith(head, size, "OpusHead", 28);
}

bool looksLikeMpeg(const std::array<unsigned char, 64>& head, std::size_t size) {
    if (startsWith(head, size, "ID3")) return true;
    return size >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0;
}

bool hasMpegExtension(const fs::path& file) {
    std::string extension = file.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return extension == ".mp3" || extension == ".mp2" || extension == ".mpga";
}

std::string sndfileFormatName(int format) {
    const int major = format & SF_FORMAT_TYPEMASK;
    const int sub = format & SF_FORMAT_SUBMASK;
    auto encoding = [sub]() -> std::string {
        switch (sub) {
            case SF_FORMAT_PCM_S8:
            case SF_FORMAT_PCM_U8:
                return "8-bit";
            case SF_FORMAT_PCM_16:
                return "16-bit";
            case SF_FORMAT_PCM_24:
                return "24-bit";
            case SF_FORMAT_PCM_32:
                return "32-bit";
            case SF_FORMAT_FLOAT:
                return "float";
            case SF_FORMAT_DOUBLE:
                return "double";
            default:
                return "";
        }
    };
    auto withEncoding = [&encoding](const std::string& name) {
        const std::string detail = encoding();
        return detail.empty() ? name : name + " (" + detail + ")";
    };
    switch (major) {
        case SF_FORMAT_WAV:
        case SF_FORMAT_WAVEX:
            return withEncoding("WAV");
        case SF_FORMAT_RF64:
            return withEncoding("RF64");
        case SF_FORMAT_W64:
            return withEncoding("W64");
        case SF_FORMAT_AIFF:
            return withEncoding("AIFF");
        case SF_FORMAT_CAF:
            return withEncoding("CAF");
        case SF_FORMAT_FLAC:
            return withEncoding("FLAC");
        case SF_FORMAT_OGG:
            return sub == SF_FORMAT_OPUS ? "Ogg Opus" : "Ogg Vorbis";
        case SF_FORMAT_MPEG:
            return "MP3";
        default: {
            SF_FORMAT_INFO formatInfo{};
            formatInfo.format = major;
            if (sf_command(nullptr, SFC_GET_FORMAT_INFO, &formatInfo, sizeof(formatInfo)) == 0 &&
                formatInfo.name) {
                return withEncoding(formatInfo.name);
            }
            return withEncoding("audio");
        }
    }
}

std::string describeOpusError(int code) {
    switch (code) {
        case OP_HOLE:
            return "part of the Opus stream is missing or damaged";
        case OP_EREAD:
            return "reading the file failed";
        case OP_EFAULT:
            return "the Opus decoder ran out of memory or failed internally";
        case OP_EIMPL:
            return "the file uses an Opus feature this decoder does not support";
        case OP_ENOTFORMAT:
            return "not an Ogg Opus stream";
        case OP_EBADHEADER:
            return "its Opus header is damaged";
        case OP_EVERSION:
            return "its Opus header has an unsupported version";
        case OP_ENOTAUDIO:
            return "the Ogg stream holds no audio";
        case OP_EBADPACKET:
            return "an Opus packet is damaged";
        case OP_EBADLINK:
            return "the Ogg stream is damaged (a link could not be found)";
        case OP_ENOSEEK:
            return "the file cannot seek";
        case OP_EBADTIMESTAMP:
            return "its Ogg timestamps are damaged (the file was probably cut short)";
        default:
            return "the Opus decoder failed (code " + std::to_string(code) + ")";
    }
}

// Bytes a sample takes in an uncompressed data chunk; 0 where it is not a whole number (ADPCM and the like).
int bytesPerSample(int subformat) {
    switch (subformat) {
        case SF_FORMAT_PCM_S8:
        case SF_FORMAT_PCM_U8:
        case SF_FORMAT_ULAW:
        case SF_FORMAT_ALAW:
            return 1;
        case SF_FORMAT_PCM_16:
            return 2;
        case SF_FORMAT_PCM_24:
            return 3;
        case SF_FORMAT_PCM_32:
        case SF_FORMAT_FLOAT:
            return 4;
        case SF_FORMAT_DOUBLE:
            return 8;
        default:
            return 0;
    }
}

}  // namespace

class AudioFileReader::Impl {
public:
    explicit Impl(fs::path file) : path_(std::move(file)) {}
    ~Impl() {
        if (sndfile_ != nullptr) sf_close(sndfile_);
        if (opus_ != nullptr) op_free(opus_);
    }
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    void open() {
        checkIsReadableFile(path_);
        std::size_t headSize = 0;
        const auto head = readHead(path_, headSize);
        // A non-MPEG file named .mp3 sends libsndfile to libmpg123, which answers "File does not exist".
        if (hasMpegExtension(path_) && !looksLikeMpeg(head, headSize)) {
            fail(path_,
                 "is not an MP3 file, nor any audio format Stillpoint reads, although it is named .mp3",
                 "Replace it with the original audio file, or convert it to FLAC or WAV");
        }
        // libsndfile and libopusfile first where they read the file; FFmpeg for everything they refuse.
        // libsndfile 1.2 refuses Opus files whose header records a 44.1 kHz input rate (most real ones);
        // libopusfile reads those, so every Opus file goes there first and behaves the same.
        std::string firstRefusal;
        const bool opened = isOggOpus(head, headSize) ? openOpus(firstRefusal) : openSndfile(firstRefusal);
        if (!opened) openFfmpeg(firstRefusal);
        if (startsWith(head, headSize, "OggS")) oggCutShort_ = inspectOggEnding(path_) == OggEnding::CutShort;
    }

    std::int64_t readStereo(float* out, std::int64_t frames) {
        if (frames <= 0) return 0;
        std::int64_t got = 0;
        if (ffmpeg_) {
            got = ffmpeg_->readStereo(out, frames);
            readError_ = ffmpeg_->readError();
        } else {
            got = opus_ != nullptr ? readOpus(out, frames) : readSndfile(out, frames);
        }
        // The decoders stop quietly at the last whole packet of an Ogg file that was cut short.
        if (got < frames && oggCutShort_ && !readError_)
            readError_ = "the Ogg stream stops without its end-of-stream mark: the file was cut short";
        return got;
    }

    bool seek(std::int64_t frame) {
        readError_.reset();
        if (frame < 0) {
            readError_ = "cannot seek to a negative position";
            return false;
        }
        if (ffmpeg_) {
            const bool moved = ffmpeg_->seek(frame);
            readError_ = ffmpeg_->readError();
            return moved;
        }
        if (opus_ != nullptr) {
            const int result = op_pcm_seek(opus_, frame);
            if (result != 0) readError_ = describeOpusError(result);
            return result == 0;
        }
        if (sf_seek(sndfile_, frame, SEEK_SET) < 0) {
            readError_ = sf_strerror(sndfile_);
            return false;
        }
        return true;
    }

    fs::path path_;
    AudioFileInfo info_;
    std::optional<std::string> readError_;

private:
    // False, with libsndfile's reason, where libsndfile does not read the file.
    bool openSndfile(std::string& refusal) {
        SF_INFO sfInfo{};
        sndfile_ = sf_open(path_.c_str(), SFM_READ, &sfInfo);
        if (sndfile_ == nullptr) {
            const std::string reason = sf_strerror(nullptr);
            if (reason.find("data' chunk") != std::string::npos ||
                reason.find("data chunk") != std::string::npos) {
                fail(path_,
                     "is damaged: its header ends before the audio starts (libsndfile: " + reason + ")",
                     "The file was probably cut short while copying; copy it again from the original");
            }
            refusal = "libsndfile: " + reason;
            return false;
        }
        if (sfInfo.channels <= 0 || sfInfo.samplerate <= 0) {
            fail(path_, "declares no channels or no sample rate",
                 "Copy the file again or convert it to FLAC");
        }
        // Integer files read as float stay in [-1, 1); no rescaling by the peak.
        sf_command(sndfile_, SFC_SET_NORM_FLOAT, nullptr, SF_TRUE);

        const int major = sfInfo.format & SF_FORMAT_TYPEMASK;
        const int sub = sfInfo.format & SF_FORMAT_SUBMASK;
        info_.sampleRate = sfInfo.samplerate;
        info_.channels = sfInfo.channels;
        // Truncated Ogg files declare SF_COUNT_MAX frames: no count at all is more honest than that.
        info_.frames = sfInfo.frames == SF_COUNT_MAX ? 0 : static_cast<std::int64_t>(sfInfo.frames);
        info_.framesExact = major != SF_FORMAT_OGG && major != SF_FORMAT_MPEG;
        info_.declaredFrames = std::max(info_.frames, declaredDataFrames(info_.frames, sub, sfInfo.channels));
        info_.seekExact = !(major == SF_FORMAT_OGG && sub == SF_FORMAT_VORBIS);
        info_.formatName = sndfileFormatName(sfInfo.format);
        if (const char* title = sf_get_string(sndfile_, SF_STR_TITLE)) info_.title = title;
        if (const char* artist = sf_get_string(sndfile_, SF_STR_ARTIST)) info_.artist = artist;
        for (const auto& [id, name] : kSndfileTags)
            if (const char* value = sf_get_string(sndfile_, id)) info_.tags.emplace(name, value);

        std::vector<int> channelMap(static_cast<std::size_t>(sfInfo.channels));
        const bool hasMap = sf_command(sndfile_, SFC_GET_CHANNEL_MAP_INFO, channelMap.data(),
                                       static_cast<int>(channelMap.size() * sizeof(int))) == SF_TRUE;
        if (hasMap) {
            for (int channel : channelMap) layout_.push_back(weightsFor(channel));
        } else if (major == SF_FORMAT_OGG) {
            layout_ = vorbisOrderLayout(sfInfo.channels);
        } else {
            layout_ = waveOrderLayout(sfInfo.channels);
        }
        info_.decoder = "libsndfile";
        return true;
    }

    // False, with libopusfile's reason, where libopusfile does not read the file (e.g. a negative start).
    bool openOpus(std::string& refusal) {
        int error = 0;
        opus_ = op_open_file(path_.c_str(), &error);
        if (opus_ == nullptr) {
            refusal = "libopusfile: " + describeOpusError(error);
            return false;
        }
        const int channels = op_channel_count(opus_, -1);
        info_.sampleRate = 48000;  // Opus always decodes at 48 kHz, whatever rate the source had
        info_.channels = channels;
        const ogg_int64_t total = op_pcm_total(opus_, -1);
        info_.frames = total > 0 ? static_cast<std::int64_t>(total) : 0;
        info_.framesExact = total > 0;
        info_.declaredFrames = info_.frames;
        info_.seekExact = op_seekable(opus_) != 0;
        info_.formatName = "Ogg Opus";
        if (const OpusTags* tags = op_tags(opus_, -1)) {
            if (const char* title = opus_tags_query(tags, "TITLE", 0)) info_.title = title;
            if (const char* artist = opus_tags_query(tags, "ARTIST", 0)) info_.artist = artist;
            for (int i = 0; i < tags->comments; ++i) {
                // "NAME=value"; names are case-insensitive (Vorbis comments).
                const std::string comment(tags->user_comments[i],
                                          static_cast<std::size_t>(tags->comment_lengths[i]));
                const auto equals = comment.find('=');
                if (equals == std::string::npos) continue;
                std::string name = comment.substr(0, equals);
                std::transform(name.begin(), name.end(), name.begin(),
                               [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
                info_.tags.emplace(name, comment.substr(equals + 1));
            }
        }
        layout_ = vorbisOrderLayout(channels);
        info_.decoder = "libopusfile";
        return true;
    }

    void openFfmpeg(const std::string& firstRefusal) {
        try {
            ffmpeg_ = std::make_unique<FfmpegDecoder>(path_);
        } catch (const FfmpegOpenError& error) {
            switch (error.kind()) {
                case FfmpegOpenError::Kind::Protected:
                    fail(
                        path_,
                        "is protected by copy protection (DRM), as music bought from the iTunes Store before "
                        "2009 or downloaded from Apple Music is, and cannot be played outside Apple's apps",
                        "Use an unprotected copy: download the iTunes Plus version, or rip the CD");
                case FfmpegOpenError::Kind::NotAudio:
                    fail(path_,
                         "is not an audio file Stillpoint can read (" + firstRefusal +
                             "; FFmpeg: " + error.what() + ")",
                         "Use a common audio format: WAV, FLAC, MP3, AAC/M4A, ALAC, Ogg Vorbis, Opus or WMA");
                case FfmpegOpenError::Kind::Undecodable:
                    fail(
                        path_,
                        std::string("cannot be decoded (FFmpeg: ") + error.what() + "; " + firstRefusal + ")",
                        "The file may be damaged or cut short: check that it plays in another player; if so, "
                        "convert it to FLAC");
            }
        }
        const FfmpegStreamInfo& stream = ffmpeg_->info();
        info_.sampleRate = stream.sampleRate;
        info_.channels = stream.channels;
        info_.frames = stream.frames;
        info_.framesExact = stream.framesExact;
        // Only an exact count is a promise; an estimate (ASF, Matroska) may miss by a few milliseconds.
        info_.declaredFrames = stream.framesExact ? stream.frames : 0;
        info_.seekExact = stream.seekExact;
        info_.formatName = stream.formatName;
        info_.title = stream.title;
        info_.artist = stream.artist;
        info_.tags = stream.tags;
        info_.decoder = "FFmpeg";
    }

    std::int64_t readSndfile(float* out, std::int64_t frames) {
        readError_.reset();
        const int channels = info_.channels;
        if (channels == 2) {
            const sf_count_t got = sf_readf_float(sndfile_, out, frames);
            noteSndfileShortRead(got, frames);
            return got;
        }
        std::int64_t total = 0;
        while (total < frames) {
            const std::int64_t chunk = std::min<std::int64_t>(frames - total, kScratchFrames);
            scratch_.resize(static_cast<std::size_t>(chunk * channels));
            const sf_count_t got = sf_readf_float(sndfile_, scratch_.data(), chunk);
            downmix(scratch_.data(), got, out + 2 * total);
            total += got;
            if (got < chunk) {
                noteSndfileShortRead(got, chunk);
                break;
            }
        }
        return total;
    }

    // libsndfile logs a data chunk longer than the file as "data : 384000 (should be 199956)" (WAV; "SSND"
    // in AIFF): declared bytes, then the bytes really there. Scaled by the frames that are there.
    std::int64_t declaredDataFrames(std::int64_t framesThere, int subformat, int channels) const {
        char log[8192] = {};
        sf_command(sndfile_, SFC_GET_LOG_INFO, log, sizeof log);
        for (const char* chunk : {"\ndata : ", "\nSSND : "}) {
            const char* line = std::strstr(log, chunk);
            if (line == nullptr) continue;
            long long declared = 0;
            long long there = 0;
            if (std::sscanf(line + std::strlen(chunk), "%lld (should be %lld)", &declared, &there) != 2 ||
                there <= 0 || declared <= there)
                continue;
            if (const int bytes = bytesPerSample(subformat); bytes > 0 && channels > 0)
                return static_cast<std::int64_t>(declared / (static_cast<long long>(bytes) * channels));
            return static_cast<std::int64_t>(static_cast<double>(framesThere) * declared / there);
        }
        return framesThere;
    }

    void noteSndfileShortRead(sf_count_t got, std::int64_t wanted) {
        if (got >= wanted) return;
        if (sf_error(sndfile_) != SF_ERR_NO_ERROR) readError_ = sf_strerror(sndfile_);
    }

    std::int64_t readOpus(float* out, std::int64_t frames) {
        readError_.reset();
        const int channels = info_.channels;
        std::int64_t total = 0;
        while (total < frames) {
            const std::int64_t chunk = std::min<std::int64_t>(frames - total, kScratchFrames);
            scratch_.resize(static_cast<std::size_t>(chunk * channels));
            const int got =
                op_read_float(opus_, scratch_.data(), static_cast<int>(chunk * channels), nullptr);
            if (got == OP_HOLE) {
                // A gap in the stream: opusfile skips it and carries on; remember it for the journal.
                readError_ = describeOpusError(got);
                continue;
            }
            if (got < 0) {
                readError_ = describeOpusError(got);
                break;
            }
            if (got == 0) break;
            downmix(scratch_.data(), got, out + 2 * total);
            total += got;
        }
        return total;
    }

    void downmix(const float* in, std::int64_t frames, float* out) const {
        downmixToStereo(in, frames, layout_, out);
    }

    static constexpr std::int64_t kScratchFrames = 4096;
    SNDFILE* sndfile_ = nullptr;
    OggOpusFile* opus_ = nullptr;
    std::unique_ptr<FfmpegDecoder> ffmpeg_;
    bool oggCutShort_ = false;
    std::vector<StereoWeights> layout_;
    std::vector<float> scratch_;
};

AudioFileReader::AudioFileReader(const fs::path& file) : impl_(std::make_unique<Impl>(file)) {
    impl_->open();
}
AudioFileReader::~AudioFileReader() = default;
AudioFileReader::AudioFileReader(AudioFileReader&&) noexcept = default;
AudioFileReader& AudioFileReader::operator=(AudioFileReader&&) noexcept = default;

const AudioFileInfo& AudioFileReader::info() const {
    return impl_->info_;
}
const fs::path& AudioFileReader::path() const {
    return impl_->path_;
}

std::int64_t AudioFileReader::readStereo(float* interleavedStereo, std::int64_t frames) {
    return impl_->readStereo(interleavedStereo, frames);
}

std::optional<std::string> AudioFileReader::readError() const {
    return impl_->readError_;
}

bool AudioFileReader::seek(std::int64_t frame) {
    return impl_->seek(frame);
}

}  // namespace stillpoint::audio
