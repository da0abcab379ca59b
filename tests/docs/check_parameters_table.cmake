# Compares the table between the markers in docs/PARAMETERS.md with the current output
# of `rapport parameters --markdown`. Run by CTest (tests/docs/CMakeLists.txt):
#   cmake -DRAPPORT_EXECUTABLE=<rapport> -DPARAMETERS_DOC=<docs/PARAMETERS.md> -P check_parameters_table.cmake
set(stale_message "docs/PARAMETERS.md is stale: regenerate with rapport parameters --markdown")
set(begin_marker "<!-- BEGIN GENERATED: rapport parameters --markdown -->\n")
set(end_marker "<!-- END GENERATED -->")

foreach(variable RAPPORT_EXECUTABLE PARAMETERS_DOC)
  if(NOT DEFINED ${variable})
    message(FATAL_ERROR "check_parameters_table.cmake: pass -D${variable}=...")
  endif()
endforeach()

execute_process(
  COMMAND "${RAPPORT_EXECUTABLE}" parameters --markdown
  OUTPUT_VARIABLE generated
  ERROR_VARIABLE errors
  RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "'rapport parameters --markdown' failed (${status}): ${errors}")
endif()

file(READ "${PARAMETERS_DOC}" document)
string(FIND "${document}" "${begin_marker}" begin)
string(FIND "${document}" "${end_marker}" end)
if(begin EQUAL -1 OR end EQUAL -1)
  message(FATAL_ERROR "${stale_message} (the marker lines are missing)")
endif()
string(LENGTH "${begin_marker}" begin_length)
math(EXPR table_begin "${begin} + ${begin_length}")
if(end LESS table_begin)
  message(FATAL_ERROR "${stale_message} (the marker lines are out of order)")
endif()
math(EXPR table_length "${end} - ${table_begin}")
string(SUBSTRING "${document}" ${table_begin} ${table_length} documented)

if(NOT documented STREQUAL generated)
  message(FATAL_ERROR "${stale_message}")
endif()
message(STATUS "docs/PARAMETERS.md matches 'rapport parameters --markdown'")
