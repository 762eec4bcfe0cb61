# bplab_add_plugin(NAME SOURCES...): builds one plugin as a shared library that the runner can
# load. The file is <NAME>.so in the plugin folder of the build tree (or, for an out-of-tree
# plugin, in the current build folder), with only the Boost.DLL aliases exported.
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
