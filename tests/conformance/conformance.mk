# The CPU conformance runner (tests/conformance/): replays real-CPU captures.
CONF_SRCS := tests/conformance/conformance.c tests/conformance/json.c
CONF_OBJS := $(CONF_SRCS:%.c=$(B)/host/%.o)
CONF_BIN := $(B)/tests/conformance
TEST_TARGETS += $(CONF_BIN)

$(CONF_BIN): $(CONF_OBJS) $(LIBLUCID)
	@mkdir -p $(@D)
	$(HOST_CC) -o $@ $(CONF_OBJS) $(LIBLUCID) $(PKG_LIBS)
