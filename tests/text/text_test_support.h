// text_test_support.h — shared by the shaping tests: where things are, the strings to shape
// (fixed samples + every catalog found under locales/ at run time), running hb-shape / hb-view.
#pragma once

#include <string>
#include <vector>

#include "hrc_text/engine.h"

namespace hrc_test {

struct TextCase {
    std::string language;
    std::string text;
    std::string origin; // "sample" or "locales/gu.po:123"
};

// Every sample sentence, plus every non-empty msgstr (all plural forms) of every catalog under
// HRC_SOURCE_DIR/locales in its language, plus every msgid / msgid_plural as en-GB; each
// (language, text) once.
// `catalogs` gets the files read; a malformed catalog is reported in `problems`.
std::vector<TextCase> text_cases(std::vector<std::string>& catalogs,
                                 std::vector<std::string>& problems);

// A directory for test outputs (created), inside the build tree.
std::string out_dir();

// ISO 15924 name of a HarfBuzz script tag ("Arab"); "Zyyy" for Common.
std::string script_arg(hrc::text::ScriptTag tag);

// The kiosk's languages, as they appear in language_samples().
std::vector<std::string> kiosk_languages();

} // namespace hrc_test
