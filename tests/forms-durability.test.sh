#!/usr/bin/env bash
# Group commit under concurrency, end to end through nginx and wasl-forms:
# many clients post at once, so that submissions are committed together,
# and afterwards the database must hold exactly the submissions that were
# acknowledged with 303, each under its reference with the very answers
# sent: nothing lost, nothing merged, nothing extra, even when wasl-forms
# is killed without warning right after. Same answers sent by two clients
# at the same moment are one submission. Then again with two worker
# processes, which take turns writing. Prints PASS/FAIL lines for
# tests/run.sh; asserts no timings.
set -u
cd "$(dirname "$0")/.."
WORKERS=1
. tests/stack.sh
check() {	# NAME DETAIL STATUS: PASS when STATUS (of a test just run) is 0
	if [ "$3" -eq 0 ]; then pass "$1"; else fail "$1" "$2"; fi
}
db() { sqlite3 -batch "$VAR/data/wasl.db" "$1"; }
start() { stack_start "$1"; }	# LABEL: both servers, as the environment says

NAME="عبدالله بن محمد الشهري"
# client C N PREFIX: N support requests one after another, each its own
# (the need names the client and the request); writes a line per answer:
#   CODE REF|full_name|need|national_id|mobile|family_size
# with the answers as they must be stored (digits normalised).
client() {
	local c=$1 n=$2 prefix=$3 i need out
	for i in $(seq 1 "$n"); do
		need="$prefix: طلب العميل $c رقم $i، والأسرة بلا دخل ثابت"
		out=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' \
		    -X POST --data-urlencode "full_name=$NAME" \
		    --data-urlencode "national_id=١٠٠٠ ٠٠٠ ٠٠٨" \
		    --data-urlencode "mobile=050 000 0000" \
		    --data-urlencode "city=تبوك" --data-urlencode "family_size=٥" \
		    -d monthly_income=3000 \
		    --data-urlencode "need=$need" -d declaration=yes \
		    -d privacy_consent=yes "$base/forms/support-request")
		echo "${out%% *} ${out##*/}|$NAME|$need|1000000008|+966500000000|5"
	done
}

# post_all LABEL CLIENTS EACH: CLIENTS clients at once, plus pairs of
# clients sending the very same answers at the same moment; then the
# checks on what came back.
post_all() {
	local label=$1 clients=$2 each=$3 c
	rm -f "$work"/out.*
	for c in $(seq 1 "$clients"); do
		client "$c" "$each" "$label" >"$work/out.$c" &
	done
	# Twins: two clients, the same answers, at the same moment.
	for c in 1 2 3 4; do
		client "twin$c" 1 "$label" >"$work/out.twin$c.a" &
		client "twin$c" 1 "$label" >"$work/out.twin$c.b" &
	done
	wait
	cat "$work"/out.* >"$work/all"
	local total ok
	total=$(wc -l <"$work/all")
	ok=$(grep -c '^303 [ACDEFGHJKMNPQRTUVWXY34679]\{8\}|' "$work/all")
	[ "$ok" -eq "$total" ] && [ "$total" -eq $((clients * each + 8)) ]
	check "$label: $total posts from $((clients + 8)) clients at once, every one 303 with a reference" \
	    "$ok of $total; $(grep -v '^303 ' "$work/all" | cut -c1-40 | sort | uniq -c | head -3)" $?
	local twins_ok=1
	for c in 1 2 3 4; do
		[ "$(cut -d'|' -f1 "$work/out.twin$c.a")" = \
		    "$(cut -d'|' -f1 "$work/out.twin$c.b")" ] || twins_ok=0
	done
	[ "$twins_ok" -eq 1 ]
	check "$label: the same answers from two clients at once get one reference" \
	    "twins differ: $(cat "$work"/out.twin*)" $?
	# What must be in the database: each acknowledged submission once.
	sed 's/^303 //' "$work/all" | sort -u >>"$work/expected"
	sort -u -o "$work/expected" "$work/expected"
}

# stored: every row as REF|full_name|need|national_id|mobile|family_size.
stored() {
	db "SELECT s.ref || '|' ||
	    (SELECT value FROM field WHERE submission_id = s.id AND name = 'full_name') || '|' ||
	    (SELECT value FROM field WHERE submission_id = s.id AND name = 'need') || '|' ||
	    (SELECT value FROM field WHERE submission_id = s.id AND name = 'national_id') || '|' ||
	    (SELECT value FROM field WHERE submission_id = s.id AND name = 'mobile') || '|' ||
	    (SELECT value FROM field WHERE submission_id = s.id AND name = 'family_size')
	    FROM submission s WHERE s.form = 'support-request'" | sort
}

# compare LABEL: the database against what was acknowledged.
compare() {
	stored >"$work/stored"
	local missing extra
	missing=$(comm -23 "$work/expected" "$work/stored" | wc -l)
	extra=$(comm -13 "$work/expected" "$work/stored" | wc -l)
	local rows bad
	rows=$(db "SELECT count(*) FROM submission")
	bad=$(db "SELECT count(*) FROM submission WHERE consent_at IS NOT received_at OR notice_version IS NOT 1")
	[ "$missing" -eq 0 ] && [ -s "$work/expected" ]
	check "$1: every acknowledged submission stored under its reference with its exact answers" \
	    "$missing missing or altered, e.g. $(comm -23 "$work/expected" "$work/stored" | head -1)" $?
	[ "$extra" -eq 0 ] && [ "$rows" -eq "$(wc -l <"$work/expected")" ]
	check "$1: nothing stored that was not acknowledged, nothing twice" \
	    "$extra extra, $rows rows, e.g. $(comm -13 "$work/expected" "$work/stored" | head -1)" $?
	[ "$bad" -eq 0 ]
	check "$1: consent time and notice version on each" "$bad without" $?
}

# ---- one worker (the default): its threads commit together --------------
: >"$work/expected"
start "one worker"
post_all "one worker" 16 18
# No clean shutdown: what was acknowledged must already be on disk.
sup=$(cat "$VAR/wasl-forms.pid")
# The whole process group at once (ctl.sh starts it in its own session):
# killed one by one, the supervisor could replace a worker first.
kill -KILL -- "-$sup" 2>/dev/null
sleep 0.2
compare "one worker, killed with SIGKILL"

# ---- two workers take turns writing --------------------------------------
WORKERS=2 THREADS=8 start "two workers"
post_all "two workers" 16 6
fcgi/ctl.sh stop >/dev/null 2>&1
compare "two workers, after a restart"
! grep -qi 'busy\|locked\|storing' "$VAR/wasl-forms.log"
check "no database errors in the log" "$(grep -i 'busy\|locked\|storing' "$VAR/wasl-forms.log" | head -2)" $?
