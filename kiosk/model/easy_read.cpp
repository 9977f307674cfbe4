// easy_read.cpp — the easy-read path's words and pictures (see easy_read.h).
//
// [SECTIONS]
//   1. answers      easy words and a picture for each answer of the screens on the path
//   2. screens      kEasyScreens: the screens on the path, their pictures and words
//   3. lookups      easy_screen(), on_easy_route(), the lists for tests and docs
//
// Every text is HRC_TEXT_IN("easy read", …): the context goes to the translators; content.cpp
// translates with Translator::context(kEasyReadContext, key).
//
// Pictures (docs/easy-read.md): Noto Color Emoji sequences. People are drawn without skin tone or
// gender (🧑, 🫂); a strand is shown by a symbol its own community uses (🏳️‍🌈, 🏳️‍⚧️, ♿) or by
// a neutral one (🌍 for where someone comes from, 🛐 for a place of worship of any faith), never
// by how people look or dress.

#include "easy_read.h"

#include <algorithm>
#include <iterator>

namespace hrc::kiosk {

namespace {

// ================================================================================================
// 1. answers
// ================================================================================================

constexpr std::string_view kYes = "✅";
constexpr std::string_view kNo = "❌";
constexpr std::string_view kDontKnow = "❓";

constexpr EasyChoice kRole[] = {
    {choice_of(Role::victim), "🧑", HRC_TEXT_IN("easy read", "It happened to me")},
    {choice_of(Role::witness), "👀", HRC_TEXT_IN("easy read", "I saw it happen to someone")},
    {choice_of(Role::on_behalf), "🫂",
     HRC_TEXT_IN("easy read", "I am telling you for someone else")},
};

constexpr EasyChoice kStrands[] = {
    {choice_of(Strand::race), "🌍",
     HRC_TEXT_IN("easy read", "Race, skin colour or where they come from")},
    {choice_of(Strand::religion), "🛐", HRC_TEXT_IN("easy read", "Religion or faith")},
    {choice_of(Strand::sexual_orientation), "🏳️‍🌈",
     HRC_TEXT_IN("easy read", "Being gay, lesbian or bi")},
    {choice_of(Strand::disability), "♿", HRC_TEXT_IN("easy read", "Disability")},
    {choice_of(Strand::transgender_identity), "🏳️‍⚧️",
     HRC_TEXT_IN("easy read", "Being trans")},
    {choice_of(Strand::other), kDontKnow, HRC_TEXT_IN("easy read", "Something else")},
};

constexpr EasyChoice kWhatHappened[] = {
    {choice_of(WhatHappened::verbal_abuse), "🤬",
     HRC_TEXT_IN("easy read", "Shouting or calling names")},
    {choice_of(WhatHappened::threats), "⚠️", HRC_TEXT_IN("easy read", "Threats")},
    {choice_of(WhatHappened::physical_assault), "💥",
     HRC_TEXT_IN("easy read", "Hitting, pushing or spitting")},
    {choice_of(WhatHappened::property_damage), "🏚️",
     HRC_TEXT_IN("easy read", "Damage to a home, car or things")},
    {choice_of(WhatHappened::graffiti), "🖌️",
     HRC_TEXT_IN("easy read", "Words or pictures drawn on a wall")},
    {choice_of(WhatHappened::online_abuse), "📱",
     HRC_TEXT_IN("easy read", "Bad things said online")},
    {choice_of(WhatHappened::harassment), "👣",
     HRC_TEXT_IN("easy read", "Being picked on or followed")},
    {choice_of(WhatHappened::theft), "👛", HRC_TEXT_IN("easy read", "Something was stolen")},
    {choice_of(WhatHappened::other), kDontKnow, HRC_TEXT_IN("easy read", "Something else")},
};

constexpr EasyChoice kWhen[] = {
    {choice_of(DateKind::exact), "📅", HRC_TEXT_IN("easy read", "I know the day")},
    {choice_of(DateKind::approximate), "🗓️", HRC_TEXT_IN("easy read", "I know about when")},
    {choice_of(DateKind::range), "🔁", HRC_TEXT_IN("easy read", "It happened more than once")},
    {choice_of(DateKind::dont_know), kDontKnow, HRC_TEXT_IN("easy read", "I do not know")},
};

// Place names stay as they are (they are names); the city, the towns, elsewhere and online get
// their own pictures.
constexpr EasyChoice kDistricts[] = {
    {choice_of(District::leicester_city), "🏙️"},
    {choice_of(District::blaby), "🏘️"},
    {choice_of(District::charnwood), "🏘️"},
    {choice_of(District::harborough), "🏘️"},
    {choice_of(District::hinckley_and_bosworth), "🏘️"},
    {choice_of(District::melton), "🏘️"},
    {choice_of(District::north_west_leicestershire), "🏘️"},
    {choice_of(District::oadby_and_wigston), "🏘️"},
    {choice_of(District::rutland), "🏘️"},
    {choice_of(District::elsewhere), "🗺️",
     HRC_TEXT_IN("easy read", "Not in Leicester, Leicestershire or Rutland")},
    {choice_of(District::online), "📱", HRC_TEXT_IN("easy read", "Online")},
    {choice_of(District::dont_know), kDontKnow, HRC_TEXT_IN("easy read", "I do not know")},
};

constexpr EasyChoice kAnonymous[] = {
    {choice_of(AnonymousChoice::give_details), "🙋",
     HRC_TEXT_IN("easy read", "Yes, I will tell you")},
    {choice_of(AnonymousChoice::stay_anonymous), "👤",
     HRC_TEXT_IN("easy read", "No. Do not ask who I am")},
};

constexpr EasyChoice kContact[] = {
    {choice_of(ContactMethod::phone), "☎️", HRC_TEXT_IN("easy read", "Phone call")},
    {choice_of(ContactMethod::text_message), "💬", HRC_TEXT_IN("easy read", "Text message")},
    {choice_of(ContactMethod::email), "📧", HRC_TEXT_IN("easy read", "Email")},
    {choice_of(ContactMethod::letter), "✉️", HRC_TEXT_IN("easy read", "Letter")},
};

constexpr EasyChoice kConsentPolice[] = {
    {choice_of(ConsentDecision::given), kYes, HRC_TEXT_IN("easy read", "Yes, tell the police")},
    {choice_of(ConsentDecision::refused), kNo,
     HRC_TEXT_IN("easy read", "No, do not tell the police")},
};
constexpr EasyChoice kConsentContact[] = {
    {choice_of(ConsentDecision::given), kYes,
     HRC_TEXT_IN("easy read", "Yes, the police can call me")},
    {choice_of(ConsentDecision::refused), kNo, HRC_TEXT_IN("easy read", "No, do not call me")},
};
constexpr EasyChoice kConsentSupport[] = {
    {choice_of(ConsentDecision::given), kYes, HRC_TEXT_IN("easy read", "Yes, I would like help")},
    {choice_of(ConsentDecision::refused), kNo, HRC_TEXT_IN("easy read", "No, thank you")},
};
constexpr EasyChoice kConsentStatistics[] = {
    {choice_of(ConsentDecision::given), kYes, HRC_TEXT_IN("easy read", "Yes, count it")},
    {choice_of(ConsentDecision::refused), kNo, HRC_TEXT_IN("easy read", "No, do not count it")},
};

constexpr EasyField kStrandFields[] = {
    {Field::other_difference, HRC_TEXT_IN("easy read", "What else was it about?")},
};
constexpr EasyField kWhatHappenedFields[] = {
    {Field::what_happened_other, HRC_TEXT_IN("easy read", "What else happened?")},
};
constexpr EasyField kOwnWordsFields[] = {
    {Field::description, HRC_TEXT_IN("easy read", "What happened"),
     HRC_TEXT_IN("easy read", "You can write in any language.")},
};
constexpr EasyField kWhenFields[] = {
    // date_from's words follow the kind of date: easy_date_from_words().
    {Field::date_to, HRC_TEXT_IN("easy read", "The last time"),
     HRC_TEXT_IN("easy read", "Like this: 30 3 2025")},
};
constexpr EasyField kContactFields[] = {
    {Field::name, HRC_TEXT_IN("easy read", "Your name")},
    {Field::phone, HRC_TEXT_IN("easy read", "Your phone number")},
    {Field::email, HRC_TEXT_IN("easy read", "Your email")},
    {Field::contact_address, HRC_TEXT_IN("easy read", "Your address")},
    {Field::safe_contact_times, HRC_TEXT_IN("easy read", "When is it safe to call you?"),
     HRC_TEXT_IN("easy read", "Like this: in the day")},
};

// ================================================================================================
// 2. screens
// ================================================================================================
//
// In the order of kScreens. The questions here are the path: who it happened to, why, what
// happened (chosen and in their own words), when, where, name and contact, and the consents.

constexpr EasyScreen kEasyScreens[] = {
    {.screen = Screen::danger,
     .picture = "🆘",
     .heading = {HRC_TEXT_IN("easy read", "Are you in danger now?")},
     .hint = {HRC_TEXT_IN("easy read", "If you are in danger, call 999. Staff can help you.")}},
    {.screen = Screen::role,
     .picture = "🧑",
     .heading = {HRC_TEXT_IN("easy read", "Who did it happen to?")},
     .choices = kRole},
    {.screen = Screen::strands,
     .picture = "🤔",
     .heading = {HRC_TEXT_IN("easy read", "Why do you think it happened?")},
     .hint = {HRC_TEXT_IN("easy read", "You can choose more than one.")},
     .choices = kStrands,
     .fields = kStrandFields},
    {.screen = Screen::what_happened,
     .picture = "❗",
     .heading = {HRC_TEXT_IN("easy read", "What happened?")},
     .hint = {HRC_TEXT_IN("easy read", "You can choose more than one.")},
     .choices = kWhatHappened,
     .fields = kWhatHappenedFields},
    {.screen = Screen::own_words,
     .picture = "✏️",
     .heading = {HRC_TEXT_IN("easy read", "Tell us what happened")},
     .hint = {HRC_TEXT_IN("easy read",
                          "Use your own words. Say as much or as little as you like.")},
     .fields = kOwnWordsFields},
    {.screen = Screen::when_date,
     .picture = "📅",
     .heading = {HRC_TEXT_IN("easy read", "When did it happen?")},
     .choices = kWhen,
     .fields = kWhenFields},
    {.screen = Screen::where_district,
     .picture = "📍",
     .heading = {HRC_TEXT_IN("easy read", "Where did it happen?")},
     .hint = {HRC_TEXT_IN("easy read", "Choose the place.")},
     .choices = kDistricts},
    {.screen = Screen::anonymous,
     .picture = "🙋",
     .heading = {HRC_TEXT_IN("easy read", "Can you tell us your name?")},
     .hint = {HRC_TEXT_IN("easy read", "If you say no, we cannot get back to you.")},
     .choices = kAnonymous},
    {.screen = Screen::contact,
     .picture = "☎️",
     .heading = {HRC_TEXT_IN("easy read", "How can we get in touch?")},
     .hint = {HRC_TEXT_IN("easy read", "Choose the safe way for you.")},
     .choices = kContact,
     .fields = kContactFields},
    {.screen = Screen::consent_police,
     .picture = "👮",
     .heading = {HRC_TEXT_IN("easy read", "Can we tell the police?")},
     .hint = {HRC_TEXT_IN("easy read", "The police use what you tell us to keep people safe.")},
     .choices = kConsentPolice,
     .consent_version = "share-police/1-easy",
     .consent = [](Report& r) -> std::optional<Consent>& { return r.consents.share_with_police; }},
    {.screen = Screen::consent_contact,
     .picture = "📲",
     .heading = {HRC_TEXT_IN("easy read", "Can the police call you about this?")},
     .choices = kConsentContact,
     .consent_version = "police-contact/1-easy",
     .consent = [](Report& r) -> std::optional<Consent>& { return r.consents.police_may_contact; }},
    {.screen = Screen::consent_support,
     .picture = "🤝",
     .heading = {HRC_TEXT_IN("easy read", "Would you like help from Victim First?")},
     .hint = {HRC_TEXT_IN(
         "easy read", "Victim First helps people after hate. It is free. We will give them your "
                      "name and how to get in touch.")},
     .choices = kConsentSupport,
     .consent_version = "support-referral/1-easy",
     .consent = [](Report& r) -> std::optional<Consent>& { return r.consents.support_referral; }},
    {.screen = Screen::consent_statistics,
     .picture = "📊",
     .heading = {HRC_TEXT_IN("easy read", "Can we count your report?")},
     .hint = {HRC_TEXT_IN(
         "easy read", "We count reports to see where hate takes place. We do not count names.")},
     .choices = kConsentStatistics,
     .consent_version = "statistics/1-easy",
     .consent = [](Report& r) -> std::optional<Consent>& {
         return r.consents.anonymous_statistics;
     }},
    {.screen = Screen::check_answers,
     .picture = "📋",
     .heading = {HRC_TEXT_IN("easy read", "Check your answers")},
     .hint = {HRC_TEXT_IN("easy read", "You can change any answer.")}},
    {.screen = Screen::sending,
     .picture = "⏳",
     .heading = {HRC_TEXT_IN("easy read", "We are saving your report")},
     .hint = {HRC_TEXT_IN("easy read", "Please wait.")}},
    {.screen = Screen::confirmation,
     .picture = "📨",
     .heading = {HRC_TEXT_IN("easy read", "Your report is sent")},
     .hint = {HRC_TEXT_IN("easy read",
                          "Keep your reference. Write it down or take a photo of it.")}},
};

constexpr EasyConfirmationWords kConfirmation{
    HRC_TEXT_IN("easy read", "What happens next"),
    HRC_TEXT_IN("easy read", "Your report is locked. Only the hate reporting team can read it. "
                             "The kiosk sends it to them soon."),
    HRC_TEXT_IN("easy read", "You said we can tell the police. The police will read your report."),
    HRC_TEXT_IN("easy read",
                "You said the police can call you. They will use the details you gave."),
    HRC_TEXT_IN("easy read", "You asked for help. Victim First will get in touch with you."),
    HRC_TEXT_IN("easy read", "Victim First can help you at any time. It is free. Staff can help "
                             "you get in touch."),
    HRC_TEXT_IN("easy read", "If it happens again, you can tell us again."),
    HRC_TEXT_IN("easy read", "Where to get help"),
    HRC_TEXT_IN("easy read", "If you are in danger, call the police"),
    HRC_TEXT_IN("easy read", "The police, when it is not an emergency"),
    HRC_TEXT_IN("easy read", "Victim First: free help"),
    HRC_TEXT_IN("easy read", "Victim First on the web"),
};

constexpr bool easy_screens_in_order() {
    for (std::size_t i = 1; i < std::size(kEasyScreens); ++i)
        if (kEasyScreens[i - 1].screen >= kEasyScreens[i].screen) return false;
    return true;
}
static_assert(easy_screens_in_order(), "kEasyScreens is in the order of Screen, each once");

} // namespace

// ================================================================================================
// 3. lookups
// ================================================================================================

const EasyScreen* easy_screen(Screen screen) {
    for (const EasyScreen& e : kEasyScreens)
        if (e.screen == screen) return &e;
    return nullptr;
}

bool on_easy_route(Screen screen) {
    return easy_screen(screen) != nullptr;
}

const EasyChoice* easy_choice(Screen screen, ChoiceId id) {
    const EasyScreen* e = easy_screen(screen);
    if (e == nullptr) return nullptr;
    for (const EasyChoice& c : e->choices)
        if (c.id == id) return &c;
    return nullptr;
}

const EasyField* easy_field(Screen screen, Field field) {
    const EasyScreen* e = easy_screen(screen);
    if (e == nullptr) return nullptr;
    for (const EasyField& f : e->fields)
        if (f.field == field) return &f;
    return nullptr;
}

FieldWords easy_date_from_words(const Report& r) {
    const DateKind kind = r.when.date ? r.when.date->kind : DateKind::exact;
    if (kind == DateKind::range)
        return {HRC_TEXT_IN("easy read", "The first time"),
                HRC_TEXT_IN("easy read", "Like this: 27 3 2025")};
    if (kind == DateKind::approximate)
        return {HRC_TEXT_IN("easy read", "About when"),
                HRC_TEXT_IN("easy read", "Like this: 27 3 2025. Your best guess is fine.")};
    return {HRC_TEXT_IN("easy read", "The day"), HRC_TEXT_IN("easy read", "Like this: 27 3 2025")};
}

std::vector<std::string_view> easy_read_texts() {
    std::vector<std::string_view> out;
    const auto add = [&out](std::string_view s) {
        if (!s.empty() && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    };
    for (const EasyScreen& e : kEasyScreens) {
        add(e.heading.me);
        add(e.heading.they);
        add(e.hint.me);
        add(e.hint.they);
        for (const EasyChoice& c : e.choices)
            add(c.label);
        for (const EasyField& f : e.fields) {
            add(f.label);
            add(f.hint);
        }
    }
    const EasyConfirmationWords& c = kConfirmation;
    for (std::string_view text :
         {c.next_heading, c.locked, c.shared_with_police, c.police_will_contact, c.support_asked,
          c.support_offered, c.happens_again, c.support_heading, c.danger, c.non_emergency,
          c.victim_first_phone, c.victim_first_web})
        add(text);
    for (const DateKind kind : {DateKind::exact, DateKind::approximate, DateKind::range}) {
        Report r;
        r.when.date = IncidentDate{kind, std::nullopt, std::nullopt};
        const FieldWords w = easy_date_from_words(r);
        add(w.label);
        add(w.hint);
    }
    return out;
}

std::vector<EasyPicture> easy_read_pictures() {
    std::vector<EasyPicture> out;
    for (const EasyScreen& e : kEasyScreens) {
        out.push_back({e.picture, screen_id(e.screen), e.heading.me});
        for (const EasyChoice& c : e.choices)
            out.push_back({c.picture, screen_id(e.screen), c.label});
    }
    return out;
}

const EasyConfirmationWords& easy_confirmation_words() {
    return kConfirmation;
}

std::string_view text_easy_read() {
    return HRC_TEXT("Easy read");
}

} // namespace hrc::kiosk
