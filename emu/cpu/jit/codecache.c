/*
 * The translator's code cache: one memfd of a fixed size mapped twice, a
 * read-write view the emitter writes and a read-execute view the host
 * runs, filled from its start and emptied whole (jit_cache_reset) when a
 * translation no longer fits, so it never grows.
 *
 * W^X: no mapping is writable and executable at once. The two views are
 * different virtual pages over the same memory, each with fixed rights set
 * when the cache is created, so writing a translation costs no system call
 * (the earlier single mapping took two mprotect calls per translation,
 * which made a short boot slower under the translator than under the
 * interpreter). Translations are written only between two runs of
 * translated code (never while any runs, see jit_translate), and x86 keeps
 * instruction fetch coherent with stores through any alias, so no cache
 * maintenance is needed after the write.
 *
 * Where memfd_create is missing or refused (an old kernel, a seccomp
 * sandbox), the cache falls back to one private mapping flipped with
 * mprotect around each translation, as before.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "emu/cpu/jit/jit.h"

#if JIT_HOST

struct jit_cache {
	u8 *rw;			/* the view written (== rx in the fallback) */
	u8 *rx;			/* the view executed */
	size_t size, used;
	bool dual;		/* two views; else mprotect flips one mapping */
	size_t open_lo, open_hi;	/* fallback: the pages made writable */
	size_t page;
};

static bool map_dual(struct jit_cache *c)
{
	int fd = memfd_create("lucid-jit", MFD_CLOEXEC);
	if (fd < 0)
		return false;
	bool ok = false;
	if (ftruncate(fd, (off_t)c->size) == 0) {
		c->rw = mmap(NULL, c->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		c->rx = mmap(NULL, c->size, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
		ok = c->rw != MAP_FAILED && c->rx != MAP_FAILED;
		if (!ok && c->rw != MAP_FAILED)
			munmap(c->rw, c->size);
		if (!ok && c->rx != MAP_FAILED)
			munmap(c->rx, c->size);
	}
	close(fd);	/* the mappings keep the memory */
	return ok;
}

struct jit_cache *jit_cache_create(size_t size)
{
	struct jit_cache *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->page = (size_t)sysconf(_SC_PAGESIZE);
	c->size = (size + c->page - 1) & ~(c->page - 1);
	const char *env = getenv("LUCID_JIT_DUAL");	/* 0: the mprotect fallback */
	c->dual = !(env && !strcmp(env, "0")) && map_dual(c);
	if (!c->dual) {
		c->rx = mmap(NULL, c->size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (c->rx == MAP_FAILED) {
			free(c);
			return NULL;
		}
		c->rw = c->rx;
	}
	return c;
}

void jit_cache_destroy(struct jit_cache *c)
{
	if (!c)
		return;
	munmap(c->rx, c->size);
	if (c->dual)
		munmap(c->rw, c->size);
	free(c);
}

u8 *jit_cache_begin(struct jit_cache *c, size_t max)
{
	if (c->used + max > c->size)
		return NULL;
	if (!c->dual) {
		c->open_lo = c->used & ~(c->page - 1);
		c->open_hi = (c->used + max + c->page - 1) & ~(c->page - 1);
		if (mprotect(c->rx + c->open_lo, c->open_hi - c->open_lo, PROT_READ | PROT_WRITE))
			return NULL;
	}
	return c->rw + c->used;
}

void *jit_cache_commit(struct jit_cache *c, size_t len)
{
	u8 *code = c->rx + c->used;
	if (!c->dual &&
	    mprotect(c->rx + c->open_lo, c->open_hi - c->open_lo, PROT_READ | PROT_EXEC))
		return NULL;
	c->used = (c->used + len + 15) & ~(size_t)15;
	return code;
}

uintptr_t jit_cache_next_exec(const struct jit_cache *c)
{
	return (uintptr_t)(c->rx + c->used);
}

void jit_cache_reset(struct jit_cache *c)
{
	c->used = 0;
}

/* The writable view's address of exec (dual mapping only: the mprotect
 * fallback never patches code, the translator does not chain there). */
u8 *jit_cache_writable(struct jit_cache *c, const u8 *exec)
{
	return c->rw + (exec - c->rx);
}

bool jit_cache_dual(const struct jit_cache *c)
{
	return c->dual;
}

#endif
