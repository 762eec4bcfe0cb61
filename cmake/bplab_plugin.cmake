# bplab_add_plugin(NAME SOURCES...): builds one plugin as a shared library that the runner can
# load, with only the Boost.DLL aliases exported.
#
# In Backprop Lab's own build the file is <NAME>.so in the plugin folder of the build tree
# (BPLAB_PLUGIN_OUTPUT_DIR), and `cmake --install` puts it in <prefix>/lib/bplab/plugins. In a
# project that uses the installed SDK through find_package(bplab), the file lands in the current
# build folder (or CMAKE_LIBRARY_OUTPUT_DIRECTORY when set), so `runner --plugins <that folder>`
# finds it, and `cmake --install` puts it in <prefix>/lib/bplab/plugins as well.
function(bplab_add_plugin name)
  add_library(${name} MODULE ${ARGN})
  target_link_libraries(${name} PRIVATE bplab::sdk)
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(DEFINED BPLAB_PLUGIN_OUTPUT_DIR)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${BPLAB_PLUGIN_OUTPUT_DIR})
  endif()
  set_property(GLOBAL APPEND PROPERTY BPLAB_PLUGIN_TARGETS ${name})
  if(DEFINED BPLAB_PLUGIN_INSTALL_DIR)
    install(TARGETS ${name} LIBRARY DESTINATION ${BPLAB_PLUGIN_INSTALL_DIR})
  endif()
endfunction()
