/*
 * The 8042 keyboard controller (IBM PS/2 Hardware Interface Technical
 * Reference, "Keyboard/Auxiliary Device Controller") with a PS/2 keyboard
 * (IBM "Keyboard and Auxiliary Device" reference: commands ED, EE, F0, F2,
 * F3, F4, F5, F6, FF; scan code set 2, translated to set 1 by the controller
 * when command byte bit 6 says so) and a PS/2 mouse (same reference, plus
 * Microsoft's IntelliMouse extension: sample rates 200, 100, 80 switch the
 * device ID to 3 and the packets to 4 bytes; 200, 200, 80 then give ID 4
 * with buttons 4 and 5). A sample rate other than 10, 20, 40, 60, 80, 100 or
 * 200, or a resolution over 3, is answered Resend (FE) and awaited again.
 *
 * Bytes wait in three queues: the controller's own replies, the keyboard's
 * and the mouse's; the single output buffer at port 0x60 is refilled from
 * them in that order when the guest reads it, and IRQ1/IRQ12 follow the
 * output buffer (a level that drops on read, so every byte is a new edge).
 * Typematic repeat is a timer on the virtual clock. Host keys and mouse
 * motion arrive only through the input queue.
 */
#include <linux/input-event-codes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/i8042.h"
#include "devices/ps2_keymap.h"
#include "emu/lib/log.h"

enum {
	ST_OBF = 0x01, ST_SYS = 0x04, ST_A2 = 0x08, ST_UNLOCKED = 0x10, ST_AUXB = 0x20,
	CB_KBD_INT = 0x01, CB_AUX_INT = 0x02, CB_SYS = 0x04, CB_KBD_OFF = 0x10,
	CB_AUX_OFF = 0x20, CB_XLATE = 0x40,
	OP_RESET = 0x01, OP_A20 = 0x02,
	ACK = 0xFA, RESEND = 0xFE,
	QLEN = 32,
};

struct ps2_queue {
	u8 data[QLEN];
	u8 rd, count;
};

struct i8042_state {
	struct ps2_queue ctl, kbd, aux;
	u8 ctl_aux[QLEN];	/* controller-queue bytes that appear as mouse data (0xD3) */
	u8 cmd_byte;
	u8 out;			/* the output buffer */
	bool out_full, out_aux;
	bool last_was_cmd;	/* status bit 3: last write went to 0x64 */
	u8 pending;		/* controller command waiting for its data byte */
	u8 outport;
	bool xlat_break;	/* translation saw F0: the next byte is a release */
	/* keyboard */
	bool kbd_scan;		/* scanning enabled (F4/F5) */
	u8 kbd_pending;		/* ED, F0 or F3 waiting for its parameter */
	u8 kbd_set, leds, typematic;
	u16 rep_key;		/* key held for typematic repeat, 0 = none */
	u64 rep_deadline;	/* CLOCK_NEVER when not armed */
	/* mouse */
	bool m_enabled, m_remote, m_wrap, m_scale21;
	u8 m_pending, m_rate, m_res, m_id;
	u8 m_hist[3];		/* the last three sample rates, for the wheel handshake */
	u8 m_buttons;
	bool m_dirty;		/* buttons changed since the last packet */
	s32 m_dx, m_dy, m_dz;	/* motion not yet reported (dy: +up, dz: +towards user) */
};

struct i8042 {
	struct device dev;
	struct bus *bus;
	struct input_queue *in;		/* our INPUT_KEY and INPUT_MOUSE handlers' queue */
	struct clock *clock;
	struct irq_line *kbd_irq, *aux_irq;
	void (*reset_cb)(void *);
	void *reset_opaque;
	struct timer rep_timer;
	struct i8042_state s;
};

/* ---- queues and the output buffer ---- */

static bool q_push(struct ps2_queue *q, u8 v)
{
	if (q->count >= QLEN)
		return false;
	q->data[(q->rd + q->count++) % QLEN] = v;
	return true;
}

static u8 q_pop(struct ps2_queue *q)
{
	u8 v = q->data[q->rd];
	q->rd = (q->rd + 1) % QLEN;
	q->count--;
	return v;
}

static void q_clear(struct ps2_queue *q) { q->rd = q->count = 0; }

static void update_irqs(struct i8042 *k)
{
	struct i8042_state *s = &k->s;
	irq_set(k->kbd_irq, s->out_full && !s->out_aux && (s->cmd_byte & CB_KBD_INT));
	irq_set(k->aux_irq, s->out_full && s->out_aux && (s->cmd_byte & CB_AUX_INT));
}

static void mouse_try_send(struct i8042 *k);

/* Move the next waiting byte into the output buffer if it is free. */
static void refill(struct i8042 *k)
{
	struct i8042_state *s = &k->s;
	if (!s->out_full && s->ctl.count) {
		s->out_aux = s->ctl_aux[s->ctl.rd];
		s->out = q_pop(&s->ctl);
		s->out_full = true;
	}
	while (!s->out_full && s->kbd.count && !(s->cmd_byte & CB_KBD_OFF)) {
		u8 b = q_pop(&s->kbd);
		if (s->cmd_byte & CB_XLATE) {
			if (b == 0xF0) {
				s->xlat_break = true;
				continue;
			}
			b = ps2_translate(b) | (s->xlat_break ? 0x80 : 0);
			s->xlat_break = false;
		}
		s->out = b;
		s->out_aux = false;
		s->out_full = true;
	}
	if (!s->out_full && s->aux.count && !(s->cmd_byte & CB_AUX_OFF)) {
		s->out = q_pop(&s->aux);
		s->out_aux = true;
		s->out_full = true;
	}
	update_irqs(k);
	if (!s->aux.count)
		mouse_try_send(k);
}

static void ctl_reply(struct i8042 *k, u8 v, bool aux)
{
	struct i8042_state *s = &k->s;
	u8 slot = (s->ctl.rd + s->ctl.count) % QLEN;
	if (q_push(&s->ctl, v))
		s->ctl_aux[slot] = aux;
	refill(k);
}

static void kbd_reply(struct i8042 *k, u8 v)
{
	q_push(&k->s.kbd, v);
	refill(k);
}

static void aux_reply(struct i8042 *k, u8 v)
{
	q_push(&k->s.aux, v);
	refill(k);
}

/* ---- keyboard ---- */

static u64 ns_to_deadline(struct i8042 *k, u64 ns)
{
	return k->clock->icount + clock_ns_to_icount(k->clock, ns);
}

/* Typematic delay and period from the F3 byte: 250-1000 ms; 33-500 ms (2-30 cps). */
static u64 rep_delay_ns(u8 t) { return (u64)(((t >> 5) & 3) + 1) * 250000000u; }
static u64 rep_period_ns(u8 t)
{
	return (u64)(8 + (t & 7)) * (1u << ((t >> 3) & 3)) * 1000000000u / 240u;
}

static void kbd_defaults(struct i8042 *k)
{
	struct i8042_state *s = &k->s;
	s->kbd_set = 2;
	s->typematic = 0x2B;	/* 500 ms, 10.9 cps */
	s->rep_key = 0;
	s->rep_deadline = CLOCK_NEVER;
	timer_del(k->clock, &k->rep_timer);
}

static void send_key(struct i8042 *k, unsigned key, bool pressed)
{
	u8 seq[PS2_MAX_SEQ];
	int n = ps2_key_sequence(key, pressed, k->s.kbd_set == 1 ? 1 : 2, seq);
	if (k->s.kbd.count + n > QLEN)
		return;			/* the keyboard's buffer is full: the key is lost */
	for (int i = 0; i < n; i++)
		q_push(&k->s.kbd, seq[i]);
	refill(k);
}

static void rep_fire(void *opaque)
{
	struct i8042 *k = opaque;
	struct i8042_state *s = &k->s;
	s->rep_deadline = CLOCK_NEVER;
	if (!s->rep_key || !s->kbd_scan)
		return;
	send_key(k, s->rep_key, true);
	/* From the previous deadline, so repeats do not drift with callback latency. */
	s->rep_deadline = k->rep_timer.deadline +
			  clock_ns_to_icount(k->clock, rep_period_ns(s->typematic));
	timer_mod(k->clock, &k->rep_timer, s->rep_deadline);
}

static void on_key(void *opaque, const struct input_event *ev)
{
	struct i8042 *k = opaque;
	struct i8042_state *s = &k->s;
	if (!s->kbd_scan)
		return;
	bool pressed = ev->b != 0;
	send_key(k, ev->a, pressed);
	if (pressed && ps2_key_repeats(ev->a)) {
		s->rep_key = ev->a;
		s->rep_deadline = ns_to_deadline(k, rep_delay_ns(s->typematic));
		timer_mod(k->clock, &k->rep_timer, s->rep_deadline);
	} else if (!pressed && ev->a == s->rep_key) {
		s->rep_key = 0;
		s->rep_deadline = CLOCK_NEVER;
		timer_del(k->clock, &k->rep_timer);
	}
}

/* A byte from the host to the keyboard (port 0x60 without a pending controller command). */
static void kbd_write(struct i8042 *k, u8 v)
{
	struct i8042_state *s = &k->s;
	if (s->kbd_pending) {
		u8 c = s->kbd_pending;
		s->kbd_pending = 0;
		if (c == 0xED) {
			s->leds = v & 7;
			kbd_reply(k, ACK);
			return;
		}
		if (c == 0xF3) {
			s->typematic = v & 0x7F;
			kbd_reply(k, ACK);
			return;
		}
		if (c == 0xF0) {
			if (v == 0) {
				kbd_reply(k, ACK);
				kbd_reply(k, s->kbd_set);
			} else if (v <= 3) {
				s->kbd_set = v;
				kbd_reply(k, ACK);
			} else {
				kbd_reply(k, RESEND);
			}
			return;
		}
	}
	switch (v) {
	case 0xED: case 0xF3: case 0xF0:
		s->kbd_pending = v;
		kbd_reply(k, ACK);
		break;
	case 0xEE:			/* echo */
		kbd_reply(k, 0xEE);
		break;
	case 0xF2:			/* identify: MF2 keyboard */
		kbd_reply(k, ACK);
		kbd_reply(k, 0xAB);
		kbd_reply(k, 0x83);
		break;
	case 0xF4:
		q_clear(&s->kbd);
		s->kbd_scan = true;
		kbd_reply(k, ACK);
		break;
	case 0xF5:			/* disable and restore defaults */
		q_clear(&s->kbd);
		kbd_defaults(k);
		s->kbd_scan = false;
		kbd_reply(k, ACK);
		break;
	case 0xF6:
		q_clear(&s->kbd);
		kbd_defaults(k);
		s->kbd_scan = true;
		kbd_reply(k, ACK);
		break;
	case 0xF7: case 0xF8: case 0xF9: case 0xFA: case 0xFB: case 0xFC: case 0xFD:
		kbd_reply(k, ACK);	/* set 3 key types: accepted, no effect in set 2 */
		break;
	case 0xFE:
		kbd_reply(k, ACK);
		break;
	case 0xFF:			/* reset: ACK, then the basic assurance test passed */
		q_clear(&s->kbd);
		kbd_defaults(k);
		s->leds = 0;
		s->kbd_scan = true;
		kbd_reply(k, ACK);
		kbd_reply(k, 0xAA);
		break;
	default:
		kbd_reply(k, RESEND);
		break;
	}
}

/* ---- mouse ---- */

static void mouse_defaults(struct i8042_state *s)
{
	s->m_rate = 100;
	s->m_res = 2;
	s->m_scale21 = false;
	s->m_remote = false;
	s->m_enabled = false;
	s->m_dx = s->m_dy = s->m_dz = 0;
	s->m_dirty = false;
}

static s32 clamp(s32 v, s32 lo, s32 hi) { return v < lo ? lo : v > hi ? hi : v; }

/* 2:1 scaling of stream reports (the reference's table for 0..5, then doubling). */
static s32 scale21(s32 d)
{
	static const s8 t[6] = { 0, 1, 1, 3, 6, 9 };
	s32 a = d < 0 ? -d : d;
	a = a < 6 ? t[a] : 2 * a;
	return d < 0 ? -a : a;
}

/* Queue one movement packet from the accumulated motion (3 or 4 bytes). */
static void mouse_packet(struct i8042 *k, bool stream)
{
	struct i8042_state *s = &k->s;
	s32 dx = clamp(s->m_dx, -256, 255), dy = clamp(s->m_dy, -256, 255);
	bool xo = dx != s->m_dx, yo = dy != s->m_dy;
	s32 dz = s->m_id == 4 ? clamp(s->m_dz, -8, 7) : clamp(s->m_dz, -128, 127);
	s->m_dx -= dx;
	s->m_dy -= dy;
	s->m_dz = s->m_id >= 3 ? s->m_dz - dz : 0;
	if (xo)
		s->m_dx = 0;
	if (yo)
		s->m_dy = 0;
	if (stream && s->m_scale21) {
		dx = clamp(scale21(dx), -256, 255);
		dy = clamp(scale21(dy), -256, 255);
	}
	u8 b0 = 0x08 | (s->m_buttons & 1) | (s->m_buttons & 2) | (s->m_buttons & 4) |
		(dx < 0) << 4 | (dy < 0) << 5 | xo << 6 | yo << 7;
	q_push(&s->aux, b0);
	q_push(&s->aux, (u8)dx);
	q_push(&s->aux, (u8)dy);
	if (s->m_id == 3)
		q_push(&s->aux, (u8)dz);
	else if (s->m_id == 4)
		q_push(&s->aux, (dz & 0x0F) | (s->m_buttons & 0x18) << 1);
	s->m_dirty = false;
}

/* In stream mode, report pending motion once the previous packet has been read. */
static void mouse_try_send(struct i8042 *k)
{
	struct i8042_state *s = &k->s;
	if (!s->m_enabled || s->m_remote || s->aux.count)
		return;
	if (!s->m_dirty && !s->m_dx && !s->m_dy && !s->m_dz)
		return;
	mouse_packet(k, true);
	refill(k);
}

static void on_mouse(void *opaque, const struct input_event *ev)
{
	struct i8042 *k = opaque;
	struct i8042_state *s = &k->s;
	u8 buttons = ev->c & 0x1F;
	s8 wheel = (s8)(ev->c >> 8);
	if (!s->m_enabled && !s->m_remote) {
		s->m_buttons = buttons;	/* a disabled mouse in stream mode reports nothing */
		return;
	}
	s->m_dx = clamp(s->m_dx + (s32)ev->a, -4096, 4096);
	s->m_dy = clamp(s->m_dy - (s32)ev->b, -4096, 4096);	/* PS/2 +y is up */
	if (s->m_id >= 3)
		s->m_dz = clamp(s->m_dz - wheel, -127, 127);	/* PS/2 +z is towards the user */
	if (buttons != s->m_buttons)
		s->m_dirty = true;
	s->m_buttons = buttons;
	mouse_try_send(k);
}

static void mouse_write(struct i8042 *k, u8 v)
{
	struct i8042_state *s = &k->s;
	if (s->m_wrap && v != 0xEC && v != 0xFF) {
		aux_reply(k, v);
		return;
	}
	if (s->m_pending) {
		u8 c = s->m_pending;
		/* An invalid parameter is answered Resend; the mouse still waits for it. */
		bool valid = c == 0xF3 ? v == 10 || v == 20 || v == 40 || v == 60 || v == 80 ||
					 v == 100 || v == 200 : v <= 3;
		if (!valid) {
			aux_reply(k, RESEND);
			return;
		}
		s->m_pending = 0;
		if (c == 0xF3) {
			s->m_rate = v;
			s->m_hist[0] = s->m_hist[1];
			s->m_hist[1] = s->m_hist[2];
			s->m_hist[2] = v;
			if (s->m_id == 0 && s->m_hist[0] == 200 && s->m_hist[1] == 100 && v == 80)
				s->m_id = 3;
			else if (s->m_id == 3 && s->m_hist[0] == 200 && s->m_hist[1] == 200 && v == 80)
				s->m_id = 4;
		} else {
			s->m_res = v;
		}
		aux_reply(k, ACK);
		return;
	}
	switch (v) {
	case 0xFF:			/* reset: ACK, self-test passed, ID 0 */
		q_clear(&s->aux);
		mouse_defaults(s);
		s->m_id = 0;
		s->m_wrap = false;
		memset(s->m_hist, 0, sizeof(s->m_hist));
		aux_reply(k, ACK);
		aux_reply(k, 0xAA);
		aux_reply(k, 0x00);
		break;
	case 0xFE: aux_reply(k, ACK); break;
	case 0xF6: mouse_defaults(s); aux_reply(k, ACK); break;
	case 0xF5: s->m_enabled = false; q_clear(&s->aux); aux_reply(k, ACK); break;
	case 0xF4:
		s->m_enabled = true;
		s->m_dx = s->m_dy = s->m_dz = 0;
		s->m_dirty = false;
		aux_reply(k, ACK);
		break;
	case 0xF3: case 0xE8: s->m_pending = v; aux_reply(k, ACK); break;
	case 0xF2: aux_reply(k, ACK); aux_reply(k, s->m_id); break;
	case 0xF0: s->m_remote = true; aux_reply(k, ACK); break;
	case 0xEE: s->m_wrap = true; aux_reply(k, ACK); break;
	case 0xEC: s->m_wrap = false; aux_reply(k, ACK); break;
	case 0xEA: s->m_remote = false; aux_reply(k, ACK); break;
	case 0xEB:			/* read data: one packet on request */
		aux_reply(k, ACK);
		mouse_packet(k, false);
		refill(k);
		break;
	case 0xE9: {			/* status request */
		u8 b = s->m_remote << 6 | s->m_enabled << 5 | s->m_scale21 << 4 |
		       (s->m_buttons & 1) << 2 | (s->m_buttons & 4) >> 1 | (s->m_buttons & 2) >> 1;
		aux_reply(k, ACK);
		aux_reply(k, b);
		aux_reply(k, s->m_res);
		aux_reply(k, s->m_rate);
		break;
	}
	case 0xE7: s->m_scale21 = true; aux_reply(k, ACK); break;
	case 0xE6: s->m_scale21 = false; aux_reply(k, ACK); break;
	default: aux_reply(k, RESEND); break;
	}
}

/* ---- the controller ---- */

static void write_outport(struct i8042 *k, u8 v)
{
	struct i8042_state *s = &k->s;
	s->outport = v | OP_RESET;
	bus_set_a20(k->bus, v & OP_A20);
	if (!(v & OP_RESET) && k->reset_cb)
		k->reset_cb(k->reset_opaque);
}

static void ctl_command(struct i8042 *k, u8 c)
{
	struct i8042_state *s = &k->s;
	switch (c) {
	case 0x20: ctl_reply(k, s->cmd_byte, false); break;
	case 0x60: case 0xD1: case 0xD2: case 0xD3: case 0xD4: s->pending = c; break;
	case 0xA7: s->cmd_byte |= CB_AUX_OFF; break;
	case 0xA8: s->cmd_byte &= ~CB_AUX_OFF; refill(k); break;
	case 0xA9: ctl_reply(k, 0x00, false); break;	/* aux interface test: OK */
	case 0xAA:					/* self-test */
		ctl_reply(k, 0x55, false);
		break;
	case 0xAB: ctl_reply(k, 0x00, false); break;	/* keyboard interface test: OK */
	case 0xAD: s->cmd_byte |= CB_KBD_OFF; break;
	case 0xAE: s->cmd_byte &= ~CB_KBD_OFF; refill(k); break;
	case 0xC0: ctl_reply(k, 0x80, false); break;	/* input port: keyboard not locked */
	case 0xD0: {
		u8 op = (s->outport & (OP_RESET | OP_A20)) | (bus_a20_enabled(k->bus) ? OP_A20 : 0);
		op |= (s->out_full && !s->out_aux) << 4 | (s->out_full && s->out_aux) << 5;
		ctl_reply(k, op, false);
		break;
	}
	case 0xDD: bus_set_a20(k->bus, false); break;
	case 0xDF: bus_set_a20(k->bus, true); break;
	case 0xE0: ctl_reply(k, 0x00, false); break;	/* test inputs */
	default:
		if (c >= 0xF0) {	/* pulse output lines low for bits clear in 0-3 */
			if (!(c & 1) && k->reset_cb)
				k->reset_cb(k->reset_opaque);
			break;
		}
		log_debug("i8042: unsupported controller command 0x%02x", c);
		break;
	}
}

static void data_write(struct i8042 *k, u8 v)
{
	struct i8042_state *s = &k->s;
	u8 p = s->pending;
	s->pending = 0;
	switch (p) {
	case 0x60:
		s->cmd_byte = v;
		refill(k);
		update_irqs(k);
		break;
	case 0xD1: write_outport(k, v); break;
	case 0xD2: ctl_reply(k, v, false); break;
	case 0xD3: ctl_reply(k, v, true); break;
	case 0xD4: mouse_write(k, v); break;
	default:
		/* Talking to the keyboard also enables its interface. */
		s->cmd_byte &= ~CB_KBD_OFF;
		kbd_write(k, v);
		break;
	}
}

static u32 i8042_read(void *dev, u32 off, int size)
{
	struct i8042 *k = dev;
	struct i8042_state *s = &k->s;
	if (off == 0) {			/* 0x60: data */
		u8 v = s->out;
		s->out_full = false;
		update_irqs(k);
		refill(k);
		return v;
	}
	if (off == 4)			/* 0x64: status */
		return (s->out_full ? ST_OBF : 0) | (s->cmd_byte & CB_SYS ? ST_SYS : 0) |
		       (s->last_was_cmd ? ST_A2 : 0) | ST_UNLOCKED |
		       (s->out_full && s->out_aux ? ST_AUXB : 0);
	return 0xFF;
}

static void i8042_write(void *dev, u32 off, u32 v, int size)
{
	struct i8042 *k = dev;
	if (off == 0) {
		k->s.last_was_cmd = false;
		data_write(k, v);
	} else if (off == 4) {
		k->s.last_was_cmd = true;
		k->s.pending = 0;
		ctl_command(k, v);
	}
}

static u32 port60_read(void *dev, u32 off, int size) { return i8042_read(dev, 0, 1); }
static void port60_write(void *dev, u32 off, u32 v, int size) { i8042_write(dev, 0, v, 1); }
static u32 port64_read(void *dev, u32 off, int size) { return i8042_read(dev, 4, 1); }
static void port64_write(void *dev, u32 off, u32 v, int size) { i8042_write(dev, 4, v, 1); }
static const struct io_ops port60_ops = { .read = port60_read, .write = port60_write };
static const struct io_ops port64_ops = { .read = port64_read, .write = port64_write };

/* ---- device hooks ---- */

static void i8042_reset(void *dev)
{
	struct i8042 *k = dev;
	struct i8042_state *s = &k->s;
	timer_del(k->clock, &k->rep_timer);
	memset(s, 0, sizeof(*s));
	/* As left by a BIOS: keyboard interrupt on, system flag, translation on. */
	s->cmd_byte = CB_KBD_INT | CB_SYS | CB_XLATE;
	s->outport = OP_RESET | OP_A20;
	s->kbd_scan = true;
	kbd_defaults(k);
	mouse_defaults(s);
	update_irqs(k);
}

static void i8042_save(void *dev, struct snap_writer *w)
{
	struct i8042 *k = dev;
	snap_put_section(w, "KBC ", 1, &k->s, sizeof(k->s));
}

/* A saved flag's byte must be 0 or 1: anything else is no bool (a damaged file). */
#define FLAG_OK(f) (*(const u8 *)&(f) <= 1)

static bool flags_ok(const struct i8042_state *s)
{
	return FLAG_OK(s->out_full) && FLAG_OK(s->out_aux) && FLAG_OK(s->last_was_cmd) &&
	       FLAG_OK(s->xlat_break) && FLAG_OK(s->kbd_scan) && FLAG_OK(s->m_enabled) &&
	       FLAG_OK(s->m_remote) && FLAG_OK(s->m_wrap) && FLAG_OK(s->m_scale21) &&
	       FLAG_OK(s->m_dirty);
}

static int i8042_load(void *dev, struct snap_reader *r)
{
	struct i8042 *k = dev;
	struct i8042_state s;
	if (snap_get_section(r, "KBC ", 1, &s, sizeof(s)))
		return -1;
	if (s.ctl.count > QLEN || s.kbd.count > QLEN || s.aux.count > QLEN ||
	    s.ctl.rd >= QLEN || s.kbd.rd >= QLEN || s.aux.rd >= QLEN) {
		snprintf(r->error, sizeof(r->error), "i8042: queue state out of range");
		return -1;
	}
	if (!flags_ok(&s)) {
		snprintf(r->error, sizeof(r->error), "i8042: a flag is neither 0 nor 1");
		return -1;
	}
	k->s = s;
	timer_del(k->clock, &k->rep_timer);
	if (s.rep_deadline != CLOCK_NEVER)
		timer_mod(k->clock, &k->rep_timer, s.rep_deadline);
	update_irqs(k);
	return 0;
}

static void i8042_info(void *dev, void (*print)(void *, const char *, ...), void *ctx)
{
	struct i8042 *k = dev;
	struct i8042_state *s = &k->s;
	print(ctx, "i8042: cmd byte %02x, out %02x%s%s, queued ctl %u kbd %u aux %u\n",
	      s->cmd_byte, s->out, s->out_full ? " full" : "", s->out_aux ? " (aux)" : "",
	      s->ctl.count, s->kbd.count, s->aux.count);
	print(ctx, "keyboard: %s, set %u, leds %x, typematic %02x\n",
	      s->kbd_scan ? "scanning" : "disabled", s->kbd_set, s->leds, s->typematic);
	print(ctx, "mouse: id %u, %s, %s, rate %u, res %u, scaling %s\n", s->m_id,
	      s->m_enabled ? "enabled" : "disabled", s->m_remote ? "remote" : "stream",
	      s->m_rate, s->m_res, s->m_scale21 ? "2:1" : "1:1");
}

struct i8042 *i8042_create(struct bus *bus, struct clock *clock, struct input_queue *in,
			   struct irq_line *kbd_irq, struct irq_line *aux_irq,
			   void (*reset)(void *opaque), void *reset_opaque)
{
	struct i8042 *k = calloc(1, sizeof(*k));
	if (!k)
		return NULL;
	k->bus = bus;
	k->clock = clock;
	k->kbd_irq = kbd_irq;
	k->aux_irq = aux_irq;
	k->reset_cb = reset;
	k->reset_opaque = reset_opaque;
	timer_init(&k->rep_timer, "typematic", rep_fire, k);
	if (bus_add_io(bus, 0x60, 1, &port60_ops, k, "i8042-data") ||
	    bus_add_io(bus, 0x64, 1, &port64_ops, k, "i8042-cmd")) {
		bus_remove_device(bus, k);
		free(k);
		return NULL;
	}
	k->in = in;
	if (in) {
		input_set_handler(in, INPUT_KEY, on_key, k);
		input_set_handler(in, INPUT_MOUSE, on_mouse, k);
	}
	k->dev = (struct device){
		.name = "i8042", .dev = k, .reset = i8042_reset, .save = i8042_save,
		.load = i8042_load, .info = i8042_info,
	};
	i8042_reset(k);
	return k;
}

void i8042_destroy(struct i8042 *k)
{
	if (!k)
		return;
	timer_del(k->clock, &k->rep_timer);
	bus_remove_device(k->bus, k);
	if (k->in && k->in->opaque[INPUT_KEY] == k)
		input_set_handler(k->in, INPUT_KEY, NULL, NULL);
	if (k->in && k->in->opaque[INPUT_MOUSE] == k)
		input_set_handler(k->in, INPUT_MOUSE, NULL, NULL);
	free(k);
}

struct device *i8042_device(struct i8042 *k) { return &k->dev; }
