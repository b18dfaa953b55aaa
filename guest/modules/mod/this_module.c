/*
 * The per-module part that Linux's modpost generates as NAME.mod.c: the
 * module's struct module in .gnu.linkonce.this_module (the loader finds the
 * name, init and exit functions there) and the vermagic .modinfo string the
 * loader checks. Built once per module with KBUILD_MODNAME set; VERMAGIC
 * overrides the string (the tests build a module for a different kernel).
 */
#include <linux/module.h>
#include <linux/vermagic.h>

#ifndef VERMAGIC
#define VERMAGIC VERMAGIC_STRING
#endif

MODULE_INFO(vermagic, VERMAGIC);
MODULE_INFO(name, KBUILD_MODNAME);

/* Weak: a module without module_exit cannot be removed (delete_module says -EBUSY). */
extern int init_module(void) __attribute__((weak));
extern void cleanup_module(void) __attribute__((weak));

struct module __this_module __attribute__((section(".gnu.linkonce.this_module"), used)) = {
	.name = KBUILD_MODNAME,
	.init = init_module,
	.exit = cleanup_module,
};
