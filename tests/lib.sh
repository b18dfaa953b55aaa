# The shared part of the group scripts in tests/groups/ (docs/TESTING.md).
# Every group script starts with
#
#	. "$(dirname "$0")/../lib.sh"
#
# and ends with `summary NAME`, the one line tests/run-all.sh tallies:
# "NAME: N passed, N failed". Sourcing this file moves to the repository
# root, makes a scratch directory $tmp (removed on exit; set KEEP=1 to keep
# it) and defines:
#
#   ok NAME                    count a pass ("ok   NAME")
#   bad NAME [DETAIL]          count a failure ("FAIL NAME: DETAIL")
#   status_is NAME GOT WANT    ok when exit status GOT is WANT, else bad
#   expect_in FILE NAME REGEX  ok when a line of FILE (CRs dropped) matches
#                              the extended REGEX
#   gdb_stub_start OUT ARGS... start $L -S -gdb on a random port with ARGS,
#                              its output in OUT; sets gdb_port and gdb_pid
#   gdb_stub_stop              end that emulator
#   summary NAME               the closing line; returns 1 if anything failed
#
# L is build/lucid. Scripts that run a tester printing its own closing line
# (build/tests/difftest, ...) source this file for the directory only.

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
L=build/lucid
pass=0
fail=0
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT

ok() {
	pass=$((pass + 1))
	echo "ok   $1"
}

bad() {
	fail=$((fail + 1))
	echo "FAIL $1${2:+: $2}"
}

status_is() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		bad "$1" "exit status $2, expected $3"
	fi
}

expect_in() {
	if tr -d '\r' <"$1" | grep -Eq -- "$3"; then
		ok "$2"
	else
		bad "$2" "no line matching /$3/"
	fi
}

gdb_stub_start() {
	local log=$1
	shift
	gdb_port=$((20000 + RANDOM % 20000))
	timeout 90 "$L" -display none -serial none -debugcon none -S -gdb tcp::$gdb_port "$@" \
		>"$log" 2>&1 &
	gdb_pid=$!
	for _ in $(seq 50); do
		grep -q 'waiting for gdb' "$log" && break
		sleep 0.1
	done
}

gdb_stub_stop() {
	kill "$gdb_pid" 2>/dev/null
	wait "$gdb_pid" 2>/dev/null
}

# debugcon_same NAME WANT-FILE STATUS: a run's debugcon text ($tmp/NAME.dc) is
# WANT-FILE's and its exit status ($tmp/NAME.rc) is STATUS.
debugcon_same() {
	local rc
	rc=$(cat "$tmp/$1.rc" 2>/dev/null)
	if [ "$rc" != "$3" ]; then
		bad "$1" "exit status $rc, expected $3: $(head -c 200 "$tmp/$1.err" 2>/dev/null)"
	elif diff -u "$2" "$tmp/$1.dc" >"$tmp/$1.diff"; then
		ok "$1"
	else
		bad "$1" "debugcon differs: $(head -c 400 "$tmp/$1.diff")"
	fi
}

summary() {
	echo "$1: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
