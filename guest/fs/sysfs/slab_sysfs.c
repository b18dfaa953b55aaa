/*
 * /sys/kernel/slab/CACHE/ (Linux's mm/slub.c sysfs part): a directory per
 * slab cache with its geometry and counts, read-only as in Linux 6.1
 * (sanity_checks, poison, red_zone and store_user show the debug flags).
 * Made at late_initcall for the caches that exist then; a cache made later
 * (a module's) is not shown yet.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/init.h>
#include <linux/kobject.h>
#include <asm/page.h>

struct slab_kobj {
	struct kobject kobj;
	struct kmem_cache *s;
};

struct slab_attribute {
	struct attribute attr;
	unsigned long (*get)(struct kmem_cache *s);
};

#define SLAB_ATTR(_name, expr)							\
	static unsigned long _name##_get(struct kmem_cache *s) { return (expr); }	\
	static struct slab_attribute _name##_attr = {				\
		.attr = { .name = #_name, .mode = 0444 }, .get = _name##_get }

SLAB_ATTR(object_size, s->object_size);
SLAB_ATTR(slab_size, s->size);
SLAB_ATTR(objs_per_slab, s->objects);
SLAB_ATTR(order, s->order);
SLAB_ATTR(objects, s->active_objs);
SLAB_ATTR(total_objects, s->total_objs);
SLAB_ATTR(slabs, s->nr_slabs);
SLAB_ATTR(partial, s->nr_partial);
SLAB_ATTR(align, s->align);
SLAB_ATTR(aliases, 0);
SLAB_ATTR(red_zone, !!(s->flags & SLAB_RED_ZONE));
SLAB_ATTR(poison, !!(s->flags & SLAB_POISON));
SLAB_ATTR(store_user, !!(s->flags & SLAB_STORE_USER));
SLAB_ATTR(sanity_checks, !!(s->flags & SLAB_DEBUG_FLAGS));	/* lucix checks with any debug flag */
SLAB_ATTR(reclaim_account, 0);
SLAB_ATTR(destroy_by_rcu, 0);

static struct attribute *slab_attrs[] = {
	&aliases_attr.attr, &align_attr.attr, &destroy_by_rcu_attr.attr, &object_size_attr.attr,
	&objects_attr.attr, &objs_per_slab_attr.attr, &order_attr.attr, &partial_attr.attr,
	&poison_attr.attr, &reclaim_account_attr.attr, &red_zone_attr.attr,
	&sanity_checks_attr.attr, &slab_size_attr.attr, &slabs_attr.attr, &store_user_attr.attr,
	&total_objects_attr.attr, NULL,
};

static ssize_t slab_attr_show(struct kobject *kobj, struct attribute *attr, char *buf)
{
	struct slab_kobj *sk = (struct slab_kobj *)kobj;
	struct slab_attribute *a = (struct slab_attribute *)attr;

	return snprintf(buf, PAGE_SIZE, "%lu\n", a->get(sk->s));
}

static const struct sysfs_ops slab_sysfs_ops = { .show = slab_attr_show };

static struct kobj_type slab_ktype = {
	.sysfs_ops = &slab_sysfs_ops,
	.default_attrs = slab_attrs,
};

static int __init slab_sysfs_init(void)
{
	struct kset *slab_kset = kset_create_and_add("slab", NULL, kernel_kobj);
	struct kmem_cache *s;

	if (!slab_kset)
		return -ENOMEM;
	list_for_each_entry(s, &slab_caches, list) {
		struct slab_kobj *sk = kzalloc(sizeof(*sk), GFP_KERNEL);

		if (!sk)
			return -ENOMEM;
		sk->s = s;
		sk->kobj.kset = slab_kset;
		if (kobject_init_and_add(&sk->kobj, &slab_ktype, NULL, "%s", s->name))
			pr_warn("slab sysfs: cannot add %s\n", s->name);
	}
	return 0;
}
late_initcall(slab_sysfs_init);
