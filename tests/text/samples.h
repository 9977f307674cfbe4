// samples.h — fixed sentences per kiosk language, so the shaping tests mean something before the
// translators' catalogs exist (and keep covering digits, the reference code and placeholders).
#pragma once

#include <string>
#include <vector>

namespace hrc_test {

struct LanguageSamples {
    std::string language;               // BCP 47, as the kiosk passes it to set_language
    std::vector<std::string> sentences; // "What happened?", "When did it happen?", …
};

inline const std::vector<LanguageSamples>& language_samples() {
    static const std::vector<LanguageSamples> samples = {
        {"en-GB",
         {"What happened?", "When did it happen?", "Your reference is HRC-7K3M-Q9TX.",
          "You do not have to give your name.", "It happened 3 days ago.",
          "{n} people – “quoted” text…"}},
        {"gu",
         {"શું થયું?", "તે ક્યારે થયું?", "તમારો સંદર્ભ નંબર HRC-7K3M-Q9TX છે.", "તમારે તમારું નામ આપવાની જરૂર નથી.",
          "તે 3 દિવસ પહેલાં થયું.", "{n} લોકો ત્યાં હતા"}},
        {"pa",
         {"ਕੀ ਹੋਇਆ?", "ਇਹ ਕਦੋਂ ਹੋਇਆ?", "ਤੁਹਾਡਾ ਹਵਾਲਾ ਨੰਬਰ HRC-7K3M-Q9TX ਹੈ।",
          "ਤੁਹਾਨੂੰ ਆਪਣਾ ਨਾਮ ਦੇਣ ਦੀ ਲੋੜ ਨਹੀਂ ਹੈ।", "ਇਹ 3 ਦਿਨ ਪਹਿਲਾਂ ਹੋਇਆ।"}},
        {"pl",
         {"Co się stało?", "Kiedy to się stało?", "Twój numer referencyjny to HRC-7K3M-Q9TX.",
          "Nie musisz podawać swojego imienia i nazwiska.", "To się stało 3 dni temu.",
          "Zażółć gęślą jaźń"}},
        {"ur",
         {"کیا ہوا؟", "یہ کب ہوا؟", "آپ کا حوالہ نمبر HRC-7K3M-Q9TX ہے۔",
          "آپ کو اپنا نام بتانے کی ضرورت نہیں ہے۔", "یہ 3 دن پہلے ہوا۔",
          "یہ ۳ دن پہلے ہوا۔ {n} لوگ"}},
        {"so",
         {"Maxaa dhacay?", "Goorma ayay dhacday?", "Lambarkaaga tixraaca waa HRC-7K3M-Q9TX.",
          "Uma baahnid inaad magacaaga bixiso.", "Waxay dhacday 3 maalmood ka hor."}},
        {"bn",
         {"কী হয়েছিল?", "এটা কখন হয়েছিল?", "আপনার রেফারেন্স নম্বর HRC-7K3M-Q9TX।",
          "আপনাকে আপনার নাম দিতে হবে না।", "এটা ৩ দিন আগে হয়েছিল।"}},
        {"pt",
         {"O que aconteceu?", "Quando aconteceu?", "A sua referência é HRC-7K3M-Q9TX.",
          "Não tem de dar o seu nome.", "Aconteceu há 3 dias."}},
        {"ta",
         {"என்ன நடந்தது?", "இது எப்போது நடந்தது?", "உங்கள் குறிப்பு எண் HRC-7K3M-Q9TX.",
          "நீங்கள் உங்கள் பெயரைக் கொடுக்க வேண்டியதில்லை.", "இது 3 நாட்களுக்கு முன்பு நடந்தது."}},
        {"hi",
         {"क्या हुआ?", "यह कब हुआ?", "आपका संदर्भ नंबर HRC-7K3M-Q9TX है।",
          "आपको अपना नाम बताने की ज़रूरत नहीं है।", "यह 3 दिन पहले हुआ।", "क्षि परीक्षा"}},
        {"ar",
         {"ماذا حدث؟", "متى حدث ذلك؟", "رقمك المرجعي هو HRC-7K3M-Q9TX.", "لست مضطرًا إلى ذكر اسمك.",
          "حدث ذلك قبل 3 أيام.", "حدث ذلك قبل ٣ أيام."}},
        {"ro",
         {"Ce s-a întâmplat?", "Când s-a întâmplat?", "Referința dumneavoastră este HRC-7K3M-Q9TX.",
          "Nu trebuie să vă spuneți numele.", "S-a întâmplat acum 3 zile."}},
    };
    return samples;
}

} // namespace hrc_test
