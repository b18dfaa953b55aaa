/*
 * Stack frames and their local variables, as gdb shows them: backtrace
 * (and bt full), frame selection (frame, up, down), info frame, info
 * locals, info args, and the lookup that lets expressions name the selected
 * frame's locals and parameters.
 *
 * Physical frames come from the DWARF call frame information (DWARF 5
 * section 6.4) where the code has it, from the i386 EBP chain ([ebp] =
 * caller's ebp, [ebp+4] = return address) where it does not. Only frame 0's
 * registers are all known. Going up, a register is known in the caller when
 * the callee's CFI saved it (or gives its value), or when the CFI has no rule
 * for a callee-saved register (EBX, EBP, ESI, EDI survive calls) that was
 * known in the callee; the call-clobbered EAX, ECX and EDX are lost above
 * frame 0 (System V i386 ABI, "Function Calling Sequence").
 *
 * Within a physical frame, each inlined call containing the pc is a frame of
 * its own (DW_TAG_inlined_subroutine, DWARF 5 section 3.3.8), as gdb shows
 * them: same registers and CFA, its own parameters and locals, and the call's
 * line (DW_AT_call_file/call_line) for the function it sits in. The scopes
 * are walked down from the concrete function with libdw's dwarf_haspc
 * (lexical blocks, section 3.5, only where they hold the pc);
 * dwarf_getlocation_addr picks the location expression valid at the pc out
 * of a location list (section 2.6.2). The expressions (sections 2.5 and
 * 2.6.1) are evaluated here against the frame's registers and the guest's
 * memory, DW_OP_entry_value through the caller's call site (section 3.4.2).
 * In outer frames the pc used for all of this is the return address minus
 * one, inside the call, since the return address may belong to the next
 * line or block.
 */
#include <dwarf.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "debugger/core/dbg_int.h"

#define ALL_REGS 0x1ffu		/* DWARF registers 0-8: eax..edi, eip */
#define DWREG_ESP 4
#define DWREG_EBP 5
#define DWREG_EIP 8

static const char *const dwreg_name[9] = { "eax", "ecx", "edx", "ebx", "esp",
					   "ebp", "esi", "edi", "eip" };

static int fr_read(void *ctx, u32 addr, void *buf, u32 len)
{
	return dbg_read_linear(ctx, addr, buf, len);
}

/* The pc to look up blocks, lines and location lists with. */
static u32 frame_look(const struct dbg_frame *f)
{
	return f->outer ? f->pc - 1 : f->pc;
}

static int count_inlines(struct dbg *d, const struct dbg_frame *f);

/* ---- unwinding ---- */

/* Fill f's own unwind facts (CFA, saved registers, caller) and, when there
 * is a caller, its frame into *up. */
/* Where a task's stack begins: a new task's first code (ret_from_fork calls
 * the thread's function) has no caller, only what an earlier task left on
 * the stack. Linux's unwinders stop there too (ORC's UNWIND_HINT_EMPTY). */
static bool stack_bottom(struct dbg *d, const struct dbg_frame *f)
{
	u32 off;
	const struct dbg_sym *s = sym_lookup_addr(d->st, frame_look(f), &off);
	return s && (!strcmp(s->name, "ret_from_fork") || !strcmp(s->name, "ret_from_kernel_thread"));
}

static bool find_call_site(Dwarf_Die *scope, u32 ret, Dwarf_Die *site, int depth);

static const char *die_name(Dwarf_Die *die);

/* The concrete (out-of-line) function a call site calls. With defined_here,
 * only a function defined in the call site's own compilation unit: gdb
 * builds tail-call frames only from such call sites (a call to an extern
 * function, whose DIE here is a declaration, gets none: kthread's call of
 * kzalloc, which jumps to kmalloc), and frame numbers must agree with it. */
static bool call_target(struct dbg *d, Dwarf_Die *site, bool defined_here, Dwarf_Die *fn,
			const char **name)
{
	Dwarf_Attribute at;
	Dwarf_Die o;
	u32 addr;
	if (!dwarf_attr(site, DW_AT_call_origin, &at) && !dwarf_attr(site, DW_AT_abstract_origin, &at))
		return false;
	if (!dwarf_formref_die(&at, &o) || !(*name = die_name(&o)))
		return false;
	if (defined_here && dwarf_hasattr(&o, DW_AT_declaration))
		return false;
	return dw_find_func(d->dw, *name, fn, &addr);
}

/* A chain of tail calls from function from to the function named to, at
 * most max deep: the pcs after each jump, innermost first (into pcs[]).
 * How many, or 0 when there is none. */
static int tail_chain(struct dbg *d, Dwarf_Die *from, const char *to, u32 *pcs, int max)
{
	Dwarf_Die c, fn;
	if (max <= 0 || dwarf_child(from, &c) != 0)
		return 0;
	do {
		int tag = dwarf_tag(&c);
		Dwarf_Attribute at;
		Dwarf_Addr ret;
		const char *name;
		if ((tag != DW_TAG_call_site && tag != DW_TAG_GNU_call_site) ||
		    (!dwarf_hasattr(&c, DW_AT_call_tail_call) && !dwarf_hasattr(&c, DW_AT_GNU_tail_call)) ||
		    !(dwarf_attr(&c, DW_AT_call_return_pc, &at) || dwarf_attr(&c, DW_AT_low_pc, &at)) ||
		    dwarf_formaddr(&at, &ret) != 0 || !call_target(d, &c, false, &fn, &name))
			continue;
		if (!strcmp(name, to)) {
			pcs[0] = (u32)ret;
			return 1;
		}
		int n = tail_chain(d, &fn, to, pcs, max - 1);
		if (n) {
			pcs[n] = (u32)ret;
			return n + 1;
		}
	} while (dwarf_siblingof(&c, &c) == 0);
	return 0;
}

/* The call site in from, or in a function it reaches by tail calls (at most
 * max deep), that jumps to the function named to: into *site. */
static bool tail_site_to(struct dbg *d, Dwarf_Die *from, const char *to, Dwarf_Die *site, int max)
{
	Dwarf_Die c, fn;
	if (max <= 0 || dwarf_child(from, &c) != 0)
		return false;
	do {
		int tag = dwarf_tag(&c);
		const char *name;
		if ((tag != DW_TAG_call_site && tag != DW_TAG_GNU_call_site) ||
		    (!dwarf_hasattr(&c, DW_AT_call_tail_call) && !dwarf_hasattr(&c, DW_AT_GNU_tail_call)) ||
		    !call_target(d, &c, false, &fn, &name))
			continue;
		if (!strcmp(name, to)) {
			*site = c;
			return true;
		}
		if (tail_site_to(d, &fn, to, site, max - 1))
			return true;
	} while (dwarf_siblingof(&c, &c) == 0);
	return false;
}

/* up is f's caller: if its call went to another function that reached f's
 * through tail calls, put those functions' frames in between, as gdb does
 * (do_pre_smp_initcalls jumps to do_initcall_range). */
static void add_tail_frames(struct dbg *d, const struct dbg_frame *f, struct dbg_frame *up)
{
	Dwarf_Die callee, caller, site, target;
	const char *tname, *fname;
	u32 pcs[4];
	if (!dw_func_at(d->dw, frame_look(f), &callee, NULL, NULL) || !(fname = die_name(&callee)) ||
	    !dw_func_at(d->dw, up->pc - 1, &caller, NULL, NULL) ||
	    !find_call_site(&caller, up->pc, &site, 0) || !call_target(d, &site, true, &target, &tname) ||
	    !strcmp(tname, fname))
		return;
	int n = tail_chain(d, &target, fname, pcs, 3);
	if (!n)
		return;
	/* Outward: pcs[n-1] .. pcs[0] are the tail callers from the caller's
	 * callee down; the innermost, pcs[0], comes first. */
	u32 real = up->pc;
	up->tail = true;
	up->ntail = n;
	up->pc = up->regs[DWREG_EIP] = pcs[0];
	for (int i = 1; i < n; i++)
		up->tail_pc[i - 1] = pcs[i];
	up->tail_pc[n - 1] = real;
	up->ninl = count_inlines(d, up);
}


/* The entry code's calls into C, and where the pt_regs pointer they pass
 * sits relative to the stack pointer after the call returns: the system
 * call entries push only the pointer; the exception and IRQ path pushes
 * the pointer and the vector (an argument slot the C code may reuse, so
 * the vector is not read back from it). */
static const struct { const char *name; u8 kind; } entry_code[] = {
	{ "entry_INT80_32", FRAME_ENTRY_SYSCALL },
	{ "entry_SYSENTER_32", FRAME_ENTRY_SYSCALL },
	{ "common_exception", FRAME_ENTRY_TRAP },
};

static bool in_vsyscall(struct dbg *d, u32 pc);

/* Where a call that came in by SYSENTER goes back to: the vDSO's landing
 * pad (the entry leaves pt_regs.ip 0 until do_fast_syscall_32 fills it in).
 * The vDSO is where the task's mm says it is mapped; the pad is found by
 * its code. 0 if not found. */
static u32 sysenter_return(struct dbg *d, u32 regs)
{
	u64 vdso;
	char e[96];
	snprintf(e, sizeof(e), "((struct thread_info *)0x%x)->task->mm->vdso", regs & ~8191u);
	if (expr_eval_u64(&d->ex, e, &vdso) < 0 || !vdso)
		return 0;
	for (u32 a = (u32)vdso; a < (u32)vdso + 4096; a += 4) {
		u32 w;
		if (dbg_read_linear(d, a, &w, 4) != 0)
			return 0;
		/* The pad is 4-byte aligned after the 32-aligned entry (+9 is not):
		 * look at every byte of each word. */
		for (u32 b = 0; b < 4; b++)
			if (((w >> (8 * b)) & 0xff) == 0x5d && in_vsyscall(d, a + b))
				return a + b;
	}
	return 0;
}

/* f returned into the entry code: its caller is the context the entry
 * interrupted, all of whose registers the pt_regs holds (a user program in
 * a system call or a fault, or kernel code an interrupt came into). So the
 * backtrace goes on there, as gdb goes on past "<signal handler called>". */
static bool entry_frame(struct dbg *d, struct dbg_frame *f, struct dbg_frame *up)
{
	u32 off, p[2], pt[PT_N];
	if (!f->outer || !(f->known & 1u << DWREG_ESP))
		return false;
	const struct dbg_sym *s = sym_lookup_addr(d->st, f->pc - 1, &off);
	int kind = FRAME_ENTRY_NONE;
	for (size_t i = 0; s && i < sizeof(entry_code) / sizeof(entry_code[0]); i++)
		if (!strcmp(s->name, entry_code[i].name))
			kind = entry_code[i].kind;
	u32 esp = f->regs[DWREG_ESP];
	if (!kind || dbg_read_linear(d, esp, p, sizeof(p)) != 0 ||
	    p[0] != esp + (kind == FRAME_ENTRY_TRAP ? 8 : 4) ||
	    dbg_read_linear(d, p[0], pt, PT_SP * 4) != 0)
		return false;
	bool user = (pt[PT_CS] & 3) == 3 || (pt[PT_FLAGS] & 0x20000);
	if (user && dbg_read_linear(d, p[0] + PT_SP * 4, pt + PT_SP, 8) != 0)
		return false;
	if (kind == FRAME_ENTRY_SYSCALL && user && !pt[PT_IP])
		pt[PT_IP] = sysenter_return(d, p[0]);
	f->entry = (u8)kind;
	f->entry_nr = pt[PT_ORIG_AX];
	f->has_cfa = true;
	f->cfa = p[0] + (user ? PT_N : PT_SP) * 4;
	static const u8 slot[8] = { PT_AX, PT_CX, PT_DX, PT_BX, 0, PT_BP, PT_SI, PT_DI };
	f->saved = (ALL_REGS & ~(1u << DWREG_ESP)) | (user ? 1u << DWREG_ESP : 0);
	for (int r = 0; r < 8; r++)
		f->saved_at[r] = p[0] + slot[r] * 4;
	f->saved_at[DWREG_ESP] = p[0] + PT_SP * 4;
	f->saved_at[DWREG_EIP] = p[0] + PT_IP * 4;
	memset(up, 0, sizeof(*up));
	up->level = f->level + (f->ninl - f->inl) + 1;
	up->interrupted = true;
	up->code32 = !(pt[PT_FLAGS] & 0x20000);
	up->user = user;
	for (int r = 0; r < 8; r++)
		up->regs[r] = pt[slot[r]];
	up->regs[DWREG_ESP] = user ? pt[PT_SP] : p[0] + PT_SP * 4;
	up->regs[DWREG_EIP] = up->pc = pt[PT_IP];
	up->known = ALL_REGS;
	up->ninl = count_inlines(d, up);
	f->has_caller = true;
	f->caller_pc = up->pc;
	return true;
}

/* The vDSO's __kernel_vsyscall (guest/arch/x86/vdso/vdso32.S, as Linux's):
 * push ecx, edx, ebp; mov esp, ebp; sysenter; int $0x80; then the landing
 * pad, where a system call returns: pop ebp, edx, ecx; ret. It has no call
 * frame information, so it is recognised by these bytes, and unwound from
 * the pad by what it pushed. off: the pc's offset in it. */
static const u8 vsyscall_code[] = { 0x51, 0x52, 0x55, 0x89, 0xe5, 0x0f, 0x34, 0xcd, 0x80,
				    0x5d, 0x5a, 0x59, 0xc3 };
#define VSYSCALL_PAD 9

static bool in_vsyscall(struct dbg *d, u32 pc)
{
	u8 code[sizeof(vsyscall_code)];
	return pc < 0xc0000000u && pc >= VSYSCALL_PAD &&
	       dbg_read_linear(d, pc - VSYSCALL_PAD, code, sizeof(code)) == 0 &&
	       !memcmp(code, vsyscall_code, sizeof(code));
}

static bool vsyscall_frame(struct dbg *d, struct dbg_frame *f, struct dbg_frame *up)
{
	u32 sp = f->regs[DWREG_ESP], st[4];
	if (!(f->known & 1u << DWREG_ESP) || !in_vsyscall(d, f->pc) ||
	    dbg_read_linear(d, sp, st, sizeof(st)) != 0)
		return false;
	f->vdso = true;
	f->has_cfa = true;
	f->cfa = sp + 16;
	f->saved = 1u << DWREG_EBP | 1u << 2 | 1u << 1 | 1u << DWREG_EIP;
	f->saved_at[DWREG_EBP] = sp;
	f->saved_at[2] = sp + 4;
	f->saved_at[1] = sp + 8;
	f->saved_at[DWREG_EIP] = sp + 12;
	memset(up, 0, sizeof(*up));
	up->level = f->level + (f->ninl - f->inl) + 1;
	up->outer = true;
	up->code32 = true;
	up->user = f->user;
	memcpy(up->regs, f->regs, sizeof(up->regs));
	up->regs[DWREG_EBP] = st[0];
	up->regs[2] = st[1];
	up->regs[1] = st[2];
	up->regs[DWREG_EIP] = up->pc = st[3];
	up->regs[DWREG_ESP] = sp + 16;
	up->known = (f->known & (1u << 3 | 1u << 6 | 1u << 7)) | 1u << 1 | 1u << 2 |
		    1u << DWREG_ESP | 1u << DWREG_EBP | 1u << DWREG_EIP;
	up->ninl = count_inlines(d, up);
	f->has_caller = true;
	f->caller_pc = up->pc;
	return true;
}

/* Does a call end just before ret (the return address)? With target set,
 * only a direct call (E8 rel32) to target. */
static bool call_before(struct dbg *d, u32 ret, u32 target)
{
	u8 c[7];
	if (ret < 7 || dbg_read_linear(d, ret - 7, c, sizeof(c)) != 0)
		return false;
	if (c[2] == 0xe8) {
		u32 rel = c[3] | c[4] << 8 | c[5] << 16 | (u32)c[6] << 24;
		return !target || ret + rel == target;
	}
	if (target)
		return false;
	/* FF /2: call through a register (2 bytes), [reg] + disp8 (3), an
	 * absolute or [reg] + disp32 address (6), or with a SIB byte (+1). */
	return (c[5] == 0xff && (c[6] & 0xf8) == 0xd0) ||
	       (c[4] == 0xff && (c[5] & 0xf8) == 0x50 && (c[5] & 7) != 4) ||
	       (c[1] == 0xff && (c[2] == 0x15 || ((c[2] & 0xf8) == 0x90 && (c[2] & 7) != 4))) ||
	       (c[3] == 0xff && c[4] == 0x54) || (c[0] == 0xff && c[1] == 0x94) ||
	       (c[5] == 0xff && (c[6] & 0xf8) == 0x10 && (c[6] & 7) != 4 && (c[6] & 7) != 5);
}

/*
 * User code without call frame information (a C library built without
 * unwind tables, such as Debian's musl) and without a frame pointer: look
 * up the stack for the return address of the call into this function, the
 * first word that follows a direct call of the function's own address, or
 * failing that a call through a pointer (the way Linux's and crash's
 * stack-scanning unwinders guess). Only ESP and EIP are known above it.
 */
static bool scan_frame(struct dbg *d, struct dbg_frame *f, struct dbg_frame *up)
{
	u32 off, sp = f->regs[DWREG_ESP];
	const struct dbg_sym *fn = sym_lookup_addr(d->st, frame_look(f), &off);
	if (f->pc >= 0xc0000000u || !fn || !(f->known & 1u << DWREG_ESP))
		return false;
	u32 st[256];
	int n = 0;
	while (n < 256 && dbg_read_linear(d, sp + n * 4u, &st[n], 4) == 0)
		n++;
	int hit = -1;
	for (int pass = 0; pass < 2 && hit < 0; pass++)
		for (int i = 0; i < n && hit < 0; i++) {
			u32 o;
			const struct dbg_sym *c = st[i] < 0xc0000000u ? sym_lookup_addr(d->st, st[i] - 1, &o) : NULL;
			if (c && call_before(d, st[i], pass ? 0 : fn->addr))
				hit = i;
		}
	if (hit < 0)
		return false;
	u32 ret_at = sp + hit * 4u;
	f->has_cfa = true;
	f->scanned = true;
	f->cfa = ret_at + 4;
	f->saved = 1u << DWREG_EIP;
	f->saved_at[DWREG_EIP] = ret_at;
	memset(up, 0, sizeof(*up));
	up->level = f->level + (f->ninl - f->inl) + 1;
	up->outer = true;
	up->code32 = true;
	up->user = f->user;
	/* The callee-saved registers (EBX EBP ESI EDI) keep their values
	 * across the call unless the function's prologue pushed them (its
	 * first instructions, "push ebp; push edi; ...", which the i386 ABI's
	 * code puts right below the return address): then they are in those
	 * slots. gdb's i386 prologue analysis finds them the same way. */
	const u32 callee_saved = 1u << 3 | 1u << DWREG_EBP | 1u << 6 | 1u << 7;
	memcpy(up->regs, f->regs, sizeof(up->regs));
	up->known = f->known & callee_saved;
	u8 code[8];
	if (off >= 1 && dbg_read_linear(d, fn->addr, code, sizeof(code)) == 0)
		for (u32 k = 0; k < sizeof(code) && k < off && code[k] >= 0x50 && code[k] <= 0x57; k++) {
			int r = code[k] - 0x50;
			u32 v;
			if (r == DWREG_ESP || !(callee_saved & 1u << r) ||
			    dbg_read_linear(d, ret_at - 4 * (k + 1), &v, 4) != 0)
				break;
			up->regs[r] = v;
			up->known |= 1u << r;
			f->saved |= 1u << r;
			f->saved_at[r] = ret_at - 4 * (k + 1);
		}
	up->regs[DWREG_ESP] = f->cfa;
	up->regs[DWREG_EIP] = up->pc = st[hit];
	up->known |= 1u << DWREG_ESP | 1u << DWREG_EIP;
	up->ninl = count_inlines(d, up);
	f->has_caller = true;
	f->caller_pc = up->pc;
	return true;
}

bool dbg_frame_unwind(struct dbg *d, struct dbg_frame *f, struct dbg_frame *up)
{
	if (f->tail) {
		/* No frame of its own: the next one out has the same registers. */
		*up = *f;
		up->level = f->level + (f->ninl - f->inl) + 1;
		up->inl = 0;
		up->pc = up->regs[DWREG_EIP] = f->tail_pc[0];
		memmove(up->tail_pc, f->tail_pc + 1, sizeof(f->tail_pc) - sizeof(u32));
		up->ntail = f->ntail - 1;
		up->tail = up->ntail > 0;
		up->ninl = count_inlines(d, up);
		f->has_cfa = f->by_cfi = false;
		f->saved = 0;
		f->has_caller = true;
		f->caller_pc = up->pc;
		return true;
	}
	struct dw_unwound u;
	f->has_cfa = f->has_caller = f->by_cfi = false;
	f->saved = 0;
	f->entry = FRAME_ENTRY_NONE;
	f->vdso = f->scanned = false;
	if (stack_bottom(d, f))
		return false;
	if (entry_frame(d, f, up) || vsyscall_frame(d, f, up))
		return true;
	bool cfi = f->code32 && dw_unwind_frame(d->dw, frame_look(f), f->regs, &u, fr_read, d);
	if (!cfi && f->code32 && u.have_cfa) {
		/* The CFI knows this frame but its caller cannot be read (a
		 * return address in unmapped memory): no caller, but the CFA
		 * still locates this frame's variables. */
		f->has_cfa = true;
		f->by_cfi = true;
		f->cfa = u.cfa;
		f->saved = u.saved;
		memcpy(f->saved_at, u.saved_at, sizeof(f->saved_at));
		return false;
	}
	if (cfi) {
		f->has_cfa = true;
		f->by_cfi = true;
		f->cfa = u.cfa;
		f->saved = u.saved;
		memcpy(f->saved_at, u.saved_at, sizeof(f->saved_at));
		if (!u.regs[DWREG_EIP] || u.regs[DWREG_ESP] <= f->regs[DWREG_ESP])
			return false;	/* no caller, or the stack did not move up */
		memset(up, 0, sizeof(*up));
		up->level = f->level + (f->ninl - f->inl) + 1;
		up->outer = true;
		up->code32 = true;
		up->user = f->user;
		memcpy(up->regs, u.regs, sizeof(up->regs));
		up->known = (u.known | (u.same & f->known)) & ALL_REGS;
		up->pc = u.regs[DWREG_EIP];
		up->ninl = count_inlines(d, up);
		add_tail_frames(d, f, up);
		f->has_caller = true;
		f->caller_pc = up->pc;
		return true;
	}
	if (scan_frame(d, f, up))
		return true;
	/* User code without symbols (a stripped program): nothing says what
	 * its stack holds, and its EBP is rarely a frame pointer. */
	u32 uoff;
	if (f->user && !sym_lookup_addr(d->st, frame_look(f), &uoff))
		return false;
	/* No call frame information here: the EBP chain, if this frame's EBP
	 * is known and looks like one. Only EBP, ESP and EIP are recovered. */
	u32 ebp = f->regs[DWREG_EBP], fr[2];
	if (!(f->known & 1u << DWREG_EBP) || !ebp || (ebp & 3) || dbg_read_linear(d, ebp, fr, 8) != 0)
		return false;
	f->has_cfa = true;
	f->cfa = ebp + 8;
	f->saved = 1u << DWREG_EBP | 1u << DWREG_EIP;
	f->saved_at[DWREG_EBP] = ebp;
	f->saved_at[DWREG_EIP] = ebp + 4;
	if (!fr[1] || fr[0] <= ebp)
		return false;
	memset(up, 0, sizeof(*up));
	up->level = f->level + (f->ninl - f->inl) + 1;
	up->outer = true;
	up->code32 = f->code32;
	up->user = f->user;
	memcpy(up->regs, f->regs, sizeof(up->regs));
	up->regs[DWREG_ESP] = ebp + 8;
	up->regs[DWREG_EBP] = fr[0];
	up->regs[DWREG_EIP] = fr[1];
	up->known = 1u << DWREG_ESP | 1u << DWREG_EBP | 1u << DWREG_EIP;
	up->pc = fr[1];
	up->ninl = count_inlines(d, up);
	add_tail_frames(d, f, up);
	f->has_caller = true;
	f->caller_pc = up->pc;
	return true;
}

void dbg_frame_zero(struct dbg *d, struct dbg_frame *f)
{
	struct dbg_regs r;
	dbg_regs(d, &r);
	memset(f, 0, sizeof(*f));
	memcpy(f->regs, r.gpr, sizeof(r.gpr));
	f->pc = f->regs[DWREG_EIP] = dbg_pc(&r);
	f->known = ALL_REGS;
	f->code32 = dbg_code_bits(&r) == 32;
	f->ninl = count_inlines(d, f);
}

int dbg_frame_get(struct dbg *d, int level, struct dbg_frame *f)
{
	struct dbg_frame up;
	dbg_frame_zero(d, f);
	while (f->level < level) {
		if (f->inl < f->ninl) {
			/* Out of an inlined call: same registers and CFA. */
			f->inl++;
			f->level++;
			continue;
		}
		if (!dbg_frame_unwind(d, f, &up))
			return -1;
		*f = up;
	}
	dbg_frame_unwind(d, f, &up);	/* this frame's CFA and saved registers */
	return 0;
}

/* ---- the selected frame ---- */

/* The selection holds only while the machine stays where it was: anything
 * that ran it (a step, continue, the gdb stub, time travel) or moved its
 * registers puts frame 0 back, as in gdb. */
static void remember(struct dbg *d, int level)
{
	struct dbg_regs r;
	dbg_regs(d, &r);
	d->frame_sel = level;
	d->frame_icount = r.icount;
	d->frame_eip = r.eip;
	d->frame_esp = r.gpr[DBG_ESP];
}

int dbg_frame_selected(struct dbg *d)
{
	if (!d->frame_sel)
		return 0;
	struct dbg_regs r;
	dbg_regs(d, &r);
	if (r.icount != d->frame_icount || r.eip != d->frame_eip || r.gpr[DBG_ESP] != d->frame_esp)
		d->frame_sel = 0;
	return d->frame_sel;
}

void dbg_frame_reset(struct dbg *d)
{
	d->frame_sel = 0;
}

bool dbg_frame_reg(struct dbg *d, const char *name, u64 *val, int *size, bool *handled)
{
	*handled = false;
	int level = dbg_frame_selected(d);
	if (!level)
		return false;
	int r = -1;
	for (int i = 0; i < 9; i++)
		if (!strcmp(name, dwreg_name[i]))
			r = i;
	if (!strcmp(name, "pc"))
		r = DWREG_EIP;
	else if (!strcmp(name, "sp"))
		r = DWREG_ESP;
	else if (!strcmp(name, "fp"))
		r = DWREG_EBP;
	if (r < 0)
		return false;	/* segment and control registers are the CPU's */
	*handled = true;
	struct dbg_frame f;
	if (dbg_frame_get(d, level, &f) < 0)
		return false;
	if (!(f.known & 1u << r)) {
		snprintf(d->ex.err, sizeof(d->ex.err), "$%s is not saved in frame %d", name, level);
		return false;
	}
	*val = f.regs[r];
	*size = 4;
	return true;
}

/* ---- scopes ---- */

struct scopes {
	Dwarf_Die die[16];	/* innermost first, ending at the function */
	int n;
	int fn[17];		/* the function-like scopes (inlined subroutines,
				 * then the subprogram), innermost first */
	int nfn;
	int inner_fn;		/* the selected frame's function: fn[f->inl] */
	int first;		/* its innermost block (locals start there) */
	int subprog;		/* the physical function (its frame base): n - 1 */
};

/*
 * The scopes containing pc: the concrete function (the index knows which),
 * then each child lexical block or inlined subroutine whose ranges hold pc
 * (dwarf_haspc), down to the innermost. dwarf_getscopes would continue an
 * inlined instance into its abstract definition's parents instead of the
 * function it was inlined into, losing the frame base.
 */
static bool frame_scopes(struct dbg *d, const struct dbg_frame *f, struct scopes *s)
{
	Dwarf_Die chain[16];
	int n = 0;
	u32 look = frame_look(f);
	memset(s, 0, sizeof(*s));
	s->inner_fn = s->subprog = -1;
	if (!dw_func_at(d->dw, look, &chain[0], NULL, NULL))
		return false;
	n = 1;
	for (bool deeper = true; deeper && n < 16;) {
		Dwarf_Die c;
		deeper = false;
		if (dwarf_child(&chain[n - 1], &c) != 0)
			break;
		do {
			int tag = dwarf_tag(&c);
			if ((tag == DW_TAG_lexical_block || tag == DW_TAG_inlined_subroutine) &&
			    dwarf_haspc(&c, look) == 1) {
				chain[n++] = c;
				deeper = true;
				break;
			}
		} while (dwarf_siblingof(&c, &c) == 0);
	}
	for (int i = 0; i < n; i++)
		s->die[i] = chain[n - 1 - i];
	s->n = n;
	s->subprog = n - 1;
	for (int i = 0; i < n; i++) {
		int tag = dwarf_tag(&s->die[i]);
		if (tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine)
			s->fn[s->nfn++] = i;
	}
	/* An inlined call is a frame of its own, as gdb shows it: frame inl
	 * is the inl-th function outward from the innermost. */
	int v = f->inl < s->nfn ? f->inl : s->nfn - 1;
	s->inner_fn = s->fn[v];
	s->first = v ? s->fn[v - 1] + 1 : 0;
	return true;
}

static int count_inlines(struct dbg *d, const struct dbg_frame *f)
{
	struct scopes s;
	struct dbg_frame probe = *f;
	probe.inl = 0;
	if (!f->code32 || !frame_scopes(d, &probe, &s))
		return 0;
	return s.nfn - 1;
}

/* Where a frame is: the pc's line for the innermost function, the call's
 * line (DW_AT_call_file/call_line of the inlined call) for the functions
 * an inlined call sits in. */
static bool frame_where(struct dbg *d, const struct dbg_frame *f, struct scopes *s,
			const char **file, int *line)
{
	int v = 0;
	while (v < s->nfn && s->fn[v] != s->inner_fn)
		v++;
	if (!s->n || v == 0 || v >= s->nfn)
		return dw_addr_line(d->dw, frame_look(f), file, line);
	Dwarf_Die *call = &s->die[s->fn[v - 1]], cu;
	Dwarf_Attribute at;
	Dwarf_Word fidx, ln;
	Dwarf_Files *files;
	size_t nfiles;
	if (!dwarf_attr(call, DW_AT_call_file, &at) || dwarf_formudata(&at, &fidx) != 0 ||
	    !dwarf_attr(call, DW_AT_call_line, &at) || dwarf_formudata(&at, &ln) != 0 ||
	    !dwarf_diecu(call, &cu, NULL, NULL) || dwarf_getsrcfiles(&cu, &files, &nfiles) != 0 ||
	    fidx >= nfiles || !(*file = dwarf_filesrc(files, fidx, NULL, NULL)))
		return dw_addr_line(d->dw, frame_look(f), file, line);
	*line = (int)ln;
	return true;
}

static void scopes_free(struct scopes *s)
{
	s->n = 0;	/* nothing allocated: kept for symmetry with the lookups */
}

static const char *die_name(Dwarf_Die *die)
{
	Dwarf_Attribute at;
	if (!dwarf_attr_integrate(die, DW_AT_name, &at))
		return NULL;
	return dwarf_formstring(&at);
}

/* The function a frame is in: DWARF's name, or the symbol's. */
static const char *frame_func(struct dbg *d, const struct dbg_frame *f, struct scopes *s,
			      char *buf, size_t len)
{
	const char *n = s->n && s->inner_fn >= 0 ? die_name(&s->die[s->inner_fn]) : NULL;
	if (n)
		return n;
	u32 off;
	const struct dbg_sym *sym = sym_lookup_addr(d->st, frame_look(f), &off);
	if (!sym)
		return "??";
	snprintf(buf, len, "%s", sym->name);
	return buf;
}

/* ---- location expressions ---- */

enum loc_kind { LOC_MEM, LOC_REG, LOC_VALUE, LOC_BYTES, LOC_OPTOUT, LOC_NOTSAVED };

struct loc {
	enum loc_kind kind;
	u32 addr;		/* LOC_MEM */
	int reg;		/* LOC_REG: DWARF register number */
	u32 value;		/* LOC_VALUE, and LOC_REG's contents */
	u8 bytes[16];		/* LOC_BYTES (pieces, implicit values) */
	u32 nbytes;
};

struct loc_env {
	struct dbg *d;
	const struct dbg_frame *f;
	Dwarf_Die *fn;		/* the physical function (DW_AT_frame_base) */
	Dwarf_Attribute *attr;	/* where the ops came from (for DW_OP_entry_value) */
	int depth;		/* entry values looked up through callers so far */
	char *err;
	size_t errlen;
};

static int loc_err(struct loc_env *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int loc_err(struct loc_env *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->err, e->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int eval_simple(struct loc_env *e, const Dwarf_Op *ops, size_t n, struct loc *out,
		       bool frame_base);
static int entry_value(struct loc_env *e, const Dwarf_Op *op, u32 *val);

/* DW_OP_fbreg's base: the function's DW_AT_frame_base at this pc. */
static int frame_base(struct loc_env *e, u32 *fb, struct loc *why)
{
	Dwarf_Attribute at;
	Dwarf_Op *ops;
	size_t n;
	if (!e->fn || !dwarf_attr(e->fn, DW_AT_frame_base, &at))
		return loc_err(e, "the function has no frame base");
	int got = dwarf_getlocation_addr(&at, frame_look(e->f), &ops, &n, 1);
	if (got <= 0)
		return loc_err(e, "no frame base at this pc");
	struct loc l;
	if (eval_simple(e, ops, n, &l, true) < 0)
		return -1;
	switch (l.kind) {
	case LOC_MEM:	/* DW_OP_call_frame_cfa, DW_OP_bregN: the address is the base */
		*fb = l.addr;
		return 0;
	case LOC_REG:	/* DW_OP_regN (older compilers): the register's contents */
	case LOC_VALUE:
		*fb = l.value;
		return 0;
	case LOC_OPTOUT:
	case LOC_NOTSAVED:
		*why = l;
		return 1;
	default:
		return loc_err(e, "unusual frame base");
	}
}

/* ---- entry values (DWARF 5 section 2.5.1.7, 3.4.2) ---- */

/* The call site in func (searching its blocks and inlined calls) whose
 * return address is ret. */
static bool find_call_site(Dwarf_Die *scope, u32 ret, Dwarf_Die *site, int depth)
{
	Dwarf_Die c;
	if (depth > 16 || dwarf_child(scope, &c) != 0)
		return false;
	do {
		int tag = dwarf_tag(&c);
		Dwarf_Attribute at;
		Dwarf_Addr a;
		if (tag == DW_TAG_call_site || tag == DW_TAG_GNU_call_site) {
			if ((dwarf_attr(&c, DW_AT_call_return_pc, &at) ||
			     dwarf_attr(&c, DW_AT_low_pc, &at)) &&
			    dwarf_formaddr(&at, &a) == 0 && (u32)a == ret) {
				*site = c;
				return true;
			}
		} else if ((tag == DW_TAG_lexical_block || tag == DW_TAG_inlined_subroutine) &&
			   dwarf_haspc(&c, ret - 1) == 1) {
			if (find_call_site(&c, ret, site, depth + 1))
				return true;
		}
	} while (dwarf_siblingof(&c, &c) == 0);
	return false;
}

/*
 * DW_OP_entry_value(DW_OP_regN) or (DW_OP_bregN off): what register N held
 * when this frame's function was entered. The function's own code no longer
 * has it, but the caller's call site may say how it computed the argument
 * (DW_TAG_call_site_parameter with DW_AT_call_value, in the caller's frame),
 * which is how gdb prints "gfp=gfp@entry=11456". 0 with *val, or 1 when
 * nothing says.
 */
static int entry_value(struct loc_env *e, const Dwarf_Op *op, u32 *val)
{
	Dwarf_Attribute sub;
	Dwarf_Op *sops;
	size_t sn;
	if (!e->attr || e->depth > 4 || dwarf_getlocation_attr(e->attr, op, &sub) != 0 ||
	    dwarf_getlocation(&sub, &sops, &sn) != 0 || sn != 1)
		return 1;
	int reg;
	u32 off = 0;
	if (sops[0].atom >= DW_OP_reg0 && sops[0].atom <= DW_OP_reg8) {
		reg = sops[0].atom - DW_OP_reg0;
	} else if (sops[0].atom >= DW_OP_breg0 && sops[0].atom <= DW_OP_breg8) {
		reg = sops[0].atom - DW_OP_breg0;
		off = (u32)sops[0].number;
	} else {
		return 1;
	}
	/* The caller's frame, with its own CFA for DW_OP_fbreg. */
	struct dbg_frame self = *e->f, up, above;
	if (!dbg_frame_unwind(e->d, &self, &up))
		return 1;
	dbg_frame_unwind(e->d, &up, &above);
	Dwarf_Die caller, site, c, target;
	if (!dw_func_at(e->d->dw, up.pc - 1, &caller, NULL, NULL) ||
	    !find_call_site(&caller, up.pc, &site, 0))
		return 1;
	/* The caller called another function that jumped here (a tail call:
	 * wait_for_completion's jump to do_wait_for_common). The argument was
	 * then set up by that jump's call site; gdb reads it there. Only a
	 * constant is taken from it: a register value would need the tail
	 * caller's registers, which no frame keeps. */
	const char *tname, *fname = e->fn ? die_name(e->fn) : NULL;
	bool via_tail = fname && call_target(e->d, &site, false, &target, &tname) &&
			strcmp(tname, fname) && tail_site_to(e->d, &target, fname, &site, 3);
	if (dwarf_child(&site, &c) != 0)
		return 1;
	do {
		int tag = dwarf_tag(&c);
		Dwarf_Attribute at, value;
		Dwarf_Op *lops, *vops;
		size_t ln, vn;
		if ((tag != DW_TAG_call_site_parameter && tag != DW_TAG_GNU_call_site_parameter) ||
		    !dwarf_attr(&c, DW_AT_location, &at) || dwarf_getlocation(&at, &lops, &ln) != 0 ||
		    ln != 1 || lops[0].atom != DW_OP_reg0 + reg)
			continue;
		if ((!dwarf_attr(&c, DW_AT_call_value, &value) &&
		     !dwarf_attr(&c, DW_AT_GNU_call_site_value, &value)) ||
		    dwarf_getlocation(&value, &vops, &vn) != 0)
			return 1;
		for (size_t i = 0; via_tail && i < vn; i++)
			if (!(vops[i].atom >= DW_OP_lit0 && vops[i].atom <= DW_OP_lit31) &&
			    !(vops[i].atom >= DW_OP_const1u && vops[i].atom <= DW_OP_consts) &&
			    vops[i].atom != DW_OP_stack_value)
				return 1;
		char err[160];
		struct loc_env ce = { .d = e->d, .f = &up, .fn = &caller, .attr = &value,
				      .depth = e->depth + 1, .err = err, .errlen = sizeof(err) };
		struct loc l;
		if (eval_simple(&ce, vops, vn, &l, false) < 0)
			return 1;
		/* A DWARF expression's value is the top of its stack. */
		if (l.kind == LOC_MEM)
			*val = l.addr + off;
		else if (l.kind == LOC_VALUE || l.kind == LOC_REG)
			*val = l.value + off;
		else
			return 1;
		return 0;
	} while (dwarf_siblingof(&c, &c) == 0);
	return 1;
}

/* The DWARF stack machine's own operations (DWARF 5 section 2.5.1.4-6) on
 * st[0..*sp): 1 when op a was one of them, 0 when it is not, -1 on an error
 * (a stack too shallow, memory that cannot be read). */
static int stack_op(struct loc_env *e, u8 a, const Dwarf_Op *op, u32 *st, int *sp)
{
	switch (a) {
	case DW_OP_deref:
	case DW_OP_deref_size: {
		u32 size = a == DW_OP_deref ? 4 : (u32)op->number;
		u8 b[4] = { 0 };
		if (*sp < 1 || size < 1 || size > 4)
			return loc_err(e, "bad DW_OP_deref");
		if (dbg_read_linear(e->d, st[*sp - 1], b, size) != 0)
			return loc_err(e, "Cannot access memory at address 0x%x", st[*sp - 1]);
		st[*sp - 1] = ld32(b) & (size == 4 ? 0xffffffffu : (1u << (size * 8)) - 1);
		return 1;
	}
	case DW_OP_dup:
		if (*sp < 1)
			return loc_err(e, "bad DW_OP_dup");
		st[*sp] = st[*sp - 1];
		(*sp)++;
		return 1;
	case DW_OP_drop:
		if (*sp < 1)
			return loc_err(e, "bad DW_OP_drop");
		(*sp)--;
		return 1;
	case DW_OP_over:
		if (*sp < 2)
			return loc_err(e, "bad DW_OP_over");
		st[*sp] = st[*sp - 2];
		(*sp)++;
		return 1;
	case DW_OP_swap: {
		if (*sp < 2)
			return loc_err(e, "bad DW_OP_swap");
		u32 t = st[*sp - 1];
		st[*sp - 1] = st[*sp - 2];
		st[*sp - 2] = t;
		return 1;
	}
	case DW_OP_plus_uconst:
		if (*sp < 1)
			return loc_err(e, "bad DW_OP_plus_uconst");
		st[*sp - 1] += (u32)op->number;
		return 1;
	case DW_OP_neg:
	case DW_OP_not:
		if (*sp < 1)
			return loc_err(e, "bad unary DWARF operation");
		st[*sp - 1] = a == DW_OP_neg ? -st[*sp - 1] : ~st[*sp - 1];
		return 1;
	case DW_OP_plus: case DW_OP_minus: case DW_OP_mul: case DW_OP_and:
	case DW_OP_or: case DW_OP_xor: case DW_OP_shl: case DW_OP_shr: case DW_OP_shra: {
		if (*sp < 2)
			return loc_err(e, "bad binary DWARF operation");
		u32 x = st[*sp - 2], y = st[*sp - 1], r = 0;
		switch (a) {
		case DW_OP_plus: r = x + y; break;
		case DW_OP_minus: r = x - y; break;
		case DW_OP_mul: r = x * y; break;
		case DW_OP_and: r = x & y; break;
		case DW_OP_or: r = x | y; break;
		case DW_OP_xor: r = x ^ y; break;
		case DW_OP_shl: r = y < 32 ? x << y : 0; break;
		case DW_OP_shr: r = y < 32 ? x >> y : 0; break;
		default: r = (u32)((s32)x >> (y < 32 ? y : 31)); break;
		}
		st[*sp - 2] = r;
		(*sp)--;
		return 1;
	}
	case DW_OP_eq: case DW_OP_ne: case DW_OP_lt: case DW_OP_le:
	case DW_OP_gt: case DW_OP_ge: {
		/* Signed comparisons giving 1 or 0 (DWARF 5 section 2.5.1.4). */
		if (*sp < 2)
			return loc_err(e, "bad DWARF comparison");
		s32 x = (s32)st[*sp - 2], y = (s32)st[*sp - 1];
		u32 r = a == DW_OP_eq ? x == y : a == DW_OP_ne ? x != y :
			a == DW_OP_lt ? x < y : a == DW_OP_le ? x <= y :
			a == DW_OP_gt ? x > y : x >= y;
		st[*sp - 2] = r;
		(*sp)--;
		return 1;
	}
	default:
		return 0;
	}
}

/* One location description without pieces: a memory address, a register,
 * a computed value, or nothing (optimized out / a register not saved). */
static int eval_simple(struct loc_env *e, const Dwarf_Op *ops, size_t n, struct loc *out,
		       bool in_frame_base)
{
	u32 st[16];
	int sp = 0;
	const struct dbg_frame *f = e->f;
	memset(out, 0, sizeof(*out));
	if (!n) {
		out->kind = LOC_OPTOUT;	/* an empty expression: no location at all */
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		u8 a = ops[i].atom;
		if (sp >= 15)
			return loc_err(e, "DWARF expression too deep");
		if (a >= DW_OP_reg0 && a <= DW_OP_reg31) {
			int r = a - DW_OP_reg0;
			if (r > 8)
				return loc_err(e, "register %d is not a general register", r);
			out->kind = (f->known >> r) & 1 ? LOC_REG : LOC_NOTSAVED;
			out->reg = r;
			out->value = f->regs[r];
			return 0;	/* a register location ends the description */
		}
		if (a == DW_OP_regx) {
			if (ops[i].number > 8)
				return loc_err(e, "register %u is not a general register",
					       (unsigned)ops[i].number);
			int r = (int)ops[i].number;
			out->kind = (f->known >> r) & 1 ? LOC_REG : LOC_NOTSAVED;
			out->reg = r;
			out->value = f->regs[r];
			return 0;
		}
		if ((a >= DW_OP_breg0 && a <= DW_OP_breg31) || a == DW_OP_bregx) {
			int r = a == DW_OP_bregx ? (int)ops[i].number : a - DW_OP_breg0;
			s32 off = (s32)(a == DW_OP_bregx ? ops[i].number2 : ops[i].number);
			if (r > 8)
				return loc_err(e, "register %d is not a general register", r);
			if (!((f->known >> r) & 1)) {
				out->kind = LOC_NOTSAVED;
				out->reg = r;
				return 0;
			}
			st[sp++] = f->regs[r] + (u32)off;
			continue;
		}
		if (a >= DW_OP_lit0 && a <= DW_OP_lit31) {
			st[sp++] = a - DW_OP_lit0;
			continue;
		}
		switch (a) {
		case DW_OP_addr:
		case DW_OP_const1u: case DW_OP_const1s: case DW_OP_const2u: case DW_OP_const2s:
		case DW_OP_const4u: case DW_OP_const4s: case DW_OP_const8u: case DW_OP_const8s:
		case DW_OP_constu: case DW_OP_consts:
			st[sp++] = (u32)ops[i].number;
			continue;
		case DW_OP_fbreg: {
			if (in_frame_base)
				return loc_err(e, "DW_OP_fbreg inside the frame base");
			u32 fb = 0;
			int r = frame_base(e, &fb, out);
			if (r < 0)
				return -1;
			if (r > 0)
				return 0;	/* the frame base itself is unknown */
			st[sp++] = fb + (u32)(s32)ops[i].number;
			continue;
		}
		case DW_OP_call_frame_cfa:
			if (!f->has_cfa) {
				out->kind = LOC_NOTSAVED;
				out->reg = DWREG_ESP;
				return 0;
			}
			st[sp++] = f->cfa;
			continue;
		case DW_OP_entry_value:
		case DW_OP_GNU_entry_value: {
			u32 v;
			if (entry_value(e, &ops[i], &v) != 0) {
				out->kind = LOC_OPTOUT;
				return 0;
			}
			st[sp++] = v;
			continue;
		}
		case DW_OP_GNU_parameter_ref:
		case DW_OP_implicit_pointer:
		case DW_OP_GNU_implicit_pointer:
			/* The value a register had on entry, or a pointer to
			 * something without an address: the caller's call site
			 * would be needed. gdb says <optimized out> too when it
			 * cannot find one. */
			out->kind = LOC_OPTOUT;
			return 0;
		case DW_OP_implicit_value: {
			u32 len = (u32)ops[i].number;
			if (len > sizeof(out->bytes))
				return loc_err(e, "implicit value of %u bytes", len);
			out->kind = LOC_BYTES;
			out->nbytes = len;
			memcpy(out->bytes, (const void *)(uintptr_t)ops[i].number2, len);
			return 0;
		}
		case DW_OP_stack_value:
			if (sp < 1)
				return loc_err(e, "DW_OP_stack_value on an empty stack");
			out->kind = LOC_VALUE;
			out->value = st[sp - 1];
			return 0;
		default: {
			int r = stack_op(e, a, &ops[i], st, &sp);
			if (r < 0)
				return -1;
			if (r > 0)
				continue;
			return loc_err(e, "unsupported DWARF operation 0x%x in a location", a);
		}
		}
	}
	if (sp < 1)
		return loc_err(e, "empty DWARF location");
	out->kind = LOC_MEM;
	out->addr = st[sp - 1];
	return 0;
}

/* A whole location: simple, or pieces (DW_OP_piece) put together into
 * bytes, as gcc describes a long long or a small struct split across
 * registers. Any missing piece makes the whole <optimized out>. */
static int eval_location(struct loc_env *e, const Dwarf_Op *ops, size_t n, struct loc *out)
{
	size_t start = 0;
	bool pieces = false;
	for (size_t i = 0; i < n; i++)
		if (ops[i].atom == DW_OP_piece)
			pieces = true;
	if (!pieces)
		return eval_simple(e, ops, n, out, false);
	struct loc whole;
	memset(&whole, 0, sizeof(whole));
	whole.kind = LOC_BYTES;
	for (size_t i = 0; i < n; i++) {
		if (ops[i].atom != DW_OP_piece)
			continue;
		u32 size = (u32)ops[i].number;
		struct loc part;
		if (eval_simple(e, ops + start, i - start, &part, false) < 0)
			return -1;
		start = i + 1;
		if (whole.nbytes + size > sizeof(whole.bytes))
			return loc_err(e, "a value in pieces larger than %zu bytes", sizeof(whole.bytes));
		u8 *dst = whole.bytes + whole.nbytes;
		whole.nbytes += size;
		switch (part.kind) {
		case LOC_MEM:
			if (dbg_read_linear(e->d, part.addr, dst, size) != 0)
				return loc_err(e, "Cannot access memory at address 0x%x", part.addr);
			break;
		case LOC_REG:
		case LOC_VALUE: {
			u8 b[4];
			st32(b, part.value);
			memcpy(dst, b, size < 4 ? size : 4);
			if (size > 4)
				memset(dst + 4, 0, size - 4);
			break;
		}
		case LOC_BYTES:
			memcpy(dst, part.bytes, size < part.nbytes ? size : part.nbytes);
			break;
		case LOC_OPTOUT:
		case LOC_NOTSAVED:
			*out = part;
			return 0;
		}
	}
	*out = whole;
	return 0;
}

/* ---- variables ---- */

/* The value of a variable or parameter DIE in frame f. 0, or -1 with err. */
static int var_value(struct dbg *d, const struct dbg_frame *f, struct scopes *s, Dwarf_Die *var,
		     struct dval *out, char *err, size_t errlen)
{
	Dwarf_Attribute at;
	memset(out, 0, sizeof(*out));
	if (!dwarf_attr_integrate(var, DW_AT_type, &at) || !dwarf_formref_die(&at, &out->type)) {
		snprintf(err, errlen, "the variable has no type");
		return -1;
	}
	out->has_type = true;
	u32 size = dw_size(&out->type);
	Dwarf_Die st;
	int tag = dw_strip(&out->type, &st);
	bool scalar = tag == DW_TAG_base_type || tag == DW_TAG_pointer_type ||
		      tag == DW_TAG_enumeration_type;
	struct loc l;
	memset(&l, 0, sizeof(l));
	if (dwarf_attr(var, DW_AT_location, &at)) {
		Dwarf_Op *ops;
		size_t n;
		int got = dwarf_getlocation_addr(&at, frame_look(f), &ops, &n, 1);
		if (got < 0) {
			snprintf(err, errlen, "cannot read the location: %s", dwarf_errmsg(-1));
			return -1;
		}
		if (got == 0) {
			l.kind = LOC_OPTOUT;	/* the location list does not cover this pc */
		} else {
			struct loc_env e = { .d = d, .f = f, .fn = &s->die[s->subprog],
					     .attr = &at, .err = err, .errlen = errlen };
			if (eval_location(&e, ops, n, &l) < 0)
				return -1;
		}
	} else if (dwarf_attr_integrate(var, DW_AT_const_value, &at)) {
		/* A constant the compiler folded: an integer or a block of bytes. */
		Dwarf_Block blk;
		Dwarf_Sword sv;
		Dwarf_Word uv;
		l.kind = LOC_BYTES;
		if (dwarf_formblock(&at, &blk) == 0) {
			l.nbytes = blk.length < sizeof(l.bytes) ? (u32)blk.length : sizeof(l.bytes);
			memcpy(l.bytes, blk.data, l.nbytes);
		} else if (dwarf_formsdata(&at, &sv) == 0) {
			st64(l.bytes, (u64)sv);
			l.nbytes = 8;
		} else if (dwarf_formudata(&at, &uv) == 0) {
			st64(l.bytes, (u64)uv);
			l.nbytes = 8;
		} else {
			l.kind = LOC_OPTOUT;
		}
	} else {
		l.kind = LOC_OPTOUT;	/* no location at all: optimized away */
	}

	switch (l.kind) {
	case LOC_MEM:
		out->lval = true;
		out->addr = l.addr;
		return 0;
	case LOC_OPTOUT:
		out->optout = true;
		return 0;
	case LOC_NOTSAVED:
		out->notsaved = true;
		return 0;
	case LOC_REG:
	case LOC_VALUE:
		st64(l.bytes, l.value);
		l.nbytes = 4;
		break;
	case LOC_BYTES:
		break;
	}
	/* A value outside memory: only scalars are representable (the
	 * evaluator keeps aggregates in memory). */
	if (!scalar || size < 1 || size > 8) {
		snprintf(err, errlen, "a %u-byte aggregate held outside memory cannot be shown", size);
		return -1;
	}
	u8 b[8] = { 0 };
	memcpy(b, l.bytes, l.nbytes < 8 ? l.nbytes : 8);
	u64 v = ld64(b);
	if (size < 8) {
		v &= (1ull << (size * 8)) - 1;
		if (dw_is_signed(&out->type) && (v >> (size * 8 - 1)) & 1)
			v |= ~0ull << (size * 8);
	}
	out->v = v;
	return 0;
}

static bool is_var(Dwarf_Die *die, bool *is_param)
{
	int tag = dwarf_tag(die);
	*is_param = tag == DW_TAG_formal_parameter;
	if (tag != DW_TAG_variable && tag != DW_TAG_formal_parameter)
		return false;
	return !dwarf_hasattr(die, DW_AT_declaration);
}

int dbg_frame_lookup(struct dbg *d, const char *name, struct dval *out)
{
	if (!dw_loaded(d->dw))
		return 0;
	struct dbg_frame f;
	if (dbg_frame_get(d, dbg_frame_selected(d), &f) < 0)
		return 0;
	struct scopes s;
	if (!frame_scopes(d, &f, &s))
		return 0;
	int found = 0;
	/* Innermost block first, out to the physical function: inner names
	 * hide outer ones, and all of them hide globals. */
	for (int i = s.first; i <= s.subprog && !found; i++) {
		Dwarf_Die c;
		if (dwarf_child(&s.die[i], &c) != 0)
			continue;
		do {
			bool param;
			const char *n;
			if (!is_var(&c, &param) || !(n = die_name(&c)) || strcmp(n, name))
				continue;
			if (var_value(d, &f, &s, &c, out, d->ex.err, sizeof(d->ex.err)) < 0)
				found = -1;
			else
				found = 1;
			break;
		} while (dwarf_siblingof(&c, &c) == 0);
	}
	scopes_free(&s);
	return found;
}

/* Print "name = value" for each parameter (args) or each local of the
 * function's blocks containing the pc (locals), innermost block first. */
static int print_vars_of(struct dbg *d, const struct dbg_frame *f, struct scopes *s, bool args,
			 const char *sep, const char *eq, bool brief_aggr, int fn)
{
	int count = 0;
	int first = args ? fn : s->first, last = fn;
	for (int i = first; i <= last; i++) {
		Dwarf_Die c;
		if (dwarf_child(&s->die[i], &c) != 0)
			continue;
		do {
			bool param;
			const char *n;
			if (!is_var(&c, &param) || param != args || !(n = die_name(&c)))
				continue;
			struct dval v;
			char err[200];
			dbg_printf(d, "%s%s%s", count ? sep : "", n, eq);
			count++;
			if (var_value(d, f, s, &c, &v, err, sizeof(err)) < 0) {
				dbg_printf(d, "<error: %s>", err);
				continue;
			}
			Dwarf_Die st;
			int tag = v.has_type ? dw_strip(&v.type, &st) : 0;
			if (brief_aggr && !v.optout && !v.notsaved &&
			    (tag == DW_TAG_structure_type || tag == DW_TAG_union_type ||
			     tag == DW_TAG_array_type)) {
				dbg_printf(d, "...");
				continue;
			}
			u8 probe;
			if (v.lval && dbg_read_linear(d, v.addr, &probe, 1) != 0) {
				dbg_printf(d, "<error: Cannot access memory at address 0x%x>", v.addr);
				continue;
			}
			expr_print_brief(&d->ex, &v, 0, dbg_print_cb, d);
		} while (dwarf_siblingof(&c, &c) == 0);
	}
	return count;
}

static int print_vars(struct dbg *d, const struct dbg_frame *f, struct scopes *s, bool args,
		      const char *sep, const char *eq, bool brief_aggr)
{
	return print_vars_of(d, f, s, args, sep, eq, brief_aggr, s->inner_fn);
}

/* "#1  0xc0101234 in kmem_cache_create (name=0x..., size=32) at slab_common.c:314"
 * and the source line, as gdb prints a frame it selects. */
static void print_frame_line(struct dbg *d, const struct dbg_frame *f, bool source)
{
	struct scopes s;
	char buf[160];
	bool have = frame_scopes(d, f, &s);
	dbg_printf(d, "#%-2d 0x%08x in %s (", f->level, f->pc, frame_func(d, f, &s, buf, sizeof(buf)));
	if (have)
		print_vars(d, f, &s, true, ", ", "=", true);
	dbg_printf(d, ")");
	const char *file;
	int line;
	bool at = have ? frame_where(d, f, &s, &file, &line) :
			 dw_addr_line(d->dw, frame_look(f), &file, &line);
	if (at)
		dbg_printf(d, " at %s:%d", file, line);
	dbg_printf(d, "\n");
	if (source && at)
		dbg_print_source_at(d, file, line, dw_comp_dir(d->dw, frame_look(f)));
	scopes_free(&s);
}

void dbg_frame_print_locals(struct dbg *d, const struct dbg_frame *f, const char *indent)
{
	struct scopes s;
	char sep[32];
	if (!frame_scopes(d, f, &s)) {
		dbg_printf(d, "%sNo symbol table info available.\n", indent);
		return;
	}
	snprintf(sep, sizeof(sep), "\n%s", indent);
	dbg_printf(d, "%s", indent);
	if (!print_vars(d, f, &s, false, sep, " = ", false))
		dbg_printf(d, "No locals.");
	dbg_printf(d, "\n");
	scopes_free(&s);
}

/* The line bt prints where the entry code saved an interrupted context:
 * "--- system call (nr 162, nanosleep) ---", "--- interrupt 0x20 (irq 0)
 * ---" (an IRQ stub leaves ~vector in orig_ax, as Linux's do), "---
 * exception 14 (page fault, error 0x6) ---". An exception's vector is not
 * kept in pt_regs (orig_ax holds its error code); it is named after the
 * handler the dispatcher called, the frame inside the entry's (handler). */
static void print_boundary(struct dbg *d, const struct dbg_frame *f, const char *handler)
{
	static const struct { const char *fn; int vec; const char *name; } exc[] = {
		{ "do_page_fault", 14, "page fault" },
		{ "do_nmi", 2, "NMI" },
		{ "fpu_math_state_restore", 7, "device not available" },
	};
	if (f->entry == FRAME_ENTRY_SYSCALL) {
		const char *name = dbg_syscall_name((long)f->entry_nr);
		dbg_printf(d, "--- system call (nr %u, %s) ---\n", f->entry_nr, name ? name : "?");
		return;
	}
	u32 vec = ~f->entry_nr;
	if (vec >= 0x20 && vec < 0x30) {
		dbg_printf(d, "--- interrupt 0x%x (irq %u) ---\n", vec, vec - 0x20);
		return;
	}
	for (size_t i = 0; handler && i < sizeof(exc) / sizeof(exc[0]); i++)
		if (!strcmp(handler, exc[i].fn)) {
			dbg_printf(d, "--- exception %d (%s, error 0x%x) ---\n", exc[i].vec, exc[i].name,
				   f->entry_nr);
			return;
		}
	dbg_printf(d, "--- exception (error 0x%x) ---\n", f->entry_nr);
}

static void print_bt_frames(struct dbg *d, struct dbg_frame *start, int max, bool full)
{
	struct dbg_frame f = *start, up;
	const char *handler = NULL;	/* the physical function inside this frame */
	for (int i = 0; i < max;) {
		/* The physical frame's CFA (for locals) and its caller. */
		f.level = i;
		f.inl = 0;
		bool more = dbg_frame_unwind(d, &f, &up);
		for (; f.inl <= f.ninl && i < max; f.inl++, i++) {
			struct scopes s;
			char sym[160];
			const char *file;
			int line;
			bool have = frame_scopes(d, &f, &s);
			f.level = i;
			if (f.inl < f.ninl) {
				dbg_printf(d, "#%-2d 0x%08x in %s (inlined)", i, f.pc,
					   frame_func(d, &f, &s, sym, sizeof(sym)));
			} else {
				/* A return address may be just past its function (a
				 * call to a noreturn function ends it): look up the
				 * call, pc - 1, as gdb does. */
				u32 off;
				const struct dbg_sym *ps = sym_lookup_addr(d->st, frame_look(&f), &off);
				if (ps && f.outer)
					off++;
				if (f.vdso && !ps)
					snprintf(sym, sizeof(sym), "__kernel_vsyscall+%d [vdso]", VSYSCALL_PAD);
				else if (ps && off)
					snprintf(sym, sizeof(sym), "%s+%u", ps->name, off);
				else
					snprintf(sym, sizeof(sym), "%s", ps ? ps->name : "??");
				dbg_printf(d, "#%-2d 0x%08x in %s", i, f.pc, sym);
			}
			if (have ? frame_where(d, &f, &s, &file, &line) :
				   dw_addr_line(d->dw, frame_look(&f), &file, &line)) {
				const char *b = strrchr(file, '/');
				dbg_printf(d, " at %s:%d", b ? b + 1 : file, line);
			}
			dbg_printf(d, "\n");
			if (full)
				dbg_frame_print_locals(d, &f, "        ");
			scopes_free(&s);
		}
		if (f.entry && more)
			print_boundary(d, &f, handler);
		/* A program's main is its outermost frame, as gdb shows it
		 * (backtrace past-main is off): what calls it is the C
		 * library's start code. */
		u32 moff;
		const struct dbg_sym *ms = sym_lookup_addr(d->st, frame_look(&f), &moff);
		if (f.pc < 0xc0000000u && ms && !strcmp(ms->name, "main"))
			break;
		handler = ms ? ms->name : NULL;
		if (!more || i >= max)
			break;
		f = up;
	}
}

/* backtrace [full] [N] [pid PID]: frames from the innermost out, each
 * inlined call a frame of its own ("(inlined)", at its call's line), the
 * physical function as "sym+off"; across the entry code into the context it
 * interrupted (user code, or kernel code under an interrupt). "full" adds
 * each frame's locals; "pid PID" starts from another task's switch frame
 * and reads through its page tables. */
int dbg_frame_backtrace(struct dbg *d, const char *args)
{
	struct dbg_frame f;
	bool full = false;
	while (*args == ' ')
		args++;
	if (!strncmp(args, "full", 4) || !strncmp(args, "-full", 5)) {
		full = true;
		args += args[0] == '-' ? 5 : 4;
	}
	while (*args == ' ')
		args++;
	char num[64] = "";
	const char *pid = strstr(args, "pid ");
	if (pid && (pid == args || pid[-1] == ' ')) {
		snprintf(num, sizeof(num), "%.*s", (int)(pid - args), args);
		args = num;
		pid += 4;
	} else {
		pid = NULL;
	}
	int max = *args ? atoi(args) : 64;
	if (max <= 0)
		max = 64;
	dbg_frame_zero(d, &f);
	if (pid) {
		u64 v;
		u32 cr3;
		if (expr_eval_u64(&d->ex, pid, &v) < 0) {
			dbg_err(d, "%s", d->ex.err);
			return -1;
		}
		if (dbg_task_frame(d, v, f.regs, &f.known, &cr3) < 0)
			return -1;
		f.pc = f.regs[DWREG_EIP];
		f.code32 = true;
		d->read_cr3 = cr3;
		f.ninl = count_inlines(d, &f);
		print_bt_frames(d, &f, max, full);
		d->read_cr3 = 0;
		return 0;
	}
	print_bt_frames(d, &f, max, full);
	return 0;
}

struct capture {
	char *buf;
	size_t len, used;
};

static void capture_out(void *ctx, const char *text)
{
	struct capture *c = ctx;
	size_t n = strlen(text);
	if (c->used + n >= c->len)
		n = c->len - c->used - 1;
	memcpy(c->buf + c->used, text, n);
	c->used += n;
	c->buf[c->used] = 0;
}

void dbg_frame_args_text(struct dbg *d, bool inner, char *buf, size_t len, const char **fname)
{
	struct dbg_frame f;
	struct scopes s;
	buf[0] = 0;
	*fname = NULL;
	if (len < 2 || dbg_frame_get(d, 0, &f) < 0 || !frame_scopes(d, &f, &s))
		return;
	int which = s.subprog;
	if (inner && s.inner_fn != s.subprog) {
		which = s.inner_fn;
		*fname = die_name(&s.die[which]);
	}
	/* print_vars writes through dbg_printf: borrow the output for a moment. */
	void (*fn)(void *, const char *) = d->out_fn;
	void *ctx = d->out_ctx;
	struct capture c = { buf, len, 0 };
	d->out_fn = capture_out;
	d->out_ctx = &c;
	/* The stop line names the physical function: its parameters, not
	 * those of a function inlined at the breakpoint. */
	print_vars_of(d, &f, &s, true, ", ", "=", true, which);
	d->out_fn = fn;
	d->out_ctx = ctx;
	scopes_free(&s);
}

/* ---- commands ---- */

/* How many frames there are (up to max). */
static int frame_count(struct dbg *d, int max)
{
	struct dbg_frame f, up;
	int n = 0;
	dbg_frame_zero(d, &f);
	for (;;) {
		n += f.ninl + 1;	/* its inlined calls are frames too */
		if (n >= max || !dbg_frame_unwind(d, &f, &up))
			return n;
		f = up;
	}
}

static int select_frame(struct dbg *d, int level)
{
	struct dbg_frame f;
	if (level < 0 || dbg_frame_get(d, level, &f) < 0) {
		dbg_err(d, "No frame at level %d.", level);
		return -1;
	}
	remember(d, level);
	print_frame_line(d, &f, true);
	return 0;
}

static int parse_count(struct dbg *d, const char *cmd, const char *args, int *n)
{
	u64 v;
	if (!*args)
		return 0;
	if (expr_eval_u64(&d->ex, args, &v) < 0) {
		dbg_err(d, "%s", d->ex.err);
		return -1;
	}
	if ((s64)v < 0 || v > 100000) {
		dbg_err(d, "%s: a frame count from 0 to 100000 is needed", cmd);
		return -1;
	}
	*n = (int)v;
	return 0;
}

static int info_frame(struct dbg *d)
{
	int level = dbg_frame_selected(d);
	struct dbg_frame f;
	if (dbg_frame_get(d, level, &f) < 0) {
		dbg_err(d, "No stack.");
		return -1;
	}
	struct scopes s;
	char buf[160];
	bool have = frame_scopes(d, &f, &s);
	if (f.has_cfa)
		dbg_printf(d, "Stack level %d, frame at 0x%x:\n", level, f.cfa);
	else
		dbg_printf(d, "Stack level %d, frame at <unknown>:\n", level);
	dbg_printf(d, " eip = 0x%x in %s", f.pc, frame_func(d, &f, &s, buf, sizeof(buf)));
	const char *file;
	int line;
	if (have ? frame_where(d, &f, &s, &file, &line) :
		   dw_addr_line(d->dw, frame_look(&f), &file, &line))
		dbg_printf(d, " (%s:%d)", file, line);
	if (f.has_caller)
		dbg_printf(d, "; saved eip = 0x%x\n", f.caller_pc);
	else
		dbg_printf(d, "; saved eip = <not saved>\n");
	if (f.inl < f.ninl) {
		const char *outer = have && s.inner_fn != s.subprog ?
				    die_name(&s.die[s.fn[f.inl + 1]]) : NULL;
		dbg_printf(d, " inlined into frame %d (%s)\n", level + 1, outer ? outer : "??");
	}
	struct dbg_frame caller;
	bool have_caller = f.has_caller && dbg_frame_get(d, level + 1, &caller) == 0;
	struct dbg_frame callee;
	bool have_callee = level > 0 && dbg_frame_get(d, level - 1, &callee) == 0;
	if (have_caller || have_callee) {
		dbg_printf(d, " ");
		if (have_caller) {
			if (caller.has_cfa)
				dbg_printf(d, "called by frame at 0x%x", caller.cfa);
			else
				dbg_printf(d, "called by frame at <unknown>");
		}
		if (have_callee && callee.has_cfa)
			dbg_printf(d, "%scaller of frame at 0x%x", have_caller ? ", " : "", callee.cfa);
		dbg_printf(d, "\n");
	}
	if (have)
		dbg_printf(d, " source language c.\n");
	dbg_printf(d, " unwound by %s\n", f.by_cfi ? "call frame information (.debug_frame)" :
					   f.entry ? "the pt_regs the entry code saved" :
					   f.vdso ? "what the vDSO's __kernel_vsyscall pushed" :
					   f.scanned ? "a stack scan for the call's return address" :
					   f.has_cfa ? "the EBP chain (no call frame information here)" :
					   "nothing (outermost, or no frame pointer)");
	/* gdb's i386 "frame base": where the frame's EBP is (or would be)
	 * saved, CFA - 8, whether or not the prologue has run yet. */
	if (f.has_cfa)
		dbg_printf(d, " Arglist at 0x%x, args: ", f.cfa - 8);
	else
		dbg_printf(d, " Arglist at <unknown>, args: ");
	if (have)
		print_vars(d, &f, &s, true, ", ", "=", true);
	dbg_printf(d, "\n");
	if (f.has_cfa)
		dbg_printf(d, " Locals at 0x%x,", f.cfa - 8);
	else
		dbg_printf(d, " Locals at <unknown>,");
	if (f.has_cfa)
		dbg_printf(d, " Previous frame's sp is 0x%x\n", f.cfa);
	else
		dbg_printf(d, " Previous frame's sp is <unknown>\n");
	dbg_printf(d, " Saved registers:\n ");
	bool any = false;
	for (int r = 0; r < 9; r++) {
		if (!(f.saved >> r & 1))
			continue;
		dbg_printf(d, "%s %s at 0x%x", any ? "," : "", dwreg_name[r], f.saved_at[r]);
		any = true;
	}
	dbg_printf(d, "%s\n", any ? "" : " none");
	if (level) {
		dbg_printf(d, " Registers known in this frame:");
		for (int r = 0; r < 9; r++)
			if (f.known >> r & 1)
				dbg_printf(d, " %s", dwreg_name[r]);
		dbg_printf(d, " (the others are <not saved>)\n");
	}
	scopes_free(&s);
	return 0;
}

static int info_vars(struct dbg *d, bool args)
{
	struct dbg_frame f;
	if (dbg_frame_get(d, dbg_frame_selected(d), &f) < 0) {
		dbg_err(d, "No frame selected.");
		return -1;
	}
	struct scopes s;
	if (!frame_scopes(d, &f, &s)) {
		dbg_printf(d, "No symbol table info available.\n");
		return 0;
	}
	if (!print_vars(d, &f, &s, args, "\n", " = ", false))
		dbg_printf(d, "%s\n", args ? "No arguments." : "No locals.");
	else
		dbg_printf(d, "\n");
	scopes_free(&s);
	return 0;
}

int dbg_info_frame(struct dbg *d, const char *args)
{
	return info_frame(d);
}

int dbg_info_locals(struct dbg *d, const char *args)
{
	return info_vars(d, false);
}

int dbg_info_args(struct dbg *d, const char *args)
{
	return info_vars(d, true);
}

/* frame [[level] N]: select frame N, or show the selected one. */
static int cmd_frame(struct dbg *d, const char *args)
{
	if (!strncmp(args, "level ", 6))
		args += 6;
	if (!*args)
		return select_frame(d, dbg_frame_selected(d));
	int n = 0;
	if (parse_count(d, "frame", args, &n) < 0)
		return -1;
	return select_frame(d, n);
}

static int cmd_up(struct dbg *d, const char *args)
{
	int cur = dbg_frame_selected(d), n = 1;
	if (parse_count(d, "up", args, &n) < 0)
		return -1;
	int total = frame_count(d, cur + n + 1);
	if (cur + 1 >= total) {
		dbg_err(d, "Initial frame selected; you cannot go up.");
		return -1;
	}
	return select_frame(d, cur + n < total ? cur + n : total - 1);
}

static int cmd_down(struct dbg *d, const char *args)
{
	int cur = dbg_frame_selected(d), n = 1;
	if (parse_count(d, "down", args, &n) < 0)
		return -1;
	if (cur == 0) {
		dbg_err(d, "Bottom (innermost) frame selected; you cannot go down.");
		return -1;
	}
	return select_frame(d, cur - n > 0 ? cur - n : 0);
}

/* The unwinder here serves backtrace and frame selection alike: the DWARF
 * call frame information where the code has it, the EBP chain where it
 * does not (assembly, no -g). */
const struct dbg_command dbg_frame_commands[] = {
	{ "backtrace", "bt where", dbg_frame_backtrace, "backtrace [full] [N] [pid PID]: the call stack (CFI, else the EBP chain), through the system-call and interrupt entries into user code; full adds locals; pid: a sleeping task's" },
	{ "frame", "f", cmd_frame, "frame [N]: select frame N (print and info locals use it)" },
	{ "up", NULL, cmd_up, "up [N]: select the caller's frame (N levels up)" },
	{ "down", "do", cmd_down, "down [N]: select the callee's frame (N levels down)" },
	{ NULL, NULL, NULL, NULL },
};
