/*
 * The built-in debugger: its view of a target and its public entry points.
 *
 * The debugger never reaches into the CPU or the machine directly. It sees a
 * target through struct dbg_target: physical memory reads and writes, a
 * register file snapshot (struct dbg_regs, including the hidden descriptor
 * parts of the segment registers, Intel SDM vol. 3A section 3.4.3), and
 * execution control. The live machine, an ELF core file and the unit tests'
 * fake machine all provide the same hooks, so every command works on each of
 * them. Linear and virtual addresses are translated by the debugger itself
 * with the guest's page tables (SDM vol. 3A sections 4.3 and 4.4), never by
 * asking the guest.
 */
#ifndef LUCID_DBG_H
#define LUCID_DBG_H

#include <stdarg.h>
#include <stdio.h>

#include "emu/lib/types.h"

/* Segment register indices, in the hardware's encoding order. */
enum { DBG_ES, DBG_CS, DBG_SS, DBG_DS, DBG_FS, DBG_GS, DBG_NSEG };
/* General registers, in the hardware's encoding order. */
enum { DBG_EAX, DBG_ECX, DBG_EDX, DBG_EBX, DBG_ESP, DBG_EBP, DBG_ESI, DBG_EDI };

struct dbg_seg {
	u16 sel;
	u32 base, limit;	/* the hidden (cached) descriptor parts */
	u16 attr;		/* access byte in bits 0-7, G/D/L/AVL in bits 12-15 */
};

struct dbg_regs {
	u32 gpr[8];		/* EAX ECX EDX EBX ESP EBP ESI EDI */
	u32 eip, eflags;
	struct dbg_seg seg[DBG_NSEG];
	struct dbg_seg ldtr, tr;
	u32 gdt_base, gdt_limit, idt_base, idt_limit;
	u32 cr0, cr2, cr3, cr4;
	u32 dr[8];
	u64 icount;
	/* The x87 (all zero and has_fpu false when there is none). */
	bool has_fpu;
	u16 fctrl, fstat, ftag, fop;	/* ftag: the full tag word, two bits a register */
	u32 fiseg, fioff, foseg, fooff;	/* last instruction and operand */
	u8 st[8][10];			/* ST(0)..ST(7), 80 bits little-endian */
	bool halted;		/* HLT executed: waiting for an interrupt */
};

/* Register numbers for set_reg and the gdb stub (gdb's i386 order first). */
enum dbg_regno {
	DBG_R_EAX, DBG_R_ECX, DBG_R_EDX, DBG_R_EBX, DBG_R_ESP, DBG_R_EBP,
	DBG_R_ESI, DBG_R_EDI, DBG_R_EIP, DBG_R_EFLAGS,
	DBG_R_CS, DBG_R_SS, DBG_R_DS, DBG_R_ES, DBG_R_FS, DBG_R_GS,
	DBG_R_CR0, DBG_R_CR2, DBG_R_CR3, DBG_R_CR4,
	DBG_R_NREGS
};

/* Why the target stopped running (the answer to run/step). */
enum dbg_stop_reason {
	DBG_STOP_NONE,
	DBG_STOP_STEP,		/* the requested instructions were executed */
	DBG_STOP_BREAK,		/* a breakpoint (index in dbg->stop_bp) */
	DBG_STOP_WATCH,		/* a watchpoint (dbg->stop_addr says where) */
	DBG_STOP_EVENT,		/* exception, interrupt, mode switch, CR3, ... */
	DBG_STOP_SHUTDOWN,	/* triple fault */
	DBG_STOP_EXIT,		/* the guest exited (debug-exit port) */
	DBG_STOP_USER,		/* Ctrl-C or a gdb interrupt */
	DBG_STOP_LIMIT,		/* the instruction count limit */
	DBG_STOP_END,		/* a replay reached the end of its recording */
	DBG_STOP_LIBRARY,	/* a library hook (the gdb stub's: a module load, an exec) */
};

/* Counts the machine keeps itself (not guest state), for the panels. */
struct dbg_hw_counters {
	u64 tlb_hits, tlb_misses;	/* slow-path TLB lookups answered / page walks */
	u64 tlb_flushes;		/* asked by the guest: CR3 loads and INVLPG */
	u64 page_faults;		/* #PF raised by the page walker */
	u64 syscalls;			/* INT 80h and SYSENTER executed at CPL 3 */
};

struct dbg_target {
	void *opaque;
	const char *name;	/* "machine", "core", "fake" */
	/* Physical memory; 0 or -1 for a hole. */
	int (*read_phys)(void *opaque, u64 paddr, void *buf, u32 len);
	/* NULL for read-only targets (core files). Live: through INPUT_DEBUG_WRITE. */
	int (*write_phys)(void *opaque, u64 paddr, const void *buf, u32 len);
	void (*get_regs)(void *opaque, struct dbg_regs *r);
	int (*set_reg)(void *opaque, enum dbg_regno reg, u32 val);
	/* Execution control; NULL for targets that do not run. run executes until
	 * icount reaches limit or something stops it; returns why. */
	enum dbg_stop_reason (*run)(void *opaque, u64 limit);
	enum dbg_stop_reason (*step)(void *opaque);
	/* Optional: I/O port read without side effects is impossible, so only info. */
	void (*info_device)(void *opaque, const char *name,
			    void (*print)(void *ctx, const char *fmt, ...), void *ctx);
	const char **device_names;	/* NULL-terminated, for "info" completion */
	/* Optional: ask the target to invalidate breakpoints' cached state. */
	void (*breakpoints_changed)(void *opaque);
	/* Optional: save the screen as PNG (the live machine's VGA). 0, or -1 with err. */
	int (*screenshot)(void *opaque, const char *path, char *err, size_t errlen);
	/* Optional: snapshots and time travel (the live machine keeps them in
	 * emu/replay); 0, or -1 with err. */
	int (*savevm)(void *opaque, const char *path, char *err, size_t errlen);
	int (*loadvm)(void *opaque, const char *path, char *err, size_t errlen);
	int (*seek)(void *opaque, u64 icount, char *err, size_t errlen);
	/* The latest checkpoint at or before icount (the history's start if none). */
	u64 (*checkpoint_before)(void *opaque, u64 icount);
	/* on: start keeping checkpoints every interval instructions (0: default);
	 * off: stop. Then print the state through print. */
	int (*timetravel)(void *opaque, int on, u64 interval, char *msg, size_t len);
	/* Optional: read count 512-byte sectors of ATA drive 0..3 (primary master
	 * first) as the guest would see them now; 0, or -1. */
	int (*read_disk)(void *opaque, int drive, u64 lba, u32 count, void *buf);
	/* Optional: the machine's own counters (NULL: none). */
	void (*hw_counters)(void *opaque, struct dbg_hw_counters *c);
	u64 ips;		/* instructions per virtual second (for jiffies' time) */
	u64 ram_size;		/* bytes of RAM from physical 0 (kcore without paging) */
};

struct dbg_symtab;
struct dbg_dwarf;
struct dbg;

/* ---- symbols (sym/sym.c) ---- */
struct dbg_sym {
	u32 addr, size;
	char *name;
	u8 is_func;
	const char *file;	/* the ELF it came from */
};

struct dbg_symtab *sym_create(void);
void sym_destroy(struct dbg_symtab *st);
/* Add the symbols of an ELF file; returns how many or -1 (err set). */
int sym_load_elf(struct dbg_symtab *st, const char *path, char *err, size_t errlen);
/* The symbol containing (or nearest below) addr; *off gets addr - sym. NULL if none. */
const struct dbg_sym *sym_lookup_addr(const struct dbg_symtab *st, u32 addr, u32 *off);
const struct dbg_sym *sym_lookup_name(const struct dbg_symtab *st, const char *name);
int sym_count(const struct dbg_symtab *st);
/* Symbol number i (0 .. sym_count - 1), in address order. */
const struct dbg_sym *sym_get(const struct dbg_symtab *st, int i);
/* The name of file's allocated section holding addr (".text"), from the
 * ELF's section headers; NULL when none does. */
const char *sym_section(const struct dbg_symtab *st, const char *file, u32 addr);
/* "name+0x12" or "" into buf; returns buf. */
const char *sym_format(const struct dbg_symtab *st, u32 addr, char *buf, size_t len);
/* Symbols that come from guest memory rather than an ELF file (a loaded
 * module's, "[helloworld]"): add one, or drop every symbol of that origin.
 * After adding, sym_sort puts the table back in address order. */
int sym_add_extra(struct dbg_symtab *st, const char *origin, u32 addr, u32 size,
		  const char *name, bool func);
int sym_drop_origin(struct dbg_symtab *st, const char *origin);
void sym_sort(struct dbg_symtab *st);

/* ---- the debugger session (core/core.c, cmd/cmd.c) ---- */
struct dbg *dbg_create(struct dbg_target *t);
void dbg_destroy(struct dbg *d);
/* Output goes to a FILE (stdout by default) or a callback (gdb monitor). */
void dbg_set_output(struct dbg *d, FILE *f);
void dbg_set_output_fn(struct dbg *d, void (*fn)(void *ctx, const char *s), void *ctx);
/* A frontend with no SIGINT of its own (the window's console): fn is called
 * every DBG_POLL_SLICE instructions of a run, and returning true interrupts
 * it as Ctrl-C does ("Interrupted at icount N"). It may redraw the screen. */
#define DBG_POLL_SLICE 2000000
void dbg_set_poll_fn(struct dbg *d, bool (*fn)(void *ctx), void *ctx);
void dbg_printf(struct dbg *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Load symbols and DWARF from an ELF (kernel, BIOS, boot sector). 0 or -1. */
int dbg_load_symbols(struct dbg *d, const char *path);
/* Run one command line. Returns 0, -1 on error, or 1 when the session should end. */
int dbg_command(struct dbg *d, const char *line);
/* Run a script (batch mode): every line echoed with "(lucid) " then its output. */
int dbg_run_script(struct dbg *d, const char *path);
/* The command names that start with prefix (at most max, in help's order);
 * returns how many. For completion. */
int dbg_complete(struct dbg *d, const char *prefix, const char **names, int max);
/* Interactive prompt on the terminal until quit/EOF. */
int dbg_interactive(struct dbg *d);
/* Report the stop to the user (location and disassembly), as after a step. */
void dbg_report_stop(struct dbg *d, enum dbg_stop_reason why);

/* Memory through the debugger's own translation. kind: 'p' physical,
 * 'l' linear, 'v' virtual (segment-relative is done by callers). */
int dbg_read_phys(struct dbg *d, u64 paddr, void *buf, u32 len);
int dbg_read_linear(struct dbg *d, u32 lin, void *buf, u32 len);
int dbg_write_linear(struct dbg *d, u32 lin, const void *buf, u32 len);
/* Translate a linear address with page tables at cr3 (paging per cr0/cr4).
 * Returns 0 and *pa, or -1 when not mapped. */
int dbg_translate(struct dbg *d, u32 cr0, u32 cr3, u32 cr4, u32 lin, u64 *pa);

/* ---- hooks the machine calls (breakpoints, events) ---- */
struct dbg_symtab *dbg_symtab(struct dbg *d);
struct dbg_dwarf *dbg_dwarf(struct dbg *d);



/* ---- hooks the machine and CPU call (core/bp.c) ----
 * The machine asks dbg_wants() which kinds are armed and only then calls the
 * matching check; with nothing set the CPU runs its normal fast path. Each
 * check returns true when execution must stop, with the stop recorded for
 * dbg_report_stop(). */
enum dbg_want {
	DBG_WANT_EXEC = 1,	/* exec breakpoints: see dbg_exec_addrs */
	DBG_WANT_MEM = 2,	/* data watchpoints */
	DBG_WANT_IO = 4,	/* I/O port watchpoints */
	DBG_WANT_EVENT = 8,	/* exception/interrupt/mode/CR3/triple catches */
	DBG_WANT_ICOUNT = 16,	/* an icount catch: see dbg_icount_stop */
};
enum dbg_event {
	DBG_EV_EXCEPTION,	/* arg = vector, arg2 = error code */
	DBG_EV_INTERRUPT,	/* arg = vector (hardware or INT n) */
	DBG_EV_MODE,		/* arg = old CR0, arg2 = new CR0 */
	DBG_EV_CR3,		/* arg = old CR3, arg2 = new CR3 */
	DBG_EV_TRIPLE,		/* arg = the vector of the third fault */
};
unsigned dbg_wants(const struct dbg *d);
/* Enabled exec breakpoints: linear addresses into lin[], physical into
 * phys[] (either may be NULL); returns how many of each via *nlin / *nphys. */
void dbg_exec_addrs(const struct dbg *d, u32 *lin, int *nlin, u64 *phys, int *nphys, int max);
bool dbg_check_exec(struct dbg *d, u32 lin, u64 phys);
bool dbg_check_mem(struct dbg *d, u32 lin, u64 phys, int size, bool write, u32 val);
bool dbg_check_io(struct dbg *d, u16 port, int size, bool write, u32 val);
bool dbg_check_event(struct dbg *d, enum dbg_event ev, u32 arg, u32 arg2);
/* The earliest icount at which a catch fires, or UINT64_MAX. */
u64 dbg_icount_stop(const struct dbg *d);
bool dbg_check_icount(struct dbg *d, u64 icount);
/* POST code written to port 0x80 (remembered for "post"). */
void dbg_post_code(struct dbg *d, u8 code);
/* The guest exited through the debug-exit port; msg says how. */
void dbg_note_exit(struct dbg *d, const char *msg);
#endif
