/*
 * dmesg: the printk ring buffer, as the 3.x structured log (struct
 * printk_log records) or, failing that, a plain character ring.
 */
#include <stdlib.h>

#include "debugger/kview/kview.h"

/* The 3.x structured log: struct printk_log records from log_first_idx to
 * log_next_idx, a zero length meaning "wrap to the start". */
static int dmesg_records(struct dbg *d, u32 base, u32 size)
{
	u32 off_len, off_tlen, off_ts;
	u64 first, next, hsize;
	if (!kview_member_off(d, "struct printk_log", "len", &off_len) ||
	    !kview_member_off(d, "struct printk_log", "text_len", &off_tlen) ||
	    !kview_member_off(d, "struct printk_log", "ts_nsec", &off_ts) ||
	    !kview_eval(d, &hsize, "sizeof(struct printk_log)") || !kview_eval(d, &first, "log_first_idx") ||
	    !kview_eval(d, &next, "log_next_idx"))
		return -1;
	u32 idx = (u32)first;
	char text[1024];
	for (int guard = 0; guard < 100000 && idx != (u32)next; guard++) {
		u16 len = 0, tlen = 0;
		u64 ts = 0;
		if (idx + hsize > size || dbg_read_linear(d, base + idx + off_len, &len, 2) != 0)
			return 0;
		if (!len) {
			idx = 0;	/* the writer wrapped here */
			continue;
		}
		dbg_read_linear(d, base + idx + off_tlen, &tlen, 2);
		dbg_read_linear(d, base + idx + off_ts, &ts, 8);
		u32 n = tlen < sizeof(text) - 1 ? tlen : sizeof(text) - 1;
		if (idx + hsize + n > size || dbg_read_linear(d, base + idx + (u32)hsize, text, n) != 0)
			return 0;
		text[n] = 0;
		dbg_printf(d, "[%5llu.%06llu] %s\n", (unsigned long long)(ts / 1000000000ull),
			   (unsigned long long)(ts % 1000000000ull / 1000), text);
		idx += len;
	}
	return 0;
}

static int cmd_dmesg(struct dbg *d, const char *args)
{
	const char *names[] = { "__log_buf", "log_buf_storage", "log_buf" };
	struct dval v;
	const char *name = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(names) && !name; i++)
		if (expr_eval(&d->ex, names[i], &v) == 0 && v.lval)
			name = names[i];
	if (!kview_need(d, name != NULL, "__log_buf"))
		return -1;
	u32 size = v.has_type ? dw_size(&v.type) : 0;
	u32 base = v.addr;
	if (!size) {
		/* A pointer log_buf with log_buf_len. */
		u64 p, len;
		if (!kview_eval(d, &p, "(unsigned long)%s", name) || !kview_eval(d, &len, "log_buf_len"))
			return kview_need(d, false, "log_buf_len"), -1;
		base = (u32)p;
		size = (u32)len;
	}
	if (dmesg_records(d, base, size) == 0)
		return 0;
	/* A plain character ring: log_end (2.6), or none. */
	u64 end = ~0ull;
	const char *idx[] = { "log_end", "log_head", "log_pos" };
	for (size_t i = 0; i < ARRAY_SIZE(idx) && end == ~0ull; i++)
		if (!kview_eval(d, &end, "%s", idx[i]))
			end = ~0ull;
	u64 start = 0, count;
	if (end == ~0ull) {
		count = size;
	} else if (end <= size) {
		count = end;
	} else {
		start = end % size;
		count = size;
	}
	char *buf = malloc(size + 1);
	if (!buf)
		return -1;
	u64 j = 0;
	for (u64 i = 0; i < count; i++) {
		char ch;
		if (dbg_read_linear(d, base + (u32)((start + i) % size), &ch, 1) != 0)
			break;
		if (!ch && end == ~0ull)
			break;
		if (ch)
			buf[j++] = ch;
	}
	buf[j] = 0;
	dbg_printf(d, "%s", buf);
	if (j && buf[j - 1] != '\n')
		dbg_printf(d, "\n");
	free(buf);
	return 0;
}

const struct dbg_command kview_dmesg_commands[] = {
	{ "dmesg", NULL, cmd_dmesg, "dmesg: the printk ring buffer" },
	{ NULL, NULL, NULL, NULL },
};
