# Finds every third-party dependency from Debian 12's packages. A missing one stops configure with a
# message naming the Debian package that provides it, so the fix is one apt-get line away.
# scripts/debian-packages.txt is the same list for the install step of the README commands.

find_package(PkgConfig)
if(NOT PKG_CONFIG_FOUND)
  message(FATAL_ERROR "pkg-config was not found. Install it with: sudo apt-get install pkg-config")
endif()

# hrc_require_pkgconfig(<target-suffix> <pkg-config module> <debian package>)
# Creates the imported target hrc::<target-suffix> or stops configure naming the Debian package.
function(hrc_require_pkgconfig name module debian_package)
  pkg_check_modules(HRC_PC_${name} QUIET IMPORTED_TARGET GLOBAL ${module})
  if(NOT HRC_PC_${name}_FOUND)
    message(FATAL_ERROR "The dependency '${module}' was not found (pkg-config). "
                        "Install it with: sudo apt-get install ${debian_package}")
  endif()
  add_library(hrc::${name} ALIAS PkgConfig::HRC_PC_${name})
endfunction()

# hrc_require_cmake_package(<CMake package> <debian package>)
macro(hrc_require_cmake_package package debian_package)
  find_package(${package} QUIET)
  if(NOT ${package}_FOUND)
    message(FATAL_ERROR "The dependency '${package}' was not found (CMake config). "
                        "Install it with: sudo apt-get install ${debian_package}")
  endif()
endmacro()

# core
hrc_require_pkgconfig(sodium    libsodium   libsodium-dev)
hrc_require_pkgconfig(sqlcipher sqlcipher   libsqlcipher-dev)
hrc_require_cmake_package(nlohmann_json nlohmann-json3-dev)
hrc_require_cmake_package(tomlplusplus  libtomlplusplus-dev)
# tools
hrc_require_cmake_package(CLI11 libcli11-dev)
# kiosk (imgui.pc adds -lstb; the GLFW and OpenGL3 backends are inside libimgui.a)
hrc_require_pkgconfig(imgui imgui libimgui-dev)
hrc_require_pkgconfig(glfw  glfw3 libglfw3-dev)
# jemalloc: hrc-kiosk's allocator, which overwrites every freed block (kiosk/app/freed_memory.h)
hrc_require_pkgconfig(jemalloc jemalloc libjemalloc-dev)
find_package(OpenGL QUIET)
if(NOT OpenGL_FOUND)
  message(FATAL_ERROR "OpenGL was not found. Install it with: sudo apt-get install libgl-dev")
endif()
# kiosk languages (BRIEF §8): Boost.Locale (gettext catalogs), ICU (bidi, script runs, line and
# grapheme breaks), HarfBuzz (shaping), FreeType (glyphs), libxkbcommon (keyboard layouts from
# xkb-data), espeak-ng (read-aloud) and ALSA (playing it)
find_package(Boost 1.74 QUIET COMPONENTS locale)
if(NOT Boost_FOUND)
  message(FATAL_ERROR "Boost.Locale was not found. Install it with: sudo apt-get install libboost-locale-dev")
endif()
hrc_require_pkgconfig(icu       "icu-uc;icu-i18n" libicu-dev)
hrc_require_pkgconfig(harfbuzz  harfbuzz      libharfbuzz-dev)
hrc_require_pkgconfig(freetype  freetype2     libfreetype-dev)
hrc_require_pkgconfig(xkbcommon xkbcommon     libxkbcommon-dev)
hrc_require_pkgconfig(espeak    espeak-ng     libespeak-ng-dev)
hrc_require_pkgconfig(alsa      alsa          libasound2-dev)
# libsndfile: a centre's recorded read-aloud audio (Ogg Vorbis/Opus, WAV, FLAC; issue 14 item 2)
hrc_require_pkgconfig(sndfile   sndfile       libsndfile1-dev)
find_program(HRC_HELP2MAN help2man)
if(NOT HRC_HELP2MAN)
  message(FATAL_ERROR "help2man was not found (the man pages are made from each program's --help). "
                      "Install it with: sudo apt-get install help2man")
endif()
# Python 3 writes each language's list of messages to record (scripts/recording-list)
find_package(Python3 QUIET COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(FATAL_ERROR "Python 3 was not found. Install it with: sudo apt-get install python3")
endif()
find_program(HRC_MSGFMT msgfmt)
if(NOT HRC_MSGFMT)
  message(FATAL_ERROR "msgfmt was not found. Install it with: sudo apt-get install gettext")
endif()
# sync agent and central receiver
hrc_require_pkgconfig(curl libcurl libcurl4-openssl-dev)
# hrc-central's board report: charts drawn with cairo (PDF, SVG, PNG), text laid out with pango
hrc_require_pkgconfig(pangocairo "pangocairo;cairo-pdf;cairo-svg;cairo-png" "libpango1.0-dev libcairo2-dev")
# the kiosk's printed receipt (issue 17): libqrencode (pkg-config) and libcups, which on Debian 12
# ships no cups.pc, so CMake's FindCups finds it (Cups::Cups)
hrc_require_pkgconfig(qrencode libqrencode libqrencode-dev)
hrc_require_cmake_package(Cups libcups2-dev)
find_package(OpenSSL QUIET)
if(NOT OpenSSL_FOUND)
  message(FATAL_ERROR "OpenSSL was not found. Install it with: sudo apt-get install libssl-dev")
endif()
if(NOT EXISTS /usr/include/httplib.h)
  find_path(HRC_HTTPLIB_INCLUDE httplib.h)
  if(NOT HRC_HTTPLIB_INCLUDE)
    message(FATAL_ERROR "cpp-httplib (httplib.h) was not found. Install it with: sudo apt-get install libcpp-httplib-dev")
  endif()
endif()
# tests
if(HRC_TESTS)
  find_package(Catch2 2.13 QUIET)
  if(NOT Catch2_FOUND)
    message(FATAL_ERROR "Catch2 2.13 was not found. Install it with: sudo apt-get install catch2")
  endif()
  include(Catch)
endif()
# benchmarks compare the store against plain SQLite
if(HRC_BENCH)
  hrc_require_pkgconfig(sqlite3 sqlite3 libsqlite3-dev)
endif()
