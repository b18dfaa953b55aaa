/*
 * The input core (Linux's drivers/input/input.c, reduced): lists of devices
 * and handlers, a handle for each pair a handler's match accepts, and event
 * dispatch. input_event keeps the device's key and LED state (a press of a
 * key already down is passed on as a repeat, value 2) and hands every event
 * to the connected handlers. Events may come from interrupt context, so the
 * lists change only with interrupts off.
 */
#include <linux/kernel.h>
#include <linux/input.h>
#include <linux/slab.h>
#include <asm/irqflags.h>

static LIST_HEAD(input_dev_list);
static LIST_HEAD(input_handler_list);

static void input_connect(struct input_handler *handler, struct input_dev *dev)
{
	struct input_handle *h;

	if (handler->match && !handler->match(handler, dev))
		return;
	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return;
	h->dev = dev;
	h->handler = handler;
	list_add_tail(&h->d_node, &dev->h_list);
	list_add_tail(&h->h_node, &handler->h_list);
	if (handler->connect)
		handler->connect(h);
}

int input_register_device(struct input_dev *dev)
{
	struct input_handler *handler;
	unsigned long flags;

	INIT_LIST_HEAD(&dev->h_list);
	__set_bit_ul(EV_SYN, dev->evbit);
	local_irq_save(flags);
	list_add_tail(&dev->node, &input_dev_list);
	list_for_each_entry(handler, &input_handler_list, node)
		input_connect(handler, dev);
	local_irq_restore(flags);
	pr_info("input: %s as %s\n", dev->name, dev->phys ? dev->phys : "input");
	return 0;
}

int input_register_handler(struct input_handler *handler)
{
	struct input_dev *dev;
	unsigned long flags;

	INIT_LIST_HEAD(&handler->h_list);
	local_irq_save(flags);
	list_add_tail(&handler->node, &input_handler_list);
	list_for_each_entry(dev, &input_dev_list, node)
		input_connect(handler, dev);
	local_irq_restore(flags);
	return 0;
}

void input_event(struct input_dev *dev, unsigned int type, unsigned int code, int value)
{
	struct input_handle *h;
	unsigned long flags;

	if (type >= EV_CNT || !test_bit_ul(type, dev->evbit))
		return;
	if (type == EV_KEY) {
		if (code >= KEY_CNT)
			return;
		if (value && test_bit_ul(code, dev->key))
			value = 2;		/* auto-repeat */
		if (value)
			dev->key[code / 32] |= 1UL << (code % 32);
		else if (test_bit_ul(code, dev->key))
			dev->key[code / 32] &= ~(1UL << (code % 32));
		else
			return;			/* a release of a key not down */
	}
	local_irq_save(flags);
	list_for_each_entry(h, &dev->h_list, d_node)
		if (h->handler->event)
			h->handler->event(h, type, code, value);
	local_irq_restore(flags);
}

/* From a handler to the device: LED changes. */
void input_inject_event(struct input_handle *h, unsigned int type, unsigned int code, int value)
{
	struct input_dev *dev = h->dev;

	if (type == EV_LED && code < LED_CNT) {
		if (!!test_bit_ul(code, dev->led) == !!value)
			return;
		if (value)
			dev->led[0] |= 1UL << code;
		else
			dev->led[0] &= ~(1UL << code);
	}
	if (dev->event)
		dev->event(dev, type, code, value);
}
