/*
 * The helpers every kernel view uses: DWARF-driven reads of kernel
 * variables and structures.
 */
#include <stdarg.h>
#include <string.h>

#include "debugger/kview/kview.h"

bool kview_eval(struct dbg *d, u64 *out, const char *fmt, ...)
{
	char e[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e, sizeof(e), fmt, ap);
	va_end(ap);
	return expr_eval_u64(&d->ex, e, out) == 0;
}

/* Offset of a (possibly nested, "a.b.c") member in a struct type. */
bool kview_member_off(struct dbg *d, const char *type, const char *path, u32 *off)
{
	Dwarf_Die t, mt;
	if (!dw_find_type(d->dw, type, &t))
		return false;
	char buf[128];
	snprintf(buf, sizeof(buf), "%s", path);
	*off = 0;
	for (char *tok = strtok(buf, "."); tok; tok = strtok(NULL, ".")) {
		u32 o;
		int bs, bo;
		if (!dw_member(&t, tok, &mt, &o, &bs, &bo))
			return false;
		*off += o;
		t = mt;
	}
	return true;
}

bool kview_has_member(struct dbg *d, const char *type, const char *path)
{
	u32 o;
	return kview_member_off(d, type, path, &o);
}

/* Read a NUL-terminated string of at most max bytes at a linear address. */
void kview_read_str(struct dbg *d, u32 addr, char *buf, size_t max)
{
	size_t i;
	for (i = 0; i + 1 < max; i++) {
		if (dbg_read_linear(d, addr + i, &buf[i], 1) != 0 || !buf[i])
			break;
	}
	buf[i] = 0;
}

bool kview_need(struct dbg *d, bool ok, const char *what)
{
	if (!ok)
		dbg_err(d, "this kernel has no %s (or its DWARF is not loaded)", what);
	return ok;
}