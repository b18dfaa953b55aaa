/* The data directory next to the executable: see datadir.h. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emu/ui/datadir.h"

/* The directory holding the running executable, or "" when unknown. */
static void exe_dir(const char *argv0, char *out, size_t n)
{
	char path[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", path, sizeof(path) - 1);
	out[0] = 0;
	if (len > 0) {
		path[len] = 0;
	} else if (!argv0 || !strchr(argv0, '/') || !realpath(argv0, path)) {
		return;	/* found through $PATH without /proc: give up */
	}
	char *slash = strrchr(path, '/');
	if (!slash)
		return;
	*slash = 0;
	snprintf(out, n, "%s", path[0] ? path : "/");
}

/* Does dir hold the data files (its DATADIR_MARK)? */
static int is_datadir(const char *dir)
{
	char mark[PATH_MAX + 32];
	if (snprintf(mark, sizeof(mark), "%s/%s", dir, DATADIR_MARK) >= (int)sizeof(mark))
		return 0;
	return access(mark, R_OK) == 0;
}

const char *datadir(const char *argv0)
{
	static char dir[PATH_MAX + 32];
	if (dir[0])
		return dir;
	char exe[PATH_MAX];
	exe_dir(argv0, exe, sizeof(exe));
	if (exe[0]) {
		snprintf(dir, sizeof(dir), "%s", exe);		/* the build tree */
		if (is_datadir(dir))
			return dir;
		snprintf(dir, sizeof(dir), "%s/../share/lucid", exe);	/* installed */
		if (is_datadir(dir)) {
			char real[PATH_MAX];
			if (realpath(dir, real))
				snprintf(dir, sizeof(dir), "%s", real);
			return dir;
		}
	}
	snprintf(dir, sizeof(dir), "build");
	return dir;
}

char *datadir_file(const char *argv0, const char *rel)
{
	const char *dir = datadir(argv0);
	size_t n = strlen(dir) + 1 + strlen(rel) + 1;
	char *path = malloc(n);
	if (path)
		snprintf(path, n, "%s/%s", dir, rel);
	return path;
}
