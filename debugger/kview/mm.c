/*
 * Address spaces: vtop (one address walked through a task's page tables,
 * level by level, with Linux's names PGD/PMD/PTE), pagetable (a task's
 * mappings merged into ranges) and vma (a task's vm_area_structs).
 */
#include <stdlib.h>
#include <string.h>

#include "debugger/kview/kview.h"
#include "emu/board/bus.h"

/* CR3 for a task: the physical address of mm->pgd (active_mm for kernel
 * threads), translated through the current page tables. */
int kview_task_cr3(struct dbg *d, u32 t, u32 *cr3)
{
	u64 mm = kview_task_field(d, t, "mm", 0);
	if (!mm)
		mm = kview_task_field(d, t, "active_mm", 0);
	u64 pgd;
	if (!mm || !kview_eval(d, &pgd, "(unsigned long)((struct mm_struct *)0x%x)->pgd", (u32)mm)) {
		dbg_err(d, "Task 0x%x has no mm->pgd.", t);
		return -1;
	}
	struct dbg_regs r;
	u64 pa;
	dbg_regs(d, &r);
	if (dbg_translate(d, r.cr0, r.cr3, r.cr4, (u32)pgd, &pa) < 0) {
		dbg_err(d, "mm->pgd 0x%x is not mapped.", (u32)pgd);
		return -1;
	}
	*cr3 = (u32)pa;
	return 0;
}

static int task_cr3(struct dbg *d, u64 pid, u32 *cr3)
{
	u32 t = kview_find_task(d, pid);
	if (!t) {
		dbg_err(d, "No task with pid %llu.", (unsigned long long)pid);
		return -1;
	}
	return kview_task_cr3(d, t, cr3);
}

static void flags_str(u64 e, bool pae, char *buf, size_t len)
{
	snprintf(buf, len, "%s %s %s%s%s%s%s%s%s", e & 1 ? "P" : "-", e & 2 ? "RW" : "RO",
		 e & 4 ? "U" : "S", e & 8 ? " PWT" : "", e & 16 ? " PCD" : "", e & 32 ? " A" : "",
		 e & 64 ? " D" : "", e & 128 ? " PS" : "", e & 256 ? " G" : "");
	if (pae && (e >> 63))
		strncat(buf, " NX", len - strlen(buf) - 1);
}

static int cmd_vtop(struct dbg *d, const char *args)
{
	char a[256];
	snprintf(a, sizeof(a), "%s", args);
	char *sp = strrchr(a, ' ');
	u64 pid = ~0ull;
	if (sp) {
		u32 t;
		if (kview_pid_arg(d, sp + 1, "vtop ADDR [PID]", &pid, &t) < 0)
			return -1;
		*sp = 0;
	}
	u32 lin;
	if (!*a) {
		dbg_err(d, "vtop ADDR [PID]");
		return -1;
	}
	if (dbg_parse_addr(d, a, &lin) < 0)
		return -1;
	struct dbg_regs r;
	dbg_regs(d, &r);
	u32 cr3 = r.cr3;
	if (pid != ~0ull && task_cr3(d, pid, &cr3) < 0)
		return -1;
	bool pae = r.cr4 & 0x20;
	dbg_printf(d, "VIRTUAL 0x%08x  CR3 0x%08x (%s paging)\n", lin, cr3,
		   !(r.cr0 & 0x80000000u) ? "no" : pae ? "PAE" : "32-bit");
	struct dbg_walk w;
	dbg_walk(d, r.cr0, cr3, r.cr4, lin, &w);
	static const char *const linux_names[] = { "PGD", "PMD", "PTE" };
	for (int i = 0; i < w.n; i++) {
		char f[96];
		flags_str(w.lvl[i].entry, pae, f, sizeof(f));
		if (pae && i == 0)	/* a PDPTE has only P, PWT and PCD (SDM 4.4.1) */
			snprintf(f, sizeof(f), "%s%s%s", w.lvl[i].entry & 1 ? "P" : "-",
				 w.lvl[i].entry & 8 ? " PWT" : "", w.lvl[i].entry & 16 ? " PCD" : "");
		const char *ln = pae ? linux_names[i] : (i == 0 ? "PGD" : "PTE");
		dbg_printf(d, "  %-5s [%3d] at phys 0x%09llx: 0x%016llx  %s\n", ln, w.lvl[i].index,
			   (unsigned long long)w.lvl[i].entry_addr,
			   (unsigned long long)w.lvl[i].entry, f);
	}
	if (!w.ok) {
		dbg_printf(d, "  not mapped (%s not present)\n", w.fault ? w.fault : "?");
		return 0;
	}
	dbg_printf(d, "  PAGE  %u KiB frame 0x%09llx -> PHYSICAL 0x%09llx\n", w.page_size / 1024,
		   (unsigned long long)(w.pa & ~(u64)(w.page_size - 1)), (unsigned long long)w.pa);
	return 0;
}

static int cmd_pagetable(struct dbg *d, const char *args)
{
	struct dbg_regs r;
	dbg_regs(d, &r);
	u32 cr3 = r.cr3;
	u64 pid;
	u32 t;
	if (*args && (kview_pid_arg(d, args, "pagetable [PID]", &pid, &t) < 0 ||
		      kview_task_cr3(d, t, &cr3) < 0))
		return -1;
	if (!(r.cr0 & 0x80000000u)) {
		dbg_printf(d, "Paging is off: linear = physical.\n");
		return 0;
	}
	dbg_printf(d, "CR3 0x%08x\n%-23s  %-21s  %8s  flags\n", cr3, "virtual", "physical", "size");
	u64 run_v = 0, run_p = 0, run_len = 0, run_flags = 0;
	int ranges = 0;
	u64 lin = 0;
	while (lin < 0x100000000ull) {
		struct dbg_walk w;
		dbg_walk(d, r.cr0, cr3, r.cr4, (u32)lin, &w);
		u64 step = PAGE_SIZE;
		u64 flags = 0;
		if (w.ok) {
			flags = w.lvl[w.n - 1].entry & 0x8000000000000fffull & ~0x60ull;	/* drop A/D */
			step = w.page_size;
		} else if (w.fault) {
			/* Skip the whole region the missing level covers. */
			bool pae = r.cr4 & 0x20;
			step = !strcmp(w.fault, "PDPTE") ? (1ull << 30) :
			       !strcmp(w.fault, "PDE") ? (pae ? (2ull << 20) : (4ull << 20)) : PAGE_SIZE;
		}
		u64 base = lin & ~(step - 1);
		bool cont = w.ok && run_len && run_v + run_len == base &&
			    run_p + run_len == (w.pa & ~(step - 1)) && flags == run_flags;
		if (!cont && run_len) {
			char f[96];
			flags_str(run_flags, r.cr4 & 0x20, f, sizeof(f));
			dbg_printf(d, "0x%08llx-0x%08llx  0x%09llx-0x%09llx  %7lluK  %s\n",
				   (unsigned long long)run_v, (unsigned long long)(run_v + run_len - 1),
				   (unsigned long long)run_p, (unsigned long long)(run_p + run_len - 1),
				   (unsigned long long)(run_len >> 10), f);
			ranges++;
			run_len = 0;
		}
		if (w.ok) {
			if (!run_len) {
				run_v = base;
				run_p = w.pa & ~(step - 1);
				run_flags = flags;
			}
			run_len += step;
		}
		lin = base + step;
	}
	if (run_len) {
		char f[96];
		flags_str(run_flags, r.cr4 & 0x20, f, sizeof(f));
		dbg_printf(d, "0x%08llx-0x%08llx  0x%09llx-0x%09llx  %7lluK  %s\n",
			   (unsigned long long)run_v, (unsigned long long)(run_v + run_len - 1),
			   (unsigned long long)run_p, (unsigned long long)(run_p + run_len - 1),
			   (unsigned long long)(run_len >> 10), f);
		ranges++;
	}
	dbg_printf(d, "%d ranges\n", ranges);
	return 0;
}

static int cmd_vma(struct dbg *d, const char *args)
{
	u64 pid;
	u32 t;
	if (kview_pid_arg(d, args, "vma PID", &pid, &t) < 0)
		return -1;
	u64 mm = kview_task_field(d, t, "mm", 0);
	if (!mm) {
		dbg_printf(d, "pid %llu is a kernel thread (no mm).\n", (unsigned long long)pid);
		return 0;
	}
	u64 v;
	if (!kview_need(d, kview_eval(d, &v, "(unsigned long)((struct mm_struct *)0x%x)->mmap", (u32)mm),
		  "mm_struct.mmap"))
		return -1;
	dbg_printf(d, "%-10s %-10s %-10s %s\n", "VMA", "START", "END", "FLAGS");
	for (int g = 0; v && g < 65536; g++) {
		u64 s = 0, e = 0, f = 0, file = 0, pg = 0;
		kview_eval(d, &s, "((struct vm_area_struct *)0x%x)->vm_start", (u32)v);
		kview_eval(d, &e, "((struct vm_area_struct *)0x%x)->vm_end", (u32)v);
		kview_eval(d, &f, "((struct vm_area_struct *)0x%x)->vm_flags", (u32)v);
		kview_eval(d, &pg, "((struct vm_area_struct *)0x%x)->vm_pgoff", (u32)v);
		/* The file it maps, and at which offset (crash's vm shows both). */
		char path[512] = "";
		u64 mnt = 0, dent = 0;
		if (kview_eval(d, &file, "(unsigned long)((struct vm_area_struct *)0x%x)->vm_file", (u32)v) &&
		    file && kview_eval(d, &mnt, "(unsigned long)((struct file *)0x%x)->f_path.mnt", (u32)file) &&
		    kview_eval(d, &dent, "(unsigned long)((struct file *)0x%x)->f_path.dentry", (u32)file) && dent)
			kview_task_path(d, t, (u32)mnt, (u32)dent, path, sizeof(path));
		dbg_printf(d, "0x%08x 0x%08llx 0x%08llx %c%c%c%c (0x%llx)", (u32)v,
			   (unsigned long long)s, (unsigned long long)e, f & 1 ? 'r' : '-',
			   f & 2 ? 'w' : '-', f & 4 ? 'x' : '-', f & 8 ? 's' : 'p',
			   (unsigned long long)f);
		if (path[0])
			dbg_printf(d, " %s @0x%llx", path, (unsigned long long)pg << 12);
		dbg_printf(d, "\n");
		if (!kview_eval(d, &v, "(unsigned long)((struct vm_area_struct *)0x%x)->vm_next", (u32)v))
			break;
	}
	return 0;
}

const struct dbg_command kview_mm_commands[] = {
	{ "vtop", NULL, cmd_vtop, "vtop ADDR [PID]: walk the page tables" },
	{ "pagetable", NULL, cmd_pagetable, "pagetable [PID]: a task's mappings as ranges" },
	{ "vma", NULL, cmd_vma, "vma PID: a task's memory areas (and the files they map)" },
	{ NULL, NULL, NULL, NULL },
};
