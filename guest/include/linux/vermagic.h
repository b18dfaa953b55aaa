/*
 * The version magic a module must carry to be loaded (Linux's
 * include/linux/vermagic.h): the release and the options that change the
 * binary interface of struct layouts and page tables. A module built for a
 * PAE kernel is refused by a 2-level one and the other way round.
 */
#ifndef _LINUX_VERMAGIC_H
#define _LINUX_VERMAGIC_H

#define UTS_RELEASE "6.1.0-lucix"

#ifdef CONFIG_PAE
#define VERMAGIC_PAGING "686 PAE "
#else
#define VERMAGIC_PAGING "386 "
#endif
#if defined(CONFIG_SLUB)
#define VERMAGIC_SLAB "slub "
#elif defined(CONFIG_SLOB)
#define VERMAGIC_SLAB "slob "
#else
#define VERMAGIC_SLAB "slab "
#endif

#define VERMAGIC_STRING UTS_RELEASE " mod_unload " VERMAGIC_SLAB VERMAGIC_PAGING

#endif
