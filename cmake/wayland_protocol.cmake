# SPDX-License-Identifier: GPL-3.0-or-later
# wayland_protocol(TARGET XML SIDE): runs wayland-scanner on a protocol XML and
# adds the generated code (compiled as C) and header to TARGET. SIDE is
# "client" or "server"; the header is <stem>-<SIDE>-protocol.h in
# ${CMAKE_CURRENT_BINARY_DIR}/wayland, which is added to TARGET's include path.
find_program(WAYLAND_SCANNER wayland-scanner REQUIRED)
pkg_get_variable(WAYLAND_PROTOCOLS_DIR wayland-protocols pkgdatadir)
if(NOT WAYLAND_PROTOCOLS_DIR)
  message(FATAL_ERROR "wayland-protocols not found (Debian: wayland-protocols)")
endif()

function(wayland_protocol target xml side)
  get_filename_component(stem ${xml} NAME_WE)
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/wayland)
  set(header ${dir}/${stem}-${side}-protocol.h)
  set(code ${dir}/${stem}-protocol.c)
  add_custom_command(
    OUTPUT ${header} ${code}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND ${WAYLAND_SCANNER} ${side}-header ${xml} ${header}
    COMMAND ${WAYLAND_SCANNER} private-code ${xml} ${code}
    DEPENDS ${xml}
    COMMENT "wayland-scanner ${stem} (${side})"
    VERBATIM)
  target_sources(${target} PRIVATE ${header} ${code})
  target_include_directories(${target} PRIVATE ${dir})
endfunction()
