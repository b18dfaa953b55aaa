# The panels beside the screen (tests/panels/panels_test.c), run under Xvfb by
# tests/groups/76-panels.sh.
PANELS_TEST := $(B)/tests/panels/panels_test
TEST_TARGETS += $(PANELS_TEST)

$(PANELS_TEST): $(B)/host/tests/panels/panels_test.o $(LIBLUCID)
	@mkdir -p $(@D)
	$(HOST_CC) -o $@ $^ $(PKG_LIBS)
