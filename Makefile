# Broadsheet: the two commands.
#   make run   - install what is missing, build, serve the demo site on http://127.0.0.1:8080
#   make test  - install what is missing, build, run every test (ctest)
BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc)
# Warnings are errors in CI.
WERROR ?= $(if $(CI),ON,OFF)
RUN_ARGS ?=

.PHONY: all deps configure build run test bench bench-web bench-search clean format

all: build

deps:
	@scripts/install-deps

configure: deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DBROADSHEET_WERROR=$(WERROR)

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	$(BUILD_DIR)/broadsheet serve $(RUN_ARGS)

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS) --timeout 300

# bench: the ingest bench; wrk against the reference article page, Broadsheet vs nginx
# serving the same bytes (bench/web-bench -h; WEB_BENCH_ARGS passes options); then search
# over a generated archive, Broadsheet's /search vs SQLite FTS5 (bench/search-bench -h;
# SEARCH_BENCH_ARGS, e.g. --stories 3000000; archives and indexes are kept in
# $(BUILD_DIR)/bench-data and reused).
WEB_BENCH_ARGS ?=
SEARCH_BENCH_ARGS ?=
bench: build
	$(BUILD_DIR)/bench/ingest_bench
	bench/web-bench $(BUILD_DIR)/broadsheet $(WEB_BENCH_ARGS)
	bench/search-bench $(BUILD_DIR)/broadsheet --data-root $(BUILD_DIR)/bench-data $(SEARCH_BENCH_ARGS)

bench-search: build
	bench/search-bench $(BUILD_DIR)/broadsheet --data-root $(BUILD_DIR)/bench-data $(SEARCH_BENCH_ARGS)

bench-web: build
	bench/web-bench $(BUILD_DIR)/broadsheet $(WEB_BENCH_ARGS)

format:
	git ls-files '*.h' '*.cc' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
