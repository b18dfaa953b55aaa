/*
 * The machine's saved state as a list of sections. Whoever owns a piece of
 * state (the machine's run state, the CPU, RAM, each device, the disk)
 * registers a save and a load function for it; snapshots, time travel and
 * record/replay digests (emu/replay/) walk the list and never need to know
 * what is in it. A new device registers its section and replay code does
 * not change.
 *
 * The stream is the sections' output in list order: by the order class
 * below, then by registration within a class. Each save writes snap.h
 * sections of its own (its tags and versions are its business); each load
 * reads exactly what its save wrote.
 */
#ifndef LUCID_VMSECTION_H
#define LUCID_VMSECTION_H

#include "emu/lib/snap.h"

/* Where a section goes in the stream (docs/ARCHITECTURE.md "Determinism").
 * Old snapshots and logs depend on this order: never reorder it. */
enum vm_order {
	VM_ORDER_MACHINE = 10,	/* run state, clock, pending input ("MACH") */
	VM_ORDER_REPLAY = 20,	/* replay progress ("RRPG", written by emu/replay/) */
	VM_ORDER_CPU = 30,	/* "CPU " */
	VM_ORDER_RAM = 40,	/* "RAM " */
	VM_ORDER_DEVICE = 50,	/* each device, in the order the machine added them */
	VM_ORDER_DISK = 60,	/* "DISK" and the -snapshot overlay */
};

typedef void vm_save_fn(void *opaque, struct snap_writer *w);
typedef int vm_load_fn(void *opaque, struct snap_reader *r);	/* 0, or -1 with r->error */

struct vm_section {
	const char *name;	/* for messages: "cpu", "ram", "pic", ... */
	int order;		/* enum vm_order */
	vm_save_fn *save;	/* NULL: nothing saved */
	vm_load_fn *load;
	/* Optional: called once every section has loaded, with a reader at this
	 * section's start again (for state that later loads disturb). */
	vm_load_fn *after_load;
	void *opaque;
	size_t loaded_at;	/* where load found it (for after_load) */
	struct vm_section *next;
};

struct vm_sections {
	struct vm_section *head;
};

/* Add a section; returns it (the caller may set after_load), or NULL when
 * out of memory. */
struct vm_section *vm_register_section(struct vm_sections *l, const char *name, int order,
				       vm_save_fn *save, vm_load_fn *load, void *opaque);
/* Remove every section registered with opaque. */
void vm_unregister_sections(struct vm_sections *l, const void *opaque);
void vm_sections_free(struct vm_sections *l);

/* Save, or load, the sections whose order is in [from, to), in list order. */
void vm_sections_save(const struct vm_sections *l, struct snap_writer *w, int from, int to);
int vm_sections_load(struct vm_sections *l, struct snap_reader *r, int from, int to);
/* After loading: every after_load hook, in list order, over the same stream. */
int vm_sections_after_load(const struct vm_sections *l, struct snap_reader *r);

#endif
