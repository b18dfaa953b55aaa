/*
 * The gdb stub: packet framing (checksums, escapes, run-length), each packet
 * kind against the fixture machine, malformed and random input (never a
 * crash), and real Debian gdb talking to the stub over loopback.
 */
#include <pthread.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "debugger/gdb/gdbstub.h"
#include "tests/unit/dbg_fixture.h"

TestSuite(gdbstub, .init = setup, .fini = teardown);

static struct gdb_rx rx;

/* Feed a whole string; return the last event. */
static enum gdb_rx_event feed(const char *s, size_t n)
{
	enum gdb_rx_event ev = GDB_RX_NONE;
	for (size_t i = 0; i < n; i++) {
		enum gdb_rx_event e = gdb_rx_feed(&rx, (u8)s[i]);
		if (e != GDB_RX_NONE)
			ev = e;
	}
	return ev;
}

Test(gdbstub, framing_round_trip_and_checksums)
{
	u8 framed[64];
	size_t n = gdb_frame((const u8 *)"OK", 2, framed);
	cr_assert_eq(n, 6);
	cr_assert(!memcmp(framed, "$OK#9a", 6));
	/* Escapes: '#', '$', '}', '*' go out as '}' + (c ^ 0x20). */
	n = gdb_frame((const u8 *)"a#b*", 4, framed);
	cr_assert(!memcmp(framed, "$a}\x03" "b}\x0a#", 8), "%.*s", (int)n, framed);
	gdb_rx_init(&rx);
	cr_assert_eq(feed((const char *)framed, n), GDB_RX_PACKET);
	cr_assert_eq(rx.len, 4);
	cr_assert(!memcmp(rx.buf, "a#b*", 4));
	/* A bad checksum asks for a resend. */
	cr_assert_eq(feed("$OK#00", 6), GDB_RX_BAD);
	cr_assert_eq(feed("$OK#zz", 6), GDB_RX_BAD);
	/* Run-length: "0* " is '0' and 3 more copies (' ' = 32 = 29 + 3). */
	cr_assert_eq(feed("$0* #", 5), GDB_RX_NONE);
	u8 sum = '0' + '*' + ' ';
	char ck[3] = { "0123456789abcdef"[sum >> 4], "0123456789abcdef"[sum & 15], 0 };
	cr_assert_eq(feed(ck, 2), GDB_RX_PACKET);
	cr_assert_str_eq((char *)rx.buf, "0000");
	cr_assert_eq(feed("\x03", 1), GDB_RX_INTERRUPT);
	cr_assert_eq(feed("+", 1), GDB_RX_ACK);
	cr_assert_eq(feed("-", 1), GDB_RX_NACK);
}

static struct gdb_stub stub;
static u8 reply[GDB_PKT_MAX];
static size_t rlen;

static const char *ask(const char *pkt)
{
	enum gdb_action a = gdb_handle(&stub, (const u8 *)pkt, strlen(pkt), reply, &rlen);
	cr_assert(rlen < sizeof(reply));
	reply[rlen] = 0;
	(void)a;
	return (const char *)reply;
}

static char *unhex(const char *h)
{
	static char buf[4096];
	size_t n = strlen(h) / 2;
	for (size_t i = 0; i < n && i < sizeof(buf) - 1; i++) {
		unsigned v;
		sscanf(h + i * 2, "%2x", &v);
		buf[i] = (char)v;
	}
	buf[n < sizeof(buf) ? n : sizeof(buf) - 1] = 0;
	return buf;
}

Test(gdbstub, packets_against_the_fixture)
{
	gdb_stub_init(&stub, d);
	cr_assert(strstr(ask("qSupported:multiprocess+;swbreak+"), "qXfer:features:read+"));
	const char *x = ask("qXfer:features:read:target.xml:0,3fff");
	cr_assert_eq(x[0], 'l');
	cr_assert(strstr(x, "<feature name=\"org.gnu.gdb.i386.core\">"));
	cr_assert(strstr(x, "<reg name=\"cr3\""));
	cr_assert(strstr(x, "<reg name=\"fop\""));
	/* Registers: eax first, little-endian hex; cr3 at register 34. */
	regs.gpr[DBG_EAX] = 0x12345678;
	regs.eip = 0xc0100015;
	x = ask("g");
	cr_assert(!strncmp(x, "78563412", 8), "%s", x);
	cr_assert(!strncmp(x + 8 * 8, "150010c0", 8), "%s", x);
	cr_assert_str_eq(ask("p22"), "00100000");	/* cr3 = 0x1000 */
	cr_assert_str_eq(ask("P0=efbeadde"), "OK");
	cr_assert_eq(regs.gpr[DBG_EAX], 0xdeadbeef);
	/* Memory through the page tables: jiffies = 12345 = 0x3039. */
	char pkt[64];
	snprintf(pkt, sizeof(pkt), "m%x,4", sym("jiffies"));
	cr_assert_str_eq(ask(pkt), "39300000");
	snprintf(pkt, sizeof(pkt), "M%x,2:3a30", sym("jiffies"));
	cr_assert_str_eq(ask(pkt), "OK");
	cr_assert_str_eq(run("p jiffies"), "$1 = 12346\n");
	cr_assert_str_eq(ask("m40000000,4"), "E14");
	/* Threads are the kernel's tasks: tid = pid + 1. */
	cr_assert_str_eq(ask("qfThreadInfo"), "m1,2,3");
	cr_assert_str_eq(ask("qsThreadInfo"), "l");
	cr_assert_str_eq(unhex(ask("qThreadExtraInfo,3")), "pid 2 kthreadd");
	cr_assert_str_eq(unhex(ask("qThreadExtraInfo,2")), "pid 1 init (running)");
	cr_assert_str_eq(ask("T3"), "OK");
	cr_assert_str_eq(ask("T9"), "E01");
	cr_assert_str_eq(ask("qC"), "QC2");
	/* Breakpoints land in the debugger's list; monitor runs its commands. */
	snprintf(pkt, sizeof(pkt), "Z0,%x,1", sym("start_kernel"));
	cr_assert_str_eq(ask(pkt), "OK");
	cr_assert_eq(dbg_wants(d), DBG_WANT_EXEC);
	snprintf(pkt, sizeof(pkt), "Z2,%x,4", sym("jiffies"));
	cr_assert_str_eq(ask(pkt), "OK");
	cr_assert(strstr(unhex(ask("qRcmd,696e666f2062")), "(set by gdb)"));	/* "info b" */
	snprintf(pkt, sizeof(pkt), "z0,%x,1", sym("start_kernel"));
	cr_assert_str_eq(ask(pkt), "OK");
	snprintf(pkt, sizeof(pkt), "z2,%x,4", sym("jiffies"));
	cr_assert_str_eq(ask(pkt), "OK");
	cr_assert_eq(dbg_wants(d), 0);
	cr_assert_str_eq(unhex(ask("qRcmd,70206a696666696573")), "$2 = 12346\n");	/* "p jiffies" */
	cr_assert_str_eq(ask("vCont?"), "vCont;c;C;s;S");
	cr_assert_eq(gdb_handle(&stub, (const u8 *)"c", 1, reply, &rlen), GDB_CONTINUE);
	cr_assert_eq(gdb_handle(&stub, (const u8 *)"vCont;s:1", 9, reply, &rlen), GDB_STEP);
	cr_assert_eq(gdb_handle(&stub, (const u8 *)"D", 1, reply, &rlen), GDB_DETACH);
	gdb_stub_free(&stub);
}

Test(gdbstub, malformed_packets_get_errors)
{
	gdb_stub_init(&stub, d);
	static const char *const bad[] = {
		"m", "mzz,4", "m100", "m100,", "M100,4:zz", "M100,2:0", "X100,5:ab", "p", "pzz",
		"P", "P0", "P0=zz", "Pffff=00000000", "Z0", "Z0,100", "Zz,1,1", "H", "Hgzz", "T",
		"qThreadExtraInfo,", "qRcmd,6", "qRcmd,zz", "G12", "C", "c1x",
		"qXfer:features:read:target.xml:", "m123456789,4",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		const char *r = ask(bad[i]);
		cr_assert(r[0] == 'E', "%s -> \"%s\"", bad[i], r);
	}
	/* Unknown packets get the empty reply. */
	cr_assert_str_eq(ask("Jfoo"), "");
	cr_assert_str_eq(ask("qFooBar"), "");
	cr_assert_str_eq(ask("Z9,0,0"), "");
	gdb_stub_free(&stub);
}

Test(gdbstub, random_input_never_crashes)
{
	gdb_stub_init(&stub, d);
	gdb_rx_init(&rx);
	u32 seed = 12345;
	static const char alphabet[] = "$#}*+-\x03mMgGpPqQcszZHTvXk?0123456789abcdef,:;=";
	for (int i = 0; i < 200000; i++) {
		seed = seed * 1103515245 + 12345;
		u8 c = (seed >> 16) & 1 ? alphabet[(seed >> 8) % (sizeof(alphabet) - 1)] : (u8)(seed >> 8);
		if (gdb_rx_feed(&rx, c) == GDB_RX_PACKET && rx.buf[0] != 'c' && rx.buf[0] != 's' &&
		    rx.buf[0] != 'v' && rx.buf[0] != 'C' && rx.buf[0] != 'S')
			gdb_handle(&stub, rx.buf, rx.len, reply, &rlen);
	}
	/* Now a packet body straight into the handler, any bytes. */
	for (int i = 0; i < 20000; i++) {
		u8 pkt[32];
		size_t n = 1 + (i % 31);
		for (size_t k = 0; k < n; k++) {
			seed = seed * 1103515245 + 12345;
			pkt[k] = k == 0 ? "mMgGpPqQHTZzX?"[(seed >> 8) % 14] : alphabet[(seed >> 8) % (sizeof(alphabet) - 1)];
		}
		pkt[n] = 0;
		gdb_handle(&stub, pkt, n, reply, &rlen);
		cr_assert(rlen < GDB_PKT_MAX);
	}
	gdb_stub_free(&stub);
}

/* ---- real gdb ---- */

static int lfd;

/* Where our own "break FUNC" puts a breakpoint (after the prologue). */
static u32 bp_addr(const char *func)
{
	char cmd[64];
	snprintf(cmd, sizeof(cmd), "break %s", func);
	const char *o = run(cmd);
	const char *at = strstr(o, " at 0x");
	cr_assert(at, "%s", o);
	u32 a = (u32)strtoul(at + 4, NULL, 16);
	run("delete");
	return a;
}

static void *serve(void *arg)
{
	gdbstub_serve_listener(d, lfd);
	return NULL;
}

Test(gdbstub, real_gdb_connects_reads_and_breaks)
{
	lfd = gdbstub_listen(0);
	cr_assert(lfd >= 0);
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	getsockname(lfd, (struct sockaddr *)&sa, &sl);
	int port = ntohs(sa.sin_port);
	regs.eip = sym("_start");
	pthread_t th;
	pthread_create(&th, NULL, serve, NULL);
	char cmd[1024];
	snprintf(cmd, sizeof(cmd),
		 "timeout 20 gdb -batch -nx -ex 'set confirm off' -ex 'target remote 127.0.0.1:%d' "
		 "-ex 'p jiffies' -ex 'p init_task.comm' -ex 'info threads' -ex 'p/x $cr3' "
		 "-ex 'break start_kernel' -ex continue -ex 'p/x $eip' -ex 'monitor ps' "
		 "-ex detach %s 2>&1",
		 port, FIXTURE);
	FILE *p = popen(cmd, "r");
	cr_assert(p);
	static char res[16384];
	size_t n = fread(res, 1, sizeof(res) - 1, p);
	res[n] = 0;
	pclose(p);
	pthread_join(th, NULL);
	cr_assert(strstr(res, "$1 = 12345\n"), "%s", res);
	cr_assert(strstr(res, "$2 = \"swapper\\000\\000\\000\\000\\000\\000\\000\\000\"\n"), "%s", res);
	/* qXfer:threads: each task's comm as the name, what it is, the running one. */
	cr_assert(strstr(res, "Thread 3 \"kthreadd\" (pid 2, kernel thread)"), "%s", res);
	cr_assert(strstr(res, "Thread 2 \"init\" (pid 1, user process, running)"), "%s", res);
	cr_assert(strstr(res, "$3 = 0x1000\n"), "%s", res);
	/* gdb puts its breakpoint after the prologue, as our "break" does. */
	cr_assert(strstr(res, "hit Breakpoint 1, start_kernel () at tests/debugger/fixture.c:"), "%s", res);
	char want[64];
	snprintf(want, sizeof(want), "Breakpoint 1 at 0x%x: file tests/debugger/fixture.c, line ", bp_addr("start_kernel"));
	cr_assert(strstr(res, want), "%s", res);
	snprintf(want, sizeof(want), "$4 = 0x%x\n", bp_addr("start_kernel"));
	cr_assert(strstr(res, want), "%s", res);
	cr_assert(strstr(res, "[kthreadd]"), "%s", res);
	cr_assert(strstr(res, "[Inferior 1 (Remote target) detached]"), "%s", res);
}
