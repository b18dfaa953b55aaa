/*
 * A module sharing an interrupt line (IRQF_SHARED): two handlers on COM1's
 * IRQ 4. Its "device" is COM1's transmitter-empty interrupt, which init
 * provokes once (ETBEI with OUT2 set); the handler asks the UART (IIR bit 0
 * clear: an interrupt is pending) and returns IRQ_NONE when the interrupt
 * is not the UART's. The second handler stands for another device on the
 * line that never interrupted: it always returns IRQ_NONE, as a shared
 * handler must when its device is idle. Both are freed on rmmod.
 */
#include <linux/kernel.h>
#include <linux/interrupt.h>
#include <linux/sched.h>
#include <linux/module.h>
#include <asm/io.h>

#define COM1		0x3f8
#define UART_IER	1
#define UART_IIR	2
#define UART_MCR	4
#define UART_IER_THRI	0x02
#define UART_IIR_NO_INT	0x01
#define UART_IIR_THRI	0x02
#define UART_MCR_OUT2	0x08

static int irq = 4;
module_param(irq, int, 0444);
MODULE_PARM_DESC(irq, "the interrupt line to share (COM1's)");

static int uart_cookie, other_cookie;	/* dev_id: tells the two actions apart */
static unsigned int uart_handled, uart_none, other_none;
static u8 saved_ier;

static irqreturn_t irqshare_uart(int line, void *dev_id)
{
	u8 iir = inb(COM1 + UART_IIR);

	if (iir & UART_IIR_NO_INT) {
		uart_none++;
		return IRQ_NONE;	/* the UART did not interrupt: not ours */
	}
	if ((iir & 0x0e) == UART_IIR_THRI)	/* reading IIR cleared it */
		outb(saved_ier & ~UART_IER_THRI, COM1 + UART_IER);
	uart_handled++;
	return IRQ_HANDLED;
}

static irqreturn_t irqshare_other(int line, void *dev_id)
{
	other_none++;
	return IRQ_NONE;
}

static int __init irqshare_init(void)
{
	u8 mcr;
	int err;

	err = request_irq(irq, irqshare_other, IRQF_SHARED, "irqshare-other", &other_cookie);
	if (err)
		return err;
	err = request_irq(irq, irqshare_uart, IRQF_SHARED, "irqshare", &uart_cookie);
	if (err) {
		free_irq(irq, &other_cookie);
		return err;
	}
	saved_ier = inb(COM1 + UART_IER);
	mcr = inb(COM1 + UART_MCR);
	outb(mcr | UART_MCR_OUT2, COM1 + UART_MCR);
	outb(saved_ier | UART_IER_THRI, COM1 + UART_IER);	/* THR is empty: interrupts now */
	msleep(20);
	outb(saved_ier, COM1 + UART_IER);
	outb(mcr, COM1 + UART_MCR);
	pr_info("irqshare: irq %d shared: %u handled by irqshare, irqshare-other returned IRQ_NONE %u times\n",
		irq, uart_handled, other_none);
	return 0;
}

static void __exit irqshare_exit(void)
{
	free_irq(irq, &uart_cookie);
	free_irq(irq, &other_cookie);
	pr_info("irqshare: released irq %d (%u handled, %u not the UART's)\n", irq, uart_handled,
		uart_none);
}

module_init(irqshare_init);
module_exit(irqshare_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("Lucid386");
MODULE_DESCRIPTION("Two handlers on a shared interrupt line, returning IRQ_NONE when idle");
