# The project's warnings, for its own code (not for third-party sources compiled in). They are errors
# only with STILLPOINT_WERROR, which the project's presets and CI turn on: someone building the sources
# with another compiler or their own flags gets warnings, not a failed build.
option(STILLPOINT_WERROR "Treat the project's compiler warnings as errors" OFF)

set(STILLPOINT_WARNING_FLAGS -Wall -Wextra -Wpedantic -Wshadow -Wconversion-null)
# GCC 12's libstdc++ lets the optimiser see std::string's _M_replace without the bound that GCC 13 added
# to it (GCC bugs 105329 and 105651): at -O3 (Release) a one-character `"x" + std::string` may then be
# reported as an overlapping memcpy of exabytes, in any file that builds strings so. On that compiler the
# warning says nothing about our code.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  list(APPEND STILLPOINT_WARNING_FLAGS -Wno-restrict)
endif()

function(stillpoint_warnings target)
  target_compile_options(${target} PRIVATE ${STILLPOINT_WARNING_FLAGS} $<$<BOOL:${STILLPOINT_WERROR}>:-Werror>)
endfunction()
