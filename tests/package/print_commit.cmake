# cmake -DSOURCE_DIR=DIR -P print_commit.cmake: prints the commit
# cmake/version.cmake finds for a source tree in DIR (tests/package/version.sh).
include(${SOURCE_DIR}/cmake/version.cmake)
wstrace_commit(commit "${SOURCE_DIR}")
message("${commit}")
