# threads-vs-events: one non-recursive Makefile.
#
#   make                 build every server and the load generator into build/
#   make deps            install the Debian packages that are missing (root),
#                        or print the apt-get line (make test and make bench
#                        run it first)
#   make test            lint, unit tests (ASan+UBSan), conformance suite on
#                        every server, TSan runs, peers, browser chat,
#                        loadgen and harness tests (tests/run)
#   make lint            pyflakes3 and shellcheck (tests/run lint)
#   make bench           the standard experiment matrix (QUICK=1, FULL=1)
#   make format          clang-format every C file
#   make fuzz            every libFuzzer harness for FUZZ_S seconds (60)
#   make soak            the soak (scripts/soak.py), SOAK_S seconds a model
#   make compare A=results/<run> B=results/<run>
#                        two runs side by side (Markdown on stdout)
#   make clean
#
# SANITIZE=address,undefined or SANITIZE=thread builds into its own folder,
# build/sanitize-<names>/, so sanitized and plain objects never mix.

# Adding a model: write servers/<name>.c and add <name> here.
# The models, in reading order (README): processes and threads, readiness
# loops, completion rings and coroutines.  Charts list them in this order.
# (One line: tests/run, scripts/*.py and smoke.sh read it with sed.)
MODELS := process-per-conn thread-per-conn thread-pool select poll epoll epoll-per-core libev libevent libuv io-uring coroutines

CC ?= cc
OPT ?= -O2 -g
GIT_REV := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
CFLAGS := -std=c11 -D_GNU_SOURCE $(OPT) -Wall -Wextra -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith -Wvla \
	-Wformat=2 -fno-strict-aliasing -pthread -MMD -MP \
	-DGIT_REV='"$(GIT_REV)"' $(EXTRA_CFLAGS)
LDFLAGS := -pthread $(EXTRA_LDFLAGS)

comma := ,
ifeq ($(SANITIZE),)
BUILD := build
else
BUILD := build/sanitize-$(subst $(comma),-,$(SANITIZE))
CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer
LDFLAGS += -fsanitize=$(SANITIZE)
endif

LIBUV_CFLAGS := $(shell pkg-config --cflags libuv 2>/dev/null)
LIBUV_LIBS := $(shell pkg-config --libs libuv 2>/dev/null || echo -luv)
# libev ships no .pc file on Debian.
LIBEV_CFLAGS := $(shell pkg-config --cflags libev 2>/dev/null)
LIBEV_LIBS := $(shell pkg-config --libs libev 2>/dev/null || echo -lev)
LIBEVENT_CFLAGS := $(shell pkg-config --cflags libevent 2>/dev/null)
LIBEVENT_LIBS := $(shell pkg-config --libs libevent 2>/dev/null || echo -levent)
LIBURING_CFLAGS := $(shell pkg-config --cflags liburing 2>/dev/null)
LIBURING_LIBS := $(shell pkg-config --libs liburing 2>/dev/null || echo -luring)
# liburing before 2.4 has no run-time version call: --about takes this one.
LIBURING_VERSION := $(shell pkg-config --modversion liburing 2>/dev/null)
# The WebSocket handshake (servers/core/ws.c) takes SHA-1 and base64 from
# nettle, so everything that links the core links nettle.
NETTLE_LIBS := $(shell pkg-config --libs nettle 2>/dev/null || echo -lnettle)
# The database endpoints (servers/core/db.c) speak libpq, so everything
# that links the core links libpq too.
LIBPQ_CFLAGS := $(shell pkg-config --cflags libpq 2>/dev/null)
LIBPQ_LIBS := $(shell pkg-config --libs libpq 2>/dev/null || echo -lpq)
CORE_LIBS := $(NETTLE_LIBS) $(LIBPQ_LIBS)

CORE_SRC := $(wildcard servers/core/*.c)
CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/obj/%.o)
SERVERS := $(MODELS:%=$(BUILD)/servers/%)

LOADGEN_SRC := $(wildcard loadgen/*.c)
LOADGEN_OBJ := $(LOADGEN_SRC:%.c=$(BUILD)/obj/%.o)

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
LOADGEN_TEST_SRC := $(wildcard tests/loadgen/*.c)
LOADGEN_TEST_BIN := $(LOADGEN_TEST_SRC:tests/loadgen/%.c=$(BUILD)/tests/%)

.PHONY: all servers loadgen unit clean test lint bench format help deps
# Keep objects (make would delete them as intermediates); never leave a
# half-written target behind a failed command.
.SECONDARY:
.DELETE_ON_ERROR:
all: servers loadgen
servers: $(SERVERS)
loadgen: $(BUILD)/loadgen
unit: $(UNIT_BIN) $(LOADGEN_TEST_BIN)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/obj/servers/core/db.o: CFLAGS += $(LIBPQ_CFLAGS)
$(BUILD)/obj/tests/unit/test_dbset.o: CFLAGS += $(LIBPQ_CFLAGS)
$(BUILD)/obj/servers/libuv.o: CFLAGS += $(LIBUV_CFLAGS)
$(BUILD)/obj/servers/libev.o: CFLAGS += $(LIBEV_CFLAGS)
# libev's headers trip a few of our warnings; they are theirs, not ours.
$(BUILD)/obj/servers/libev.o: CFLAGS += -Wno-strict-prototypes -Wno-shadow
$(BUILD)/obj/servers/libevent.o: CFLAGS += $(LIBEVENT_CFLAGS)
$(BUILD)/obj/servers/io-uring.o: CFLAGS += $(LIBURING_CFLAGS) \
	-DLIBURING_VERSION='"$(LIBURING_VERSION)"'
$(BUILD)/servers/libuv: LDLIBS += $(LIBUV_LIBS)
$(BUILD)/servers/libev: LDLIBS += $(LIBEV_LIBS)
$(BUILD)/servers/libevent: LDLIBS += $(LIBEVENT_LIBS)
$(BUILD)/servers/io-uring: LDLIBS += $(LIBURING_LIBS)

$(BUILD)/servers/%: $(BUILD)/obj/servers/%.o $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(CORE_LIBS)

$(BUILD)/loadgen: $(LOADGEN_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ -lm

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(CORE_LIBS)

# Loadgen unit tests link the loadgen objects except its main().
$(BUILD)/tests/%: $(BUILD)/obj/tests/loadgen/%.o \
		$(filter-out $(BUILD)/obj/loadgen/main.o,$(LOADGEN_OBJ))
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ -lm

deps:
	scripts/install-deps

# make test: everything CI checks, ending in one "N passed, N failed" line.
# The builds go in parallel, one job per CPU; tests/run runs the suites
# that measure no time two at a time, the others alone (its header says
# which and why).
NPROC := $(shell nproc 2>/dev/null || echo 2)
test: deps
	$(MAKE) -j$(NPROC) all
	$(MAKE) -j$(NPROC) SANITIZE=address,undefined unit servers
	$(MAKE) -j$(NPROC) SANITIZE=thread \
		$(MODELS:%=build/sanitize-thread/servers/%)
	$(MAKE) -j$(NPROC) fuzzers
	tests/run

# The static checks alone: Python (pyflakes3) and shell (shellcheck).
lint:
	tests/run lint

# MODELS may be given as a comma list (MODELS=epoll,libuv): build just those.
bench: deps
	$(MAKE) loadgen servers MODELS='$(subst $(comma), ,$(MODELS))'
	scripts/bench

# make fuzz FUZZ_S=N: every libFuzzer harness in tests/fuzz/ for N seconds.
# They build with clang-14 into build/fuzz/, whatever CC is.  The session
# harness plays the model, clock.c's sleeping and CPU burning included, so
# it links the core without clock.c.
FUZZ_S ?= 60
FUZZ_CC ?= clang-14
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -g -O1 -Wall -Wextra \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_CORE_SRC := $(filter-out servers/core/clock.c,$(CORE_SRC))
FUZZERS := build/fuzz/fuzz_session build/fuzz/fuzz_resp

build/fuzz/fuzz_session: tests/fuzz/fuzz_session.c $(FUZZ_CORE_SRC) \
		$(wildcard servers/core/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(LIBPQ_CFLAGS) -o $@ $(filter %.c,$^) \
		$(CORE_LIBS)

build/fuzz/fuzz_resp: tests/fuzz/fuzz_resp.c loadgen/resp.c loadgen/resp.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^)

# make soak SOAK_S=N MODELS=a,b: scripts/soak.py, N seconds per model.
SOAK_S ?= 600

.PHONY: fuzz fuzzers soak
fuzzers: $(FUZZERS)
fuzz: $(FUZZERS)
	tests/fuzz/run $(FUZZ_S)

soak:
	$(MAKE) loadgen servers MODELS='$(subst $(comma), ,$(MODELS))'
	scripts/soak.py --seconds $(SOAK_S) --models '$(subst $(comma), ,$(MODELS))'

# make compare A=results/<run> B=results/<run>: scripts/compare, as
# pyperf's compare_to: ratios per point, marks beyond the noise.
.PHONY: compare
compare:
	@if [ -z '$(A)' ] || [ -z '$(B)' ]; then \
		echo 'usage: make compare A=results/<run> B=results/<run>' >&2; \
		exit 2; fi
	@scripts/compare '$(A)' '$(B)'

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

help:
	@sed -n '2,16p' Makefile

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
