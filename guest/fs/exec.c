/*
 * execve (Linux's fs/exec.c and fs/binfmt_elf.c, for ELF32 i386 programs
 * from the VFS: ramfs files are used in place, others (ext2) read whole
 * into a vmalloc'ed copy first). The new address space is built whole
 * before the point of no return, so a bad program leaves the caller intact:
 *
 *   1. find the file, check the ELF header and program headers;
 *   2. copy argv and envp strings out of the old address space;
 *   3. a new mm: every PT_LOAD as a VMA with its flags, its file bytes copied
 *      into fresh pages (the rest, bss included, is demand-zero); brk after
 *      the highest segment; a dynamically linked program (PT_INTERP) loaded
 *      at ELF_ET_DYN_BASE when it is position-independent, and its
 *      interpreter (ld-linux.so.2) loaded the same way below the vDSO, where
 *      the program starts; the stack VMA below STACK_TOP, filled exactly as
 *      Linux's create_elf_tables does (strings at the top, the platform
 *      string and 16 AT_RANDOM bytes, then argc, argv, envp and auxv, 16-byte
 *      aligned);
 *   4. switch to it, drop the old one, reset signal handlers and TLS, and
 *      start at e_entry with Linux's initial registers (all zero).
 */
#include <linux/ptrace.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/fs.h>
#include <linux/vmalloc.h>
#include <linux/elf.h>
#include <asm/ptrace.h>
#include <asm/segment.h>
#include <asm/processor.h>
#include <asm/irqflags.h>
#include "vdso-syms.h"

#define ELF_ET_DYN_BASE	(TASK_SIZE / 3 * 2)	/* where a static PIE goes */
#define ELF_ET_DYN_INTERP_BASE 0x400000UL	/* a PIE with an interpreter (Linux's i386 ELF_ET_DYN_BASE) */
#define INTERP_MAX	256
#ifndef ELIBBAD
#define ELIBBAD		80	/* the interpreter is no usable ELF file */
#endif

/* Auxiliary vector types (include/uapi/linux/auxvec.h). */
#define AT_NULL		0
#define AT_PHDR		3
#define AT_PHENT	4
#define AT_PHNUM	5
#define AT_PAGESZ	6
#define AT_BASE		7
#define AT_FLAGS	8
#define AT_ENTRY	9
#define AT_UID		11
#define AT_EUID		12
#define AT_GID		13
#define AT_EGID		14
#define AT_PLATFORM	15
#define AT_HWCAP	16
#define AT_CLKTCK	17
#define AT_SECURE	23
#define AT_RANDOM	25
#define AT_HWCAP2	26
#define AT_EXECFN	31
#define AT_SYSINFO	32
#define AT_SYSINFO_EHDR	33
#define AT_MINSIGSTKSZ	51

#define MAX_ARG_BYTES	(128 * 1024)	/* strings of argv + envp (Linux: a quarter of the stack rlimit) */
#define STACK_EXPAND	(128 * 1024)	/* room below the arguments (Linux's stack_expand) */
#define USER_HZ		100
#define MAX_EXEC_COPY	(64UL << 20)	/* a program read whole from disk: at most 64 MiB */

void get_random_bytes(void *buf, int nbytes);
unsigned long get_sigframe_size(void);

/* One ELF file being loaded: the program, or its interpreter. */
struct elf_image {
	struct file *file;
	const char *data;		/* the file's bytes (ramfs keeps them in one buffer) */
	size_t size;
	char *copy;			/* vmalloc'ed file contents, when not ramfs's */
	const Elf32_Ehdr *eh;
	const Elf32_Phdr *ph;
};

struct linux_binprm {
	char filename[256];
	char sh_name[INTERP_MAX], sh_arg[INTERP_MAX];	/* a script's "#!" line */
	struct elf_image exe, interp;
	bool has_interp;
	unsigned long interp_base, start_ip;	/* AT_BASE and where the task starts */
	char *strings;			/* argv then envp strings, NUL-separated */
	unsigned long len;		/* bytes used in strings */
	int argc, envc;
	struct mm_struct *mm;
	unsigned long entry, phdr_addr, load_bias;
};

/* Copy one vector of strings (user or kernel pointers) to the end of bprm->strings. */
static int copy_strings(struct linux_binprm *bprm, const char *const *argv, bool kernel, int *count)
{
	int n = 0;

	if (!argv)
		return 0;
	for (;;) {
		const char *s;
		long len;

		if (kernel)
			s = argv[n];
		else if (get_user(s, (const char *const __user *)argv + n))
			return -EFAULT;
		if (!s)
			break;
		if (kernel) {
			len = strlen(s) + 1;
			if (len > MAX_ARG_BYTES - (long)bprm->len)
				return -E2BIG;
			memcpy(bprm->strings + bprm->len, s, len);
		} else {
			len = strnlen_user((const char __user *)s, MAX_ARG_BYTES);
			if (!len)
				return -EFAULT;
			if (len > MAX_ARG_BYTES - (long)bprm->len)
				return -E2BIG;
			if (copy_from_user(bprm->strings + bprm->len, (const char __user *)s, len))
				return -EFAULT;
			bprm->strings[bprm->len + len - 1] = 0;
		}
		bprm->len += len;
		n++;
	}
	*count = n;
	return 0;
}

static int check_elf(struct elf_image *img)
{
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)img->data;

	if (img->size < sizeof(*eh) || memcmp(eh->e_ident, "\177ELF", 4))
		return -ENOEXEC;
	if (eh->e_ident[4] != 1 || eh->e_ident[5] != 1 || eh->e_machine != EM_386 ||
	    (eh->e_type != ET_EXEC && eh->e_type != ET_DYN))
		return -ENOEXEC;
	if (eh->e_phentsize != sizeof(Elf32_Phdr) || eh->e_phnum < 1 ||
	    eh->e_phnum > 65536 / sizeof(Elf32_Phdr) || eh->e_phoff > img->size ||
	    (u64)eh->e_phnum * sizeof(Elf32_Phdr) > img->size - eh->e_phoff)
		return -ENOEXEC;
	img->eh = eh;
	img->ph = (const Elf32_Phdr *)(img->data + eh->e_phoff);
	return 0;
}

/* Copy len bytes to user address uaddr of the new mm, through the kernel mapping. */
static int copy_to_new_mm(struct mm_struct *mm, unsigned long uaddr, const void *src,
			  unsigned long len)
{
	while (len) {
		unsigned long off = uaddr & ~PAGE_MASK, n = min(len, PAGE_SIZE - off);
		struct vm_area_struct *vma = find_vma(mm, uaddr);
		char *k;

		if (!vma || vma->vm_start > uaddr)
			return -EFAULT;
		k = get_user_page_zeroed(mm, vma, uaddr & PAGE_MASK);
		if (!k)
			return -ENOMEM;
		memcpy(k + off, src, n);
		uaddr += n;
		src = (const char *)src + n;
		len -= n;
	}
	return 0;
}

static int add_vma(struct mm_struct *mm, unsigned long start, unsigned long end,
		   unsigned long flags)
{
	struct vm_area_struct *vma;
	int err;

	if (start >= end)
		return 0;
	vma = vm_area_alloc(mm);
	if (!vma)
		return -ENOMEM;
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_flags = flags | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	vma->vm_pgoff = start >> PAGE_SHIFT;
	err = insert_vm_struct(mm, vma);
	if (err)
		vm_area_free(vma);
	return err;
}

/*
 * A read-only segment of a file with a page cache (ext2) is mapped from it
 * privately instead of copied (Linux's elf_map): every process running the
 * program shares the same page-cache pages for its text.
 */
static int map_file_segment(struct mm_struct *mm, struct file *file, unsigned long start,
			    unsigned long end, unsigned long flags, unsigned long pgoff)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);
	int err;

	if (!vma)
		return -ENOMEM;
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_flags = flags | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	vma->vm_pgoff = pgoff;
	err = insert_vm_struct(mm, vma);
	if (err) {
		vm_area_free(vma);
		return err;
	}
	vma->vm_file = file;
	vma_file_get(vma);
	return 0;
}

/*
 * The interpreter named by PT_INTERP, if any, into name (at most INTERP_MAX
 * bytes, NUL-terminated in the file as Linux requires). Returns 1 when there
 * is one, 0 when not, or a negative errno.
 */
static int elf_interp_name(const struct elf_image *img, char *name)
{
	int i;

	for (i = 0; i < img->eh->e_phnum; i++) {
		const Elf32_Phdr *p = &img->ph[i];

		if (p->p_type != PT_INTERP)
			continue;
		if (p->p_filesz < 2 || p->p_filesz > INTERP_MAX || p->p_offset > img->size ||
		    p->p_filesz > img->size - p->p_offset)
			return -ENOEXEC;
		memcpy(name, img->data + p->p_offset, p->p_filesz);
		if (name[p->p_filesz - 1])
			return -ENOEXEC;
		return 1;
	}
	return 0;
}

/* The page-aligned span of an image's PT_LOAD segments (Linux's total_mapping_size). */
static unsigned long elf_span(const struct elf_image *img, unsigned long *first)
{
	unsigned long lo = ~0UL, hi = 0;
	int i;

	for (i = 0; i < img->eh->e_phnum; i++) {
		const Elf32_Phdr *p = &img->ph[i];

		if (p->p_type != PT_LOAD || !p->p_memsz)
			continue;
		if ((p->p_vaddr & PAGE_MASK) < lo)
			lo = p->p_vaddr & PAGE_MASK;
		if (p->p_vaddr + p->p_memsz > hi)
			hi = p->p_vaddr + p->p_memsz;
	}
	*first = lo;
	return hi > lo ? PAGE_ALIGN(hi) - lo : 0;
}

/*
 * Map an image's PT_LOAD segments into the new mm at bias (Linux's
 * load_elf_binary and load_elf_interp). For the program itself (main) the
 * mm's code, data and brk fields and the auxv's AT_PHDR/AT_ENTRY are set.
 */
static int load_segments(struct linux_binprm *bprm, struct elf_image *img, unsigned long bias,
			 bool main)
{
	const Elf32_Ehdr *eh = img->eh;
	struct mm_struct *mm = bprm->mm;
	unsigned long start_code = ~0UL, end_code = 0, start_data = 0, end_data = 0, elf_brk = 0;
	unsigned long prev_end = 0;
	int i, err;

	if (main)
		bprm->phdr_addr = 0;
	for (i = 0; i < eh->e_phnum; i++) {
		const Elf32_Phdr *p = &img->ph[i];
		unsigned long va = bias + p->p_vaddr, start, end, flags = 0;

		if (p->p_type != PT_LOAD || !p->p_memsz)
			continue;
		if (p->p_filesz > p->p_memsz || p->p_offset > img->size ||
		    p->p_filesz > img->size - p->p_offset ||
		    ((p->p_vaddr - p->p_offset) & ~PAGE_MASK) ||
		    va < MMAP_MIN_ADDR || va > TASK_SIZE || p->p_memsz > TASK_SIZE - va)
			return -EINVAL;
		flags = (p->p_flags & PF_R ? VM_READ : 0) | (p->p_flags & PF_W ? VM_WRITE : 0) |
			(p->p_flags & PF_X ? VM_EXEC : 0);
		start = va & PAGE_MASK;
		end = PAGE_ALIGN(va + p->p_memsz);
		if (start < prev_end)
			start = prev_end;	/* a page shared with the previous segment stays its */
		if (start >= end) {
			err = 0;
		} else if (img->file->f_inode->i_mapping && !(p->p_flags & PF_W) &&
			   p->p_filesz == p->p_memsz && start == (va & PAGE_MASK)) {
			err = map_file_segment(mm, img->file, start, end, flags,
					       p->p_offset >> PAGE_SHIFT);
		} else {
			err = add_vma(mm, start, end, flags);
			if (!err && va < start)		/* the shared page's part was copied before */
				err = copy_to_new_mm(mm, start, img->data + p->p_offset + (start - va),
						     p->p_filesz > start - va ? p->p_filesz - (start - va) : 0);
			else if (!err)
				err = copy_to_new_mm(mm, va, img->data + p->p_offset, p->p_filesz);
		}
		if (err)
			return err;
		if (end > prev_end)
			prev_end = end;
		if (main && eh->e_phoff >= p->p_offset && eh->e_phoff < p->p_offset + p->p_filesz)
			bprm->phdr_addr = va - p->p_offset + eh->e_phoff;
		if (va < start_code)
			start_code = va;
		if (start_data < va)
			start_data = va;
		if ((p->p_flags & PF_X) && end_code < va + p->p_filesz)
			end_code = va + p->p_filesz;
		if (end_data < va + p->p_filesz)
			end_data = va + p->p_filesz;
		if (elf_brk < va + p->p_memsz)
			elf_brk = va + p->p_memsz;
	}
	if (!elf_brk)
		return -ENOEXEC;	/* nothing to load */
	if (!main)
		return 0;
	mm->start_code = start_code;
	mm->end_code = end_code;
	mm->start_data = start_data;
	mm->end_data = end_data;
	mm->start_brk = mm->brk = PAGE_ALIGN(elf_brk);
	bprm->entry = bias + eh->e_entry;
	bprm->load_bias = bias;
	return 0;
}

/*
 * The dynamic loader: mapped whole below the vDSO, where a non-fixed mmap of
 * its size would go (Linux's elf_map of the interpreter with no address).
 */
static int load_interp(struct linux_binprm *bprm)
{
	struct elf_image *img = &bprm->interp;
	unsigned long first, span, addr;
	int err;

	if (img->eh->e_type != ET_DYN)
		return -ELIBBAD;
	span = elf_span(img, &first);
	if (!span)
		return -ELIBBAD;
	addr = get_unmapped_area_mm(bprm->mm, span);
	if (IS_ERR_VALUE(addr))
		return -ENOMEM;
	bprm->interp_base = addr - first;
	err = load_segments(bprm, img, bprm->interp_base, false);
	if (!err)
		bprm->start_ip = bprm->interp_base + img->eh->e_entry;
	return err;
}

/*
 * The initial stack, exactly as Linux lays it out (create_elf_tables): from
 * STACK_TOP down, a NULL word, the file name (AT_EXECFN), the envp strings,
 * the argv strings; 16-byte aligned, "i686" (AT_PLATFORM), 16 random bytes
 * (AT_RANDOM); then, at the 16-aligned stack pointer, argc, argv[], NULL,
 * envp[], NULL and the auxv pairs.
 */
static int create_elf_tables(struct linux_binprm *bprm, unsigned long *sp_out)
{
	static const char platform[] = "i686";
	struct mm_struct *mm = bprm->mm;
	unsigned long p = STACK_TOP - sizeof(void *), fn_len = strlen(bprm->filename) + 1;
	unsigned long execfn, strs, u_platform, u_rand, sp, *tab, auxv[2 * 24];
	unsigned long items, ntab, i, s;
	u8 rand[16];
	int ai = 0, err;

	p -= fn_len;
	execfn = p;
	p -= bprm->len;
	strs = p;
	p &= ~15UL;
	p -= sizeof(platform);
	u_platform = p;
	p -= sizeof(rand);
	u_rand = p;
	get_random_bytes(rand, sizeof(rand));

#define NEW_AUX_ENT(id, val) do { auxv[ai++] = (id); auxv[ai++] = (val); } while (0)
	if (mm->vdso) {			/* Linux's ARCH_DLINFO comes first */
		NEW_AUX_ENT(AT_SYSINFO, mm->vdso + VDSO___KERNEL_VSYSCALL);
		NEW_AUX_ENT(AT_SYSINFO_EHDR, mm->vdso);
	}
	NEW_AUX_ENT(AT_MINSIGSTKSZ, get_sigframe_size());	/* x86's, since Linux 5.14 */
	NEW_AUX_ENT(AT_HWCAP, boot_cpu_data.x86_capability);
	NEW_AUX_ENT(AT_PAGESZ, PAGE_SIZE);
	NEW_AUX_ENT(AT_CLKTCK, USER_HZ);
	NEW_AUX_ENT(AT_PHDR, bprm->phdr_addr);
	NEW_AUX_ENT(AT_PHENT, sizeof(Elf32_Phdr));
	NEW_AUX_ENT(AT_PHNUM, bprm->exe.eh->e_phnum);
	NEW_AUX_ENT(AT_BASE, bprm->interp_base);
	NEW_AUX_ENT(AT_FLAGS, 0);
	NEW_AUX_ENT(AT_ENTRY, bprm->entry);
	NEW_AUX_ENT(AT_UID, 0);
	NEW_AUX_ENT(AT_EUID, 0);
	NEW_AUX_ENT(AT_GID, 0);
	NEW_AUX_ENT(AT_EGID, 0);
	NEW_AUX_ENT(AT_SECURE, 0);
	NEW_AUX_ENT(AT_RANDOM, u_rand);
	NEW_AUX_ENT(AT_HWCAP2, 0);
	NEW_AUX_ENT(AT_EXECFN, execfn);
	NEW_AUX_ENT(AT_PLATFORM, u_platform);
	NEW_AUX_ENT(AT_NULL, 0);
#undef NEW_AUX_ENT
	memcpy(mm->saved_auxv, auxv, sizeof(auxv));

	items = (bprm->argc + 1) + (bprm->envc + 1) + 1;
	sp = p - ai * sizeof(unsigned long);
	sp = (sp - items * sizeof(unsigned long)) & ~15UL;
	ntab = items + ai;

	/* The stack VMA: the arguments and tables, plus room to grow. */
	err = add_vma(mm, (sp & PAGE_MASK) - STACK_EXPAND, STACK_TOP, VM_STACK_FLAGS);
	if (err)
		return err;
	mm->start_stack = sp;
	tab = kmalloc(ntab * sizeof(unsigned long), GFP_KERNEL);
	if (!tab)
		return -ENOMEM;
	i = 0;
	tab[i++] = bprm->argc;
	for (s = strs; i <= (unsigned long)bprm->argc; s += strlen(bprm->strings + (s - strs)) + 1)
		tab[i++] = s;
	mm->arg_start = strs;
	mm->arg_end = mm->env_start = s;
	tab[i++] = 0;
	for (; i <= (unsigned long)bprm->argc + 1 + bprm->envc;
	     s += strlen(bprm->strings + (s - strs)) + 1)
		tab[i++] = s;
	mm->env_end = s;
	tab[i++] = 0;
	memcpy(tab + i, auxv, ai * sizeof(unsigned long));
	err = copy_to_new_mm(mm, sp, tab, ntab * sizeof(unsigned long));
	kfree(tab);
	if (!err)
		err = copy_to_new_mm(mm, strs, bprm->strings, bprm->len);
	if (!err)
		err = copy_to_new_mm(mm, execfn, bprm->filename, fn_len);
	if (!err)
		err = copy_to_new_mm(mm, u_platform, platform, sizeof(platform));
	if (!err)
		err = copy_to_new_mm(mm, u_rand, rand, sizeof(rand));
	*sp_out = sp;
	return err;
}

/* Past the point of no return: the task takes the new mm (Linux's exec_mmap). */
static void exec_mmap(struct mm_struct *mm)
{
	struct task_struct *tsk = current;
	struct mm_struct *old_mm = tsk->mm, *active = tsk->active_mm;

	mmgrab(mm);			/* active_mm's reference */
	local_irq_disable();
	tsk->mm = mm;
	tsk->active_mm = mm;
	switch_mm(active, mm);
	local_irq_enable();
	if (old_mm)
		mmput(old_mm);
	mmdrop(active);
}

static void start_thread(struct pt_regs *regs, unsigned long ip, unsigned long sp)
{
	memset(regs, 0, sizeof(*regs));
	regs->ip = ip;
	regs->sp = sp;
	regs->cs = __USER_CS;
	regs->ss = regs->ds = regs->es = __USER_DS;
	regs->fs = regs->gs = 0;
	regs->flags = X86_EFLAGS_IF | 0x2;
}

/*
 * Open an ELF file for execution and have its bytes at hand: ramfs's in
 * place, others read whole into a vmalloc'ed copy. Linux's errors: ENOENT
 * when it is missing, EACCES when it is no regular file or not executable,
 * ENOEXEC when it is no ELF file this machine runs.
 */
static int open_exec(const char *name, struct elf_image *img)
{
	int err;

	img->file = filp_open(name, O_RDONLY, 0);
	if (IS_ERR(img->file)) {
		err = PTR_ERR(img->file);
		img->file = NULL;
		return err;
	}
	if (!S_ISREG(img->file->f_inode->i_mode) || inode_permission(img->file->f_inode, 1))
		return -EACCES;
	img->data = img->file->f_inode->i_private;
	img->size = img->file->f_inode->i_size;
	if (!img->data && img->file->f_op && img->file->f_op->read_kernel) {
		/* not in one buffer (ext2): read it whole into a vmalloc'ed copy */
		ssize_t n;

		if (!img->size || img->size > MAX_EXEC_COPY)
			return -ENOEXEC;
		img->copy = vmalloc(img->size);
		if (!img->copy)
			return -ENOMEM;
		mutex_lock(&vfs_lock);
		n = img->file->f_op->read_kernel(img->file, img->copy, img->size, 0);
		mutex_unlock(&vfs_lock);
		img->data = img->copy;
		if (n != (ssize_t)img->size)
			return n < 0 ? n : -EIO;
	}
	if (!img->data)
		return -ENOEXEC;
	return 0;
}

/*
 * A "#!" script (Linux's binfmt_script): the interpreter's name and its one
 * optional argument from the first line (within its first 256 bytes, blanks
 * around them dropped) into name and arg. 1 when it is a script, 0 when
 * not, -ENOEXEC when the line names nothing.
 */
static int script_interp(const struct elf_image *img, char *name, char *arg)
{
	size_t n = min_t(size_t, img->size, INTERP_MAX - 1), i = 2, j;

	if (n < 2 || img->data[0] != '#' || img->data[1] != '!')
		return 0;
	while (i < n && (img->data[i] == ' ' || img->data[i] == '\t'))
		i++;
	for (j = 0; i < n && img->data[i] != '\n' && img->data[i] != ' ' && img->data[i] != '\t'; )
		name[j++] = img->data[i++];
	name[j] = 0;
	if (!j)
		return -ENOEXEC;
	while (i < n && (img->data[i] == ' ' || img->data[i] == '\t'))
		i++;
	for (j = 0; i < n && img->data[i] != '\n'; )
		arg[j++] = img->data[i++];
	while (j && (arg[j - 1] == ' ' || arg[j - 1] == '\t'))
		j--;
	arg[j] = 0;
	return 1;
}

/*
 * The script's arguments: the interpreter's name, its argument if any, the
 * script's path, then the caller's argv without argv[0], then envp.
 */
static int script_args(struct linux_binprm *bprm, const char *name, const char *arg)
{
	char *old = bprm->strings, *p;
	unsigned long skip = bprm->argc ? strlen(old) + 1 : 0, len;
	unsigned long extra = strlen(name) + 1 + (*arg ? strlen(arg) + 1 : 0) +
			      strlen(bprm->filename) + 1;

	if (bprm->len - skip + extra > MAX_ARG_BYTES)
		return -E2BIG;
	p = bprm->strings = kmalloc(MAX_ARG_BYTES, GFP_KERNEL);
	if (!p) {
		bprm->strings = old;
		return -ENOMEM;
	}
	len = strlen(name) + 1;
	memcpy(p, name, len);
	p += len;
	if (*arg) {
		len = strlen(arg) + 1;
		memcpy(p, arg, len);
		p += len;
	}
	len = strlen(bprm->filename) + 1;
	memcpy(p, bprm->filename, len);
	p += len;
	memcpy(p, old + skip, bprm->len - skip);
	bprm->len = bprm->len - skip + extra;
	bprm->argc = bprm->argc - (skip ? 1 : 0) + (*arg ? 3 : 2);
	kfree(old);
	return 0;
}

static void close_exec(struct elf_image *img)
{
	if (img->copy)
		vfree(img->copy);
	if (img->file)
		fput(img->file);
}

static int do_execve(const char *filename, const char *const *argv, const char *const *envp,
		     bool kernel)
{
	struct linux_binprm *bprm = kzalloc(sizeof(*bprm), GFP_KERNEL);
	char interp_name[INTERP_MAX];
	unsigned long sp, bias = 0;
	int script = 0;
	const char *base;
	int err;

	if (!bprm)
		return -ENOMEM;
	err = -ENAMETOOLONG;
	if (strlcpy(bprm->filename, filename, sizeof(bprm->filename)) >= sizeof(bprm->filename))
		goto out;
	err = open_exec(filename, &bprm->exe);
	if (!err)
		err = script = script_interp(&bprm->exe, bprm->sh_name, bprm->sh_arg);
	if (script > 0) {		/* run the interpreter instead (one level, no nesting) */
		close_exec(&bprm->exe);
		memset(&bprm->exe, 0, sizeof(bprm->exe));
		err = open_exec(bprm->sh_name, &bprm->exe);
	}
	if (!err)
		err = check_elf(&bprm->exe);
	if (err)
		goto out;
	err = elf_interp_name(&bprm->exe, interp_name);
	if (err < 0)
		goto out;
	bprm->has_interp = err;
	if (bprm->has_interp) {
		err = open_exec(interp_name, &bprm->interp);
		if (!err)
			err = check_elf(&bprm->interp);
		if (err == -EACCES || err == -ENOEXEC)
			err = -ELIBBAD;
		if (err)
			goto out;
	}
	err = -ENOMEM;
	bprm->strings = kmalloc(MAX_ARG_BYTES, GFP_KERNEL);
	if (!bprm->strings)
		goto out;
	err = copy_strings(bprm, argv, kernel, &bprm->argc);
	if (!err)
		err = copy_strings(bprm, envp, kernel, &bprm->envc);
	if (!err && script > 0)
		err = script_args(bprm, bprm->sh_name, bprm->sh_arg);
	if (err)
		goto out;
	err = -ENOMEM;
	bprm->mm = mm_alloc();
	if (!bprm->mm)
		goto out;
	bprm->mm->mmap_base = TASK_SIZE - (128UL << 20);	/* Linux's gap below the stack */
	if (bprm->exe.eh->e_type == ET_DYN)
		bias = bprm->has_interp ? ELF_ET_DYN_INTERP_BASE : ELF_ET_DYN_BASE;
	err = load_segments(bprm, &bprm->exe, bias, true);
	if (!err)
		err = arch_setup_additional_pages(bprm->mm);
	bprm->start_ip = bprm->entry;
	if (!err && bprm->has_interp)
		err = load_interp(bprm);
	if (!err)
		err = create_elf_tables(bprm, &sp);
	if (err) {
		mmput(bprm->mm);
		goto out;
	}

	/* The point of no return. */
	exec_mmap(bprm->mm);
	mm_release_vfork(current);		/* a vfork parent may run again */
	current->flags &= ~PF_KTHREAD;		/* kernel_init becomes a process */
	flush_signal_handlers(current);		/* pending signals stay, as in Linux */
	do_close_on_exec();
	current->sas_ss_sp = current->sas_ss_size = 0;
	/*
	 * FS/GS may still select a TLS entry cleared here; an interrupt frame saved
	 * from now on would reload that selector on its way out and fault (#GP,
	 * again and again). Null them first, as Linux's start_thread does for GS.
	 */
	__asm__ __volatile__("movl %0, %%fs\n\tmovl %0, %%gs" : : "r"(0));
	memset(current->tls_array, 0, sizeof(current->tls_array));
	load_TLS(current);
	fpu_reset_live(current);
	current->set_child_tid = current->clear_child_tid = NULL;
	base = strrchr(bprm->filename, '/');
	set_task_comm(current, base ? base + 1 : bprm->filename);
	set_mm_exe_path(current->mm, &bprm->exe.file->f_path);
	start_thread(current_pt_regs(), bprm->start_ip, sp);
	ptrace_exec(current->pid);
	err = 0;
out:
	close_exec(&bprm->exe);
	close_exec(&bprm->interp);
	kfree(bprm->strings);
	kfree(bprm);
	return err;
}

long sys_execve(const char __user *filename, const char *const __user *argv,
		const char *const __user *envp)
{
	char name[256];
	long len = strncpy_from_user(name, filename, sizeof(name));

	if (len < 0)
		return len;
	if (len == sizeof(name))
		return -ENAMETOOLONG;
	if (!len)
		return -ENOENT;
	return do_execve(name, (const char *const *)argv, (const char *const *)envp, false);
}

/* From kernel_init: run a program as the current (kernel) thread, which becomes a process. */
int kernel_execve(const char *filename, const char *const argv[], const char *const envp[])
{
	return do_execve(filename, argv, envp, true);
}
