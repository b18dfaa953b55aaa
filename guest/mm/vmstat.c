/*
 * /proc/pagetypeinfo (Linux's mm/vmstat.c, the same layout): the pageblock
 * size, the free blocks of each order on each migrate type's list, and how
 * many pageblocks of each zone have each type.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/seq_file.h>
#include <asm/irqflags.h>

static void pagetypeinfo_showfree(struct seq_file *m, struct zone *zone)
{
	int mt, order;

	for (mt = 0; mt < MIGRATE_TYPES; mt++) {
		seq_printf(m, "Node %4d, zone %8s, type %12s ", 0, zone->name, migratetype_names[mt]);
		for (order = 0; order < MAX_ORDER; order++) {
			struct list_head *p, *list = &zone->free_area[order].free_list[mt];
			unsigned long n = 0;

			/* Linux stops counting at 100000 and prints ">100000". */
			for (p = list->next; p != list && n < 100000; p = p->next)
				n++;
			seq_printf(m, "%s%6lu ", n >= 100000 ? ">" : "", n);
		}
		seq_putc(m, '\n');
	}
}

static void pagetypeinfo_showblockcount(struct seq_file *m, struct zone *zone)
{
	unsigned long count[MIGRATE_TYPES] = { 0 };
	unsigned long pfn, end = zone->zone_start_pfn + zone->spanned_pages;
	int mt;

	for (pfn = zone->zone_start_pfn; pfn < end; pfn += pageblock_nr_pages)
		count[get_pageblock_migratetype(pfn_to_page(pfn))]++;
	seq_printf(m, "Node %d, zone %8s ", 0, zone->name);
	for (mt = 0; mt < MIGRATE_TYPES; mt++)
		seq_printf(m, "%12lu ", count[mt]);
	seq_putc(m, '\n');
}

int pagetypeinfo_show(struct seq_file *m, void *v)
{
	pg_data_t *pgdat = NODE_DATA(0);
	unsigned long flags;
	int z, mt, order;

	seq_printf(m, "Page block order: %d\n", pageblock_order);
	seq_printf(m, "Pages per block:  %lu\n", pageblock_nr_pages);
	seq_putc(m, '\n');
	seq_printf(m, "%-43s ", "Free pages count per migrate type at order");
	for (order = 0; order < MAX_ORDER; order++)
		seq_printf(m, "%6d ", order);
	seq_putc(m, '\n');
	local_irq_save(flags);		/* the lists change under interrupts */
	for (z = 0; z < MAX_NR_ZONES; z++)
		if (pgdat->node_zones[z].present_pages)
			pagetypeinfo_showfree(m, &pgdat->node_zones[z]);
	local_irq_restore(flags);
	seq_printf(m, "\n%-23s", "Number of blocks type ");
	for (mt = 0; mt < MIGRATE_TYPES; mt++)
		seq_printf(m, "%12s ", migratetype_names[mt]);
	seq_putc(m, '\n');
	for (z = 0; z < MAX_NR_ZONES; z++)
		if (pgdat->node_zones[z].present_pages)
			pagetypeinfo_showblockcount(m, &pgdat->node_zones[z]);
	return 0;
}
