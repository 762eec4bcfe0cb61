# Install rules for the SDK: `cmake --install build --prefix P` gives
#   P/bin/runner                          the runner
#   P/lib/bplab/plugins/*.so              the built-in plugins, where the runner looks first
#   P/include/bplab/*.hpp                 the plugin SDK headers
#   P/share/bplab/data/                   the data files and their licence note; the runner
#                                         looks up relative dataset paths such as data/... in
#                                         P/share/bplab
#   P/lib/cmake/bplab/                    the CMake package: find_package(bplab) defines
#                                         bplab::sdk, bplab::runner and bplab_add_plugin()
# The plugin and data folders are spelled out rather than taken from GNUInstallDirs, because
# the runner derives them from its own path (bin/../lib/bplab/plugins, bin/../share/bplab) and
# a libdir such as lib64 would hide them from it.
include(CMakePackageConfigHelpers)

set(BPLAB_CMAKE_INSTALL_DIR lib/cmake/bplab)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/framework/include/bplab
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.hpp")

install(FILES
          ${PROJECT_SOURCE_DIR}/data/README.md
          ${PROJECT_SOURCE_DIR}/data/SHA256SUMS
          ${PROJECT_SOURCE_DIR}/data/data_banknote_authentication.txt
          ${PROJECT_SOURCE_DIR}/data/ccpp_Folds5x2_pp.csv
        DESTINATION share/bplab/data)

install(TARGETS bplab_sdk EXPORT bplabTargets)
install(EXPORT bplabTargets NAMESPACE bplab:: DESTINATION ${BPLAB_CMAKE_INSTALL_DIR})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/bplabConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/cmake/bplabConfig.cmake
                              INSTALL_DESTINATION ${BPLAB_CMAKE_INSTALL_DIR}
                              PATH_VARS BPLAB_PLUGIN_INSTALL_DIR)
# A plugin is bound to the SDK's ABI, which may change with any minor release before 1.0.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/cmake/bplabConfigVersion.cmake
                                 VERSION ${PROJECT_VERSION}
                                 COMPATIBILITY SameMinorVersion)
install(FILES
          ${PROJECT_BINARY_DIR}/cmake/bplabConfig.cmake
          ${PROJECT_BINARY_DIR}/cmake/bplabConfigVersion.cmake
          ${PROJECT_SOURCE_DIR}/cmake/bplab_plugin.cmake
        DESTINATION ${BPLAB_CMAKE_INSTALL_DIR})
