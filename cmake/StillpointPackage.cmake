# The Debian package (`cpack --preset release`, or scripts/package.sh): what `cmake --install` installs,
# its version from project(), its dependencies computed from the shared libraries it links
# (dpkg-shlibdeps) plus the fonts the panel draws with.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME stillpoint)
set(CPACK_PACKAGE_VENDOR "Stillpoint maintainers")
set(CPACK_PACKAGE_CONTACT "Stillpoint maintainers <maintainers@users.noreply.h-seed-344e27c6.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "music and setting for ketamine-assisted therapy sessions")
set(CPACK_PACKAGE_DESCRIPTION
    "Stillpoint runs the music and setting of ketamine-assisted (and other
psychedelic-assisted) therapy sessions. A clinic authors a program: phases
with planned durations, tracks, crossfades, calmer alternates and a
grounding track. Stillpoint plays it on the audio clock, gaplessly and
click-free, every track normalised to the program's loudness and never above
its volume ceiling, while the therapist advances, extends or holds a phase,
talks over the music, silences it, or swaps to something calmer in one
action, from an operator panel; a dark, slow patient display can run on a
second screen.
.
Everything that happens is journaled, crash-safe, and turned into a report
for the integration sessions afterwards. The package includes clinic
programs for several routes and a demo music library.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # stillpoint_VERSION_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_SECTION sound)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://stillpoint.example.org")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-dejavu-core")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Directories 0755 whatever the builder's umask.
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

include(CPack)
