/*
 * The translator's code cache: one mapping of a fixed size, filled from
 * its start and emptied whole (jit_cache_reset) when a translation no
 * longer fits, so it never grows.
 *
 * W^X: no page of it is writable and executable at once. The mapping is
 * created without access; jit_cache_begin makes the pages the next
 * translation may touch read-write (which also takes execute away from any
 * older code sharing them), jit_cache_commit makes them read-execute again.
 * Translations are written only between two runs of translated code (never
 * while any runs, see jit_translate), so flipping a page that holds older
 * code is safe. x86 keeps instruction fetch coherent with stores, so no
 * cache maintenance is needed after the write.
 */
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "emu/cpu/jit/jit.h"

#if JIT_HOST

struct jit_cache {
	u8 *base;
	size_t size, used;
	size_t open_lo, open_hi;	/* the pages jit_cache_begin made writable */
	size_t page;
};

struct jit_cache *jit_cache_create(size_t size)
{
	struct jit_cache *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->page = (size_t)sysconf(_SC_PAGESIZE);
	c->size = (size + c->page - 1) & ~(c->page - 1);
	c->base = mmap(NULL, c->size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (c->base == MAP_FAILED) {
		free(c);
		return NULL;
	}
	return c;
}

void jit_cache_destroy(struct jit_cache *c)
{
	if (!c)
		return;
	munmap(c->base, c->size);
	free(c);
}

u8 *jit_cache_begin(struct jit_cache *c, size_t max)
{
	if (c->used + max > c->size)
		return NULL;
	c->open_lo = c->used & ~(c->page - 1);
	c->open_hi = (c->used + max + c->page - 1) & ~(c->page - 1);
	if (mprotect(c->base + c->open_lo, c->open_hi - c->open_lo, PROT_READ | PROT_WRITE))
		return NULL;
	return c->base + c->used;
}

void *jit_cache_commit(struct jit_cache *c, size_t len)
{
	u8 *code = c->base + c->used;
	if (mprotect(c->base + c->open_lo, c->open_hi - c->open_lo, PROT_READ | PROT_EXEC))
		return NULL;
	c->used = (c->used + len + 15) & ~(size_t)15;
	return code;
}

uintptr_t jit_cache_next_exec(const struct jit_cache *c)
{
	return (uintptr_t)(c->base + c->used);
}

void jit_cache_reset(struct jit_cache *c)
{
	c->used = 0;
}

#endif
