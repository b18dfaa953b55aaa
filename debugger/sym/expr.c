/*
 * The expression evaluator: a recursive-descent parser over C's precedence
 * levels (ISO C11 section 6.5) that evaluates as it parses. Values carry
 * their DWARF type, so members, indexing and pointer arithmetic use the
 * layout the compiler chose. Lvalues keep their address; scalars are loaded
 * lazily, when an operator needs the value.
 */
#include <ctype.h>
#include <dwarf.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "debugger/sym/expr.h"

struct parser {
	struct expr_ctx *c;
	const char *s;
	bool failed;
	bool no_side_effects;	/* parsing under sizeof: do not read memory */
	bool in_current;	/* expanding `current` (no recursion) */
};

static int fail(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct parser *p, const char *fmt, ...)
{
	if (!p->failed) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(p->c->err, sizeof(p->c->err), fmt, ap);
		va_end(ap);
	}
	p->failed = true;
	return -1;
}

static void skip(struct parser *p)
{
	while (isspace((unsigned char)*p->s))
		p->s++;
}

static bool eat(struct parser *p, const char *tok)
{
	skip(p);
	size_t n = strlen(tok);
	if (strncmp(p->s, tok, n))
		return false;
	/* Do not split "<=" into "<" or "->" into "-", "&&" into "&". */
	if (n == 1 && strchr("<>=!&|-+", tok[0]) && p->s[1] &&
	    (p->s[1] == '=' || (p->s[1] == tok[0] && tok[0] != '!') ||
	     (tok[0] == '-' && p->s[1] == '>')))
		return false;
	p->s += n;
	return true;
}

static bool ident(struct parser *p, char *buf, size_t len)
{
	skip(p);
	if (!isalpha((unsigned char)*p->s) && *p->s != '_')
		return false;
	size_t j = 0;
	while ((isalnum((unsigned char)*p->s) || *p->s == '_') && j + 1 < len)
		buf[j++] = *p->s++;
	buf[j] = 0;
	return true;
}

/* ---- value helpers ---- */

static void make_int(struct dval *v, u64 x, int size, bool sign)
{
	memset(v, 0, sizeof(*v));
	v->isize = size;
	v->isigned = sign;
	v->v = x;
}

/* The tag of the value's type after typedefs; pointers added by & count as
 * DW_TAG_pointer_type; typeless ints as DW_TAG_base_type. */
static int vtag(const struct dval *v, Dwarf_Die *stripped)
{
	if (v->ptrs)
		return DW_TAG_pointer_type;
	if (!v->has_type)
		return v->is_func ? DW_TAG_subprogram : DW_TAG_base_type;
	int tag = dw_strip((Dwarf_Die *)&v->type, stripped);
	return tag ? tag : -1;	/* -1: void */
}

static u32 vsize(const struct dval *v)
{
	if (v->ptrs)
		return 4;
	if (!v->has_type)
		return v->is_func ? 1 : v->isize;
	return dw_size((Dwarf_Die *)&v->type);
}

static bool is_scalar_tag(int tag)
{
	return tag == DW_TAG_base_type || tag == DW_TAG_pointer_type ||
	       tag == DW_TAG_enumeration_type || tag == DW_TAG_subprogram;
}

static bool vsigned(const struct dval *v)
{
	if (v->ptrs)
		return false;
	if (!v->has_type)
		return v->isigned;
	return dw_is_signed((Dwarf_Die *)&v->type);
}

int expr_read_uint(struct expr_ctx *c, u32 addr, int size, u64 *out)
{
	u8 b[8] = { 0 };
	if (size < 1 || size > 8 || c->read(c->opaque, addr, b, size) != 0)
		return -1;
	*out = ld64(b);
	return 0;
}

/* Load the scalar value of an lvalue (sign- or zero-extended to 64 bits). */
static int load(struct parser *p, struct dval *v)
{
	Dwarf_Die s;
	int tag = vtag(v, &s);
	if (!v->lval || v->reg || !is_scalar_tag(tag) || tag == DW_TAG_subprogram)
		return 0;
	if (p->no_side_effects) {
		v->v = 0;
		return 0;
	}
	u32 size = vsize(v);
	u64 x;
	if (v->bit_size) {
		u32 span = (v->bit_off + v->bit_size + 7) / 8;
		if (expr_read_uint(p->c, v->addr, span, &x) < 0)
			return fail(p, "Cannot access memory at address 0x%x", v->addr);
		x >>= v->bit_off;
		x &= (v->bit_size < 64) ? ((1ull << v->bit_size) - 1) : ~0ull;
		if (vsigned(v) && v->bit_size < 64 && (x >> (v->bit_size - 1)) & 1)
			x |= ~0ull << v->bit_size;
		v->v = x;
		return 0;
	}
	if (size > 8 || size == 0)
		return fail(p, "cannot load a value of %u bytes", size);
	if (expr_read_uint(p->c, v->addr, size, &x) < 0)
		return fail(p, "Cannot access memory at address 0x%x", v->addr);
	if (size < 8 && vsigned(v) && (x >> (size * 8 - 1)) & 1)
		x |= ~0ull << (size * 8);
	v->v = x;
	return 0;
}

/* An rvalue usable in arithmetic: arrays decay to pointers to their first
 * element, functions to their address. */
static int unusable(struct parser *p, const struct dval *v)
{
	if (v->optout)
		return fail(p, "value has been optimized out");
	return fail(p, "value is not available");
}

static int rvalue(struct parser *p, struct dval *v)
{
	Dwarf_Die s;
	if ((v->optout || v->notsaved) && !p->no_side_effects)
		return unusable(p, v);
	int tag = vtag(v, &s);
	if (tag == DW_TAG_array_type) {
		Dwarf_Die el;
		bool has = dw_target(&s, &el);
		u32 a = v->addr;
		memset(v, 0, sizeof(*v));
		if (has) {
			v->type = el;
			v->has_type = true;
		} else {
			v->isize = 1;
		}
		v->ptrs = 1;
		v->v = a;
		return 0;
	}
	if (tag == DW_TAG_subprogram || v->is_func) {
		u64 a = v->v;
		make_int(v, a, 4, false);
		return 0;
	}
	if (tag == DW_TAG_structure_type || tag == DW_TAG_union_type)
		return fail(p, "a struct or union is not a number");
	if (load(p, v) < 0)
		return -1;
	v->lval = false;
	v->reg = 0;
	return 0;
}

/* Pointer target: the value with one pointer level removed. */
static int deref_type(struct parser *p, struct dval *v, struct dval *out)
{
	memset(out, 0, sizeof(*out));
	if (v->ptrs) {
		*out = *v;
		out->ptrs--;
		out->lval = false;
		out->reg = 0;
		out->bit_size = 0;
		return 0;
	}
	Dwarf_Die s, t;
	int tag = vtag(v, &s);
	if (tag != DW_TAG_pointer_type)
		return fail(p, "Attempt to take contents of a non-pointer value.");
	if (!dw_target(&s, &t))
		return fail(p, "Attempt to take contents of a non-pointer value.");
	out->type = t;
	out->has_type = true;
	return 0;
}

static int deref(struct parser *p, struct dval *v)
{
	if (rvalue(p, v) < 0)
		return -1;
	struct dval r;
	if (deref_type(p, v, &r) < 0)
		return -1;
	r.lval = true;
	r.addr = (u32)v->v;
	Dwarf_Die s;
	if (r.has_type && !r.ptrs && vtag(&r, &s) == DW_TAG_subroutine_type) {
		r.lval = false;
		r.is_func = true;
		r.v = v->v;
	}
	*v = r;
	return 0;
}

/* Size of what a pointer value points to, for pointer arithmetic. */
static u32 pointee_size(struct parser *p, struct dval *ptr)
{
	struct dval t;
	if (deref_type(p, ptr, &t) < 0)
		return 1;
	u32 s = vsize(&t);
	return s ? s : 1;	/* void * steps by bytes, like gcc */
}

/* ---- types in casts and sizeof ---- */

static bool parse_type(struct parser *p, struct dval *tv)
{
	const char *save = p->s;
	char w[64], name[160] = "";
	int words = 0;
	while (ident(p, w, sizeof(w))) {
		bool kw = !strcmp(w, "struct") || !strcmp(w, "union") || !strcmp(w, "enum") ||
			  !strcmp(w, "unsigned") || !strcmp(w, "signed") || !strcmp(w, "long") ||
			  !strcmp(w, "short") || !strcmp(w, "int") || !strcmp(w, "char") ||
			  !strcmp(w, "const") || !strcmp(w, "volatile") || !strcmp(w, "void");
		if (!strcmp(w, "const") || !strcmp(w, "volatile"))
			continue;
		if (strlen(name) + strlen(w) + 2 < sizeof(name)) {
			if (*name)
				strcat(name, " ");
			strcat(name, w);
		}
		words++;
		bool tagword = !strcmp(w, "struct") || !strcmp(w, "union") || !strcmp(w, "enum");
		if (tagword) {
			if (!ident(p, w, sizeof(w)))
				break;
			strcat(name, " ");
			strcat(name, w);
			break;
		}
		if (!kw)
			break;	/* a typedef name ends the specifiers */
		skip(p);
		if (!isalpha((unsigned char)*p->s) && *p->s != '_')
			break;
		/* Peek: stop before an identifier that is not a type keyword. */
		const char *q = p->s;
		char nx[64];
		ident(p, nx, sizeof(nx));
		p->s = q;
		if (strcmp(nx, "unsigned") && strcmp(nx, "signed") && strcmp(nx, "long") &&
		    strcmp(nx, "short") && strcmp(nx, "int") && strcmp(nx, "char") &&
		    strcmp(nx, "const") && strcmp(nx, "volatile"))
			break;
	}
	if (!words) {
		p->s = save;
		return false;
	}
	memset(tv, 0, sizeof(*tv));
	if (!strcmp(name, "void")) {
		tv->isize = 1;	/* void: size 1 for pointer arithmetic, like gcc */
	} else if (!dw_find_type(p->c->dw, name, &tv->type)) {
		/* Without DWARF, the fixed-width C types still work. */
		static const struct { const char *n; u8 size; bool sign; } basic[] = {
			{ "char", 1, true }, { "unsigned char", 1, false },
			{ "short", 2, true }, { "unsigned short", 2, false },
			{ "int", 4, true }, { "unsigned int", 4, false }, { "unsigned", 4, false },
			{ "long", 4, true }, { "unsigned long", 4, false },
			{ "long long", 8, true }, { "unsigned long long", 8, false },
			{ "u8", 1, false }, { "u16", 2, false }, { "u32", 4, false },
			{ "u64", 8, false },
		};
		size_t i;
		for (i = 0; i < sizeof(basic) / sizeof(basic[0]); i++)
			if (!strcmp(basic[i].n, name))
				break;
		if (i == sizeof(basic) / sizeof(basic[0])) {
			p->s = save;
			return false;
		}
		tv->isize = basic[i].size;
		tv->isigned = basic[i].sign;
	} else {
		tv->has_type = true;
	}
	while (eat(p, "*"))
		tv->ptrs++;
	return true;
}

/* ---- the grammar, lowest precedence last ---- */

static int parse_assign(struct parser *p, struct dval *v);
static int parse_unary_(struct parser *p, struct dval *v);

static int parse_primary(struct parser *p, struct dval *v)
{
	skip(p);
	char name[128];
	if (eat(p, "(")) {
		if (parse_assign(p, v) < 0)
			return -1;
		if (!eat(p, ")"))
			return fail(p, "missing ')'");
		return 0;
	}
	if (isdigit((unsigned char)*p->s)) {
		char *end;
		u64 x = strtoull(p->s, &end, 0);
		p->s = end;
		while (*p->s == 'u' || *p->s == 'U' || *p->s == 'l' || *p->s == 'L')
			p->s++;
		make_int(v, x, x > 0xffffffffull ? 8 : 4, x <= 0x7fffffff);
		return 0;
	}
	if (*p->s == '\'') {
		int ch = (unsigned char)p->s[1];
		const char *q = p->s + 2;
		if (ch == '\\') {
			char e = p->s[2];
			ch = e == 'n' ? '\n' : e == 't' ? '\t' : e == '0' ? 0 : e == 'r' ? '\r' : e;
			q = p->s + 3;
		}
		if (*q != '\'')
			return fail(p, "bad character constant");
		p->s = q + 1;
		make_int(v, ch, 1, true);
		return 0;
	}
	if (*p->s == '$') {
		p->s++;
		if (!ident(p, name, sizeof(name)))
			return fail(p, "register name expected after $");
		u64 x;
		int size;
		p->c->err[0] = 0;
		if (!p->c->get_reg || !p->c->get_reg(p->c->opaque, name, &x, &size)) {
			if (p->c->err[0]) {
				char why[sizeof(p->c->err)];
				snprintf(why, sizeof(why), "%s", p->c->err);
				return fail(p, "%s", why);
			}
			return fail(p, "no register $%s", name);
		}
		make_int(v, x, size, false);
		/* Remember which register, for assignment. */
		v->reg = 1;
		snprintf(v->regname, sizeof(v->regname), "%.31s", name);
		return 0;
	}
	if (ident(p, name, sizeof(name))) {
		if (!strcmp(name, "sizeof")) {
			struct dval t;
			const char *save = p->s;
			if (eat(p, "(")) {
				if (parse_type(p, &t) && eat(p, ")")) {
					make_int(v, vsize(&t), 4, false);
					return 0;
				}
				p->s = save;
			}
			bool old = p->no_side_effects;
			p->no_side_effects = true;
			int r = parse_unary_(p, &t);
			p->no_side_effects = old;
			if (r < 0)
				return -1;
			make_int(v, vsize(&t), 4, false);
			return 0;
		}
		memset(v, 0, sizeof(*v));
		u32 addr;
		Dwarf_Die die;
		s64 ev;
		/* The selected frame's locals and parameters hide globals, as in C. */
		if (p->c->lookup_local) {
			p->c->err[0] = 0;
			int r = p->c->lookup_local(p->c->opaque, name, v);
			if (r > 0)
				return 0;
			if (r < 0) {
				char why[sizeof(p->c->err)];
				snprintf(why, sizeof(why), "%s", p->c->err);
				return fail(p, "%s", why);
			}
			memset(v, 0, sizeof(*v));
		}
		if (dw_find_var(p->c->dw, name, &v->type, &addr)) {
			v->has_type = true;
			v->lval = true;
			v->addr = addr;
			return 0;
		}
		if (dw_find_func(p->c->dw, name, &die, &addr)) {
			v->is_func = true;
			v->type = die;
			v->v = addr;
			return 0;
		}
		if (dw_find_enumerator(p->c->dw, name, &ev)) {
			make_int(v, (u64)ev, 4, true);
			return 0;
		}
		const struct dbg_sym *s = sym_lookup_name(p->c->st, name);
		if (s) {
			if (s->is_func) {
				v->is_func = true;
				v->v = s->addr;
			} else if (dw_find_decl(p->c->dw, name, &v->type)) {
				/* Declared in DWARF, placed by the linker (jiffies = jiffies_64). */
				v->has_type = true;
				v->lval = true;
				v->addr = s->addr;
			} else {
				/* gdb: <data variable, no debug info>; we read it as an int. */
				v->isize = 4;
				v->isigned = true;
				v->lval = true;
				v->addr = s->addr;
			}
			return 0;
		}
		/*
		 * Linux's `current` is a macro, not a symbol: the task whose kernel
		 * stack the CPU is on (thread_info sits at the bottom of the 8 KiB
		 * stack), as the kernel's own gdb scripts compute it.
		 */
		if (!strcmp(name, "current") && !p->in_current) {
			const char *rest = p->s;
			int r;

			p->in_current = true;
			p->s = "((struct thread_info *)($esp & ~8191))->task";
			r = parse_assign(p, v);
			p->in_current = false;
			p->s = rest;
			return r;
		}
		return fail(p, "No symbol \"%s\" in current context.", name);
	}
	if (!*p->s)
		return fail(p, "expression expected");
	return fail(p, "A syntax error in expression, near `%s'.", p->s);
}

static int member(struct parser *p, struct dval *v, const char *name)
{
	Dwarf_Die s, mt;
	if (v->optout || v->notsaved)
		return unusable(p, v);
	int tag = vtag(v, &s);
	if (tag != DW_TAG_structure_type && tag != DW_TAG_union_type)
		return fail(p, "Attempt to extract a component of a value that is not a structure.");
	u32 off;
	int bs, bo;
	if (!dw_member(&s, name, &mt, &off, &bs, &bo))
		return fail(p, "There is no member named %s.", name);
	if (!v->lval)
		return fail(p, "member of a non-lvalue");
	u32 base = v->addr;
	memset(v, 0, sizeof(*v));
	v->type = mt;
	v->has_type = true;
	v->lval = true;
	v->addr = base + off;
	v->bit_size = bs;
	v->bit_off = bo;
	return 0;
}

static int parse_postfix(struct parser *p, struct dval *v)
{
	if (parse_primary(p, v) < 0)
		return -1;
	for (;;) {
		char name[128];
		if (eat(p, "[")) {
			struct dval idx;
			if (parse_assign(p, &idx) < 0 || rvalue(p, &idx) < 0)
				return -1;
			if (!eat(p, "]"))
				return fail(p, "missing ']'");
			if (rvalue(p, v) < 0)
				return -1;
			u32 es = pointee_size(p, v);
			v->v += (u64)((s64)idx.v * es);
			if (deref(p, v) < 0)
				return -1;
		} else if (eat(p, "->")) {
			if (!ident(p, name, sizeof(name)))
				return fail(p, "member name expected");
			if (deref(p, v) < 0 || member(p, v, name) < 0)
				return -1;
		} else if (eat(p, ".")) {
			if (!ident(p, name, sizeof(name)))
				return fail(p, "member name expected");
			if (member(p, v, name) < 0)
				return -1;
		} else {
			return 0;
		}
	}
}

static int parse_unary_(struct parser *p, struct dval *v)
{
	skip(p);
	if (eat(p, "*")) {
		if (parse_unary_(p, v) < 0)
			return -1;
		return deref(p, v);
	}
	if (eat(p, "&")) {
		if (parse_unary_(p, v) < 0)
			return -1;
		if (v->is_func) {
			u64 a = v->v;
			Dwarf_Die t = v->type;
			bool ht = v->has_type;
			memset(v, 0, sizeof(*v));
			v->is_func = true;
			v->type = t;
			v->has_type = ht;
			v->v = a;
			return 0;
		}
		if (!v->lval || v->bit_size)
			return fail(p, "Attempt to take address of value not located in memory.");
		v->lval = false;
		v->ptrs++;
		v->v = v->addr;
		return 0;
	}
	if (eat(p, "-")) {
		if (parse_unary_(p, v) < 0 || rvalue(p, v) < 0)
			return -1;
		v->v = -v->v;
		if (!v->ptrs && !v->has_type)
			v->isigned = true;
		return 0;
	}
	if (eat(p, "+"))
		return parse_unary_(p, v) < 0 ? -1 : rvalue(p, v);
	if (eat(p, "!")) {
		if (parse_unary_(p, v) < 0 || rvalue(p, v) < 0)
			return -1;
		make_int(v, !v->v, 4, true);
		return 0;
	}
	if (eat(p, "~")) {
		if (parse_unary_(p, v) < 0 || rvalue(p, v) < 0)
			return -1;
		u32 size = vsize(v);
		bool sign = vsigned(v);
		make_int(v, ~v->v, size < 4 ? 4 : size, sign);
		return 0;
	}
	/* A cast: "(" type ")" unary. */
	const char *save = p->s;
	if (eat(p, "(")) {
		struct dval t;
		if (parse_type(p, &t) && eat(p, ")")) {
			if (parse_unary_(p, v) < 0)
				return -1;
			Dwarf_Die s;
			int ttag = vtag(&t, &s);
			if (!t.ptrs && (ttag == DW_TAG_structure_type || ttag == DW_TAG_union_type)) {
				/* Reinterpret memory: (struct x)y needs y in memory. */
				if (!v->lval)
					return fail(p, "Invalid cast.");
				u32 a = v->addr;
				*v = t;
				v->lval = true;
				v->addr = a;
				return 0;
			}
			if (rvalue(p, v) < 0)
				return -1;
			u64 x = v->v;
			*v = t;
			v->lval = false;
			u32 size = vsize(v);
			if (size && size < 8) {
				x &= (1ull << (size * 8)) - 1;
				if (vsigned(v) && (x >> (size * 8 - 1)) & 1)
					x |= ~0ull << (size * 8);
			}
			v->v = x;
			return 0;
		}
		p->s = save;
	}
	return parse_postfix(p, v);
}

/* Integer promotion and the usual arithmetic conversions, for 32-bit i386:
 * the result is 8 bytes if either side is, else 4; unsigned if either side of
 * that width is unsigned. */
static void arith_type(const struct dval *a, const struct dval *b, int *size, bool *sign)
{
	u32 sa = vsize(a), sb = vsize(b);
	bool ua = !vsigned(a) && sa >= 4, ub = !vsigned(b) && sb >= 4;
	*size = (sa > 4 || sb > 4) ? 8 : 4;
	if (*size == 8)
		*sign = !((sa == 8 && !vsigned(a)) || (sb == 8 && !vsigned(b)));
	else
		*sign = !(ua || ub);
}

static int binop(struct parser *p, struct dval *a, struct dval *b, const char *op)
{
	if (rvalue(p, a) < 0 || rvalue(p, b) < 0)
		return -1;
	Dwarf_Die s;
	bool pa = vtag(a, &s) == DW_TAG_pointer_type, pb = vtag(b, &s) == DW_TAG_pointer_type;
	/* Pointer arithmetic keeps the pointer's type. */
	if ((op[0] == '+' || op[0] == '-') && !op[1] && (pa || pb)) {
		if (pa && pb && op[0] == '-') {
			u32 es = pointee_size(p, a);
			make_int(a, (u64)((s64)(a->v - b->v) / (s64)es), 4, true);
			return 0;
		}
		struct dval *ptr = pa ? a : b, *n = pa ? b : a;
		u32 es = pointee_size(p, ptr);
		s64 d = (s64)n->v * es;
		u64 r = op[0] == '+' ? ptr->v + d : ptr->v - d;
		*a = *ptr;
		a->v = r & 0xffffffff;
		return 0;
	}
	int size;
	bool sign;
	arith_type(a, b, &size, &sign);
	u64 x = a->v, y = b->v, r = 0;
	s64 sx = (s64)x, sy = (s64)y;
	if (size == 4) {
		x &= 0xffffffff;
		y &= 0xffffffff;
		sx = (s32)x;
		sy = (s32)y;
	}
	bool cmp = false;
	switch (op[0]) {
	case '*': r = x * y; break;
	case '/':
	case '%':
		if (!y)
			return fail(p, "Division by zero");
		if (sign)
			r = op[0] == '/' ? (u64)(sx / sy) : (u64)(sx % sy);
		else
			r = op[0] == '/' ? x / y : x % y;
		break;
	case '+': r = x + y; break;
	case '-': r = x - y; break;
	case '<':
		if (op[1] == '<') {
			r = x << (y & 63);
		} else {
			cmp = true;
			r = op[1] == '=' ? (sign ? sx <= sy : x <= y) : (sign ? sx < sy : x < y);
		}
		break;
	case '>':
		if (op[1] == '>') {
			r = sign ? (u64)(sx >> (y & 63)) : x >> (y & 63);
		} else {
			cmp = true;
			r = op[1] == '=' ? (sign ? sx >= sy : x >= y) : (sign ? sx > sy : x > y);
		}
		break;
	case '=': cmp = true; r = x == y; break;
	case '!': cmp = true; r = x != y; break;
	case '&':
		if (op[1] == '&') {
			cmp = true;
			r = x && y;
		} else {
			r = x & y;
		}
		break;
	case '|':
		if (op[1] == '|') {
			cmp = true;
			r = x || y;
		} else {
			r = x | y;
		}
		break;
	case '^': r = x ^ y; break;
	}
	if (cmp)
		make_int(a, r, 4, true);
	else
		make_int(a, size == 4 ? (sign ? (u64)(s64)(s32)r : (r & 0xffffffff)) : r, size,
			 sign);
	return 0;
}

/* Binary levels, from tightest to loosest; each entry lists its operators. */
static const char *const levels[][4] = {
	{ "*", "/", "%", NULL },
	{ "+", "-", NULL },
	{ "<<", ">>", NULL },
	{ "<=", ">=", "<", ">" },
	{ "==", "!=", NULL },
	{ "&", NULL },
	{ "^", NULL },
	{ "|", NULL },
	{ "&&", NULL },
	{ "||", NULL },
};

static int parse_level(struct parser *p, struct dval *v, int level)
{
	if (level < 0)
		return parse_unary_(p, v);
	if (parse_level(p, v, level - 1) < 0)
		return -1;
	for (;;) {
		const char *op = NULL;
		for (int i = 0; i < 4 && levels[level][i]; i++) {
			if (eat(p, levels[level][i])) {
				op = levels[level][i];
				break;
			}
		}
		if (!op)
			return 0;
		struct dval r;
		if (parse_level(p, &r, level - 1) < 0 || binop(p, v, &r, op) < 0)
			return -1;
	}
}

static int parse_cond(struct parser *p, struct dval *v)
{
	if (parse_level(p, v, (int)(sizeof(levels) / sizeof(levels[0])) - 1) < 0)
		return -1;
	if (!eat(p, "?"))
		return 0;
	struct dval a, b;
	if (rvalue(p, v) < 0 || parse_assign(p, &a) < 0)
		return -1;
	if (!eat(p, ":"))
		return fail(p, "':' expected");
	if (parse_cond(p, &b) < 0)
		return -1;
	*v = v->v ? a : b;
	return 0;
}

/* Store x into an lvalue (memory or register). */
static int store(struct parser *p, struct dval *dst, u64 x)
{
	const char *regname = dst->regname;
	if (dst->reg) {
		if (!p->c->set_reg || p->c->set_reg(p->c->opaque, regname, x) < 0)
			return fail(p, "cannot write register $%s", regname);
		dst->v = x;
		return 0;
	}
	if (!dst->lval)
		return fail(p, "Left operand of assignment is not an lvalue.");
	if (!p->c->write)
		return fail(p, "this target is read-only");
	u32 size = vsize(dst);
	if (dst->bit_size) {
		u32 span = (dst->bit_off + dst->bit_size + 7) / 8;
		u64 old;
		if (expr_read_uint(p->c, dst->addr, span, &old) < 0)
			return fail(p, "Cannot access memory at address 0x%x", dst->addr);
		u64 mask = ((dst->bit_size < 64) ? (1ull << dst->bit_size) - 1 : ~0ull)
			   << dst->bit_off;
		old = (old & ~mask) | ((x << dst->bit_off) & mask);
		u8 b[8];
		st64(b, old);
		if (p->c->write(p->c->opaque, dst->addr, b, span) < 0)
			return fail(p, "Cannot access memory at address 0x%x", dst->addr);
		return 0;
	}
	if (size < 1 || size > 8)
		return fail(p, "cannot assign a value of %u bytes", size);
	u8 b[8];
	st64(b, x);
	if (p->c->write(p->c->opaque, dst->addr, b, size) < 0)
		return fail(p, "Cannot access memory at address 0x%x", dst->addr);
	dst->v = x;
	return 0;
}

static int parse_assign(struct parser *p, struct dval *v)
{
	if (parse_cond(p, v) < 0)
		return -1;
	skip(p);
	if (p->s[0] == '=' && p->s[1] != '=') {
		p->s++;
		struct dval r;
		if (parse_assign(p, &r) < 0 || rvalue(p, &r) < 0)
			return -1;
		u64 x = r.v;
		if (store(p, v, x) < 0)
			return -1;
		if (v->lval)
			return load(p, v);
	}
	return 0;
}

int expr_eval(struct expr_ctx *c, const char *text, struct dval *out)
{
	struct parser p = { .c = c, .s = text };
	c->err[0] = 0;
	if (parse_assign(&p, out) < 0)
		return -1;
	skip(&p);
	if (*p.s)
		return fail(&p, "A syntax error in expression, near `%s'.", p.s);
	c->err[0] = 0;
	/* Fetch scalars now so printing sees the value. */
	if (load(&p, out) < 0)
		return -1;
	return 0;
}

int expr_eval_u64(struct expr_ctx *c, const char *text, u64 *out)
{
	struct dval v;
	if (expr_eval(c, text, &v) < 0)
		return -1;
	struct parser p = { .c = c, .s = "" };
	if (rvalue(&p, &v) < 0)
		return -1;
	*out = v.v;
	return 0;
}

/* ---- printing ---- */

void expr_type_name(const struct dval *v, char *buf, size_t len)
{
	char stars[16] = "";
	for (int i = 0; i < v->ptrs && i < 15; i++)
		stars[i] = '*';
	stars[v->ptrs < 15 ? v->ptrs : 15] = 0;
	if (v->is_func) {
		char b[256];
		if (v->has_type) {
			Dwarf_Die rt;
			dw_type_decl(dw_target((Dwarf_Die *)&v->type, &rt) ? &rt : NULL, "", b,
				     sizeof(b));
		} else {
			snprintf(b, sizeof(b), "int");
		}
		snprintf(buf, len, "%s (void)", b);
		return;
	}
	if (!v->has_type) {
		const char *n = v->isize == 1 ? "char" : v->isize == 2 ? "short" :
				v->isize == 8 ? "long long" : "int";
		snprintf(buf, len, "%s%s%s%s", v->isigned ? "" : "unsigned ", n, *stars ? " " : "",
			 stars);
		if (v->isize == 1 && v->ptrs && !v->isigned && !v->has_type)
			snprintf(buf, len, "void %s", stars);
		return;
	}
	dw_type_decl((Dwarf_Die *)&v->type, stars, buf, len);
}

struct out {
	expr_print_fn *print;
	void *ctx;
	int budget;		/* elements left before "..." */
};

static void print_sym(struct expr_ctx *c, struct out *o, u32 addr)
{
	u32 off;
	const struct dbg_sym *s = sym_lookup_addr(c->st, addr, &off);
	if (!s)
		return;
	/* gcc names a function's static variable "name.N" in the symbol table;
	 * gdb shows the variable's own name (its DWARF), so drop the ".N". */
	size_t n = strlen(s->name);
	const char *dot = strrchr(s->name, '.');
	if (!s->is_func && dot && dot[1] && dot > s->name &&
	    strspn(dot + 1, "0123456789") == strlen(dot + 1))
		n = (size_t)(dot - s->name);
	if (off)
		o->print(o->ctx, " <%.*s+%u>", (int)n, s->name, off);
	else
		o->print(o->ctx, " <%.*s>", (int)n, s->name);
}

/* A C string as gdb prints one: quoted, cut at max with "..."; memory that
 * cannot be read ends it with gdb's <error: ...>, and when not even the
 * first byte can be read, the error stands alone (no empty quotes). */
static void print_string(struct expr_ctx *c, struct out *o, u32 addr, u32 max)
{
	u8 first;
	if (max && c->read(c->opaque, addr, &first, 1) != 0) {
		o->print(o->ctx, "<error: Cannot access memory at address 0x%x>", addr);
		return;
	}
	o->print(o->ctx, "\"");
	for (u32 i = 0; i < max; i++) {
		u8 ch;
		if (c->read(c->opaque, addr + i, &ch, 1) != 0) {
			o->print(o->ctx, "\"<error: Cannot access memory at address 0x%x>", addr + i);
			return;
		}
		if (!ch)
			break;
		if (ch == '"' || ch == '\\')
			o->print(o->ctx, "\\%c", ch);
		else if (ch == '\n')
			o->print(o->ctx, "\\n");
		else if (ch < 32 || ch >= 127)
			o->print(o->ctx, "\\%03o", ch);
		else
			o->print(o->ctx, "%c", ch);
		if (i + 1 == max)
			o->print(o->ctx, "\"...");
	}
	o->print(o->ctx, "\"");
}

static void put_char(struct out *o, u8 ch, char quote)
{
	if (ch == (u8)quote || ch == '\\')
		o->print(o->ctx, "\\%c", ch);
	else if (ch == '\n')
		o->print(o->ctx, "\\n");
	else if (ch == '\t')
		o->print(o->ctx, "\\t");
	else if (ch < 32 || ch >= 127)
		o->print(o->ctx, "\\%03o", ch);
	else
		o->print(o->ctx, "%c", ch);
}

/* A char array the way gdb prints one: one trailing NUL dropped, runs longer
 * than the repeat threshold (10) as 'c' <repeats N times>, the rest quoted. */
static void print_char_array(struct expr_ctx *c, struct out *o, u32 addr, u32 n)
{
	/* gdb's limit is 200 "things": a character counts one, a repeat block
	 * ten (its repeat threshold), so a long run of NULs prints whole. */
	enum { MAX_READ = 65536, MAX_THINGS = 200, REPEATS = 10 };
	u32 len = n < MAX_READ ? n : MAX_READ;
	u8 *buf = malloc(len ? len : 1);
	if (!buf || (len && c->read(c->opaque, addr, buf, len) != 0)) {
		o->print(o->ctx, "<error: Cannot access memory at address 0x%x>", addr);
		free(buf);
		return;
	}
	bool truncated = len < n;
	if (!truncated && len && !buf[len - 1])
		len--;
	bool in_str = false, any = false;
	u32 i = 0, things = 0;
	while (i < len && things < MAX_THINGS) {
		u32 run = 1;
		while (i + run < len && buf[i + run] == buf[i])
			run++;
		if (run > REPEATS) {
			if (in_str)
				o->print(o->ctx, "\"");
			in_str = false;
			o->print(o->ctx, "%s'", any ? ", " : "");
			put_char(o, buf[i], '\'');
			o->print(o->ctx, "' <repeats %u times>", run);
			any = true;
			i += run;
			things += REPEATS;
			continue;
		}
		if (!in_str)
			o->print(o->ctx, "%s\"", any ? ", " : "");
		in_str = any = true;
		put_char(o, buf[i], '"');
		i++;
		things++;
	}
	if (in_str)
		o->print(o->ctx, "\"");
	if (!any)
		o->print(o->ctx, "\"\"");
	if (truncated || i < len)
		o->print(o->ctx, "...");
	free(buf);
}

static void print_int(struct out *o, u64 x, u32 size, bool sign, char fmt)
{
	u64 mask = size >= 8 ? ~0ull : (1ull << (size * 8)) - 1;
	u64 ux = x & mask;
	switch (fmt) {
	case 'x': o->print(o->ctx, "0x%llx", (unsigned long long)ux); return;
	case 'z': o->print(o->ctx, "0x%0*llx", (int)size * 2, (unsigned long long)ux); return;
	case 'o': o->print(o->ctx, "0%llo", (unsigned long long)ux); return;
	case 'u': o->print(o->ctx, "%llu", (unsigned long long)ux); return;
	case 't': {
		char b[65];
		int n = 0;
		for (int i = (int)size * 8 - 1; i >= 0; i--) {
			if (!n && !((ux >> i) & 1) && i)
				continue;
			b[n++] = '0' + ((ux >> i) & 1);
		}
		b[n] = 0;
		o->print(o->ctx, "%s", b);
		return;
	}
	case 'c': o->print(o->ctx, "%d '%c'", (int)(s8)ux, isprint((int)(ux & 0xff)) ? (int)(ux & 0xff) : '?'); return;
	case 'd':
		sign = true;
		break;
	}
	if (sign) {
		s64 sx = (s64)ux;
		if (size < 8 && (ux >> (size * 8 - 1)) & 1)
			sx = (s64)(ux | ~mask);
		o->print(o->ctx, "%lld", (long long)sx);
	} else {
		o->print(o->ctx, "%llu", (unsigned long long)ux);
	}
}

static void print_val(struct expr_ctx *c, const struct dval *v, char fmt, struct out *o,
		      bool top);

static void print_enum(struct out *o, Dwarf_Die *s, u64 x)
{
	Dwarf_Die e;
	if (dwarf_child(s, &e) == 0) {
		do {
			Dwarf_Attribute at;
			Dwarf_Sword val;
			if (dwarf_attr(&e, DW_AT_const_value, &at) &&
			    dwarf_formsdata(&at, &val) == 0 && (u32)val == (u32)x) {
				o->print(o->ctx, "%s", dwarf_diename(&e));
				return;
			}
		} while (dwarf_siblingof(&e, &e) == 0);
	}
	o->print(o->ctx, "%lld", (long long)(s32)x);
}

static void print_struct(struct expr_ctx *c, const struct dval *v, Dwarf_Die *s, char fmt,
			 struct out *o)
{
	Dwarf_Die m;
	bool first = true;
	o->print(o->ctx, "{");
	if (dwarf_child(s, &m) == 0) {
		do {
			if (dwarf_tag(&m) != DW_TAG_member)
				continue;
			const char *mn = dwarf_diename(&m);
			struct dval mv;
			memset(&mv, 0, sizeof(mv));
			if (!dw_target(&m, &mv.type))
				continue;
			mv.has_type = true;
			mv.lval = true;
			int bs, bo;
			u32 off;
			if (mn) {
				if (!dw_member(s, mn, &mv.type, &off, &bs, &bo))
					continue;
				mv.bit_size = bs;
				mv.bit_off = bo;
			} else {
				Dwarf_Attribute at;
				Dwarf_Word w = 0;
				if (dwarf_attr(&m, DW_AT_data_member_location, &at))
					dwarf_formudata(&at, &w);
				off = (u32)w;
			}
			mv.addr = v->addr + off;
			o->print(o->ctx, "%s", first ? "" : ", ");
			first = false;
			if (mn)
				o->print(o->ctx, "%s = ", mn);
			struct parser p = { .c = c, .s = "" };
			if (load(&p, &mv) < 0) {
				o->print(o->ctx, "<error: %s>", c->err);
				continue;
			}
			print_val(c, &mv, fmt, o, false);
		} while (dwarf_siblingof(&m, &m) == 0);
	}
	o->print(o->ctx, "}");
}

static void print_array(struct expr_ctx *c, const struct dval *v, Dwarf_Die *s, char fmt,
			struct out *o)
{
	Dwarf_Die el;
	if (!dw_target(s, &el))
		return;
	u32 n = dw_array_count(s), es = dw_size(&el);
	int enc = dw_encoding(&el);
	if ((enc == DW_ATE_signed_char || enc == DW_ATE_unsigned_char) && es == 1 && !fmt) {
		print_char_array(c, o, v->addr, n);
		return;
	}
	o->print(o->ctx, "{");
	for (u32 i = 0; i < n; i++) {
		if (o->budget-- <= 0) {
			o->print(o->ctx, "...");
			break;
		}
		struct dval ev;
		memset(&ev, 0, sizeof(ev));
		ev.type = el;
		ev.has_type = true;
		ev.lval = true;
		ev.addr = v->addr + i * es;
		struct parser p = { .c = c, .s = "" };
		o->print(o->ctx, "%s", i ? ", " : "");
		if (load(&p, &ev) < 0) {
			o->print(o->ctx, "<error: %s>", c->err);
			break;
		}
		/* Runs of equal scalars collapse like gdb's <repeats N times>. */
		u32 run = 1;
		Dwarf_Die es2;
		if (is_scalar_tag(dw_strip(&el, &es2))) {
			while (i + run < n) {
				u64 x;
				if (expr_read_uint(c, v->addr + (i + run) * es, es, &x) < 0)
					break;
				u64 mask = es >= 8 ? ~0ull : (1ull << (es * 8)) - 1;
				if ((x & mask) != (ev.v & mask))
					break;
				run++;
			}
		}
		print_val(c, &ev, fmt, o, false);
		if (run >= 10) {
			o->print(o->ctx, " <repeats %u times>", run);
			i += run - 1;
		}
	}
	o->print(o->ctx, "}");
}

static void print_val(struct expr_ctx *c, const struct dval *v, char fmt, struct out *o,
		      bool top)
{
	Dwarf_Die s;
	if (v->optout || v->notsaved) {
		o->print(o->ctx, "%s", v->optout ? "<optimized out>" : "<not saved>");
		return;
	}
	int tag = vtag(v, &s);
	if (v->is_func) {
		char t[256];
		expr_type_name(v, t, sizeof(t));
		o->print(o->ctx, "{%s} 0x%x", t, (u32)v->v);
		print_sym(c, o, (u32)v->v);
		return;
	}
	switch (tag) {
	case DW_TAG_structure_type:
	case DW_TAG_union_type:
		print_struct(c, v, &s, fmt, o);
		return;
	case DW_TAG_array_type:
		print_array(c, v, &s, fmt, o);
		return;
	case DW_TAG_pointer_type: {
		if (fmt && fmt != 'a' && fmt != 's') {
			print_int(o, v->v, 4, false, fmt);
			return;
		}
		struct dval t;
		struct parser p = { .c = c, .s = "" };
		bool is_char = false;
		if (deref_type(&p, (struct dval *)v, &t) == 0) {
			int enc = t.has_type && !t.ptrs ? dw_encoding(&t.type) : 0;
			is_char = (enc == DW_ATE_signed_char || enc == DW_ATE_unsigned_char) &&
				  vsize(&t) == 1;
		}
		if (top && !is_char) {
			char tn[256];
			expr_type_name(v, tn, sizeof(tn));
			o->print(o->ctx, "(%s) ", tn);
		}
		o->print(o->ctx, "0x%x", (u32)v->v);
		if (is_char && v->v) {
			/* gdb: the symbol the pointer is inside, if any, then the string. */
			print_sym(c, o, (u32)v->v);
			o->print(o->ctx, " ");
			print_string(c, o, (u32)v->v, 200);
		} else if (v->v) {
			print_sym(c, o, (u32)v->v);
		}
		return;
	}
	case DW_TAG_enumeration_type:
		if (fmt)
			print_int(o, v->v, vsize(v), false, fmt);
		else
			print_enum(o, &s, v->v);
		return;
	case DW_TAG_base_type: {
		u32 size = vsize(v);
		int enc = v->has_type ? dw_encoding(&s) : 0;
		if (enc == DW_ATE_float && !fmt) {
			if (size == 4) {
				float f;
				u32 b = (u32)v->v;
				memcpy(&f, &b, 4);
				o->print(o->ctx, "%g", f);
			} else {
				double d;
				memcpy(&d, &v->v, 8);
				o->print(o->ctx, "%g", d);
			}
			return;
		}
		if (enc == DW_ATE_boolean && !fmt) {
			/* Like gdb: a _Bool holding anything but 0 or 1 (an
			 * uninitialized one, say) prints as the number it holds. */
			u64 b = v->v & (size >= 8 ? ~0ull : (1ull << (size * 8)) - 1);
			if (b <= 1)
				o->print(o->ctx, "%s", b ? "true" : "false");
			else
				o->print(o->ctx, "%llu", (unsigned long long)b);
			return;
		}
		if ((enc == DW_ATE_signed_char || enc == DW_ATE_unsigned_char) && !fmt) {
			u8 ch = v->v & 0xff;
			print_int(o, v->v, 1, enc == DW_ATE_signed_char, 0);
			if (ch == 0)
				o->print(o->ctx, " '\\000'");
			else if (isprint(ch))
				o->print(o->ctx, " '%c'", ch);
			else
				o->print(o->ctx, " '\\%03o'", ch);
			return;
		}
		if (fmt == 'a') {
			o->print(o->ctx, "0x%x", (u32)v->v);
			print_sym(c, o, (u32)v->v);
			return;
		}
		if (fmt == 's')
			fmt = 0;
		print_int(o, v->v, size ? size : 4, vsigned(v), fmt);
		return;
	}
	case -1:
		o->print(o->ctx, "void");
		return;
	default:
		o->print(o->ctx, "<unprintable type>");
	}
}

void expr_print(struct expr_ctx *c, const struct dval *v, char fmt, expr_print_fn *print,
		void *pctx)
{
	struct out o = { .print = print, .ctx = pctx, .budget = 200 };
	print_val(c, v, fmt, &o, true);
}

void expr_print_brief(struct expr_ctx *c, const struct dval *v, char fmt, expr_print_fn *print,
		      void *pctx)
{
	struct out o = { .print = print, .ctx = pctx, .budget = 200 };
	struct parser p = { .c = c, .s = "" };
	struct dval t = *v;
	if (load(&p, &t) < 0) {
		print(pctx, "<error: %s>", c->err);
		return;
	}
	print_val(c, &t, fmt, &o, false);
}
