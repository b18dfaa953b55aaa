/*
 * pmap PID...: a process's mappings from /proc/PID/maps (PID may be "self"), like procps' pmap:
 * start address, size, permissions and what is mapped ([ anon ], [ stack ],
 * a file), then the total.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int pmap(const char *pid)
{
	char path[64], line[512], cmd[256] = "";
	unsigned long total = 0;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%s/cmdline", pid);
	f = fopen(path, "r");
	if (f) {
		n = fread(cmd, 1, sizeof(cmd) - 1, f);
		cmd[n] = 0;
		for (size_t i = 0; i + 1 < n; i++)
			if (!cmd[i])
				cmd[i] = ' ';
		fclose(f);
	}
	snprintf(path, sizeof(path), "/proc/%s/maps", pid);
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "pmap: cannot open %s (no such process, or no /proc yet)\n", path);
		return 1;
	}
	printf("%s:   %s\n", pid, cmd);
	while (fgets(line, sizeof(line), f)) {
		unsigned long long start, end;
		char perms[8], name[400] = "";
		char mode[6];

		if (sscanf(line, "%llx-%llx %7s %*s %*s %*s %399[^\n]", &start, &end, perms, name) < 3)
			continue;
		mode[0] = perms[0];
		mode[1] = perms[1];
		mode[2] = perms[2];
		mode[3] = '-';
		mode[4] = '-';
		mode[5] = 0;
		if (!name[0])
			strcpy(name, "  [ anon ]");
		else if (name[0] == '[') {
			memmove(name + 2, name, strlen(name) + 1);
			name[0] = name[1] = ' ';
		} else {
			const char *base = strrchr(name, '/');

			memmove(name + 2, base ? base + 1 : name, strlen(base ? base + 1 : name) + 1);
			name[0] = name[1] = ' ';
		}
		printf("%08llx %6lluK %s %s\n", start, (end - start) / 1024, mode, name);
		total += (end - start) / 1024;
	}
	fclose(f);
	printf(" total %8luK\n", total);
	return 0;
}

int main(int argc, char **argv)
{
	int i, err = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: pmap PID...\n");
		return 2;
	}
	for (i = 1; i < argc; i++)
		err |= pmap(argv[i]);
	return err;
}
