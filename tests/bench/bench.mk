# The CPU benchmark (make bench, scripts/bench.d/cpu.sh): a boot-sector
# image and a host harness that runs it on the CPU alone.
CPUBENCH_BIN := $(B)/tests/cpubench
CPUBENCH_IMG := $(B)/tests/bench/cpubench.bin
BENCH_TARGETS += $(CPUBENCH_BIN) $(CPUBENCH_IMG)
TEST_TARGETS += $(CPUBENCH_BIN) $(CPUBENCH_IMG)

$(CPUBENCH_BIN): $(B)/host/tests/bench/cpubench.o $(LIBLUCID)
	@mkdir -p $(@D)
	$(HOST_CC) -o $@ $< $(LIBLUCID) $(PKG_LIBS)

$(B)/tests/bench/cpubench.o: tests/bench/cpubench.S
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_ASFLAGS) -c $< -o $@

$(CPUBENCH_IMG): $(B)/tests/bench/cpubench.o
	$(GUEST_LD) -Ttext 0x7C00 --oformat binary -o $@ $<

# The string benchmark (scripts/bench.d/rep.sh): REP MOVS/STOS throughput.
REPBENCH_BIN := $(B)/tests/repbench
BENCH_TARGETS += $(REPBENCH_BIN)
TEST_TARGETS += $(REPBENCH_BIN)

$(REPBENCH_BIN): $(B)/host/tests/bench/repbench.o $(LIBLUCID)
	@mkdir -p $(@D)
	$(HOST_CC) -o $@ $< $(LIBLUCID) $(PKG_LIBS)

# The snapshot benchmark (scripts/bench.d/determinism.sh,
# tests/groups/72-snapbench.sh): boots the default image and times
# savevm/loadvm and the in-memory snapshots of time travel.
SNAPBENCH_BIN := $(B)/tests/snapbench
BENCH_TARGETS += $(SNAPBENCH_BIN)
TEST_TARGETS += $(SNAPBENCH_BIN)

$(SNAPBENCH_BIN): $(B)/host/tests/bench/snapbench.o $(LIBLUCID)
	@mkdir -p $(@D)
	$(HOST_CC) -o $@ $< $(LIBLUCID) $(PKG_LIBS)
