#!/usr/bin/env bash
# The panels' cost: the scheduler self-test (about 9 s of virtual time, the
# CPU busy) in the window under Xvfb, flat out (-pace off), without and with
# -display sdl,panels=on (a sample every 10 ms of virtual time, the memory
# map every 100 ms, drawing at most ~15 times a second of host time). Two
# figures: the best host time of three runs each (noisy on a shared
# machine), and the host time the panels measure they spent themselves
# (lucid -stats: "panels: N samples, S s of host time (P% of the run)").
cd "$(dirname "$0")/../.."
command -v xvfb-run >/dev/null || { echo "panels: xvfb-run is not installed"; exit 0; }
run() {		# DISPLAY: lucid's -stats lines
	xvfb-run -a timeout 300 build/lucid -display "$1" -pace off -stats -serial none \
		-no-reboot -kernel build/guest/bzImage -append "console=ttyS0 selftest=sched" \
		</dev/null 2>&1 >/dev/null | grep '^lucid: '
}
best() {	# DISPLAY: the shortest host time of three runs, and that run's panel line
	local b="" line=""
	for _ in 1 2 3; do
		local out t
		out=$(run "$1")
		t=$(sed -nE 's/.* in ([0-9.]+) s host.*/\1/p' <<<"$out")
		if [ -n "$t" ] && { [ -z "$b" ] || awk -v t="$t" -v b="$b" 'BEGIN { exit !(t < b) }'; }; then
			b=$t
			line=$(grep -o 'panels: .*' <<<"$out")
		fi
	done
	echo "$b|$line"
}
plain=$(best sdl)
panels=$(best sdl,panels=on)
a=${plain%%|*}
b=${panels%%|*}
if [ -n "$a" ] && [ -n "$b" ]; then
	awk -v a="$a" -v b="$b" 'BEGIN {
		printf "panels: selftest=sched in the window, best of 3: %.3f s host without panels, %.3f s with (%+.1f%%)\n",
			a, b, (b - a) * 100 / a }'
	echo "panels: measured by the panels themselves: ${panels#*|panels: }"
else
	echo "panels: no figures (plain '$plain', panels '$panels')"
fi
