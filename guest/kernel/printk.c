/*
 * printk: the kernel log (Linux's kernel/printk/printk.c, 4.x record format).
 *
 * Every line is stored as a record in the ring buffer __log_buf:
 *	struct printk_log header (16 bytes: ts_nsec, len, text_len, dict_len,
 *	facility, flags:5/level:3), then text_len bytes of text, padded to 4.
 * A header with len == 0 at the end of the buffer means "wrap to 0". The
 * oldest records are dropped to make room. log_first_idx/log_next_idx and
 * log_first_seq/log_next_seq locate them, exactly the variables Linux's
 * crash and gdb scripts read, so the debugger can walk the log by symbol.
 * Partial lines (no newline yet) wait in a continuation buffer until the line
 * ends (KERN_CONT continues it). Consoles print records whose level is below
 * console_loglevel, prefixed with "[seconds.micros] " when printk_time is on.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/console.h>
#include <linux/time.h>
#include <asm/irqflags.h>

#define LOG_BUF_LEN (1 << CONFIG_LOG_BUF_SHIFT)
#define LOG_LINE_MAX 1024

struct printk_log {
	u64 ts_nsec;		/* timestamp in nanoseconds */
	u16 len;		/* length of the whole record */
	u16 text_len;
	u16 dict_len;		/* always 0 in lucix */
	u8 facility;
	u8 flags : 5;
	u8 level : 3;
} __packed __aligned(4);

char __log_buf[LOG_BUF_LEN] __aligned(4);
char *log_buf = __log_buf;
u32 log_buf_len = LOG_BUF_LEN;
u32 log_first_idx, log_next_idx;
u64 log_first_seq, log_next_seq;

int console_loglevel = CONFIG_CONSOLE_LOGLEVEL_DEFAULT;
int default_message_loglevel = MESSAGE_LOGLEVEL_DEFAULT;
bool printk_time = CONFIG_PRINTK_TIME;
int oops_in_progress;

static struct console *console_drivers;

/* The line being built by printks without a newline. */
static char cont_buf[LOG_LINE_MAX];
static unsigned int cont_len;
static int cont_level;
static u64 cont_ts;

static struct printk_log *log_from_idx(u32 idx)
{
	struct printk_log *msg = (struct printk_log *)(log_buf + idx);

	if (!msg->len)		/* wrap marker */
		msg = (struct printk_log *)log_buf;
	return msg;
}

static u32 log_next(u32 idx)
{
	struct printk_log *msg = (struct printk_log *)(log_buf + idx);

	if (!msg->len) {
		msg = (struct printk_log *)log_buf;
		return msg->len;
	}
	return idx + msg->len;
}

/* Room for SIZE bytes plus the wrap marker header that may follow them? */
static bool logbuf_has_space(u32 size, bool empty)
{
	u32 free;

	if (log_next_idx > log_first_idx || empty)
		free = max(log_buf_len - log_next_idx, log_first_idx);
	else
		free = log_first_idx - log_next_idx;
	return free >= size + sizeof(struct printk_log);
}

static void log_store(int level, u64 ts, const char *text, u16 text_len)
{
	struct printk_log *msg;
	u32 size;

	if (text_len > log_buf_len / 4)
		text_len = log_buf_len / 4;
	size = ALIGN(sizeof(struct printk_log) + text_len, 4);
	while (log_first_seq < log_next_seq && !logbuf_has_space(size, false)) {
		log_first_idx = log_next(log_first_idx);	/* drop the oldest */
		log_first_seq++;
	}
	if (log_first_seq == log_next_seq)
		log_first_idx = log_next_idx;
	if (log_next_idx + size + sizeof(struct printk_log) > log_buf_len) {
		/* A zero header marks the wrap; continue at the start. */
		memset(log_buf + log_next_idx, 0, sizeof(struct printk_log));
		log_next_idx = 0;
		if (log_first_seq == log_next_seq)
			log_first_idx = 0;
	}
	msg = (struct printk_log *)(log_buf + log_next_idx);
	memcpy(msg + 1, text, text_len);
	msg->ts_nsec = ts;
	msg->len = size;
	msg->text_len = text_len;
	msg->dict_len = 0;
	msg->facility = 0;
	msg->flags = 0;
	msg->level = level & 7;
	log_next_idx += size;
	log_next_seq++;
}

static void cont_flush(void)
{
	if (!cont_len)
		return;
	log_store(cont_level, cont_ts, cont_buf, cont_len);
	cont_len = 0;
}

/* Print the records a console has not seen yet. */
static void console_catch_up(struct console *con)
{
	char line[LOG_LINE_MAX + 32];

	if (con->seq < log_first_seq) {		/* new, or lost some to wrapping */
		con->seq = log_first_seq;
		con->idx = log_first_idx;
	}
	for (; con->seq < log_next_seq; con->seq++) {
		struct printk_log *msg = log_from_idx(con->idx);
		unsigned int n = 0;

		con->idx = ((char *)msg - log_buf) + msg->len;
		if (msg->level >= console_loglevel)
			continue;
		if (printk_time) {
			u64 ns = msg->ts_nsec;
			u32 rem = do_div(ns, 1000000000);

			n = snprintf(line, sizeof(line), "[%5lu.%06u] ", (unsigned long)ns,
				     rem / 1000);
		}
		memcpy(line + n, msg + 1, msg->text_len);
		n += msg->text_len;
		line[n++] = '\n';
		con->write(con, line, n, msg->level);
	}
}

void console_flush(void)
{
	struct console *con;

	for (con = console_drivers; con; con = con->next)
		if (con->flags & CON_ENABLED)
			console_catch_up(con);
}

int vprintk(const char *fmt, va_list args)
{
	static char textbuf[LOG_LINE_MAX];
	static int recursion;
	unsigned long flags;
	int level = -1, n, i;
	bool cont = false;
	char *text = textbuf;

	local_irq_save(flags);
	if (recursion) {	/* printk from inside printk: drop, don't deadlock */
		local_irq_restore(flags);
		return 0;
	}
	recursion = 1;
	n = vsnprintf(textbuf, sizeof(textbuf), fmt, args);
	if (n >= (int)sizeof(textbuf))
		n = sizeof(textbuf) - 1;
	while (text[0] == KERN_SOH[0] && text[1]) {	/* level / continuation prefix */
		if (text[1] >= '0' && text[1] <= '7')
			level = text[1] - '0';
		else if (text[1] == 'c')
			cont = true;
		text += 2;
		n -= 2;
	}
	if (!cont || !cont_len) {
		cont_flush();
		cont_level = level >= 0 ? level : default_message_loglevel;
		cont_ts = local_clock();
	}
	for (i = 0; i < n; i++) {
		if (text[i] == '\n') {
			/* An empty line is still a record, as in Linux. */
			log_store(cont_level, cont_ts, cont_buf, cont_len);
			cont_len = 0;
			cont_ts = local_clock();
			continue;
		}
		if (cont_len < sizeof(cont_buf))
			cont_buf[cont_len++] = text[i];
	}
	console_flush();
	recursion = 0;
	local_irq_restore(flags);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vprintk(fmt, args);
	va_end(args);
	return n;
}

/* Make a waiting partial line visible (used by panic and oops paths). */
void printk_flush_cont(void)
{
	cont_flush();
	console_flush();
}

void register_console(struct console *con)
{
	struct console *c;

	for (c = console_drivers; c; c = c->next)
		if (c == con)
			return;
	if (con->setup && con->setup(con, NULL) < 0)
		return;
	con->flags |= CON_ENABLED;
	con->seq = log_first_seq;	/* replay the log so far */
	con->idx = log_first_idx;
	con->next = console_drivers;
	console_drivers = con;
	pr_info("console [%s%d] enabled\n", con->name, con->index);
}

/* The console /dev/console means: the last one registered (the last console=). */
struct console *console_preferred(void)
{
	return console_drivers;
}

/*
 * console= handling (Linux's console_setup): remember the consoles asked for,
 * in order; console_init() registers them. "ttyS<n>[,baud]" and "tty<n>".
 */
#define MAX_CMDLINECONSOLES 4
static struct {
	char name[8];
	int index;
	char options[16];
} console_cmdline[MAX_CMDLINECONSOLES];
static int nr_console_cmdline;

static int __init console_setup(char *str)
{
	char *opt = strchr(str, ',');
	int len = opt ? opt - str : (int)strlen(str), i;

	if (nr_console_cmdline >= MAX_CMDLINECONSOLES)
		return 0;
	for (i = 0; i < len && (str[i] < '0' || str[i] > '9'); i++)
		;
	if (i == 0 || i >= len || i >= (int)sizeof(console_cmdline[0].name)) {
		pr_warn("console=%s: not a console name, ignored\n", str);
		return 0;
	}
	memcpy(console_cmdline[nr_console_cmdline].name, str, i);
	console_cmdline[nr_console_cmdline].index = simple_strtoul(str + i, NULL, 10);
	if (opt)
		strlcpy(console_cmdline[nr_console_cmdline].options, opt + 1,
			sizeof(console_cmdline[0].options));
	nr_console_cmdline++;
	return 1;
}
early_param("console=", console_setup);

static int __init loglevel_setup(char *str)
{
	int v;

	if (kstrtoint(str, 10, &v) || v < 0 || v > 15) {
		pr_warn("loglevel=%s: not a number from 0 to 15, ignored\n", str);
		return 0;
	}
	console_loglevel = v;
	return 1;
}
early_param("loglevel=", loglevel_setup);

static int __init quiet_setup(char *str)
{
	console_loglevel = 4;
	return 1;
}
early_param("quiet", quiet_setup);

static int __init debug_setup(char *str)
{
	console_loglevel = 10;
	return 1;
}
early_param("debug", debug_setup);

static int __init printk_time_setup(char *str)
{
	printk_time = !(str[0] == '0' || str[0] == 'n' || str[0] == 'N');
	return 1;
}
early_param("printk.time=", printk_time_setup);

static struct console *find_driver(const char *name, int index)
{
	if (!strcmp(name, "ttyS") && index >= 0 && index < 2) {
		serial8250_console.index = index;
		return &serial8250_console;
	}
	if (!strcmp(name, "tty") && index >= 0 && index < 8)
		return &vga_console;
	return NULL;
}

/* earlyprintk=serial[,ttyS<n>] or =vga: a console from the first printk on. */
static int __init earlyprintk_setup(char *str)
{
	if (!strncmp(str, "serial", 6)) {
		serial8250_console.index = strstr(str, "ttyS1") ? 1 : 0;
		serial8250_console.flags |= CON_BOOT;
		register_console(&serial8250_console);
	} else if (!strncmp(str, "vga", 3)) {
		vga_console.flags |= CON_BOOT;
		register_console(&vga_console);
	} else {
		pr_warn("earlyprintk=%s: unknown, ignored\n", str);
	}
	return 1;
}
early_param("earlyprintk=", earlyprintk_setup);

/* start_kernel's console_init(): register the consoles of the command line. */
void __init console_init(void)
{
	int i, n = 0;

	for (i = 0; i < nr_console_cmdline; i++) {
		struct console *con = find_driver(console_cmdline[i].name,
						  console_cmdline[i].index);

		if (!con) {
			pr_warn("console [%s%d]: no such console, ignored\n",
				console_cmdline[i].name, console_cmdline[i].index);
			continue;
		}
		if (con == &serial8250_console)
			serial8250_setup(con, console_cmdline[i].options);
		register_console(con);
		n++;
	}
	if (!n)
		register_console(&vga_console);	/* Linux's default: the VT */
}

/*
 * Last resort for panics before console_init(): put the log on every console
 * the command line asked for (or serial and VGA both), whatever state we are in.
 */
void console_emergency_flush(void)
{
	oops_in_progress = 1;
	cont_flush();
	if (!console_drivers) {
		register_console(&serial8250_console);
		register_console(&vga_console);
	}
	console_flush();
}

/*
 * A user process writing to its standard output or error (fds 0-2 are the
 * console until the tty layer exists): the bytes go to every enabled console
 * after whatever the log has not printed yet, and not into the log.
 */
void console_write_user(const char *s, unsigned int n)
{
	struct console *con;

	console_flush();
	for (con = console_drivers; con; con = con->next)
		if (con->flags & CON_ENABLED)
			con->write(con, s, n, LOGLEVEL_INFO);
}
