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

struct sched_entity {
	unsigned long long vruntime;
	unsigned long long sum_exec_runtime;
};

struct mm_struct {
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
struct mm_struct init_mm = { .map_count = 7 };

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
	.se = { .vruntime = 2000 },
	.tasks = { &task2.tasks, &init_task.tasks },
	.real_parent = &init_task, .parent = &init_task,
	.mm = &init_mm, .active_mm = &init_mm,
	.comm = "init",
};
struct task_struct task2 = {
	.state = 1, .pid = 2, .tgid = 2, .prio = 120, .static_prio = 120,
	.se = { .vruntime = 3000 },
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
