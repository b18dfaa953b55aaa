#!/usr/bin/env bash
# The panels' cost: the scheduler self-test (about 9 s of virtual time, the
# CPU busy) in the window under Xvfb, flat out (-pace off), without and with
# -display sdl,panels=on (a sample every 10 ms of virtual time, the memory
# map every 100 ms, drawing at most ~10 times a second of host time). Two
# figures: lucid's CPU time (user + system, which a busy shared machine
# disturbs less than wall time), the best of three runs each; and the host
# time the panels measure they spent themselves (lucid -stats: "panels: N
# samples, S s of host time (P% of the run)").
cd "$(dirname "$0")/../.."
command -v xvfb-run >/dev/null && [ -x /usr/bin/time ] ||
	{ echo "panels: needs xvfb-run and /usr/bin/time"; exit 0; }
run() {		# DISPLAY: lucid's -stats lines and "cpu SECONDS"
	xvfb-run -a timeout 300 /usr/bin/time -f 'cpu %U %S' build/lucid -display "$1" -pace off \
		-stats -serial none -no-reboot -kernel build/guest/bzImage \
		-append "console=ttyS0 selftest=sched" </dev/null 2>&1 >/dev/null |
		awk '/^cpu / { printf "cpu %.2f\n", $2 + $3; next } /^lucid: / { print }'
}
best() {	# DISPLAY: the shortest host time of three runs, and that run's panel line
	local b="" line=""
	for _ in 1 2 3; do
		local out t
		out=$(run "$1")
		t=$(sed -nE 's/^cpu ([0-9.]+)$/\1/p' <<<"$out")
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
		printf "panels: selftest=sched in the window, best of 3: %.2f s CPU without panels, %.2f s with (%+.1f%%)\n",
			a, b, (b - a) * 100 / a }'
	echo "panels: measured by the panels themselves: ${panels#*|panels: }"
else
	echo "panels: no figures (plain '$plain', panels '$panels')"
fi
