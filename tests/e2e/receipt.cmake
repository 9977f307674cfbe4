# Printing the reference from the real kiosk window (tests/e2e/test_kiosk_receipt.cpp): a real
# cupsd of the test's own (tests/support/cupsd_server.h, built by tests/receipt). Included from
# tests/CMakeLists.txt after tests/receipt.
if(TARGET hrc-kiosk AND TARGET hrc_cupsd_server)
  add_executable(hrc_kiosk_receipt_tests e2e/test_kiosk_receipt.cpp unit/main.cpp)
  target_link_libraries(hrc_kiosk_receipt_tests PRIVATE hrc_e2e_driver hrc_cupsd_server hrc_kiosk_model
                        hrc_core hrc_test_support hrc_build_flags Catch2::Catch2 hrc::sodium)
  target_compile_definitions(hrc_kiosk_receipt_tests PRIVATE
    HRC_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    HRC_KIOSK_EXE="$<TARGET_FILE:hrc-kiosk>"
    HRC_ADMIN_EXE="$<TARGET_FILE:hrc-admin>"
    HRC_TEST_CENTRAL_KEYS_EXE="$<TARGET_FILE:hrc-test-central-keys>")
  add_dependencies(hrc_kiosk_receipt_tests hrc-kiosk hrc-admin hrc-test-central-keys hrc_catalogs)
  catch_discover_tests(hrc_kiosk_receipt_tests EXTRA_ARGS --warn NoTests TEST_PREFIX "e2e: " PROPERTIES TIMEOUT 600 RUN_SERIAL TRUE)
endif()
