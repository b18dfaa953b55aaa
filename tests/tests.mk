# Tests. Unit tests (Criterion) in tests/unit/*.c link into one binary with
# liblucid.a. Other runners add their own fragment (tests/*/*.mk) and a group
# script in tests/groups/ that tests/run-all.sh runs and tallies.
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_OBJS := $(UNIT_SRCS:%.c=$(B)/host/%.o)
UNIT_BIN := $(B)/tests/unit
TEST_TARGETS += $(UNIT_BIN)

$(UNIT_BIN): $(UNIT_OBJS) $(LIBLUCID)
	@mkdir -p $(@D)
	$(HOST_CC) -o $@ $(UNIT_OBJS) $(LIBLUCID) $(PKG_LIBS) $(TEST_LIBS)

include $(wildcard tests/*/*.mk)
