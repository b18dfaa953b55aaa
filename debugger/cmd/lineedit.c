/*
 * The interactive prompt, on libedit (BSD editline, Debian's libedit-dev):
 * Emacs key bindings, history kept across sessions in ~/.lucid_history
 * (LUCID_HISTORY names another file; empty: none), Ctrl-R reverse search,
 * and Tab completing commands, symbols and struct members (complete.c).
 * When stdin is not a terminal the lines are read plainly, so piped input
 * works as before; -x scripts never come here (cmd.c).
 */
#include <errno.h>
#include <histedit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "debugger/cmd/cmd.h"

#define HIST_SIZE 1000

static struct dbg *the_dbg;	/* for the completion callback */

static const char *prompt(EditLine *el)
{
	return "(lucid) ";
}

/* Show the candidates below the line, in columns, as readline does. */
static void list_candidates(char **v, int n)
{
	size_t w = 0;
	for (int i = 0; i < n; i++)
		if (strlen(v[i]) > w)
			w = strlen(v[i]);
	int cols = (int)(80 / (w + 2));
	if (cols < 1)
		cols = 1;
	fputc('\n', stdout);
	for (int i = 0; i < n; i++)
		printf("%-*s%s", (int)w + 2, v[i], (i + 1) % cols && i + 1 < n ? "" : "\n");
}

/* Tab: insert the candidates' common part; with nothing to add, list them. */
static unsigned char complete(EditLine *el, int ch)
{
	const LineInfo *li = el_line(el);
	char line[1024];
	size_t pos = (size_t)(li->cursor - li->buffer);
	if (pos >= sizeof(line))
		return CC_ERROR;
	memcpy(line, li->buffer, pos);
	line[pos] = 0;
	static char *v[4000];
	size_t start;
	int n = cmd_completions(the_dbg, line, pos, &start, v, (int)(sizeof(v) / sizeof(v[0])));
	unsigned char ret = CC_REFRESH;
	if (!n) {
		ret = CC_ERROR;
	} else {
		size_t have = pos - start, common = strlen(v[0]);
		for (int i = 1; i < n; i++) {
			size_t k = 0;
			while (k < common && v[i][k] == v[0][k])
				k++;
			common = k;
		}
		if (common > have) {
			char ins[256];
			snprintf(ins, sizeof(ins), "%.*s%s", (int)(common - have), v[0] + have,
				 n == 1 ? " " : "");
			/* After "." or "->" a member is usually followed by more. */
			if (n == 1 && start && (line[start - 1] == '.' || line[start - 1] == '>'))
				ins[strlen(ins) - 1] = 0;
			el_insertstr(el, ins);
		} else if (n > 1) {
			list_candidates(v, n);
			ret = CC_REDISPLAY;
		}
	}
	for (int i = 0; i < n; i++)
		free(v[i]);
	return ret;
}

static void history_path(char *buf, size_t len)
{
	const char *p = getenv("LUCID_HISTORY"), *home = getenv("HOME");
	if (p)
		snprintf(buf, len, "%s", p);
	else if (home && *home)
		snprintf(buf, len, "%s/.lucid_history", home);
	else
		buf[0] = 0;
}

/* Without a terminal: plain lines. false at the end of the input. */
static bool read_plain(struct dbg *d, char *out, size_t len)
{
	for (;;) {
		fputs("(lucid) ", stdout);
		fflush(stdout);
		if (fgets(out, (int)len, stdin)) {
			out[strcspn(out, "\r\n")] = 0;
			return true;
		}
		if (errno != EINTR || d->sigterm || feof(stdin))
			return false;
		clearerr(stdin);	/* Ctrl-C at the prompt: a new line */
		fputs("\n", stdout);
		d->sigint = 0;
	}
}

static int run_plain(struct dbg *d)
{
	char line[1024];
	while (!d->quit && !d->sigterm) {
		if (!read_plain(d, line, sizeof(line))) {
			dbg_printf(d, "quit\n");
			break;
		}
		d->sigint = 0;
		if (dbg_command(d, line) > 0 || d->sigterm)
			break;
		fflush(d->out ? d->out : stdout);
	}
	return 0;
}

int dbg_interactive(struct dbg *d)
{
	d->batch = false;
	if (!isatty(STDIN_FILENO))
		return run_plain(d);
	the_dbg = d;
	EditLine *el = el_init("lucid", stdin, stdout, stderr);
	History *h = history_init();
	if (!el || !h) {
		if (el)
			el_end(el);
		if (h)
			history_end(h);
		return run_plain(d);
	}
	HistEvent ev;
	char hpath[1024];
	history_path(hpath, sizeof(hpath));
	history(h, &ev, H_SETSIZE, HIST_SIZE);
	history(h, &ev, H_SETUNIQUE, 1);
	if (*hpath)
		history(h, &ev, H_LOAD, hpath);
	el_set(el, EL_EDITOR, "emacs");
	el_set(el, EL_PROMPT, prompt);
	el_set(el, EL_HIST, history, h);
	el_set(el, EL_ADDFN, "lucid-complete", "complete a command, symbol or member", complete);
	el_set(el, EL_BIND, "^I", "lucid-complete", NULL);
	el_set(el, EL_BIND, "^R", "em-inc-search-prev", NULL);
	el_source(el, NULL);	/* the user's ~/.editrc, if any */
	while (!d->quit && !d->sigterm) {
		int n;
		errno = 0;
		const char *got = el_gets(el, &n);
		if (!got || n <= 0) {
			if (d->sigterm)
				break;
			if (errno == EINTR || d->sigint) {
				/* Ctrl-C at the prompt: a fresh line, as in gdb. */
				fputs("\n", stdout);
				d->sigint = 0;
				continue;
			}
			dbg_printf(d, "quit\n");
			break;
		}
		char line[1024];
		snprintf(line, sizeof(line), "%s", got);
		line[strcspn(line, "\r\n")] = 0;
		if (*cmd_skip_ws(line)) {
			history(h, &ev, H_ENTER, line);
			if (*hpath)
				history(h, &ev, H_SAVE, hpath);
		}
		d->sigint = 0;
		if (dbg_command(d, line) > 0 || d->sigterm)
			break;
		fflush(d->out ? d->out : stdout);
	}
	el_end(el);
	history_end(h);
	the_dbg = NULL;
	return 0;
}
