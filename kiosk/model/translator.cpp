// translator.cpp — see translator.h.

#include "translator.h"

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

} // namespace hrc::kiosk
