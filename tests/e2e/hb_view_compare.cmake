# Screenshot comparisons against hb-view (tests/e2e/hb_view_compare.h), included at the end of
# tests/CMakeLists.txt:
#   - hrc_hb_view_compare: a STATIC library the end-to-end tests link to compare a region of a
#     screenshot with hb-view's rendering of the same string (independent of the kiosk's text layer);
#   - hrc_hb_view_compare_tests: proves on synthetic screenshots (the kiosk's own CPU renderer, no
#     window) that the comparison passes right text in gu, pa, ur, ar and fails a different string,
#     the wrong font, unshaped text, boxes and a wrapped region. ctest names start
#     "shaping: screenshots: ".
# Run-time tools (Debian): libharfbuzz-bin (hb-view, hb-shape), imagemagick (convert).
find_program(HRC_HB_VIEW hb-view)
find_program(HRC_HB_SHAPE hb-shape)
find_program(HRC_CONVERT convert)
if(NOT HRC_HB_VIEW OR NOT HRC_HB_SHAPE)
  message(FATAL_ERROR "hb-view / hb-shape were not found. Install them with: sudo apt-get install libharfbuzz-bin")
endif()
if(NOT HRC_CONVERT)
  message(FATAL_ERROR "convert was not found. Install it with: sudo apt-get install imagemagick")
endif()

add_library(hrc_hb_view_compare STATIC ${CMAKE_CURRENT_LIST_DIR}/hb_view_compare.cpp)
target_link_libraries(hrc_hb_view_compare PUBLIC hrc_test_support PRIVATE hrc_build_flags nlohmann_json::nlohmann_json)
target_include_directories(hrc_hb_view_compare PUBLIC ${CMAKE_CURRENT_LIST_DIR})
target_compile_definitions(hrc_hb_view_compare PRIVATE
  HRC_HB_VIEW="${HRC_HB_VIEW}" HRC_HB_SHAPE="${HRC_HB_SHAPE}" HRC_CONVERT="${HRC_CONVERT}")

add_executable(hrc_hb_view_compare_tests ${CMAKE_CURRENT_LIST_DIR}/test_hb_view_compare.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../unit/main.cpp)
target_link_libraries(hrc_hb_view_compare_tests PRIVATE hrc_hb_view_compare hrc_text hrc_test_support hrc_build_flags
                      Catch2::Catch2 hrc::sodium)
target_compile_definitions(hrc_hb_view_compare_tests PRIVATE
  HRC_HB_VIEW_COMPARE_OUT="${CMAKE_CURRENT_BINARY_DIR}/hb_view_compare")
catch_discover_tests(hrc_hb_view_compare_tests EXTRA_ARGS --warn NoTests TEST_PREFIX "shaping: screenshots: " PROPERTIES TIMEOUT 600)
