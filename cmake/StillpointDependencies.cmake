# Every dependency comes from a Debian 12 package (scripts/setup-debian.sh installs them).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(SDL2 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(fmt REQUIRED)

pkg_check_modules(OPENAL REQUIRED IMPORTED_TARGET openal)
pkg_check_modules(SNDFILE REQUIRED IMPORTED_TARGET sndfile)
pkg_check_modules(EBUR128 REQUIRED IMPORTED_TARGET libebur128)
pkg_check_modules(OPUSFILE REQUIRED IMPORTED_TARGET opusfile)
pkg_check_modules(SOXR REQUIRED IMPORTED_TARGET soxr)
pkg_check_modules(TINYXML2 REQUIRED IMPORTED_TARGET tinyxml2)
pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET libavformat libavcodec libswresample libavutil)
pkg_check_modules(TOMLPLUSPLUS REQUIRED IMPORTED_TARGET tomlplusplus)

# Dear ImGui: Debian ships a static lib with the SDL2 platform backend; the SDL_Renderer backend
# ships only as source, compiled here.
find_library(IMGUI_LIBRARY NAMES imgui REQUIRED)
find_library(STB_LIBRARY NAMES stb REQUIRED)
set(IMGUI_SDLRENDERER_SOURCE /usr/share/doc/libimgui-dev/examples/backends/imgui_impl_sdlrenderer.cpp)
if(NOT EXISTS ${IMGUI_SDLRENDERER_SOURCE})
  message(FATAL_ERROR "Missing ${IMGUI_SDLRENDERER_SOURCE}: install libimgui-dev (scripts/setup-debian.sh)")
endif()
add_library(imgui_sdlrenderer STATIC ${IMGUI_SDLRENDERER_SOURCE})
target_include_directories(imgui_sdlrenderer PUBLIC /usr/include/imgui /usr/include/imgui/backends)
target_link_libraries(imgui_sdlrenderer PUBLIC ${IMGUI_LIBRARY} ${STB_LIBRARY} SDL2::SDL2)
add_library(Stillpoint::imgui ALIAS imgui_sdlrenderer)

if(STILLPOINT_BUILD_TESTS)
  find_package(GTest REQUIRED)
  include(GoogleTest)
endif()
