# Broadsheet: the two commands.
#   make run   - install what is missing, build, serve the demo site on http://127.0.0.1:8080
#   make test  - install what is missing, build, run every test (ctest)
BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc)
# Warnings are errors in CI.
WERROR ?= $(if $(CI),ON,OFF)
RUN_ARGS ?=

.PHONY: all deps configure build run test bench bench-web clean format

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

# bench: the ingest bench, then wrk against the reference article page, Broadsheet vs nginx
# serving the same bytes (bench/web-bench -h for options; WEB_BENCH_ARGS passes them).
WEB_BENCH_ARGS ?=
bench: build
	$(BUILD_DIR)/bench/ingest_bench
	bench/web-bench $(BUILD_DIR)/broadsheet $(WEB_BENCH_ARGS)

bench-web: build
	bench/web-bench $(BUILD_DIR)/broadsheet $(WEB_BENCH_ARGS)

format:
	git ls-files '*.h' '*.cc' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
