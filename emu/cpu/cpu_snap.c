/*
 * CPU state in snapshots (snap.h): one "CPU " section holding the
 * architectural state as a plain struct. The lazy flags are folded into
 * EFLAGS first; caches (TLB, decoded blocks, block links) are not saved and
 * are dropped on load. icount belongs to the clock, not here. The x87
 * follows in its own "FPU " section (struct fpu as is, plus whether the
 * coprocessor is there).
 */
#include <stdio.h>
#include <string.h>

#include "emu/cpu/cpu_internal.h"
#include "emu/lib/snap.h"

/* 2: followed by the "FPU " section. Version 1 (before the x87 existed)
 * still loads, with the FPU in its power-on state. */
#define CPU_SNAP_VERSION 2
#define FPU_SNAP_VERSION 1

struct cpu_snap {
	u32 regs[8];
	u32 eip, eflags;
	struct seg seg[SEG_COUNT];
	struct seg ldtr, tr;
	struct dtr gdtr, idtr;
	u32 cr0, cr2, cr3, cr4;
	u32 dr[8];
	u64 tsc_offset, apic_base;
	u32 sysenter_cs, sysenter_esp, sysenter_eip;
	u32 model;
	u8 cpl, halted, intr, nmi_level, nmi_pending, nmi_blocked, shadow;
	u8 rep_resume;		/* was padding (0) before REP strings could yield */
};

/* The performance counters, without padding. */
struct pmc_snap {
	u64 ctr[2];
	u64 mark;	/* the icount they are counted up to */
	u32 sel[2];
	u32 os;
};

static void pmc_to_snap(const struct cpu *cpu, struct pmc_snap *p)
{
	memset(p, 0, sizeof(*p));
	p->ctr[0] = cpu->pmc.ctr[0];
	p->ctr[1] = cpu->pmc.ctr[1];
	p->mark = cpu->pmc.mark;
	p->sel[0] = cpu->pmc.sel[0];
	p->sel[1] = cpu->pmc.sel[1];
	p->os = cpu->pmc.os;
}

static void pmc_from_snap(struct cpu *cpu, const struct pmc_snap *p)
{
	cpu->pmc.ctr[0] = p->ctr[0];
	cpu->pmc.ctr[1] = p->ctr[1];
	cpu->pmc.mark = p->mark;
	cpu->pmc.sel[0] = p->sel[0];
	cpu->pmc.sel[1] = p->sel[1];
	cpu->pmc.os = p->os;
}

void cpu_fpu_image(const struct cpu *cpu, struct fpu_image *img)
{
	const struct fpu *f = &cpu->fpu;
	memset(img, 0, sizeof(*img));
	for (int n = 0; n < 8; n++) {
		img->sig[n] = f->r[n].sig;
		img->se[n] = f->r[n].se;
	}
	img->cw = f->cw;
	img->sw = f->sw;
	img->fop = f->fop;
	img->fcs = f->fcs;
	img->fds = f->fds;
	img->used = f->used;
	img->irq13 = f->irq13;
	img->fip = f->fip;
	img->fdp = f->fdp;
	img->present = cpu->has_fpu;
}

static void fpu_from_image(struct cpu *cpu, const struct fpu_image *img)
{
	struct fpu *f = &cpu->fpu;
	memset(f, 0, sizeof(*f));
	for (int n = 0; n < 8; n++) {
		f->r[n].sig = img->sig[n];
		f->r[n].se = img->se[n];
	}
	f->cw = img->cw;
	f->sw = img->sw;
	f->fop = img->fop;
	f->fcs = img->fcs;
	f->fds = img->fds;
	f->used = img->used;
	f->irq13 = img->irq13;
	f->fip = img->fip;
	f->fdp = img->fdp;
	cpu->has_fpu = img->present;
}

void cpu_save(struct cpu *cpu, struct snap_writer *w)
{
	struct cpu_snap s;
	memset(&s, 0, sizeof(s));
	memcpy(s.regs, cpu->regs, sizeof(s.regs));
	s.eip = cpu->eip;
	s.eflags = cpu_get_eflags(cpu);
	memcpy(s.seg, cpu->seg, sizeof(s.seg));
	s.ldtr = cpu->ldtr;
	s.tr = cpu->tr;
	s.gdtr = cpu->gdtr;
	s.idtr = cpu->idtr;
	s.cr0 = cpu->cr0;
	s.cr2 = cpu->cr2;
	s.cr3 = cpu->cr3;
	s.cr4 = cpu->cr4;
	memcpy(s.dr, cpu->dr, sizeof(s.dr));
	s.tsc_offset = cpu->tsc_offset;
	s.apic_base = cpu->apic_base;
	s.sysenter_cs = cpu->sysenter_cs;
	s.sysenter_esp = cpu->sysenter_esp;
	s.sysenter_eip = cpu->sysenter_eip;
	s.model = cpu->model;
	s.cpl = cpu->cpl;
	s.halted = cpu->halted;
	s.intr = cpu->intr;
	s.nmi_level = cpu->nmi_level;
	s.nmi_pending = cpu->nmi_pending;
	s.nmi_blocked = cpu->nmi_blocked;
	s.shadow = cpu->shadow;
	s.rep_resume = cpu->rep_resume;
	snap_put_section(w, "CPU ", CPU_SNAP_VERSION, &s, sizeof(s));
	/* A model with NX (cpu_set_nx) adds its EFER after the x87's section;
	 * the others' snapshots stay as they were. */
	u32 efer = cpu->efer;
	struct fpu_image fs;
	cpu_fpu_image(cpu, &fs);
	snap_put_section(w, "FPU ", FPU_SNAP_VERSION, &fs, sizeof(fs));
	if (cpu->has_nx)
		snap_put_section(w, "EFER", 1, &efer, sizeof(efer));
	/* The P6's performance counters follow (pmc.c): counted up to now. */
	if (cpu->model >= CPU_P6 && !cpu->p6_model3) {
		struct pmc_snap p;
		pmc_sync(cpu);
		pmc_to_snap(cpu, &p);
		snap_put_section(w, "PMC ", 1, &p, sizeof(p));
	}
}

int cpu_load(struct cpu *cpu, struct snap_reader *r)
{
	struct cpu_snap s;
	struct fpu_image fs;
	bool old = snap_peek_version(r, "CPU ") == 1;
	if (snap_get_section(r, "CPU ", old ? 1 : CPU_SNAP_VERSION, &s, sizeof(s)) ||
	    (!old && snap_get_section(r, "FPU ", FPU_SNAP_VERSION, &fs, sizeof(fs))))
		return -1;
	u32 efer = 0;
	if (cpu->has_nx && snap_get_section(r, "EFER", 1, &efer, sizeof(efer)))
		return -1;
	/* Snapshots from before the counters have no PMC section: all zero. */
	struct pmc_snap pm;
	memset(&pm, 0, sizeof(pm));
	if (snap_peek_version(r, "PMC ") && snap_get_section(r, "PMC ", 1, &pm, sizeof(pm)))
		return -1;
	if (s.model != (u32)cpu->model) {
		snprintf(r->error, sizeof(r->error), "snapshot CPU model %s, machine has %s",
			 cpu_model_name(s.model), cpu_model_name(cpu->model));
		return -1;
	}
	memcpy(cpu->regs, s.regs, sizeof(s.regs));
	cpu->regs[R_NONE] = 0;
	cpu->eip = s.eip;
	cpu->eflags = s.eflags;
	cpu->lf.op = LF_NONE;
	memcpy(cpu->seg, s.seg, sizeof(s.seg));
	cpu->ldtr = s.ldtr;
	cpu->tr = s.tr;
	cpu->gdtr = s.gdtr;
	cpu->idtr = s.idtr;
	cpu->cr0 = s.cr0;
	cpu->cr2 = s.cr2;
	cpu->cr3 = s.cr3;
	cpu->cr4 = s.cr4;
	cpu->efer = efer & EFER_NXE;
	memcpy(cpu->dr, s.dr, sizeof(s.dr));
	cpu->tsc_offset = s.tsc_offset;
	cpu->apic_base = s.apic_base;
	cpu->sysenter_cs = s.sysenter_cs;
	cpu->sysenter_esp = s.sysenter_esp;
	cpu->sysenter_eip = s.sysenter_eip;
	cpu->cpl = s.cpl;
	cpu->halted = s.halted;
	cpu->intr = s.intr;
	cpu->nmi_level = s.nmi_level;
	cpu->nmi_pending = s.nmi_pending;
	cpu->nmi_blocked = s.nmi_blocked;
	cpu->shadow = s.shadow;
	cpu->rep_resume = s.rep_resume;
	if (old)
		fpu_reset(cpu, true);
	else
		fpu_from_image(cpu, &fs);
	cpu->exc_depth = 0;
	cpu->dr_pending = 0;
	cpu_update_mode(cpu);
	cpu_flush_caches(cpu);
	dr_update(cpu);		/* breakpoint counts from the loaded DR7 */
	/* Last: the sync in cpu_update_mode must not count against a clock
	 * that may not be loaded yet. */
	pmc_from_snap(cpu, &pm);
	return 0;
}
