/*
 * What every device gives the machine: reset, save and load (for snapshots,
 * record/replay digests and the debugger's "info" views). A device embeds a
 * struct device in its state; its constructor fills it in and the machine's
 * constructor links it into the machine's list.
 */
#ifndef LUCID_DEVICE_H
#define LUCID_DEVICE_H

#include "emu/lib/snap.h"

struct device {
	const char *name;	/* "pic", "pit", ... : also the snapshot section owner */
	void *dev;		/* the device's own state, passed back to the hooks */
	void (*reset)(void *dev);
	void (*save)(void *dev, struct snap_writer *w);
	int (*load)(void *dev, struct snap_reader *r);	/* 0, or -1 with r->error set */
	/* Optional: print the device's state for the debugger's "info NAME". */
	void (*info)(void *dev, void (*print)(void *ctx, const char *fmt, ...), void *ctx);
	struct device *next;
};

#endif
