#!/usr/bin/env bash
# make fuzz: run afl-fuzz on each named harness in turn, FUZZ_SECONDS each
# (one at a time: the machine's cores are shared), from seeds made by
# tests/fuzz/seeds.sh. Prints and writes to $FUZZ_B/report.txt one line per
# target (execs, execs/s, corpus, edge coverage, crashes, hangs); copies
# every crash and hang into tests/fuzz/crashes/NAME/ (tests/groups/75-fuzz.sh
# replays them in make test) and fails if there was any.
set -u
cd "$(dirname "$0")/../.."
B=${FUZZ_B:-build/fuzz}
secs=${FUZZ_SECONDS:-60}
command -v afl-fuzz >/dev/null || { echo "fuzz: afl-fuzz is missing (make deps installs afl++)" >&2; exit 2; }

export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_NO_CRASH_README=1
export ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0:allocator_may_return_null=0:max_allocation_size_mb=2048
export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1
export LUCID_FUZZ_ROOT=$PWD

report=$B/report.txt
: >"$report"
found=0
for name in "$@"; do
	bin=$B/fuzz/fz_$name
	[ -x "$bin" ] || { echo "fuzz: $bin is missing" >&2; exit 2; }
	tests/fuzz/seeds.sh "$B/fuzz" "$B/seeds" "$name" || exit 2
	dict=()
	[ -f tests/fuzz/dict/$name.dict ] && dict=(-x tests/fuzz/dict/$name.dict)
	out=$B/out/$name
	rm -rf "$out"
	mkdir -p "$B/out"
	echo "fuzz: $name for ${secs}s"
	timeout $((secs + 120)) afl-fuzz -i "$B/seeds/$name" -o "$out" -V "$secs" -t 2000 -m none \
		"${dict[@]}" -- "$bin" >"$B/$name.log" 2>&1
	st=$?
	stats=$out/default/fuzzer_stats
	if [ ! -f "$stats" ]; then
		echo "fuzz: afl-fuzz on $name failed (status $st): see $B/$name.log" >&2
		tail -n 15 "$B/$name.log" >&2
		found=1
		continue
	fi
	get() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
	crashes=$(get saved_crashes)
	hangs=$(get saved_hangs)
	line=$(printf '%-9s %5ss %11s execs %8s/s  corpus %5s  edges %5s (%s)  stability %s  crashes %s  hangs %s' \
		"$name" "$(get run_time)" "$(get execs_done)" "$(get execs_per_sec)" \
		"$(get corpus_count)" "$(get edges_found)" "$(get bitmap_cvg)" "$(get stability)" \
		"${crashes:-0}" "${hangs:-0}")
	echo "$line" | tee -a "$report"
	for kind in crash hang; do
		for f in "$out"/default/${kind}es/id:* "$out"/default/${kind}s/id:*; do
			[ -f "$f" ] || continue
			dest=tests/fuzz/crashes/$name
			mkdir -p "$dest"
			cp "$f" "$dest/$kind-$(sha1sum "$f" | cut -c1-12)"
			found=1
		done
	done
done
if [ "$found" -ne 0 ]; then
	echo "fuzz: FAILED: reproducers are in tests/fuzz/crashes/ (replay: build-asan/fuzz/fz_NAME FILE)"
	exit 1
fi
echo "fuzz: no crash and no hang in $# targets"
