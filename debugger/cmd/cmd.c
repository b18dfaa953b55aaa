/*
 * The command interpreter: commands spelled as gdb spells them (any unique
 * prefix works, plus gdb's short aliases), each a handler taking the rest
 * of the line. Every module keeps a table of its own commands
 * (struct dbg_command); command_tables below lists them, in the order help
 * shows them. Output is plain text on one stream so batch scripts and tests
 * can read it.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "debugger/cmd/cmd.h"
#include "debugger/kview/kview.h"
#include "debugger/plot/plot.h"

const char *cmd_skip_ws(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

static int cmd_symbol_file(struct dbg *d, const char *args)
{
	if (!*args) {
		dbg_err(d, "symbol-file: a file name is needed");
		return -1;
	}
	return dbg_load_symbols(d, args);
}

static int cmd_screenshot(struct dbg *d, const char *args)
{
	char path[1024], err[512];
	if (sscanf(args, " %1023s", path) != 1) {
		dbg_printf(d, "usage: screenshot FILE.png\n");
		return -1;
	}
	if (!d->t->screenshot) {
		dbg_printf(d, "screenshot: this target has no screen\n");
		return -1;
	}
	if (d->t->screenshot(d->t->opaque, path, err, sizeof(err))) {
		dbg_printf(d, "%s\n", err);
		return -1;
	}
	dbg_printf(d, "screenshot saved to %s\n", path);
	return 0;
}

static int cmd_echo(struct dbg *d, const char *args)
{
	for (const char *s = args; *s; s++) {
		if (*s == '\\' && s[1] == 'n') {
			dbg_printf(d, "\n");
			s++;
		} else {
			dbg_printf(d, "%c", *s);
		}
	}
	return 0;
}

static int cmd_quit(struct dbg *d, const char *args)
{
	d->quit = true;
	return 1;
}

static int cmd_post(struct dbg *d, const char *args)
{
	/* The machine's port-0x80 device keeps the history itself. */
	if (d->t->info_device && cmd_info_device(d, "post") == 0)
		return 0;
	dbg_printf(d, "POST codes seen: %llu", (unsigned long long)d->post_total);
	if (d->n_post) {
		dbg_printf(d, "; last %d:", d->n_post);
		for (int i = 0; i < d->n_post; i++)
			dbg_printf(d, " %02x", d->post_codes[i]);
	}
	dbg_printf(d, "\n");
	return 0;
}

static int cmd_list(struct dbg *d, const char *args)
{
	dbg_list(d, args);
	return 0;
}

static int cmd_help(struct dbg *d, const char *args);

static int cmd_complete(struct dbg *d, const char *args)
{
	return cmd_complete_print(d, args);
}

static const struct dbg_command misc_commands[] = {
	{ "info", "i", cmd_info, "info registers|frame|locals|args|gdt|idt|ldt|tss|tlb|breakpoints|symbol|line|DEVICE|..." },
	{ "list", "l", cmd_list, "list [FUNC|FILE:LINE|*ADDR]: show source" },
	{ "symbol-file", "add-symbol-file file", cmd_symbol_file, "symbol-file FILE: load an ELF's symbols and DWARF" },
	{ "post", NULL, cmd_post, "post: POST codes written to port 0x80" },
	{ NULL, NULL, NULL, NULL },
};

static const struct dbg_command session_commands[] = {
	{ "screenshot", NULL, cmd_screenshot, "screenshot FILE: save the VGA screen as PNG" },
	{ "echo", NULL, cmd_echo, "echo TEXT: print TEXT (\\n for newline)" },
	{ "help", "h", cmd_help, "help [COMMAND]" },
	{ "complete", NULL, cmd_complete, "complete TEXT: what tab completion offers for TEXT" },
	{ "quit", "q exit", cmd_quit, "quit: leave the debugger (and the emulator)" },
	{ NULL, NULL, NULL, NULL },
};

/* Every command table, in the order help lists them. A new kernel view is
 * its file in kview/ plus one row here. */
static const struct dbg_command *const command_tables[] = {
	cmd_data_commands,	/* print, set, ptype, x, find, disassemble */
	cmd_run_commands,	/* stepi, nexti, step, next, finish, continue, until */
	dbg_bp_commands,	/* break, watch, iowatch, catch, delete, ... (core/bp.c) */
	dbg_frame_commands,	/* backtrace, frame, up, down (core/frame.c) */
	misc_commands,		/* info, list, symbol-file, post */
	kview_sched_commands,	/* jiffies, runq */
	kview_tasks_commands,	/* ps, current */
	kview_mm_commands,	/* vtop, pagetable, vma */
	kview_dmesg_commands,	/* dmesg */
	kview_meminfo_commands,	/* slabinfo, buddyinfo, meminfo */
	kview_irq_commands,	/* irq */
	kview_kcore_commands,	/* kcore */
	kview_modules_commands,	/* lsmod, modsyms */
	kview_procs_commands,	/* maps, files, uregs */
	kview_pinfo_commands,	/* task, sigs, oom, pstree, mount */
	kview_vfs_commands,	/* inode, pagecache */
	kview_usersyms_commands,	/* usersyms */
	kview_syscall_commands,	/* strace (catch syscall is in bp.c) */
	plot_commands,		/* plot (debugger/plot/) */
	cmd_travel_commands,	/* savevm, loadvm, seek, reverse-*, timetravel */
	session_commands,	/* screenshot, echo, help, quit */
	NULL,
};

bool cmd_alias_match(const char *aliases, const char *word)
{
	if (!aliases)
		return false;
	size_t n = strlen(word);
	for (const char *a = aliases; *a;) {
		const char *e = strchr(a, ' ');
		size_t l = e ? (size_t)(e - a) : strlen(a);
		if (l == n && !strncmp(a, word, n))
			return true;
		a += l;
		while (*a == ' ')
			a++;
	}
	return false;
}

/* Exact names and aliases first, then a unique prefix, over every table. */
int dbg_complete(struct dbg *d, const char *prefix, const char **names, int max)
{
	int n = 0;
	size_t len = strlen(prefix);
	for (const struct dbg_command *const *t = command_tables; *t; t++)
		for (const struct dbg_command *c = *t; c->name; c++)
			if (!strncmp(c->name, prefix, len) && n < max)
				names[n++] = c->name;
	return n;
}

static const struct dbg_command *find_command(const char *word, bool *ambiguous)
{
	const struct dbg_command *hit = NULL;
	*ambiguous = false;
	for (const struct dbg_command *const *t = command_tables; *t; t++)
		for (const struct dbg_command *c = *t; c->name; c++)
			if (!strcmp(c->name, word) || cmd_alias_match(c->alias, word))
				return c;
	size_t n = strlen(word);
	for (const struct dbg_command *const *t = command_tables; *t; t++) {
		for (const struct dbg_command *c = *t; c->name; c++) {
			if (!strncmp(c->name, word, n)) {
				if (hit)
					*ambiguous = true;
				hit = c;
			}
		}
	}
	return *ambiguous ? NULL : hit;
}

void cmd_command_names(void (*add)(void *ctx, const char *name), void *ctx)
{
	for (const struct dbg_command *const *t = command_tables; *t; t++)
		for (const struct dbg_command *c = *t; c->name; c++)
			add(ctx, c->name);
}

static int cmd_help(struct dbg *d, const char *args)
{
	bool amb;
	if (*args) {
		const struct dbg_command *c = find_command(args, &amb);
		if (!c) {
			dbg_err(d, "Undefined command: \"%s\".", args);
			return -1;
		}
		dbg_printf(d, "%s\n", c->help);
		return 0;
	}
	for (const struct dbg_command *const *t = command_tables; *t; t++)
		for (const struct dbg_command *c = *t; c->name; c++)
			dbg_printf(d, "  %s\n", c->help);
	return 0;
}

int dbg_command(struct dbg *d, const char *line)
{
	line = cmd_skip_ws(line);
	if (!*line)
		line = d->last_line;	/* Enter repeats, as in gdb */
	else if (line[0] != '#')
		snprintf(d->last_line, sizeof(d->last_line), "%s", line);
	if (!*line || line[0] == '#')
		return 0;
	char word[64];
	int n = 0;
	/* The command word ends at a blank or at "/" (print/x, x/4xw). */
	while (line[n] && !isspace((unsigned char)line[n]) && line[n] != '/' && n < 63) {
		word[n] = line[n];
		n++;
	}
	word[n] = 0;
	bool amb;
	const struct dbg_command *c = find_command(word, &amb);
	if (!c) {
		if (amb)
			dbg_err(d, "Ambiguous command \"%s\".", word);
		else
			dbg_err(d, "Undefined command: \"%s\".  Try \"help\".", word);
		return -1;
	}
	const char *args = line + n;
	if (*args != '/')
		args = cmd_skip_ws(args);
	/* Strip trailing blanks so expressions and file names stay clean. */
	char buf[512];
	snprintf(buf, sizeof(buf), "%s", args);
	size_t l = strlen(buf);
	while (l && isspace((unsigned char)buf[l - 1]))
		buf[--l] = 0;
	return c->fn(d, buf);
}

int dbg_run_script(struct dbg *d, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		dbg_err(d, "%s: cannot open the debugger script", path);
		return -1;
	}
	char line[1024];
	int errors = 0;
	d->batch = true;
	while (fgets(line, sizeof(line), f)) {
		size_t l = strlen(line);
		while (l && (line[l - 1] == '\n' || line[l - 1] == '\r'))
			line[--l] = 0;
		const char *s = cmd_skip_ws(line);
		if (!*s || *s == '#')
			continue;	/* blank lines do not repeat in scripts */
		dbg_printf(d, "(lucid) %s\n", s);
		d->sigint = 0;
		int rc = dbg_command(d, s);
		if (rc < 0)
			errors++;
		if (rc > 0 || d->quit || d->sigterm)
			break;
		if (d->sigint) {
			/* No one to hand the prompt to: the script ends here. */
			dbg_printf(d, "Interrupted (SIGINT): the rest of the script is skipped.\n");
			errors++;
			break;
		}
	}
	fclose(f);
	return errors ? -1 : 0;
}
