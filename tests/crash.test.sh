#!/usr/bin/env bash
# Nothing lost under faults: a steady load of submissions while wasl-forms
# workers are killed with SIGKILL at random moments (at least 10 times) and
# nginx is restarted once. Afterwards every reference that was answered
# with 303 is in the database with its exact data, the database passes its
# integrity check, and the service has resumed by itself. Bounded: about
# 10 seconds of load. Prints PASS/FAIL lines for tests/run.sh.
set -u
cd "$(dirname "$0")/.."
. tests/stack.sh
stack_at_exit='touch "$work/stop"; wait 2>/dev/null'
db() { sqlite3 -batch "$VAR/data/wasl.db" "$1"; }
stack_start crash

# Four clients post distinct inquiries until told to stop; each 303 is
# written down with the message it acknowledged.
for c in 1 2 3 4; do
	(
		i=0
		while [ ! -f "$work/stop" ]; do
			i=$((i + 1))
			msg="عميل $c رسالة $i"
			out=$(curl -s -m 5 -o /dev/null -w '%{http_code} %{redirect_url}' \
			    -X POST -d kind=inquiry -d mobile=0512345678 \
			    -d privacy_consent=yes --data-urlencode "message=$msg" \
			    "$base/forms/inquiry")
			case "$out" in
			"303 "*) printf '%s\t%s\n' "${out##*/}" "$msg" >>"$work/acked.$c" ;;
			*) echo "$out" >>"$work/failed.$c" ;;
			esac
		done
	) &
done

kills=0
sup=$(cat "$VAR/wasl-forms.pid")
for round in $(seq 1 20); do
	sleep 0.$((2 + RANDOM % 5))
	pids=($(pgrep -P "$sup"))
	if [ ${#pids[@]} -gt 0 ]; then
		kill -KILL "${pids[RANDOM % ${#pids[@]}]}" 2>/dev/null && kills=$((kills + 1))
	fi
	if [ "$round" = 10 ]; then
		nginx -c "$VAR/nginx.conf" -p "$VAR" -s stop 2>/dev/null
		for _ in $(seq 1 50); do [ -f "$VAR/nginx.pid" ] || break; sleep 0.1; done
		nginx -c "$VAR/nginx.conf" -p "$VAR" && restarted=1
	fi
done
sleep 1
touch "$work/stop"
wait 2>/dev/null

[ "$kills" -ge 10 ] && pass "crash: $kills workers killed with SIGKILL under load" ||
    fail "crash: at least 10 workers killed" "$kills"
[ "${restarted:-}" = 1 ] && pass "crash: nginx restarted once under load" ||
    fail "crash: nginx restarted once under load" "no"
cat "$work"/acked.* >"$work/acked" 2>/dev/null
acked=$(wc -l <"$work/acked")
[ "$acked" -gt 50 ] && pass "crash: $acked submissions acknowledged during the faults" ||
    fail "crash: submissions acknowledged during the faults" "only $acked"
lost=0
while IFS=$'\t' read -r ref msg; do
	got=$(db "SELECT value FROM field JOIN submission ON id = submission_id WHERE ref = '$ref' AND name = 'message'")
	[ "$got" = "$msg" ] || { lost=$((lost + 1)); echo "# lost $ref [$msg] -> [$got]"; }
done <"$work/acked"
[ "$lost" = 0 ] && pass "crash: every acknowledged reference stored with its exact data" ||
    fail "crash: every acknowledged reference stored with its exact data" "$lost missing or wrong"
[ "$(db 'PRAGMA integrity_check')" = ok ] && pass "crash: database integrity ok" ||
    fail "crash: database integrity ok" "$(db 'PRAGMA integrity_check' | head -3)"
ok=""
for _ in $(seq 1 30); do
	got=$(curl -s -m 5 -o /dev/null -w '%{http_code}' -X POST -d kind=inquiry \
	    -d mobile=0512345678 -d privacy_consent=yes -d message=after "$base/forms/inquiry")
	[ "$got" = 303 ] && { ok=1; break; }
	sleep 0.2
done
[ -n "$ok" ] && pass "crash: service resumed by itself" || fail "crash: service resumed by itself" "$got"
[ "$(pgrep -P "$sup" | wc -l)" -ge 2 ] && pass "crash: every killed worker was replaced" ||
    fail "crash: every killed worker was replaced" "$(pgrep -P "$sup" | wc -l) workers"
