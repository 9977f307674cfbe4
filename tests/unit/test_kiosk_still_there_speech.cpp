// What is read aloud on the "Are you still there?" overlay (still_there_script, issue 14 item 2):
// the question, the seconds left and the button, in the session's language, and never anything a
// person typed.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "content.h"
#include "flow.h"
#include "screen_rules.h"

using namespace hrc::kiosk;

namespace {

constexpr std::int64_t kStart = 1'743'500'000; // 2025-04-01

std::string spoken(const std::vector<ReadAloudPart>& parts) {
    std::string all;
    for (const ReadAloudPart& p : parts)
        all += p.text + "\n";
    return all;
}

} // namespace

TEST_CASE("still there: the overlay is read with its question, the seconds left and its button",
          "[kiosk][read-aloud]") {
    State state;
    state.today = hrc::CivilDate{2025, 4, 1};
    state.last_touch = kStart;
    for (const Intent& i : std::vector<Intent>{ChooseLanguage{"en-GB"}, Continue{}})
        state = reduce(std::move(state), i).state;
    REQUIRE(state.screen == Screen::role);
    const std::int64_t idle = state.settings.idle_seconds;
    const std::int64_t countdown = state.settings.idle_countdown_seconds;
    state = reduce(std::move(state), Tick{kStart + idle}).state;
    REQUIRE(state.still_there_deadline == kStart + idle + countdown);

    const auto parts = still_there_script(state, english(), kStart + idle);
    REQUIRE(parts.size() == 1);
    CHECK(parts[0].language == state.session_language);
    const std::string said = spoken(parts);
    CHECK(said.find("Are you still there?") != std::string::npos);
    CHECK(said.find(std::to_string(countdown) + " seconds") != std::string::npos);
    CHECK(said.find("Yes, I am still here") != std::string::npos);
    // Read again later, it says the seconds that are left then.
    const std::string later = spoken(still_there_script(state, english(), kStart + idle + 7));
    CHECK(later.find(std::to_string(countdown - 7) + " seconds") != std::string::npos);
    CHECK(spoken(still_there_script(state, english(), kStart + idle + countdown + 9))
              .find("0 seconds") != std::string::npos);
}
