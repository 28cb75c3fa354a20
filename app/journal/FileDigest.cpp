#include "journal/FileDigest.h"

#include <openssl/evp.h>

#include <array>
#include <fstream>
#include <memory>

#include "journal/JournalError.h"

namespace stillpoint::journal {
namespace {

class Sha256 {
public:
    Sha256() : context_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
        if (!context_ || EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr) != 1) {
            throw JournalError("SHA-256 is not available from OpenSSL's libcrypto on this system.");
        }
    }
    void add(const void* data, std::size_t size) { EVP_DigestUpdate(context_.get(), data, size); }
    std::string hex() {
        std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
        unsigned int length = 0;
        EVP_DigestFinal_ex(context_.get(), digest.data(), &length);
        static constexpr char kHex[] = "0123456789abcdef";
        std::string text;
        for (unsigned int i = 0; i < length; ++i) {
            text += kHex[digest[i] >> 4];
            text += kHex[digest[i] & 0xf];
        }
        return text;
    }

private:
    std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> context_;
};

}  // namespace

std::string sha256Hex(std::string_view bytes) {
    Sha256 sha;
    sha.add(bytes.data(), bytes.size());
    return sha.hex();
}

std::string sha256HexOfFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw JournalError("Cannot read " + file.string() + " to compute its checksum.");
    Sha256 sha;
    std::array<char, 65536> block{};
    while (in) {
        in.read(block.data(), block.size());
        sha.add(block.data(), static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad()) throw JournalError("Reading " + file.string() + " failed while computing its checksum.");
    return sha.hex();
}

}  // namespace stillpoint::journal
