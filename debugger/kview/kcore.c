/*
 * kcore: the guest's kernel memory as an ELF core file, the way Linux's
 * /proc/kcore presents it, so that `gdb lucix.elf FILE` and crash(8) can
 * read kernel variables offline (System V ABI "Core files"; the i386
 * NT_PRSTATUS layout of Linux's struct elf_prstatus). Each PT_LOAD is one run
 * of virtually and physically contiguous pages of the kernel half (from
 * PAGE_OFFSET up), found by walking the current page tables, with p_vaddr the
 * kernel virtual and p_paddr the physical address. A second note (owner
 * "LUCID") holds the full struct dbg_regs, for reopening the core here.
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "debugger/kview/kview.h"
#include "emu/board/bus.h"

#define KCORE_KERNEL_START 0xC0000000u
#define NT_LUCID_REGS 0x4c55

struct seg {
	u32 vaddr;
	u64 paddr;
	u32 size;
};

/* Linux i386 struct elf_prstatus: 144 bytes, registers at offset 72. */
struct prstatus_i386 {
	u8 head[72];		/* siginfo, cursig, sigpend, sighold, pids, times */
	u32 regs[17];		/* ebx ecx edx esi edi ebp eax ds es fs gs orig_eax eip cs eflags esp ss */
	u32 fpvalid;
};

/* The mapped runs of [lo, hi) through the page tables at cr3. */
static int collect(struct dbg *d, u32 cr3, u64 lo, u64 hi, struct seg **out, int *nout)
{
	struct dbg_regs r;
	dbg_regs(d, &r);
	struct seg *v = NULL;
	int n = 0, cap = 0;
	if (!(r.cr0 & 0x80000000u) && lo == KCORE_KERNEL_START) {
		/* No paging yet: RAM at its physical address and at PAGE_OFFSET. */
		u64 ram = d->t->ram_size ? d->t->ram_size : (64u << 20);
		if (ram > 0x3fffffffu)
			ram = 0x3fffffffu & PAGE_MASK;
		v = calloc(2, sizeof(*v));
		if (!v)
			return -1;
		v[0] = (struct seg){ KCORE_KERNEL_START, 0, (u32)ram };
		v[1] = (struct seg){ 0, 0, (u32)ram };
		*out = v;
		*nout = 2;
		return 0;
	}
	u64 lin = lo;
	while (lin < hi && (r.cr0 & 0x80000000u)) {
		struct dbg_walk w;
		dbg_walk(d, r.cr0, cr3, r.cr4, (u32)lin, &w);
		u64 step = PAGE_SIZE;
		if (w.ok) {
			step = w.page_size;
			u64 base = lin & ~(step - 1), pa = w.pa & ~(step - 1);
			/* Only memory that reads back: skip MMIO and holes past RAM. */
			bool ram = !d->t->ram_size || pa + step <= d->t->ram_size;
			if (ram) {
				if (n && v[n - 1].vaddr + v[n - 1].size == base &&
				    v[n - 1].paddr + v[n - 1].size == pa && v[n - 1].size < 0x40000000u) {
					v[n - 1].size += (u32)step;
				} else {
					if (n == cap) {
						cap = cap ? cap * 2 : 64;
						struct seg *nv = realloc(v, cap * sizeof(*v));
						if (!nv) {
							free(v);
							return -1;
						}
						v = nv;
					}
					v[n++] = (struct seg){ (u32)base, pa, (u32)step };
				}
			}
		} else if (w.fault && !strcmp(w.fault, "PDPTE")) {
			step = 1ull << 30;
		} else if (w.fault && !strcmp(w.fault, "PDE")) {
			step = (r.cr4 & 0x20) ? (2ull << 20) : (4ull << 20);
		}
		lin = (lin & ~(step - 1)) + step;
	}
	*out = v;
	*nout = n;
	return 0;
}

/* An earlier segment with the same physical memory (without paging, RAM
 * is both at 0 and at PAGE_OFFSET): its file bytes serve both, so the file
 * is as large as the RAM. -1 if none. */
static int alias_of(const struct seg *segs, int i)
{
	for (int j = 0; j < i; j++)
		if (segs[j].paddr == segs[i].paddr && segs[j].size == segs[i].size)
			return j;
	return -1;
}

static void note(FILE *f, const char *name, u32 type, const void *desc, u32 len)
{
	Elf32_Nhdr h = { .n_namesz = strlen(name) + 1, .n_descsz = len, .n_type = type };
	static const u8 zero[4];
	fwrite(&h, sizeof(h), 1, f);
	fwrite(name, h.n_namesz, 1, f);
	fwrite(zero, (4 - h.n_namesz % 4) % 4, 1, f);
	fwrite(desc, len, 1, f);
	fwrite(zero, (4 - len % 4) % 4, 1, f);
}

static u32 note_size(const char *name, u32 len)
{
	return sizeof(Elf32_Nhdr) + ((strlen(name) + 1 + 3) & ~3u) + ((len + 3) & ~3u);
}

/* The CPU's registers in elf_prstatus order (pt_regs's). */
static void cpu_prstatus(struct dbg *d, struct prstatus_i386 *pr)
{
	struct dbg_regs r;
	dbg_regs(d, &r);
	static const int order[] = { DBG_EBX, DBG_ECX, DBG_EDX, DBG_ESI, DBG_EDI, DBG_EBP, DBG_EAX };
	for (int i = 0; i < 7; i++)
		pr->regs[i] = r.gpr[order[i]];
	pr->regs[7] = r.seg[DBG_DS].sel;
	pr->regs[8] = r.seg[DBG_ES].sel;
	pr->regs[9] = r.seg[DBG_FS].sel;
	pr->regs[10] = r.seg[DBG_GS].sel;
	pr->regs[11] = ~0u;
	pr->regs[12] = r.eip;
	pr->regs[13] = r.seg[DBG_CS].sel;
	pr->regs[14] = r.eflags;
	pr->regs[15] = r.gpr[DBG_ESP];
	pr->regs[16] = r.seg[DBG_SS].sel;
}

/* Write [lo, hi) as mapped by cr3, with pr as the thread's registers; the
 * LUCID note (the CPU's whole state) only in a kernel core. */
static int core_write(struct dbg *d, const char *path, const char *what, u32 cr3, u64 lo, u64 hi,
		      const struct prstatus_i386 *prs, u32 vdso)
{
	/* A process's auxiliary vector, as much of it as gdb needs: where the
	 * vDSO is (AT_SYSINFO_EHDR), so gdb reads its symbols from the core. */
	const u32 auxv[4] = { 33, vdso, 0, 0 };
	struct seg *segs;
	int n;
	if (collect(d, cr3, lo, hi, &segs, &n) < 0) {
		dbg_err(d, "%s: out of memory", what);
		return -1;
	}
	struct dbg_regs r;
	dbg_regs(d, &r);
	struct prstatus_i386 pr = *prs;
	bool lucid = lo == KCORE_KERNEL_START;

	u32 phnum = n + 1;
	u32 notes_off = sizeof(Elf32_Ehdr) + phnum * sizeof(Elf32_Phdr);
	u32 notes_len = note_size("CORE", sizeof(pr)) + (lucid ? note_size("LUCID", sizeof(r)) : 0) +
			(vdso ? note_size("CORE", sizeof(auxv)) : 0);
	u32 data_off = (notes_off + notes_len + PAGE_SIZE - 1) & PAGE_MASK;

	/* Write to a temporary name and rename, so a failure leaves no half file. */
	char tmp[1024];
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	FILE *f = fopen(tmp, "wb");
	if (!f) {
		dbg_err(d, "%s: %s: %s", what, path, strerror(errno));
		free(segs);
		return -1;
	}
	Elf32_Ehdr eh = {
		.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS32, ELFDATA2LSB, EV_CURRENT,
			     ELFOSABI_NONE },
		.e_type = ET_CORE, .e_machine = EM_386, .e_version = EV_CURRENT,
		.e_phoff = sizeof(Elf32_Ehdr), .e_ehsize = sizeof(Elf32_Ehdr),
		.e_phentsize = sizeof(Elf32_Phdr), .e_phnum = phnum,
	};
	fwrite(&eh, sizeof(eh), 1, f);
	Elf32_Phdr ph = { .p_type = PT_NOTE, .p_offset = notes_off, .p_filesz = notes_len,
			  .p_align = 4 };
	fwrite(&ph, sizeof(ph), 1, f);
	u32 off = data_off;
	u32 *seg_off = calloc(n ? n : 1, sizeof(u32));
	for (int i = 0; i < n && seg_off; i++) {
		int j = alias_of(segs, i);
		seg_off[i] = j >= 0 ? seg_off[j] : off;
		Elf32_Phdr p = { .p_type = PT_LOAD, .p_offset = seg_off[i], .p_vaddr = segs[i].vaddr,
				 .p_paddr = (u32)segs[i].paddr, .p_filesz = segs[i].size,
				 .p_memsz = segs[i].size, .p_flags = PF_R | PF_W | PF_X,
				 .p_align = PAGE_SIZE };
		fwrite(&p, sizeof(p), 1, f);
		if (j < 0)
			off += segs[i].size;
	}
	free(seg_off);
	note(f, "CORE", NT_PRSTATUS, &pr, sizeof(pr));
	if (lucid)
		note(f, "LUCID", NT_LUCID_REGS, &r, sizeof(r));
	if (vdso)
		note(f, "CORE", NT_AUXV, auxv, sizeof(auxv));
	u8 *page = calloc(1, PAGE_SIZE);
	long pos = ftell(f);
	for (; pos < (long)data_off; pos++)
		fputc(0, f);
	u64 total = 0;
	for (int i = 0; i < n && page; i++) {
		if (alias_of(segs, i) >= 0)
			continue;	/* its bytes are already in the file */
		for (u32 o = 0; o < segs[i].size; o += PAGE_SIZE) {
			if (dbg_read_phys(d, segs[i].paddr + o, page, PAGE_SIZE) != 0)
				memset(page, 0, PAGE_SIZE);
			fwrite(page, PAGE_SIZE, 1, f);
		}
		total += segs[i].size;
	}
	free(page);
	bool bad = ferror(f) != 0;
	if (fclose(f) != 0 || bad || rename(tmp, path) != 0) {
		dbg_err(d, "%s: %s: write failed", what, path);
		remove(tmp);
		free(segs);
		return -1;
	}
	dbg_printf(d, "%s: wrote %s: %d segments, %llu KiB\n", what, path, n,
		   (unsigned long long)(total >> 10));
	free(segs);
	return 0;
}

static int cmd_kcore(struct dbg *d, const char *args)
{
	if (!*args) {
		dbg_err(d, "kcore FILE");
		return -1;
	}
	struct dbg_regs r;
	struct prstatus_i386 pr;
	dbg_regs(d, &r);
	cpu_prstatus(d, &pr);
	return core_write(d, args, "kcore", r.cr3, KCORE_KERNEL_START, 0x100000000ull, &pr, 0);
}

/* gcore PID FILE: a process's user memory (below PAGE_OFFSET, through its
 * page tables) as a core file with the user registers its pt_regs holds,
 * as gdb's gcore would write it for a stopped process: `gdb PROGRAM FILE`
 * then shows where the program is (in a system call: at its entry). */
static int cmd_gcore(struct dbg *d, const char *args)
{
	char expr[128];
	const char *sp = strrchr(args, ' ');
	u64 pid;
	if (!sp || sp == args || (size_t)(sp - args) >= sizeof(expr)) {
		dbg_err(d, "gcore PID FILE");
		return -1;
	}
	snprintf(expr, sizeof(expr), "%.*s", (int)(sp - args), args);
	if (expr_eval_u64(&d->ex, expr, &pid) < 0) {
		dbg_err(d, "%s", d->ex.err);
		return -1;
	}
	u32 t = kview_find_task(d, pid), cr3;
	if (!t) {
		dbg_err(d, "No task with pid %llu.", (unsigned long long)pid);
		return -1;
	}
	u32 regs = kview_task_pt_regs(d, t);
	if (!kview_task_field(d, t, "mm", 0) || !regs) {
		dbg_err(d, "pid %llu is a kernel thread (no user memory).", (unsigned long long)pid);
		return -1;
	}
	struct prstatus_i386 pr;
	memset(&pr, 0, sizeof(pr));
	if (kview_task_cr3(d, t, &cr3) < 0 || dbg_read_linear(d, regs, pr.regs, sizeof(pr.regs)) != 0) {
		dbg_err(d, "pid %llu: its pt_regs cannot be read.", (unsigned long long)pid);
		return -1;
	}
	memcpy(pr.head + 24, &(u32){ (u32)pid }, 4);	/* pr_pid */
	u64 mm = kview_task_field(d, t, "mm", 0), vdso = 0;
	kview_eval(d, &vdso, "((struct mm_struct *)0x%x)->vdso", (u32)mm);
	return core_write(d, sp + 1, "gcore", cr3, 0, KCORE_KERNEL_START, &pr, (u32)vdso);
}

const struct dbg_command kview_kcore_commands[] = {
	{ "kcore", NULL, cmd_kcore, "kcore FILE: write guest memory as an ELF core for gdb" },
	{ "gcore", NULL, cmd_gcore, "gcore PID FILE: a process's user memory and registers as a core file for gdb" },
	{ NULL, NULL, NULL, NULL },
};
