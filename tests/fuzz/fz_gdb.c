/*
 * The gdb stub's packet handling: one input is a whole session of bytes
 * from "gdb", fed through gdb_rx_feed and gdb_handle as gdbstub_serve does,
 * without a socket, against the fake target. With the first byte odd, the
 * rest is packets one a line, framed here (checksums right), so the fuzzer
 * reaches the handlers without having to learn checksums; with it even,
 * the rest is raw wire bytes (framing, escapes, run-length, Ctrl-C).
 */
#include <string.h>

#include "debugger/gdb/gdbstub.h"
#include "tests/fuzz/fake_target.h"
#include "tests/fuzz/fuzz.h"

static struct dbg *d;
static struct gdb_stub stub;
static struct gdb_rx rx;
static u8 reply[GDB_PKT_MAX], framed[GDB_PKT_MAX * 2 + 8];
static size_t rlen;

void fuzz_setup(void)
{
	d = fake_setup();
}

/* One byte from gdb; false when the session ends (detach or kill). */
static bool session_byte(u8 c)
{
	enum gdb_rx_event ev = gdb_rx_feed(&rx, c);
	if (ev == GDB_RX_NACK) {
		gdb_frame(reply, rlen, framed);
		return true;
	}
	if (ev == GDB_RX_INTERRUPT) {
		rlen = gdb_stop_reply(&stub, DBG_STOP_USER, reply);
		return true;
	}
	if (ev != GDB_RX_PACKET)
		return true;
	enum gdb_action act = gdb_handle(&stub, rx.buf, rx.len, reply, &rlen);
	if (rlen > GDB_PKT_MAX)
		__builtin_trap();	/* the handler overran its reply buffer */
	if (act == GDB_CONTINUE || act == GDB_STEP) {
		struct dbg_regs r;
		stub.t->get_regs(stub.t->opaque, &r);
		enum dbg_stop_reason why = act == GDB_STEP ? stub.t->step(stub.t->opaque)
							   : stub.t->run(stub.t->opaque, r.icount + 1000);
		rlen = gdb_stop_reply(&stub, why, reply);
	}
	gdb_frame(reply, rlen, framed);
	return act != GDB_DETACH && act != GDB_KILL;
}

static bool framed_packet(const u8 *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	u8 sum = 0;
	if (!session_byte('$'))
		return false;
	for (size_t i = 0; i < n; i++) {
		sum += p[i];
		if (!session_byte(p[i]))
			return false;
	}
	return session_byte('#') && session_byte(hex[sum >> 4]) && session_byte(hex[sum & 15]);
}

void fuzz_one(const u8 *data, size_t len)
{
	if (!len)
		return;
	fake_reset();
	gdb_stub_init(&stub, d);
	gdb_rx_init(&rx);
	rlen = 0;
	const u8 *p = data + 1, *end = data + len;
	if (data[0] & 1) {
		while (p < end) {
			const u8 *nl = memchr(p, '\n', (size_t)(end - p));
			const u8 *e = nl ? nl : end;
			if (!framed_packet(p, (size_t)(e - p)))
				break;
			p = e + (nl ? 1 : 0);
		}
	} else {
		while (p < end && session_byte(*p))
			p++;
	}
	gdb_stub_free(&stub);
	dbg_command(d, "delete");
}
