/*
 * The /proc tree of named entries (Linux's fs/proc/generic.c and inode.c):
 * proc_create, proc_mkdir and proc_symlink add a proc_dir_entry under a
 * parent (proc_root when NULL); a lookup turns an entry into an inode, and a
 * directory lists its entries in creation order.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include "internal.h"

static unsigned int next_low_ino = 2;

struct proc_dir_entry proc_root = {
	.name = "/proc", .namelen = 5, .mode = S_IFDIR | 0555, .nlink = 2,
	.subdir = LIST_HEAD_INIT(proc_root.subdir),
	.entry = LIST_HEAD_INIT(proc_root.entry),
	.low_ino = PROC_ROOT_INO,
};

struct proc_dir_entry *pde_lookup(struct proc_dir_entry *dir, const char *name, int len)
{
	struct proc_dir_entry *de;

	list_for_each_entry(de, &dir->subdir, entry)
		if (de->namelen == len && !memcmp(de->name, name, len))
			return de;
	return NULL;
}

/* A new entry named by a path relative to parent ("sys/vm" under proc_root). */
static struct proc_dir_entry *proc_new(const char *name, umode_t mode, struct proc_dir_entry **parent)
{
	struct proc_dir_entry *de, *dir = *parent ? *parent : &proc_root;
	const char *slash;
	int len;

	while ((slash = strchr(name, '/'))) {
		dir = pde_lookup(dir, name, slash - name);
		if (!dir || !S_ISDIR(dir->mode))
			return NULL;
		name = slash + 1;
	}
	len = strlen(name);
	if (!len || len > NAME_MAX || pde_lookup(dir, name, len)) {
		if (len)
			pr_warn("proc_dir_entry '%s/%s' already registered\n", dir->name, name);
		return NULL;
	}
	de = kzalloc(sizeof(*de) + len + 1, GFP_KERNEL);
	if (!de)
		return NULL;
	memcpy(de + 1, name, len);
	de->name = (const char *)(de + 1);
	de->namelen = len;
	de->mode = mode;
	de->nlink = S_ISDIR(mode) ? 2 : 1;
	INIT_LIST_HEAD(&de->subdir);
	de->low_ino = next_low_ino++;
	*parent = dir;
	return de;
}

static struct proc_dir_entry *proc_register(struct proc_dir_entry *dir, struct proc_dir_entry *de)
{
	de->parent = dir;
	list_add_tail(&de->entry, &dir->subdir);
	if (S_ISDIR(de->mode))
		dir->nlink++;
	return de;
}

struct proc_dir_entry *proc_create_data(const char *name, umode_t mode,
					struct proc_dir_entry *parent,
					const struct file_operations *fops, void *data)
{
	struct proc_dir_entry *de;

	if (!(mode & S_IFMT))
		mode |= S_IFREG;
	if (!(mode & S_IALLUGO))
		mode |= 0444;
	de = proc_new(name, mode, &parent);
	if (!de)
		return NULL;
	de->proc_fops = fops;
	de->data = data;
	return proc_register(parent, de);
}

struct proc_dir_entry *proc_create(const char *name, umode_t mode, struct proc_dir_entry *parent,
				   const struct file_operations *fops)
{
	return proc_create_data(name, mode, parent, fops, NULL);
}

static int proc_single_open(struct inode *inode, struct file *file)
{
	struct proc_dir_entry *de = PROC_I(inode)->pde;

	return single_open(file, de->single_show, de->data);
}

static const struct file_operations proc_single_fops = {
	.open = proc_single_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

struct proc_dir_entry *proc_create_single_data(const char *name, umode_t mode,
					       struct proc_dir_entry *parent,
					       int (*show)(struct seq_file *, void *), void *data)
{
	struct proc_dir_entry *de = proc_create_data(name, mode, parent, &proc_single_fops, data);

	if (de)
		de->single_show = show;
	return de;
}

struct proc_dir_entry *proc_mkdir_mode(const char *name, umode_t mode, struct proc_dir_entry *parent)
{
	struct proc_dir_entry *de = proc_new(name, S_IFDIR | (mode ? mode : 0555), &parent);

	return de ? proc_register(parent, de) : NULL;
}

struct proc_dir_entry *proc_mkdir(const char *name, struct proc_dir_entry *parent)
{
	return proc_mkdir_mode(name, 0555, parent);
}

struct proc_dir_entry *proc_symlink(const char *name, struct proc_dir_entry *parent,
				    const char *dest)
{
	struct proc_dir_entry *de = proc_new(name, S_IFLNK | 0777, &parent);
	char *link;

	if (!de)
		return NULL;
	link = kmalloc(strlen(dest) + 1, GFP_KERNEL);
	if (!link) {
		kfree(de);
		return NULL;
	}
	memcpy(link, dest, strlen(dest) + 1);
	de->link = link;
	de->size = strlen(dest);
	return proc_register(parent, de);
}

/*
 * Take an entry (and what is below it) out of the tree. Dentries already made
 * for it keep their inodes, which point at the entry: the entry is not freed
 * (a module's entries stay allocated until reboot, a small leak we accept).
 */
void remove_proc_entry(const char *name, struct proc_dir_entry *parent)
{
	struct proc_dir_entry *de, *dir = parent ? parent : &proc_root;

	de = pde_lookup(dir, name, strlen(name));
	if (!de)
		return;
	list_del_init(&de->entry);
	if (S_ISDIR(de->mode))
		dir->nlink--;
	de->proc_fops = NULL;
	de->single_show = NULL;
}

void proc_set_size(struct proc_dir_entry *de, loff_t size)
{
	de->size = size;
}

void *PDE_DATA(const struct inode *inode)
{
	return PROC_I(inode)->pde ? PROC_I(inode)->pde->data : NULL;
}

/* ---- entries as inodes ---- */

static struct inode *proc_lookup(struct inode *dir, const char *name, int len)
{
	struct proc_dir_entry *de = pde_lookup(PROC_I(dir)->pde, name, len);

	if (!de)
		return NULL;
	return proc_get_inode(dir->i_sb, de) ?: ERR_PTR(-ENOMEM);
}

int proc_readdir_de(struct proc_dir_entry *de, struct file *file, struct dir_context *ctx)
{
	struct proc_dir_entry *p;
	loff_t i = 2;

	if (ctx->pos == 0) {
		if (!ctx->actor(ctx, ".", 1, 1, file->f_inode->i_ino, DT_DIR))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!ctx->actor(ctx, "..", 2, 2, de->parent ? de->parent->low_ino : PROC_ROOT_INO,
				DT_DIR))
			return 0;
		ctx->pos = 2;
	}
	list_for_each_entry(p, &de->subdir, entry) {
		if (i++ < ctx->pos)
			continue;
		if (!ctx->actor(ctx, p->name, p->namelen, ctx->pos + 1, p->low_ino,
				(p->mode & S_IFMT) >> 12))
			return 0;
		ctx->pos++;
	}
	return 1;
}

static int proc_readdir(struct file *file, struct dir_context *ctx)
{
	proc_readdir_de(PROC_I(file->f_inode)->pde, file, ctx);
	return 0;
}

static const struct inode_operations proc_dir_inode_operations = {
	.lookup = proc_lookup,
};

static const struct file_operations proc_dir_operations = {
	.llseek = generic_file_llseek,
	.iterate = proc_readdir,
};

static int proc_pde_readlink(struct dentry *d, char *buf, int size)
{
	const char *link = PROC_I(d->d_inode)->pde->link;
	int len = min_t(int, strlen(link), size);

	memcpy(buf, link, len);
	return len;
}

static const struct inode_operations proc_pde_link_operations = {
	.readlink = proc_pde_readlink,
};

/* A new inode for a tree entry (the dentry cache keeps it while the name lives). */
struct inode *proc_get_inode(struct super_block *sb, struct proc_dir_entry *de)
{
	struct inode *inode = new_inode(sb);
	struct proc_inode *pi = kzalloc(sizeof(*pi), GFP_KERNEL);

	if (!inode || !pi) {
		kfree(pi);
		if (inode)
			iput(inode);
		return NULL;
	}
	pi->pde = de;
	pi->fd = -1;
	inode->i_fsdata = pi;
	inode->i_ino = de->low_ino;
	inode->i_mode = de->mode;
	inode->i_nlink = de->nlink;
	inode->i_size = de->size;
	if (S_ISDIR(de->mode)) {
		inode->i_op = de->proc_iops ? de->proc_iops : &proc_dir_inode_operations;
		inode->i_fop = de->proc_fops ? de->proc_fops : &proc_dir_operations;
	} else if (S_ISLNK(de->mode)) {
		inode->i_op = de->proc_iops ? de->proc_iops : &proc_pde_link_operations;
	} else {
		inode->i_op = de->proc_iops;
		inode->i_fop = de->proc_fops;
	}
	return inode;
}
