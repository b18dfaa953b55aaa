# Tests. Unit tests (Criterion) in tests/unit/*.c link into one binary with
# liblucid.a. Other runners add their own fragment (tests/*/*.mk) and a group
# script in tests/groups/ that tests/run-all.sh runs and tallies.
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
