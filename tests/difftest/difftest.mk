# The differential tester (tests/difftest/): random instruction streams on
# Lucid's CPU and on Unicorn, lengths checked against Capstone.
#   make fuzz-diff [SEED=n] [FUZZ_N=instructions]   a longer run of both fuzzers
#   (streams against Unicorn, then raw bytes), random seed by default
DIFF_SRCS := tests/difftest/difftest.c tests/difftest/gen.c tests/difftest/raw.c
DIFF_OBJS := $(DIFF_SRCS:%.c=$(B)/host/%.o)
DIFF_BIN := $(B)/tests/difftest
TEST_TARGETS += $(DIFF_BIN)

$(DIFF_BIN): $(DIFF_OBJS) $(LIBLUCID)
	@mkdir -p $(@D)
	$(HOST_CC) $(EXTRA_CFLAGS) -o $@ $(DIFF_OBJS) $(LIBLUCID) $(PKG_LIBS) $(TEST_LIBS) $(LUCID_NO_EXPORT)

FUZZ_N ?= 3000000
.PHONY: fuzz-diff
fuzz-diff: $(DIFF_BIN)
	@seed=$${SEED:-$$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}; \
	echo "fuzz: seed $$seed (replay: make fuzz-diff SEED=$$seed)"; \
	$(DIFF_BIN) -s $$seed -n $(FUZZ_N) -k tests/difftest/unicorn-known.txt; st=$$?; \
	$(DIFF_BIN) -r -s $$seed -n $(FUZZ_N) 2>/dev/null && exit $$st

# make test-asan: a separate AddressSanitizer + UndefinedBehaviorSanitizer
# build (in build-asan/) of liblucid.a, the differential tester and the
# conformance runner, then both runs under it. Any sanitizer report fails.
ASAN_B := build-asan
ASAN_CC := $(HOST_CC) -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
.PHONY: test-asan
test-asan: deps
	@$(MAKE) --no-print-directory B=$(ASAN_B) HOST_CC="$(ASAN_CC)" \
		$(ASAN_B)/tests/difftest $(ASAN_B)/tests/conformance
	@B=$(ASAN_B) tests/difftest/asan.sh
