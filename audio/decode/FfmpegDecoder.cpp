#include "audio/decode/FfmpegDecoder.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <libavutil/log.h>
#include <libswresample/swresample.h>
}

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "audio/decode/StereoDownmix.h"

namespace stillpoint::audio {

namespace {

namespace fs = std::filesystem;

constexpr int kIoBufferBytes = 64 * 1024;

std::string describe(int code) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return text;
}

// FFmpeg would print its complaints to stderr; the reader reports problems itself, in sentences.
void quietenFfmpegOnce() {
    static std::once_flag once;
    std::call_once(once, [] { av_log_set_level(AV_LOG_QUIET); });
}

// The file is read through our own I/O: a file name is never taken for a URL or protocol, and a
// demuxer can open nothing else (a playlist-like format cannot make FFmpeg reach other files or the network).
int readFromFile(void* opaque, std::uint8_t* buffer, int size) {
    auto* file = static_cast<std::FILE*>(opaque);
    const std::size_t got = std::fread(buffer, 1, static_cast<std::size_t>(size), file);
    if (got == 0) return std::ferror(file) ? AVERROR(EIO) : AVERROR_EOF;
    return static_cast<int>(got);
}

std::int64_t seekInFile(void* opaque, std::int64_t offset, int whence) {
    auto* file = static_cast<std::FILE*>(opaque);
    if (whence & AVSEEK_SIZE) {
        struct stat status {};
        if (fstat(fileno(file), &status) != 0) return AVERROR(errno);
        return static_cast<std::int64_t>(status.st_size);
    }
    whence &= ~AVSEEK_FORCE;
    if (fseeko(file, static_cast<off_t>(offset), whence) != 0) return AVERROR(errno);
    return static_cast<std::int64_t>(ftello(file));
}

int refuseNestedOpen(AVFormatContext*, AVIOContext**, const char*, int, AVDictionary**) {
    return AVERROR(EPERM);
}

StereoWeights weightsFor(AVChannel channel) {
    switch (channel) {
        case AV_CHAN_FRONT_LEFT:
        case AV_CHAN_FRONT_LEFT_OF_CENTER:
        case AV_CHAN_STEREO_LEFT:
            return kLeft;
        case AV_CHAN_FRONT_RIGHT:
        case AV_CHAN_FRONT_RIGHT_OF_CENTER:
        case AV_CHAN_STEREO_RIGHT:
            return kRight;
        case AV_CHAN_FRONT_CENTER:
        case AV_CHAN_TOP_CENTER:
        case AV_CHAN_TOP_FRONT_CENTER:
            return kCentre;
        case AV_CHAN_BACK_LEFT:
        case AV_CHAN_SIDE_LEFT:
        case AV_CHAN_WIDE_LEFT:
        case AV_CHAN_SURROUND_DIRECT_LEFT:
        case AV_CHAN_TOP_FRONT_LEFT:
        case AV_CHAN_TOP_BACK_LEFT:
            return kLeftSurround;
        case AV_CHAN_BACK_RIGHT:
        case AV_CHAN_SIDE_RIGHT:
        case AV_CHAN_WIDE_RIGHT:
        case AV_CHAN_SURROUND_DIRECT_RIGHT:
        case AV_CHAN_TOP_FRONT_RIGHT:
        case AV_CHAN_TOP_BACK_RIGHT:
            return kRightSurround;
        case AV_CHAN_LOW_FREQUENCY:
        case AV_CHAN_LOW_FREQUENCY_2:
            return kDropped;
        default:
            return kBackCentre;
    }
}

std::vector<StereoWeights> layoutOf(const AVChannelLayout& given) {
    AVChannelLayout layout{};
    if (given.order == AV_CHANNEL_ORDER_UNSPEC) {
        av_channel_layout_default(&layout, given.nb_channels);
    } else {
        av_channel_layout_copy(&layout, &given);
    }
    std::vector<StereoWeights> weights;
    for (int i = 0; i < layout.nb_channels; ++i)
        weights.push_back(
            weightsFor(av_channel_layout_channel_from_index(&layout, static_cast<unsigned>(i))));
    av_channel_layout_uninit(&layout);
    return weights;
}

std::string codecName(AVCodecID id) {
    switch (id) {
        case AV_CODEC_ID_AAC:
            return "AAC";
        case AV_CODEC_ID_ALAC:
            return "ALAC";
        case AV_CODEC_ID_WMAV1:
        case AV_CODEC_ID_WMAV2:
            return "WMA";
        case AV_CODEC_ID_WMAPRO:
            return "WMA Pro";
        case AV_CODEC_ID_WMALOSSLESS:
            return "WMA Lossless";
        case AV_CODEC_ID_OPUS:
            return "Opus";
        case AV_CODEC_ID_VORBIS:
            return "Vorbis";
        case AV_CODEC_ID_MP3:
            return "MP3";
        case AV_CODEC_ID_FLAC:
            return "FLAC";
        default: {
            const AVCodecDescriptor* descriptor = avcodec_descriptor_get(id);
            return descriptor != nullptr ? descriptor->name : "audio";
        }
    }
}

enum class Container { Mp4, Ogg, Matroska, Asf, Other };

Container containerOf(const AVFormatContext* format) {
    const std::string name = format->iformat->name;
    if (name.rfind("mov", 0) == 0) return Container::Mp4;
    if (name == "ogg") return Container::Ogg;
    if (name.rfind("matroska", 0) == 0) return Container::Matroska;
    if (name == "asf") return Container::Asf;
    return Container::Other;
}

std::string formatNameOf(const AVFormatContext* format, const AVCodecParameters* codec,
                         const fs::path& file) {
    const std::string codecText = codecName(codec->codec_id);
    std::string extension = file.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    switch (containerOf(format)) {
        case Container::Mp4:
            return codecText + (extension == ".mp4" ? " (MP4)" : " (M4A)");
        case Container::Ogg:
            return "Ogg " + codecText;
        case Container::Matroska:
            return codecText + (extension == ".webm" ? " (WebM)" : " (Matroska)");
        case Container::Asf:
            return codecText.rfind("WMA", 0) == 0 ? codecText : codecText + " (ASF)";
        case Container::Other:
            break;
    }
    const std::string container = format->iformat->name;
    return codecText == container || container == "mp3" ? codecText : codecText + " (" + container + ")";
}

std::string tag(const AVFormatContext* format, const AVStream* stream, const char* key) {
    if (const AVDictionaryEntry* entry = av_dict_get(format->metadata, key, nullptr, 0)) return entry->value;
    if (const AVDictionaryEntry* entry = av_dict_get(stream->metadata, key, nullptr, 0)) return entry->value;
    return {};
}

std::string lowerCase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// The file's tags, then the stream's (Ogg keeps them there); the first value of a name counts.
std::map<std::string, std::string> allTags(const AVFormatContext* format, const AVStream* stream) {
    std::map<std::string, std::string> tags;
    for (const AVDictionary* metadata : {format->metadata, stream->metadata}) {
        const AVDictionaryEntry* entry = nullptr;
        while ((entry = av_dict_get(metadata, "", entry, AV_DICT_IGNORE_SUFFIX)))
            tags.emplace(lowerCase(entry->key), entry->value);
    }
    return tags;
}

bool isProtected(const AVCodecParameters* codec) {
    // iTunes Store FairPlay ('drms', 'drmi') and encrypted MP4 sample entries ('enca').
    return codec->codec_tag == MKTAG('d', 'r', 'm', 's') || codec->codec_tag == MKTAG('d', 'r', 'm', 'i') ||
           codec->codec_tag == MKTAG('e', 'n', 'c', 'a');
}

std::uint64_t bigEndian(const unsigned char* bytes, int count) {
    std::uint64_t value = 0;
    for (int i = 0; i < count; ++i) value = value << 8 | bytes[i];
    return value;
}

// The original length iTunes records in an AAC file's 'iTunSMPB' tag (priming, padding, samples in hex).
// FFmpeg trims the priming it names; files without an MP4 edit list end with the encoder's padding unless
// the decode stops at this length.
std::optional<std::int64_t> itunesOriginalLength(const fs::path& path) {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) return std::nullopt;
    std::optional<std::int64_t> length;
    unsigned char header[16];
    std::int64_t offset = 0;
    while (std::fread(header, 1, 8, file) == 8) {
        std::uint64_t size = bigEndian(header, 4);
        int headerBytes = 8;
        if (size == 1) {
            if (std::fread(header + 8, 1, 8, file) != 8) break;
            size = bigEndian(header + 8, 8);
            headerBytes = 16;
        }
        if (size < static_cast<std::uint64_t>(headerBytes)) break;  // 0 ("to the end") or damaged
        if (std::memcmp(header + 4, "moov", 4) == 0) {
            constexpr std::uint64_t kMaxMoovBytes = 64 * 1024 * 1024;
            const std::uint64_t body = std::min(size - static_cast<std::uint64_t>(headerBytes), kMaxMoovBytes);
            std::string moov(body, '\0');
            moov.resize(std::fread(moov.data(), 1, body, file));
            const auto name = moov.find("iTunSMPB");
            const auto data = name == std::string::npos ? std::string::npos : moov.find("data", name);
            if (data != std::string::npos && data >= 4 && data - name < 32 && data + 12 <= moov.size()) {
                const auto dataSize = bigEndian(reinterpret_cast<const unsigned char*>(moov.data()) + data - 4, 4);
                const std::size_t valueAt = data + 12;
                if (dataSize > 16 && valueAt + (dataSize - 16) <= moov.size()) {
                    const std::string value = moov.substr(valueAt, dataSize - 16);
                    unsigned priming = 0, padding = 0;
                    unsigned long long samples = 0;
                    if (std::sscanf(value.c_str(), "%*x %x %x %llx", &priming, &padding, &samples) == 3 &&
                        samples > 0)
                        length = static_cast<std::int64_t>(samples);
                }
            }
            break;
        }
        offset += static_cast<std::int64_t>(size);
        if (fseeko(file, static_cast<off_t>(offset), SEEK_SET) != 0) break;
    }
    std::fclose(file);
    return length;
}

[[noreturn]] void refuse(FfmpegOpenError::Kind kind, const std::string& reason) {
    throw FfmpegOpenError(kind, reason);
}

// Everything FFmpeg holds for one pass over the file, released in the order FFmpeg needs.
struct Demuxer {
    std::FILE* file = nullptr;
    AVIOContext* io = nullptr;
    AVFormatContext* format = nullptr;
    AVCodecContext* codec = nullptr;
    AVPacket* packet = nullptr;
    AVFrame* frame = nullptr;
    SwrContext* converter = nullptr;
    int streamIndex = -1;

    Demuxer() = default;
    Demuxer(const Demuxer&) = delete;
    Demuxer& operator=(const Demuxer&) = delete;
    ~Demuxer() {
        swr_free(&converter);
        av_frame_free(&frame);
        av_packet_free(&packet);
        avcodec_free_context(&codec);
        avformat_close_input(&format);  // leaves our own I/O context alone
        if (io != nullptr) {
            av_freep(&io->buffer);
            avio_context_free(&io);
        }
        if (file != nullptr) std::fclose(file);
    }

    AVStream* stream() const { return format->streams[streamIndex]; }
};

std::unique_ptr<Demuxer> openDemuxer(const fs::path& path) {
    quietenFfmpegOnce();
    auto demuxer = std::make_unique<Demuxer>();
    demuxer->file = std::fopen(path.c_str(), "rb");
    if (demuxer->file == nullptr) refuse(FfmpegOpenError::Kind::Undecodable, "cannot be opened");
    auto* buffer = static_cast<unsigned char*>(av_malloc(kIoBufferBytes));
    if (buffer == nullptr) refuse(FfmpegOpenError::Kind::Undecodable, "out of memory");
    demuxer->io =
        avio_alloc_context(buffer, kIoBufferBytes, 0, demuxer->file, readFromFile, nullptr, seekInFile);
    if (demuxer->io == nullptr) {
        av_free(buffer);
        refuse(FfmpegOpenError::Kind::Undecodable, "out of memory");
    }
    AVFormatContext* format = avformat_alloc_context();
    if (format == nullptr) refuse(FfmpegOpenError::Kind::Undecodable, "out of memory");
    format->pb = demuxer->io;
    format->flags |= AVFMT_FLAG_CUSTOM_IO;
    format->io_open = refuseNestedOpen;
    // A guess from the file's name alone (or a weak one from a few bytes) is not a recognised format.
    const AVInputFormat* guessed = nullptr;
    const int score = av_probe_input_buffer2(demuxer->io, &guessed, path.c_str(), nullptr, 0, 0);
    if (score <= AVPROBE_SCORE_RETRY || guessed == nullptr) {
        avformat_free_context(format);
        refuse(FfmpegOpenError::Kind::NotAudio, "not a format FFmpeg recognises");
    }
    // On failure avformat_open_input frees the context itself.
    if (const int result = avformat_open_input(&format, path.c_str(), guessed, nullptr); result < 0) {
        const std::string kind = guessed->long_name != nullptr ? guessed->long_name : guessed->name;
        refuse(FfmpegOpenError::Kind::Undecodable, "it looks like " + kind +
                                                       " but its structure is damaged or incomplete (" +
                                                       describe(result) + ")");
    }
    demuxer->format = format;
    if (const int result = avformat_find_stream_info(format, nullptr); result < 0)
        refuse(FfmpegOpenError::Kind::Undecodable, "its streams cannot be read (" + describe(result) + ")");

    const AVCodec* decoder = nullptr;
    const int index = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, &decoder, 0);
    if (index == AVERROR_STREAM_NOT_FOUND) refuse(FfmpegOpenError::Kind::NotAudio, "holds no audio");
    if (index >= 0 && isProtected(format->streams[index]->codecpar))
        refuse(FfmpegOpenError::Kind::Protected, "is protected by copy protection (DRM)");
    if (index < 0 || decoder == nullptr) {
        const AVCodecID id = index >= 0 ? format->streams[index]->codecpar->codec_id : AV_CODEC_ID_NONE;
        refuse(FfmpegOpenError::Kind::Undecodable,
               "its audio (" + codecName(id) + ") is in a codec this FFmpeg does not decode");
    }
    demuxer->streamIndex = index;
    for (unsigned i = 0; i < format->nb_streams; ++i)
        if (static_cast<int>(i) != index) format->streams[i]->discard = AVDISCARD_ALL;  // cover art, video

    demuxer->codec = avcodec_alloc_context3(decoder);
    if (demuxer->codec == nullptr) refuse(FfmpegOpenError::Kind::Undecodable, "out of memory");
    if (const int result = avcodec_parameters_to_context(demuxer->codec, demuxer->stream()->codecpar);
        result < 0)
        refuse(FfmpegOpenError::Kind::Undecodable, describe(result));
    demuxer->codec->pkt_timebase = demuxer->stream()->time_base;
    if (const int result = avcodec_open2(demuxer->codec, decoder, nullptr); result < 0)
        refuse(FfmpegOpenError::Kind::Undecodable, "its decoder cannot start (" + describe(result) + ")");
    demuxer->packet = av_packet_alloc();
    demuxer->frame = av_frame_alloc();
    if (demuxer->packet == nullptr || demuxer->frame == nullptr)
        refuse(FfmpegOpenError::Kind::Undecodable, "out of memory");
    return demuxer;
}

}  // namespace

class FfmpegDecoder::Impl {
public:
    explicit Impl(fs::path file) : path_(std::move(file)) {
        demuxer_ = openDemuxer(path_);
        describeStream();
        // A file FFmpeg opens but cannot decode a single frame of is refused now, not half way into a
        // session.
        if (!decodeNextFrame()) {
            refuse(FfmpegOpenError::Kind::Undecodable,
                   "no audio in it can be decoded" + (readError_ ? " (" + *readError_ + ")" : std::string()));
        }
        // Ogg Opus whose first page implies a negative start (what ffmpeg writes from a source that starts
        // before zero): the samples stamped before zero are not part of the music.
        const AVStream* stream = demuxer_->stream();
        if (stream->time_base.num == 1 && stream->time_base.den == info_.sampleRate &&
            framePts_ != AV_NOPTS_VALUE && framePts_ < 0)
            startTrim_ = -framePts_;
        originPts_ = startTrim_ > 0 ? 0 : framePts_;
        position_ = -startTrim_;
        discardBeforeStart();
    }

    std::int64_t readStereo(float* out, std::int64_t frames) {
        readError_.reset();
        std::int64_t total = 0;
        while (total < frames) {
            if (exactEnd_ > 0 && position_ >= exactEnd_) break;
            if (bufferedFrames() == 0 && !decodeNextFrame()) break;
            std::int64_t take = std::min(frames - total, bufferedFrames());
            if (exactEnd_ > 0) take = std::min(take, exactEnd_ - position_);
            downmixToStereo(converted_.data() + bufferOffset_ * channels_, take, layout_, out + 2 * total);
            bufferOffset_ += take;
            position_ += take;
            total += take;
        }
        return total;
    }

    bool seek(std::int64_t target) {
        readError_.reset();
        if (target < 0) {
            readError_ = "cannot seek to a negative position";
            return false;
        }
        if (exactEnd_ > 0 && target > exactEnd_) {
            readError_ = "the position is past the end of the file";
            return false;
        }
        if (target >= position_ - bufferOffset_ && target <= position_ + bufferedFrames()) {
            skipBuffered(target - position_);  // inside what is decoded already
            return true;
        }
        if (info_.seekExact && originPts_ != AV_NOPTS_VALUE && seekByTimestamp(target)) return true;
        return seekByDecodingFromStart(target);
    }

    fs::path path_;
    FfmpegStreamInfo info_;
    std::optional<std::string> readError_;

private:
    void describeStream() {
        const AVStream* stream = demuxer_->stream();
        const AVCodecParameters* codec = stream->codecpar;
        const Container container = containerOf(demuxer_->format);
        info_.sampleRate = codec->sample_rate;
        info_.channels = codec->ch_layout.nb_channels;
        if (info_.sampleRate <= 0 || info_.channels <= 0)
            refuse(FfmpegOpenError::Kind::Undecodable, "declares no sample rate or no channels");
        const AVRational perFrame{1, info_.sampleRate};
        std::int64_t frames = 0;
        if (stream->duration != AV_NOPTS_VALUE && stream->duration > 0) {
            frames = av_rescale_q(stream->duration, stream->time_base, perFrame);
            // An Ogg stream's length counts the pre-skip the decoder drops.
            if (container == Container::Ogg) frames -= codec->initial_padding;
        } else if (demuxer_->format->duration != AV_NOPTS_VALUE && demuxer_->format->duration > 0) {
            frames = av_rescale_q(demuxer_->format->duration, AVRational{1, AV_TIME_BASE}, perFrame);
        }
        info_.frames = std::max<std::int64_t>(frames, 0);
        // MP4 (edit list, sample table) and Ogg (granule positions) count every frame; Matroska and ASF
        // store milliseconds only.
        const bool sampleTimestamps = stream->time_base.num == 1 && stream->time_base.den == info_.sampleRate;
        info_.framesExact = info_.frames > 0 &&
                            (container == Container::Mp4 || container == Container::Ogg) &&
                            stream->duration != AV_NOPTS_VALUE;
        info_.seekExact = sampleTimestamps || container == Container::Mp4;
        if (container == Container::Mp4 && codec->codec_id == AV_CODEC_ID_AAC) {
            if (const auto original = itunesOriginalLength(path_)) {
                info_.frames = *original;
                info_.framesExact = true;
            }
        }
        if (info_.framesExact) exactEnd_ = info_.frames;
        info_.formatName = formatNameOf(demuxer_->format, codec, path_);
        info_.title = tag(demuxer_->format, stream, "title");
        info_.artist = tag(demuxer_->format, stream, "artist");
        info_.tags = allTags(demuxer_->format, stream);
        channels_ = info_.channels;
        layout_ = layoutOf(codec->ch_layout);
    }

    std::int64_t bufferedFrames() const { return convertedFrames_ - bufferOffset_; }

    // From a fresh open at -startTrim_, decodes on to the music's first frame.
    void discardBeforeStart() {
        while (position_ < 0) {
            if (bufferedFrames() == 0 && !decodeNextFrame()) return;
            skipBuffered(std::min(-position_, bufferedFrames()));
        }
    }

    void skipBuffered(std::int64_t frames) {
        bufferOffset_ += frames;
        position_ += frames;
    }

    // Decodes the next frame into `converted_` (native channels, interleaved float). False at the end.
    bool decodeNextFrame() {
        while (true) {
            const int received = avcodec_receive_frame(demuxer_->codec, demuxer_->frame);
            if (received == 0) {
                const bool converted = convert(*demuxer_->frame);
                framePts_ = demuxer_->frame->best_effort_timestamp;
                av_frame_unref(demuxer_->frame);
                if (!converted) return false;
                if (convertedFrames_ > 0) return true;
                continue;
            }
            if (received == AVERROR_EOF) return false;
            if (received != AVERROR(EAGAIN)) {
                readError_ = "the decoder failed (" + describe(received) + ")";
                return false;
            }
            if (draining_) return false;
            const int read = av_read_frame(demuxer_->format, demuxer_->packet);
            if (read == AVERROR_EOF || (read < 0 && avio_feof(demuxer_->format->pb))) {
                draining_ = true;
                avcodec_send_packet(demuxer_->codec, nullptr);  // hand out what the decoder holds
                continue;
            }
            if (read < 0) {
                readError_ = "reading the file failed (" + describe(read) + ")";
                return false;
            }
            if (demuxer_->packet->stream_index == demuxer_->streamIndex) {
                const int sent = avcodec_send_packet(demuxer_->codec, demuxer_->packet);
                // A damaged packet is skipped (a moment of silence is better than stopping); it is noted.
                if (sent < 0 && sent != AVERROR(EAGAIN))
                    readError_ = "part of the audio is damaged (" + describe(sent) + ")";
            }
            av_packet_unref(demuxer_->packet);
        }
    }

    bool convert(const AVFrame& frame) {
        bufferOffset_ = 0;
        convertedFrames_ = 0;
        if (frame.nb_samples <= 0) return true;
        if (demuxer_->converter == nullptr || frame.format != converterFormat_ ||
            av_channel_layout_compare(&frame.ch_layout, &converterLayout_) != 0) {
            swr_free(&demuxer_->converter);
            av_channel_layout_uninit(&converterLayout_);
            // Sample format and interleaving only: rate conversion is the stream pool's, the downmix ours.
            av_channel_layout_copy(&converterLayout_, &frame.ch_layout);
            const int made = swr_alloc_set_opts2(
                &demuxer_->converter, &converterLayout_, AV_SAMPLE_FMT_FLT, frame.sample_rate,
                &converterLayout_, static_cast<AVSampleFormat>(frame.format), frame.sample_rate, 0, nullptr);
            if (made < 0 || swr_init(demuxer_->converter) < 0) {
                readError_ = "the decoded audio cannot be converted";
                return false;
            }
            converterFormat_ = frame.format;
            channels_ = frame.ch_layout.nb_channels;
            layout_ = layoutOf(frame.ch_layout);
        }
        converted_.resize(static_cast<std::size_t>(frame.nb_samples) * static_cast<std::size_t>(channels_));
        auto* output = reinterpret_cast<std::uint8_t*>(converted_.data());
        const int got = swr_convert(demuxer_->converter, &output, frame.nb_samples,
                                    const_cast<const std::uint8_t**>(frame.extended_data), frame.nb_samples);
        if (got < 0) {
            readError_ = "the decoded audio cannot be converted";
            return false;
        }
        convertedFrames_ = got;
        return true;
    }

    // Seeks a little before the target (the codec's pre-roll), then decodes forward to the exact frame,
    // placing each decoded frame by its timestamp.
    bool seekByTimestamp(std::int64_t target) {
        AVStream* stream = demuxer_->stream();
        const AVRational perFrame{1, info_.sampleRate};
        const std::int64_t preroll =
            std::max<std::int64_t>(stream->codecpar->seek_preroll, info_.sampleRate / 10);
        const std::int64_t from = target - preroll;
        if (from <= 0)
            return false;  // near the start, the fresh decode (with the encoder delay trimmed) is exact
        const std::int64_t timestamp = originPts_ + av_rescale_q(from, perFrame, stream->time_base);
        if (av_seek_frame(demuxer_->format, demuxer_->streamIndex, timestamp, AVSEEK_FLAG_BACKWARD) < 0)
            return false;
        avcodec_flush_buffers(demuxer_->codec);
        draining_ = false;
        convertedFrames_ = 0;
        bufferOffset_ = 0;
        while (true) {
            if (!decodeNextFrame()) return false;
            if (framePts_ == AV_NOPTS_VALUE) return false;
            const std::int64_t start = av_rescale_q(framePts_ - originPts_, stream->time_base, perFrame);
            if (start > target) return false;  // landed after the target: decode from the start instead
            position_ = start;
            if (target < start + convertedFrames_) {
                skipBuffered(target - start);
                return true;
            }
        }
    }

    bool seekByDecodingFromStart(std::int64_t target) {
        try {
            demuxer_ = openDemuxer(path_);
        } catch (const FfmpegOpenError& error) {
            readError_ = std::string("the file cannot be opened again (") + error.what() + ")";
            return false;
        }
        draining_ = false;
        convertedFrames_ = 0;
        bufferOffset_ = 0;
        position_ = -startTrim_;
        discardBeforeStart();
        while (position_ + bufferedFrames() <= target) {
            position_ += bufferedFrames();
            bufferOffset_ = convertedFrames_;
            if (!decodeNextFrame()) {
                if (!readError_) readError_ = "the position is past the end of the file";
                return position_ == target;
            }
        }
        skipBuffered(target - position_);
        return true;
    }

    std::unique_ptr<Demuxer> demuxer_;
    AVChannelLayout converterLayout_{};
    int converterFormat_ = -1;
    int channels_ = 0;
    std::vector<StereoWeights> layout_;
    std::vector<float> converted_;
    std::int64_t convertedFrames_ = 0;
    std::int64_t bufferOffset_ = 0;  // frames of `converted_` already handed out
    std::int64_t position_ = 0;      // file frame of the next frame handed out
    std::int64_t exactEnd_ = 0;      // where the container says the music ends; 0 if it does not know
    std::int64_t startTrim_ = 0;     // decoded frames stamped before the stream's zero
    std::int64_t originPts_ = AV_NOPTS_VALUE;  // the timestamp of the music's first frame
    std::int64_t framePts_ = AV_NOPTS_VALUE;
    bool draining_ = false;

public:
    ~Impl() { av_channel_layout_uninit(&converterLayout_); }
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
};

FfmpegDecoder::FfmpegDecoder(const fs::path& file) : impl_(std::make_unique<Impl>(file)) {}
FfmpegDecoder::~FfmpegDecoder() = default;

const FfmpegStreamInfo& FfmpegDecoder::info() const {
    return impl_->info_;
}

std::int64_t FfmpegDecoder::readStereo(float* interleavedStereo, std::int64_t frames) {
    if (frames <= 0) return 0;
    return impl_->readStereo(interleavedStereo, frames);
}

bool FfmpegDecoder::seek(std::int64_t frame) {
    return impl_->seek(frame);
}

std::optional<std::string> FfmpegDecoder::readError() const {
    return impl_->readError_;
}

}  // namespace stillpoint::audio
