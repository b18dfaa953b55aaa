/*
 * String and memory functions for the kernel (Linux's lib/string.c). Plain C:
 * the build passes -fno-tree-loop-distribute-patterns so gcc cannot turn these
 * loops back into calls to themselves. memcpy/memset use rep movs/stos, which
 * every x86 does well.
 */
#include <linux/string.h>

/* Dwords first, then the 0-3 bytes left (Linux i386's __memcpy): a quarter of the iterations. */
void *memcpy(void *d, const void *s, size_t n)
{
	void *ret = d;
	int d0, d1, d2;

	__asm__ __volatile__("rep movsl\n\t"
			     "movl %4, %%ecx\n\t"
			     "andl $3, %%ecx\n\t"
			     "jz 1f\n\t"
			     "rep movsb\n"
			     "1:"
			     : "=&c"(d0), "=&D"(d1), "=&S"(d2)
			     : "0"(n / 4), "g"(n), "1"(d), "2"(s) : "memory");
	return ret;
}

void *memset(void *d, int c, size_t n)
{
	void *ret = d;
	int d0, d1;

	__asm__ __volatile__("rep stosl\n\t"
			     "movl %3, %%ecx\n\t"
			     "andl $3, %%ecx\n\t"
			     "jz 1f\n\t"
			     "rep stosb\n"
			     "1:"
			     : "=&c"(d0), "=&D"(d1)
			     : "0"(n / 4), "g"(n), "1"(d), "a"((c & 0xff) * 0x01010101U) : "memory");
	return ret;
}

void *memmove(void *d, const void *s, size_t n)
{
	u8 *dp = d;
	const u8 *sp = s;

	if (dp <= sp || dp >= sp + n)
		return memcpy(d, s, n);
	while (n--)
		dp[n] = sp[n];
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (u8)*a - (u8)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (u8)*a - (u8)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (; *s != (char)c; s++)
		if (!*s)
			return NULL;
	return (char *)s;
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	do {
		if (*s == (char)c)
			last = s;
	} while (*s++);
	return (char *)last;
}

char *strstr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncmp(hay, needle, n))
			return (char *)hay;
	return n ? NULL : (char *)hay;
}

/* Copy with truncation; always terminates when SIZE > 0; returns strlen(s). */
size_t strlcpy(char *d, const char *s, size_t size)
{
	size_t len = strlen(s);

	if (size) {
		size_t n = len >= size ? size - 1 : len;

		memcpy(d, s, n);
		d[n] = 0;
	}
	return len;
}

char *strsep(char **s, const char *delim)
{
	char *start = *s, *p;

	if (!start)
		return NULL;
	for (p = start; *p; p++) {
		if (strchr(delim, *p)) {
			*p = 0;
			*s = p + 1;
			return start;
		}
	}
	*s = NULL;
	return start;
}

char *skip_spaces(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	return (char *)s;
}
