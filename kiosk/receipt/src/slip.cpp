// slip.cpp — the paper names and widths of hrc_receipt/slip.h.

#include "hrc_receipt/slip.h"

#include <cctype>

namespace hrc::receipt {

namespace {

bool same_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

constexpr double kPointsPerMm = 72.0 / 25.4;

} // namespace

std::optional<Paper> paper_from_name(std::string_view name) {
    for (const Paper p : {Paper::roll_58mm, Paper::roll_80mm, Paper::a4})
        if (same_ignoring_case(name, paper_name(p))) return p;
    return std::nullopt;
}

std::string_view paper_name(Paper paper) {
    switch (paper) {
    case Paper::roll_58mm:
        return "58mm";
    case Paper::roll_80mm:
        return "80mm";
    case Paper::a4:
        return "A4";
    }
    return "A4";
}

double paper_width_points(Paper paper) {
    switch (paper) {
    case Paper::roll_58mm:
        return 58 * kPointsPerMm;
    case Paper::roll_80mm:
        return 80 * kPointsPerMm;
    case Paper::a4:
        return 210 * kPointsPerMm;
    }
    return 210 * kPointsPerMm;
}

} // namespace hrc::receipt
