/*
 * The list of state sections (vmsection.h): kept sorted by order class,
 * registration order within a class, so saving is one walk.
 */
#include <stdio.h>
#include <stdlib.h>

#include "emu/board/vmsection.h"

struct vm_section *vm_register_section(struct vm_sections *l, const char *name, int order,
				       vm_save_fn *save, vm_load_fn *load, void *opaque)
{
	struct vm_section *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	*s = (struct vm_section){ .name = name, .order = order, .save = save, .load = load,
				  .opaque = opaque };
	struct vm_section **pp = &l->head;
	while (*pp && (*pp)->order <= order)
		pp = &(*pp)->next;
	s->next = *pp;
	*pp = s;
	return s;
}

void vm_unregister_sections(struct vm_sections *l, const void *opaque)
{
	struct vm_section **pp = &l->head;
	while (*pp) {
		struct vm_section *s = *pp;
		if (s->opaque == opaque) {
			*pp = s->next;
			free(s);
		} else {
			pp = &s->next;
		}
	}
}

void vm_sections_free(struct vm_sections *l)
{
	while (l->head) {
		struct vm_section *s = l->head;
		l->head = s->next;
		free(s);
	}
}

void vm_sections_save(const struct vm_sections *l, struct snap_writer *w, int from, int to)
{
	for (const struct vm_section *s = l->head; s; s = s->next)
		if (s->order >= from && s->order < to && s->save)
			s->save(s->opaque, w);
}

int vm_sections_load(struct vm_sections *l, struct snap_reader *r, int from, int to)
{
	for (struct vm_section *s = l->head; s; s = s->next) {
		if (s->order < from || s->order >= to || !s->load)
			continue;
		s->loaded_at = r->pos;
		if (s->load(s->opaque, r))
			return -1;
	}
	return 0;
}

int vm_sections_after_load(const struct vm_sections *l, struct snap_reader *r)
{
	for (const struct vm_section *s = l->head; s; s = s->next) {
		if (!s->after_load)
			continue;
		struct snap_reader again;
		snap_reader_init(&again, r->buf, r->len);
		again.pos = s->loaded_at;
		if (s->after_load(s->opaque, &again)) {
			snprintf(r->error, sizeof(r->error), "%s", again.error);
			return -1;
		}
	}
	return 0;
}
