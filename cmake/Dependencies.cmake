# Every third-party library Broadsheet links, all from Debian packages
# (scripts/install-deps installs them).
set(THREADS_PREFER_PTHREAD_FLAG ON)
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(CLI11 REQUIRED)
find_package(date REQUIRED)
find_package(CURL REQUIRED)
find_package(ZLIB REQUIRED)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(GUMBO REQUIRED IMPORTED_TARGET gumbo)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
# libvips (image renditions): linked privately by bs_media, included only by media/renditions.cc.
pkg_check_modules(VIPS REQUIRED IMPORTED_TARGET vips)
# Xapian (search): linked privately by bs_search, included only by src/search/*.cc.
pkg_check_modules(XAPIAN REQUIRED IMPORTED_TARGET xapian-core)
# cmark-gfm (Markdown of staff stories): linked privately by bs_newsroom, included only by
# newsroom/markdown.cc. Debian's libcmark-gfm.pc lists the extensions library too.
pkg_check_modules(CMARK_GFM REQUIRED IMPORTED_TARGET libcmark-gfm)
pkg_check_modules(BROTLIENC REQUIRED IMPORTED_TARGET libbrotlienc)
pkg_check_modules(BROTLIDEC REQUIRED IMPORTED_TARGET libbrotlidec)
find_package(pugixml REQUIRED)
if(BROADSHEET_TESTS)
    find_package(GTest REQUIRED)
endif()
