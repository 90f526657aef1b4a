#include "search/stored_fields.h"

#include <cstdint>

namespace broadsheet::search {
namespace {

constexpr char kFormatVersion = 1;

void PutNumber(std::string& out, uint64_t value) {
    while (value >= 0x80) {
        out += static_cast<char>((value & 0x7F) | 0x80);
        value >>= 7;
    }
    out += static_cast<char>(value);
}

void PutSigned(std::string& out, int64_t value) {
    // Zigzag, so dates before 1970 stay short too.
    PutNumber(out, (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63));
}

void PutText(std::string& out, std::string_view text) {
    PutNumber(out, text.size());
    out += text;
}

class Reader {
public:
    explicit Reader(std::string_view data) : data_(data) {}

    bool Number(uint64_t& value) {
        value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos_ >= data_.size()) return false;
            auto byte = static_cast<unsigned char>(data_[pos_++]);
            value |= static_cast<uint64_t>(byte & 0x7F) << shift;
            if ((byte & 0x80) == 0) return true;
        }
        return false;
    }
    bool Signed(int64_t& value) {
        uint64_t raw = 0;
        if (!Number(raw)) return false;
        value = static_cast<int64_t>(raw >> 1) ^ -static_cast<int64_t>(raw & 1);
        return true;
    }
    bool Text(std::string& text) {
        uint64_t size = 0;
        if (!Number(size) || size > data_.size() - pos_) return false;
        text.assign(data_.substr(pos_, size));
        pos_ += size;
        return true;
    }
    bool Byte(char& byte) {
        if (pos_ >= data_.size()) return false;
        byte = data_[pos_++];
        return true;
    }
    bool AtEnd() const { return pos_ == data_.size(); }

private:
    std::string_view data_;
    size_t pos_ = 0;
};

}  // namespace

std::string_view CutUtf8(std::string_view text, size_t limit) {
    if (text.size() <= limit) return text;
    size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return text.substr(0, cut);
}

std::string EncodeStoredFields(const IndexDocument& document, size_t body_limit) {
    std::string out;
    std::string_view body = CutUtf8(document.body_text, body_limit);
    out.reserve(32 + document.section.size() + document.slug.size() + document.headline.size() +
                document.standfirst.size() + body.size());
    out += kFormatVersion;
    PutSigned(out, document.id.value);
    out += document.premium ? '\1' : '\0';
    PutSigned(out, document.first_published.time_since_epoch().count());
    PutText(out, document.section);
    PutText(out, document.slug);
    PutText(out, document.headline);
    PutText(out, document.standfirst);
    PutText(out, body);
    return out;
}

std::optional<StoredFields> DecodeStoredFields(std::string_view data) {
    Reader in(data);
    StoredFields fields;
    char version = 0;
    char premium = 0;
    int64_t seconds = 0;
    if (!in.Byte(version) || version != kFormatVersion) return std::nullopt;
    if (!in.Signed(fields.id.value) || !in.Byte(premium) || !in.Signed(seconds))
        return std::nullopt;
    if (!in.Text(fields.section) || !in.Text(fields.slug) || !in.Text(fields.headline) ||
        !in.Text(fields.standfirst) || !in.Text(fields.body_text) || !in.AtEnd()) {
        return std::nullopt;
    }
    fields.premium = premium != 0;
    fields.first_published = Timestamp{std::chrono::seconds{seconds}};
    return fields;
}

}  // namespace broadsheet::search
