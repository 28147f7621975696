# CMake toolchain file: 64-bit Windows executables with Debian's mingw-w64
# cross compiler (gcc-mingw-w64-x86-64).
#
#   cmake -S . -B build-win -DCMAKE_TOOLCHAIN_FILE=tests/windows/mingw-w64-x86_64.cmake
#
# Libraries for the target (cJSON, cmocka) are looked up in the mingw
# sysroot and in CMAKE_PREFIX_PATH (tests/windows/cross-deps.sh installs
# them there); programs (python3, sh) come from the host.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(WST_MINGW_TRIPLE x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${WST_MINGW_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${WST_MINGW_TRIPLE}-g++)
set(CMAKE_RC_COMPILER ${WST_MINGW_TRIPLE}-windres)

# Target libraries and headers come only from the roots: the mingw sysroot
# and the prefixes given in CMAKE_PREFIX_PATH (where cross-deps.sh put the
# cross-built deps), never from the host's /usr (libcjson-dev there is for
# Linux).
set(CMAKE_FIND_ROOT_PATH /usr/${WST_MINGW_TRIPLE} ${CMAKE_PREFIX_PATH})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# C99 printf (%zu, %llu, %lld) from mingw-w64's own stdio: msvcrt.dll's
# printf does not know %z.
set(CMAKE_C_FLAGS_INIT "-D__USE_MINGW_ANSI_STDIO=1")

# No DLLs of the compiler's runtime to ship next to wstrace.exe.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc")

# Tests run under 64-bit Wine through a wrapper that keeps Wine's prefix in
# the build tree and its debug output quiet.
set(CMAKE_CROSSCOMPILING_EMULATOR ${CMAKE_CURRENT_LIST_DIR}/wine-run.sh)
