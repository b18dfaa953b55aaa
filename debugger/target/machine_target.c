/*
 * The debugger's target for the live machine. Memory is read straight from
 * the bus's RAM and ROM (MMIO only through the bus, so reads of device memory
 * behave as the CPU's would); writes to memory and registers go through the
 * input queue as INPUT_DEBUG_WRITE events delivered at once, so a recording
 * replays them at the same icount. Execution uses machine_run with the CPU's
 * own breakpoint table (blocks end early at those linear addresses) and its
 * single-step mode; kinds the CPU cannot watch by itself (data watchpoints,
 * physical breakpoints with paging on, events without a CPU hook) run the
 * machine one instruction at a time, only while they are set.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "debugger/core/dbg_int.h"
#include "emu/board/disk.h"
#include "debugger/dbg_machine.h"
#include "debugger/gdb/gdbstub.h"
#include "emu/machine/machine.h"
#include "emu/replay/replay.h"
#include "emu/machine/screen.h"
#include "emu/replay/timetravel.h"
#include "emu/replay/vmstate.h"

struct dbg_machine {
	struct machine *m;
	struct dbg *d;
	struct dbg_target t;
	const char *dev_names[32];
	int nphys_bp;		/* physical exec breakpoints (their linear aliases move) */
	bool resync;		/* paging changed: look the aliases up again */
	u32 exc[3];		/* the last exceptions raised (for a triple fault) */
	u32 exc_err[3];
	int nexc;
};

static struct machine *the_machine;	/* for the SIGINT handler */

/* ---- memory ---- */

static int mt_read_phys(void *o, u64 pa, void *buf, u32 len)
{
	struct dbg_machine *dm = o;
	struct bus *bus = &dm->m->bus;
	u8 *out = buf;
	while (len) {
		u32 a = (u32)pa & bus->a20_mask;
		if (pa > 0xffffffffull)
			return -1;
		u32 chunk = PAGE_SIZE - (a & (PAGE_SIZE - 1));
		if (chunk > len)
			chunk = len;
		if (a < bus->ram_size &&
		    (a < LEGACY_HOLE_START || a >= LEGACY_HOLE_END || bus_shadowed(bus, a))) {
			memcpy(out, bus->ram + a, chunk);
		} else if (bus->rom && a >= LEGACY_HOLE_END - bus->rom_size && a < LEGACY_HOLE_END) {
			memcpy(out, bus->rom + (a - (LEGACY_HOLE_END - bus->rom_size)), chunk);
		} else if (bus->rom && a >= 0u - bus->rom_size) {
			memcpy(out, bus->rom + (a - (0u - bus->rom_size)), chunk);
		} else {
			/* Device memory (VGA planes have read side effects: the latches)
			 * is not read, so looking never changes the guest's future. */
			return -1;
		}
		pa += chunk;
		out += chunk;
		len -= chunk;
	}
	return 0;
}

/* Register writes travel as INPUT_WRITE_REG events numbered like dbg_regno. */
_Static_assert(DBG_R_EDI == (int)INPUT_REG_EDI && DBG_R_EIP == (int)INPUT_REG_EIP &&
	       DBG_R_EFLAGS == (int)INPUT_REG_EFLAGS && DBG_R_CS == (int)INPUT_REG_CS &&
	       DBG_R_GS == (int)INPUT_REG_GS, "dbg_regno and input_reg differ");

/* Push a write and deliver it now: the CPU is at an instruction boundary. */
static int push_write(struct dbg_machine *dm, u32 a, u32 b, u32 c)
{
	struct machine *m = dm->m;
	struct input_event ev = { .icount = INPUT_ASAP, .type = INPUT_DEBUG_WRITE, .a = a, .b = b,
				  .c = c };
	if (m->rr) {
		/* A replay stays the recorded run; a recording's past may change. */
		char msg[300];
		int r = rr_before_write(m->rr, msg, sizeof(msg));
		if (r < 0) {
			dbg_err(dm->d, "%s", msg);
			return -1;
		}
		if (r > 0)
			dbg_printf(dm->d, "Recording: %s.\n", msg);
	}
	if (input_push(&m->input, &ev) < 0)
		return -1;
	/* A stop at a breakpoint or a single step comes before the timers due
	 * at this icount have fired; a replay feeds the write from a timer, so
	 * after them. Fire them first, so that both see the same order. */
	clock_run_due(&m->clock);
	input_deliver(&m->input, m->clock.icount);
	return 0;
}

static int mt_write_phys(void *o, u64 pa, const void *buf, u32 len)
{
	struct dbg_machine *dm = o;
	const u8 *p = buf;
	if (pa + len > 0x100000000ull)
		return -1;
	while (len) {
		u32 n = len >= 4 && !(pa & 3) ? 4 : len >= 2 && !(pa & 1) ? 2 : 1;
		u32 v = n == 4 ? ld32(p) : n == 2 ? ld16(p) : p[0];
		if (push_write(dm, (u32)pa, v, n) < 0)
			return -1;
		pa += n;
		p += n;
		len -= n;
	}
	return 0;
}

/* ---- registers ---- */

static void copy_seg(struct dbg_seg *out, const struct seg *s)
{
	out->sel = s->sel;
	out->base = s->base;
	out->limit = s->limit;
	out->attr = s->attr;
}

static void mt_get_regs(void *o, struct dbg_regs *r)
{
	struct dbg_machine *dm = o;
	struct cpu *cpu = dm->m->cpu;
	for (int i = 0; i < 8; i++)
		r->gpr[i] = cpu->regs[i];
	r->eip = cpu->eip;
	r->eflags = cpu_get_eflags(cpu);
	for (int i = 0; i < DBG_NSEG; i++)
		copy_seg(&r->seg[i], &cpu->seg[i]);	/* same encoding order */
	copy_seg(&r->ldtr, &cpu->ldtr);
	copy_seg(&r->tr, &cpu->tr);
	r->gdt_base = cpu->gdtr.base;
	r->gdt_limit = cpu->gdtr.limit;
	r->idt_base = cpu->idtr.base;
	r->idt_limit = cpu->idtr.limit;
	r->cr0 = cpu->cr0;
	r->cr2 = cpu->cr2;
	r->cr3 = cpu->cr3;
	r->cr4 = cpu->cr4;
	memcpy(r->dr, cpu->dr, sizeof(r->dr));
	r->icount = dm->m->clock.icount;
	const struct fpu *f = &cpu->fpu;
	r->has_fpu = cpu->has_fpu;
	if (r->has_fpu) {
		r->fctrl = f->cw;
		r->fstat = f->sw;
		r->ftag = fpu_tag_word(f);
		r->fop = f->fop;
		r->fiseg = f->fcs;
		r->fioff = f->fip;
		r->foseg = f->fds;
		r->fooff = f->fdp;
		for (int i = 0; i < 8; i++) {
			const struct fpu_reg *st = &f->r[(((f->sw >> 11) & 7) + i) & 7];
			st64(r->st[i], st->sig);
			st16(r->st[i] + 8, st->se);
		}
	}
	r->halted = cpu->halted;
}

static int mt_set_reg(void *o, enum dbg_regno reg, u32 val)
{
	struct dbg_machine *dm = o;
	if (reg > DBG_R_GS)
		return -1;	/* control registers: their side effects need the CPU */
	if (reg >= DBG_R_CS && (dm->m->cpu->cr0 & CR0_PE))
		return -1;	/* a protected-mode selector load needs a descriptor */
	return push_write(dm, reg, val, INPUT_WRITE_REG);
}

/* ---- devices ---- */

static int mt_screenshot(void *o, const char *path, char *err, size_t errlen)
{
	struct dbg_machine *dm = o;
	return screen_save_png(dm->m->vga, clock_ns(&dm->m->clock), path, err, errlen);
}

static void mt_info_device(void *o, const char *name,
			   void (*print)(void *ctx, const char *fmt, ...), void *ctx)
{
	struct dbg_machine *dm = o;
	if (!strcmp(name, "tlb")) {
		/* The CPU's software TLB: live entries, then the statistics. */
		static struct tlb_info e[2 * TLB_SIZE];
		struct cpu *cpu = dm->m->cpu;
		int n = mmu_tlb_dump(cpu, e, (int)ARRAY_SIZE(e));
		print(ctx, "TLB: %d live entries (of %u per privilege)\n", n, TLB_SIZE);
		print(ctx, "  linear      physical    tags  flags\n");
		for (int i = 0; i < n; i++)
			print(ctx, "  0x%08x  0x%08x  %c%c%c   %s%s\n", e[i].lin, e[i].phys,
			      e[i].read ? 'r' : '-', e[i].write ? 'w' : '-', e[i].fetch ? 'x' : '-',
			      e[i].user ? "user" : "sup", e[i].global ? " global" : "");
		const struct tlb_stats *st = &cpu->tlb_stats;
		/* Fast-path hits are estimated from per-block counts (cpu.h). */
		u64 looks = st->blocks + st->mem_ops, slow = st->hits + st->misses;
		u64 fast = looks > slow ? looks - slow : 0;
		print(ctx, "hits %llu (fast path ~%llu, slow path %llu)  misses (walks) %llu  "
			   "flushes %llu  invlpg %llu  cr3 loads %llu  page faults %llu\n",
		      (unsigned long long)(fast + st->hits), (unsigned long long)fast,
		      (unsigned long long)st->hits, (unsigned long long)st->misses,
		      (unsigned long long)st->flushes, (unsigned long long)st->page_flushes,
		      (unsigned long long)st->cr3_loads, (unsigned long long)st->faults);
		print(ctx, "fast path counted per block: %llu blocks run (one code lookup "
			   "each), %llu memory operands\n",
		      (unsigned long long)st->blocks, (unsigned long long)st->mem_ops);
		return;
	}
	if (!strcmp(name, "digest")) {
		/* The state digest record/replay compares (registers, RAM,
		 * devices), one line, for scripts comparing two runs. */
		struct vm_digest vd;
		vm_digest(dm->m, &vd);
		print(ctx, "digest icount %llu sum %016llx eip %08x\n",
		      (unsigned long long)vd.icount, (unsigned long long)vm_digest_sum(&vd),
		      vd.regs[8]);
		return;
	}
	struct device *dev = machine_find_device(dm->m, name);
	if (dev && dev->info)
		dev->info(dev->dev, print, ctx);
	else
		print(ctx, "%s: no state to show\n", name);
}

/* ---- execution ---- */

static const char *const exc_short[32] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "#MF9", "#TS", "#NP",
	"#SS", "#GP", "#PF", "#15", "#MF", "#AC", "#MC", "#XM",
};

/* The CPU's event hook: record exceptions, let the catch list decide. */
static bool mt_event(void *o, int ev, u32 a, u32 b)
{
	struct dbg_machine *dm = o;
	static const enum dbg_event map[] = {
		[CPU_EV_EXCEPTION] = DBG_EV_EXCEPTION, [CPU_EV_INTERRUPT] = DBG_EV_INTERRUPT,
		[CPU_EV_CR0] = DBG_EV_MODE, [CPU_EV_CR3] = DBG_EV_CR3, [CPU_EV_TRIPLE] = DBG_EV_TRIPLE,
	};
	if (ev == CPU_EV_EXCEPTION) {
		if (dm->nexc == 3) {
			memmove(dm->exc, dm->exc + 1, 2 * sizeof(u32));
			memmove(dm->exc_err, dm->exc_err + 1, 2 * sizeof(u32));
			dm->nexc--;
		}
		dm->exc[dm->nexc] = a;
		dm->exc_err[dm->nexc++] = b;
	}
	/* Physical breakpoints follow CR0/CR3 writes: stop just after, look the
	 * linear aliases up again, carry on (not a user-visible stop). */
	bool paging_change = (ev == CPU_EV_CR0 || ev == CPU_EV_CR3) && dm->nphys_bp;
	if (paging_change && dm->d->stop.why == DBG_STOP_NONE &&
	    !(dbg_wants(dm->d) & DBG_WANT_EVENT && dbg_check_event(dm->d, map[ev], a, b))) {
		dm->resync = true;
		return true;
	}
	if (paging_change && dm->d->stop.why != DBG_STOP_NONE)
		return true;
	/* Already stopping (the CPU finishes the delivery first): keep the
	 * first report, unless this is the triple fault. */
	if (dm->d->stop.why != DBG_STOP_NONE && ev != CPU_EV_TRIPLE)
		return true;
	if (ev < 0 || ev > CPU_EV_TRIPLE || !dbg_check_event(dm->d, map[ev], a, b)) {
		if (ev == CPU_EV_INTERRUPT || ev == CPU_EV_TRIPLE)
			dm->nexc = 0;
		return false;
	}
	if (ev == CPU_EV_TRIPLE) {
		/* Name the three faults, oldest first. */
		char *m = dm->d->stop.msg;
		size_t n = strlen(m);
		/* The faults as raised: the second arose delivering the first (and
		 * became #DF), the third delivering #DF. */
		static const char *const how[3] = { "", " while delivering it (so #DF)",
						     " while delivering #DF" };
		n += snprintf(m + n, sizeof(dm->d->stop.msg) - n, ": ");
		int first = dm->nexc == 3 ? 0 : 3 - dm->nexc;
		for (int i = 0; i < dm->nexc && n < sizeof(dm->d->stop.msg); i++)
			n += snprintf(m + n, sizeof(dm->d->stop.msg) - n, "%s%s%s (vector %u, error 0x%x)",
				      i ? ", then " : "", dm->exc[i] < 32 && exc_short[dm->exc[i]] ?
				      exc_short[dm->exc[i]] : "?", how[first + i], dm->exc[i],
				      dm->exc_err[i]);
		dm->nexc = 0;
	}
	return true;
}

/* The bus's I/O hook while port watchpoints exist. */
static void mt_io(void *o, u16 port, int size, bool write, u32 val)
{
	struct dbg_machine *dm = o;
	if (dm->d->stop.why == DBG_STOP_NONE && dbg_check_io(dm->d, port, size, write, val)) {
		dm->m->cpu->debug_stop = true;
		cpu_request_exit(dm->m->cpu);	/* right after this instruction */
	}
}

static void arm_events(struct dbg_machine *dm)
{
	struct cpu *cpu = dm->m->cpu;
	/* A stop asked for during the last run (and already reported) must not
	 * end the next one at once. */
	if (cpu->debug_stop) {
		cpu->debug_stop = false;
		cpu->exit_request = false;
	}
	bool want = (dbg_wants(dm->d) & DBG_WANT_EVENT) || dm->nphys_bp;
	cpu->debug_event = want ? mt_event : NULL;
	cpu->debug_opaque = dm;
	dm->m->bus.io_watch = (dbg_wants(dm->d) & DBG_WANT_IO) ? mt_io : NULL;
	dm->m->bus.io_watch_opaque = dm;
	dm->nexc = 0;
}

/* Put the exec breakpoints the CPU can check into its table. */
static bool sync_breakpoints(struct dbg_machine *dm, bool *need_slow)
{
	struct cpu *cpu = dm->m->cpu;
	u32 lin[32];
	u64 phys[32];
	int nl, np;
	dbg_exec_addrs(dm->d, lin, &nl, phys, &np, 32);
	dm->nphys_bp = np;
	while (cpu->n_breakpoints)
		cpu_remove_breakpoint(cpu, cpu->breakpoints[0]);
	bool ok = true;
	for (int i = 0; i < nl && i < 32; i++)
		if (cpu_add_breakpoint(cpu, lin[i]) < 0)
			ok = false;
	/* Physical breakpoints: at every linear address that maps them now
	 * (looked up again at each continue; the check on a hit is physical). */
	for (int i = 0; i < np && i < 32; i++) {
		u32 al[8];
		int na = dbg_phys_to_lin(dm->d, phys[i], al, 8);
		for (int k = 0; k < na; k++)
			if (cpu_add_breakpoint(cpu, al[k]) < 0)
				ok = false;
	}
	if (!ok)
		*need_slow = true;	/* more than the CPU's table holds */
	return ok;
}

static u32 cur_lin(struct cpu *cpu)
{
	return cpu->seg[SEG_CS].base + cpu->eip;
}

static u64 cur_phys(struct dbg_machine *dm)
{
	struct cpu *cpu = dm->m->cpu;
	u64 pa;
	if (dbg_translate(dm->d, cpu->cr0, cpu->cr3, cpu->cr4, cur_lin(cpu), &pa) < 0)
		return ~0ull;
	return pa & dm->m->bus.a20_mask;
}

static enum dbg_stop_reason from_machine(struct dbg_machine *dm, enum machine_stop s)
{
	struct machine *m = dm->m;
	char msg[160];
	switch (s) {
	case MACHINE_EXIT:
		snprintf(msg, sizeof(msg), "isa-debug-exit, status %d", m->exit_status);
		dbg_note_exit(dm->d, msg);
		return DBG_STOP_EXIT;
	case MACHINE_HALTED:
		dbg_note_exit(dm->d, "the CPU halted with interrupts off");
		return DBG_STOP_EXIT;
	case MACHINE_LOCKUP: {
		char why[200];
		lockup_describe(m, why, sizeof(why));
		snprintf(dm->d->stop.msg, sizeof(dm->d->stop.msg), "Hard lockup: %s.", why);
		return DBG_STOP_USER;
	}
	case MACHINE_RESET:
		dm->d->stop.why = DBG_STOP_SHUTDOWN;
		if (!dm->d->stop.msg[0])
			snprintf(dm->d->stop.msg, sizeof(dm->d->stop.msg), "The machine reset (%s).",
				 m->reset_reason ? m->reset_reason : "?");
		return DBG_STOP_SHUTDOWN;
	case MACHINE_IDLE:
		snprintf(dm->d->stop.msg, sizeof(dm->d->stop.msg),
			 "The machine is idle (HLT, nothing scheduled): only input can wake it.");
		return DBG_STOP_USER;
	default:
		return DBG_STOP_USER;
	}
}

/* One instruction (or one interrupt delivery), with the CPU's single-step. */
static enum dbg_stop_reason step_raw(struct dbg_machine *dm, enum machine_stop *ms)
{
	struct machine *m = dm->m;
	struct cpu *cpu = m->cpu;
	cpu->single_step = true;
	cpu->bp_skip = true;
	enum machine_stop s = machine_run(m, m->clock.icount + 1);
	cpu->single_step = false;
	cpu->bp_skip = false;
	*ms = s;
	if (dm->d->stop.why != DBG_STOP_NONE && dm->d->stop.why != DBG_STOP_STEP)
		return dm->d->stop.why;	/* a catch fired inside the step */
	if (s == MACHINE_DEBUG || s == MACHINE_LIMIT)
		return DBG_STOP_STEP;
	if (s == MACHINE_STOPPED && dm->d->stop.why != DBG_STOP_NONE)
		return dm->d->stop.why;
	return from_machine(dm, s);
}

/* A replay has nothing past the recording's last instruction: running on
 * would leave the log and look like a divergence. */
static u64 replay_end(struct dbg_machine *dm)
{
	struct rr *rr = dm->m->rr;
	return rr && rr_is_replay(rr) ? rr_end_icount(rr) : CLOCK_NEVER;
}

static enum dbg_stop_reason at_replay_end(struct dbg_machine *dm)
{
	dm->d->stop.why = DBG_STOP_END;
	snprintf(dm->d->stop.msg, sizeof(dm->d->stop.msg),
		 "The replay reached the end of the recording at icount %llu "
		 "(seek or reverse-stepi go back).", (unsigned long long)dm->m->clock.icount);
	return DBG_STOP_END;
}

/* What ends a run before it starts: a pending Ctrl-C or SIGTERM, or a
 * replay already at its end. DBG_STOP_NONE when it may run. */
static enum dbg_stop_reason cannot_run(struct dbg_machine *dm)
{
	if (dm->d->sigint || dm->d->sigterm)
		return DBG_STOP_USER;
	if (dm->m->clock.icount >= replay_end(dm))
		return at_replay_end(dm);
	return DBG_STOP_NONE;
}

static enum dbg_stop_reason mt_step(void *o)
{
	struct dbg_machine *dm = o;
	enum machine_stop ms;
	dm->d->stop.why = DBG_STOP_NONE;
	enum dbg_stop_reason no = cannot_run(dm);
	if (no != DBG_STOP_NONE)
		return no;
	arm_events(dm);
	return step_raw(dm, &ms);
}

/* Values of the data watchpoints, to compare across a step. */
static void watch_values(struct dbg_machine *dm, u64 *vals)
{
	struct dbg *d = dm->d;
	for (int i = 0; i < d->nbp; i++) {
		struct dbg_bp *b = &d->bp[i];
		u8 buf[8] = { 0 };
		if (b->enabled && (b->kind == BP_WATCH || b->kind == BP_WATCH_PHYS)) {
			u32 n = b->len > 8 ? 8 : b->len;
			if (b->kind == BP_WATCH)
				dbg_read_linear(d, (u32)b->addr, buf, n);
			else
				dbg_read_phys(d, b->addr, buf, n);
		}
		vals[i] = ld64(buf);
	}
}

static bool has_read_watch(const struct dbg *d)
{
	for (int i = 0; i < d->nbp; i++)
		if (d->bp[i].enabled && (d->bp[i].kind == BP_WATCH || d->bp[i].kind == BP_WATCH_PHYS) &&
		    (d->bp[i].access & WATCH_R))
			return true;
	return false;
}

/* Run one instruction at a time, checking what the CPU cannot. */
static enum dbg_stop_reason run_slow(struct dbg_machine *dm, u64 limit)
{
	struct dbg *d = dm->d;
	struct machine *m = dm->m;
	u64 before[DBG_MAX_BP], after[DBG_MAX_BP];
	watch_values(dm, before);
	/* A write watchpoint compares with the memory as it is when the run
	 * starts: after time travel (reverse-continue re-runs each interval
	 * from its checkpoint) or a write by the debugger, the value it saw
	 * last is not the memory's any more. */
	for (int i = 0; i < d->nbp; i++)
		if (d->bp[i].kind == BP_WATCH || d->bp[i].kind == BP_WATCH_PHYS)
			d->bp[i].old_value = before[i];
	bool first = true;
	while (m->clock.icount < limit) {
		u32 lin = cur_lin(m->cpu);
		/* A REP string the last step left between iterations is the
		 * same execution: its breakpoint does not stop it again. */
		if (!first && !m->cpu->rep_resume && (dbg_wants(d) & DBG_WANT_EXEC) &&
		    dbg_check_exec(d, lin, cur_phys(dm)))
			return d->stop.why == DBG_STOP_LIBRARY ? DBG_STOP_LIBRARY : DBG_STOP_BREAK;
		first = false;
		/* Reads are seen in the instruction's operands, before it runs. */
		struct dbg_memop ops[4];
		u64 ops_pa[4];
		int nops = 0;
		if (has_read_watch(d)) {
			struct dbg_regs r;
			dbg_regs(d, &r);
			nops = dbg_mem_operands(d, &r, ops, 4);
			for (int i = 0; i < nops; i++)
				if (dbg_translate(d, r.cr0, r.cr3, r.cr4, ops[i].lin, &ops_pa[i]) < 0)
					ops_pa[i] = ~0ull;
		}
		enum machine_stop ms;
		enum dbg_stop_reason why = step_raw(dm, &ms);
		if (why != DBG_STOP_STEP)
			return why;
		for (int i = 0; i < nops; i++) {
			u32 v = 0;
			if (!ops[i].read)
				continue;
			dbg_read_linear(d, ops[i].lin, &v, ops[i].size > 4 ? 4 : ops[i].size);
			if (dbg_check_mem(d, ops[i].lin, ops_pa[i], ops[i].size, false, v))
				return DBG_STOP_WATCH;
		}
		if (m->stop_pending)
			return DBG_STOP_USER;
		watch_values(dm, after);
		for (int i = 0; i < d->nbp; i++) {
			struct dbg_bp *b = &d->bp[i];
			if (!b->enabled || (b->kind != BP_WATCH && b->kind != BP_WATCH_PHYS) ||
			    before[i] == after[i])
				continue;
			u32 size = b->len > 4 ? 4 : b->len;
			if (dbg_check_mem(d, (u32)b->addr, b->addr, (int)size, true, (u32)after[i]))
				return DBG_STOP_WATCH;
		}
		memcpy(before, after, sizeof(before));
		if (!(dbg_wants(d) & (DBG_WANT_MEM | DBG_WANT_EXEC)))
			break;	/* the last watchpoint went (temporary) */
	}
	return DBG_STOP_LIMIT;
}

static struct dbg *the_dbg;

/* SIGINT (Ctrl-C) breaks into a run; SIGTERM ends the session, whose
 * output is then flushed as in a run without the debugger. */
static void on_signal(int sig)
{
	if (the_dbg) {
		if (sig == SIGINT)
			the_dbg->sigint = 1;
		else
			the_dbg->sigterm = sig;
	}
	if (the_machine)
		machine_request_stop(the_machine);
}

static enum dbg_stop_reason mt_run(void *o, u64 limit)
{
	struct dbg_machine *dm = o;
	struct dbg *d = dm->d;
	struct machine *m = dm->m;
	d->stop.why = DBG_STOP_NONE;
	m->stop_pending = false;	/* a signal since is in d->sigint/sigterm */
	enum dbg_stop_reason no = cannot_run(dm);
	if (no != DBG_STOP_NONE)
		return no;
	u64 ic = dbg_icount_stop(d);
	bool icount_catch = false;
	if (ic != UINT64_MAX && ic > m->clock.icount && ic <= limit) {
		limit = ic;
		icount_catch = true;
	}
	u64 end = replay_end(dm);
	if (limit > end)
		limit = end;
	bool slow = false;
	sync_breakpoints(dm, &slow);
	arm_events(dm);
	if (dbg_wants(d) & DBG_WANT_MEM)
		slow = true;
	enum dbg_stop_reason why;
	if (slow) {
		why = run_slow(dm, limit);
		if (why != DBG_STOP_LIMIT || m->clock.icount >= limit)
			goto out;
	}
	/* Leave the instruction we are stopped on, even if it has a breakpoint. */
	m->cpu->bp_skip = true;
	for (;;) {
		/* Under a polling frontend, in slices: a slice's end is not a
		 * stop (a breakpoint on the next instruction is still seen). */
		u64 to = limit;
		if (d->poll_fn && limit - m->clock.icount > DBG_POLL_SLICE)
			to = m->clock.icount + DBG_POLL_SLICE;
		enum machine_stop s = machine_run(m, to);
		if (s == MACHINE_LIMIT && to < limit && d->stop.why == DBG_STOP_NONE) {
			if (d->poll_fn(d->poll_ctx)) {
				why = DBG_STOP_USER;
				break;
			}
			continue;
		}
		if (s == MACHINE_DEBUG && dm->resync && d->stop.why == DBG_STOP_NONE) {
			/* CR0/CR3 changed under physical breakpoints. */
			dm->resync = false;
			bool slow2 = false;
			sync_breakpoints(dm, &slow2);
			m->cpu->bp_skip = false;	/* the next instruction may be one */
			continue;
		}
		dm->resync = false;
		if (d->stop.why != DBG_STOP_NONE) {
			why = d->stop.why;	/* a catch (the CPU's event hook) */
			break;
		}
		if (s == MACHINE_DEBUG) {
			if (dbg_check_exec(d, cur_lin(m->cpu), cur_phys(dm))) {
				why = d->stop.why == DBG_STOP_LIBRARY ? DBG_STOP_LIBRARY : DBG_STOP_BREAK;
				break;
			}
			m->cpu->bp_skip = true;	/* condition false or ignored: go on */
			continue;
		}
		if (s == MACHINE_LIMIT) {
			why = DBG_STOP_LIMIT;
			break;
		}
		if (s == MACHINE_STOPPED && d->stop.why != DBG_STOP_NONE) {
			why = d->stop.why;
			break;
		}
		why = from_machine(dm, s);
		break;
	}
out:
	if (why == DBG_STOP_LIMIT && icount_catch && dbg_check_icount(d, m->clock.icount))
		why = DBG_STOP_EVENT;
	else if (why == DBG_STOP_LIMIT && m->clock.icount >= end)
		why = at_replay_end(dm);
	return why;
}

static void mt_hw_counters(void *o, struct dbg_hw_counters *c)
{
	struct dbg_machine *dm = o;
	const struct tlb_stats *t = &dm->m->cpu->tlb_stats;
	c->tlb_hits = t->hits;
	c->tlb_misses = t->misses;
	c->tlb_flushes = t->cr3_loads + t->page_flushes;
	c->page_faults = t->faults;
	c->syscalls = dm->m->cpu->nr_syscalls;
}

/* ---- attach ---- */

static const char *const known_devices[] = {
	"pic", "pit", "cmos", "rtc", "uart", "com1", "vga", "ata", "i8042", "kbc", "dma",
	"sb16", "misc", "tlb", "fw_cfg", "speaker", NULL,
};

/* ---- snapshots and time travel (emu/replay/vmstate.c, emu/replay/timetravel.c) ---- */

static int mt_savevm(void *o, const char *path, char *err, size_t errlen)
{
	struct dbg_machine *dm = o;
	/* A snapshot taken mid-recording would start runs the log knows
	 * nothing of (its input events and digests stay in the log). */
	if (dm->m->rr && !rr_is_replay(dm->m->rr)) {
		snprintf(err, errlen, "savevm during a recording is refused: the snapshot would "
			 "not carry the recording's log");
		return -1;
	}
	return vm_save_file(dm->m, path, err, errlen);
}

static int mt_loadvm(void *o, const char *path, char *err, size_t errlen)
{
	struct dbg_machine *dm = o;
	struct machine *m = dm->m;
	if (m->rr) {
		snprintf(err, errlen, "loadvm during %s would break the log",
			 rr_is_replay(m->rr) ? "a replay" : "a recording");
		return -1;
	}
	if (vm_load_file(m, path, err, errlen))
		return -1;
	tt_reset_history(m);
	dm->resync = true;
	return 0;
}

static int mt_seek(void *o, u64 ic, char *err, size_t errlen)
{
	struct dbg_machine *dm = o;
	int r = tt_seek(dm->m, ic, err, errlen);
	dm->resync = true;
	return r;
}

static u64 mt_checkpoint_before(void *o, u64 ic)
{
	struct dbg_machine *dm = o;
	return tt_checkpoint_before(dm->m, ic);
}

static int mt_timetravel(void *o, int on, u64 interval, char *msg, size_t len)
{
	struct dbg_machine *dm = o;
	struct machine *m = dm->m;
	if (on > 0 && tt_enable(m, interval, 0, msg, len))
		return -1;
	if (on == 0)
		tt_disable(m);
	u64 n, bytes, iv;
	tt_stats(m, &n, &bytes, &iv);
	if (!tt_enabled(m))
		snprintf(msg, len, "Time travel is off.");
	else
		snprintf(msg, len, "Time travel is on: %llu checkpoints, %.1f MiB, every %llu "
			 "instructions; history from icount %llu.", (unsigned long long)n,
			 bytes / 1048576.0, (unsigned long long)iv,
			 (unsigned long long)tt_history_start(m));
	return 0;
}

static int mt_read_disk(void *o, int drive, u64 lba, u32 count, void *buf)
{
	struct dbg_machine *dm = o;
	if (drive < 0 || drive > 3 || !dm->m->drives[drive])
		return -1;
	return disk_read(dm->m->drives[drive], lba, count, buf) < 0 ? -1 : 0;
}

struct dbg *dbg_machine_attach(struct machine *m, const struct dbg_options *o)
{
	struct dbg_machine *dm = calloc(1, sizeof(*dm));
	if (!dm)
		return NULL;
	dm->m = m;
	dm->t = (struct dbg_target){
		.opaque = dm, .name = "machine", .read_phys = mt_read_phys,
		.write_phys = mt_write_phys, .get_regs = mt_get_regs, .set_reg = mt_set_reg,
		.run = mt_run, .step = mt_step, .info_device = mt_info_device,
		.screenshot = mt_screenshot, .savevm = mt_savevm, .loadvm = mt_loadvm,
		.seek = mt_seek, .checkpoint_before = mt_checkpoint_before,
		.timetravel = mt_timetravel, .hw_counters = mt_hw_counters,
		.read_disk = mt_read_disk,
		.ips = m->clock.ips, .ram_size = m->bus.ram_size,
	};
	int n = 0;
	dm->dev_names[n++] = "tlb";
	dm->dev_names[n++] = "digest";
	for (struct device *dev = m->devices; dev && n < 30; dev = dev->next)
		dm->dev_names[n++] = dev->name;
	dm->dev_names[n] = NULL;
	dm->t.device_names = dm->dev_names;
	(void)known_devices;
	dm->d = dbg_create(&dm->t);
	if (!dm->d) {
		free(dm);
		return NULL;
	}
	/* Symbols: the kernel (default path if it exists), the BIOS, extras.
	 * Problems with the files the user named go to stderr. */
	dbg_set_output(dm->d, stderr);
	const char *k = o->kernel_symbols;
	if (!k && o->default_kernel && access(o->default_kernel, R_OK) == 0)
		k = o->default_kernel;
	if (k && dbg_load_symbols(dm->d, k) < 0 && o->kernel_symbols) {
		dbg_machine_detach(dm->d);
		return NULL;
	}
	/* The BIOS's symbols fit only the BIOS they were built with. */
	if (o->default_bios_elf && !m->cfg.bios_data && access(o->default_bios_elf, R_OK) == 0)
		dbg_load_symbols(dm->d, o->default_bios_elf);
	for (int i = 0; i < o->nsymbols; i++) {
		if (dbg_load_symbols(dm->d, o->symbols[i]) < 0) {
			dbg_machine_detach(dm->d);
			return NULL;
		}
	}
	dbg_set_output(dm->d, stdout);
	return dm->d;
}

void dbg_machine_detach(struct dbg *d)
{
	if (!d)
		return;
	struct dbg_machine *dm = d->t->opaque;
	struct cpu *cpu = dm->m->cpu;
	while (cpu->n_breakpoints)
		cpu_remove_breakpoint(cpu, cpu->breakpoints[0]);
	cpu->debug_event = NULL;
	cpu->single_step = cpu->bp_skip = false;
	if (cpu->debug_stop) {
		cpu->debug_stop = false;
		cpu->exit_request = false;
	}
	dm->m->bus.io_watch = NULL;
	dbg_destroy(d);
	free(dm);
}

/* ---- the frontend ---- */

/* The frontend's host input (an input script), fed between run slices. */
static void (*feed_fn)(void *ctx);
static void *feed_ctx;

static bool feed_poll(void *ctx)
{
	(void)ctx;
	feed_fn(feed_ctx);
	return false;
}

int dbg_main(struct machine *m, const struct dbg_options *o)
{
	struct dbg *d = dbg_machine_attach(m, o);
	if (!d)
		return 2;	/* a symbol file the user named is unusable (said why) */
	the_machine = m;
	the_dbg = d;
	if (o->feed) {
		feed_fn = o->feed;
		feed_ctx = o->feed_ctx;
		dbg_set_poll_fn(d, feed_poll, NULL);
	}
	struct sigaction sa = { .sa_handler = on_signal };	/* no SA_RESTART: reads end */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	int status = 0;
	bool interactive = o->debug || o->script;
	bool detached = false;
	if (o->gdb_port && (o->gdb_wait || !interactive)) {
		const char *host = o->gdb_host[0] ? o->gdb_host : "127.0.0.1";
		int lfd = gdbstub_listen_on(host, o->gdb_port);
		if (lfd < 0) {
			fprintf(stderr, "lucid: cannot listen on %s:%d for gdb: %s\n", host, o->gdb_port,
				strerror(errno));
			status = 2;
			goto out;
		}
		if (!o->gdb_wait) {
			/* -s alone: run, and let gdb connect whenever it likes. */
			fprintf(stderr, "lucid: gdb stub on %s:%d\n", host, o->gdb_port);
			for (;;) {
				struct pollfd pf = { .fd = lfd, .events = POLLIN };
				if (poll(&pf, 1, 0) > 0)
					break;
				enum machine_stop s = machine_run(m, m->clock.icount + 5000000);
				if (s == MACHINE_STOPPED && d->sigint)
					d->sigterm = SIGINT;	/* no gdb yet: Ctrl-C ends the run */
				if (s != MACHINE_LIMIT && s != MACHINE_DEBUG) {
					close(lfd);
					status = s == MACHINE_EXIT ? m->exit_status : 0;
					goto out;
				}
			}
		}
		if (o->gdb_wait)
			fprintf(stderr, "lucid: waiting for gdb on %s:%d\n", host, o->gdb_port);
		int r = gdbstub_serve_listener(d, lfd);
		if (r == GDB_KILL || d->sigterm)
			goto out;
		detached = true;
	}
	if (o->script) {
		dbg_printf(d, "Stopped at icount %llu.\n", (unsigned long long)m->clock.icount);
		dbg_report_stop(d, DBG_STOP_NONE);
		if (dbg_run_script(d, o->script) < 0)
			status = 1;
		if (d->stop.why == DBG_STOP_EXIT && m->exit_pending == false)
			status = m->exit_status;
	} else if (o->debug) {
		dbg_printf(d, "Lucid386 debugger. Stopped at the reset vector; \"help\" lists commands.\n");
		dbg_report_stop(d, DBG_STOP_NONE);
		dbg_interactive(d);
	} else if (detached) {
		/* No one can go back any more: no checkpoints. */
		tt_disable(m);
		status = DBG_MAIN_RUN_ON;	/* the caller runs the machine on */
	}
out:
	if (d->sigterm)
		fprintf(stderr, "lucid: terminating on signal %d\n", (int)d->sigterm);
	/* The handlers stay: a second signal (timeout(1) sends one to its
	 * child and one to the group) must not kill the process before the
	 * caller has flushed the outputs. With no session they do nothing. */
	the_dbg = NULL;
	the_machine = NULL;
	dbg_machine_detach(d);
	fflush(stdout);
	return status;
}
