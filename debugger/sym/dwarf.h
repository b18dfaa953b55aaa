/*
 * DWARF for the debugger (libdw): global variables, functions, types and
 * their members, and line tables, from one or more ELF files. Types are kept
 * as libdw DIEs; dw_* helpers answer the questions the expression evaluator
 * and the kernel views ask (size, member offset, element type, name).
 */
#ifndef LUCID_DBG_DWARF_H
#define LUCID_DBG_DWARF_H

#include <elfutils/libdw.h>
#include <stdbool.h>
#include <stddef.h>

#include "emu/lib/types.h"

struct dbg_dwarf;

struct dbg_dwarf *dw_create(void);
void dw_destroy(struct dbg_dwarf *dw);
/* Add an ELF's DWARF. Returns the number of indexed names, 0 when the file
 * has no DWARF, or -1 with err set. */
int dw_load(struct dbg_dwarf *dw, const char *path, char *err, size_t errlen);
bool dw_loaded(const struct dbg_dwarf *dw);
/* dw_load, with the file tagged with an origin ("[helloworld]") so that
 * dw_drop_origin can forget it again (a module unloaded or moved; NULL:
 * every tagged file). */
int dw_load_origin(struct dbg_dwarf *dw, const char *path, const char *origin, char *err,
		   size_t errlen);
int dw_drop_origin(struct dbg_dwarf *dw, const char *origin);

/* A global (static-storage) variable: its type DIE and address. */
bool dw_find_var(struct dbg_dwarf *dw, const char *name, Dwarf_Die *type, u32 *addr);
/* The type of a variable DWARF only declares (its address comes from the
 * symbol table: extern objects, linker aliases). */
bool dw_find_decl(struct dbg_dwarf *dw, const char *name, Dwarf_Die *type);
/* A function: its DIE and entry address. */
bool dw_find_func(struct dbg_dwarf *dw, const char *name, Dwarf_Die *die, u32 *addr);
/* The function DIE containing addr. */
bool dw_func_at(struct dbg_dwarf *dw, u32 addr, Dwarf_Die *die, u32 *lo, u32 *hi);
/* A type by C spelling: "struct task_struct", "union u", "enum e", a typedef
 * or a base type ("unsigned int", "char"). */
bool dw_find_type(struct dbg_dwarf *dw, const char *name, Dwarf_Die *type);
/* An enumerator's value (TASK_RUNNING, ...). */
bool dw_find_enumerator(struct dbg_dwarf *dw, const char *name, s64 *val);

/* Line tables: the source line for an address; the address range of the line
 * containing addr. */
bool dw_addr_line(struct dbg_dwarf *dw, u32 addr, const char **file, int *line);
bool dw_line_range(struct dbg_dwarf *dw, u32 addr, u32 *lo, u32 *hi);
/* The first address of file:line (file matched by suffix). */
bool dw_line_addr(struct dbg_dwarf *dw, const char *file, int line, u32 *addr);
/* The compilation directory for a file name from dw_addr_line (or NULL). */
const char *dw_comp_dir(struct dbg_dwarf *dw, u32 addr);

/* One step of unwinding with the call frame information: regs and caller
 * are the i386 DWARF registers 0-8 (eax ecx edx ebx esp ebp esi edi eip);
 * caller gets the calling frame's (eip = return address, esp = CFA).
 * False when there is no CFI for pc. */
bool dw_unwind(struct dbg_dwarf *dw, u32 pc, const u32 *regs, u32 *caller,
	       int (*read)(void *ctx, u32 addr, void *buf, u32 len), void *ctx);

/* One step of unwinding, with what the rules say about each register:
 * known (a saved slot or a value rule, or esp/eip), same (no rule: still in
 * the register, so as good as the callee's own copy) or neither (undefined:
 * a call-clobbered register the caller cannot see again). saved_at is the
 * address the callee saved register r at (bit r of saved). */
struct dw_unwound {
	u32 cfa;		/* the callee's canonical frame address */
	u32 regs[9];		/* the caller's registers */
	u32 saved_at[9];
	u16 saved, known, same;
	bool have_cfa;		/* cfa is valid (also when unwinding failed) */
};
bool dw_unwind_frame(struct dbg_dwarf *dw, u32 pc, const u32 *regs, struct dw_unwound *u,
		     int (*read)(void *ctx, u32 addr, void *buf, u32 len), void *ctx);
/* The compilation unit DIE covering addr. */
bool dw_cu_at(struct dbg_dwarf *dw, u32 addr, Dwarf_Die *cu);

/* Type helpers. Each takes a type DIE (or NULL for void). */
/* Strip typedefs and cv-qualifiers into *out; returns the tag (0 for void). */
int dw_strip(Dwarf_Die *t, Dwarf_Die *out);
/* Size in bytes (pointers 4, arrays elements x count), 0 for void/unknown. */
u32 dw_size(Dwarf_Die *t);
/* The DW_AT_type of t; false for void. */
bool dw_target(Dwarf_Die *t, Dwarf_Die *out);
/* Array element count of the first dimension (0 = flexible). */
u32 dw_array_count(Dwarf_Die *arr);
/* Find a member in a struct/union (searching anonymous members); returns its
 * type and byte offset. bit_size/bit_off are 0 for whole members. */
bool dw_member(Dwarf_Die *agg, const char *name, Dwarf_Die *mtype, u32 *off, int *bit_size,
	       int *bit_off);
/* Base type encoding (DW_ATE_*) of a stripped base type, or 0. */
int dw_encoding(Dwarf_Die *t);
bool dw_is_signed(Dwarf_Die *t);
/* C spelling of a type with an optional declarator: ("int [4]", "x") -> "int x[4]". */
void dw_type_decl(Dwarf_Die *t, const char *inner, char *buf, size_t len);
/* gdb's ptype output of a type (struct bodies expanded one level). */
typedef void dw_print_fn(void *ctx, const char *fmt, ...);
void dw_ptype(Dwarf_Die *t, dw_print_fn *print, void *ctx);

#endif
