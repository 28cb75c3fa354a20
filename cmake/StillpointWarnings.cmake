# Warnings are errors for the project's own code (not for third-party sources compiled in).
function(stillpoint_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Werror -Wshadow -Wconversion-null)
endfunction()
