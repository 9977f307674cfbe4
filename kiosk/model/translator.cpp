// translator.cpp — see translator.h.

#include "translator.h"

#include <cstdint>

#include "hrc/languages.h"

namespace hrc::kiosk {

std::string Translator::render(const Message& message) const {
    std::vector<MessageArg> args = message.args;
    for (MessageArg& a : args)
        if (a.translate) a.value = text(a.value);
    return fill_placeholders(text(message.key), args);
}

std::string Translator::count(std::string_view singular, std::string_view plural_form, long n,
                              std::vector<MessageArg> more) const {
    more.push_back({"n", std::to_string(n)});
    return fill_placeholders(plural(singular, plural_form, n), more);
}

namespace {

class English final : public Translator {
public:
    std::string_view language() const override { return languages::source().code; }
    std::string text(std::string_view key) const override { return std::string(key); }
    std::string plural(std::string_view singular, std::string_view plural_form,
                       long n) const override {
        return std::string(n == 1 ? singular : plural_form);
    }
    std::string context(std::string_view, std::string_view key) const override {
        return std::string(key);
    }
};

} // namespace

const Translator& english() {
    static const English instance;
    return instance;
}

std::string message_id(std::string_view context, std::string_view key) {
    std::uint64_t hash = 0xcbf29ce484222325ULL; // FNV-1a 64: offset basis
    const auto mix = [&hash](std::string_view bytes) {
        for (const char c : bytes) {
            hash ^= static_cast<unsigned char>(c);
            hash *= 0x100000001b3ULL; // FNV-1a 64: prime
        }
    };
    if (!context.empty()) {
        mix(context);
        mix(std::string_view("\x04", 1));
    }
    mix(key);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id = "m";
    for (int shift = 60; shift >= 0; shift -= 4)
        id += kHex[(hash >> shift) & 0xF];
    return id;
}

std::string RememberingTranslator::text(std::string_view key) const {
    std::string out = inner_.text(key);
    ids_.emplace(out, message_id({}, key));
    return out;
}

std::string RememberingTranslator::plural(std::string_view singular, std::string_view plural_form,
                                          long n) const {
    std::string out = inner_.plural(singular, plural_form, n);
    ids_.emplace(out, message_id({}, singular));
    return out;
}

std::string RememberingTranslator::context(std::string_view context, std::string_view key) const {
    std::string out = inner_.context(context, key);
    ids_.emplace(out, message_id(context, key));
    return out;
}

} // namespace hrc::kiosk
