# What `cmake --install` installs and what CPack makes of it, with each
# platform's conventions:
#   Linux    bin/wstrace, share/man/man1/wstrace.1, share/doc/wstrace/
#            (README.md, LICENSE, docs/*.md); `cpack` makes the Debian
#            package wstrace_VERSION-1_ARCH.deb (dependencies from
#            dpkg-shlibdeps: libc6, libcjson1).
#   Windows  wstrace.exe, README.md, LICENSE and docs/*.md at the top of
#            the tree; `cpack` makes wstrace-VERSION-win64.zip.
# tests/package (Linux) and tests/windows (the zip) check what comes out.
include(GNUInstallDirs)

file(GLOB WST_DOC_PAGES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/*.md)

# The manual page: docs/wstrace.1.in with the version filled in.
set(WST_MAN_PAGE ${CMAKE_BINARY_DIR}/wstrace.1)
configure_file(${PROJECT_SOURCE_DIR}/docs/wstrace.1.in ${WST_MAN_PAGE} @ONLY)

if(WIN32)
  install(TARGETS wstrace RUNTIME DESTINATION .)
  install(FILES README.md LICENSE DESTINATION .)
  install(FILES ${WST_DOC_PAGES} DESTINATION docs)
else()
  install(TARGETS wstrace RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(FILES ${WST_MAN_PAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  install(FILES README.md LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR})
  install(FILES ${WST_DOC_PAGES} DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)
endif()

set(CPACK_PACKAGE_NAME wstrace)
set(CPACK_PACKAGE_VENDOR "The wstrace developers")
set(CPACK_PACKAGE_CONTACT "The wstrace developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "see what programs do with sockets on Windows (Winsock-AFD ETW events)")
# The Debian control file keeps the line breaks: lines under 80 columns.
string(CONCAT CPACK_PACKAGE_DESCRIPTION
  "wstrace decodes the Microsoft-Windows-Winsock-AFD events of ETW captures\n"
  "(.etl files from any Windows version, read on any OS) into text or JSON\n"
  "lines, and follows every socket by its endpoint: process id, local and\n"
  "remote address, connect latency, bytes, errors. On Windows it also\n"
  "captures live.")
# Packages carry the program without its debug information.
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_CHECKSUM SHA256)
# Source tarballs come from `git archive`, which names their commit
# (cmake/version.cmake), not from CPack.
set(CPACK_SOURCE_GENERATOR "")

if(WIN32)
  set(CPACK_GENERATOR ZIP)
  if(CMAKE_SIZEOF_VOID_P EQUAL 8)
    set(CPACK_PACKAGE_FILE_NAME wstrace-${PROJECT_VERSION}-win64)
  else()
    set(CPACK_PACKAGE_FILE_NAME wstrace-${PROJECT_VERSION}-win32)
  endif()
else()
  set(CPACK_GENERATOR DEB)
  set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
  set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
  set(CPACK_DEBIAN_PACKAGE_SECTION net)
  # Depends: computed from the program's libraries (libc6, libcjson1),
  # with the versions this build needs.
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
endif()
include(CPack)
