# Raw CPU system tests (tests/cpu/*.S): each a 64 KiB ROM started from the
# reset vector; run by tests/groups/50-cpu-sys.sh on build/tests/cpu/cpu_run
# (a bare CPU with debugcon and isa-debug-exit) and on qemu-system-i386.
CT := $(B)/tests/cpu
CPU_TESTS := $(basename $(notdir $(filter-out tests/cpu/lib.S,$(wildcard tests/cpu/*.S))))
CPU_TEST_ROMS := $(CPU_TESTS:%=$(CT)/%.rom)
TEST_TARGETS += $(CPU_TEST_ROMS) $(CT)/cpu_run

$(CT)/%.o: tests/cpu/%.S tests/cpu/lib.h
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_ASFLAGS) -Itests/cpu -c $< -o $@

$(CT)/%.rom: $(CT)/%.o $(CT)/lib.o tests/cpu/rom.ld
	$(GUEST_LD) -T tests/cpu/rom.ld -o $@ $(CT)/lib.o $<
	@test $$(stat -c %s $@) -eq 65536 || { echo "$@: not 64 KiB"; rm -f $@; exit 1; }

$(CT)/cpu_run: tests/cpu/cpu_run.c $(LIBLUCID)
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ $< $(LIBLUCID) $(PKG_LIBS)

# The benchmark ROMs (scripts/bench.d/cpu-sys.sh): one loop, paging off/on.
BENCH_TARGETS += $(CT)/bench/loop.rom $(CT)/bench/loop-pg.rom $(CT)/cpu_run
$(CT)/bench/loop.o: tests/cpu/bench/loop.S tests/cpu/lib.h
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_ASFLAGS) -Itests/cpu -c $< -o $@
$(CT)/bench/loop-pg.o: tests/cpu/bench/loop.S tests/cpu/lib.h
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_ASFLAGS) -DPAGING -Itests/cpu -c $< -o $@
$(CT)/bench/%.rom: $(CT)/bench/%.o $(CT)/lib.o tests/cpu/rom.ld
	$(GUEST_LD) -T tests/cpu/rom.ld -o $@ $(CT)/lib.o $<

# ROMs that need a disk (tests/groups/53-cpu-smc.sh gives them one).
CPU_DISK_ROMS := $(patsubst tests/cpu/%.S,$(CT)/%.rom,$(wildcard tests/cpu/disk/*.S))
TEST_TARGETS += $(CPU_DISK_ROMS)

# The FPU throughput ROMs (scripts/bench.d/fpu.sh): arith, sqrt, sin.
FPU_BENCH_KINDS := arith sqrt sin
BENCH_TARGETS += $(FPU_BENCH_KINDS:%=$(CT)/bench/fpu-%.rom)
$(CT)/bench/fpu-arith.o: KIND := 1
$(CT)/bench/fpu-sqrt.o: KIND := 2
$(CT)/bench/fpu-sin.o: KIND := 3
$(CT)/bench/fpu-%.o: tests/cpu/bench/fpu.S tests/cpu/lib.h
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_ASFLAGS) -DKIND=$(KIND) -Itests/cpu -c $< -o $@
