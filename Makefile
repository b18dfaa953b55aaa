# Lucid386 top-level Makefile.
#
# Everything builds into build/. Each directory contributes a .mk fragment that
# appends to the variables below; this file only sets flags and the top targets.
#
#   make        build the emulator, the firmware, the guest kernel and the default image
#   make run    build, then boot the default image
#   make test   build and run every test (check-layers too, as group 12);
#               ends with "N passed, N failed"
#   make test-cpu  only the processor's tests (tests/tests.mk)
#   make bench  run the benchmarks and print their figures
#   make fuzz [FUZZ_SECONDS=N]  AFL++ on every parser, N seconds each (tests/fuzz/fuzz.mk)
#   make deps   install missing Debian packages (as root), or say what to install
#   make install PREFIX=DIR   install lucid, its data files and docs under DIR

.DEFAULT_GOAL := all
SHELL := /bin/bash
B := build

# Host libraries, found with pkg-config.
PKGS := sdl2 libelf libdw zlib capstone libpng libcrypto libedit
TEST_PKGS := criterion unicorn

HOST_CC ?= gcc
HOST_CFLAGS := -std=c11 -O2 -g -Wall -Wextra -Wno-unused-parameter \
	-D_GNU_SOURCE -MMD -MP -I. $(EXTRA_CFLAGS)
# pkg-config is asked lazily (=) so that `make deps` works before it is installed.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
TEST_LIBS = $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)

# Guest (freestanding i386) code.
GUEST_CC := gcc -m32
GUEST_CFLAGS := -m32 -march=i686 -ffreestanding -nostdlib -fno-pic -fno-pie \
	-fno-stack-protector -fno-asynchronous-unwind-tables -fno-builtin \
	-O2 -g -Wall -Wextra -Wno-unused-parameter -MMD -MP
GUEST_ASFLAGS := -m32 -g -MMD -MP
GUEST_LD := ld -m elf_i386

LIBLUCID := $(B)/liblucid.a

# Fragments append to these.
LIB_SRCS :=		# C files that go into build/liblucid.a
ALL_TARGETS :=		# what `make` builds
BENCH_TARGETS :=	# what `make bench` needs built first
TEST_TARGETS :=		# what `make test` needs built first

include emu/emu.mk
include devices/devices.mk
include debugger/debugger.mk
include guest/guest.mk
include images/images.mk
include tests/tests.mk

LIB_OBJS := $(LIB_SRCS:%.c=$(B)/host/%.o)

$(LIBLUCID): $(LIB_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(B)/host/%.o: %.c | check-tools
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) $(PKG_CFLAGS) -c $< -o $@

.PHONY: all run test bench deps clean check-tools check-layers help install soak
all: $(ALL_TARGETS)

# Missing host tools or libraries: one clear line instead of a compiler error.
check-tools:
	@scripts/check-tools.sh

deps:
	@scripts/deps.sh

# Includes must follow the layer order of docs/ARCHITECTURE.md; make test runs
# it too (tests/groups/12-layers.sh, which also shows it catches a bad include).
check-layers:
	@scripts/check-layers.sh

run: deps
	@$(MAKE) --no-print-directory all
	@scripts/run.sh

test: deps
	@$(MAKE) --no-print-directory all $(TEST_TARGETS)
	@tests/run-all.sh

bench: deps
	@$(MAKE) --no-print-directory all $(BENCH_TARGETS)
	@scripts/bench.sh

# make soak: the soak for an hour of virtual time (SOAK_SECONDS to change it).
soak: deps
	@$(MAKE) --no-print-directory all
	@SOAK_SECONDS=$${SOAK_SECONDS:-3600} bash scripts/bench.d/soak.sh

clean:
	rm -rf $(B)

# make install PREFIX=DIR (default /usr/local; DESTDIR for staging):
#   DIR/bin/lucid, its data files in DIR/share/lucid/ with the same layout as
#   in build/ (where lucid looks, relative to its own executable: see
#   emu/ui/datadir.h), and the documentation in DIR/share/doc/lucid/.
PREFIX ?= /usr/local
INSTALL_DATA := bios/bios.bin bios/bios.elf guest/bzImage guest/lucix.elf images/lucid.img
INSTALL_DOCS := README.md $(wildcard docs/*.md)
install: all
	@dir="$(DESTDIR)$(PREFIX)"; set -e; \
	install -d "$$dir/bin" "$$dir/share/lucid" "$$dir/share/doc/lucid"; \
	install -m 755 $(LUCID) "$$dir/bin/lucid"; \
	for f in $(INSTALL_DATA); do install -D -m 644 $(B)/$$f "$$dir/share/lucid/$$f"; done; \
	install -m 644 $(INSTALL_DOCS) "$$dir/share/doc/lucid/"; \
	echo "installed $$dir/bin/lucid, its data in $$dir/share/lucid, docs in $$dir/share/doc/lucid"

help:
	@echo "targets: all (default), run, test, test-cpu, check-layers, bench, deps, clean, install, fuzz, fuzz-diff, test-asan"

# A target nobody defines: say so plainly.
.DEFAULT:
	@echo "make: no rule to make '$@' (targets: all run test bench deps clean install help)" >&2; exit 2

-include $(shell find $(B) -name '*.d' 2>/dev/null)
