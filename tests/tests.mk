# Tests. Unit tests (Criterion) in tests/unit/*.c link into one binary with
# liblucid.a. Other runners add their own fragment (tests/*/*.mk) and a group
# script in tests/groups/ (sourcing tests/lib.sh) that tests/run-all.sh runs
# and tallies. docs/TESTING.md lists the groups and their numbers.
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_OBJS := $(UNIT_SRCS:%.c=$(B)/host/%.o)
UNIT_BIN := $(B)/tests/unit
# Keep liblucid's symbols out of the binary's dynamic symbol table: libunicorn
# is QEMU inside and calls its own cpu_reset() etc., which would otherwise
# resolve to ours (and crash). Link every test binary that uses Unicorn with it.
LUCID_NO_EXPORT := -Wl,--exclude-libs,ALL
TEST_TARGETS += $(UNIT_BIN)

$(UNIT_BIN): $(UNIT_OBJS) $(LIBLUCID)
	@mkdir -p $(@D)
	$(HOST_CC) -o $@ $(UNIT_OBJS) $(LIBLUCID) $(PKG_LIBS) $(TEST_LIBS) $(LUCID_NO_EXPORT)

include $(wildcard tests/*/*.mk)

# make test-cpu: every test of the processor, from one place (docs/TESTING.md,
# "The CPU's tests"): the unit suites of emu/cpu, the 80286 conformance
# captures, the differential tester against Unicorn, the raw-byte fuzzer, the
# system-test ROMs of tests/cpu, REP strings, and the x87 (45) and CPU-defect
# (53) groups where present.
CPU_GROUPS := 10 30 32 33 34 45 50 52 53
CPU_UNIT_FILTER := @(cpu_*|mmu|seg|fpu*|x87*|mmx*)/*
.PHONY: test-cpu
test-cpu: deps
	@$(MAKE) --no-print-directory all $(TEST_TARGETS)
	@UNIT_FILTER='$(CPU_UNIT_FILTER)' tests/run-all.sh $(CPU_GROUPS)
