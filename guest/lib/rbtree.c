/*
 * Red-black tree rebalancing (the algorithm of Cormen et al., "Introduction to
 * Algorithms", ch. 13, which Linux's lib/rbtree.c also implements). The
 * invariants: the root is black, a red node has black children, and every
 * path from a node down to a leaf crosses the same number of black nodes; so
 * the tree stays within twice the optimal height and every operation is
 * O(log n).
 */
#include <linux/rbtree.h>

static inline bool is_red(const struct rb_node *n)
{
	return n && n->rb_color == RB_RED;
}

/* Replace old with new in old's parent (or at the root). */
static void change_child(struct rb_node *old, struct rb_node *new, struct rb_node *parent,
			 struct rb_root *root)
{
	if (!parent)
		root->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
}

static void rotate_left(struct rb_node *x, struct rb_root *root)
{
	struct rb_node *y = x->rb_right;

	x->rb_right = y->rb_left;
	if (y->rb_left)
		y->rb_left->rb_parent = x;
	y->rb_parent = x->rb_parent;
	change_child(x, y, x->rb_parent, root);
	y->rb_left = x;
	x->rb_parent = y;
}

static void rotate_right(struct rb_node *x, struct rb_root *root)
{
	struct rb_node *y = x->rb_left;

	x->rb_left = y->rb_right;
	if (y->rb_right)
		y->rb_right->rb_parent = x;
	y->rb_parent = x->rb_parent;
	change_child(x, y, x->rb_parent, root);
	y->rb_right = x;
	x->rb_parent = y;
}

fastcall void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *parent, *gparent, *uncle;

	while ((parent = node->rb_parent) && parent->rb_color == RB_RED) {
		gparent = parent->rb_parent;	/* exists: a red node is never the root */
		if (parent == gparent->rb_left) {
			uncle = gparent->rb_right;
			if (is_red(uncle)) {
				/* Recolour and move the problem two levels up. */
				uncle->rb_color = parent->rb_color = RB_BLACK;
#ifndef MUTANT_rb_insert_no_recolor	/* mutation testing: the grandparent stays black */
				gparent->rb_color = RB_RED;
#endif
				node = gparent;
				continue;
			}
			if (node == parent->rb_right) {
				rotate_left(parent, root);
				node = parent;
				parent = node->rb_parent;
			}
			parent->rb_color = RB_BLACK;
			gparent->rb_color = RB_RED;
			rotate_right(gparent, root);
		} else {
			uncle = gparent->rb_left;
			if (is_red(uncle)) {
				uncle->rb_color = parent->rb_color = RB_BLACK;
				gparent->rb_color = RB_RED;
				node = gparent;
				continue;
			}
			if (node == parent->rb_left) {
				rotate_right(parent, root);
				node = parent;
				parent = node->rb_parent;
			}
			parent->rb_color = RB_BLACK;
			gparent->rb_color = RB_RED;
			rotate_left(gparent, root);
		}
	}
	root->rb_node->rb_color = RB_BLACK;
}

/* Restore the black heights after a black node was removed above x (x may be NULL). */
static void erase_fixup(struct rb_node *x, struct rb_node *parent, struct rb_root *root)
{
	struct rb_node *w;

	while (x != root->rb_node && !is_red(x)) {
		if (x == parent->rb_left) {
			w = parent->rb_right;
			if (is_red(w)) {
				w->rb_color = RB_BLACK;
				parent->rb_color = RB_RED;
				rotate_left(parent, root);
				w = parent->rb_right;
			}
			if (!is_red(w->rb_left) && !is_red(w->rb_right)) {
				w->rb_color = RB_RED;
				x = parent;
				parent = x->rb_parent;
			} else {
				if (!is_red(w->rb_right)) {
					w->rb_left->rb_color = RB_BLACK;
					w->rb_color = RB_RED;
					rotate_right(w, root);
					w = parent->rb_right;
				}
				w->rb_color = parent->rb_color;
				parent->rb_color = RB_BLACK;
				if (w->rb_right)
					w->rb_right->rb_color = RB_BLACK;
				rotate_left(parent, root);
				x = root->rb_node;
				break;
			}
		} else {
			w = parent->rb_left;
			if (is_red(w)) {
				w->rb_color = RB_BLACK;
				parent->rb_color = RB_RED;
				rotate_right(parent, root);
				w = parent->rb_left;
			}
			if (!is_red(w->rb_left) && !is_red(w->rb_right)) {
				w->rb_color = RB_RED;
				x = parent;
				parent = x->rb_parent;
			} else {
				if (!is_red(w->rb_left)) {
					w->rb_right->rb_color = RB_BLACK;
					w->rb_color = RB_RED;
					rotate_left(w, root);
					w = parent->rb_left;
				}
				w->rb_color = parent->rb_color;
				parent->rb_color = RB_BLACK;
				if (w->rb_left)
					w->rb_left->rb_color = RB_BLACK;
				rotate_right(parent, root);
				x = root->rb_node;
				break;
			}
		}
	}
	if (x)
		x->rb_color = RB_BLACK;
}

fastcall void rb_erase(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *child, *parent;
	int color;

	if (node->rb_left && node->rb_right) {
		/* Two children: the successor (leftmost of the right subtree) takes its place. */
		struct rb_node *succ = node->rb_right;

		while (succ->rb_left)
			succ = succ->rb_left;
		child = succ->rb_right;
		parent = succ->rb_parent;
		color = succ->rb_color;
		if (parent == node) {
			parent = succ;
		} else {
			if (child)
				child->rb_parent = parent;
			parent->rb_left = child;
			succ->rb_right = node->rb_right;
			node->rb_right->rb_parent = succ;
		}
		succ->rb_left = node->rb_left;
		node->rb_left->rb_parent = succ;
		succ->rb_parent = node->rb_parent;
		succ->rb_color = node->rb_color;
		change_child(node, succ, node->rb_parent, root);
	} else {
		child = node->rb_left ? node->rb_left : node->rb_right;
		parent = node->rb_parent;
		color = node->rb_color;
		if (child)
			child->rb_parent = parent;
		change_child(node, child, parent, root);
	}
	if (color == RB_BLACK)
		erase_fixup(child, parent, root);
}

struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_left)
		n = n->rb_left;
	return n;
}

struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_right)
		n = n->rb_right;
	return n;
}

fastcall struct rb_node *rb_next(const struct rb_node *node)
{
	struct rb_node *parent;

	if (node->rb_right) {
		node = node->rb_right;
		while (node->rb_left)
			node = node->rb_left;
		return (struct rb_node *)node;
	}
	while ((parent = node->rb_parent) && node == parent->rb_right)
		node = parent;
	return parent;
}
