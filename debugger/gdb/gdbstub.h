/*
 * The gdb remote serial protocol stub (gdb manual, appendix E "GDB Remote
 * Serial Protocol"). The packet layer and the command handler are separate
 * from the socket so both are testable without a network: gdb_rx_feed()
 * turns received bytes into packets, gdb_handle() turns a packet into a
 * reply, and gdbstub_serve() is the TCP loop that ties them to the target.
 */
#ifndef LUCID_GDBSTUB_H
#define LUCID_GDBSTUB_H

#include "debugger/dbg.h"

#define GDB_PKT_MAX 16384

/* Receive state: feed bytes, get complete packets. */
struct gdb_rx {
	int state;		/* 0 idle, 1 in data, 2/3 checksum digits */
	u8 buf[GDB_PKT_MAX];
	size_t len;
	u8 sum, want;
	bool overflow;
};

enum gdb_rx_event {
	GDB_RX_NONE,		/* need more bytes */
	GDB_RX_PACKET,		/* a valid packet in rx->buf[0..len) (decoded) */
	GDB_RX_BAD,		/* checksum or framing error: answer '-' */
	GDB_RX_INTERRUPT,	/* Ctrl-C (0x03) outside a packet */
	GDB_RX_ACK,		/* '+' */
	GDB_RX_NACK,		/* '-': resend the last reply */
};

void gdb_rx_init(struct gdb_rx *rx);
enum gdb_rx_event gdb_rx_feed(struct gdb_rx *rx, u8 byte);

/* Frame a reply: "$" + escaped data + "#" + checksum, into out (size
 * 2 * len + 5 at most). Returns the framed length. */
size_t gdb_frame(const u8 *data, size_t len, u8 *out);

/* What the handler asks the transport to do after sending the reply. */
enum gdb_action {
	GDB_REPLY,		/* just send the reply */
	GDB_CONTINUE,		/* resume; reply with a stop packet when it stops */
	GDB_STEP,		/* one instruction, then a stop packet */
	GDB_DETACH,		/* send OK and let the machine run free */
	GDB_KILL,		/* end the session and the emulator */
};

struct gdb_stub {
	struct dbg *d;
	struct dbg_target *t;
	int cur_thread;		/* Hg: 0/-1 = any, else a task's pid + 1 */
	bool no_ack;		/* QStartNoAckMode */
	/* Thread list built on qfThreadInfo: task addresses, pids. */
	u32 task[512];
	int ntask;
	int next_info;		/* qsThreadInfo cursor */
	/* Console output of a monitor command, hex-encoded into 'O' packets. */
	char *mon;
	size_t mon_len, mon_cap;
	u32 lib_sig;		/* hash of the library list gdb last read */
	bool lib_on_resume;	/* stopped by a breakpoint on a library hook */
};

void gdb_stub_init(struct gdb_stub *s, struct dbg *d);
void gdb_stub_free(struct gdb_stub *s);
/* Handle one decoded packet; the reply (unframed) goes to out (GDB_PKT_MAX
 * bytes), its length to *olen. */
enum gdb_action gdb_handle(struct gdb_stub *s, const u8 *pkt, size_t len, u8 *out, size_t *olen);
/* The stop reply for the last stop ("T05thread:01;" or with watch:ADDR;). */
size_t gdb_stop_reply(struct gdb_stub *s, enum dbg_stop_reason why, u8 *out);

/* Listen on 127.0.0.1:port, accept one gdb and serve it until it detaches
 * or kills. Returns GDB_DETACH, GDB_KILL, or -1 (error message printed).
 * The target's run hook is called in slices so a Ctrl-C from gdb stops it. */
int gdbstub_serve(struct dbg *d, int port);
/* Listen only: returns the socket or -1 with errno (port 0: any free port).
 * host is an IPv4 address ("0.0.0.0": every interface); NULL, "" and
 * "localhost" mean 127.0.0.1, the default, so the stub (which can read and
 * write all of the machine) is not reachable from other hosts unless asked. */
int gdbstub_listen_on(const char *host, int port);
int gdbstub_listen(int port);	/* on 127.0.0.1 */
/* Accept one gdb on a listening socket and serve it; the socket is closed
 * afterwards. While it is served, further clients are refused with a
 * message (one line on stderr and to them). A client that disconnects, even
 * in the middle of a packet, ends the session like a detach. */
int gdbstub_serve_listener(struct dbg *d, int lfd);

#endif
