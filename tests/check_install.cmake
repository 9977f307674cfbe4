# cmake -DBINARY_DIR=… -DEXPECTED=packaging/installed-files.txt -DWORK=… -P check_install.cmake
#
# Installs the build into an empty DESTDIR with --prefix /usr (as the Debian packages will) and
# fails unless the installed files are exactly those listed in EXPECTED: a file missing from the
# install, or installed but not listed, is named. Update the list when the install rules change.
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
execute_process(COMMAND ${CMAKE_COMMAND} -E env "DESTDIR=${WORK}" ${CMAKE_COMMAND} --install "${BINARY_DIR}" --prefix /usr
                RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${result}):\n${output}")
endif()
file(GLOB_RECURSE installed LIST_DIRECTORIES false RELATIVE "${WORK}" "${WORK}/*")
list(TRANSFORM installed PREPEND "/")
list(SORT installed)
file(STRINGS "${EXPECTED}" expected)
list(SORT expected)
set(missing ${expected})
list(REMOVE_ITEM missing ${installed})
set(extra ${installed})
list(REMOVE_ITEM extra ${expected})
if(missing OR extra)
  string(REPLACE ";" "\n  " missing_text "${missing}")
  string(REPLACE ";" "\n  " extra_text "${extra}")
  message(FATAL_ERROR "the installed tree differs from ${EXPECTED}\nlisted but not installed:\n  ${missing_text}\n"
                      "installed but not listed:\n  ${extra_text}")
endif()
list(LENGTH installed count)
message(STATUS "installed exactly the ${count} files listed in ${EXPECTED}")
file(REMOVE_RECURSE "${WORK}")
