// message.cpp — see hrc/message.h.

#include "hrc/message.h"

namespace hrc {

std::string fill_placeholders(std::string_view pattern, const std::vector<MessageArg>& args) {
    std::string out;
    out.reserve(pattern.size() + 16);
    std::size_t i = 0;
    while (i < pattern.size()) {
        const std::size_t open = pattern.find('{', i);
        if (open == std::string_view::npos) break;
        const std::size_t close = pattern.find('}', open + 1);
        if (close == std::string_view::npos) break;
        out.append(pattern.substr(i, open - i));
        const std::string_view name = pattern.substr(open + 1, close - open - 1);
        const MessageArg* found = nullptr;
        for (const MessageArg& a : args)
            if (a.name == name) found = &a;
        if (found != nullptr)
            out += found->value;
        else
            out.append(pattern.substr(open, close - open + 1));
        i = close + 1;
    }
    out.append(pattern.substr(i));
    return out;
}

std::string Message::english() const {
    return fill_placeholders(key, args);
}

} // namespace hrc
