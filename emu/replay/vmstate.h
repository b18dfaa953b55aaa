/*
 * Whole-machine state: snapshots (savevm/loadvm, -loadvm, the in-memory
 * snapshots of time travel) and the state digests that record and replay
 * compare. A snapshot is the CPU, RAM (all-zero pages take no space), the
 * clock, every device, the disk overlay and the pending input, behind a
 * configuration block so that a snapshot is only ever loaded into the same
 * kind of machine.
 */
#ifndef LUCID_VMSTATE_H
#define LUCID_VMSTATE_H

#include "emu/lib/snap.h"
#include "emu/lib/types.h"

struct machine;

#define VM_SNAP_VERSION 1	/* the layout of vm_save's stream */
#define VM_FILE_VERSION 1	/* the snapshot file around it */
#define LUCID_VERSION "0.1"

/*
 * The machine's configuration as "key=value" lines: RAM size, CPU model,
 * speed, RTC base, and the SHA-256 of the BIOS ROM, the disk image, the
 * kernel and initrd. Image hashes are computed once per machine and cached.
 * Returns the text (owned by the caller's buffer), or NULL if it did not fit.
 */
char *vm_config(struct machine *m, bool with_images, char *buf, size_t len);
/* What a log or snapshot from an older Lucid implies and no option sets:
 * without "shadow_ram=1" in want, the BIOS area ignores writes, as it did;
 * a P6 machine without a cpu_p6_model line gets the P6 before MMX (model 3). */
void vm_config_adopt(struct machine *m, const char *want);
/* Compare two configurations; 0 if equal, else -1 with the first differing
 * key named in err ("ram: the log has 16777216, this machine 67108864"). */
int vm_config_compare(const char *want, const char *have, const char *what, char *err,
		      size_t errlen);

/* State into a stream, and back. Loading checks the configuration first. */
void vm_save(struct machine *m, struct snap_writer *w);
int vm_load(struct machine *m, const void *buf, size_t len, char *err, size_t errlen);

/* Snapshot files: a small header, then vm_save's stream zlib-compressed. */
int vm_save_file(struct machine *m, const char *path, char *err, size_t errlen);
int vm_load_file(struct machine *m, const char *path, char *err, size_t errlen);

/*
 * A state digest: the CPU's registers in the clear (so a mismatch can say
 * which), a hash of each RAM region and of each device's saved state.
 */
#define VM_DIGEST_REGS 26
#define VM_DIGEST_FPU 25	/* regs[] index of the x87 state's hash */
#define VM_DIGEST_REGIONS 64
#define VM_DIGEST_DEVICES 24
struct vm_digest {
	u64 icount;
	u32 regs[VM_DIGEST_REGS];	/* see vm_digest_reg_name */
	u32 nregions, region_size;
	u64 region[VM_DIGEST_REGIONS];
	u32 ndevices;
	u64 device[VM_DIGEST_DEVICES];
};

void vm_digest(struct machine *m, struct vm_digest *d);
const char *vm_digest_reg_name(int i);
/* One hash of the whole digest (for printing and quick comparison). */
u64 vm_digest_sum(const struct vm_digest *d);
/* Describe how b differs from a (registers, RAM ranges, devices) into buf.
 * Returns 0 if they are equal. */
int vm_digest_diff(struct machine *m, const struct vm_digest *a, const struct vm_digest *b,
		   char *buf, size_t len);

/* A fast 64-bit hash of n bytes (n a multiple of 8 is fastest). */
u64 vm_hash(const void *p, size_t n, u64 seed);

#endif
