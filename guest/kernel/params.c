/*
 * The kernel command line (Linux's init/main.c parse_args and
 * kernel/params.c, reduced). boot_command_line holds what the loader passed,
 * copied by head.S; setup_command_line() makes sure it is terminated (an
 * overlong line is truncated with a warning) and replaces control characters.
 * Words are "name", "name=value" or name="quoted value"; handlers registered
 * with early_param() run in parse_early_param() (from setup_arch), those with
 * __setup() in parse_args_late(). Unknown words are reported, as Linux does
 * before passing them to init. Everything after a word "--" is not parsed:
 * it becomes init's arguments (Linux's rule), through init_arguments().
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/moduleparam.h>

char boot_command_line[COMMAND_LINE_SIZE] __aligned(4);
static char command_line_copy[COMMAND_LINE_SIZE];	/* for printing and /proc/cmdline */
char *saved_command_line = command_line_copy;
static char unknown_params[256];
static char init_args_line[COMMAND_LINE_SIZE];		/* after "--": init's arguments */

extern const struct obs_kernel_param __setup_start[], __setup_end[];

/*
 * Make the line safe to parse: terminated within COMMAND_LINE_SIZE and free of
 * control characters, warning about what had to change. setup_arch() calls
 * it before parse_early_param(); it runs once.
 */
void __init check_command_line(void)
{
	static int done;
	size_t len = strnlen(boot_command_line, COMMAND_LINE_SIZE);
	int bad = 0;
	size_t i;

	if (done++)
		return;
	if (len == COMMAND_LINE_SIZE) {
		len = COMMAND_LINE_SIZE - 1;
		boot_command_line[len] = 0;
		pr_warn("Kernel command line too long: truncated to %u characters\n",
			(unsigned int)len);
	} else if (len == COMMAND_LINE_SIZE - 1) {
		/* Loaders cut at cmdline_size (2047) themselves, silently. */
		pr_warn("Kernel command line is %u characters, the most the boot protocol passes: it was probably truncated\n",
			(unsigned int)len);
	}
	for (i = 0; i < len; i++) {
		unsigned char c = boot_command_line[i];

		if (c < 0x20 || c >= 0x7f) {
			boot_command_line[i] = ' ';
			bad++;
		}
	}
	if (bad)
		pr_warn("Kernel command line: %d control or non-ASCII characters replaced by spaces\n",
			bad);
}

/* start_kernel's step: keep a copy of the (checked) line for printing and /proc. */
void __init setup_command_line(void)
{
	check_command_line();
	strlcpy(command_line_copy, boot_command_line, sizeof(command_line_copy));
}

/* Split off the next word; handles name="value with spaces". */
static char *next_arg(char *args, char **param, char **val, bool warn)
{
	bool in_quote = false;
	char *next;
	size_t i, equals = 0;

	args = skip_spaces(args);
	for (i = 0; args[i]; i++) {
		if (args[i] == ' ' && !in_quote)
			break;
		if (equals == 0 && args[i] == '=')
			equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	*param = args;
	*val = NULL;
	if (equals) {
		args[equals] = 0;
		*val = args + equals + 1;
		if (**val == '"') {
			(*val)++;
			if (args[i - 1] == '"')
				args[i - 1] = 0;
		}
	}
	if (in_quote && warn)
		pr_warn("Kernel command line: unterminated quote in '%s', taken to the end\n",
			*param);
	next = args + i;
	if (*next)
		*next++ = 0;
	return next;
}

/* Run the handlers of one phase over a private copy of the command line. */
static void parse_phase(int early)
{
	static char tmp[COMMAND_LINE_SIZE];
	char *args = tmp, *param, *val;

	strlcpy(tmp, boot_command_line, sizeof(tmp));
	while (*(args = skip_spaces(args))) {
		const struct obs_kernel_param *p;
		bool known = false;

		args = next_arg(args, &param, &val, early);
		if (!val && !strcmp(param, "--")) {
			strlcpy(init_args_line, args, sizeof(init_args_line));
			break;
		}
		for (p = __setup_start; p < __setup_end; p++) {
			size_t n = strlen(p->str);
			bool has_eq = n && p->str[n - 1] == '=';

			if (has_eq ? (val && !strncmp(param, p->str, n - 1) && !param[n - 1])
				   : (!val && !strcmp(param, p->str))) {
				known = true;
				if (p->early == early) {
					if (has_eq && !*val)
						pr_warn("Kernel command line: %s needs a value, ignored\n",
							param);
					else
						p->setup_func(has_eq ? val : param);
				}
			}
		}
		if (!known && !early && parse_builtin_param(param, val))
			known = true;	/* NAME.PARAM=value of a built-in module */
		if (!known && !early) {
			size_t used = strlen(unknown_params);

			snprintf(unknown_params + used, sizeof(unknown_params) - used, "%s%s%s%s",
				 used ? " " : "", param, val ? "=" : "", val ? val : "");
		}
	}
}

void __init parse_early_param(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	parse_phase(1);
}

void __init parse_args_late(void)
{
	parse_phase(0);
	if (unknown_params[0])
		pr_notice("Unknown kernel command line parameters \"%s\", will be passed to user space.\n",
			  unknown_params);
}

/* Split what followed "--" into words for init's argv; returns how many (at most max). */
int init_arguments(char **argv, int max)
{
	static char words[COMMAND_LINE_SIZE];
	char *args = words, *param, *val;
	int n = 0;

	strlcpy(words, init_args_line, sizeof(words));	/* each try of an init splits afresh */
	while (n < max && *(args = skip_spaces(args))) {
		args = next_arg(args, &param, &val, false);
		if (val)
			val[-1] = '=';	/* a word with '=' is one argument */
		if (*param == '"') {	/* "a quoted word" is one argument, without its quotes */
			size_t len = strlen(++param);

			if (len && param[len - 1] == '"')
				param[len - 1] = 0;
		}
		argv[n++] = param;
	}
	return n;
}
