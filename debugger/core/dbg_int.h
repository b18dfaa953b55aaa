/*
 * The debugger's private state and the session's own services (output,
 * registers, memory, page walks, breakpoints, frames, disassembly, source),
 * shared by every folder of debugger/. Nothing outside debugger/ includes
 * this.
 */
#ifndef LUCID_DBG_INT_H
#define LUCID_DBG_INT_H

#include <signal.h>

#include "debugger/dbg.h"
#include "debugger/sym/dwarf.h"
#include "debugger/sym/expr.h"

#define DBG_MAX_BP 64

/*
 * One debugger command: its name as gdb spells it, gdb's short spellings
 * (space-separated, or NULL), the handler (given the rest of the line) and a
 * one-line help. Each module keeps a table of its own commands, ended by a
 * row with a NULL name; cmd/cmd.c lists the tables. A handler serves exactly
 * one row, so it never looks at the command's name.
 */
typedef int dbg_cmd_fn(struct dbg *d, const char *args);
struct dbg_command {
	const char *name;
	const char *alias;
	dbg_cmd_fn *fn;
	const char *help;
};

enum bp_kind {
	BP_EXEC,		/* instruction fetch at a linear address */
	BP_EXEC_PHYS,		/* instruction fetch at a physical address */
	BP_WATCH,		/* data access in a linear range */
	BP_WATCH_PHYS,		/* data access in a physical range */
	BP_IO,			/* I/O port access */
	BP_EXCEPTION,		/* exception vector 0-31 */
	BP_INTERRUPT,		/* hardware or software interrupt vector */
	BP_MODE,		/* CR0.PE or CR0.PG changed */
	BP_CR3,			/* CR3 loaded */
	BP_TRIPLE,		/* triple fault */
	BP_ICOUNT,		/* icount reached a value */
	BP_SYSCALL,		/* a system call's entry and exit (addr: its number, ~0: any) */
};

enum { WATCH_R = 1, WATCH_W = 2, WATCH_RW = 3 };

#define DBG_COND_MAX 512	/* a breakpoint condition's length, NUL included */

struct dbg_bp {
	int id;			/* the number users see */
	enum bp_kind kind;
	bool enabled, temporary;
	u64 addr;		/* linear/physical address, port, vector or icount */
	u32 len;		/* watch/port range length */
	int access;		/* WATCH_* for watchpoints and ports */
	char cond[DBG_COND_MAX];	/* condition expression, "" for none */
	char what[256];		/* how the user spelled the location */
	u64 hits;
	u64 ignore;		/* hits still to ignore */
	u64 old_value;		/* for write watchpoints: the value before */
};

/* A recorded stop, filled in by the machine hooks (bp.c). */
struct dbg_stop {
	enum dbg_stop_reason why;
	int bp;			/* index in bp[] or -1 */
	u64 addr;		/* the watched address, port or vector */
	u32 value;		/* the value written or read */
	int size;
	bool is_write;
	/* A breakpoint stopped the machine at a library hook (the gdb stub
	 * then announces the hook's change when gdb resumes). */
	bool lib_pending;
	/* An exec breakpoint placed by address or line, not by function name:
	 * its stop line names the innermost (possibly inlined) function, as
	 * gdb's does. */
	bool by_place;
	char msg[512];
};

struct dbg {
	struct dbg_target *t;
	struct dbg_symtab *st;
	struct dbg_dwarf *dw;
	struct expr_ctx ex;

	FILE *out;
	void (*out_fn)(void *ctx, const char *s);
	void *out_ctx;

	int value_no;		/* $1, $2, ... */
	bool quit;
	bool batch;		/* echo commands, never prompt */
	/* Set by the frontend's signal handlers: SIGINT stops the running
	 * command (kept until the next command line, so no step loop misses
	 * it); SIGTERM ends the session. */
	volatile sig_atomic_t sigint, sigterm;
	/* A frontend without signals (the window's console) is asked between
	 * slices of a run whether its user interrupted it. */
	bool (*poll_fn)(void *ctx);
	void *poll_ctx;

	struct dbg_bp bp[DBG_MAX_BP];
	int nbp;
	int next_bp_id;
	/* Counts the machine hooks consult to stay off the fast path. */
	int n_exec, n_watch, n_io, n_event;
	struct dbg_stop stop;

	/* Continuation state of x, list and disassemble when repeated. */
	u32 x_next;
	char x_fmt;
	int x_size;
	char list_file[256];
	int list_line;

	/* The frame print/info locals use (frame.c); valid while the machine
	 * is still at the icount, EIP and ESP it was selected at. */
	int frame_sel;
	u64 frame_icount;
	u32 frame_eip, frame_esp;
	/* Nonzero: linear reads walk these page tables instead of CR3's (a
	 * backtrace of another process, bt pid N). */
	u32 read_cr3;
	/* The host file usersyms loaded the current program's symbols from
	 * (their origin in the symbol table), "" when none. */
	char user_syms[64];
	/* Where the gdb stub wants to hear of library changes (a module
	 * load, an exec): a stop with DBG_STOP_LIBRARY, never a user's. */
#define DBG_MAX_LIB_HOOKS 4
	u32 lib_hooks[DBG_MAX_LIB_HOOKS];
	int nlib_hooks;

	char last_line[512];	/* an empty line repeats it, like gdb */
	u8 post_codes[64];	/* the last POST codes (port 0x80), oldest first */
	int n_post;
	u64 post_total;

	/* System-call hooks for catch syscall and strace (kview/syscalls.c). */
	struct kview_sys *sys;
};

/* core.c */
void dbg_regs(struct dbg *d, struct dbg_regs *r);
/* 16 or 32: the default operand size of the code the CPU is running. */
int dbg_code_bits(const struct dbg_regs *r);
/* Linear address of CS:EIP. */
u32 dbg_pc(const struct dbg_regs *r);
bool dbg_reg_by_name(struct dbg *d, const char *name, u64 *val, int *size);
/* Parse an address: expression, or SEG:OFF (real-mode style); linear. */
int dbg_parse_addr(struct dbg *d, const char *s, u32 *addr);

/* A page-table walk, level by level, for vtop and translation. */
struct dbg_walk {
	int n;
	struct {
		const char *name;	/* "PDPTE", "PDE", "PTE" */
		u64 entry_addr;		/* physical address of the entry */
		u64 entry;
		int index;
	} lvl[4];
	u64 pa;
	u32 page_size;
	bool ok;
	const char *fault;	/* which level was not present */
};
void dbg_walk(struct dbg *d, u32 cr0, u32 cr3, u32 cr4, u32 lin, struct dbg_walk *w);
/* The linear addresses (up to max) that map physical address pa in the
 * current address space; returns how many. */
int dbg_phys_to_lin(struct dbg *d, u64 pa, u32 *lin, int max);

/* disasm.c: disassemble one instruction at linear addr; returns its length
 * (0 on a read failure) and the text into buf. */
int dbg_disasm_one(struct dbg *d, u32 lin, int bits, char *buf, size_t len);
void dbg_disasm_range(struct dbg *d, u32 lin, int count, int bits, u32 mark);
/* The explicit memory operands of the instruction at CS:EIP (Capstone's
 * operand details): linear address, size, read/write. Implicit accesses
 * (stack, string instructions' ES:EDI) are not listed. */
struct dbg_memop {
	u32 lin;
	int size;
	bool read, write;
};
int dbg_mem_operands(struct dbg *d, const struct dbg_regs *r, struct dbg_memop *ops, int max);

/* bp.c */
extern const struct dbg_command dbg_bp_commands[];
/* break/tbreak LOCATION [if COND]; watch/rwatch/awatch EXPR with access
 * WATCH_*; delete [N...]. 0, or -1 with the error printed. */
int dbg_bp_break(struct dbg *d, const char *args, bool temporary);
int dbg_bp_watch(struct dbg *d, const char *args, int access);
int dbg_bp_delete(struct dbg *d, const char *args);
void dbg_bp_list(struct dbg *d);
/* After changing d->bp directly: recount kinds and tell the target. */
void dbg_bp_changed(struct dbg *d);
/* A new breakpoint of this kind (numbered, enabled), or NULL said. */
struct dbg_bp *dbg_bp_new(struct dbg *d, enum bp_kind kind);

/* A system call seen at its entry (entry true) or exit: stop if a catch
 * syscall matches; text is the call as strace shows it. */
bool dbg_check_syscall(struct dbg *d, u64 nr, const char *name, bool entry, const char *text);

/* kview/syscalls.c: the hooks bp.c places while a catch syscall or strace
 * is armed (their linear addresses, how many), and what a hit on one does
 * (true: stop). */
/* Set the library hooks (n = 0: none). */
void dbg_set_library_hooks(struct dbg *d, const u32 *lin, int n);
/* kview/syscalls.c: a system call's name by its i386 number (NULL if none). */
const char *dbg_syscall_name(long nr);
/* kview/tasks.c: where task pid stands, for bt pid N: the CPU's registers if
 * it is running, else its switch frame (ESP, EBP, EIP; *known says which,
 * as DWARF register bits); *cr3 its page tables (0: the CPU's). 0, or -1
 * said. */
int dbg_task_frame(struct dbg *d, u64 pid, u32 regs[9], u16 *known, u32 *cr3);
int dbg_syscall_hooks(const struct dbg *d, u32 *lin, int max);
bool dbg_syscall_hit(struct dbg *d, u32 lin, bool *handled);
/* catch syscall [NAME|NUMBER] [pid N]: sets up the hooks. */
int dbg_catch_syscall(struct dbg *d, const char *args);
void dbg_syscall_free(struct dbg *d);
/* kview/usersyms.c: remove the programs extracted for the gdb stub. */
void dbg_usersyms_free(struct dbg *d);
/* The running task's pid ($pid in expressions), or its parent's ($ppid);
 * false before the kernel runs. */
bool dbg_current_pid(struct dbg *d, bool parent, u64 *pid);

/* frame.c: stack frames. Registers in DWARF order (eax ecx edx ebx esp
 * ebp esi edi eip); known says which of them this frame really has. */
struct dbg_frame {
	int level;		/* as bt numbers it: inlined calls count as frames */
	bool outer;		/* a caller's physical frame (pc is a return address) */
	int inl, ninl;		/* which of the ninl + 1 functions at pc: 0 innermost
				 * inlined one, ninl the physical function */
	bool code32;
	u32 pc;			/* linear; a return address above frame 0 */
	u32 regs[9];
	u16 known;
	/* Filled by unwinding this frame: */
	bool has_cfa, has_caller, by_cfi;
	u32 cfa;		/* the canonical frame address (the caller's ESP) */
	u32 caller_pc;
	u16 saved;		/* bit r: the caller's register r was saved at saved_at[r] */
	u32 saved_at[9];
	/* A tail-call frame, as gdb shows it: a function that jumped to its
	 * callee (the call sites' DW_AT_call_tail_call say so), so it has no
	 * stack frame of its own. tail_pc[] are the pcs of the frames still to
	 * come outward, the last its real caller's, whose registers it has. */
	bool tail;
	int ntail;
	u32 tail_pc[4];
	/* Entry code (the system call or interrupt entry) that saved the
	 * interrupted context as a pt_regs: its kind, and the call's number
	 * or the vector; the caller is the interrupted frame (user or kernel). */
	u8 entry;		/* FRAME_ENTRY_* */
	u32 entry_nr;		/* the saved orig_ax: call number, ~vector or error code */
	bool interrupted;	/* pc is where an entry interrupted, not a return address */
	bool vdso;		/* in the vDSO's __kernel_vsyscall (recognised by its code) */
	bool scanned;		/* its caller found by a stack scan (no CFI, no frame pointer) */
	bool user;		/* user code (above a boundary from CPL 3) */
};
enum { FRAME_ENTRY_NONE, FRAME_ENTRY_SYSCALL, FRAME_ENTRY_TRAP };
/* pt_regs as the i386 entry code saves it, word by word (Linux's
 * asm/ptrace.h, user_regs_struct's order): sp and ss only when it came from
 * user mode (a ring change pushes them; an entry from kernel mode leaves
 * the interrupted ESP at &regs->sp). */
enum { PT_BX, PT_CX, PT_DX, PT_SI, PT_DI, PT_BP, PT_AX, PT_DS, PT_ES, PT_FS, PT_GS, PT_ORIG_AX,
       PT_IP, PT_CS, PT_FLAGS, PT_SP, PT_SS, PT_N };
void dbg_frame_zero(struct dbg *d, struct dbg_frame *f);
/* One physical step up: fills f's CFA and saved registers, and *up (the
 * caller's innermost function) when f has a caller (returns true then). */
bool dbg_frame_unwind(struct dbg *d, struct dbg_frame *f, struct dbg_frame *up);
/* Frame number level (0 innermost); 0, or -1 when there is no such frame. */
int dbg_frame_get(struct dbg *d, int level, struct dbg_frame *f);
/* The selected frame's level (0 again once the machine has moved). */
int dbg_frame_selected(struct dbg *d);
void dbg_frame_reset(struct dbg *d);
/* A local or parameter of the selected frame: 1, 0 (none), -1 (d->ex.err). */
int dbg_frame_lookup(struct dbg *d, const char *name, struct dval *out);
/* A general register of the selected frame when it is not frame 0:
 * *handled says the frame answered (false return: not saved, ex.err set). */
bool dbg_frame_reg(struct dbg *d, const char *name, u64 *val, int *size, bool *handled);
/* A frame's locals, one "INDENTname = value" a line (bt full). */
void dbg_frame_print_locals(struct dbg *d, const struct dbg_frame *f, const char *indent);
/* Frame 0's arguments as a frame line shows them ("p=0xc3c01100, n=2"):
 * of the physical function, or with inner set, of the innermost (inlined)
 * function, whose name goes to fname (NULL when not inlined). */
void dbg_frame_args_text(struct dbg *d, bool inner, char *buf, size_t len, const char **fname);
/* backtrace [full] [N]. */
int dbg_frame_backtrace(struct dbg *d, const char *args);
/* backtrace, frame, up, down. */
extern const struct dbg_command dbg_frame_commands[];
/* info frame, info locals, info args (for the info table). */
int dbg_info_frame(struct dbg *d, const char *args);
int dbg_info_locals(struct dbg *d, const char *args);
int dbg_info_args(struct dbg *d, const char *args);

/* source.c */
void dbg_list(struct dbg *d, const char *args);
void dbg_info_line(struct dbg *d, const char *args);
void dbg_print_source_line(struct dbg *d, u32 addr);
/* The same for a known file and line (an inlined call's call site). */
void dbg_print_source_at(struct dbg *d, const char *file, int line, const char *comp_dir);

void dbg_err(struct dbg *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void dbg_print_cb(void *ctx, const char *fmt, ...);

#endif
