// kiosk/app/every_language.h — the start screen and the neutral screen speak every language in
// turn (issue 14 item 4, "A start screen for every reader").
//
// Before anyone has chosen a language, the words of the start screen ("Choose your language", Read
// aloud, the display options, Continue) and of the neutral screen after a quick exit ("Welcome",
// "Touch the screen to start.", Start) are shown in each of the twelve languages in turn, about
// three seconds each, each in its own fonts and direction. The language shown is chosen from the
// frame clock alone (FrameContext::monotonic), never from the session, so the neutral screen
// tells nobody which language the last person used.
//
// The words come straight from the compiled catalogs (Catalogs::default_dir(), the same .mo files
// the shell's Catalogs loads), each file checked with mo_file_problem() first and kept as bytes:
// a few hundred KiB for all twelve instead of twelve Boost.Locale locales (~3.4 MiB, bench/README).
// A missing or damaged catalog gives the English text, as Catalogs does.
#pragma once

#include <string_view>

#include "flow.h"
#include "translator.h"

namespace hrc::kiosk {

// Seconds each language is shown for.
inline constexpr double kLanguageTurnSeconds = 3.0;

// True when `state`'s screen shows its words in each language in turn: NEUTRAL always; LANGUAGE
// until a person chooses a language other than the kiosk's default (back on it, they see theirs).
//
// The kiosk sleeps between inputs (shell.h), so for the words to turn on a screen nobody touches
// the shell must wake at each turn while this is true: sleep at most seconds_to_next_turn(t) and
// draw a frame when language_in_turn(t) differs from the one last drawn (t = the frame clock,
// glfwGetTime(), as FrameContext::monotonic). Without that they turn only on input.
bool languages_turn(const State& state);

// The language (BCP 47 code of hrc/languages.h) whose turn it is at `monotonic` seconds.
std::string_view language_in_turn(double monotonic);

// Seconds from `monotonic` until the next language's turn (for a shell that wakes to show it).
double seconds_to_next_turn(double monotonic);

// The words of `code`, from its compiled catalog (loaded on first use, then kept); english() for a
// code not in the table or a catalog that is missing or damaged. Only text() is looked up in the
// catalog; plural() and context() give the English forms (the screens that turn use neither).
const Translator& words_in(std::string_view code);

} // namespace hrc::kiosk
