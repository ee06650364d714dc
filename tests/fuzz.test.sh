#!/usr/bin/env bash
# Replays every fuzz harness's seed corpus and every crash ever found
# (tests/fuzz/regressions/NAME/) through the harness, built like the
# programs (and under the sanitizers in the san flavour). `make fuzz`
# does the fuzzing itself.
set -u
cd "$(dirname "$0")/.."
BIN=${WASL_BIN:-bin}
for h in "$BIN"/tests/fuzz/fuzz_*; do
	name=$(basename "$h")
	out=$("$h" "tests/fuzz/corpus/$name" "tests/fuzz/regressions/$name" 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then
		echo "PASS fuzz replay: $name (${out##*: })"
	else
		echo "FAIL fuzz replay: $name: exit $rc: $(echo "$out" | grep -m1 -E 'ERROR|runtime error' )"
	fi
done
