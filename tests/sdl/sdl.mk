# The SDL frontend's checks (tests/sdl/sdl_test.c), run under Xvfb by
# tests/groups/71-sdl.sh.
SDL_TEST := $(B)/tests/sdl/sdl_test
TEST_TARGETS += $(SDL_TEST) $(B)/tests/devices/sb16.rom

$(SDL_TEST): $(B)/host/tests/sdl/sdl_test.o $(LIBLUCID)
	@mkdir -p $(@D)
	$(HOST_CC) -o $@ $^ $(PKG_LIBS)
