// kiosk/model/easy_read.h — the easy-read path (issue 18): fewer questions, simpler words, a
// picture beside every heading and answer. docs/easy-read.md lists every picture and its meaning.
//
// A person turns it on with "Easy read" on the start screen (SetEasyRead, flow.h); the report
// records it (Report::easy_read) and its path keeps only the questions the police and the
// partnership need most (on_easy_route()). Everything else about a screen — its choices, how they
// read and write the report, validation, sealing — is the ordinary screen's (questions.cpp): this
// table only swaps words and adds pictures, so the two paths cannot disagree on what an answer
// means.
//
// Easy-read words are catalog keys in their own message context, "easy read"
// (msgctxt "easy read" in the catalogs), so translators see that they are the easy version and an
// ordinary text with the same English is not merged with them. Rules for the English (checked by
// a test with GNU style: Flesch–Kincaid grade ≤ 2): one idea per sentence, everyday words, short
// sentences, no "optional", no "anonymous".
//
// Pictures are emoji sequences from Noto Color Emoji, drawn in colour by the text layer
// (text::draw_pictogram). No skin tones, no gendered people where a person is meant, nothing that
// stands for a group of people by how they look.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "ids.h"
#include "questions.h"

namespace hrc::kiosk {

// The message context of every easy-read text (Translator::context(kEasyReadContext, key)).
inline constexpr std::string_view kEasyReadContext = "easy read";

// One answer's easy words and picture. `label` empty: the ordinary label, with this picture.
struct EasyChoice {
    ChoiceId id;
    std::string_view picture;
    std::string_view label = {};
};

// A text field's easy label and hint (empty: the ordinary words).
struct EasyField {
    Field field;
    std::string_view label = {};
    std::string_view hint = {};
};

// A screen on the easy-read path: its picture, its words ("you"/"they" variants as Words), the
// easy words and pictures of its answers and fields, and for a consent the wording version its
// easy words are recorded under (questions.h: a consent keeps the meaning of the words it was
// given to).
struct EasyScreen {
    Screen screen;
    std::string_view picture;
    Words heading = {};
    Words hint = {}; // empty: no hint at all (not the ordinary one)
    std::span<const EasyChoice> choices = {};
    std::span<const EasyField> fields = {};
    std::string_view consent_version = {};
    std::optional<Consent>& (*consent)(Report&) = nullptr; // the consent this screen records
};

// The easy version of `screen`; nullptr when the screen has none (the staff screens, the
// questions the easy-read path leaves out).
const EasyScreen* easy_screen(Screen screen);

// Whether a question is asked on the easy-read path. Questions not on it are skipped (as a
// question that does not apply is): the report leaves them out.
bool on_easy_route(Screen screen);

// The easy choice of `id` on `screen`; nullptr when there is none.
const EasyChoice* easy_choice(Screen screen, ChoiceId id);

// The easy field words of `field` on `screen`; nullptr when there are none.
const EasyField* easy_field(Screen screen, Field field);

// The easy labels of the date field, which follow the kind of date chosen (as the ordinary ones).
FieldWords easy_date_from_words(const Report& report);

// Every easy-read text (English keys, both variants), once each: for the reading-age test and the
// catalog checks.
std::vector<std::string_view> easy_read_texts();

// One picture of the path and what it stands for (docs/easy-read.md is made from the same table).
struct EasyPicture {
    std::string_view picture;
    std::string_view screen;  // screen_id(): "role"
    std::string_view meaning; // the easy words beside it (empty: a place name)
};
std::vector<EasyPicture> easy_read_pictures();

// The confirmation's words on the easy-read path (what happens next, where to get help), in place
// of content.cpp's ordinary ones. The working-day counts keep their ordinary (plural) texts.
struct EasyConfirmationWords {
    std::string_view next_heading;
    std::string_view locked;
    std::string_view shared_with_police;
    std::string_view police_will_contact;
    std::string_view support_asked;
    std::string_view support_offered;
    std::string_view happens_again;
    std::string_view support_heading;
    std::string_view danger;
    std::string_view non_emergency;
    std::string_view victim_first_phone;
    std::string_view victim_first_web;
};
const EasyConfirmationWords& easy_confirmation_words();

// The start screen's "Easy read" option (a catalog key, in every language).
std::string_view text_easy_read();

} // namespace hrc::kiosk
