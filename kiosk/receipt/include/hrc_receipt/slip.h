// hrc_receipt/slip.h — what a printed receipt slip holds (issue 17), and the paper it goes on.
//
// A Slip is plain text, already translated into the person's language by the kiosk's model
// (kiosk/model/receipt.h builds it from the confirmation's state). It never holds anything the
// person typed or chose about the incident (issue 17 item 2: a slip found by the wrong person must
// reveal only that a report exists): the reference, the date it was printed, what happens next
// for the consents given, and the centre's support contacts.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hrc::receipt {

// The paper in the printer named in hrc.toml ([printer] paper). Receipt rolls are a fixed width
// and as long as the slip needs; A4 is a whole page.
enum class Paper { roll_58mm, roll_80mm, a4 };

// "58mm", "80mm", "A4" (case-insensitive) → the paper; nullopt for anything else.
std::optional<Paper> paper_from_name(std::string_view name);
// The name paper_from_name() reads: "58mm", "80mm", "A4".
std::string_view paper_name(Paper paper);
// Width of the paper in PostScript points (1/72 inch): 58 mm, 80 mm, 210 mm.
double paper_width_points(Paper paper);

struct SupportContact {
    std::string label;   // "Victim First (free support)", in the person's language
    std::string contact; // "0800 953 95 95", "www.victimfirst.org.uk": always printed left to right
};

struct Slip {
    std::string language; // BCP 47 code of the kiosk language ("ur"): fonts and direction
    std::string heading;  // "Hate incident report" — or, discreet, a neutral "Your reference"
    std::string reference_label;    // "Your reference"; empty on a discreet slip (heading says it)
    std::string reference;          // "HRC-7K3M-Q2PX": large, left to right, and as the QR code
    std::string date;               // "3 December 2026" in the person's language
    std::string next_steps_heading; // "What happens next"; empty: no such section
    std::vector<std::string> next_steps; // one paragraph each
    std::string support_heading;         // "Support"; empty: no such section
    std::vector<SupportContact> support;
    std::string centre_text; // the centre's own text from hrc.toml, as written; may be empty
};

} // namespace hrc::receipt
