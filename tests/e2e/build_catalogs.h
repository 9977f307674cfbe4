// build_catalogs.h — the kiosk's language catalogs as the kiosk under test reads them (the build
// tree's compiled .mo files, Catalogs::default_dir()), so an end-to-end test can compare what a
// person is shown with the catalog's text in that language. One instance per test program.
#pragma once

#include "catalogs.h"

namespace hrc_e2e {

inline const hrc::kiosk::Catalogs& catalogs() {
    static const hrc::kiosk::Catalogs instance(hrc::kiosk::Catalogs::default_dir());
    return instance;
}

} // namespace hrc_e2e
