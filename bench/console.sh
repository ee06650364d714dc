#!/usr/bin/env bash
# bench/console.sh [N]: the staff console's queue with 1,000 and with
# 100,000 stored requests, side by side.
#
# The stack runs as the tests run it (tests/stack.sh: nginx, wasl-forms,
# wasl-console on a free 127.0.0.1 port); an officer signs in
# (tests/console-lib.sh). The database is seeded with one SQL
# transaction (a recursive CTE through sqlite3): 1,000 requests, then
# 99,000 more, spread over two years, of the three forms (70 % support
# requests, 20 % inquiries, 10 % surveys) in the five statuses. Four
# pages of /staff/queue are fetched N times each (default 200) through
# nginx and wasl-console, one connection, one at a time: the first page,
# a filtered one (form and status), the overdue, and the last page (the
# deepest OFFSET). Prints the mean and the 95th percentile in ms for
# each size and the ratio 100k/1k of the means. Asserts none (the
# machine is shared and noisy); not part of make test.
set -eu
cd "$(dirname "$0")/.."
N=${1:-200}
export WASL_BIN=${BIN:-bin}
. tests/stack.sh
stack_start bench-console
. tests/console-lib.sh

PW='a long enough passphrase'
c_account bench officer "$PW" >/dev/null
c_signin bench "$PW" || { echo "bench/console.sh: cannot sign in" >&2; exit 1; }

# seed FIRST COUNT: requests numbered FIRST .. FIRST+COUNT-1.
seed() {
	sqlite3 -batch "$DB" <<EOF
.timeout 10000
BEGIN;
WITH RECURSIVE n(i) AS (SELECT $1 UNION ALL SELECT i + 1 FROM n
    WHERE i < $1 + $2 - 1)
INSERT INTO submission (form, ref, received_at, status)
SELECT CASE WHEN i % 10 < 7 THEN 'support-request'
	WHEN i % 10 < 9 THEN 'inquiry' ELSE 'satisfaction-survey' END,
    (SELECT group_concat(substr('ACDEFGHJKMNPQRTUVWXY34679',
	(i / p) % 25 + 1, 1), '') FROM (SELECT 1 AS p UNION ALL SELECT 25
	UNION ALL SELECT 625 UNION ALL SELECT 15625 UNION ALL SELECT 390625
	UNION ALL SELECT 9765625 UNION ALL SELECT 244140625
	UNION ALL SELECT 6103515625 ORDER BY p DESC)),
    strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-' || (i * 7919 % 63072000) ||
	' seconds'),
    CASE WHEN i % 20 < 8 THEN 'received' WHEN i % 20 < 12 THEN 'under-study'
	WHEN i % 20 < 14 THEN 'needs-info' WHEN i % 20 < 18 THEN 'accepted'
	ELSE 'rejected' END
FROM n;
COMMIT;
EOF
}

# time_page PATH: N fetches; "mean p95" in ms.
time_page() {
	local urls=() i bad
	for i in $(seq 1 "$N"); do urls+=(-o /dev/null "$base$1"); done
	curl -s -H "Cookie: __Host-wasl-staff=$COOKIE_bench" \
	    -w '%{http_code} %{time_total}\n' "${urls[@]}" \
	    >"$work/times"
	bad=$(awk '$1 != 200' "$work/times" | wc -l)
	[ "$bad" = 0 ] || echo "bench/console.sh: $bad replies not 200 for $1" >&2
	awk '{ print $2 * 1000 }' "$work/times" | sort -n |
	    awk '{ t[NR] = $1; s += $1 } END {
		i = int(NR * 0.95); if (i < 1) i = 1
		printf "%.2f %.2f\n", s / NR, t[i] }'
}

declare -A R
measure() {	# SIZE
	local total last
	total=$(sqlite3 "$DB" "SELECT count(*) FROM submission")
	last=$(( (total + 49) / 50 ))
	R[$1,first]=$(time_page "/staff/queue")
	R[$1,filtered]=$(time_page "/staff/queue?form=support-request&status=under-study")
	R[$1,overdue]=$(time_page "/staff/queue?overdue=1")
	R[$1,late]=$(time_page "/staff/queue?page=$last")
	R[$1,lastpage]=$last
}

since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }'; }
start=$(date +%s.%N)
seed 0 1000
echo "seeded 1,000 in $(since "$start") s"
measure 1k
start=$(date +%s.%N)
seed 1000 99000
echo "seeded 99,000 more in $(since "$start") s"
measure 100k

printf '\n/staff/queue, %d fetches each, ms (mean / p95)\n' "$N"
printf '%-28s %18s %18s %10s\n' page "1,000" "100,000" "100k/1k"
for k in first filtered overdue late; do
	read -r m1 p1 <<<"${R[1k,$k]}"
	read -r m2 p2 <<<"${R[100k,$k]}"
	label=$k
	[ "$k" = late ] && label="late (page ${R[1k,lastpage]} / ${R[100k,lastpage]})"
	printf '%-28s %8s / %-7s %8s / %-7s %9.1fx\n' "$label" "$m1" "$p1" "$m2" "$p2" \
	    "$(awk -v a="$m1" -v b="$m2" 'BEGIN { print b / a }')"
done
