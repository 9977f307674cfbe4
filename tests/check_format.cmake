# The tree's C++ follows .clang-format: runs `clang-format --dry-run -Werror` on every .cpp, .h and
# .hpp under core/, kiosk/, sync/, tests/ and bench/ (the files as they are now, so a new file is
# checked without re-running cmake) and fails naming each file that is not formatted and how to fix
# it. Called by the ctest "structure: every C++ file is formatted as .clang-format says".
#
# Variables: SOURCE_DIR (the project's top folder), CLANG_FORMAT (the program).
# Exit: 0 all formatted; FATAL_ERROR (ctest: failed) otherwise, or when clang-format cannot run.
if(NOT SOURCE_DIR OR NOT CLANG_FORMAT)
  message(FATAL_ERROR "usage: cmake -DSOURCE_DIR=<top> -DCLANG_FORMAT=<clang-format> -P check_format.cmake")
endif()
set(files)
foreach(dir core kiosk sync tests bench)
  file(GLOB_RECURSE found LIST_DIRECTORIES false
       "${SOURCE_DIR}/${dir}/*.cpp" "${SOURCE_DIR}/${dir}/*.h" "${SOURCE_DIR}/${dir}/*.hpp")
  list(APPEND files ${found})
endforeach()
list(LENGTH files count)
if(count LESS 50)
  message(FATAL_ERROR "only ${count} C++ files found under ${SOURCE_DIR}: is SOURCE_DIR the project's top folder?")
endif()
set(unformatted)
foreach(file IN LISTS files)
  execute_process(COMMAND "${CLANG_FORMAT}" --dry-run -Werror "--style=file" "${file}"
                  WORKING_DIRECTORY "${SOURCE_DIR}"
                  RESULT_VARIABLE result OUTPUT_QUIET ERROR_VARIABLE diagnostics)
  if(NOT result EQUAL 0)
    file(RELATIVE_PATH relative "${SOURCE_DIR}" "${file}")
    list(APPEND unformatted "${relative}")
    string(SUBSTRING "${diagnostics}" 0 600 first_lines)
    message("${first_lines}")
  endif()
endforeach()
if(unformatted)
  list(LENGTH unformatted bad)
  list(JOIN unformatted "\n  " listing)
  message(FATAL_ERROR "${bad} of ${count} C++ files are not formatted as .clang-format says:\n  ${listing}\n"
                      "Fix them with: clang-format -i <file> (from the project's top folder), then look at the diff.")
endif()
message(STATUS "all ${count} C++ files are formatted as .clang-format says")
