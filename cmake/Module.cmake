# Warnings for every Broadsheet target, on one interface target.
add_library(broadsheet_warnings INTERFACE)
target_compile_options(broadsheet_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
    -Woverloaded-virtual -Wimplicit-fallthrough
    # Designated initializers that leave members at their defaults are intended.
    -Wno-missing-field-initializers
    # GCC 12 reports false positives at -O2/-O3 inside std::string and third-party headers
    # (GCC bug 105329 for -Wrestrict; -Wnull-dereference in asio and mustache;
    # -Wfree-nonheap-object on std::string inside std::variant, as in Result<T>).
    $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict -Wno-free-nonheap-object>)
if(BROADSHEET_WERROR)
    target_compile_options(broadsheet_warnings INTERFACE -Werror)
endif()

# broadsheet_module(NAME SOURCES ... [DEPS ...] [TESTS ...] [TEST_DEPS ...])
# Declares the static library `bs_<NAME>` and one test executable per module
# (`<NAME>_test`) from the `*_test.cc` files that sit beside the code.
function(broadsheet_module name)
    cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;TESTS;TEST_DEPS" ${ARGN})
    add_library(bs_${name} STATIC ${ARG_SOURCES})
    target_include_directories(bs_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(bs_${name} PUBLIC ${ARG_DEPS} PRIVATE broadsheet_warnings)
    if(BROADSHEET_TESTS AND ARG_TESTS)
        add_executable(${name}_test ${ARG_TESTS})
        target_link_libraries(${name}_test PRIVATE bs_${name} ${ARG_TEST_DEPS}
                              GTest::gtest_main GTest::gmock broadsheet_warnings)
        target_compile_definitions(${name}_test PRIVATE
            BROADSHEET_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
            BROADSHEET_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared")
        gtest_discover_tests(${name}_test DISCOVERY_TIMEOUT 30
                             PROPERTIES ENVIRONMENT "TZ=UTC")
    endif()
endfunction()
