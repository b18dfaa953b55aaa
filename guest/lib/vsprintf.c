/*
 * vsnprintf and friends (Linux's lib/vsprintf.c, reduced): %d %i %u %x %X %o
 * %c %s %p %% with flags "-0+ #", width, precision and the h/hh/l/ll/z
 * modifiers, plus Linux's %pS/%ps (symbol+offset/size through kallsyms) and %pB (the same
 * for a return address, looked up at address - 1 so a call that ends a function
 * is still shown inside it).
 * Output is always terminated when the buffer is non-empty; the return value is
 * the length the full output would have had.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/kallsyms.h>

#define ZEROPAD	1
#define SIGN	2
#define PLUS	4
#define SPACE	8
#define LEFT	16
#define SPECIAL	32
#define LARGE	64

struct out {
	char *buf;
	size_t size, pos;
};

static void put(struct out *o, char c)
{
	if (o->pos + 1 < o->size)
		o->buf[o->pos] = c;
	o->pos++;
}

static void number(struct out *o, unsigned long long num, int base, int width, int prec,
		   int flags)
{
	const char *digits = (flags & LARGE) ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	char sign = 0;
	int i = 0;

	if (flags & SIGN) {
		if ((long long)num < 0) {
			sign = '-';
			num = -(long long)num;
		} else if (flags & PLUS) {
			sign = '+';
		} else if (flags & SPACE) {
			sign = ' ';
		}
	}
	if (sign)
		width--;
	if ((flags & SPECIAL) && base == 16)
		width -= 2;
	else if ((flags & SPECIAL) && base == 8)
		width--;
	do {
		tmp[i++] = digits[num % base];
		num /= base;
	} while (num);
	if (prec < i)
		prec = i;
	width -= prec;
	if (!(flags & (ZEROPAD | LEFT)))
		while (width-- > 0)
			put(o, ' ');
	if (sign)
		put(o, sign);
	if ((flags & SPECIAL) && base == 16) {
		put(o, '0');
		put(o, (flags & LARGE) ? 'X' : 'x');
	} else if ((flags & SPECIAL) && base == 8) {
		put(o, '0');
	}
	if (!(flags & LEFT))
		while (width-- > 0)
			put(o, (flags & ZEROPAD) ? '0' : ' ');
	while (i < prec--)
		put(o, '0');
	while (i-- > 0)
		put(o, tmp[i]);
	while (width-- > 0)
		put(o, ' ');
}

static void string(struct out *o, const char *s, int width, int prec, int flags)
{
	int len, i;

	if (!s)
		s = "(null)";
	len = strnlen(s, prec < 0 ? 0x7fffffff : prec);
	if (!(flags & LEFT))
		while (len < width--)
			put(o, ' ');
	for (i = 0; i < len; i++)
		put(o, s[i]);
	while (len < width--)
		put(o, ' ');
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct out o = { buf, size, 0 };
	char symbuf[KSYM_SYMBOL_LEN];

	for (; *fmt; fmt++) {
		int flags = 0, width = -1, prec = -1, qual = 0, base = 10;
		unsigned long long num;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (;;) {	/* flags */
			fmt++;
			if (*fmt == '-')
				flags |= LEFT;
			else if (*fmt == '+')
				flags |= PLUS;
			else if (*fmt == ' ')
				flags |= SPACE;
			else if (*fmt == '#')
				flags |= SPECIAL;
			else if (*fmt == '0')
				flags |= ZEROPAD;
			else
				break;
		}
		if (*fmt >= '0' && *fmt <= '9') {
			width = 0;
			while (*fmt >= '0' && *fmt <= '9')
				width = width * 10 + *fmt++ - '0';
		} else if (*fmt == '*') {
			width = va_arg(args, int);
			if (width < 0) {
				width = -width;
				flags |= LEFT;
			}
			fmt++;
		}
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(args, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					prec = prec * 10 + *fmt++ - '0';
			}
			if (prec < 0)
				prec = 0;
		}
		while (*fmt == 'l' || *fmt == 'h' || *fmt == 'z') {
			if (*fmt == 'l')
				qual = qual == 'l' ? 'L' : 'l';
			else if (*fmt == 'h')
				qual = qual == 'h' ? 'H' : 'h';
			else
				qual = 'z';
			fmt++;
		}
		switch (*fmt) {
		case 'c':
			if (!(flags & LEFT))
				while (--width > 0)
					put(&o, ' ');
			put(&o, (char)va_arg(args, int));
			while (--width > 0)
				put(&o, ' ');
			continue;
		case 's':
			string(&o, va_arg(args, const char *), width, prec, flags);
			continue;
		case 'p':
			if (fmt[1] == 'S' || fmt[1] == 's' || fmt[1] == 'B') {
				unsigned long addr = (unsigned long)va_arg(args, void *);

				if (fmt[1] == 'S')
					sprint_symbol(symbuf, addr);
				else if (fmt[1] == 'B')
					sprint_backtrace(symbuf, addr);
				else
					sprint_symbol_no_offset(symbuf, addr);
				string(&o, symbuf, width, prec, flags);
				fmt++;
				continue;
			}
			if (width < 0) {
				width = 8;
				flags |= ZEROPAD;
			}
			number(&o, (unsigned long)va_arg(args, void *), 16, width, prec, flags);
			continue;
		case '%':
			put(&o, '%');
			continue;
		case 'o':
			base = 8;
			break;
		case 'X':
			flags |= LARGE;
			/* fall through */
		case 'x':
			base = 16;
			break;
		case 'd':
		case 'i':
			flags |= SIGN;
			break;
		case 'u':
			break;
		default:	/* unknown conversion: show it as is */
			put(&o, '%');
			if (!*fmt)
				goto out;
			put(&o, *fmt);
			continue;
		}
		if (qual == 'L')
			num = va_arg(args, unsigned long long);
		else if (flags & SIGN)
			num = qual == 'h' ? (short)va_arg(args, int) :
			      qual == 'H' ? (signed char)va_arg(args, int) :
			      (long long)va_arg(args, long);
		else
			num = qual == 'h' ? (unsigned short)va_arg(args, int) :
			      qual == 'H' ? (unsigned char)va_arg(args, int) :
			      (unsigned long long)va_arg(args, unsigned long);
		number(&o, num, base, width, prec, flags);
	}
out:
	if (size)
		buf[o.pos < size ? o.pos : size - 1] = 0;
	return o.pos;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}

int sprintf(char *buf, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(buf, 0x7fffffff, fmt, args);
	va_end(args);
	return n;
}

static int digit_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base)
{
	unsigned long v = 0;

	if (!base) {
		base = 10;
		if (cp[0] == '0') {
			base = 8;
			if ((cp[1] == 'x' || cp[1] == 'X') && digit_val(cp[2]) < 16) {
				base = 16;
				cp += 2;
			}
		}
	} else if (base == 16 && cp[0] == '0' && (cp[1] == 'x' || cp[1] == 'X')) {
		cp += 2;
	}
	while (digit_val(*cp) < (int)base)
		v = v * base + digit_val(*cp++);
	if (endp)
		*endp = (char *)cp;
	return v;
}

long simple_strtol(const char *cp, char **endp, unsigned int base)
{
	if (*cp == '-')
		return -(long)simple_strtoul(cp + 1, endp, base);
	return simple_strtoul(cp, endp, base);
}

/* Strict parse: the whole string must be a number (one trailing newline allowed). */
int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	char *end;

	if (!*s || *s == '-')
		return -22;
	*res = simple_strtoul(s, &end, base);
	if (end == s || (*end && !(*end == '\n' && !end[1])))
		return -22;
	return 0;
}

int kstrtoint(const char *s, unsigned int base, int *res)
{
	unsigned long v;
	int neg = *s == '-', err;

	err = kstrtoul(s + neg, base, &v);
	if (err)
		return err;
	if (v > 0x7fffffff)
		return -34;
	*res = neg ? -(int)v : (int)v;
	return 0;
}
