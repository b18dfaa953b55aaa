/*
 * mkcpio: host tool that writes an initramfs, a cpio archive in the "newc"
 * format Linux unpacks (Documentation/driver-api/early-userspace/
 * buffer-format.rst), reproducibly: every time field 0, owner root, inode
 * numbers in order, the parent directories of each file listed first.
 *
 *   mkcpio OUT PATH=HOSTFILE... PATH->TARGET...
 *	PATH is the file's absolute path in the archive ("/init"), HOSTFILE
 *	the file to store; it keeps its executable bit (mode 0755 or 0644).
 *	PATH->TARGET stores a symbolic link to TARGET ("/bin/sh->busybox").
 *
 * Errors: one line on stderr, exit 2; writes OUT.tmp and renames.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "guest/tools/tool.h"

static FILE *out;
static unsigned long offset, ino = 1;
static char dirs[64][256];
static int ndirs;

static void pad4(void)
{
	while (offset & 3) {
		fputc(0, out);
		offset++;
	}
}

static void entry(const char *name, unsigned int mode, const unsigned char *data, size_t size)
{
	size_t nlen = strlen(name) + 1;

	offset += fprintf(out, "070701%08lX%08X%08X%08X%08X%08X%08lX%08X%08X%08X%08X%08lX%08X",
			  ino++, mode, 0, 0, (mode & 0040000) ? 2 : 1, 0, (unsigned long)size, 0,
			  0, 0, 0, (unsigned long)nlen, 0);
	fwrite(name, 1, nlen, out);
	offset += nlen;
	pad4();
	if (size)
		fwrite(data, 1, size, out);
	offset += size;
	pad4();
}

/* Each parent directory of path once ("bin" for "bin/sh"). */
static void parents(const char *path)
{
	char d[256];
	const char *s;
	int i;

	for (s = strchr(path, '/'); s; s = strchr(s + 1, '/')) {
		if ((size_t)(s - path) >= sizeof(d))
			die("path too long: %s", path);
		memcpy(d, path, s - path);
		d[s - path] = 0;
		for (i = 0; i < ndirs && strcmp(dirs[i], d); i++)
			;
		if (i < ndirs)
			continue;
		if (ndirs == 64)
			die("too many directories");
		strcpy(dirs[ndirs++], d);
		entry(d, 0040755, NULL, 0);
	}
}

int main(int argc, char **argv)
{
	char tmp[4096];
	int i;

	tool_name = "mkcpio";
	if (argc < 3)
		die("usage: mkcpio OUT PATH=HOSTFILE|PATH->TARGET...");
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", argv[1]) >= (int)sizeof(tmp))
		die("output name too long");
	out = fopen(tmp, "wb");
	if (!out)
		die("cannot write %s", tmp);
	entry(".", 0040755, NULL, 0);
	for (i = 2; i < argc; i++) {
		char *eq = strchr(argv[i], '='), *name = argv[i], *arrow = strstr(argv[i], "->");
		unsigned char *data;
		struct stat st;
		size_t len;

		if (arrow && (!eq || arrow < eq)) {	/* a symbolic link */
			if (name[0] != '/' || arrow == name + 1 || !arrow[2])
				die("bad argument '%s' (want /PATH->TARGET)", argv[i]);
			*arrow = 0;
			while (*name == '/')
				name++;
			parents(name);
			entry(name, 0120777, (unsigned char *)arrow + 2, strlen(arrow + 2));
			continue;
		}
		if (!eq || name[0] != '/' || eq == name + 1)
			die("bad argument '%s' (want /PATH=HOSTFILE)", argv[i]);
		*eq = 0;
		while (*name == '/')
			name++;
		if (stat(eq + 1, &st) || !S_ISREG(st.st_mode))
			die("%s: not a regular file", eq + 1);
		data = slurp(eq + 1, &len);
		parents(name);
		entry(name, 0100000 | ((st.st_mode & 0100) ? 0755 : 0644), data, len);
		free(data);
	}
	entry("TRAILER!!!", 0, NULL, 0);
	while (offset & 511) {		/* whole blocks, like cpio */
		fputc(0, out);
		offset++;
	}
	if (fclose(out) || rename(tmp, argv[1]))
		die("cannot write %s", argv[1]);
	return 0;
}
