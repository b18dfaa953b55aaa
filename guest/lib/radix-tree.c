/*
 * The radix tree (Linux's lib/radix-tree.c, cut down): each level of the tree
 * takes 6 bits of the index, the top level the highest ones. Inserting an
 * index beyond the current height adds levels above the root; deleting the
 * last item of a node frees it and clears its slot in the parent.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/errno.h>
#include <linux/radix-tree.h>

static unsigned long maxindex(unsigned int height)
{
	unsigned int shift = height * RADIX_TREE_MAP_SHIFT;

	return shift >= 8 * sizeof(long) ? ~0UL : (1UL << shift) - 1;
}

/* Add levels until index fits. */
static int extend(struct radix_tree_root *root, unsigned long index)
{
	if (!root->height) {
		while (maxindex(root->height) < index || !root->height)
			root->height++;
		return 0;
	}
	while (maxindex(root->height) < index) {
		struct radix_tree_node *node = kzalloc(sizeof(*node), GFP_KERNEL);

		if (!node)
			return -ENOMEM;
		node->slots[0] = root->rnode;
		node->count = root->rnode ? 1 : 0;
		root->rnode = node;
		root->height++;
	}
	return 0;
}

int radix_tree_insert(struct radix_tree_root *root, unsigned long index, void *item)
{
	struct radix_tree_node **slot;
	unsigned int h, off;
	int err = extend(root, index);

	if (err)
		return err;
	slot = &root->rnode;
	for (h = root->height; h > 0; h--) {
		if (!*slot) {
			*slot = kzalloc(sizeof(**slot), GFP_KERNEL);
			if (!*slot)
				return -ENOMEM;
		}
		off = (index >> ((h - 1) * RADIX_TREE_MAP_SHIFT)) & RADIX_TREE_MAP_MASK;
		if (h == 1) {
			if ((*slot)->slots[off])
				return -EEXIST;
			(*slot)->slots[off] = item;
			(*slot)->count++;
			return 0;
		}
		if (!(*slot)->slots[off])
			(*slot)->count++;	/* the child made on the next step */
		slot = (struct radix_tree_node **)&(*slot)->slots[off];
	}
	return -EINVAL;
}

void *radix_tree_lookup(struct radix_tree_root *root, unsigned long index)
{
	struct radix_tree_node *node = root->rnode;
	unsigned int h;

	if (!root->height || index > maxindex(root->height))
		return NULL;
	for (h = root->height; node && h > 1; h--)
		node = node->slots[(index >> ((h - 1) * RADIX_TREE_MAP_SHIFT)) & RADIX_TREE_MAP_MASK];
	return node ? node->slots[index & RADIX_TREE_MAP_MASK] : NULL;
}

/* Remove index below node (at height h); frees node when it empties. */
static void *delete_below(struct radix_tree_node **slot, unsigned int h, unsigned long index)
{
	struct radix_tree_node *node = *slot;
	unsigned int off = (index >> ((h - 1) * RADIX_TREE_MAP_SHIFT)) & RADIX_TREE_MAP_MASK;
	void *item;

	if (!node)
		return NULL;
	if (h == 1) {
		item = node->slots[off];
		if (item) {
			node->slots[off] = NULL;
			node->count--;
		}
	} else {
		item = delete_below((struct radix_tree_node **)&node->slots[off], h - 1, index);
		if (item && !node->slots[off])
			node->count--;
	}
	if (!node->count) {
		kfree(node);
		*slot = NULL;
	}
	return item;
}

void *radix_tree_delete(struct radix_tree_root *root, unsigned long index)
{
	void *item;

	if (!root->height || index > maxindex(root->height))
		return NULL;
	item = delete_below(&root->rnode, root->height, index);
	if (!root->rnode)
		root->height = 0;
	return item;
}

static unsigned int gang(struct radix_tree_node *node, unsigned int h, unsigned long base,
			 unsigned long first, void **results, unsigned int max)
{
	unsigned int n = 0, shift = (h - 1) * RADIX_TREE_MAP_SHIFT, i;

	for (i = 0; i < RADIX_TREE_MAP_SIZE && n < max; i++) {
		unsigned long lo = base + ((unsigned long)i << shift);
		unsigned long hi = lo + maxindex(h - 1);

		if (!node->slots[i] || hi < first)
			continue;
		if (h == 1)
			results[n++] = node->slots[i];
		else
			n += gang(node->slots[i], h - 1, lo, first, results + n, max - n);
	}
	return n;
}

unsigned int radix_tree_gang_lookup(struct radix_tree_root *root, void **results,
				    unsigned long first, unsigned int max)
{
	if (!root->rnode || first > maxindex(root->height))
		return 0;
	return gang(root->rnode, root->height, 0, first, results, max);
}
