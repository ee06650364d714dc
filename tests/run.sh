#!/usr/bin/env bash
# tests/run.sh: wasl's test runner.
#
#   tests/run.sh [--spec DIR] [--only NAME] BINDIR...
#
# For each BINDIR (bin for the plain build, bin/san for the sanitized one)
# it runs every unit test program in BINDIR/tests/ and every script
# tests/*.test.sh (which find the programs through $WASL_BIN). Each test
# prints "PASS name", "FAIL name: detail" or "SKIP name: why" lines; a
# program that dies without saying FAIL counts as one failure. The last
# line is "N passed, N failed" (", N skipped" when any were skipped).
set -u
cd "$(dirname "$0")/.."

spec=tests/spec/mustache
only=""
while [ $# -gt 0 ]; do
	case "$1" in
	--spec) spec=$2; shift 2 ;;
	--only) only=$2; shift 2 ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || set -- bin

pass=0 fail=0 skip=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# run_one LABEL COMMAND...: run a test, count its lines, show failures.
run_one() {
	local label=$1 rc f0
	shift
	f0=$fail
	"$@" >"$log" 2>&1
	rc=$?
	local p f s
	p=$(grep -c '^PASS ' "$log")
	f=$(grep -c '^FAIL ' "$log")
	s=$(grep -c '^SKIP ' "$log")
	pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
	grep -E '^(FAIL|SKIP) ' "$log" | sed "s|^|[$label] |"
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "[$label] FAIL exited with status $rc"
		tail -n 20 "$log" | sed "s|^|[$label]   |"
		fail=$((fail + 1))
	fi
	if [ "$fail" -ne "$f0" ] && [ -n "${VERBOSE:-}" ]; then
		sed "s|^|[$label]   |" "$log"
	fi
	printf '%-40s %4d passed %3d failed\n' "[$label]" "$p" "$((fail - f0))"
}

for bindir in "$@"; do
	flavor=$(basename "$bindir")
	[ "$bindir" = bin ] && flavor=std
	export WASL_BIN=$bindir WASL_FLAVOR=$flavor
	for t in "$bindir"/tests/*; do
		[ -f "$t" ] && [ -x "$t" ] || continue
		name=$(basename "$t")
		case "$only" in ""|"$name"|spec) ;; *) continue ;; esac
		if [ "$name" = mustache_spec ]; then
			run_one "$flavor $name" "$t" "$spec"
		elif [ "$only" != spec ]; then
			run_one "$flavor $name" "$t"
		fi
	done
	[ "$only" = spec ] && continue
	for t in tests/*.test.sh; do
		[ -f "$t" ] || continue
		name=$(basename "$t" .test.sh)
		case "$only" in ""|"$name") ;; *) continue ;; esac
		run_one "$flavor $name" bash "$t"
	done
done

if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
