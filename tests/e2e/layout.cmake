# No tappable item on top of another, in any language, text size or window size (issue 14 item 1;
# tests/e2e/test_kiosk_layout.cpp). ctest runs a slice; scripts/layout-matrix runs every case.
if(TARGET hrc-kiosk)
  add_executable(hrc_kiosk_layout_tests e2e/test_kiosk_layout.cpp unit/main.cpp)
  target_link_libraries(hrc_kiosk_layout_tests PRIVATE hrc_e2e_driver hrc_core hrc_test_support hrc_build_flags
                        Catch2::Catch2 hrc::sodium)
  target_compile_definitions(hrc_kiosk_layout_tests PRIVATE
    HRC_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    HRC_KIOSK_EXE="$<TARGET_FILE:hrc-kiosk>"
    HRC_ADMIN_EXE="$<TARGET_FILE:hrc-admin>"
    HRC_TEST_CENTRAL_KEYS_EXE="$<TARGET_FILE:hrc-test-central-keys>")
  add_dependencies(hrc_kiosk_layout_tests hrc-kiosk hrc-admin hrc-test-central-keys hrc_catalogs)
  catch_discover_tests(hrc_kiosk_layout_tests EXTRA_ARGS --warn NoTests TEST_PREFIX "e2e: " PROPERTIES TIMEOUT 600 RUN_SERIAL TRUE)
endif()
