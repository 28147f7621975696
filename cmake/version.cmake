# The commit wstrace is built from, for `wstrace --version` and the Windows
# version resource: wstrace_commit(OUT SOURCE_DIR) sets OUT to, in order,
#   1. WSTRACE_COMMIT when given (-DWSTRACE_COMMIT=..., for builds that know
#      better, such as a distribution's),
#   2. `git rev-parse --short HEAD` when SOURCE_DIR is the top of a git
#      checkout (not a tarball unpacked inside some other repository),
#   3. the hash `git archive` wrote into cmake/commit.txt (export-subst in
#      .gitattributes), for a source tarball made with `git archive`,
#   4. "unknown" (a plain copy of the files).
# Usable from a project and in script mode (cmake -P), where the tests call it.
function(wstrace_commit out source_dir)
  if(WSTRACE_COMMIT)
    set(${out} "${WSTRACE_COMMIT}" PARENT_SCOPE)
    return()
  endif()
  find_package(Git QUIET)
  if(GIT_EXECUTABLE)
    execute_process(COMMAND ${GIT_EXECUTABLE} -C "${source_dir}" rev-parse --show-toplevel --short HEAD
                    OUTPUT_VARIABLE git_out RESULT_VARIABLE git_status ERROR_QUIET
                    OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(git_status EQUAL 0)
      string(REPLACE "\n" ";" git_out "${git_out}")
      list(GET git_out 0 top)
      list(GET git_out 1 hash)
      file(REAL_PATH "${top}" top)
      file(REAL_PATH "${source_dir}" source_real)
      if(top STREQUAL source_real)
        set(${out} "${hash}" PARENT_SCOPE)
        return()
      endif()
    endif()
  endif()
  file(STRINGS "${source_dir}/cmake/commit.txt" archived LIMIT_COUNT 1)
  if(archived MATCHES "^[0-9a-f]+$")
    set(${out} "${archived}" PARENT_SCOPE)
  else()
    set(${out} "unknown" PARENT_SCOPE)
  endif()
endfunction()

# wstrace_reconfigure_on_commit(SOURCE_DIR): the commit is read when CMake
# configures; this makes a build after a commit, checkout or reset configure
# again, so that --version never names a stale commit.
function(wstrace_reconfigure_on_commit source_dir)
  find_package(Git QUIET)
  if(NOT GIT_EXECUTABLE)
    return()
  endif()
  foreach(name HEAD logs/HEAD)
    execute_process(COMMAND ${GIT_EXECUTABLE} -C "${source_dir}" rev-parse --path-format=absolute --git-path ${name}
                    OUTPUT_VARIABLE path RESULT_VARIABLE status ERROR_QUIET
                    OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(status EQUAL 0 AND EXISTS "${path}")
      set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${path}")
    endif()
  endforeach()
endfunction()
