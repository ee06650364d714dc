#!/usr/bin/env bash
# wasl-forms under valgrind's memcheck through a loop of 2,000 requests of
# every kind (valid and invalid submissions of each form, refusals, the
# confirmation and status pages): zero errors and zero leaks in the
# supervisor and its worker. Plain build only (valgrind and the
# sanitizers do not mix). valgrind cannot run a seccomp filter, so the
# worker runs without it here (SECCOMP=0); tests/privilege.test.sh covers
# the filter. --vgdb=no: the supervisor becomes another user, who could
# not remove the debugger pipes valgrind made as root. Prints PASS/FAIL
# lines for tests/run.sh.
set -u
cd "$(dirname "$0")/.."
if [ "${WASL_FLAVOR:-std}" = san ]; then
	echo "SKIP valgrind: the sanitized build runs under ASan instead"
	exit 0
fi
WORKERS=1
export SECCOMP=0
. tests/stack.sh
# The worker writes its log after becoming the unprivileged user.
mkdir -m 1777 "$work/vg"
export WRAP="valgrind --quiet --vgdb=no --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --trace-children=yes --child-silent-after-fork=no --log-file=$work/vg/vg.%p"
stack_start valgrind

post() { curl -s -m 20 -o /dev/null -w '%{http_code}\n' -X POST "$@"; }
for c in 1 2 3 4; do
	(
		for i in $(seq 1 50); do
			post -d kind=inquiry -d mobile=0512345678 -d privacy_consent=yes \
			    --data-urlencode "message=رسالة $c-$i" "$base/forms/inquiry"
			post -d kind=inquiry -d mobile=061 --data-urlencode "full_name=<b>$i</b>" \
			    "$base/forms/inquiry"
			post --data-urlencode "full_name=عبدالله $c $i" -d national_id=1000000008 \
			    -d mobile=0500000000 -d city=x -d family_size=3 -d monthly_income=0 \
			    -d need=x -d declaration=yes -d privacy_consent=yes \
			    "$base/forms/support-request"
			post -d channel=phone -d reception=5 -d clarity=4 -d speed=3 -d overall=$((i % 5 + 1)) \
			    --data-urlencode "comments=$c $i" "$base/forms/satisfaction-survey"
			post -d 'kind=%zz' "$base/forms/inquiry"
			post -d kind=inquiry -d kind=x "$base/forms/inquiry"
			post -H 'Content-Type: text/plain' --data x "$base/forms/inquiry"
			curl -s -m 20 -o /dev/null -w '%{http_code}\n' -X PUT "$base/forms/inquiry"
			curl -s -m 20 -o /dev/null -w '%{http_code}\n' "$base/forms/inquiry/received/ACDEFGHJ"
			post -d reference=ACDEFGHJ -d national_id=1000000008 "$base/forms/status"
		done >"$work/codes.$c"
	) &
done
wait
n=$(cat "$work"/codes.* | wc -l)
bad=$(cat "$work"/codes.* | grep -cE '^(000|5..)$')
[ "$n" -ge 2000 ] && [ "$bad" = 0 ] && pass "valgrind: $n requests answered, none failed" ||
    fail "valgrind: $n requests answered, none failed" "$bad failed"
fcgi/ctl.sh stop >/dev/null 2>&1
sleep 1
logs=$(ls "$work"/vg/vg.* 2>/dev/null | wc -l)
[ "$logs" -ge 2 ] && pass "valgrind: the supervisor and its worker ran under memcheck ($logs processes)" ||
    fail "valgrind: the supervisor and its worker ran under memcheck" "$logs logs"
if grep -l . "$work"/vg/vg.* >/dev/null 2>&1; then
	fail "valgrind: zero errors and zero leaks" "$(cat "$work"/vg/vg.* | grep -v '^==[0-9]*== *$' | head -20)"
else
	pass "valgrind: zero errors and zero leaks"
fi
