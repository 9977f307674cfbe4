# cmake -DPROGRAM=… -DFORBIDDEN="regex" -P check_not_linked.cmake
#
# Fails if PROGRAM's dynamic section names a library matching FORBIDDEN: hrc-kiosk must not load the
# receipt printing libraries at start (they live in hrc-receipt-print.so, loaded on the first
# print: kiosk/receipt/include/hrc_receipt/print_module.h), nor the speech libraries (in
# hrc-speech.so, loaded on the first read-aloud: kiosk/speech/read_aloud.h).
execute_process(COMMAND readelf -d "${PROGRAM}" OUTPUT_VARIABLE dynamic RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "readelf -d ${PROGRAM} failed (${result})")
endif()
string(REGEX MATCHALL "\\(NEEDED\\)[^\n]*\\[[^]]*\\]" needed "${dynamic}")
if(NOT needed)
  message(FATAL_ERROR "no NEEDED entries read from ${PROGRAM}: is it a dynamic executable?")
endif()
set(found "")
foreach(line IN LISTS needed)
  if(line MATCHES "${FORBIDDEN}")
    list(APPEND found "${line}")
  endif()
endforeach()
if(found)
  message(FATAL_ERROR "${PROGRAM} links libraries it must load only when they are first used:\n${found}")
endif()
list(LENGTH needed count)
message(STATUS "${PROGRAM}: ${count} libraries, none matching ${FORBIDDEN}")
