/*
 * Scripted input (see inscript.h). Text is typed on COM1 only as fast as the
 * UART's receive FIFO has room, like host stdin in main.c, so no byte is
 * lost to an overrun however long the text.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/uart.h"
#include "emu/ui/inscript.h"
#include "emu/ui/termkeys.h"
#include "emu/machine/machine.h"

enum { IS_AT_SERIAL, IS_AT_KEY, IS_AT_MOUSE, IS_AT_KEYS, IS_WHEN };

/* "keys" text is typed one key every 10 ms of virtual time, like -display text. */
#define KEYS_GAP_NS 10000000u

struct is_entry {
	int kind;
	u64 icount;		/* IS_AT_* */
	u32 key;		/* IS_AT_KEY */
	u32 chord[4];		/* IS_AT_KEY: the keys held together, in order */
	int nchord;
	s32 dx, dy;		/* IS_AT_MOUSE: motion (+y down, as INPUT_MOUSE) */
	u32 buttons;		/* IS_AT_MOUSE: MOUSE_BTN_* bits */
	char *pattern;		/* IS_WHEN */
	char *text;		/* what to type */
	size_t plen, tlen;
	bool done;
};

struct inscript {
	struct is_entry *e;
	int n;
	char window[512];	/* the end of COM1's output, for when-serial */
	size_t wlen;
	u8 typing[8192];	/* bytes waiting for room in the FIFO */
	size_t tlen;
};

static int hexv(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Unescape s in place; returns the length or -1 on a bad escape. */
static long unescape(char *s)
{
	char *o = s;
	for (char *p = s; *p; p++) {
		if (*p != '\\') {
			*o++ = *p;
			continue;
		}
		p++;
		switch (*p) {
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case '\\': *o++ = '\\'; break;
		case 'x':
			if (hexv(p[1]) < 0 || hexv(p[2]) < 0)
				return -1;
			*o++ = (char)(hexv(p[1]) << 4 | hexv(p[2]));
			p += 2;
			break;
		default:
			return -1;
		}
	}
	*o = 0;
	return o - s;
}

struct inscript *inscript_load(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "-input-script '%s': %s", path, strerror(errno));
		return NULL;
	}
	struct inscript *s = calloc(1, sizeof(*s));
	char line[1024];
	int lineno = 0, cap = 0;
	while (s && fgets(line, sizeof(line), f)) {
		lineno++;
		line[strcspn(line, "\r\n")] = 0;
		char *p = line + strspn(line, " \t");
		if (!*p || *p == '#')
			continue;
		struct is_entry e = { 0 };
		char kind[16];
		unsigned long long ic;
		int used = 0;
		const char *why = NULL;
		if (sscanf(p, "at %llu %15s %n", &ic, kind, &used) == 2 && used) {
			e.icount = ic;
			char *rest = p + used;
			if (!strcmp(kind, "serial")) {
				e.kind = IS_AT_SERIAL;
				e.text = strdup(rest);
			} else if (!strcmp(kind, "key")) {
				/* CODE, or a chord CODE+CODE... (pressed in order, released in reverse) */
				char *q = rest, *end;
				e.kind = IS_AT_KEY;
				for (;;) {
					unsigned long k = strtoul(q, &end, 0);
					if (end == q || k == 0 || k > 767 || e.nchord == 4) {
						why = "expected a Linux key code from 1 to 767 (or up to 4 joined by +)";
						break;
					}
					e.chord[e.nchord++] = (u32)k;
					if (*end != '+')
						break;
					q = end + 1;
				}
				if (!why && *end)
					why = "expected a Linux key code from 1 to 767 (or up to 4 joined by +)";
				e.key = e.chord[0];
			} else if (!strcmp(kind, "keys")) {
				e.kind = IS_AT_KEYS;
				e.text = strdup(rest);
			} else if (!strcmp(kind, "mouse")) {
				/* DX DY [BUTTONS [WHEEL]] */
				int v[4] = { 0, 0, 0, 0 }, got = 0, n;
				char *q = rest;

				e.kind = IS_AT_MOUSE;
				while (got < 4 && sscanf(q, "%d%n", &v[got], &n) == 1) {
					q += n;
					q += strspn(q, " \t");
					got++;
				}
				if (got < 2 || *q || v[0] < -255 || v[0] > 255 || v[1] < -255 ||
				    v[1] > 255 || v[2] < 0 || v[2] > 31 || v[3] < -127 || v[3] > 127)
					why = "expected 'at ICOUNT mouse DX DY [BUTTONS [WHEEL]]' "
					      "(-255..255, buttons 0..31, wheel -127..127)";
				e.dx = v[0];
				e.dy = v[1];
				e.buttons = (u32)v[2] | (u32)(u8)(s8)v[3] << 8;
			} else {
				why = "expected 'serial', 'key', 'keys' or 'mouse' after 'at ICOUNT'";
			}
		} else if (!strncmp(p, "when-serial ", 12)) {
			char *arrow = strstr(p + 12, " => ");
			if (!arrow) {
				why = "expected 'when-serial PATTERN => TEXT'";
			} else {
				*arrow = 0;
				e.kind = IS_WHEN;
				e.pattern = strdup(p + 12);
				e.text = strdup(arrow + 4);
			}
		} else {
			why = "expected 'at ICOUNT serial|key|keys|mouse ...' or 'when-serial PATTERN => TEXT'";
		}
		long tl = e.text ? unescape(e.text) : 0, pl = e.pattern ? unescape(e.pattern) : 0;
		if (!why && (tl < 0 || pl < 0))
			why = "bad escape (use \\n \\r \\t \\\\ \\xHH)";
		if (!why && e.kind == IS_WHEN && (pl == 0 || pl >= (long)sizeof(s->window)))
			why = "the pattern must be 1 to 511 bytes";
		if (why) {
			snprintf(err, errlen, "-input-script %s:%d: %s", path, lineno, why);
			free(e.text);
			free(e.pattern);
			fclose(f);
			inscript_free(s);
			return NULL;
		}
		e.tlen = tl;
		e.plen = pl;
		if (s->n == cap) {
			cap = cap ? cap * 2 : 16;
			struct is_entry *ne = realloc(s->e, cap * sizeof(*ne));
			if (!ne)
				break;
			s->e = ne;
		}
		s->e[s->n++] = e;
	}
	fclose(f);
	if (!s)
		snprintf(err, errlen, "out of memory");
	return s;
}

void inscript_free(struct inscript *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->n; i++) {
		free(s->e[i].text);
		free(s->e[i].pattern);
	}
	free(s->e);
	free(s);
}

static void type_text(struct inscript *s, const char *t, size_t n)
{
	if (n > sizeof(s->typing) - s->tlen)
		n = sizeof(s->typing) - s->tlen;
	memcpy(s->typing + s->tlen, t, n);
	s->tlen += n;
}

/* Text as key presses (Shift and Ctrl as a US keyboard needs), one key every KEYS_GAP_NS. */
static void type_keys(struct machine *m, const u8 *t, size_t n)
{
	u64 at = m->clock.icount, gap = clock_ns_to_icount(&m->clock, KEYS_GAP_NS);
	size_t pos = 0;

	while (pos < n) {
		struct input_event ev[TERMKEYS_MAX_EVENTS];
		int nev;
		size_t used = termkeys_decode(t + pos, n - pos, true, ev, &nev);

		if (!used)
			break;
		pos += used;
		for (int i = 0; i < nev; i++) {
			ev[i].icount = at;
			input_push(&m->input, &ev[i]);
		}
		if (nev)
			at += gap;
	}
}

void inscript_serial_out(struct inscript *s, const void *buf, size_t len)
{
	const u8 *b = buf;
	for (size_t i = 0; i < len; i++) {
		if (s->wlen == sizeof(s->window) - 1) {
			memmove(s->window, s->window + 256, s->wlen - 256);
			s->wlen -= 256;
		}
		s->window[s->wlen++] = b[i];
		for (int k = 0; k < s->n; k++) {
			struct is_entry *e = &s->e[k];
			if (e->kind != IS_WHEN || e->done || s->wlen < e->plen ||
			    memcmp(s->window + s->wlen - e->plen, e->pattern, e->plen))
				continue;
			e->done = true;
			type_text(s, e->text, e->tlen);
			/* A pattern is matched once; later text must not re-use this output. */
			s->wlen = 0;
		}
	}
}

u64 inscript_next_icount(const struct inscript *s)
{
	u64 next = CLOCK_NEVER;
	for (int k = 0; k < s->n; k++)
		if (!s->e[k].done && s->e[k].kind != IS_WHEN && s->e[k].icount < next)
			next = s->e[k].icount;
	return next;
}

void inscript_poll(struct inscript *s, struct machine *m)
{
	for (int k = 0; k < s->n; k++) {
		struct is_entry *e = &s->e[k];
		if (e->done || e->kind == IS_WHEN || e->icount > m->clock.icount)
			continue;
		e->done = true;
		if (e->kind == IS_AT_SERIAL) {
			type_text(s, e->text, e->tlen);
		} else if (e->kind == IS_AT_KEYS) {
			type_keys(m, (const u8 *)e->text, e->tlen);
		} else if (e->kind == IS_AT_MOUSE) {
			struct input_event ev = { .icount = INPUT_ASAP, .type = INPUT_MOUSE,
						  .a = (u32)e->dx, .b = (u32)e->dy, .c = e->buttons };
			input_push(&m->input, &ev);
		} else {
			struct input_event ev = { .icount = INPUT_ASAP, .type = INPUT_KEY, .b = 1 };
			for (int i = 0; i < e->nchord; i++) {
				ev.a = e->chord[i];
				input_push(&m->input, &ev);
			}
			ev.b = 0;
			for (int i = e->nchord - 1; i >= 0; i--) {
				ev.a = e->chord[i];
				input_push(&m->input, &ev);
			}
		}
	}
	int room = uart_rx_space(m->com1) - (int)m->input.count;
	size_t n = 0;
	for (; n < s->tlen && (int)n < room; n++)
		machine_serial_input(m, s->typing[n]);
	memmove(s->typing, s->typing + n, s->tlen - n);
	s->tlen -= n;
}

bool inscript_pending(const struct inscript *s)
{
	if (s->tlen)
		return true;
	for (int k = 0; k < s->n; k++)
		if (!s->e[k].done)
			return true;
	return false;
}
