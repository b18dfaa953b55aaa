/*
 * /proc/kcore (Linux's fs/proc/kcore.c): the kernel's memory as an ELF32
 * core file, which gdb reads with the kernel's symbols (gdb lucix.elf
 * /proc/kcore). The file is the ELF header, one program header for the
 * notes and one PT_LOAD per range (each RAM range of the direct map, then
 * the vmalloc area), the notes (NT_PRSTATUS, NT_PRPSINFO with "vmlinux" and
 * the command line, NT_TASKSTRUCT with the reader's task_struct, and
 * VMCOREINFO with the release and page size), and from
 * the next page on the memory itself: kernel virtual address v is at file
 * offset v - PAGE_OFFSET + that page, so the file is about a gigabyte long,
 * mostly holes. Reading a hole, or a page nothing maps (a vmalloc gap, the
 * freed init pages), gives zeros, as Linux's copy_from_kernel_nofault does.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/init.h>
#include <linux/elf.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <linux/uaccess.h>
#include <asm/e820.h>
#include <asm/page.h>
#include "internal.h"

#define KCORE_MAX_SEGS	8

extern const char uts_release[];
#define PRSTATUS_SIZE	144	/* i386 struct elf_prstatus */
#define PRPSINFO_SIZE	124	/* i386 struct elf_prpsinfo */

struct kcore_seg {
	unsigned long vaddr, size;
	bool ram;
};

static struct kcore_seg segs[KCORE_MAX_SEGS];
static char vmcoreinfo[128];		/* Linux's crash_core text: what a reader needs first */
static int nsegs;
static size_t notes_offset, notes_len, data_offset;

static void add_seg(unsigned long vaddr, unsigned long size, bool ram)
{
	if (nsegs < KCORE_MAX_SEGS && size)
		segs[nsegs++] = (struct kcore_seg){ vaddr, size, ram };
}

/* The direct map's RAM (e820 usable ranges below the end of lowmem), then vmalloc. */
static void find_segments(void)
{
	u64 low_end = (u64)max_low_pfn << PAGE_SHIFT;
	u32 i;

	for (i = 0; i < e820_table.nr_entries; i++) {
		struct boot_e820_entry *e = &e820_table.entries[i];
		u64 start = e->addr, end = e->addr + e->size;

		if (e->type != E820_TYPE_RAM || start >= low_end)
			continue;
		start = ALIGN(start, PAGE_SIZE);
		end = min(end, low_end) & PAGE_MASK;
		if (end > start)
			add_seg(PAGE_OFFSET + (unsigned long)start, (unsigned long)(end - start), true);
	}
	add_seg(VMALLOC_START, VMALLOC_END - VMALLOC_START, false);
}

static size_t note_size(const char *name, size_t desc)
{
	return sizeof(Elf32_Nhdr) + ALIGN(strlen(name) + 1, 4) + ALIGN(desc, 4);
}

static char *put_note(char *p, const char *name, u32 type, const void *desc, size_t len)
{
	Elf32_Nhdr *n = (Elf32_Nhdr *)p;

	n->n_namesz = strlen(name) + 1;
	n->n_descsz = len;
	n->n_type = type;
	p += sizeof(*n);
	memcpy(p, name, n->n_namesz);
	p += ALIGN(n->n_namesz, 4);
	memcpy(p, desc, len);
	return p + ALIGN(len, 4);
}

/* The header pages (up to data_offset), made for each read of them. */
static char *build_header(void)
{
	char *h = kzalloc(data_offset, GFP_KERNEL), *p;
	Elf32_Ehdr *eh = (Elf32_Ehdr *)h;
	Elf32_Phdr *ph = (Elf32_Phdr *)(eh + 1);
	u8 prstatus[PRSTATUS_SIZE] = { 0 }, prpsinfo[PRPSINFO_SIZE] = { 0 };
	int i;

	if (!h)
		return NULL;
	memcpy(eh->e_ident, "\177ELF", 4);
	eh->e_ident[4] = ELFCLASS32;
	eh->e_ident[5] = ELFDATA2LSB;
	eh->e_ident[6] = EV_CURRENT;
	eh->e_ident[7] = ELFOSABI_NONE;
	eh->e_type = ET_CORE;
	eh->e_machine = EM_386;
	eh->e_version = EV_CURRENT;
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = nsegs + 1;
	ph->p_type = PT_NOTE;
	ph->p_offset = notes_offset;
	ph->p_filesz = notes_len;
	for (i = 0; i < nsegs; i++) {
		Elf32_Phdr *l = &ph[i + 1];

		l->p_type = PT_LOAD;
		l->p_flags = PF_R | PF_W | PF_X;
		l->p_offset = segs[i].vaddr - PAGE_OFFSET + data_offset;
		l->p_vaddr = segs[i].vaddr;
		l->p_paddr = segs[i].ram ? segs[i].vaddr - PAGE_OFFSET : (u32)-1;
		l->p_filesz = l->p_memsz = segs[i].size;
		l->p_align = PAGE_SIZE;
	}
	/* prpsinfo: pr_sname 'R', pr_fname "vmlinux", pr_psargs the command line */
	prpsinfo[1] = 'R';
	strlcpy((char *)prpsinfo + 28, "vmlinux", 16);
	strlcpy((char *)prpsinfo + 44, saved_command_line ? saved_command_line : "", 80);
	p = h + notes_offset;
	p = put_note(p, "CORE", NT_PRSTATUS, prstatus, sizeof(prstatus));
	p = put_note(p, "CORE", NT_PRPSINFO, prpsinfo, sizeof(prpsinfo));
	p = put_note(p, "CORE", NT_TASKSTRUCT, current, sizeof(struct task_struct));
	put_note(p, "VMCOREINFO", 0, vmcoreinfo, strlen(vmcoreinfo));
	return h;
}

/* Copy n bytes of kernel memory at v (within one page) to user space; zeros where nothing is. */
static int copy_kernel_page(char __user *ubuf, unsigned long v, size_t n)
{
	int i;

	for (i = 0; i < nsegs; i++) {
		phys_addr_t pa;

		if (v < segs[i].vaddr || v - segs[i].vaddr >= segs[i].size)
			continue;
		pa = kernel_virt_to_phys(v, NULL);
		/* the direct map may have holes: freed init pages are unmapped */
		if (segs[i].ram && pa != (phys_addr_t)-1)
			return copy_to_user(ubuf, (void *)v, n) ? -EFAULT : 0;
		if (pa != (phys_addr_t)-1 && pa < ((phys_addr_t)max_low_pfn << PAGE_SHIFT))
			return copy_to_user(ubuf, __va(pa), n) ? -EFAULT : 0;
		break;
	}
	return clear_user(ubuf, n) ? -EFAULT : 0;
}

static ssize_t read_kcore(struct file *f, char __user *ubuf, size_t count, loff_t *ppos)
{
	loff_t pos = *ppos, size = f->f_inode->i_size;
	size_t done = 0;

	if (pos >= size)
		return 0;
	if ((loff_t)count > size - pos)
		count = size - pos;
	if (pos < (loff_t)data_offset) {
		char *h = build_header();
		size_t n = min_t(size_t, count, data_offset - pos);

		if (!h)
			return -ENOMEM;
		if (copy_to_user(ubuf, h + pos, n)) {
			kfree(h);
			return -EFAULT;
		}
		kfree(h);
		done = n;
	}
	while (done < count) {
		unsigned long v = (unsigned long)(pos + done - data_offset) + PAGE_OFFSET;
		size_t n = min_t(size_t, count - done, PAGE_SIZE - (v & (PAGE_SIZE - 1)));

		if (copy_kernel_page(ubuf + done, v, n))
			return done ? (ssize_t)done : -EFAULT;
		done += n;
	}
	*ppos = pos + done;
	return done;
}

static const struct file_operations proc_kcore_operations = {
	.read = read_kcore, .llseek = generic_file_llseek,
};

void proc_kcore_init(void)
{
	struct proc_dir_entry *de;
	unsigned long end = 0;
	int i;

	find_segments();
	notes_offset = sizeof(Elf32_Ehdr) + (nsegs + 1) * sizeof(Elf32_Phdr);
	snprintf(vmcoreinfo, sizeof(vmcoreinfo), "OSRELEASE=%s\nPAGESIZE=%lu\nKERNELOFFSET=0\n",
		 uts_release, PAGE_SIZE);
	notes_len = note_size("CORE", PRSTATUS_SIZE) + note_size("CORE", PRPSINFO_SIZE) +
		    note_size("CORE", sizeof(struct task_struct)) +
		    note_size("VMCOREINFO", strlen(vmcoreinfo));
	data_offset = ALIGN(notes_offset + notes_len, PAGE_SIZE);
	for (i = 0; i < nsegs; i++)
		end = max(end, segs[i].vaddr + segs[i].size);
	de = proc_create("kcore", S_IFREG | 0400, NULL, &proc_kcore_operations);
	if (de)
		proc_set_size(de, data_offset + (end - PAGE_OFFSET));
}
