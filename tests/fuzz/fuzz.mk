# Host-side fuzzing (tests/fuzz/, docs/TESTING.md "Fuzzing"). One harness
# per parser: tests/fuzz/fz_NAME.c, linked with driver.c into $(B)/fuzz/fz_NAME.
#
#   make fuzz [FUZZ_SECONDS=N] [FUZZ_TARGETS="gdb elf"]
#       build every harness with afl-clang-fast, ASan and UBSan into
#       build/fuzz/ (its own liblucid.a), then run afl-fuzz on each target in
#       turn for N seconds (default 60) from seeds made by tests/fuzz/seeds.sh;
#       fails on any crash or hang and copies the reproducers into
#       tests/fuzz/crashes/NAME/. Figures per target in build/fuzz/report.txt.
#   make fuzz-replay-build
#       the same harnesses built without AFL (gcc, ASan and UBSan, in
#       build-asan/ with make test-asan's objects): tests/groups/75-fuzz.sh
#       replays seeds and every reproducer through them in make test.
FUZZ_NAMES := rrlog snapshot gdb dbgcmd inscript bootproto disk elf cpu wav
FUZZ_COMMON := tests/fuzz/driver.c tests/fuzz/fake_target.c tests/fuzz/tiny_machine.c
FUZZ_COMMON_OBJS := $(FUZZ_COMMON:%.c=$(B)/host/%.o)
FUZZ_BINS = $(FUZZ_NAMES:%=$(B)/fuzz/fz_%)
# Not linked with $(LUCID_NO_EXPORT): it would hide clang's static ASan
# runtime's malloc from libelf and libdw, whose blocks freed by us then look
# like wild pointers (no harness links Unicorn, the reason for that flag).

$(B)/fuzz/fz_%: $(B)/host/tests/fuzz/fz_%.o $(FUZZ_COMMON_OBJS) $(LIBLUCID)
	@mkdir -p $(@D)
	$(HOST_CC) -o $@ $< $(FUZZ_COMMON_OBJS) $(LIBLUCID) $(PKG_LIBS)

.PHONY: fuzz-bins
fuzz-bins: $(FUZZ_BINS)

FUZZ_B := build/fuzz
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_SECONDS ?= 60
.PHONY: fuzz fuzz-replay-build
fuzz: deps
	@$(MAKE) --no-print-directory all $(DBG_FIXTURE)
	@$(MAKE) --no-print-directory B=$(FUZZ_B) HOST_CC="afl-clang-fast $(FUZZ_SAN)" \
		EXTRA_CFLAGS=-Wno-missing-field-initializers fuzz-bins
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_B=$(FUZZ_B) tests/fuzz/run.sh $(or $(FUZZ_TARGETS),$(FUZZ_NAMES))

fuzz-replay-build:
	@$(MAKE) --no-print-directory B=$(ASAN_B) HOST_CC="$(ASAN_CC)" fuzz-bins
TEST_TARGETS += fuzz-replay-build
