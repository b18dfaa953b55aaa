/*
 * A small kernel-shaped program for the debugger's tests: the same kinds of
 * globals, structs, lists and strings the guest kernel has, compiled -m32 -g
 * and linked at the kernel's addresses (virtual 0xC0100000, physical 1 MiB),
 * so symbols, DWARF, the expression evaluator and the kernel views can be
 * tested against a real ELF without a running machine.
 */
struct list_head {
	struct list_head *next, *prev;
};

struct rb_node {
	unsigned long __rb_parent_color;
	struct rb_node *rb_right;
	struct rb_node *rb_left;
};

struct rb_root {
	struct rb_node *rb_node;
};

struct rb_root_cached {
	struct rb_root rb_root;
	struct rb_node *rb_leftmost;
};

struct sched_entity {
	struct rb_node run_node;
	unsigned long long vruntime;
	unsigned long long sum_exec_runtime;
};

struct sched_rt_entity {
	struct list_head run_list;
};

struct vm_area_struct {
	unsigned long vm_start, vm_end;
	struct vm_area_struct *vm_next;
	unsigned long vm_flags;
};

struct mm_struct {
	struct vm_area_struct *mmap;
	unsigned long long *pgd;
	int map_count;
};

enum color { RED, GREEN = 5, BLUE };

struct task_struct {
	volatile long state;
	int pid;
	int tgid;
	int prio;
	int static_prio;
	unsigned int policy;
	unsigned int flags;
	struct sched_entity se;
	struct sched_rt_entity rt;
	struct list_head tasks;
	struct task_struct *real_parent;
	struct task_struct *parent;
	struct mm_struct *mm, *active_mm;
	char comm[16];
	unsigned int small : 3, medium : 5;
	union {
		int u_i;
		char u_c;
	};
	void (*fn)(int);
	enum color color;
};

typedef struct task_struct task_t;

extern struct task_struct task1, task2;
struct vm_area_struct vma2 = { 0x08050000, 0x08060000, 0, 0x3 };
struct vm_area_struct vma1 = { 0x08048000, 0x08050000, &vma2, 0x5 };
struct mm_struct init_mm = { .mmap = &vma1, .map_count = 7 };

struct task_struct init_task = {
	.state = 0, .pid = 0, .tgid = 0, .prio = 120, .static_prio = 120,
	.se = { .vruntime = 1000 },
	.tasks = { &task1.tasks, &task2.tasks },
	.real_parent = &init_task, .parent = &init_task,
	.active_mm = &init_mm,
	.comm = "swapper",
	.small = 5, .medium = 17, .u_i = -2, .color = BLUE,
};
struct task_struct task1 = {
	.state = 1, .pid = 1, .tgid = 1, .prio = 120, .static_prio = 120,
	.se = { .vruntime = 2000, .run_node = { 0, 0, 0 } },
	.tasks = { &task2.tasks, &init_task.tasks },
	.real_parent = &init_task, .parent = &init_task,
	.mm = &init_mm, .active_mm = &init_mm,
	.comm = "init",
};
struct task_struct task2 = {
	.state = 1, .pid = 2, .tgid = 2, .prio = 120, .static_prio = 120,
	.se = { .vruntime = 3000, .run_node = { 0, 0, &task1.se.run_node } },
	.tasks = { &init_task.tasks, &task1.tasks },
	.real_parent = &init_task, .parent = &init_task,
	.active_mm = &init_mm,
	.comm = "kthreadd", .flags = 0x00200000,
};

volatile unsigned long jiffies = 12345;
unsigned long long jiffies_64 = 12345;
const char *banner = "Lucid fixture";
int table[20] = { 1, 2, 3 };
short shorts[4] = { -1, 2, -3, 4 };
enum color favorite = GREEN;
char __log_buf[256] = "<6>Hello\n<4>World\n";
unsigned int log_end = 18;
struct task_struct *current_task = &task1;
#define HZ_VALUE 100
const int HZ = HZ_VALUE;
task_t *typed_ptr = &task2;
signed char neg_char = -3;
void (*hook)(int);

static int helper(int x)
{
	return x * 3 + (int)jiffies;
}

void start_kernel(void)
{
	int i;

	for (i = 0; i < 3; i++)
		table[i] = helper(i);
	jiffies++;
}

void _start(void)
{
	start_kernel();
	for (;;)
		;
}

/* The scheduler's run queue: task2's node is the root, task1 its left child,
 * so an in-order walk gives task1 (vruntime 2000) then task2 (3000). */
struct cfs_rq {
	struct rb_root_cached tasks_timeline;
	unsigned long long min_vruntime;
};
struct rt_prio_array {
	struct list_head queue[100];
};
struct rt_rq {
	struct rt_prio_array active;
};
struct rq {
	unsigned int nr_running;
	struct cfs_rq cfs;
	struct rt_rq rt;
};
struct rq runqueues = {
	.nr_running = 2,
	.cfs = { .tasks_timeline = { { &task2.se.run_node }, &task1.se.run_node },
		 .min_vruntime = 2000 },
};

/* The buddy allocator's view: two zones, free counts per order. */
struct free_area {
	unsigned long nr_free;
};
struct zone {
	const char *name;
	unsigned long managed_pages;
	struct free_area free_area[11];
};
struct pglist_data {
	struct zone node_zones[2];
};
struct pglist_data contig_page_data = {
	.node_zones = {
		{ "DMA", 3840, { { 1 }, { 2 }, { 0 }, { 3 } } },
		{ "Normal", 12288, { { 5 }, [10] = { 2 } } },
	},
};
unsigned long totalram_pages = 16128;

/* Slab caches on a list. */
struct kmem_cache {
	const char *name;
	unsigned int object_size;
	unsigned int num;
	unsigned long active_objs;
	struct list_head list;
};
extern struct list_head slab_caches;
struct kmem_cache cache_b = { "task_struct", 1600, 2, 3, { &slab_caches, 0 } };
struct kmem_cache cache_a = { "kmalloc-32", 32, 128, 40, { &cache_b.list, &slab_caches } };
struct list_head slab_caches = { &cache_a.list, &cache_b.list };

/* Interrupt descriptors with their actions. */
struct irqaction {
	const char *name;
	struct irqaction *next;
};
struct irq_desc {
	void (*handle_irq)(int);
	struct irqaction *action;
	unsigned int kstat_irqs;
};
static void handle_level_irq(int irq)
{
	(void)irq;
}
struct irqaction timer_action = { "timer", 0 };
struct irqaction serial_action = { "serial", 0 };
struct irq_desc irq_desc[16] = {
	[0] = { handle_level_irq, &timer_action, 250 },
	[4] = { handle_level_irq, &serial_action, 7 },
};

/* Frames and locals (tests/unit/dbg_frame_test.c): a struct pointer and an
 * int parameter, locals at function level and in a nested block, one
 * shadowing a global, and a variable kept in a register. Never called: the
 * tests build its stack frame by hand. The frame: comments mark lines the
 * tests look up. */
struct pair {
	int a, b;
};
struct pair pair_one = { 7, 35 };

int sum_pair(struct pair *pp, int scale)
{
	int total = pp->a * scale;
	int favorite = scale * 3;
	register int hot asm("ebx") = scale + 1;

	if (scale > 0) {
		int inner = pp->b + hot;

		total += inner + favorite;	/* frame: inner */
	}
	return total + hot;	/* frame: outer */
}

/* An inlined call, even at -O0 (always_inline): gcc describes it with a
 * DW_TAG_inlined_subroutine inside use_twice, which the debugger shows as a
 * frame of its own, as gdb does. */
static inline __attribute__((always_inline)) int twice(int v)
{
	int doubled = v * 2;	/* frame: inlined */

	return doubled;
}

int use_twice(int w)
{
	int r = twice(w + 1);	/* frame: call */

	return r;
}
