/*
 * Tab completion for the prompt, and gdb's "complete TEXT" command that
 * shows the same list in batch mode: the first word completes to a command
 * name; later words to symbol names, or after "EXPR." and "EXPR->" to the
 * members of EXPR's struct (from DWARF, anonymous members flattened as C
 * sees them).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <dwarf.h>

#include "debugger/cmd/cmd.h"

struct cands {
	const char *prefix;
	size_t plen;
	char **v;
	int n, max;
};

static void add(void *ctx, const char *name)
{
	struct cands *c = ctx;
	if (!name || c->n >= c->max || strncmp(name, c->prefix, c->plen))
		return;
	char *s = strdup(name);
	if (s)
		c->v[c->n++] = s;
}

static bool word_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_' || ch == '$';
}

/* The members of a struct or union type (typedefs stripped), anonymous
 * ones' members in their place. */
static void add_members(struct cands *c, Dwarf_Die *type, int depth)
{
	Dwarf_Die t, m;
	int tag = dw_strip(type, &t);
	if (depth > 4 || (tag != DW_TAG_structure_type && tag != DW_TAG_union_type) ||
	    dwarf_child(&t, &m) != 0)
		return;
	do {
		if (dwarf_tag(&m) != DW_TAG_member)
			continue;
		const char *n = dwarf_diename(&m);
		Dwarf_Die mt;
		if (n)
			add(c, n);
		else if (dw_target(&m, &mt))
			add_members(c, &mt, depth + 1);
	} while (dwarf_siblingof(&m, &m) == 0);
}

/* The struct EXPR (before "." or "->") is or points to. */
static bool member_type(struct dbg *d, const char *expr, bool arrow, Dwarf_Die *out)
{
	struct dval v;
	if (expr_eval(&d->ex, expr, &v) < 0 || !v.has_type)
		return false;
	*out = v.type;
	if (v.ptrs > 0)
		return arrow && v.ptrs == 1;
	if (!arrow)
		return true;
	Dwarf_Die t;
	return dw_strip(&v.type, &t) == DW_TAG_pointer_type && dw_target(&t, out);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int cmd_completions(struct dbg *d, const char *line, size_t pos, size_t *start, char **out,
		    int max)
{
	size_t s = pos;
	while (s && word_char(line[s - 1]))
		s--;
	*start = s;
	char prefix[256];
	snprintf(prefix, sizeof(prefix), "%.*s", (int)(pos - s), line + s);
	struct cands c = { prefix, strlen(prefix), out, 0, max };
	const char *first = cmd_skip_ws(line);
	if (first == line + s) {
		cmd_command_names(add, &c);	/* the command word */
	} else if (s && (line[s - 1] == '.' || (s > 1 && line[s - 1] == '>' && line[s - 2] == '-'))) {
		/* EXPR. or EXPR->: the expression runs back to a blank, or to
		 * what cannot be inside one ("p a.b" is "a" then "b"). */
		bool arrow = line[s - 1] == '>';
		size_t e = s - (arrow ? 2 : 1), b = e;
		while (b && !isspace((unsigned char)line[b - 1]) && line[b - 1] != '(' &&
		       line[b - 1] != ',' && line[b - 1] != '=')
			b--;
		char expr[256];
		Dwarf_Die t;
		snprintf(expr, sizeof(expr), "%.*s", (int)(e - b), line + b);
		if (*expr && member_type(d, expr, arrow, &t))
			add_members(&c, &t, 0);
	} else {
		for (int i = 0; i < sym_count(d->st); i++)
			add(&c, sym_get(d->st, i)->name);
	}
	qsort(out, c.n, sizeof(char *), by_name);
	int n = 0;
	for (int i = 0; i < c.n; i++) {
		if (n && !strcmp(out[n - 1], out[i]))
			free(out[i]);
		else
			out[n++] = out[i];
	}
	return n;
}

int cmd_complete_print(struct dbg *d, const char *text)
{
	char *v[1000];
	size_t start;
	int n = cmd_completions(d, text, strlen(text), &start, v, (int)ARRAY_SIZE(v));
	for (int i = 0; i < n; i++) {
		dbg_printf(d, "%.*s%s\n", (int)start, text, v[i]);
		free(v[i]);
	}
	return 0;
}
