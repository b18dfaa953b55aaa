#!/usr/bin/env bash
# The soak (tests/guest/soak-run.sh): the default image's mixed workload for
# SOAK_SECONDS of virtual time (120 here; `make soak` runs the hour the
# reliability issue asks for) with -record, its replay, and e2fsck. Prints
# the rounds, the memory figures, the replay's verdict and the wall times.
cd "$(dirname "$0")/../.."
secs=${SOAK_SECONDS:-120}
[ -f build/images/lucid.img ] || { echo "soak: no default image"; exit 0; }
dir=$(mktemp -d)
t0=$(date +%s)
bash tests/guest/soak-run.sh "$secs" "$dir"
t1=$(date +%s)
tr -d '\r' <"$dir/serial" | grep -a '^soak: ' | sed 's/^soak: /soak: guest: /'
read -r _ run <<<"$(grep '^run ' "$dir/results")"
read -r _ wall <<<"$(grep '^wall ' "$dir/results")"
read -r _ rst same <<<"$(grep '^replay ' "$dir/results")"
read -r _ fsck <<<"$(grep '^e2fsck ' "$dir/results")"
echo "soak: $secs s of virtual time: run status $run in $wall s of wall time;" \
	"replay status $rst, identical $([ "$same" = 1 ] && echo yes || echo NO);" \
	"e2fsck -fn status $fsck; $(($(stat -c %s "$dir/soak.rec") / 1024)) KiB of log; $((t1 - t0)) s in all"
grep -o '[0-9]* digests and [0-9]* input events checked, ended at icount [0-9]*' "$dir/rep.err" | sed 's/^/soak: replay: /'
rm -rf "$dir"
