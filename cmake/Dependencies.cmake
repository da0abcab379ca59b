# Every dependency comes from Debian 12 packages (see scripts/setup.sh).
find_package(Eigen3 3.4 REQUIRED NO_MODULE)
find_package(Boost 1.74 REQUIRED COMPONENTS graph)
find_package(TBB REQUIRED)
find_package(HDF5 REQUIRED COMPONENTS C)
find_package(CLI11 REQUIRED)
find_package(tomlplusplus REQUIRED)
find_path(RANDOM123_INCLUDE_DIR Random123/philox.h REQUIRED)
if(RAPPORT_MPI)
  # The C API only: rapport does not use the deprecated C++ bindings.
  find_package(MPI REQUIRED COMPONENTS C)
endif()
if(RAPPORT_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(RAPPORT_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()

add_library(rapport_random123 INTERFACE)
target_include_directories(rapport_random123 SYSTEM INTERFACE ${RANDOM123_INCLUDE_DIR})

add_library(rapport_hdf5 INTERFACE)
target_include_directories(rapport_hdf5 SYSTEM INTERFACE ${HDF5_INCLUDE_DIRS})
target_compile_definitions(rapport_hdf5 INTERFACE ${HDF5_DEFINITIONS})
# Executables link the serial HDF5's static library where there is one. The shared library
# brings its S3 driver's dependencies (curl, TLS, Kerberos, LDAP: some 30 libraries that
# rapport never calls), whose loading and relocation took about 15 ms of every command's
# start; from the static library only the objects rapport calls are linked. The Python
# module keeps the shared library, the one h5py loads into the same interpreter.
set(hdf5_shared_libraries ${HDF5_C_LIBRARIES})
set(hdf5_executable_libraries ${HDF5_C_LIBRARIES})
if(NOT HDF5_IS_PARALLEL AND HDF5_C_LIBRARY_hdf5 MATCHES "\\.so$")
  string(REGEX REPLACE "\\.so$" ".a" hdf5_static_library "${HDF5_C_LIBRARY_hdf5}")
  find_library(HDF5_SZIP_LIBRARY sz)
  find_library(HDF5_ZLIB_LIBRARY z)
  if(EXISTS "${hdf5_static_library}" AND HDF5_SZIP_LIBRARY AND HDF5_ZLIB_LIBRARY)
    set(hdf5_executable_libraries "${hdf5_static_library}" ${HDF5_SZIP_LIBRARY} ${HDF5_ZLIB_LIBRARY} m ${CMAKE_DL_LIBS})
  endif()
endif()
target_link_libraries(rapport_hdf5 INTERFACE
  "$<IF:$<STREQUAL:$<TARGET_PROPERTY:TYPE>,EXECUTABLE>,${hdf5_executable_libraries},${hdf5_shared_libraries}>")
