// Reads the text on a screenshot of the dark panel with tesseract, as a person would see it: the image
// made dark-on-light, enlarged when its type is small, thresholded; sparse-text mode so button labels are
// read too. Words come back lower-cased with their positions in screen pixels.
#pragma once

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace stillpoint::panel::testing {

struct OcrWord {
    std::string text;  // lower case
    int x = 0, y = 0;  // centre, screen pixels
    int height = 0;    // screen pixels
};

inline bool ocrAvailable() {
    return std::system("command -v tesseract >/dev/null 2>&1 && command -v convert >/dev/null 2>&1") == 0;
}

// `enlarge`: how much to scale the picture up first: tesseract misses small light-on-dark text.
inline std::vector<OcrWord> ocrWords(const std::filesystem::path& shot, int enlarge) {
    const auto prepared = std::filesystem::path(shot).replace_extension(".ocr.png");
    const auto tsv = std::filesystem::path(shot).replace_extension(".ocr");
    const std::string resize = enlarge > 1 ? " -resize " + std::to_string(enlarge * 100) + "%" : "";
    const std::string command = "convert '" + shot.string() + "' -colorspace gray -negate" + resize +
                                " -threshold 70% '" + prepared.string() + "' && tesseract '" +
                                prepared.string() + "' '" + tsv.string() + "' --psm 11 tsv >/dev/null 2>&1";
    // One thread: tesseract's threads only contend with each other on a small machine.
    setenv("OMP_THREAD_LIMIT", "1", 1);
    std::vector<OcrWord> words;
    if (std::system(command.c_str()) != 0) return words;
    std::ifstream in(tsv.string() + ".tsv");
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        std::vector<std::string> fields;
        std::stringstream row(line);
        std::string field;
        while (std::getline(row, field, '\t')) fields.push_back(field);
        if (fields.size() < 12 || fields[11].empty()) continue;
        OcrWord word;
        word.text = fields[11];
        std::transform(word.text.begin(), word.text.end(), word.text.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        word.x = (std::stoi(fields[6]) + std::stoi(fields[8]) / 2) / enlarge;
        word.y = (std::stoi(fields[7]) + std::stoi(fields[9]) / 2) / enlarge;
        word.height = std::stoi(fields[9]) / enlarge;
        words.push_back(word);
    }
    return words;
}

// The first word containing `text` (lower case), or nullptr.
inline const OcrWord* findWord(const std::vector<OcrWord>& words, const std::string& text) {
    for (const auto& word : words)
        if (word.text.find(text) != std::string::npos) return &word;
    return nullptr;
}

// The text on a screenshot of the dark panel as tesseract reads it at `enlarge` times the size, lower-cased
// on one line (its lines joined by spaces), for tests that look for what the screen says rather than where.
inline std::string ocrText(const std::filesystem::path& shot, int enlarge = 2) {
    const std::filesystem::path prepared =
        shot.parent_path() / ("ocr-" + std::to_string(enlarge) + "-" + shot.filename().string());
    const std::string command = "convert '" + shot.string() + "' -colorspace gray -negate -resize " +
                                std::to_string(enlarge * 100) + "% -threshold 70% '" + prepared.string() +
                                "' && tesseract '" + prepared.string() + "' - --psm 11 2>/dev/null";
    setenv("OMP_THREAD_LIMIT", "1", 1);
    std::string text;
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
        char buffer[4096];
        for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
            text.append(buffer, got);
        ::pclose(pipe);
    }
    for (auto& c : text) c = c == '\n' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// What a screenshot says, as a person reading it would: tesseract now and then drops or splits a word of
// a line it otherwise reads, and differently at each size, so a phrase missing from one reading is looked
// for in readings at other sizes before it is taken as not on the screen.
class ScreenReading {
public:
    explicit ScreenReading(std::filesystem::path shot) : shot_(std::move(shot)) {}

    bool says(const std::string& phrase) {
        for (std::size_t reading = 0; reading < kEnlargements.size(); ++reading) {
            if (reading == readings_.size()) readings_.push_back(ocrText(shot_, kEnlargements[reading]));
            if (readings_[reading].find(phrase) != std::string::npos) return true;
        }
        return false;
    }
    // Every reading made so far, for a failure's message.
    std::string text() const {
        std::string all;
        for (std::size_t reading = 0; reading < readings_.size(); ++reading)
            all += "[at " + std::to_string(kEnlargements[reading]) + "x] " + readings_[reading] + " ";
        return all;
    }

private:
    static constexpr std::array<int, 3> kEnlargements = {2, 3, 1};
    std::filesystem::path shot_;
    std::vector<std::string> readings_;
};

inline std::string allText(const std::vector<OcrWord>& words) {
    std::string text;
    for (const auto& word : words) text += word.text + " ";
    return text;
}

}  // namespace stillpoint::panel::testing
