// kiosk_model_driver.h — drives the kiosk's pure model (kiosk/model/flow.h) the way the shell does,
// for the model's unit tests: a fake clock, every intent through reduce(), the commands of the
// last step kept. No window.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "flow.h"

namespace hrc_test {

inline constexpr std::int64_t kStart = 1'743'500'000; // 2025-04-01, the fake clock's first touch
inline constexpr hrc::CivilDate kToday{2025, 4, 1};

struct Kiosk {
    hrc::kiosk::State state;
    std::vector<hrc::kiosk::Command> commands; // of the last step

    Kiosk() {
        state.today = kToday;
        state.last_touch = kStart;
    }
    Kiosk& operator()(const hrc::kiosk::Intent& intent) {
        hrc::kiosk::Step step = hrc::kiosk::reduce(std::move(state), intent);
        state = std::move(step.state);
        commands = std::move(step.commands);
        return *this;
    }
    Kiosk& type(hrc::kiosk::Field field, const std::string& text) {
        (*this)(hrc::kiosk::FocusField{field});
        return (*this)(hrc::kiosk::TypeText{text});
    }
    hrc::kiosk::Screen screen() const { return state.screen; }
};

// A choice of the screen's first question, and of its second one (ids.h).
template <typename E>
hrc::kiosk::ChoiceId v(E e) {
    return hrc::kiosk::choice_of(e);
}
template <typename E>
hrc::kiosk::ChoiceId second(E e) {
    return hrc::kiosk::choice_of(e, hrc::kiosk::Group::second);
}

} // namespace hrc_test
