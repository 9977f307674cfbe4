// hrc/message.h — a sentence shown to a person, kept as its English catalog key plus arguments so
// that the kiosk can show it in the person's language (BRIEF §8) and the command-line tools in
// English.
//
// The key is the English text itself with {name} placeholders (the gettext convention the
// translators work with). Literals are marked for xgettext with the macros below; they expand to
// the literal(s), so marking costs nothing at run time:
//
//   HRC_TEXT("Enter your PIN")                          a plain sentence
//   HRC_PLURAL("{n} minute ago", "{n} minutes ago")     a plural pair (two arguments)
//   HRC_CONTEXT("keyboard key", "space")                 context + text (two arguments)
//   HRC_TEXT_IN("easy read", "Who did it happen to?")    the text alone; its context is named
//                                                        for xgettext, and the code that
//                                                        translates it passes the same context
//                                                        (a table whose entries all share one)
//
// xgettext --keyword=HRC_TEXT --keyword=HRC_PLURAL:1,2 --keyword=HRC_CONTEXT:1c,2
//          --keyword=HRC_TEXT_IN:1c,2 (locales/README.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#define HRC_TEXT(s) (s)
#define HRC_PLURAL(singular, plural) singular, plural
#define HRC_CONTEXT(context, s) context, s
#define HRC_TEXT_IN(context, s) (s)

namespace hrc {

// One {name} in a message. `translate` = the value is itself a marked English text (for example
// the name of a field) and is translated before it is put in.
struct MessageArg {
    std::string_view name;
    std::string value;
    bool translate = false;

    bool operator==(const MessageArg&) const = default;
};

struct Message {
    std::string_view key; // an HRC_TEXT literal (static storage): the English text
    std::vector<MessageArg> args;

    bool empty() const { return key.empty(); }
    // The English sentence with every {name} replaced. Never throws except std::bad_alloc.
    std::string english() const;

    bool operator==(const Message&) const = default;
};

// Replaces every "{name}" in `pattern` by its value; a placeholder without a value is left as it
// is (so a missing argument shows up in tests rather than vanishing). Never throws except
// std::bad_alloc.
std::string fill_placeholders(std::string_view pattern, const std::vector<MessageArg>& args);

} // namespace hrc
