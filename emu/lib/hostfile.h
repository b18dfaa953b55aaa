/*
 * Reading a whole host file (a ROM, a kernel, a recorded log, a snapshot)
 * into memory, with one error wording for all of them.
 */
#ifndef LUCID_HOSTFILE_H
#define LUCID_HOSTFILE_H

#include "emu/lib/types.h"

/*
 * Read all of path into a malloc'd buffer (free it with free()); *len gets its
 * size. A file longer than max bytes is refused. On failure returns NULL with
 * one line in err: "cannot open WHAT 'PATH': reason", "cannot read WHAT
 * 'PATH'...", or "WHAT 'PATH' is larger than N bytes"; what may be NULL (then
 * "cannot open 'PATH': ..."). Works on pipes and devices too, not only on
 * regular files.
 */
u8 *host_read_file(const char *path, const char *what, size_t max, size_t *len, char *err,
		   size_t errlen);

#endif
