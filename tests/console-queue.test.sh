#!/usr/bin/env bash
# The staff console's queue and request pages, end to end through nginx
# (tests/stack.sh, tests/console-lib.sh): requests posted through the
# public forms, then the officer's queue (counts, filters by form,
# status, dates and overdue, paging), the request page with its personal
# answers masked, a reveal (refused at its fields without a reason or a
# code; with them, the values shown and audited), status moves by role
# (the officer studies, may not decide: 403 and nothing changes; the
# committee decides, the entry naming the policy revision), and a
# manager refused a reveal.
set -u
cd "$(dirname "$0")/.."
. tests/stack.sh
stack_start console-queue
. tests/console-lib.sh

PW='a long enough passphrase'
db() { sqlite3 -batch "$DB" "$1"; }
# COMMANDS; ok NAME: PASS when the commands before succeeded, else FAIL
# with the reply's status and the start of its body.
ok() {
	local rc=$?
	if [ $rc = 0 ]; then pass "$1"; else
		fail "$1" "$code $(head -c 300 "$work/body" | tr '\n' ' ')"
	fi
}
has() { grep -q -- "$1" "$work/body"; }
hasnt() { ! grep -q -- "$1" "$work/body"; }
# The count the queue shows for status $1.
count_of() {
	grep -o "data-status=\"$1\">[0-9]*<" "$work/body" | head -1 |
	    sed 's/.*>\([0-9]*\)</\1/'
}
rows() { grep -c '<a href="/staff/request/' "$work/body"; }

# ---- requests, posted as applicants post them ----
N=55
for i in $(seq 1 $N); do
	curl -s -o /dev/null -X POST --data-urlencode "full_name=مقدم الطلب $i" \
	    --data-urlencode "national_id=1000000008" \
	    --data-urlencode "mobile=0500000000" --data-urlencode "city=تبوك" \
	    --data-urlencode "family_size=4" --data-urlencode "monthly_income=2500" \
	    --data-urlencode "need=الحاجة رقم $i" --data-urlencode "declaration=yes" \
	    --data-urlencode "privacy_consent=yes" "$base/forms/support-request"
done
curl -s -o /dev/null -X POST -d kind=inquiry --data-urlencode "message=سؤال" \
    -d privacy_consent=yes --data-urlencode "email=q@example.com" \
    "$base/forms/inquiry"
[ "$(db "SELECT count(*) FROM submission WHERE form = 'support-request'")" = $N ] &&
    [ "$(db "SELECT count(*) FROM submission WHERE form = 'inquiry'")" = 1 ] &&
    pass "queue: $N support requests and an inquiry posted through /forms/" ||
    fail "queue: requests posted" "$(db "SELECT form, count(*) FROM submission GROUP BY form")"
# The oldest request, received long ago: overdue.
OLD=$(db "SELECT ref FROM submission WHERE form = 'support-request' ORDER BY id LIMIT 1")
db "UPDATE submission SET received_at = '2025-01-10T09:00:00Z' WHERE ref = '$OLD'"
REF=$(db "SELECT ref FROM submission WHERE form = 'support-request' ORDER BY id LIMIT 1 OFFSET 1")
IREF=$(db "SELECT ref FROM submission WHERE form = 'inquiry'")

c_account olga officer "$PW" && c_signin olga "$PW" &&
    c_account cara committee "$PW" && c_signin cara "$PW" &&
    c_account mona manager "$PW" && c_signin mona "$PW" &&
    c_account adam admin "$PW" && c_signin adam "$PW" ||
    { fail "queue: accounts" "$code"; exit 0; }

# ---- the queue ----
c_get olga /staff/queue
[ "$code" = 200 ] && [ "$(count_of received)" = $((N + 1)) ] &&
    [ "$(count_of accepted)" = 0 ]
ok "queue: the officer sees the queue with the counts by status"
[ "$(rows)" = 50 ] && [ "$(grep -o '/staff/request/[A-Z0-9]*' "$work/body" | head -1)" = "/staff/request/$OLD" ]
ok "queue: 50 a page, oldest first (the old one at the top)"
has 'طلب دعم مستفيد' && has 'تم الاستلام' && has 'هـ' && has 'datetime="20'
ok "queue: rows show the form's title, the status's words and a due date in both calendars"
has 'class="staff-late">متأخر [0-9]* يوم'
ok "queue: the old request shows as late by its days"
has 'class="staff-left">بقي'
ok "queue: the others show the days left"
has 'من <bdi dir="ltr">1</bdi> إلى <bdi dir="ltr">50</bdi> من <bdi dir="ltr">56</bdi>'
ok "queue: the page says which rows of how many"
has 'id="staff-next" rel="next" href="/staff/queue?page=2"' && hasnt 'id="staff-prev"'
ok "queue: a link to the next page, none to a previous one"
c_get olga "/staff/queue?page=2"
[ "$code" = 200 ] && [ "$(rows)" = 6 ] && has 'id="staff-prev" rel="prev" href="/staff/queue?page=1"' &&
    hasnt 'id="staff-next"'
ok "queue: page 2 holds the rest, with a link back"
c_get olga "/staff/queue?page=99"
[ "$code" = 200 ] && [ "$(rows)" = 6 ]
ok "queue: a page past the end shows the last one"

c_get olga "/staff/queue?form=inquiry"
[ "$code" = 200 ] && [ "$(rows)" = 1 ] && has "/staff/request/$IREF" && [ "$(count_of received)" = 1 ]
ok "queue: the form filter keeps only that form's requests"
has '<td>—</td>'
ok "queue: an inquiry has no due date"
c_get olga "/staff/queue?form=support-request&overdue=1"
[ "$code" = 200 ] && [ "$(rows)" = 1 ] && has "/staff/request/$OLD" && [ "$(count_of received)" = 1 ]
ok "queue: overdue=1 keeps only the request past its due date"
c_get olga "/staff/queue?from=2025-01-01&to=2025-01-10"
[ "$code" = 200 ] && [ "$(rows)" = 1 ] && has "/staff/request/$OLD" &&
    has 'value="2025-01-01"'
ok "queue: from/to are Saudi dates, both days included"
c_get olga "/staff/queue?from=2025-01-01&to=2025-01-09"
[ "$code" = 200 ] && has 'id="staff-empty"' && [ "$(count_of received)" = 0 ]
ok "queue: a period before the request holds none"
c_get olga "/staff/queue?from=2025-01-11"
[ "$code" = 200 ] && [ "$(count_of received)" = $N ]
ok "queue: from a day after it, every other request"
c_get olga "/staff/queue?status=bogus&from=2025-13-01"
[ "$code" = 422 ] && has 'id="error-status"' && has 'اختر حالة من القائمة' &&
    has 'id="error-from"' && has 'اكتب التاريخ بالأرقام' && has 'aria-invalid="true"'
ok "queue: a wrong status and date are told at their fields (422)"
c_get olga "/staff/queue?form=no-such-form"
[ "$code" = 422 ] && has 'id="error-form"'
ok "queue: an unknown form is told at its field (422)"
c_get olga "/staff/queue?from=2025-02-01&to=2025-01-01"
[ "$code" = 422 ] && has 'id="error-to"'
ok "queue: an end before the start is told at the end's field"
c_get adam /staff/queue
[ "$code" = 403 ]
ok "queue: the accounts' admin sees no request (403)"

# ---- one request, masked ----
shows() { db "SELECT count(*) FROM audit WHERE action = '$1' AND ref = '$REF'${2:+ AND $2}"; }
c_get olga "/staff/request/$REF"
[ "$code" = 200 ] && has 'الاسم الكامل' && has 'عدد أفراد الأسرة' && has 'الحاجة رقم 2' &&
    [ "$(grep -o '<th scope="row">[^<]*' "$work/body" | head -3 | sed 's/.*>//' | tr '\n' '|')" = 'الاسم الكامل|رقم الهوية|رقم الجوال|' ]
ok "request: the page shows the answers in the form's order with their labels"
hasnt 1000000008 && hasnt 966500000000 && hasnt 'مقدم الطلب 2<' &&
    [ "$(grep -c 'class="staff-masked"' "$work/body")" = 3 ] && has 'تبوك'
ok "request: the national ID, the mobile and the name are masked"
[ "$(shows show "actor = 'olga'")" = 1 ]
ok "request: the look is in the audit trail (show, in the officer's name)"
c_get olga "/staff/request/AAAAAAAA"
[ "$code" = 404 ]
ok "request: a reference that is no request: 404"
c_get olga "/staff/request/$REF/x"
[ "$code" = 404 ]
ok "request: another path under it: 404"

# ---- reveal ----
c_post olga "/staff/request/$REF/reveal"
[ "$code" = 422 ] && has 'id="error-reason"' && has 'id="error-code"' && hasnt 1000000008
ok "reveal: without a reason nor a code, refused at both fields (422)"
c_post olga "/staff/request/$REF/reveal" "reason=التواصل مع مقدم الطلب"
[ "$code" = 422 ] && hasnt 'id="error-reason"' && has 'id="error-code"' && hasnt 1000000008
ok "reveal: without a code, refused at the code's field (422)"
c_post olga "/staff/request/$REF/reveal" "reason=التواصل" "code=000000"
[ "$code" = 422 ] && has 'id="error-code"' && hasnt 1000000008
ok "reveal: a wrong code is refused (422)"
[ "$(shows reveal)" = 0 ]
ok "reveal: nothing refused was audited as a reveal"
c_code olga
c_post olga "/staff/request/$REF/reveal" "reason=التواصل مع مقدم الطلب لاستكمال بياناته" "code=$CODE"
[ "$code" = 200 ] && has 1000000008 && has '+966500000000' && has 'مقدم الطلب 2<' &&
    hasnt 'class="staff-masked"' && has 'id="staff-notice"'
ok "reveal: with a reason and the code, the values are shown"
[ "$(shows reveal "actor = 'olga' AND note = 'التواصل مع مقدم الطلب لاستكمال بياناته'")" = 1 ]
ok "reveal: audited as reveal with the reason as its note"
c_get olga "/staff/request/$REF"
[ "$code" = 200 ] && hasnt 1000000008
ok "reveal: for that reply only: the page is masked again"
c_post olga "/staff/request/$REF/reveal" "reason=$(head -c 2100 /dev/zero | tr '\0' 'x')" "code=123456"
[ "$code" = 422 ] && has 'id="error-reason"'
ok "reveal: a reason too long is refused at its field"
c_post mona "/staff/request/$REF/reveal" "reason=فضول" "code=123456"
[ "$code" = 403 ] && [ "$(shows reveal "actor = 'mona'")" = 0 ]
ok "reveal: a manager may not reveal (403)"
c_get mona "/staff/request/$REF"
[ "$code" = 200 ] && hasnt 1000000008 && hasnt 'id="field-reason"' && hasnt 'id="field-to"'
ok "request: a manager sees the page, masked, with no reveal nor status form"

# ---- status moves ----
c_get olga "/staff/request/$REF"
has '<option value="under-study"' && has '<option value="needs-info"' &&
    hasnt '<option value="accepted"' && hasnt '<option value="rejected"'
ok "status: the officer is offered only the study's moves"
c_post olga "/staff/request/$REF/status" "to=under-study"
[ "$code" = 422 ] && has 'id="error-note"' && [ "$(db "SELECT status FROM submission WHERE ref = '$REF'")" = received ]
ok "status: a move without a note is refused at its field (422)"
c_post olga "/staff/request/$REF/status" "to=under-study" "note=بدأت دراسة الطلب"
[ "$code" = 303 ] && grep -qi "^location: /staff/request/$REF" "$work/head" &&
    [ "$(db "SELECT status FROM submission WHERE ref = '$REF'")" = under-study ]
ok "status: the officer moves received -> under-study (303 back to the request)"
[ "$(shows status "actor = 'olga' AND from_status = 'received' AND to_status = 'under-study' AND note = 'بدأت دراسة الطلب' AND revision IS NULL")" = 1 ]
ok "status: the move is audited in the officer's name with its note"
c_get olga "/staff/request/$REF"
has '<bdi class="staff-actor">olga</bdi>' && has 'إلى «قيد الدراسة»' &&
    has 'الملاحظة: بدأت دراسة الطلب' && has 'هـ —'
ok "status: the history shows who, when (both calendars) and the note"
before=$(db "SELECT count(*) FROM audit WHERE action = 'status'")
c_post olga "/staff/request/$REF/status" "to=accepted" "note=مقبول"
[ "$code" = 403 ] && [ "$(db "SELECT status FROM submission WHERE ref = '$REF'")" = under-study ] &&
    [ "$(db "SELECT count(*) FROM audit WHERE action = 'status'")" = "$before" ]
ok "status: the officer may not decide (403) and nothing changes"
c_post olga "/staff/request/$REF/status" "to=no-such" "note=x"
[ "$code" = 403 ]
ok "status: an unknown status is refused (403)"
c_get cara "/staff/request/$REF"
has '<option value="accepted"' && has '<option value="rejected"' && hasnt '<option value="needs-info"'
ok "status: the committee is offered only the decisions"
c_post cara "/staff/request/$REF/status" "to=accepted" "note=استوفى الشروط"
[ "$code" = 303 ] && [ "$(db "SELECT status FROM submission WHERE ref = '$REF'")" = accepted ] &&
    [ -n "$(db "SELECT decided_at FROM submission WHERE ref = '$REF'")" ]
ok "status: the committee decides accepted"
[ "$(db "SELECT revision FROM audit WHERE action = 'status' AND ref = '$REF' AND to_status = 'accepted'")" = beneficiary-relations/1 ]
ok "status: the decision's entry names the policy revision in force"
c_get cara "/staff/request/$REF"
has 'بموجب «سياسة [^»]*»، الإصدار <bdi dir="ltr">1</bdi>' && has '<bdi class="staff-actor">cara</bdi>'
ok "status: the history says the policy and its revision"
c_post cara "/staff/request/$REF/status" "to=accepted" "note=مرة أخرى"
[ "$code" = 422 ] && has 'id="error-to"'
ok "status: a move to the status it has is refused at the field (422)"
c_get olga "/staff/queue?status=accepted"
[ "$code" = 200 ] && [ "$(rows)" = 1 ] && has "/staff/request/$REF" &&
    [ "$(count_of accepted)" = 1 ] && [ "$(count_of received)" = $N ]
ok "queue: the status filter: the accepted one, counts of the others kept"
c_get olga "/staff/queue?status=accepted&form=support-request&page=1"
[ "$code" = 200 ] && hasnt 'staff-left'
ok "queue: a decided request shows no days left"

# ---- wasl-admin records the revision the same way ----
REF3=$(db "SELECT ref FROM submission WHERE form = 'support-request' ORDER BY id LIMIT 1 OFFSET 2")
"$BIN/wasl-admin" --db "$DB" --content content status "$REF3" rejected --note "لا يستوفي" >/dev/null 2>&1
[ "$(db "SELECT revision FROM audit WHERE ref = '$REF3' AND to_status = 'rejected'")" = beneficiary-relations/1 ]
ok "wasl-admin status: its decision names the revision too"

# ---- a form's policy must be one of the site's ----
cp -r content "$work/content-bad"
sed -i 's/^policy: beneficiary-relations$/policy: no-such-policy/' "$work/content-bad/forms/support-request.yaml"
"$BIN/wasl-build" --quiet --content "$work/content-bad" --out "$work/site-bad" >"$work/bad.log" 2>&1
rc=$?
code=$rc; cp "$work/bad.log" "$work/body"
[ $rc = 1 ] && grep -q "forms/support-request.yaml:1: policy 'no-such-policy' is not a policy of this site" "$work/bad.log"
ok "content: a form naming no policy of the site is refused at load"
