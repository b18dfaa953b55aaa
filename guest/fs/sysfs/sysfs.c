/*
 * sysfs (Linux's fs/sysfs and the part of fs/kernfs it uses): a tree of
 * nodes, one directory per kobject, one file per attribute, links to other
 * kobjects' directories. Mounting it shows the tree; an inode is made for a
 * node when it is looked up. Reading a file calls the attribute's show into
 * a page at open-time offset 0; a write hands the whole text to store. A
 * removed node is marked, so cached names of it go away (d_revalidate); its
 * memory is kept (removals are rare: a module unload).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/init.h>
#include <linux/kobject.h>
#include <asm/page.h>

#define SYSFS_MAGIC	0x62656572

struct kernfs_node {
	const char *name;
	umode_t mode;
	bool removed;
	bool pinned;				/* has an inode, or a link points here */
	unsigned long ino;
	struct kernfs_node *parent;
	struct list_head children;
	struct list_head sibling;
	struct kobject *kobj;			/* the directory's, or the file's owner */
	const struct attribute *attr;		/* a file */
	struct kernfs_node *target;		/* a link */
};

static struct kernfs_node sysfs_root = {
	.name = "", .mode = S_IFDIR | 0755, .ino = 1,
	.children = LIST_HEAD_INIT(sysfs_root.children),
	.sibling = LIST_HEAD_INIT(sysfs_root.sibling),
};
static unsigned long next_ino = 2;
static struct super_block *sysfs_sb;

static struct kernfs_node *kn_find(struct kernfs_node *dir, const char *name, int len)
{
	struct kernfs_node *kn;

	list_for_each_entry(kn, &dir->children, sibling)
		if (!kn->removed && !strncmp(kn->name, name, len) && !kn->name[len])
			return kn;
	return NULL;
}

static struct kernfs_node *kn_new(struct kernfs_node *parent, const char *name, umode_t mode)
{
	struct kernfs_node *kn;
	int len = strlen(name);

	if (!parent)
		parent = &sysfs_root;
	if (kn_find(parent, name, len)) {
		pr_warn("sysfs: cannot create duplicate filename '%s'\n", name);
		return ERR_PTR(-EEXIST);
	}
	kn = kzalloc(sizeof(*kn) + len + 1, GFP_KERNEL);
	if (!kn)
		return ERR_PTR(-ENOMEM);
	memcpy(kn + 1, name, len + 1);
	kn->name = (const char *)(kn + 1);
	kn->mode = mode;
	kn->ino = next_ino++;
	kn->parent = parent;
	INIT_LIST_HEAD(&kn->children);
	list_add_tail(&kn->sibling, &parent->children);
	return kn;
}

/*
 * A removed node nothing can reach any more (no inode was made for it, no
 * link points to it, no child is kept) is freed; the others stay marked, so
 * a module loaded and unloaded many times leaves nothing behind.
 */
static void kn_remove(struct kernfs_node *kn)
{
	struct kernfs_node *c, *tmp;

	list_for_each_entry_safe(c, tmp, &kn->children, sibling)
		kn_remove(c);
	kn->removed = true;
	if (!kn->pinned && list_empty(&kn->children) && kn != &sysfs_root) {
		list_del(&kn->sibling);
		kfree(kn);
	}
}

int sysfs_create_dir(struct kobject *kobj)
{
	struct kernfs_node *kn = kn_new(kobj->parent ? kobj->parent->sd : NULL, kobj->name,
					S_IFDIR | 0755);

	if (IS_ERR(kn))
		return PTR_ERR(kn);
	kn->kobj = kobj;
	kobj->sd = kn;
	return 0;
}

void sysfs_remove_dir(struct kobject *kobj)
{
	if (kobj->sd)
		kn_remove(kobj->sd);
	kobj->sd = NULL;
}

static int add_file(struct kernfs_node *dir, struct kobject *kobj, const struct attribute *attr)
{
	struct kernfs_node *kn = kn_new(dir, attr->name, S_IFREG | (attr->mode & 0777));

	if (IS_ERR(kn))
		return PTR_ERR(kn);
	kn->kobj = kobj;
	kn->attr = attr;
	return 0;
}

int sysfs_create_file(struct kobject *kobj, const struct attribute *attr)
{
	if (!kobj->sd)
		return -EINVAL;
	return add_file(kobj->sd, kobj, attr);
}

int sysfs_create_files(struct kobject *kobj, const struct attribute **attrs)
{
	int err = 0;

	for (; *attrs && !err; attrs++)
		err = sysfs_create_file(kobj, *attrs);
	return err;
}

void sysfs_remove_file(struct kobject *kobj, const struct attribute *attr)
{
	struct kernfs_node *kn;

	if (kobj->sd && (kn = kn_find(kobj->sd, attr->name, strlen(attr->name))))
		kn_remove(kn);
}

int sysfs_create_group(struct kobject *kobj, const struct attribute_group *grp)
{
	struct kernfs_node *dir = kobj->sd;
	struct attribute **a;
	int err = 0;

	if (!dir)
		return -EINVAL;
	if (grp->name) {
		dir = kn_new(dir, grp->name, S_IFDIR | 0755);
		if (IS_ERR(dir))
			return PTR_ERR(dir);
		dir->kobj = kobj;
	}
	for (a = grp->attrs; a && *a && !err; a++)
		err = add_file(dir, kobj, *a);
	return err;
}

void sysfs_remove_group(struct kobject *kobj, const struct attribute_group *grp)
{
	struct attribute **a;
	struct kernfs_node *kn;

	if (!kobj->sd)
		return;
	if (grp->name) {
		kn = kn_find(kobj->sd, grp->name, strlen(grp->name));
		if (kn)
			kn_remove(kn);
		return;
	}
	for (a = grp->attrs; a && *a; a++)
		sysfs_remove_file(kobj, *a);
}

int sysfs_create_link(struct kobject *kobj, struct kobject *target, const char *name)
{
	struct kernfs_node *kn;

	if (!target->sd)
		return -ENOENT;
	kn = kn_new(kobj ? kobj->sd : NULL, name, S_IFLNK | 0777);
	if (IS_ERR(kn))
		return PTR_ERR(kn);
	kn->target = target->sd;
	target->sd->pinned = true;
	return 0;
}

void sysfs_remove_link(struct kobject *kobj, const char *name)
{
	struct kernfs_node *kn = kn_find(kobj ? kobj->sd : &sysfs_root, name, strlen(name));

	if (kn)
		kn_remove(kn);
}

/* ---- the file system ---- */

static struct inode *sysfs_get_inode(struct super_block *sb, struct kernfs_node *kn);

static struct inode *sysfs_lookup(struct inode *dir, const char *name, int len)
{
	struct kernfs_node *kn = kn_find(dir->i_fsdata, name, len);

	if (!kn)
		return NULL;
	return sysfs_get_inode(dir->i_sb, kn) ?: ERR_PTR(-ENOMEM);
}

static int sysfs_readdir(struct file *file, struct dir_context *ctx)
{
	struct kernfs_node *dir = file->f_inode->i_fsdata, *kn;
	loff_t i = 2;

	if (ctx->pos == 0) {
		if (!ctx->actor(ctx, ".", 1, 1, dir->ino, DT_DIR))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!ctx->actor(ctx, "..", 2, 2, dir->parent ? dir->parent->ino : 1, DT_DIR))
			return 0;
		ctx->pos = 2;
	}
	list_for_each_entry(kn, &dir->children, sibling) {
		if (kn->removed)
			continue;
		if (i++ < ctx->pos)
			continue;
		if (!ctx->actor(ctx, kn->name, strlen(kn->name), ctx->pos + 1, kn->ino,
				(kn->mode & S_IFMT) >> 12))
			return 0;
		ctx->pos++;
	}
	return 0;
}

/* A link's target as a relative path: "../" up to the common ancestor, then down. */
static int sysfs_readlink(struct dentry *d, char *buf, int size)
{
	struct kernfs_node *kn = d->d_inode->i_fsdata, *t = kn->target, *a, *b;
	char tmp[256];
	int pos = sizeof(tmp), n = 0, len;

	/* depth-match the link's parent and the target to find the common ancestor */
	for (a = kn->parent; a; a = a->parent) {
		for (b = t; b && b != a; b = b->parent)
			;
		if (b == a)
			break;
		n++;
	}
	for (b = t; b && b != a; b = b->parent) {
		len = strlen(b->name);
		if (pos < len + 1 + 3 * n)
			return 0;
		pos -= len;
		memcpy(tmp + pos, b->name, len);
		tmp[--pos] = '/';
	}
	len = 0;
	while (n-- > 0 && len + 3 <= size) {
		memcpy(buf + len, "../", 3);
		len += 3;
	}
	if (pos < (int)sizeof(tmp))
		pos++;		/* drop the leading '/' */
	n = min_t(int, sizeof(tmp) - pos, size - len);
	memcpy(buf + len, tmp + pos, n);
	len += n;
	if (len && buf[len - 1] == '/')
		len--;
	return len;
}

struct sysfs_open {
	char *page;
	size_t count;
};

static int sysfs_open(struct inode *inode, struct file *file)
{
	struct kernfs_node *kn = inode->i_fsdata;
	const struct sysfs_ops *ops = kn->kobj->ktype ? kn->kobj->ktype->sysfs_ops : NULL;
	struct sysfs_open *of;

	if (!ops)
		return -EACCES;
	if ((file->f_mode & FMODE_WRITE) && (!(kn->mode & 0222) || !ops->store))
		return -EACCES;
	if ((file->f_mode & FMODE_READ) && (!(kn->mode & 0444) || !ops->show))
		return -EACCES;
	of = kzalloc(sizeof(*of), GFP_KERNEL);
	if (!of)
		return -ENOMEM;
	file->private_data = of;
	kobject_get(kn->kobj);	/* its attributes stay valid while the file is open */
	return 0;
}

static int sysfs_release(struct inode *inode, struct file *file)
{
	struct sysfs_open *of = file->private_data;

	(void)inode;
	if (of->page)
		free_page((unsigned long)of->page);
	kfree(of);
	kobject_put(((struct kernfs_node *)inode->i_fsdata)->kobj);
	return 0;
}

static ssize_t sysfs_read(struct file *file, char __user *buf, size_t size, loff_t *ppos)
{
	struct kernfs_node *kn = file->f_inode->i_fsdata;
	struct sysfs_open *of = file->private_data;
	ssize_t n;

	if (kn->removed)
		return -ENODEV;
	if (!of->page) {
		of->page = (char *)get_zeroed_page(GFP_KERNEL);
		if (!of->page)
			return -ENOMEM;
	}
	if (*ppos == 0) {		/* show runs again at each read from the start */
		n = kn->kobj->ktype->sysfs_ops->show(kn->kobj, (struct attribute *)kn->attr, of->page);
		if (n < 0)
			return n;
		of->count = min_t(size_t, n, PAGE_SIZE);
	}
	if (*ppos >= (loff_t)of->count)
		return 0;
	n = min_t(size_t, size, of->count - *ppos);
	if (copy_to_user(buf, of->page + *ppos, n))
		return -EFAULT;
	*ppos += n;
	return n;
}

static ssize_t sysfs_write(struct file *file, const char __user *buf, size_t count, loff_t *ppos)
{
	struct kernfs_node *kn = file->f_inode->i_fsdata;
	char *page;
	ssize_t n;

	if (kn->removed)
		return -ENODEV;
	if (count >= PAGE_SIZE)
		count = PAGE_SIZE - 1;
	page = (char *)get_zeroed_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	n = -EFAULT;
	if (!copy_from_user(page, buf, count))
		n = kn->kobj->ktype->sysfs_ops->store(kn->kobj, (struct attribute *)kn->attr, page, count);
	free_page((unsigned long)page);
	if (n > 0)
		*ppos += n;
	return n;
}

static const struct inode_operations sysfs_dir_inode_operations = { .lookup = sysfs_lookup };
static const struct file_operations sysfs_dir_operations = {
	.llseek = generic_file_llseek,
	.iterate = sysfs_readdir,
};
static const struct inode_operations sysfs_link_inode_operations = { .readlink = sysfs_readlink };

/* O_TRUNC before a store ("echo 1 > attr") is no change of size, as in Linux */
static int sysfs_setsize(struct inode *inode, loff_t size)
{
	(void)inode;
	(void)size;
	return 0;
}

static const struct inode_operations sysfs_file_inode_operations = { .setsize = sysfs_setsize };
static const struct file_operations sysfs_file_operations = {
	.open = sysfs_open,
	.release = sysfs_release,
	.read = sysfs_read,
	.write = sysfs_write,
	.llseek = generic_file_llseek,
};

static struct inode *sysfs_get_inode(struct super_block *sb, struct kernfs_node *kn)
{
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;
	inode->i_fsdata = kn;
	kn->pinned = true;
	inode->i_ino = kn->ino;
	inode->i_mode = kn->mode;
	if (S_ISDIR(kn->mode)) {
		inode->i_op = &sysfs_dir_inode_operations;
		inode->i_fop = &sysfs_dir_operations;
		inode->i_nlink = 2;
	} else if (S_ISLNK(kn->mode)) {
		inode->i_op = &sysfs_link_inode_operations;
	} else {
		inode->i_op = &sysfs_file_inode_operations;
		inode->i_fop = &sysfs_file_operations;
		inode->i_size = PAGE_SIZE;	/* as Linux shows an attribute */
	}
	return inode;
}

static int sysfs_d_revalidate(struct dentry *d)
{
	return !((struct kernfs_node *)d->d_inode->i_fsdata)->removed;
}

static const struct dentry_operations sysfs_dentry_ops = { .d_revalidate = sysfs_d_revalidate };

static struct super_block *sysfs_mount(struct file_system_type *type, const char *dev, void *data)
{
	struct super_block *sb;
	struct inode *root;
	struct dentry *d;

	(void)dev;
	(void)data;
	if (sysfs_sb)
		return sysfs_sb;
	sb = sget_nodev(type, SYSFS_MAGIC);
	if (!sb)
		return ERR_PTR(-ENOMEM);
	sb->s_d_op = &sysfs_dentry_ops;
	root = sysfs_get_inode(sb, &sysfs_root);
	d = d_alloc(NULL, "/", 1);
	if (!root || !d) {
		if (root)
			iput(root);
		kfree(d);
		kfree(sb);
		return ERR_PTR(-ENOMEM);
	}
	d_instantiate(d, root);
	dget(d);
	sb->s_root = d;
	sysfs_sb = sb;
	return sb;
}

static struct file_system_type sysfs_fs_type = {
	.name = "sysfs",
	.mount = sysfs_mount,
};

void sysfs_init(void)
{
	register_filesystem(&sysfs_fs_type);
}
