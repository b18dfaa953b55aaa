/*
 * Memory totals: buddyinfo (free blocks per zone and order, from
 * contig_page_data's zones), meminfo (MemTotal from totalram_pages, MemFree
 * from the free areas) and slabinfo (/proc/slabinfo's columns from
 * slab_caches, whichever field names this kernel's allocator has).
 */
#include "debugger/kview/kview.h"

/* Free blocks per zone and order (buddyinfo), or the totals (meminfo). */
static int zone_free(struct dbg *d, bool meminfo)
{
	u64 nz;
	const char *pg = "contig_page_data";
	if (!kview_need(d, kview_eval(d, &nz, "sizeof(%s.node_zones) / sizeof(%s.node_zones[0])", pg, pg),
		  "contig_page_data.node_zones"))
		return -1;
	u64 total_free = 0, total_managed = 0;
	for (u64 z = 0; z < nz && z < 8; z++) {
		char name[32] = "?";
		u64 np, orders;
		if (kview_eval(d, &np, "(unsigned long)%s.node_zones[%llu].name", pg, (unsigned long long)z))
			kview_read_str(d, (u32)np, name, sizeof(name));
		if (!kview_eval(d, &orders, "sizeof(%s.node_zones[0].free_area) / sizeof(%s.node_zones[0].free_area[0])",
			pg, pg))
			orders = 0;
		u64 managed = 0;
		if (!kview_eval(d, &managed, "%s.node_zones[%llu].managed_pages", pg, (unsigned long long)z))
			kview_eval(d, &managed, "%s.node_zones[%llu].present_pages", pg, (unsigned long long)z);
		total_managed += managed;
		if (!meminfo)
			dbg_printf(d, "Node 0, zone %8s", name);
		for (u64 o = 0; o < orders; o++) {
			u64 nf = 0;
			kview_eval(d, &nf, "%s.node_zones[%llu].free_area[%llu].nr_free", pg,
			   (unsigned long long)z, (unsigned long long)o);
			total_free += nf << o;
			if (!meminfo)
				dbg_printf(d, " %6llu", (unsigned long long)nf);
		}
		if (!meminfo)
			dbg_printf(d, "\n");
	}
	if (meminfo) {
		u64 total = 0;
		if (!kview_eval(d, &total, "totalram_pages"))
			total = total_managed;
		dbg_printf(d, "MemTotal:  %8llu kB\n", (unsigned long long)(total * 4));
		dbg_printf(d, "MemFree:   %8llu kB\n", (unsigned long long)(total_free * 4));
	}
	return 0;
}

static int cmd_slabinfo(struct dbg *d, const char *args)
{
	u32 off_list;
	u64 head;
	if (!kview_need(d, kview_member_off(d, "struct kmem_cache", "list", &off_list) &&
			     kview_eval(d, &head, "&slab_caches"),
		  "slab_caches / struct kmem_cache.list"))
		return -1;
	/* /proc/slabinfo's columns, each from the first field name this kernel has. */
	dbg_printf(d, "# name            <active_objs> <num_objs> <objsize> <objperslab> "
		      "<pagesperslab> : slabdata <num_slabs>\n");
	u32 p;
	if (dbg_read_linear(d, (u32)head, &p, 4) != 0)
		return -1;
	static const char *const f_active[] = { "active_objs", "num_active", NULL };
	static const char *const f_total[] = { "total_objs", "num_objs", NULL };
	static const char *const f_size[] = { "object_size", "size", NULL };
	static const char *const f_per[] = { "num", "objects", "objs_per_slab", NULL };
	static const char *const f_order[] = { "order", "gfporder", NULL };
	static const char *const f_slabs[] = { "nr_slabs", "num_slabs", NULL };
	const char *const *fields[] = { f_active, f_total, f_size, f_per, f_order, f_slabs };
	for (int g = 0; p && p != (u32)head && g < 4096; g++) {
		u32 c = p - off_list;
		char name[40] = "?";
		u64 np, v[6];
		if (kview_eval(d, &np, "(unsigned long)((struct kmem_cache *)0x%x)->name", c))
			kview_read_str(d, (u32)np, name, sizeof(name));
		for (int k = 0; k < 6; k++) {
			v[k] = 0;
			for (const char *const *f = fields[k]; *f; f++)
				if (kview_eval(d, &v[k], "((struct kmem_cache *)0x%x)->%s", c, *f))
					break;
		}
		dbg_printf(d, "%-17s %13llu %10llu %9llu %12llu %15llu : slabdata %11llu\n", name,
			   (unsigned long long)v[0], (unsigned long long)v[1], (unsigned long long)v[2],
			   (unsigned long long)v[3], 1ull << (v[4] & 31), (unsigned long long)v[5]);
		if (dbg_read_linear(d, p, &p, 4) != 0)
			break;
	}
	return 0;
}

static int cmd_buddyinfo(struct dbg *d, const char *args)
{
	return zone_free(d, false);
}

static int cmd_meminfo(struct dbg *d, const char *args)
{
	return zone_free(d, true);
}

const struct dbg_command kview_meminfo_commands[] = {
	{ "slabinfo", NULL, cmd_slabinfo, "slabinfo: slab caches" },
	{ "buddyinfo", NULL, cmd_buddyinfo, "buddyinfo: free blocks per order and zone" },
	{ "meminfo", NULL, cmd_meminfo, "meminfo: memory totals" },
	{ NULL, NULL, NULL, NULL },
};
