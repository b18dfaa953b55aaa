#!/bin/sh
# depmod, reduced: modules.dep for a set of .ko files (Linux's format,
# "kernel/NAME.ko: DEP.ko ...", paths relative to /lib/modules/RELEASE). A
# module depends on the modules that define symbols it leaves undefined.
# Usage: depmod.sh NM KO... > modules.dep
nm=$1
shift
for ko in "$@"; do
	deps=""
	for sym in $($nm -u "$ko" | awk '{ print $2 }'); do
		for other in "$@"; do
			[ "$other" = "$ko" ] && continue
			if $nm --defined-only "$other" | awk '{ print $3 }' | grep -qx "__ksymtab_$sym"; then
				case " $deps " in *" $(basename "$other") "*) ;; *) deps="$deps $(basename "$other")" ;; esac
			fi
		done
	done
	echo "$(basename "$ko"):$deps"
done
