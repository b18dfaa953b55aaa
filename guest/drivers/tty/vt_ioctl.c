/*
 * The virtual consoles' ioctls (Linux's drivers/tty/vt/vt_ioctl.c, reduced)
 * and console switching. KDGETMODE/KDSETMODE (text or graphics: a console in
 * graphics mode leaves VGA memory to its program), KDGKBTYPE (a 101-key
 * keyboard), the keyboard's own (keyboard.c: modes, key maps, LEDs, key
 * codes), VT_OPENQRY (the first console nobody has open), VT_GETSTATE,
 * VT_ACTIVATE and VT_WAITACTIVE, VT_DISALLOCATE (resets an unused console;
 * the six consoles always exist), VT_GETMODE/VT_SETMODE/VT_RELDISP (a
 * VT_PROCESS console's owner is sent relsig before a switch away and must
 * answer VT_RELDISP 1, and acqsig after a switch to it) and TIOCLINUX's
 * blank, unblank, blanked, foreground-console and scroll subcodes.
 * Consoles 7..63 do not exist here: VT_ACTIVATE and VT_WAITACTIVE on them
 * fail with ENXIO (Linux would allocate them).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/tty.h>
#include "vt.h"

#define KDGETMODE	0x4B3B
#define KDSETMODE	0x4B3A
#define KDGKBTYPE	0x4B33
#define KB_101		0x02
#define KD_TEXT0	2
#define KD_TEXT1	3
#define VT_OPENQRY	0x5600
#define VT_GETMODE	0x5601
#define VT_SETMODE	0x5602
#define VT_GETSTATE	0x5603
#define VT_RELDISP	0x5605
#define VT_ACTIVATE	0x5606
#define VT_WAITACTIVE	0x5607
#define VT_DISALLOCATE	0x5608
#define MAX_NR_CONSOLES	63
/* TIOCLINUX subcodes */
#define TIOCL_UNBLANKSCREEN	4
#define TIOCL_GETFGCONSOLE	12
#define TIOCL_SCROLLCONSOLE	13
#define TIOCL_BLANKSCREEN	14
#define TIOCL_BLANKEDSCREEN	15

struct vt_stat {
	u16 v_active, v_signal, v_state;
};

static DECLARE_WAIT_QUEUE_HEAD(vt_activate_wait);
bool vt_ignore_poke;			/* TIOCL_BLANKSCREEN: keys do not unblank */

static bool vt_in_use(int i)
{
	return vcs[i].tty.count > 0;
}

/* The owner of a VT_PROCESS console, or NULL (it exited: the console goes back to VT_AUTO). */
static struct task_struct *vt_owner(struct vc_data *vc)
{
	struct task_struct *p;

	if (vc->vt_mode.mode != VT_PROCESS)
		return NULL;
	p = find_task_by_pid(vc->vt_pid);
	if (!p || p->exit_state) {
		vc->vt_mode.mode = VT_AUTO;
		vc->vt_newvt = -1;
		return NULL;
	}
	return p;
}

static void complete_change(int n)
{
	struct vc_data *new = &vcs[n];
	struct task_struct *p;

	vc_show(new);
	p = vt_owner(new);
	if (p && new->vt_mode.acqsig)
		send_sig(new->vt_mode.acqsig, p, 1);
	wake_up_all(&vt_activate_wait);
}

/* Alt-Fn, VT_ACTIVATE, ESC [ 12 ; n ]: a VT_PROCESS console in front is asked first. */
void vt_switch(int n)
{
	struct vc_data *old = &vcs[fg_console];
	struct task_struct *p;

	if (n < 0 || n >= NR_VCS || n == fg_console)
		return;
	p = vt_owner(old);
	if (p) {
		old->vt_newvt = n;
		if (old->vt_mode.relsig)
			send_sig(old->vt_mode.relsig, p, 1);
		return;
	}
	complete_change(n);
}

static void vc_deallocate(struct vc_data *vc)
{
	u16 *save = vc->screen;

	vc->screen = vc->buf;
	vc_reset(vc);
	vc->screen = save;
	vc->hist_count = 0;
	vc->kd_mode = KD_TEXT;
	vc->kbd_mode = K_XLATE;
	memset(&vc->vt_mode, 0, sizeof(vc->vt_mode));
	vc->vt_newvt = -1;
}

static long tioclinux(struct vc_data *vc, unsigned long arg)
{
	u8 sub;
	int lines;

	if (get_user(sub, (u8 __user *)arg))
		return -EFAULT;
	switch (sub) {
	case TIOCL_UNBLANKSCREEN:
		vt_ignore_poke = false;
		vt_poke_blank();
		return 0;
	case TIOCL_BLANKSCREEN:
		vt_ignore_poke = true;
		vt_do_blank(true);
		return 0;
	case TIOCL_BLANKEDSCREEN:
		return vt_blanked() ? fg_console + 1 : 0;
	case TIOCL_GETFGCONSOLE:
		return fg_console;
	case TIOCL_SCROLLCONSOLE:
		if (get_user(lines, (int __user *)(arg + 4)))
			return -EFAULT;
		vt_scrollback(lines ? -lines : -ROWS / 2);
		return 0;
	}
	return -EINVAL;
}

long vt_ioctl(struct tty_struct *tty, struct file *f, unsigned int cmd, unsigned long arg)
{
	struct vc_data *vc = tty->driver_data;
	void __user *up = (void __user *)arg;
	struct vt_stat st;
	struct vt_mode m;
	int i;

	switch (cmd) {
	case TIOCLINUX:
		return tioclinux(vc, arg);
	case KDGKBTYPE:
		return put_user((u8)KB_101, (u8 __user *)up) ? -EFAULT : 0;
	case KDGETMODE:
		return put_user(vc->kd_mode, (int __user *)up) ? -EFAULT : 0;
	case KDSETMODE:
		if (arg == KD_TEXT0 || arg == KD_TEXT1)
			arg = KD_TEXT;
		if (arg != KD_TEXT && arg != KD_GRAPHICS)
			return -EINVAL;
		vc->kd_mode = arg;
		vc_refresh(vc);
		return 0;
	case VT_OPENQRY:
		for (i = 0; i < NR_VCS && vt_in_use(i); i++)
			;
		return put_user(i < NR_VCS ? i + 1 : -1, (int __user *)up) ? -EFAULT : 0;
	case VT_GETMODE:
		return copy_to_user(up, &vc->vt_mode, sizeof(m)) ? -EFAULT : 0;
	case VT_SETMODE:
		if (copy_from_user(&m, up, sizeof(m)))
			return -EFAULT;
		if (m.mode != VT_AUTO && m.mode != VT_PROCESS)
			return -EINVAL;
		m.frsig = 0;
		vc->vt_mode = m;
		vc->vt_pid = current->pid;
		vc->vt_newvt = -1;
		return 0;
	case VT_GETSTATE:
		st.v_active = fg_console + 1;
		st.v_signal = 0;
		st.v_state = 1;
		for (i = 0; i < NR_VCS; i++)
			if (vt_in_use(i))
				st.v_state |= 2 << i;
		return copy_to_user(up, &st, sizeof(st)) ? -EFAULT : 0;
	case VT_ACTIVATE:
		if (arg == 0 || arg > MAX_NR_CONSOLES || arg > NR_VCS)
			return -ENXIO;
		vt_switch(arg - 1);
		return 0;
	case VT_WAITACTIVE:
		if (arg == 0 || arg > MAX_NR_CONSOLES || arg > NR_VCS)
			return -ENXIO;
		{
			struct wait_queue_entry w;

			init_wait_entry(&w, 0);
			for (;;) {
				prepare_to_wait(&vt_activate_wait, &w, TASK_INTERRUPTIBLE);
				if (fg_console == (int)arg - 1 || signal_pending(current))
					break;
				schedule();
			}
			finish_wait(&vt_activate_wait, &w);
		}
		return fg_console == (int)arg - 1 ? 0 : -EINTR;
	case VT_RELDISP:
		if (vc->vt_mode.mode != VT_PROCESS)
			return -EINVAL;
		if (vc->vt_newvt >= 0) {
			int n = vc->vt_newvt;

			vc->vt_newvt = -1;
			if (arg)
				complete_change(n);
		} else if (arg != VT_ACKACQ) {
			return -EINVAL;
		}
		return 0;
	case VT_DISALLOCATE:
		if (arg > MAX_NR_CONSOLES)
			return -ENXIO;
		if (arg == 0) {
			for (i = 1; i < NR_VCS; i++)
				if (!vt_in_use(i) && i != fg_console)
					vc_deallocate(&vcs[i]);
			return 0;
		}
		i = arg - 1;
		if (i >= NR_VCS)
			return 0;
		if (vt_in_use(i) || i == fg_console)
			return -EBUSY;
		if (i)
			vc_deallocate(&vcs[i]);
		return 0;
	}
	return kbd_ioctl(vc, cmd, arg);
}
