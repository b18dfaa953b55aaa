/*
 * A small line editor for the interactive prompt: raw terminal mode (POSIX
 * termios), cursor movement, history with the arrow keys, and Ctrl-A/E/K/U/
 * W/L/D/C in the Emacs spellings readline users expect. Falls back to plain
 * fgets when stdin is not a terminal. VT100 escape sequences only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "debugger/core/dbg_int.h"

#define HIST_MAX 200
#define LINE_MAX_LEN 1024

static char *history[HIST_MAX];
static int hist_n;

static void hist_add(const char *line)
{
	if (!*line || (hist_n && !strcmp(history[hist_n - 1], line)))
		return;
	if (hist_n == HIST_MAX) {
		free(history[0]);
		memmove(history, history + 1, (HIST_MAX - 1) * sizeof(char *));
		hist_n--;
	}
	history[hist_n] = strdup(line);
	if (history[hist_n])
		hist_n++;
}

static void redraw(const char *prompt, const char *buf, size_t len, size_t pos)
{
	char seq[64];
	fputs("\r", stdout);
	fputs(prompt, stdout);
	fwrite(buf, 1, len, stdout);
	fputs("\x1b[0K", stdout);
	snprintf(seq, sizeof(seq), "\r\x1b[%zuC", strlen(prompt) + pos);
	fputs(seq, stdout);
	fflush(stdout);
}

/* Read one line into out; returns false on EOF. */
static bool edit_line(const char *prompt, char *out, size_t outlen)
{
	if (!isatty(STDIN_FILENO)) {
		fputs(prompt, stdout);
		fflush(stdout);
		if (!fgets(out, (int)outlen, stdin))
			return false;
		out[strcspn(out, "\r\n")] = 0;
		return true;
	}
	struct termios old, raw;
	tcgetattr(STDIN_FILENO, &old);
	raw = old;
	raw.c_lflag &= ~(ECHO | ICANON | ISIG | IEXTEN);
	raw.c_iflag &= ~(IXON | ICRNL);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw);

	char buf[LINE_MAX_LEN];
	size_t len = 0, pos = 0;
	int hidx = hist_n;
	bool ok = true;
	redraw(prompt, buf, len, pos);
	for (;;) {
		char c;
		if (read(STDIN_FILENO, &c, 1) != 1) {
			ok = false;
			break;
		}
		if (c == '\r' || c == '\n')
			break;
		if (c == 4 && !len) {		/* Ctrl-D on an empty line */
			ok = false;
			break;
		}
		if (c == 3) {			/* Ctrl-C: abandon the line */
			len = pos = 0;
			fputs("^C\r\n", stdout);
			break;
		}
		if (c == 127 || c == 8) {
			if (pos) {
				memmove(buf + pos - 1, buf + pos, len - pos);
				pos--;
				len--;
			}
		} else if (c == 1) {
			pos = 0;
		} else if (c == 5) {
			pos = len;
		} else if (c == 11) {
			len = pos;
		} else if (c == 21) {
			memmove(buf, buf + pos, len - pos);
			len -= pos;
			pos = 0;
		} else if (c == 23) {		/* Ctrl-W: delete the word before */
			size_t s = pos;
			while (s && buf[s - 1] == ' ')
				s--;
			while (s && buf[s - 1] != ' ')
				s--;
			memmove(buf + s, buf + pos, len - pos);
			len -= pos - s;
			pos = s;
		} else if (c == 12) {
			fputs("\x1b[H\x1b[2J", stdout);
		} else if (c == 27) {
			char seq[2];
			if (read(STDIN_FILENO, &seq[0], 1) != 1 || read(STDIN_FILENO, &seq[1], 1) != 1)
				continue;
			if (seq[0] != '[')
				continue;
			if (seq[1] == 'A' || seq[1] == 'B') {
				int nh = hidx + (seq[1] == 'A' ? -1 : 1);
				if (nh < 0 || nh > hist_n)
					continue;
				hidx = nh;
				const char *h = hidx == hist_n ? "" : history[hidx];
				len = pos = strlen(h) < sizeof(buf) ? strlen(h) : sizeof(buf) - 1;
				memcpy(buf, h, len);
			} else if (seq[1] == 'C' && pos < len) {
				pos++;
			} else if (seq[1] == 'D' && pos) {
				pos--;
			} else if (seq[1] == 'H') {
				pos = 0;
			} else if (seq[1] == 'F') {
				pos = len;
			} else if (seq[1] == '3') {
				char tilde;
				if (read(STDIN_FILENO, &tilde, 1) == 1 && pos < len) {
					memmove(buf + pos, buf + pos + 1, len - pos - 1);
					len--;
				}
			}
		} else if ((unsigned char)c >= 32 && len + 1 < sizeof(buf)) {
			memmove(buf + pos + 1, buf + pos, len - pos);
			buf[pos++] = c;
			len++;
		}
		redraw(prompt, buf, len, pos);
	}
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputs("\n", stdout);
	buf[len] = 0;
	snprintf(out, outlen, "%s", buf);
	return ok;
}

int dbg_interactive(struct dbg *d)
{
	char line[LINE_MAX_LEN];
	d->batch = false;
	while (!d->quit) {
		if (!edit_line("(lucid) ", line, sizeof(line))) {
			dbg_printf(d, "quit\n");
			break;
		}
		hist_add(line);
		if (dbg_command(d, line) > 0)
			break;
		fflush(d->out ? d->out : stdout);
	}
	return 0;
}
