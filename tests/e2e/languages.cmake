# The kiosk end to end in other languages (tests/e2e/test_kiosk_languages.cpp): typed on each
# language's keyboard, checked against the catalogs, headings compared with hb-view. Included from
# tests/CMakeLists.txt after the hb-view comparison library (hb_view_compare.cmake).
if(TARGET hrc-kiosk AND TARGET hrc_hb_view_compare)
  # test_kiosk_inclusion.cpp: issue 14's recorded Somali messages and on-screen contrast.
  add_executable(hrc_kiosk_language_tests e2e/test_kiosk_languages.cpp e2e/test_kiosk_inclusion.cpp unit/main.cpp)
  target_link_libraries(hrc_kiosk_language_tests PRIVATE hrc_e2e_driver hrc_hb_view_compare hrc_kiosk_model hrc_text
                        hrc_core hrc_test_support hrc_build_flags Catch2::Catch2 hrc::sodium hrc::sndfile)
  target_compile_definitions(hrc_kiosk_language_tests PRIVATE
    HRC_SOURCE_DIR="${PROJECT_SOURCE_DIR}" HRC_BINARY_DIR="${PROJECT_BINARY_DIR}"
    HRC_KIOSK_EXE="$<TARGET_FILE:hrc-kiosk>"
    HRC_ADMIN_EXE="$<TARGET_FILE:hrc-admin>"
    HRC_TEST_CENTRAL_KEYS_EXE="$<TARGET_FILE:hrc-test-central-keys>")
  add_dependencies(hrc_kiosk_language_tests hrc-kiosk hrc-admin hrc-test-central-keys hrc_catalogs)
  catch_discover_tests(hrc_kiosk_language_tests EXTRA_ARGS --warn NoTests TEST_PREFIX "e2e: " PROPERTIES TIMEOUT 900 RUN_SERIAL TRUE)
endif()
