# SPDX-License-Identifier: GPL-3.0-or-later
# Included by the install script (etc/CMakeLists.txt): writes moved.service
# from its template with @BINDIR@ = the installed bin directory, taken from
# the prefix being installed to (CMAKE_INSTALL_PREFIX at install time).
#   in: MOVE_BINDIR (relative to the prefix, or absolute), MOVE_UNIT_IN, MOVE_UNIT_OUT
if(IS_ABSOLUTE "${MOVE_BINDIR}")
  set(BINDIR "${MOVE_BINDIR}")
else()
  set(BINDIR "${CMAKE_INSTALL_PREFIX}/${MOVE_BINDIR}")
endif()
cmake_path(NORMAL_PATH BINDIR)
string(REGEX REPLACE "(.)/$" "\\1" BINDIR "${BINDIR}")
configure_file("${MOVE_UNIT_IN}" "${MOVE_UNIT_OUT}" @ONLY)
