/*
 * A radix tree of pointers keyed by an unsigned long index (Linux's
 * include/linux/radix-tree.h, cut down): 64 slots a node, the tree grows in
 * height as larger indices arrive. The page cache keeps each file's pages in
 * one, keyed by page index.
 */
#ifndef _LINUX_RADIX_TREE_H
#define _LINUX_RADIX_TREE_H

#include <linux/types.h>

#define RADIX_TREE_MAP_SHIFT	6
#define RADIX_TREE_MAP_SIZE	(1UL << RADIX_TREE_MAP_SHIFT)
#define RADIX_TREE_MAP_MASK	(RADIX_TREE_MAP_SIZE - 1)

struct radix_tree_node {
	void *slots[RADIX_TREE_MAP_SIZE];
	unsigned int count;		/* slots in use */
};

struct radix_tree_root {
	unsigned int height;		/* 0: empty; h covers indices below 64^h */
	struct radix_tree_node *rnode;
};

#define RADIX_TREE_INIT		{ 0, NULL }
#define INIT_RADIX_TREE(r)	do { (r)->height = 0; (r)->rnode = NULL; } while (0)

/* 0, -EEXIST if the slot is taken, -ENOMEM. */
int radix_tree_insert(struct radix_tree_root *root, unsigned long index, void *item);
void *radix_tree_lookup(struct radix_tree_root *root, unsigned long index);
/* Removes and returns the item (NULL if none); empty nodes are freed. */
void *radix_tree_delete(struct radix_tree_root *root, unsigned long index);
/* Up to max items with index >= first, in index order; returns how many. */
unsigned int radix_tree_gang_lookup(struct radix_tree_root *root, void **results,
				    unsigned long first, unsigned int max);

#endif
