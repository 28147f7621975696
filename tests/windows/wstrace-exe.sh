#!/bin/sh
# wstrace.exe as a command for the shell tests: WST_EXE run under
# WST_EMULATOR (wine-run.sh), both set by ctest (tests/windows/CMakeLists.txt).
exec "${WST_EMULATOR:?}" "${WST_EXE:?}" "$@"
