/*
 * The gdb remote stub (gdb manual appendix E): packet framing with
 * checksums, escapes and run-length decoding; the i386 target description
 * (E.5 "Target Descriptions": the org.gnu.gdb.i386.core feature gdb requires,
 * plus our own feature with control, descriptor-table and segment-base
 * registers); memory and register access; software and hardware breakpoints
 * and watchpoints through the debugger's own lists; the guest kernel's tasks
 * as threads; and "monitor" passing any debugger command. Everything is
 * answered: unknown packets with the empty reply the protocol defines,
 * malformed ones with an error, never a crash.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <elf.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "debugger/kview/kview.h"
#include "debugger/gdb/gdbstub.h"
#include "emu/board/bus.h"

static const char hexd[] = "0123456789abcdef";

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* ---- packet layer ---- */

void gdb_rx_init(struct gdb_rx *rx)
{
	memset(rx, 0, sizeof(*rx));
}

/* Undo the run-length encoding ("X*n": n - 29 more copies of X) in place
 * into a fresh buffer; escapes were already removed. */
static bool rle_expand(struct gdb_rx *rx)
{
	static u8 tmp[GDB_PKT_MAX];
	size_t j = 0;
	for (size_t i = 0; i < rx->len; i++) {
		if (rx->buf[i] == '*' && i > 0 && i + 1 < rx->len) {
			int n = rx->buf[i + 1] - 29;
			if (n < 0 || j + n > sizeof(tmp))
				return false;
			memset(tmp + j, tmp[j - 1], n);
			j += n;
			i++;
			continue;
		}
		if (j >= sizeof(tmp))
			return false;
		tmp[j++] = rx->buf[i];
	}
	memcpy(rx->buf, tmp, j);
	rx->len = j;
	return true;
}

enum gdb_rx_event gdb_rx_feed(struct gdb_rx *rx, u8 c)
{
	switch (rx->state) {
	case 0:
		if (c == '$') {
			rx->state = 1;
			rx->len = 0;
			rx->sum = 0;
			rx->overflow = false;
			return GDB_RX_NONE;
		}
		if (c == 3)
			return GDB_RX_INTERRUPT;
		if (c == '+')
			return GDB_RX_ACK;
		if (c == '-')
			return GDB_RX_NACK;
		return GDB_RX_NONE;	/* noise between packets */
	case 1:
		if (c == '#') {
			rx->state = 2;
			return GDB_RX_NONE;
		}
		if (c == '$') {
			/* A new packet before the end of the last: restart. */
			rx->len = 0;
			rx->sum = 0;
			return GDB_RX_NONE;
		}
		rx->sum += c;
		if (rx->len < sizeof(rx->buf) - 1)
			rx->buf[rx->len++] = c;
		else
			rx->overflow = true;
		return GDB_RX_NONE;
	case 2: {
		int v = hexval(c);
		rx->want = (u8)(v < 0 ? 0 : v << 4);
		rx->state = v < 0 ? 0 : 3;
		return v < 0 ? GDB_RX_BAD : GDB_RX_NONE;
	}
	default: {
		int v = hexval(c);
		rx->state = 0;
		if (v < 0 || (u8)(rx->want | v) != rx->sum || rx->overflow)
			return GDB_RX_BAD;
		/* Remove escapes ("}" then byte ^ 0x20). */
		size_t j = 0;
		for (size_t i = 0; i < rx->len; i++) {
			if (rx->buf[i] == '}' && i + 1 < rx->len)
				rx->buf[j++] = rx->buf[++i] ^ 0x20;
			else
				rx->buf[j++] = rx->buf[i];
		}
		rx->len = j;
		if (memchr(rx->buf, '*', rx->len) && rx->buf[0] != 'X' && !rle_expand(rx))
			return GDB_RX_BAD;
		rx->buf[rx->len] = 0;
		return GDB_RX_PACKET;
	}
	}
}

size_t gdb_frame(const u8 *data, size_t len, u8 *out)
{
	size_t j = 0;
	u8 sum = 0;
	out[j++] = '$';
	for (size_t i = 0; i < len; i++) {
		u8 c = data[i];
		if (c == '$' || c == '#' || c == '}' || c == '*') {
			out[j++] = '}';
			sum += '}';
			c ^= 0x20;
		}
		out[j++] = c;
		sum += c;
	}
	out[j++] = '#';
	out[j++] = hexd[sum >> 4];
	out[j++] = hexd[sum & 15];
	return j;
}

/* ---- the target description ---- */

/* Register layout of the g packet: gdb's i386 core (32 registers: the
 * x87's st0-st7 and its eight control registers from 16), then ours. */
enum {
	R_CORE = 16,		/* eax..gs, 4 bytes each */
	R_X87 = 16,		/* st0-7 (10 bytes), 8 control words (4 bytes) */
	R_SYS_FIRST = 32,
};
static const char *const sys_regs[] = {
	"cr0", "cr2", "cr3", "cr4", "gdtr_base", "gdtr_limit", "idtr_base", "idtr_limit",
	"ldtr", "tr", "es_base", "cs_base", "ss_base", "ds_base", "fs_base", "gs_base",
};
#define N_SYS (int)(sizeof(sys_regs) / sizeof(sys_regs[0]))
#define N_REGS (R_SYS_FIRST + N_SYS)

static int reg_size(int n)
{
	if (n >= 16 && n < 24)
		return 10;
	return 4;
}

static const char target_xml_head[] =
	"<?xml version=\"1.0\"?>\n"
	"<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
	"<target version=\"1.0\">\n"
	"<architecture>i386</architecture>\n"
	"<feature name=\"org.gnu.gdb.i386.core\">\n"
	"<flags id=\"i386_eflags\" size=\"4\">\n"
	"<field name=\"CF\" start=\"0\" end=\"0\"/><field name=\"\" start=\"1\" end=\"1\"/>\n"
	"<field name=\"PF\" start=\"2\" end=\"2\"/><field name=\"AF\" start=\"4\" end=\"4\"/>\n"
	"<field name=\"ZF\" start=\"6\" end=\"6\"/><field name=\"SF\" start=\"7\" end=\"7\"/>\n"
	"<field name=\"TF\" start=\"8\" end=\"8\"/><field name=\"IF\" start=\"9\" end=\"9\"/>\n"
	"<field name=\"DF\" start=\"10\" end=\"10\"/><field name=\"OF\" start=\"11\" end=\"11\"/>\n"
	"<field name=\"NT\" start=\"14\" end=\"14\"/><field name=\"RF\" start=\"16\" end=\"16\"/>\n"
	"<field name=\"VM\" start=\"17\" end=\"17\"/><field name=\"AC\" start=\"18\" end=\"18\"/>\n"
	"<field name=\"VIF\" start=\"19\" end=\"19\"/><field name=\"VIP\" start=\"20\" end=\"20\"/>\n"
	"<field name=\"ID\" start=\"21\" end=\"21\"/>\n"
	"</flags>\n"
	"<reg name=\"eax\" bitsize=\"32\" type=\"int32\" regnum=\"0\"/>\n"
	"<reg name=\"ecx\" bitsize=\"32\" type=\"int32\"/>\n"
	"<reg name=\"edx\" bitsize=\"32\" type=\"int32\"/>\n"
	"<reg name=\"ebx\" bitsize=\"32\" type=\"int32\"/>\n"
	"<reg name=\"esp\" bitsize=\"32\" type=\"data_ptr\"/>\n"
	"<reg name=\"ebp\" bitsize=\"32\" type=\"data_ptr\"/>\n"
	"<reg name=\"esi\" bitsize=\"32\" type=\"int32\"/>\n"
	"<reg name=\"edi\" bitsize=\"32\" type=\"int32\"/>\n"
	"<reg name=\"eip\" bitsize=\"32\" type=\"code_ptr\"/>\n"
	"<reg name=\"eflags\" bitsize=\"32\" type=\"i386_eflags\"/>\n"
	"<reg name=\"cs\" bitsize=\"32\" type=\"int32\"/>\n"
	"<reg name=\"ss\" bitsize=\"32\" type=\"int32\"/>\n"
	"<reg name=\"ds\" bitsize=\"32\" type=\"int32\"/>\n"
	"<reg name=\"es\" bitsize=\"32\" type=\"int32\"/>\n"
	"<reg name=\"fs\" bitsize=\"32\" type=\"int32\"/>\n"
	"<reg name=\"gs\" bitsize=\"32\" type=\"int32\"/>\n"
	"<reg name=\"st0\" bitsize=\"80\" type=\"i387_ext\"/>\n"
	"<reg name=\"st1\" bitsize=\"80\" type=\"i387_ext\"/>\n"
	"<reg name=\"st2\" bitsize=\"80\" type=\"i387_ext\"/>\n"
	"<reg name=\"st3\" bitsize=\"80\" type=\"i387_ext\"/>\n"
	"<reg name=\"st4\" bitsize=\"80\" type=\"i387_ext\"/>\n"
	"<reg name=\"st5\" bitsize=\"80\" type=\"i387_ext\"/>\n"
	"<reg name=\"st6\" bitsize=\"80\" type=\"i387_ext\"/>\n"
	"<reg name=\"st7\" bitsize=\"80\" type=\"i387_ext\"/>\n"
	"<reg name=\"fctrl\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
	"<reg name=\"fstat\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
	"<reg name=\"ftag\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
	"<reg name=\"fiseg\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
	"<reg name=\"fioff\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
	"<reg name=\"foseg\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
	"<reg name=\"fooff\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
	"<reg name=\"fop\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
	"</feature>\n"
	"<feature name=\"org.lucid386.i386.system\">\n";

static size_t target_xml(char *buf, size_t len)
{
	size_t j = snprintf(buf, len, "%s", target_xml_head);
	for (int i = 0; i < N_SYS && j < len; i++)
		j += snprintf(buf + j, len - j,
			      "<reg name=\"%s\" bitsize=\"32\" type=\"%s\" group=\"system\"/>\n",
			      sys_regs[i], i < 4 || strstr(sys_regs[i], "base") ? "data_ptr" : "int32");
	if (j < len)
		j += snprintf(buf + j, len - j, "</feature>\n</target>\n");
	return j < len ? j : len;
}

/* ---- registers ---- */

/* The register file of a thread: the live registers for the running task;
 * for a sleeping one, what its switch frame saved (thread.sp and thread.ip;
 * switch_to pushed EFLAGS and EBP there, a new task's stack starts at
 * ret_from_fork with neither). Registers the switch frame does not hold
 * (EAX ECX EDX EBX ESI EDI: switch_to tells the compiler they are lost) are
 * set in *unavail (bit = gdb's register number), sent as "xxxxxxxx". */
static void thread_regs(struct gdb_stub *s, struct dbg_regs *r, u32 *unavail)
{
	dbg_regs(s->d, r);
	*unavail = 0;
	if (s->cur_thread <= 0 || !s->ntask)
		return;
	u32 cur = kview_current_task(s->d);
	for (int i = 0; i < s->ntask; i++) {
		if ((int)dbg_task_pid(s->d, s->task[i]) + 1 != s->cur_thread || s->task[i] == cur)
			continue;
		u64 sp, ip;
		char e[128];
		snprintf(e, sizeof(e), "((struct task_struct *)0x%x)->thread.sp", s->task[i]);
		if (expr_eval_u64(&s->d->ex, e, &sp) < 0)
			return;
		snprintf(e, sizeof(e), "((struct task_struct *)0x%x)->thread.ip", s->task[i]);
		if (expr_eval_u64(&s->d->ex, e, &ip) < 0)
			return;
		r->gpr[DBG_ESP] = (u32)sp;
		r->eip = (u32)ip;
		*unavail = 1u << 0 | 1u << 1 | 1u << 2 | 1u << 3 | 1u << 6 | 1u << 7;
		u32 off;
		const struct dbg_sym *fs = sym_lookup_addr(dbg_symtab(s->d), (u32)ip, &off);
		u32 frame[2];
		if (fs && !off && !strcmp(fs->name, "ret_from_fork")) {
			r->gpr[DBG_EBP] = 0;	/* the first frame of the task */
			*unavail |= 1u << 9;
		} else if (dbg_read_linear(s->d, (u32)sp, frame, 8) == 0) {
			r->gpr[DBG_EBP] = frame[0];
			r->eflags = frame[1];
		} else {
			*unavail |= 1u << 5 | 1u << 9;
		}
	}
}

/* gdb has no segments: in real and virtual-8086 mode it gets the linear
 * address CS.base + IP as "eip", so its breakpoints and symbols (linear)
 * match; in protected mode eip is eip. */
static bool seg_mode(const struct dbg_regs *r)
{
	return !(r->cr0 & 1) || (r->eflags & 0x20000);
}

static u32 gdb_pc(const struct dbg_regs *r)
{
	return seg_mode(r) ? r->seg[DBG_CS].base + (r->eip & 0xffff) : r->eip;
}

/* The inverse, for writes of eip. */
static u32 gdb_eip_to_cpu(struct dbg *d, u32 v)
{
	struct dbg_regs r;
	dbg_regs(d, &r);
	return seg_mode(&r) ? (v - r.seg[DBG_CS].base) & 0xffff : v;
}

static u32 reg_value(const struct dbg_regs *r, int n)
{
	static const int seg_of[] = { DBG_CS, DBG_SS, DBG_DS, DBG_ES, DBG_FS, DBG_GS };
	if (n < 8)
		return r->gpr[n];
	if (n == 8)
		return gdb_pc(r);
	if (n == 9)
		return r->eflags;
	if (n < 16)
		return r->seg[seg_of[n - 10]].sel;
	if (n < R_SYS_FIRST) {
		const u32 fr[8] = { r->fctrl, r->fstat, r->ftag, r->fiseg, r->fioff, r->foseg,
				    r->fooff, r->fop };
		return fr[n - 24];
	}
	switch (n - R_SYS_FIRST) {
	case 0: return r->cr0;
	case 1: return r->cr2;
	case 2: return r->cr3;
	case 3: return r->cr4;
	case 4: return r->gdt_base;
	case 5: return r->gdt_limit;
	case 6: return r->idt_base;
	case 7: return r->idt_limit;
	case 8: return r->ldtr.sel;
	case 9: return r->tr.sel;
	default: return r->seg[n - R_SYS_FIRST - 10].base;
	}
}

static size_t put_reg(const struct dbg_regs *r, int n, char *out, u32 unavail)
{
	int size = reg_size(n);
	if (n < 32 && (unavail >> n & 1)) {
		memset(out, 'x', (size_t)size * 2);
		return (size_t)size * 2;
	}
	if (size == 10) {
		for (int i = 0; i < 10; i++) {
			out[i * 2] = hexd[r->st[n - 16][i] >> 4];
			out[i * 2 + 1] = hexd[r->st[n - 16][i] & 15];
		}
		return 20;
	}
	u32 v = reg_value(r, n);
	for (int i = 0; i < 4; i++) {
		out[i * 2] = hexd[(v >> (i * 8 + 4)) & 15];
		out[i * 2 + 1] = hexd[(v >> (i * 8)) & 15];
	}
	return 8;
}

/* gdb register number -> our set_reg number, or -1 for read-only ones. */
static int reg_writable(int n)
{
	static const enum dbg_regno map[] = {
		DBG_R_EAX, DBG_R_ECX, DBG_R_EDX, DBG_R_EBX, DBG_R_ESP, DBG_R_EBP, DBG_R_ESI,
		DBG_R_EDI, DBG_R_EIP, DBG_R_EFLAGS, DBG_R_CS, DBG_R_SS, DBG_R_DS, DBG_R_ES,
		DBG_R_FS, DBG_R_GS,
	};
	if (n < 16)
		return map[n];
	if (n >= R_SYS_FIRST && n < R_SYS_FIRST + 4)
		return (int[]){ DBG_R_CR0, DBG_R_CR2, DBG_R_CR3, DBG_R_CR4 }[n - R_SYS_FIRST];
	return -1;
}

static bool parse_hex_u32(const char **p, u32 *v)
{
	u64 x = 0;
	int digits = 0;
	while (hexval(**p) >= 0) {
		x = (x << 4) | hexval(**p);
		(*p)++;
		if (++digits > 8)
			return false;
	}
	*v = (u32)x;
	return digits > 0;
}

/* Little-endian hex of size bytes -> value. */
static bool parse_le_hex(const char *p, int size, u64 *v)
{
	*v = 0;
	for (int i = 0; i < size; i++) {
		int hi = hexval(p[i * 2]), lo = hexval(p[i * 2 + 1]);
		if (hi < 0 || lo < 0)
			return false;
		*v |= (u64)(hi << 4 | lo) << (i * 8);
	}
	return true;
}

/* ---- stub ---- */

void gdb_stub_init(struct gdb_stub *s, struct dbg *d)
{
	memset(s, 0, sizeof(*s));
	s->d = d;
	s->t = d->t;
}

void gdb_stub_free(struct gdb_stub *s)
{
	free(s->mon);
	s->mon = NULL;
}

static void refresh_threads(struct gdb_stub *s)
{
	s->ntask = dbg_task_list(s->d, s->task, (int)ARRAY_SIZE(s->task));
}

static int current_tid(struct gdb_stub *s)
{
	if (!s->ntask)
		refresh_threads(s);
	u32 cur = s->ntask ? kview_current_task(s->d) : 0;
	return cur ? (int)dbg_task_pid(s->d, cur) + 1 : 1;
}

/* ---- library events ---- */

static size_t libraries_xml(struct gdb_stub *s, char *xml, size_t size);

static u32 lib_hash(const char *xml, size_t n)
{
	u32 h = 2166136261u;	/* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (u8)xml[i]) * 16777619u;
	return h;
}

/* Has the library list changed since gdb last read it? */
static bool libraries_changed(struct gdb_stub *s)
{
	static char xml[16384];
	size_t n = libraries_xml(s, xml, sizeof(xml));
	return lib_hash(xml, n) != s->lib_sig;
}

/* len bytes at vaddr from the ELF file a symbol came from (its PT_LOADs):
 * the kernel's code as built, readable before the kernel is in memory
 * (gdb connects at the reset vector). 0, or -1. */
static int elf_read(const char *path, u32 vaddr, void *buf, u32 len)
{
	FILE *f = path ? fopen(path, "rb") : NULL;
	Elf32_Ehdr eh;
	int rc = -1;
	if (!f)
		return -1;
	if (fread(&eh, sizeof(eh), 1, f) == 1 && !memcmp(eh.e_ident, ELFMAG, SELFMAG) &&
	    eh.e_ident[EI_CLASS] == ELFCLASS32 && eh.e_phentsize == sizeof(Elf32_Phdr))
		for (int i = 0; i < eh.e_phnum && rc < 0; i++) {
			Elf32_Phdr ph;
			if (fseek(f, (long)(eh.e_phoff + i * sizeof(ph)), SEEK_SET) ||
			    fread(&ph, sizeof(ph), 1, f) != 1)
				break;
			if (ph.p_type != PT_LOAD || vaddr < ph.p_vaddr ||
			    (u64)vaddr + len > (u64)ph.p_vaddr + ph.p_filesz)
				continue;
			if (!fseek(f, (long)(ph.p_offset + (vaddr - ph.p_vaddr)), SEEK_SET) &&
			    fread(buf, len, 1, f) == 1)
				rc = 0;
			break;
		}
	fclose(f);
	return rc;
}

/* The return address of a call to callee inside function fn (0: none). */
static u32 call_return(struct dbg *d, const char *fn, u32 callee)
{
	const struct dbg_sym *f = sym_lookup_name(dbg_symtab(d), fn);
	u8 code[4096];
	if (!f || !f->size || f->size > sizeof(code) || elf_read(f->file, f->addr, code, f->size))
		return 0;
	for (u32 i = 0; i + 5 <= f->size; i++) {
		u32 rel = code[i + 1] | code[i + 2] << 8 | code[i + 3] << 16 | (u32)code[i + 4] << 24;
		if (code[i] == 0xe8 && f->addr + i + 5 + rel == callee)
			return f->addr + i + 5;
	}
	return 0;
}

/* Where the library list changes: a module laid out and relocated, its
 * init not yet run (do_init_module), and a new program in place (the
 * return from do_execve, in sys_execve and kernel_execve). The stub stops
 * there, and when gdb's list is out of date says so with "library:" in the
 * stop reply; gdb then reads qXfer:libraries again and runs on by itself. */
static void library_hooks(struct gdb_stub *s)
{
	u32 hooks[4];
	int n = 0;
	const struct dbg_sym *m = sym_lookup_name(dbg_symtab(s->d), "do_init_module");
	const struct dbg_sym *x = sym_lookup_name(dbg_symtab(s->d), "do_execve");
	if (m)
		hooks[n++] = m->addr;
	static const char *const execs[] = { "sys_execve", "kernel_execve" };
	for (int i = 0; x && i < 2; i++) {
		u32 r = call_return(s->d, execs[i], x->addr);
		if (r)
			hooks[n++] = r;
	}
	dbg_set_library_hooks(s->d, hooks, n);
	if (getenv("LUCID_GDB_TRACE"))
		for (int i = 0; i < n; i++)
			fprintf(stderr, "gdb: library hook at 0x%08x\n", hooks[i]);
}

size_t gdb_stop_reply(struct gdb_stub *s, enum dbg_stop_reason why, u8 *out)
{
	int sig = why == DBG_STOP_USER ? 2 : why == DBG_STOP_SHUTDOWN ? 11 : 5;
	if (why == DBG_STOP_EXIT)
		return sprintf((char *)out, "W%02x", 0);
	s->ntask = 0;
	int tid = current_tid(s);
	size_t n = sprintf((char *)out, "T%02xthread:%x;", sig, tid);
	if (why == DBG_STOP_WATCH && s->d->stop.bp >= 0 && s->d->stop.bp < s->d->nbp) {
		struct dbg_bp *b = &s->d->bp[s->d->stop.bp];
		if (b->kind == BP_WATCH)
			n += sprintf((char *)out + n, "%s:%llx;",
				     b->access == WATCH_W ? "watch" : b->access == WATCH_R ? "rwatch" : "awatch",
				     (unsigned long long)s->d->stop.addr);
	} else if (why == DBG_STOP_BREAK) {
		n += sprintf((char *)out + n, "swbreak:;");
	} else if (why == DBG_STOP_END) {
		/* gdb's reason for "no more recorded history" (E.3 Stop Reply Packets). */
		n += sprintf((char *)out + n, "replaylog:end;");
	} else if (why == DBG_STOP_LIBRARY) {
		n += sprintf((char *)out + n, "library:;");
	}
	return n;
}

static void mon_out(void *ctx, const char *str)
{
	struct gdb_stub *s = ctx;
	size_t n = strlen(str);
	if (s->mon_len + n + 1 > s->mon_cap) {
		size_t cap = (s->mon_len + n + 1) * 2;
		char *m = realloc(s->mon, cap);
		if (!m)
			return;
		s->mon = m;
		s->mon_cap = cap;
	}
	memcpy(s->mon + s->mon_len, str, n + 1);
	s->mon_len += n;
}

/* Z/z: our breakpoint list does the work; gdb's ids are hidden behind the
 * address. type 0/1 exec, 2 write, 3 read, 4 access watch. */
static bool z_packet(struct gdb_stub *s, bool insert, int type, u32 addr, u32 len)
{
	struct dbg *d = s->d;
	static const char *const cmd[] = { "break", "hbreak", "watch", "rwatch", "awatch" };
	static const int access[] = { 0, 0, WATCH_W, WATCH_R, WATCH_RW };
	if (type < 0 || type > 4)
		return false;
	if (!insert) {
		for (int i = 0; i < d->nbp; i++) {
			struct dbg_bp *b = &d->bp[i];
			bool exec = b->kind == BP_EXEC && type <= 1;
			bool watch = b->kind == BP_WATCH && type >= 2 &&
				     b->access == (type == 2 ? WATCH_W : type == 3 ? WATCH_R : WATCH_RW);
			if ((exec || watch) && b->addr == addr && !strncmp(b->what, "gdb", 3)) {
				char id[16];
				snprintf(id, sizeof(id), "%d", b->id);
				dbg_bp_delete(d, id);
				return true;
			}
		}
		return true;	/* removing what is not there is not an error */
	}
	char args[96];
	if (type <= 1)
		snprintf(args, sizeof(args), "*0x%x", addr);
	else
		snprintf(args, sizeof(args), "0x%x len %u", addr, len ? len : 1);
	/* The confirmation text goes nowhere: gdb only wants OK. */
	FILE *saved = d->out;
	void (*sfn)(void *, const char *) = d->out_fn;
	void *sctx = d->out_ctx;
	FILE *null = fopen("/dev/null", "w");
	if (null)
		dbg_set_output(d, null);
	int rc = type <= 1 ? dbg_bp_break(d, args, false) : dbg_bp_watch(d, args, access[type]);
	d->out = saved;
	d->out_fn = sfn;
	d->out_ctx = sctx;
	if (null)
		fclose(null);
	if (rc < 0)
		return false;
	snprintf(d->bp[d->nbp - 1].what, sizeof(d->bp[0].what), "gdb %s 0x%x", cmd[type], addr);
	return true;
}

static size_t hex_encode(const u8 *in, size_t n, u8 *out)
{
	for (size_t i = 0; i < n; i++) {
		out[i * 2] = hexd[in[i] >> 4];
		out[i * 2 + 1] = hexd[in[i] & 15];
	}
	return n * 2;
}

#define REPLY(...) (*olen = snprintf((char *)out, GDB_PKT_MAX, __VA_ARGS__), GDB_REPLY)

/* One "OFFSET,LENGTH" piece of an object gdb reads with qXfer: 'm' and
 * more to come, or 'l' and the last. */
static enum gdb_action xfer_chunk(const char *obj, size_t len, const char *q, u8 *out, size_t *olen)
{
	u32 off, n;
	if (!parse_hex_u32(&q, &off) || *q++ != ',' || !parse_hex_u32(&q, &n))
		return REPLY("E01");
	if (off >= len)
		return REPLY("l");
	if (n > GDB_PKT_MAX / 2)
		n = GDB_PKT_MAX / 2;
	size_t chunk = len - off < n ? len - off : n;
	out[0] = off + chunk < len ? 'm' : 'l';
	memcpy(out + 1, obj + off, chunk);
	*olen = chunk + 1;
	return GDB_REPLY;
}

/* gdb's shared libraries: every loaded module (its .ko on the host, with
 * its sections' addresses), and the running process's program: the ELF
 * read from the guest's disk into a host file, at its own addresses, so
 * gdb loads its symbols (user code's) beside the kernel's (none in a
 * kernel thread). */
static size_t libraries_xml(struct gdb_stub *s, char *xml, size_t size)
{
	size_t n = snprintf(xml, size, "<library-list>\n");
	n += kview_modules_xml(s->d, xml + n, size - n - 64);
	u32 cur = kview_current_task(s->d), vaddr;
	char host[128];
	if (cur && kview_task_exe_file(s->d, cur, host, sizeof(host), &vaddr) == 0 && vaddr)
		n += snprintf(xml + n, size - n,
			      "<library name=\"%s\"><segment address=\"0x%x\"/></library>\n", host,
			      vaddr);
	n += snprintf(xml + n, size - n, "</library-list>\n");
	return n < size ? n : size - 1;
}

/* The tasks as gdb's thread list: each with its comm as the name gdb's
 * "info threads" shows, and whether it is a user process or a kernel
 * thread. */
static size_t threads_xml(struct gdb_stub *s, char *xml, size_t size)
{
	refresh_threads(s);
	u32 cur = s->ntask ? kview_current_task(s->d) : 0;
	size_t n = snprintf(xml, size, "<?xml version=\"1.0\"?>\n<threads>\n");
	for (int i = 0; i < s->ntask && n + 256 < size; i++) {
		char comm[20];
		u64 pid = dbg_task_pid(s->d, s->task[i]);
		dbg_task_comm(s->d, s->task[i], comm, sizeof(comm));
		for (char *c = comm; *c; c++)
			if (*c == '<' || *c == '>' || *c == '&' || *c == '"')
				*c = '_';
		bool user = kview_task_field(s->d, s->task[i], "mm", 0) != 0;
		n += snprintf(xml + n, size - n,
			      "<thread id=\"%llx\" core=\"0\" name=\"%s\">pid %llu, %s%s</thread>\n",
			      (unsigned long long)pid + 1, comm, (unsigned long long)pid,
			      user ? "user process" : "kernel thread",
			      s->task[i] == cur ? ", running" : "");
	}
	n += snprintf(xml + n, size - n, "</threads>\n");
	return n < size ? n : size - 1;
}

static enum gdb_action pkt_query(struct gdb_stub *s, const char *p, size_t len, u8 *out,
				 size_t *olen)
{
	if (!strncmp(p, "qSupported", 10))
		return REPLY("PacketSize=%x;qXfer:features:read+;qXfer:threads:read+;qXfer:libraries:read+;swbreak+;hwbreak+;"
			     "QStartNoAckMode+;vContSupported+%s", GDB_PKT_MAX - 16,
			     s->d->t->seek ? ";ReverseStep+;ReverseContinue+" : "");
	if (!strcmp(p, "qAttached"))
		return REPLY("1");
	if (!strcmp(p, "qC"))
		return REPLY("QC%x", current_tid(s));
	if (!strcmp(p, "qSymbol::"))
		return REPLY("OK");
	if (!strcmp(p, "qOffsets"))
		return REPLY("Text=0;Data=0;Bss=0");
	if (!strncmp(p, "qXfer:features:read:target.xml:", 31)) {
		static char xml[8192];
		size_t xl = target_xml(xml, sizeof(xml));
		return xfer_chunk(xml, xl, p + 31, out, olen);
	}
	if (!strncmp(p, "qXfer:libraries:read::", 22)) {
		static char xml[16384];
		size_t xl = libraries_xml(s, xml, sizeof(xml));
		s->lib_sig = lib_hash(xml, xl);
		return xfer_chunk(xml, xl, p + 22, out, olen);
	}
	if (!strncmp(p, "qXfer:threads:read::", 20)) {
		static char xml[65536];
		size_t xl = threads_xml(s, xml, sizeof(xml));
		return xfer_chunk(xml, xl, p + 20, out, olen);
	}
	if (!strncmp(p, "qXfer:", 6))
		return REPLY("E00");
	if (!strcmp(p, "qfThreadInfo")) {
		refresh_threads(s);
		s->next_info = 0;
		if (!s->ntask)
			return REPLY("m1");
		size_t n = snprintf((char *)out, GDB_PKT_MAX, "m");
		for (int i = 0; i < s->ntask && n < GDB_PKT_MAX - 16; i++)
			n += snprintf((char *)out + n, GDB_PKT_MAX - n, "%s%llx", i ? "," : "",
				      (unsigned long long)dbg_task_pid(s->d, s->task[i]) + 1);
		s->next_info = s->ntask;
		*olen = n;
		return GDB_REPLY;
	}
	if (!strcmp(p, "qsThreadInfo"))
		return REPLY("l");
	if (!strncmp(p, "qThreadExtraInfo,", 17)) {
		const char *q = p + 17;
		u32 tid;
		if (!parse_hex_u32(&q, &tid))
			return REPLY("E01");
		char text[96] = "CPU 0";
		if (!s->ntask)
			refresh_threads(s);
		for (int i = 0; i < s->ntask; i++) {
			if (dbg_task_pid(s->d, s->task[i]) + 1 != tid)
				continue;
			char comm[20];
			dbg_task_comm(s->d, s->task[i], comm, sizeof(comm));
			snprintf(text, sizeof(text), "pid %u %s%s", tid - 1, comm,
				 s->task[i] == kview_current_task(s->d) ? " (running)" : "");
		}
		*olen = hex_encode((u8 *)text, strlen(text), out);
		return GDB_REPLY;
	}
	if (!strncmp(p, "qRcmd,", 6)) {
		char cmd[1024];
		size_t n = (len - 6) / 2;
		if (n >= sizeof(cmd) || (len - 6) % 2)
			return REPLY("E01");
		for (size_t i = 0; i < n; i++) {
			int hi = hexval(p[6 + i * 2]), lo = hexval(p[7 + i * 2]);
			if (hi < 0 || lo < 0)
				return REPLY("E01");
			cmd[i] = (char)(hi << 4 | lo);
		}
		cmd[n] = 0;
		s->mon_len = 0;
		if (s->mon)
			s->mon[0] = 0;
		FILE *saved = s->d->out;
		void (*sfn)(void *, const char *) = s->d->out_fn;
		void *sctx = s->d->out_ctx;
		dbg_set_output_fn(s->d, mon_out, s);
		int rc = dbg_command(s->d, cmd);
		s->d->out = saved;
		s->d->out_fn = sfn;
		s->d->out_ctx = sctx;
		/* The output travels as hex in the reply itself (gdb prints it). */
		size_t ml = s->mon_len < GDB_PKT_MAX / 2 - 2 ? s->mon_len : GDB_PKT_MAX / 2 - 2;
		if (!ml)
			return REPLY(rc < 0 ? "E01" : "OK");
		*olen = hex_encode((u8 *)s->mon, ml, out);
		return GDB_REPLY;
	}
	if (!strncmp(p, "qTStatus", 8) || !strncmp(p, "qTfV", 4) || !strncmp(p, "qTfP", 4))
		return (*olen = 0, GDB_REPLY);
	return (*olen = 0, GDB_REPLY);
}

/* A packet handler: p is the packet (NUL-terminated, len bytes), the reply
 * goes to out with its length in *olen. */
typedef enum gdb_action gdb_pkt_fn(struct gdb_stub *s, const char *p, size_t len, u8 *out,
				   size_t *olen);

/* '?': why the target stopped. */
static enum gdb_action pkt_why(struct gdb_stub *s, const char *p, size_t len, u8 *out,
				 size_t *olen)
{
	*olen = gdb_stop_reply(s, DBG_STOP_STEP, out);
	return GDB_REPLY;
}

/* g: all registers, in the target description's order. */
static enum gdb_action pkt_read_regs(struct gdb_stub *s, const char *p, size_t len, u8 *out,
				 size_t *olen)
{
	struct dbg_regs r;
	u32 unavail;
	thread_regs(s, &r, &unavail);
	size_t n = 0;
	for (int i = 0; i < N_REGS; i++)
		n += put_reg(&r, i, (char *)out + n, unavail);
	*olen = n;
	return GDB_REPLY;
}

/* G: write the writable registers that differ from their current value. */
static enum gdb_action pkt_write_regs(struct gdb_stub *s, const char *p, size_t len, u8 *out,
				 size_t *olen)
{
	struct dbg *d = s->d;
	struct dbg_regs r;
	/* Write the writable registers that differ from their current value. */
	dbg_regs(d, &r);
	const char *q = p + 1;
	size_t need = 0;
	for (int i = 0; i < N_REGS; i++)
		need += reg_size(i) * 2;
	if (len - 1 < 16 * 8)
		return REPLY("E01");
	for (int i = 0; i < N_REGS && (size_t)(q - p) + reg_size(i) * 2 <= len; i++) {
		u64 v;
		if (reg_size(i) == 4) {
			if (!parse_le_hex(q, 4, &v))
				return REPLY("E01");
			int w = reg_writable(i);
			if (i == 8)
				v = gdb_eip_to_cpu(d, (u32)v);
			if (w >= 0 && (u32)v != (i == 8 ? r.eip : reg_value(&r, i)) && d->t->set_reg &&
			    d->t->set_reg(d->t->opaque, w, (u32)v) < 0)
				return REPLY("E02");
		}
		q += reg_size(i) * 2;
	}
	(void)need;
	return REPLY("OK");
}

/* p N: one register. */
static enum gdb_action pkt_read_reg(struct gdb_stub *s, const char *p, size_t len, u8 *out,
				 size_t *olen)
{
	struct dbg_regs r;
	const char *q = p + 1;
	u32 n;
	if (!parse_hex_u32(&q, &n) || *q)
		return REPLY("E01");
	if (n >= N_REGS)
		return REPLY("E00");
	u32 unavail;
	thread_regs(s, &r, &unavail);
	*olen = put_reg(&r, (int)n, (char *)out, unavail);
	return GDB_REPLY;
}

/* P N=VALUE: write one register. */
static enum gdb_action pkt_write_reg(struct gdb_stub *s, const char *p, size_t len, u8 *out,
				 size_t *olen)
{
	struct dbg *d = s->d;
	const char *q = p + 1;
	u32 n;
	u64 v;
	if (!parse_hex_u32(&q, &n) || *q++ != '=' || n >= N_REGS)
		return REPLY("E01");
	if (reg_size(n) != 4 || strlen(q) != 8 || !parse_le_hex(q, 4, &v))
		return REPLY(reg_size(n) == 10 ? "OK" : "E01");
	int w = reg_writable((int)n);
	if (n == 8)
		v = gdb_eip_to_cpu(d, (u32)v);
	if (w < 0 || !d->t->set_reg || d->t->set_reg(d->t->opaque, w, (u32)v) < 0)
		return REPLY("E02");
	return REPLY("OK");
}

/* m ADDR,LEN: read memory (linear addresses). */
static enum gdb_action pkt_read_mem(struct gdb_stub *s, const char *p, size_t len, u8 *out,
				 size_t *olen)
{
	struct dbg *d = s->d;
	const char *q = p + 1;
	u32 addr, n;
	if (!parse_hex_u32(&q, &addr) || *q++ != ',' || !parse_hex_u32(&q, &n) || *q)
		return REPLY("E01");
	if (n > GDB_PKT_MAX / 2 - 8)
		n = GDB_PKT_MAX / 2 - 8;
	static u8 buf[GDB_PKT_MAX / 2];
	/* A partial read answers with the bytes that could be read. */
	u32 got = 0;
	while (got < n) {
		u32 chunk = PAGE_SIZE - ((addr + got) & (PAGE_SIZE - 1));
		if (chunk > n - got)
			chunk = n - got;
		if (dbg_read_linear(d, addr + got, buf + got, chunk) != 0)
			break;
		got += chunk;
	}
	if (!got && n)
		return REPLY("E14");
	*olen = hex_encode(buf, got, out);
	return GDB_REPLY;
}

/* M ADDR,LEN:HEX and X ADDR,LEN:BINARY: write memory. */
static enum gdb_action pkt_write_mem(struct gdb_stub *s, const char *p, size_t len, u8 *out,
				 size_t *olen)
{
	struct dbg *d = s->d;
	const char *q = p + 1;
	u32 addr, n;
	if (!parse_hex_u32(&q, &addr) || *q++ != ',' || !parse_hex_u32(&q, &n) || *q++ != ':')
		return REPLY("E01");
	static u8 buf[GDB_PKT_MAX];
	size_t avail = len - (size_t)(q - p);
	if (p[0] == 'M') {
		if (avail != (size_t)n * 2)
			return REPLY("E01");
		for (u32 i = 0; i < n; i++) {
			int hi = hexval(q[i * 2]), lo = hexval(q[i * 2 + 1]);
			if (hi < 0 || lo < 0)
				return REPLY("E01");
			buf[i] = (u8)(hi << 4 | lo);
		}
	} else {
		if (avail != n)
			return REPLY("E01");
		memcpy(buf, q, n);
	}
	if (n && dbg_write_linear(d, addr, buf, n) != 0)
		return REPLY("E14");
	return REPLY("OK");
}

/* bs, bc: reverse step and continue (time travel, emu/replay/timetravel.c). */
static enum gdb_action pkt_reverse(struct gdb_stub *s, const char *p, size_t len, u8 *out,
				 size_t *olen)
{
	struct dbg *d = s->d;
	struct dbg_regs r;
	if (!d->t->seek || (strcmp(p, "bs") && strcmp(p, "bc")))
		return REPLY("E01");
	if (p[1] == 's') {
		char err[256];
		dbg_regs(d, &r);
		if (!r.icount || d->t->seek(d->t->opaque, r.icount - 1, err, sizeof(err)))
			return REPLY("E01");
		*olen = gdb_stop_reply(s, DBG_STOP_STEP, out);
		return GDB_REPLY;
	}
	if (dbg_command(d, "reverse-continue") < 0)
		return REPLY("E01");
	*olen = gdb_stop_reply(s, DBG_STOP_BREAK, out);
	return GDB_REPLY;
}

/* c, s, C SIG, S SIG [;ADDR]: continue or step, from ADDR if given. */
static enum gdb_action pkt_resume(struct gdb_stub *s, const char *p, size_t len, u8 *out,
				 size_t *olen)
{
	struct dbg *d = s->d;
	/* An optional resume address (c ADDR): set eip first. */
	const char *q = p + 1;
	if (p[0] == 'C' || p[0] == 'S') {
		u32 sig;
		if (!parse_hex_u32(&q, &sig))
			return REPLY("E01");
		if (*q == ';')
			q++;
	}
	u32 addr;
	if (*q) {
		if (!parse_hex_u32(&q, &addr) || *q)
			return REPLY("E01");
		if (d->t->set_reg)
			d->t->set_reg(d->t->opaque, DBG_R_EIP, gdb_eip_to_cpu(d, addr));
	}
	if (!d->t->run)
		return REPLY("E01");
	return tolower(p[0]) == 'c' ? GDB_CONTINUE : GDB_STEP;
}

/* vCont?, vCont;ACTION, vKill, vMustReplyEmpty. */
static enum gdb_action pkt_v(struct gdb_stub *s, const char *p, size_t len, u8 *out,
				 size_t *olen)
{
	struct dbg *d = s->d;
	if (!strcmp(p, "vCont?"))
		return REPLY("vCont;c;C;s;S");
	if (!strncmp(p, "vCont;", 6)) {
		/* We have one CPU: the first action decides. */
		char a = p[6];
		if (!d->t->run)
			return REPLY("E01");
		if (a == 'c' || a == 'C')
			return GDB_CONTINUE;
		if (a == 's' || a == 'S')
			return GDB_STEP;
		return REPLY("E01");
	}
	if (!strncmp(p, "vKill", 5))
		return (*olen = snprintf((char *)out, GDB_PKT_MAX, "OK"), GDB_KILL);
	if (!strncmp(p, "vMustReplyEmpty", 15))
		return (*olen = 0, GDB_REPLY);
	return (*olen = 0, GDB_REPLY);
}

/* Hg/Hc TID: the thread later g/p packets read. */
static enum gdb_action pkt_set_thread(struct gdb_stub *s, const char *p, size_t len, u8 *out,
				 size_t *olen)
{
	if (len < 3 || (p[1] != 'g' && p[1] != 'c'))
		return REPLY("E01");
	const char *q = p + 2;
	int tid;
	if (!strcmp(q, "-1") || !strcmp(q, "0")) {
		tid = 0;
	} else {
		u32 t;
		if (!parse_hex_u32(&q, &t) || *q)
			return REPLY("E01");
		tid = (int)t;
	}
	if (p[1] == 'g')
		s->cur_thread = tid;
	return REPLY("OK");
}

/* T TID: is the thread alive. */
static enum gdb_action pkt_thread_alive(struct gdb_stub *s, const char *p, size_t len, u8 *out,
				 size_t *olen)
{
	struct dbg *d = s->d;
	const char *q = p + 1;
	u32 tid;
	if (!parse_hex_u32(&q, &tid) || *q)
		return REPLY("E01");
	if (!s->ntask)
		refresh_threads(s);
	if (!s->ntask)
		return REPLY(tid == 1 ? "OK" : "E01");
	for (int i = 0; i < s->ntask; i++)
		if (dbg_task_pid(d, s->task[i]) + 1 == tid)
			return REPLY("OK");
	return REPLY("E01");
}

/* Z/z TYPE,ADDR,KIND: insert or remove a breakpoint or watchpoint. */
static enum gdb_action pkt_breakpoint(struct gdb_stub *s, const char *p, size_t len, u8 *out,
				 size_t *olen)
{
	const char *q = p + 1;
	u32 type, addr, kind;
	if (!parse_hex_u32(&q, &type) || *q++ != ',' || !parse_hex_u32(&q, &addr) ||
	    *q++ != ',' || !parse_hex_u32(&q, &kind))
		return REPLY("E01");
	if (type > 4)
		return (*olen = 0, GDB_REPLY);
	return REPLY(z_packet(s, p[0] == 'Z', (int)type, addr, kind) ? "OK" : "E01");
}

/* QStartNoAckMode; other Q packets are not supported. */
static enum gdb_action pkt_set(struct gdb_stub *s, const char *p, size_t len, u8 *out,
				 size_t *olen)
{
	if (!strcmp(p, "QStartNoAckMode")) {
		s->no_ack = true;
		return REPLY("OK");
	}
	return (*olen = 0, GDB_REPLY);
}

/* D: detach (the guest runs on). */
static enum gdb_action pkt_detach(struct gdb_stub *s, const char *p, size_t len, u8 *out,
				 size_t *olen)
{
	*olen = snprintf((char *)out, GDB_PKT_MAX, "OK");
	return GDB_DETACH;
}

/* k: kill (end the session). */
static enum gdb_action pkt_kill(struct gdb_stub *s, const char *p, size_t len, u8 *out,
				 size_t *olen)
{
	*olen = 0;
	return GDB_KILL;
}

/* The packets by their first letter (gdb manual E.4 "Packets"); any other
 * gets the empty reply, which the protocol defines as "not supported". */
static gdb_pkt_fn *const packet_handlers[128] = {
	['?'] = pkt_why,
	['g'] = pkt_read_regs,
	['G'] = pkt_write_regs,
	['p'] = pkt_read_reg,
	['P'] = pkt_write_reg,
	['m'] = pkt_read_mem,
	['M'] = pkt_write_mem,
	['X'] = pkt_write_mem,
	['b'] = pkt_reverse,
	['c'] = pkt_resume,
	['s'] = pkt_resume,
	['C'] = pkt_resume,
	['S'] = pkt_resume,
	['v'] = pkt_v,
	['H'] = pkt_set_thread,
	['T'] = pkt_thread_alive,
	['Z'] = pkt_breakpoint,
	['z'] = pkt_breakpoint,
	['q'] = pkt_query,
	['Q'] = pkt_set,
	['D'] = pkt_detach,
	['k'] = pkt_kill,
};

enum gdb_action gdb_handle(struct gdb_stub *s, const u8 *pkt, size_t len, u8 *out, size_t *olen)
{
	const char *p = (const char *)pkt;
	*olen = 0;
	if (!len || (u8)p[0] >= ARRAY_SIZE(packet_handlers) || !packet_handlers[(u8)p[0]])
		return GDB_REPLY;
	return packet_handlers[(u8)p[0]](s, p, len, out, olen);
}

/* ---- transport ---- */

int gdbstub_listen_on(const char *host, int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((u16)port) };
	if (!host || !*host || !strcmp(host, "localhost"))
		host = "127.0.0.1";	/* the default: never beyond this host */
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
		errno = EINVAL;
		return -1;
	}
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 1) < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

int gdbstub_listen(int port)
{
	return gdbstub_listen_on(NULL, port);
}

/* A second gdb while one is connected: told so in one line and closed. The
 * protocol has no "busy" reply before a session starts; gdb shows the
 * connection closing, and the line is there for anyone using nc. */
static void refuse_client(int lfd)
{
	static const char msg[] = "lucid: the gdb stub already has a client; one at a time\n";
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	int fd = accept(lfd, (struct sockaddr *)&sa, &sl);
	if (fd < 0)
		return;
	char who[INET_ADDRSTRLEN] = "?";
	inet_ntop(AF_INET, &sa.sin_addr, who, sizeof(who));
	fprintf(stderr, "lucid: gdb stub: refused a second client from %s:%u (one at a time)\n",
		who, ntohs(sa.sin_port));
	send(fd, msg, sizeof(msg) - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
	close(fd);
}

/* Wait for the client's next bytes, refusing other clients meanwhile;
 * timeout_ms as poll(). True when fd has bytes (or was closed). */
static bool wait_client(int fd, int lfd, int timeout_ms)
{
	for (;;) {
		struct pollfd pf[2] = { { .fd = fd, .events = POLLIN }, { .fd = lfd, .events = POLLIN } };
		int n = poll(pf, lfd >= 0 ? 2 : 1, timeout_ms);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0;
		if (lfd >= 0 && (pf[1].revents & POLLIN))
			refuse_client(lfd);
		if (pf[0].revents)
			return true;
		if (timeout_ms == 0)
			return false;
	}
}

static int send_all(int fd, const u8 *b, size_t n)
{
	while (n) {
		ssize_t w = send(fd, b, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

static int send_packet(int fd, const u8 *data, size_t len)
{
	static u8 framed[GDB_PKT_MAX * 2 + 8];
	size_t n = gdb_frame(data, len, framed);
	return send_all(fd, framed, n);
}

/* Run the target in slices, polling the socket for Ctrl-C between them.
 * Slicing does not change the guest: time is the instruction count. */
static enum dbg_stop_reason run_interruptible(struct gdb_stub *s, int fd, int lfd)
{
	const u64 slice = 2000000;
	for (;;) {
		struct dbg_regs r;
		dbg_regs(s->d, &r);
		enum dbg_stop_reason why = s->t->run(s->t->opaque, r.icount + slice);
		if (why != DBG_STOP_LIMIT)
			return why;
		/* The frontend's turn between slices (an input script's typing). */
		if (s->d->poll_fn && s->d->poll_fn(s->d->poll_ctx))
			return DBG_STOP_USER;
		if (wait_client(fd, lfd, 0)) {
			u8 c;
			ssize_t n = recv(fd, &c, 1, MSG_PEEK);
			if (n <= 0)
				return DBG_STOP_USER;	/* gdb went away */
			if (c == 3) {
				recv(fd, &c, 1, 0);
				return DBG_STOP_USER;
			}
		}
	}
}

int gdbstub_serve(struct dbg *d, int port)
{
	int lfd = gdbstub_listen(port);
	if (lfd < 0) {
		dbg_err(d, "gdbstub: cannot listen on 127.0.0.1:%d: %s", port, strerror(errno));
		return -1;
	}
	fprintf(stderr, "lucid: waiting for gdb on 127.0.0.1:%d\n", port);
	return gdbstub_serve_listener(d, lfd);
}

int gdbstub_serve_listener(struct dbg *d, int lfd)
{
	int fd;
	do
		fd = accept(lfd, NULL, NULL);
	while (fd < 0 && errno == EINTR && !d->sigterm);
	if (fd < 0 && d->sigterm) {
		close(lfd);
		return GDB_KILL;
	}
	if (fd < 0) {
		dbg_err(d, "gdbstub: accept: %s", strerror(errno));
		close(lfd);
		return -1;
	}
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	struct gdb_stub s;
	gdb_stub_init(&s, d);
	library_hooks(&s);
	static struct gdb_rx rx;
	gdb_rx_init(&rx);
	static u8 reply[GDB_PKT_MAX];
	size_t rlen = 0;
	int result = GDB_DETACH;
	/* LUCID_GDB_TRACE=1 shows the conversation on stderr. */
	bool trace = getenv("LUCID_GDB_TRACE") != NULL;
	for (;;) {
		u8 buf[4096];
		wait_client(fd, lfd, -1);
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		if (d->sigterm)
			break;
		d->sigint = 0;	/* Ctrl-C at the emulator's terminal while gdb waits */
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;	/* gdb closed the connection: like a detach */
		for (ssize_t i = 0; i < n; i++) {
			enum gdb_rx_event ev = gdb_rx_feed(&rx, buf[i]);
			if (ev == GDB_RX_BAD) {
				send_all(fd, (const u8 *)"-", 1);
				continue;
			}
			if (ev == GDB_RX_NACK) {
				send_packet(fd, reply, rlen);
				continue;
			}
			if (ev == GDB_RX_INTERRUPT) {
				rlen = gdb_stop_reply(&s, DBG_STOP_USER, reply);
				send_packet(fd, reply, rlen);
				continue;
			}
			if (ev != GDB_RX_PACKET)
				continue;
			if (!s.no_ack)
				send_all(fd, (const u8 *)"+", 1);
			if (trace)
				fprintf(stderr, "gdb> %.*s\n", (int)rx.len, rx.buf);
			enum gdb_action act = gdb_handle(&s, rx.buf, rx.len, reply, &rlen);
			if (act == GDB_CONTINUE || act == GDB_STEP) {
				/* Resumed from a breakpoint that sat on a library hook:
				 * the hook's news first, without running. */
				bool news = act == GDB_CONTINUE && s.lib_on_resume && libraries_changed(&s);
				s.lib_on_resume = false;
				enum dbg_stop_reason why = news ? DBG_STOP_LIBRARY : act == GDB_STEP
					? s.t->step(s.t->opaque) : run_interruptible(&s, fd, lfd);
				/* A library hook where nothing gdb knows changed: on. */
				while (why == DBG_STOP_LIBRARY && act == GDB_CONTINUE &&
				       !libraries_changed(&s) && !d->sigterm)
					why = run_interruptible(&s, fd, lfd);
				if (d->sigterm)
					goto done;
				d->sigint = 0;	/* reported to gdb as SIGINT */
				s.lib_on_resume = why == DBG_STOP_BREAK && d->stop.lib_pending;
				rlen = gdb_stop_reply(&s, why, reply);
			}
			if (trace)
				fprintf(stderr, "gdb< %.*s\n", (int)(rlen > 200 ? 200 : rlen), reply);
			if (act != GDB_KILL || rlen)
				send_packet(fd, reply, rlen);
			if (act == GDB_DETACH || act == GDB_KILL) {
				result = act;
				goto done;
			}
		}
	}
done:
	dbg_set_library_hooks(d, NULL, 0);
	/* A client that went away mid-packet leaves a partial one: dropped. */
	close(fd);
	close(lfd);
	gdb_stub_free(&s);
	return result;
}
