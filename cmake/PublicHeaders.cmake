# Each library sees the headers of what it links and nothing else: a
# library's public headers are symbolic links under
# ${PROJECT_BINARY_DIR}/include/<name>/<folder>/<header>, and that directory,
# not the source tree, is its include root and its dependents'. An #include
# of a library it may not depend on (DESIGN.md's folder table) does not
# compile.
#
# kensa_public_headers(TARGET NAME HEADER...): HEADERs relative to the
# project's source directory ("scanner/oid.hpp").
function(kensa_public_headers target name)
  set(root ${PROJECT_BINARY_DIR}/include/${name})
  file(REMOVE_RECURSE ${root})
  foreach(header IN LISTS ARGN)
    get_filename_component(folder ${root}/${header} DIRECTORY)
    file(MAKE_DIRECTORY ${folder})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/${header} ${root}/${header} SYMBOLIC)
  endforeach()
  target_include_directories(${target} PUBLIC $<BUILD_INTERFACE:${root}>)
endfunction()

# The headers of one source folder, found anew at every configure.
function(kensa_folder_headers out folder)
  file(GLOB headers CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR}
       ${PROJECT_SOURCE_DIR}/${folder}/*.hpp)
  set(${out} ${headers} PARENT_SCOPE)
endfunction()
