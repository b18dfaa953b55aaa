/*
 * The debugger's C expression evaluator (the subset gdb users type):
 * variables from DWARF or the symbol table, registers ($eax), members (. and
 * ->), indexing, unary * & - ! ~, casts to types the DWARF knows, sizeof,
 * integer arithmetic and comparison, assignment. Memory is read through a
 * callback, so the same code serves the live machine and core files.
 */
#ifndef LUCID_DBG_EXPR_H
#define LUCID_DBG_EXPR_H

#include "debugger/dbg.h"
#include "debugger/sym/dwarf.h"

struct dval {
	Dwarf_Die type;		/* valid when has_type */
	bool has_type;
	int ptrs;		/* pointer levels added above type (or above an int) */
	u8 isize;		/* a typeless integer's size: 1, 2, 4 or 8 */
	bool isigned;
	bool lval;		/* lives in memory at addr */
	bool is_func;		/* a function designator: v is its address */
	u32 addr;
	int bit_size, bit_off;
	int reg;		/* nonzero: the value of register regname */
	char regname[32];
	u64 v;			/* the value of a scalar */
	/* A local whose location says nothing here (<optimized out>), or one
	 * held in a register this frame cannot see (<not saved>). */
	bool optout, notsaved;
};

struct expr_ctx {
	struct dbg_dwarf *dw;
	struct dbg_symtab *st;
	void *opaque;
	int (*read)(void *opaque, u32 addr, void *buf, u32 len);	/* 0 or -1 */
	int (*write)(void *opaque, u32 addr, const void *buf, u32 len);
	/* A register by name (without $): value and size in bytes. */
	bool (*get_reg)(void *opaque, const char *name, u64 *val, int *size);
	int (*set_reg)(void *opaque, const char *name, u64 val);
	/* Optional: a local variable or parameter of the selected frame, looked
	 * up before globals. 1 found (*out filled), 0 none, -1 error with err set.
	 * get_reg may also set err when it refuses (a register not saved). */
	int (*lookup_local)(void *opaque, const char *name, struct dval *out);
	char err[200];
};

typedef void expr_print_fn(void *ctx, const char *fmt, ...);

/* Parse and evaluate; 0 or -1 with c->err set. */
int expr_eval(struct expr_ctx *c, const char *text, struct dval *out);
/* Convenience: evaluate to an integer (pointers give their address). */
int expr_eval_u64(struct expr_ctx *c, const char *text, u64 *out);
/* Print a value the way gdb's print does; fmt is 0 (natural) or one of
 * x d u o t c a s z. */
void expr_print(struct expr_ctx *c, const struct dval *v, char fmt, expr_print_fn *print,
		void *pctx);
/* As expr_print, without the "(type *)" prefix of pointers: how gdb shows
 * values in frame lines and in info locals / info args. */
void expr_print_brief(struct expr_ctx *c, const struct dval *v, char fmt, expr_print_fn *print,
		      void *pctx);
/* The C type name of a value ("struct task_struct *", "int"). */
void expr_type_name(const struct dval *v, char *buf, size_t len);
/* Read a scalar of size bytes at addr (helper for the kernel views). */
int expr_read_uint(struct expr_ctx *c, u32 addr, int size, u64 *out);

#endif
