#!/usr/bin/env bash
# Staff work and data protection, end to end: wasl-admin over the database
# that the real servers (nginx on a free 127.0.0.1 port, wasl-forms,
# SQLite) are writing, and the applicants' status page through nginx.
# The workflow and its audit trail, overdue requests, the CSV export read
# back, the report on a known data set, stored text that tries to pass for
# the tool's own lines (shown as golden files say), status lookups (right,
# wrong and missing pairs, the limit on failures), a person's data found
# by national ID, mobile or e-mail in any form and in free text, erasure
# (listed, then confirmed) and purging that leave no byte of the person in
# the database file, a backup
# taken under load and restored (refused while the database is open, the
# replaced one kept, a crash's stale -wal not replayed over the backup,
# bad backups refused), the permission check, and the staff console's
# accounts (user add, list, disable, reset: names, roles, enrolment links
# whose token is stored hashed only, the audit trail).
# Prints PASS/FAIL lines for tests/run.sh. UPDATE_GOLDEN=1 rewrites
# tests/golden/admin/ after an intended change.
set -u
cd "$(dirname "$0")/.."
. tests/stack.sh
golden=tests/golden/admin
bg=""
stack_at_exit='[ -n "$bg" ] && kill $bg 2>/dev/null'
# t NAME CMD...: PASS when CMD succeeds.
t() { local n=$1; shift; if "$@"; then pass "$n"; else fail "$n" "${why:-no}"; fi; why=""; }
why=""
DB=$VAR/data/wasl.db
db() { sqlite3 -batch "$DB" "$1"; }
A() { "$BIN/wasl-admin" --db "$DB" --content content "$@"; }
FX() { "$BIN/wasl-admin" --db "$VAR/data/fx.db" --content content "$@"; }
has() { grep -qF -- "$2" "$1"; }
# mixed FILE: how many of the tool's own lines hold both English (Latin
# letters) and Arabic; a stored value's lines (behind "| ") are as typed.
mixed() { grep -v '^ *| \|^	| ' "$1" | LC_ALL=C.UTF-8 grep -cP '[A-Za-z].*\p{Arabic}|\p{Arabic}.*[A-Za-z]'; }
# rawhas FILE TEXT: the bytes of TEXT anywhere in FILE (a database file).
rawhas() { [ -f "$1" ] && LC_ALL=C grep -qaF -- "$2" "$1"; }

# The servers read a copy of the content, so that the status page can be
# seen without a stated response time and with an appeal (then put back).
cp -r content "$work/content"
export CONTENT=$work/content
start() { stack_start admin; }

start

# ---- submissions, as applicants send them -------------------------------
# sr NAME ID MOBILE NEED: a support request; its reference in $ref.
sr() {
	local loc
	loc=$(curl -s -o /dev/null -w '%{redirect_url}' -X POST \
	    --data-urlencode "full_name=$1" --data-urlencode "national_id=$2" \
	    --data-urlencode "mobile=$3" --data-urlencode "city=تبوك" \
	    -d family_size=4 -d monthly_income=2500 \
	    --data-urlencode "need=$4" -d declaration=yes -d privacy_consent=yes \
	    "$base/forms/support-request")
	ref=${loc##*/}
}
N1="عبدالله بن محمد الشهري" ID1=1000000008
N2="سارة أحمد الغامدي" ID2=1000000016
N3="Ahmad Khan" ID3=2000000006
sr "$N1" "$ID1" 0500000000 "تأخر سداد الإيجار"; r1=$ref
sr "$N1" "$ID1" 0500000000 "ترميم دورة المياه"; r1b=$ref
sr "$N2" "$ID2" 0511111111 "إيجار ثلاثة أشهر"; r2=$ref
sr "$N3" "$ID3" 0522222222 "rent"; r3=$ref
loc=$(curl -s -o /dev/null -w '%{redirect_url}' -X POST -d channel=website \
    -d reception=5 -d clarity=4 -d speed=4 -d overall=5 -d "request_ref=$r1" \
    "$base/forms/satisfaction-survey")
sref=${loc##*/}
loc=$(curl -s -o /dev/null -w '%{redirect_url}' -X POST -d kind=inquiry \
    --data-urlencode "message=متى يصل الرد؟" -d privacy_consent=yes \
    -d mobile=0533333333 "$base/forms/inquiry")
iref=${loc##*/}
why="$r1 $r1b $r2 $r3 $sref $iref"
t "setup: requests, a survey and an inquiry stored through nginx" \
    [ "$(db "SELECT count(*) FROM submission")" = 6 ]
t "schema: version 7 after wasl-forms migrated it" [ "$(db 'PRAGMA user_version')" = 7 ]
me=$(id -un)

# ---- the workflow and its audit trail ------------------------------------
A status "$r2" under-study --note "بدأت دراسة الطلب" >"$work/out" 2>&1
why=$(cat "$work/out")
t "status: received -> under-study" has "$work/out" "$r2: received -> under-study"
A status "$(echo "$r2" | tr 'A-Z' 'a-z')" needs-info --note "ينقص صك الإيجار" >"$work/out" 2>&1
why=$(cat "$work/out")
t "status: a reference typed in lower case" has "$work/out" "under-study -> needs-info"
A status "$r2" accepted --note "قرار لجنة البحث رقم 12" >/dev/null 2>&1
t "status: a decision sets decided_at" [ "$(db "SELECT status, decided_at IS NOT NULL FROM submission WHERE ref = '$r2'")" = "accepted|1" ]
A status "$r2" under-study --note "إعادة فتح للمراجعة" >/dev/null 2>&1
t "status: reopening clears decided_at" [ "$(db "SELECT status, decided_at IS NULL FROM submission WHERE ref = '$r2'")" = "under-study|1" ]
A status "$r2" accepted --note "قرار نهائي" >/dev/null 2>&1
A audit --ref "$r2" >"$work/audit"
why=$(cat "$work/audit")
t "audit: every change in order, with who, from, to and note" \
    [ "$(grep -c "	$me	status	$r2	" "$work/audit")" = 5 -a \
    "$(grep "	status	" "$work/audit" | cut -f5 | tr '\n' ,)" = \
    "received -> under-study,under-study -> needs-info,needs-info -> accepted,accepted -> under-study,under-study -> accepted," -a \
    "$(grep -A1 "	needs-info -> accepted$" "$work/audit" | sed -n 2p)" = '	| قرار لجنة البحث رقم 12' ]
t "audit: an Arabic note on a line of its own, no English beside it" \
    [ "$(mixed "$work/audit")" = 0 ]
t "audit: times are UTC" grep -qE '^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z	' "$work/audit"
n0=$(db "SELECT count(*) FROM audit")
A status "$r2" rejected >"$work/out" 2>&1; rc=$?
t "status: refused without --note" [ $rc = 1 -a "$(grep -c -- '--note' "$work/out")" -ge 1 ]
A status "$r2" approved --note x >"$work/out" 2>&1; rc=$?
t "status: an unknown status refused" [ $rc = 1 -a "$(grep -c 'not a status' "$work/out")" = 1 ]
A status "$r2" accepted --note x >"$work/out" 2>&1; rc=$?
t "status: no change refused" [ $rc = 1 -a "$(grep -c 'already accepted' "$work/out")" = 1 ]
A status ACDE3467 accepted --note x >"$work/out" 2>&1; rc=$?
t "status: an unknown reference refused" [ $rc = 1 -a "$(grep -c 'no submission' "$work/out")" = 1 ]
A status "$sref" accepted --note x >"$work/out" 2>&1; rc=$?
t "status: the anonymous survey has no workflow" [ $rc = 1 -a "$(grep -c 'anonymous' "$work/out")" = 1 ]
t "audit: refusals add nothing" [ "$(db "SELECT count(*) FROM audit")" = "$n0" ]
db "UPDATE audit SET note = 'rewritten' WHERE ref = '$r2'" 2>/dev/null; rc1=$?
db "DELETE FROM audit" 2>/dev/null; rc2=$?
t "audit: never overwritten nor deleted, even with the sqlite3 shell" \
    [ $rc1 != 0 -a $rc2 != 0 -a "$(db "SELECT count(*) FROM audit")" = "$n0" -a \
    "$(db "SELECT count(*) FROM audit WHERE note = 'rewritten'")" = 0 ]
A show "$r2" >"$work/show" 2>&1
why=$(head -5 "$work/show")
t "show: answers with their labels" [ "$(grep -A2 '^  full_name:$' "$work/show" | tr '\n' '#')" = "  full_name:#    الاسم الكامل#    | $N2#" ]
t "show: status, dates and history" [ "$(grep -A1 '^status     accepted$' "$work/show" | sed -n 2p)" = "           تم القبول" ]
t "show: no line holds both English and Arabic" \
    [ "$(mixed "$work/show")" = 0 ]
t "show: history lists the changes" [ "$(grep -c "  $me  status " "$work/show")" = 5 ]
t "show: the look itself is audited" [ "$(db "SELECT count(*) FROM audit WHERE action = 'show' AND ref = '$r2' AND actor = '$me'")" = 1 ]
A list --status accepted >"$work/out"
t "list: by status" [ "$(grep -c "^$r2 " "$work/out")" = 1 -a "$(tail -1 "$work/out")" = "1 submission" ]
A list --form inquiry >"$work/out"
t "list: by form" [ "$(grep -c "^$iref " "$work/out")" = 1 -a "$(tail -1 "$work/out")" = "1 submission" ]
A list --from 2099-01-01 >"$work/out"
t "list: by date" [ "$(tail -1 "$work/out")" = "0 submissions" ]
A list --form nope >"$work/out" 2>&1; rc=$?
t "list: an unknown form is named, with the forms there are" [ $rc = 1 -a "$(grep -c 'support-request' "$work/out")" = 1 ]

# ---- overdue: older than response_days (14) without a decision ----------
# kid REF FORM STATUS DAYS-AGO DECIDED: a request inserted as if old.
kid() {
	db "INSERT INTO submission (form, ref, received_at, status, decided_at)
	    VALUES ('$2', '$1', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-$4 days'),
	    '$3', $5);
	    INSERT INTO field VALUES (last_insert_rowid(), 'national_id', '2000000014')"
}
kid KKKK3333 support-request under-study 20 NULL
kid KKKK3334 support-request accepted 20 "strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-3 days')"
kid KKKK3336 support-request received 13 NULL
kid KKKK3337 inquiry received 30 NULL
A overdue >"$work/out"
why=$(cat "$work/out")
t "overdue: the old request without a decision" grep -q "^KKKK3333 .* 6 days$" "$work/out"
t "overdue: not the decided one, a recent one nor an inquiry" \
    [ "$(grep -c 'KKKK3334\|KKKK3336\|KKKK3337' "$work/out")" = 0 -a "$(tail -1 "$work/out")" = "1 overdue request" ]
A list --overdue >"$work/out"
t "list --overdue: the same" [ "$(grep -c '^KKKK' "$work/out")" = 1 ]
# without response_days in site.yaml nothing is due, and it says so
cp -r content "$work/nodays"
sed -i '/^response_days:/d' "$work/nodays/site.yaml"
"$BIN/wasl-admin" --db "$DB" --content "$work/nodays" overdue >"$work/out" 2>&1; rc=$?
t "overdue: without response_days, nothing overdue, saying why" [ $rc = 0 -a \
    "$(grep -c '^KKKK' "$work/out")" = 0 -a "$(grep -c "nothing is overdue: $work/nodays/site.yaml states no response_days" "$work/out")" = 1 ]
"$BIN/wasl-admin" --db "$DB" --content "$work/nodays" list >"$work/out" 2>&1
t "list: without response_days, no due date and none overdue" [ \
    "$(grep '^KKKK3333 ' "$work/out" | grep -c ' -  *$')" = 1 -a "$(grep -c overdue "$work/out")" = 0 ]
"$BIN/wasl-admin" --db "$DB" --content "$work/nodays" show KKKK3333 >"$work/out" 2>&1
t "show: without response_days, no due line" [ "$(grep -c '^due' "$work/out")" = 0 -a "$(grep -c '^received' "$work/out")" = 1 ]
A overdue --form inquiry >"$work/out" 2>&1; rc=$?
t "overdue: a form without due dates refused" [ $rc = 1 ]

# ---- the status page ------------------------------------------------------
# look REF ID: POST /forms/status; the code in $code, the body in $work/st.
look() {
	code=$(curl -s -o "$work/st" -w '%{http_code}' -X POST \
	    --data-urlencode "ref=$1" --data-urlencode "national_id=$2" \
	    "$base/forms/status")
}
code=$(curl -s -o "$work/st" -w '%{http_code}' "$base/forms/status")
t "status page: GET shows the lookup form" [ "$code" = 200 -a \
    "$(grep -c 'name="ref"\|name="national_id"\|action="/forms/status"' "$work/st")" = 3 ]
curl -s -o "$work/st" "$base/forms/support-request/received/$r3"
t "status page: linked from a request's confirmation" has "$work/st" 'href="/forms/status"'
curl -s -o "$work/st" "$base/forms/inquiry/received/$iref"
# (the footer links it on every page; the confirmation itself does not)
t "status page: not from an inquiry's, which it cannot find" [ "$(sed -n '/<main/,/<\/main>/p' "$work/st" | grep -c 'href="/forms/status"')" = 0 ]
look "$(echo "$r2" | tr 'A-Z' 'a-z' | sed 's/^..../&-/')" "١٠٠٠ ٠٠٠ ٠١٦"
why="$code"
t "status page: the right pair, typed loosely, finds the request" [ "$code" = 200 -a \
    "$(grep -c "حالة الطلب: تم القبول" "$work/st")" = 1 ]
t "status page: the decision with its date" grep -q 'القرار</dt><dd>قبول الطلب، بتاريخ <time datetime="[0-9-]*">[0-9/]*هـ الموافق [0-9/]*م' "$work/st"
today=$(TZ=Asia/Riyadh date +%Y-%m-%d)
due=$(TZ=Asia/Riyadh date -d "$today + 14 days" +%Y-%m-%d)
t "status page: received and due dates, Hijri and Gregorian" \
    grep -q "تاريخ الاستلام</dt><dd><time datetime=\"$today\">[0-9/]*هـ الموافق $(TZ=Asia/Riyadh date +%d/%m/%Y)م" "$work/st"
t "status page: due date is received + response_days" grep -q "datetime=\"$due\"" "$work/st"
look "$r3" "$ID3"
t "status page: an undecided request shows no decision" [ "$code" = 200 -a \
    "$(grep -c 'تم الاستلام' "$work/st")" -ge 1 -a "$(grep -c 'القرار</dt>' "$work/st")" = 0 ]
# site.yaml without response_days and with an appeal: no date promised;
# a rejection shows the association's own way to object, an acceptance not.
A status "$r3" under-study --note "دراسة" >/dev/null 2>&1
cp "$work/content/site.yaml" "$work/site.yaml.orig"
sed -i '/^response_days:/d' "$work/content/site.yaml"
printf 'appeal:\n  text: يُقدَّم الاعتراض إلى رئيس لجنة البحث خلال 30 يومًا من تاريخ القرار.\n  url: https://appeal.example/form\n' >>"$work/content/site.yaml"
sed -i 's/^contact:$/contact:\n  unified: 920001234\n  whatsapp: "0551234567"/' "$work/content/site.yaml"
fcgi/ctl.sh reload >"$work/out" 2>&1; rc=$?
why=$(cat "$work/out")
t "status page: content without response_days and with an appeal reloads" [ $rc = 0 ]
look "$r3" "$ID3"
t "status page: no response_days, no expected reply date" [ "$code" = 200 -a \
    "$(grep -c 'موعد الرد المتوقع\|يُتوقع الرد' "$work/st")" = 0 -a "$(grep -c 'تاريخ الاستلام' "$work/st")" = 1 ]
t "status page: an undecided request shows no appeal" [ "$(grep -c 'الاعتراض على القرار' "$work/st")" = 0 ]
A status "$r3" rejected --note "لا تنطبق الشروط" >/dev/null 2>&1
look "$r3" "$ID3"
t "status page: a rejection shows the association's appeal and its link" [ "$code" = 200 -a \
    "$(grep -c 'حالة الطلب: تم الرفض\|<h3>الاعتراض على القرار</h3>\|يُقدَّم الاعتراض إلى رئيس لجنة البحث\|href="https://appeal.example/form"' "$work/st")" = 4 ]
look "$r2" "$ID2"
t "status page: an acceptance shows no appeal" [ "$code" = 200 -a "$(grep -c 'الاعتراض' "$work/st")" = 0 ]
code=$(curl -s -o "$work/st" -w '%{http_code}' "$base/forms/status")
t "status page: the lookup promises no date without response_days" [ "$code" = 200 -a \
    "$(grep -c 'يُتوقع الرد' "$work/st")" = 0 ]
curl -s -o "$work/st" "$base/forms/support-request/received/$r3"
t "confirmation: the unified number and WhatsApp site.yaml gives, as links" [ \
    "$(grep -c 'الرقم الموحد: <a href="tel:920001234" dir="ltr">920001234</a>\|واتساب: <a href="https://wa.me/966551234567" dir="ltr">' "$work/st")" = 2 ]
cp "$work/site.yaml.orig" "$work/content/site.yaml"
fcgi/ctl.sh reload >/dev/null 2>&1
curl -s -o "$work/st" "$base/forms/support-request/received/$r3"
t "confirmation: no unified number nor WhatsApp when site.yaml gives none" [ \
    "$(sed -n '/<main/,/<\/main>/p' "$work/st" | grep -c 'الرقم الموحد\|واتساب\|<ul class="plain">')" = 0 -a \
    "$(grep -c 'mailto:ihsanhousing@gmail.com' "$work/st")" -ge 1 ]
look "$r3" "$ID3"
t "status page: a rejection without an appeal in site.yaml shows none" [ "$code" = 200 -a \
    "$(grep -c 'الاعتراض' "$work/st")" = 0 -a "$(grep -c 'موعد الرد المتوقع' "$work/st")" = 1 ]
look "$r3" "$ID2"; c1=$code; cp "$work/st" "$work/wrong"
look YYYYYYYY "$ID2"; c2=$code; cp "$work/st" "$work/missing"
look "$r2" "$ID1"; c3=$code; cp "$work/st" "$work/other"
look "$sref" "$ID1"; c4=$code; cp "$work/st" "$work/survey"
t "status page: a wrong pair gets exactly the answer of a missing one" \
    [ "$c1 $c2 $c3 $c4" = "200 200 200 200" -a -s "$work/wrong" ]
t "status page: byte for byte, a wrong ID and an unknown reference" \
    cmp -s "$work/wrong" "$work/missing"
cmp -s "$work/wrong" "$work/other" && cmp -s "$work/wrong" "$work/survey" &&
    pass "status page: another person's ID and a survey's reference answer alike" ||
    fail "status page: another person's ID and a survey's reference answer alike" "bodies differ"
t "status page: the not-found page repeats nothing typed" \
    [ "$(grep -c "$r3\|$ID2\|YYYYYYYY" "$work/wrong")" = 0 -a "$(grep -c 'لم نجد طلبًا' "$work/wrong")" = 1 ]
look "AB" "12345"
t "status page: malformed answers get 422 with an error summary" [ "$code" = 422 -a \
    "$(grep -c 'class="error-summary"\|href="#field-ref"\|href="#field-national_id"' "$work/st")" = 3 ]
t "status page: and what was typed kept" has "$work/st" 'value="AB"'
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Sec-Fetch-Site: cross-site' \
    -d "ref=$r3" -d "national_id=$ID3" "$base/forms/status")
t "status page: 403 from another site" [ "$code" = 403 ]
code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT -d x=1 "$base/forms/status")
t "status page: 405 for PUT" [ "$code" = 405 ]
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -d "ref=$r3" -d admin=1 "$base/forms/status")
t "status page: 400 for an unknown field" [ "$code" = 400 ]
# Four failures so far; the limit is 8 per client in 15 minutes.
codes=""
for _ in $(seq 1 6); do
	look YYYYYYYY "$ID2"
	codes="$codes $code"
done
why=$codes
t "status page: after 8 failed lookups the client is refused (429)" \
    [ "$codes" = " 200 200 200 200 429 429" ]
look "$r3" "$ID3"
t "status page: refused even with the right pair, learning nothing" [ "$code" = 429 -a \
    "$(grep -c "$r3\|تم الاستلام" "$work/st")" = 0 ]
curl -s -D "$work/h" -o /dev/null -X POST -d ref=YYYYYYYY -d "national_id=$ID2" "$base/forms/status"
t "status page: 429 says when to retry" grep -qi '^Retry-After: 900' "$work/h"
fcgi/ctl.sh stop >/dev/null 2>&1
start
look "$r3" "$ID3"
t "status page: the failures live in memory only (a restart forgets them)" [ "$code" = 200 ]
t "status page: no client address stored" [ "$(cat "$DB" "$DB-wal" 2>/dev/null | grep -ac '127\.0\.0\.1')" = 0 ]

# ---- export: CSV for Excel ----------------------------------------------
A export --form support-request --out "$work/sr.csv" >"$work/out" 2>&1
t "export: says what it wrote" has "$work/out" "export: 7 rows of support-request to $work/sr.csv"
t "export: written mode 0600" [ "$(stat -c %a "$work/sr.csv")" = 600 ]
t "export: UTF-8 with a byte-order mark" [ "$(head -c 3 "$work/sr.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ]
t "export: headings are the questions' labels" grep -q '"الرقم المرجعي","تاريخ الاستلام","الحالة","تاريخ القرار","الاسم الكامل","رقم الهوية"' "$work/sr.csv"
t "export: audited" [ "$(db "SELECT count(*) FROM audit WHERE action = 'export' AND note LIKE 'support-request: 7 rows%'")" = 1 ]
"$BIN/wasl-forms" --check --content content --templates templates --db "$VAR/data/fx.db" >/dev/null &&
    sqlite3 -batch "$VAR/data/fx.db" <"$golden/fixture.sql"
FX export --form support-request >"$work/export.csv"
[ -n "${UPDATE_GOLDEN:-}" ] && cp "$work/export.csv" "$golden/export.csv"
cmp -s "$work/export.csv" "$golden/export.csv" && pass "export: the known data set, byte for byte" ||
    fail "export: the known data set, byte for byte" "$(diff "$golden/export.csv" "$work/export.csv" | head -5)"
t "export: CRLF line ends" [ "$(grep -c $'\r$' "$work/export.csv")" -ge 8 ]
for cell in "'=HYPERLINK(" "'-2+3" "'@SUM(A1:A2)" "'+966500000000"; do
	t "export: formula neutralised: $cell" has "$work/export.csv" "\"$cell"
done
# Read it back with a CSV reader (the sqlite3 shell's) and compare every
# answer with the database, the neutralising apostrophe removed.
tail -c +4 "$work/export.csv" >"$work/nobom.csv"
sqlite3 -batch "$work/back.db" ".import --csv $work/nobom.csv t" 2>"$work/out"
back=$(sqlite3 -batch "$work/back.db" "SELECT group_concat(
    CASE WHEN substr(v, 1, 1) = '''' THEN substr(v, 2) ELSE v END, '|') FROM (
    SELECT \"الاسم الكامل\" AS v FROM t UNION ALL SELECT \"رقم الجوال\" FROM t
    UNION ALL SELECT \"المدينة\" FROM t UNION ALL SELECT \"وصف الحاجة\" FROM t)")
orig=$(sqlite3 -batch "$VAR/data/fx.db" "SELECT group_concat(value, '|') FROM (
    SELECT name, value FROM field JOIN submission ON id = submission_id
    WHERE form = 'support-request' AND name IN ('full_name', 'mobile', 'city', 'need')
    ORDER BY CASE name WHEN 'full_name' THEN 1 WHEN 'mobile' THEN 2 WHEN 'city' THEN 3 ELSE 4 END,
    received_at)")
why="$(cat "$work/out") [$back] [$orig]"
t "export: read back, every answer intact (Arabic, quotes, line breaks)" [ -n "$back" -a "$back" = "$orig" ]
FX export --form inquiry >"$work/out"
t "export: choices as their labels" has "$work/out" '"شكوى"'
FX export --form support-request --from 2024-08-01 --to 2024-08-05 >"$work/out"
t "export: a period, in Saudi days" [ "$(grep -c '^"ACDE34' "$work/out")" = 3 ]
FX export --from 2024-08-01 >"$work/out" 2>&1; rc=$?
t "export: --form is required" [ $rc = 1 ]
n0=$(sqlite3 -batch "$VAR/data/fx.db" "SELECT count(*) FROM audit")
script -qec "$BIN/wasl-admin --db $VAR/data/fx.db --content content export --form support-request" /dev/null >"$work/out" 2>&1; rc=$?
why=$(cat "$work/out")
t "export: not to a terminal, where stored text would be shown raw" [ $rc = 1 -a \
    "$(grep -c 'the CSV would go to the terminal.*--out FILE' "$work/out")" = 1 -a "$(grep -c HYPERLINK "$work/out")" = 0 -a \
    "$(sqlite3 -batch "$VAR/data/fx.db" "SELECT count(*) FROM audit")" = "$n0" ]

# ---- the report, on the known data set -----------------------------------
SOURCE_DATE_EPOCH=1723593600 FX report --json "$work/r.json" --html "$work/r.html"
[ -n "${UPDATE_GOLDEN:-}" ] && cp "$work/r.json" "$golden/report.json"
cmp -s "$work/r.json" "$golden/report.json" && pass "report: the known data set's figures, as expected" ||
    fail "report: the known data set's figures, as expected" "$(diff "$golden/report.json" "$work/r.json" | head -5)"
jx() { sqlite3 -batch "$VAR/data/fx.db" "SELECT json_extract(readfile('$work/r.json'), '\$.$1')"; }
sq() { sqlite3 -batch "$VAR/data/fx.db" "$1"; }
for q in reception clarity speed overall; do
	i=$(case $q in reception) echo 0;; clarity) echo 1;; speed) echo 2;; overall) echo 3;; esac)
	want=$(sq "SELECT round(avg(value), 2) || ' ' || count(*) || ' ' ||
	    round(100.0 * sum(value >= 4) / count(*), 1) FROM field JOIN submission
	    ON id = submission_id WHERE form = 'satisfaction-survey' AND name = '$q'")
	got="$(jx "surveys[0].overall.questions[$i].mean") $(jx "surveys[0].overall.questions[$i].count") $(jx "surveys[0].overall.questions[$i].satisfaction")"
	why="$got, SQL says $want"
	t "report: $q: mean, count and satisfaction agree with SQL" [ "$got" = "$want" ]
done
want=$(sq "SELECT count(*) FROM field JOIN submission ON id = submission_id
    WHERE form = 'satisfaction-survey' AND name = 'overall' AND value = '5'
    AND received_at LIKE '2024-08%'")
t "report: August's distribution agrees with SQL" [ "$(jx 'surveys[0].months[2].questions[3].distribution[0].count')" = "$want" ]
t "report: a month of 3 answers hidden" [ "$(jx 'surveys[0].months[0].shown')" = 0 -a -z "$(jx 'surveys[0].months[0].answers')" ]
t "report: median days to a decision" [ "$(jx 'requests[0].median_days')" = 9.5 ]
t "report: HTML with SVG charts, no scripts" [ "$(grep -c '<svg' "$work/r.html")" = 5 -a "$(grep -c '<script\| src=' "$work/r.html")" = 0 ]
FX report >"$work/out"
t "report: JSON on standard output without --json or --html" [ "$(sqlite3 :memory: "SELECT json_valid(readfile('$work/out'))")" = 1 ]
t "report: on the terminal an Arabic value is never on its key's line" [ \
    "$(LC_ALL=C.UTF-8 grep -cP '^\s*"[a-z_]+": .*\p{Arabic}' "$work/out")" = 0 -a \
    "$(grep -c '^ *"label":$' "$work/out")" -ge 1 ]
mkdir -p "$work/content-data"
A report --json "$work/content-data/satisfaction.json"
t "report: the public file holds no name, ID or reference" \
    [ -s "$work/content-data/satisfaction.json" -a "$(grep -c "$N1\|$ID1\|$r1\|$sref" "$work/content-data/satisfaction.json")" = 0 ]

# ---- stored text cannot pass for the tool's own lines ----------------------
# A submission and a note holding line breaks, a carriage return, a fake
# history entry and mobile line, ANSI sequences and bidi controls
# (forged.sql): shown exactly as the golden files say, the look's own
# entry (its time and user) written NOW and ACTOR.
sqlite3 -batch "$VAR/data/fx.db" <"$golden/forged.sql"
FX show FRGD3467 | sed -E 's/^  [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z  .*  show$/  NOW  ACTOR  show/' >"$work/show.txt"
FX audit --ref FRGD3467 | sed -E 's/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z	.*	show	FRGD3467$/NOW	ACTOR	show	FRGD3467/' >"$work/audit.txt"
FX list --from 2024-08-12 --to 2024-08-12 >"$work/list.txt"
for g in show audit list; do
	[ -n "${UPDATE_GOLDEN:-}" ] && cp "$work/$g.txt" "$golden/$g.txt"
	cmp -s "$work/$g.txt" "$golden/$g.txt" && pass "$g: forged stored text shown as the golden file says" ||
	    fail "$g: forged stored text shown as the golden file says" "$(diff "$golden/$g.txt" "$work/$g.txt" | head -8)"
done
t "show: no line of an answer begins a line of its own" [ "$(grep -c '^  2024-08-14T10:00:00Z\|^  رقم الجوال (mobile): +966599999999\|^history$\|^status     accepted' "$work/show.txt")" = 1 ]
t "list: a stored line break adds no row" [ "$(wc -l <"$work/list.txt")" = 5 -a "$(grep -c '^ACDE3467' "$work/list.txt")" = 0 ]
FX person --mobile 0512345678 >"$work/person.txt"
t "person: the forged answers as escapes in valid JSON, the same value" [ \
    "$(sqlite3 :memory: "SELECT json_valid(readfile('$work/person.txt'))")" = 1 -a \
    "$(grep -c '\\u202E\|\\u009B\|\\u001B' "$work/person.txt")" -ge 2 -a \
    "$(sqlite3 -batch "$VAR/data/fx.db" "SELECT value = json_extract(readfile('$work/person.txt'),
        '\$.submissions[0].answers[3].value') FROM field WHERE name = 'message' AND
        submission_id = (SELECT id FROM submission WHERE ref = 'FRGD3467')")" = 1 ]
t "person: an Arabic value never on its key's line" [ \
    "$(LC_ALL=C.UTF-8 grep -cP '^\s*"[a-z_]+": .*\p{Arabic}' "$work/person.txt")" = 0 -a \
    "$(grep -c '^ *"label":$' "$work/person.txt")" -ge 1 ]
t "show, audit: the forged text too, no line of the tool's own mixes English and Arabic" \
    [ "$(mixed "$work/show.txt")" = 0 -a "$(mixed "$work/audit.txt")" = 0 ]
t "show, audit, list, person: no control character, escape or bidi control reaches the terminal" \
    [ "$(cat "$work/show.txt" "$work/audit.txt" "$work/list.txt" "$work/person.txt" | LC_ALL=C grep -c $'[\x01-\x08\x0b-\x1f\x7f]\\|\xc2[\x80-\x9f]\\|\xe2\x80[\x8e\x8f\xaa-\xae]\\|\xe2\x81[\xa6-\xa9]\\|\xef\xbb\xbf')" = 0 ]

# ---- a person's data, then their erasure ----------------------------------
# Pages enough for interior b-tree pages: 500 other requests.
db "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
    INSERT INTO submission (form, ref, received_at) SELECT 'support-request',
    'MMMM' || printf('%04d', i), strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM n;
    INSERT INTO field SELECT id, 'full_name', 'مستفيد رقم ' || id FROM submission WHERE ref LIKE 'MMMM%';
    INSERT INTO field SELECT id, 'national_id', '2' || printf('%09d', id) FROM submission WHERE ref LIKE 'MMMM%';"
db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
t "erase: before, the person is in the database file" rawhas "$DB" "$N1"
rawhas "$DB" "$ID1" && pass "erase: before, their national ID is in the file" ||
    fail "erase: before, their national ID is in the file" "not found: the search would prove nothing"
A person --national-id "١٠٠٠٠٠٠٠٠٨" --out "$work/p1.json" >/dev/null 2>&1
t "person: their data as JSON, mode 0600" [ "$(stat -c %a "$work/p1.json")" = 600 -a \
    "$(grep -c "\"$r1\"\|\"$r1b\"\|$N1" "$work/p1.json")" -ge 3 ]
t "person: nobody else's" [ "$(grep -c "$N2\|$r2" "$work/p1.json")" = 0 ]
t "person: audited per submission" [ "$(db "SELECT count(*) FROM audit WHERE action = 'access' AND ref IN ('$r1', '$r1b')")" = 2 ]
A erase --national-id "$ID1" --note "طلب محو رقم 7" </dev/null >"$work/out" 2>&1; rc=$?
why=$(cat "$work/out")
t "erase: without --yes and without a terminal, it lists what it would erase and erases nothing" \
    [ $rc = 1 -a "$(grep -c "^  $r1 \|^  $r1b " "$work/out")" = 2 -a \
    "$(grep -c 'nothing erased: to erase these 2 submissions, run the same command with --yes' "$work/out")" = 1 -a \
    "$(db "SELECT count(*) FROM submission WHERE ref IN ('$r1', '$r1b')")" = 2 -a \
    "$(db "SELECT count(*) FROM audit WHERE action = 'erase'")" = 0 ]
A erase --national-id "$ID1" --note "طلب محو رقم 7" --yes >"$work/out" 2>&1
why=$(cat "$work/out")
t "erase: both requests erased" has "$work/out" "2 submissions erased"
for f in "$DB" "$DB-wal" "$DB-shm"; do
	for s in "$ID1" "$N1" "$r1" "$r1b" "تأخر سداد الإيجار" "+966500000000"; do
		rawhas "$f" "$s" && { fail "erase: no trace in $(basename "$f")" "found [$s]"; continue 2; }
	done
	pass "erase: no trace of the person in $(basename "$f") (ID, name, references, answers)"
done
t "erase: the others are still there (and the search finds them)" rawhas "$DB" "$N2"
t "erase: anonymous counts kept" [ "$(db "SELECT n FROM tally WHERE form = 'support-request' AND reason = 'erased' AND status = 'received'")" = 2 ]
t "erase: the survey's link to the request is gone" [ "$(db "SELECT count(*) FROM field WHERE value IN ('$r1', '$r1b')")" = 0 -a \
    "$(db "SELECT count(*) FROM submission WHERE ref = '$sref'")" = 1 ]
t "erase: their audit entries redacted, the erasure audited without the ID" \
    [ "$(db "SELECT count(*) FROM audit WHERE redacted = 1 AND ref IS NULL AND note IS NULL")" -ge 2 -a \
    "$(db "SELECT count(*) FROM audit WHERE action = 'erase' AND note = 'data-subject erasure request: 2 submissions erased; طلب محو رقم 7' AND actor = '$me'")" = 1 ]
look "$r1" "$ID1"
t "erase: the status page no longer finds them" has "$work/st" "لم نجد طلبًا"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -d channel=phone -d reception=4 \
    -d clarity=4 -d speed=4 -d overall=4 "$base/forms/satisfaction-survey")
t "erase: wasl-forms goes on storing after the rebuild" [ "$code" = 303 ]
A erase --national-id "$ID1" >"$work/out" 2>&1
t "erase: again, nothing left" has "$work/out" "0 submissions erased"
A person --national-id "$ID1" >"$work/out" 2>/dev/null
t "person: after erasure, nothing" has "$work/out" '"submissions": []'
A person --national-id 1000000009 >"$work/out" 2>&1; rc=$?
t "person: an invalid national ID refused" [ $rc = 1 ]

# ---- a person found by any identifier, in any form and in free text ------
# P: a support request (national ID and mobile in their fields), an inquiry
# with only the mobile in its field and the ID typed in Arabic-Indic digits
# with spaces inside the message, a survey answer mentioning the e-mail.
# Others: an ID or mobile one digit away, the same digits inside longer
# numbers, addresses that contain P's.
IDP=1234567897 NP="نورة بنت عبدالرحمن العتيبي" IDP_AR="١٢٣٤ ٥٦٧ ٨٩٧" EP="Nora.Q@Example.com"
# post FORM ARGS...: a submission through nginx; its reference in $ref.
post() {
	local form=$1 loc; shift
	loc=$(curl -s -o /dev/null -w '%{redirect_url}' -X POST "$@" "$base/forms/$form")
	ref=${loc##*/}
}
sr "$NP" "$IDP" 0554443322 "ترميم منزل الأسرة"; p1=$ref
post inquiry -d kind=complaint --data-urlencode "mobile=٠٥٥٤٤٤٣٣٢٢" \
    --data-urlencode "message=رقم هويتي $IDP_AR ولم يصلني رد على طلبي" -d privacy_consent=yes; p2=$ref
post satisfaction-survey -d channel=website -d reception=3 -d clarity=3 -d speed=2 -d overall=3 \
    --data-urlencode "comments=أرجو الرد على $EP بخصوص طلبي"; p3=$ref
post inquiry -d kind=inquiry -d mobile=0554443323 -d email=nora.q@example.com.sa \
    --data-urlencode "message=هويتي ١٢٣٤٥٦٧٨٩٨ والرقم ١١٢٣٤٥٦٧٨٩٧" -d privacy_consent=yes; q1=$ref
post inquiry -d kind=suggestion -d email=xnora.q@example.com \
    --data-urlencode "message=اتصلوا على ٠٠٥٥٤٤٤٣٣٢٢ أو ١٢٣٤٥٦٧٨٩٧٠" -d privacy_consent=yes; q2=$ref
why="$p1 $p2 $p3 $q1 $q2"
t "person: P's three submissions and two others' stored" [ "$(db "SELECT count(*) FROM submission WHERE ref IN ('$p1', '$p2', '$p3', '$q1', '$q2')")" = 5 ]
# refs FILE: the references in a person file, sorted, comma-separated.
refs() { sqlite3 -batch :memory: "SELECT group_concat(r) FROM (SELECT json_extract(value, '\$.ref') AS r
    FROM json_each(readfile('$1'), '\$.submissions') ORDER BY r)"; }
want12=$(printf '%s\n' "$p1" "$p2" | sort | paste -sd,)
want123=$(printf '%s\n' "$p1" "$p2" "$p3" | sort | paste -sd,)
for combo in "--national-id $IDP=$want12" "--national-id ۱۲۳۴-۵۶۷-۸۹۷=$want12" \
    "--mobile +966554443322=$want12" "--mobile ٠٥٥٤٤٤٣٣٢٢=$want12" "--mobile 00966554443322=$want12" \
    "--mobile 554443322=$want12" "--email NORA.Q@example.com=$p3" \
    "--national-id $IDP --mobile 966554443322=$want12" "--national-id $IDP --email $EP=$want123" \
    "--mobile 0554443322 --email nora.q@example.com=$want123" \
    "--national-id $IDP --mobile 0554443322 --email $EP=$want123"; do
	# shellcheck disable=SC2086
	A person ${combo%%=*} --out "$work/pp.json" >/dev/null 2>"$work/out"
	why="$(refs "$work/pp.json") $(cat "$work/out")"
	t "person ${combo%%=*}: exactly P's submissions it names" [ "$(refs "$work/pp.json")" = "${combo#*=}" ]
done
A person --national-id "$IDP" --mobile 0554443322 --email "$EP" --out "$work/pp.json" >/dev/null 2>&1
found=$(sqlite3 -batch :memory: "SELECT group_concat(x, ' ') FROM (SELECT json_extract(s.value, '\$.form') || ':' ||
    json_extract(f.value, '\$.identifier') || '@' || json_extract(f.value, '\$.field') || '/' || json_extract(f.value, '\$.in') AS x
    FROM json_each(readfile('$work/pp.json'), '\$.submissions') s, json_each(s.value, '\$.found_by') f ORDER BY x)")
why=$found
t "person: says where each value was found" [ "$found" = \
    "inquiry:mobile@mobile/answer inquiry:national_id@message/text satisfaction-survey:email@comments/text support-request:mobile@mobile/answer support-request:national_id@national_id/answer" ]
t "person: the values as given, normalised" [ "$(sqlite3 -batch :memory: "SELECT json_extract(readfile('$work/pp.json'), '\$.national_id') || ' ' ||
    json_extract(readfile('$work/pp.json'), '\$.mobile') || ' ' || json_extract(readfile('$work/pp.json'), '\$.email')")" = \
    "$IDP +966554443322 nora.q@example.com" ]
A person --mobile 0312345678 >"$work/out" 2>&1; rc=$?
t "person: a landline refused, saying the forms a mobile takes" [ $rc = 1 -a "$(grep -c -- '--mobile: not a Saudi mobile number; write 05XXXXXXXX' "$work/out")" = 1 ]
A person >"$work/out" 2>&1; rc=$?
t "person: nothing given refused, saying what to give" [ $rc = 1 -a "$(grep -c -- '--national-id ID, --mobile NUMBER or --email ADDRESS' "$work/out")" = 1 ]
db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
before=0
for s in "$IDP" "$IDP_AR" "+966554443322" "$EP" "$NP"; do rawhas "$DB" "$s" && before=$((before + 1)); done
t "erase: before, each of P's values is in the database file" [ $before = 5 ]
A erase --national-id "$IDP" --mobile 0554443322 --email "$EP" </dev/null >"$work/out" 2>&1; rc=$?
why=$(cat "$work/out")
t "erase: shows what it would erase, each with why" [ $rc = 1 -a \
    "$(grep -c "^3 submissions hold the data given:" "$work/out")" = 1 -a \
    "$(grep -c "^  $p1  support-request .*  mobile in mobile; national ID in national_id$" "$work/out")" = 1 -a \
    "$(grep -c "^  $p2  inquiry .*  national ID in the text of message; mobile in mobile$" "$work/out")" = 1 -a \
    "$(grep -c "^  $p3  satisfaction-survey .*  e-mail in the text of comments$" "$work/out")" = 1 ]
t "erase: not confirmed, nothing erased" [ "$(db "SELECT count(*) FROM submission WHERE ref IN ('$p1', '$p2', '$p3')")" = 3 ]
printf 'no\n' | script -qec "$BIN/wasl-admin --db $DB --content content erase --email $EP" /dev/null >"$work/out" 2>&1
why=$(cat "$work/out")
t "erase: at a terminal it asks, and an answer other than yes erases nothing" [ \
    "$(grep -c 'Type yes to confirm' "$work/out")" = 1 -a "$(grep -c 'nothing erased (not confirmed)' "$work/out")" = 1 -a \
    "$(db "SELECT count(*) FROM submission WHERE ref = '$p3'")" = 1 ]
A erase --national-id "$IDP" --mobile 0554443322 --email "$EP" --yes >"$work/out" 2>&1
why=$(cat "$work/out")
t "erase: all three erased" has "$work/out" "3 submissions erased"
t "erase: nothing of the others whose values are one digit away or contain P's" \
    [ "$(db "SELECT count(*) FROM submission WHERE ref IN ('$q1', '$q2')")" = 2 ]
for f in "$DB" "$DB-wal" "$DB-shm"; do
	for s in "$IDP" "$IDP_AR" "+966554443322" "$EP" "$NP" "$p1" "$p2" "$p3"; do
		rawhas "$f" "$s" && { fail "erase: none of P's values in $(basename "$f")" "found [$s]"; continue 2; }
	done
	pass "erase: none of P's values in $(basename "$f") (ID in both scripts, mobile, e-mail, name, references)"
done
t "erase: anonymous counts of the three" [ "$(db "SELECT sum(n) FROM tally WHERE reason = 'erased' AND form IN ('inquiry', 'satisfaction-survey')")" = 2 ]
# At a terminal, typing yes erases.
post inquiry -d kind=inquiry -d email=r.person@example.com --data-urlencode "message=سؤال" -d privacy_consent=yes; r4=$ref
printf 'yes\n' | script -qec "$BIN/wasl-admin --db $DB --content content erase --email R.Person@example.com" /dev/null >"$work/out" 2>&1
why=$(cat "$work/out")
t "erase: at a terminal, typing yes erases" [ "$(grep -c '1 submission erased' "$work/out")" = 1 -a \
    "$(db "SELECT count(*) FROM submission WHERE ref = '$r4'")" = 0 ]

# ---- purge: retention per form ------------------------------------------
db "INSERT INTO submission (form, ref, received_at, status) VALUES ('support-request',
    'PPPP3333', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1830 days'), 'rejected');
    INSERT INTO field VALUES (last_insert_rowid(), 'full_name', 'نورة بنت سعد القحطاني');
    INSERT INTO field VALUES ((SELECT id FROM submission WHERE ref = 'PPPP3333'), 'national_id', '1000000024');
    INSERT INTO submission (form, ref, received_at) VALUES ('inquiry',
    'PPPP3334', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-731 days'));
    INSERT INTO field VALUES (last_insert_rowid(), 'email', 'old.applicant@example.com');
    INSERT INTO submission (form, ref, received_at) VALUES ('satisfaction-survey',
    'PPPP3336', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-3000 days'));
    INSERT INTO field VALUES (last_insert_rowid(), 'overall', '5');
    INSERT INTO submission (form, ref, received_at) VALUES ('inquiry',
    'PPPP3337', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-700 days'));"
db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
A purge --dry-run >"$work/out"
why=$(cat "$work/out")
t "purge --dry-run: says what would go" [ "$(grep -c '^support-request: 1 submission .*(retention 1825 days) would be deleted$\|^inquiry: 1 submission .*(retention 730 days) would be deleted$\|^satisfaction-survey: anonymous, kept$' "$work/out")" = 3 ]
t "purge --dry-run: deletes nothing" [ "$(db "SELECT count(*) FROM submission WHERE ref LIKE 'PPPP%'")" = 4 ]
rawhas "$DB" "نورة بنت سعد القحطاني" && pass "purge: before, the old request is in the file" ||
    fail "purge: before, the old request is in the file" "not found"
A purge >"$work/out"
t "purge: past retention deleted, the rest kept" [ "$(db "SELECT group_concat(ref) FROM submission WHERE ref LIKE 'PPPP%'")" = "PPPP3336,PPPP3337" ]
for s in "نورة بنت سعد القحطاني" 1000000024 old.applicant@example.com PPPP3333; do
	rawhas "$DB" "$s" || rawhas "$DB-wal" "$s" && { fail "purge: no trace left" "found [$s]"; break; }
done || pass "purge: no trace of what was purged in the database files"
t "purge: anonymous counts and the audit trail" [ "$(db "SELECT sum(n) FROM tally WHERE reason = 'purged'")" = 2 -a \
    "$(db "SELECT count(*) FROM audit WHERE action = 'purge'")" = 2 ]

# ---- backup under load, restored ----------------------------------------
for c in 1 2 3 4; do
	(for i in $(seq 1 25); do
		curl -s -o /dev/null -X POST -d channel=phone -d reception=5 -d clarity=5 \
		    -d speed=5 -d overall=5 --data-urlencode "comments=عميل $c طلب $i" \
		    "$base/forms/satisfaction-survey"
	done) &
	bg="$bg $!"
done
sleep 0.3
A backup "$work/b1.db" >"$work/out" 2>&1; rc=$?
wait $bg 2>/dev/null
bg=""
why=$(cat "$work/out")
t "backup: taken while 4 clients post" [ $rc = 0 -a "$(grep -c 'integrity ok' "$work/out")" = 1 ]
t "backup: mode 0600" [ "$(stat -c %a "$work/b1.db")" = 600 ]
t "backup: a sound database" [ "$(sqlite3 -batch "$work/b1.db" 'PRAGMA integrity_check')" = ok ]
diffs=$(sqlite3 -batch "$work/b1.db" "ATTACH '$DB' AS o;
    SELECT (SELECT count(*) FROM main.submission s WHERE NOT EXISTS (SELECT 1 FROM o.submission u
      WHERE u.id = s.id AND u.ref = s.ref AND u.received_at = s.received_at AND u.status = s.status))
    + (SELECT count(*) FROM main.field f WHERE NOT EXISTS (SELECT 1 FROM o.field g
      WHERE g.submission_id = f.submission_id AND g.name = f.name AND g.value = f.value))
    + (SELECT count(*) FROM main.submission s WHERE (SELECT count(*) FROM main.field f WHERE f.submission_id = s.id)
      != (SELECT count(*) FROM o.field g WHERE g.submission_id = s.id))")
t "backup: a consistent snapshot (every row as stored, no half submission)" [ "$diffs" = 0 ]
A backup "$work/b2.db" >/dev/null 2>&1
for tb in submission field tally; do
	sqlite3 -batch "$DB" ".dump $tb" >"$work/d1"
	sqlite3 -batch "$work/b2.db" ".dump $tb" >"$work/d2"
	cmp -s "$work/d1" "$work/d2" || break
done && pass "backup: at rest, identical to the database" ||
    fail "backup: at rest, identical to the database" "table $tb differs"
t "backup: audited" [ "$(db "SELECT count(*) FROM audit WHERE action = 'backup'")" = 2 ]
A backup "$DB" >"$work/out" 2>&1; rc=$?
t "backup: refuses to overwrite the database itself" [ $rc = 1 ]
n0=$(db "SELECT count(*) FROM submission")
A restore "$work/b2.db" >"$work/out" 2>&1; rc=$?
why=$(cat "$work/out")
t "restore: refused while wasl-forms has the database open, nothing changed" [ $rc = 1 -a \
    "$(grep -c 'is open in another process.*stop the servers' "$work/out")" = 1 -a \
    "$(ls "$DB".before-restore-* "$DB".restore-* 2>/dev/null | wc -l)" = 0 ]
fcgi/ctl.sh stop >/dev/null 2>&1
owner=$(stat -c %U:%G "$DB")
A restore "$work/b2.db" >"$work/out" 2>&1; rc=$?
why=$(cat "$work/out")
t "restore: with the servers stopped, the backup in place" [ $rc = 0 -a "$(grep -c '^restore: .* is now ' "$work/out")" = 1 ]
t "restore: the restored file has the owner of the one it replaced ($owner), mode 0600" \
    [ "$(stat -c %a:%U:%G "$DB")" = "600:$owner" ]
start
look "$r2" "$ID2"
t "restore: the servers serve from it" [ "$code" = 200 -a "$(grep -c 'حالة الطلب: تم القبول' "$work/st")" = 1 ]
t "restore: every submission back" [ "$(A list | tail -1)" = "$n0 submissions" ]

# ---- restore: exactly the backup, whatever a crash left beside it ---------
# A database with 2 submissions, backed up; 3 more by a process killed
# with SIGKILL while it had them in the -wal only. Copying the backup into
# place would leave SQLite that -wal to replay over it.
R=$work/rs/wasl.db
mkdir -p "$work/rs"
[ "$(id -u)" = 0 ] && chown "${FORMS_USER:-wasl}:" "$work/rs"
chmod 700 "$work/rs"
"$BIN/wasl-forms" --check --content content --templates templates --db "$R" >/dev/null 2>&1
RA() { "$BIN/wasl-admin" --db "$R" "$@"; }
# ins REF DAY: the SQL of one inquiry.
ins() { printf "INSERT INTO submission (form, ref, received_at) VALUES ('inquiry', '%s', '2024-08-%sT06:00:00Z');
    INSERT INTO field VALUES (last_insert_rowid(), 'message', 'رسالة %s');\n" "$1" "$2" "$1"; }
{ ins RRRR3463 01; ins RRRR3464 02; } | sqlite3 -batch "$R"
rowner=$(stat -c %U:%G "$R")
RA backup "$work/rb.db" >/dev/null
mkfifo "$work/feed"
sqlite3 -batch "$R" <"$work/feed" >/dev/null 2>&1 & holder=$!
exec 7>"$work/feed"
{ ins RRRR3466 03; ins RRRR3467 04; ins RRRR3469 05; } >&7
for _ in $(seq 1 50); do
	[ "$(sqlite3 -batch "$R" 'SELECT count(*) FROM submission')" = 5 ] && break
	sleep 0.1
done
RA restore "$work/rb.db" >"$work/out" 2>&1; rc=$?
why=$(cat "$work/out")
t "restore: refused while a sqlite3 shell has the database open" [ $rc = 1 -a \
    "$(grep -c 'is open in another process' "$work/out")" = 1 -a -s "$R-wal" ]
kill -9 "$holder"
wait "$holder" 2>/dev/null
exec 7>&-
t "restore: the crash left 3 submissions in the -wal only" [ -s "$R-wal" -a -e "$R-shm" -a \
    "$(sqlite3 -batch "file:$R?immutable=1" 'SELECT count(*) FROM submission')" = 2 ]
# A backup with a -wal beside it (a copy of the crashed files): the log is
# part of it, read from the copy, and the backup's folder is left alone.
mkdir "$work/withwal" "$work/rs3"
[ "$(id -u)" = 0 ] && chown "${FORMS_USER:-wasl}:" "$work/rs3"
cp "$R" "$work/withwal/b.db"
cp "$R-wal" "$work/withwal/b.db-wal"
wsum=$(cat "$work/withwal/b.db" "$work/withwal/b.db-wal" | sha256sum)
"$BIN/wasl-admin" --db "$work/rs3/wasl.db" restore "$work/withwal/b.db" >"$work/out" 2>&1; rc=$?
why=$(cat "$work/out")
t "restore: a backup's -wal is part of it, and the backup is left untouched" [ $rc = 0 -a \
    "$(sqlite3 -batch "$work/rs3/wasl.db" 'SELECT count(*) FROM submission')" = 5 -a \
    "$(ls "$work/withwal" | tr '\n' ' ')" = "b.db b.db-wal " -a \
    "$(cat "$work/withwal/b.db" "$work/withwal/b.db-wal" | sha256sum)" = "$wsum" ]
mkdir "$work/naive"
cp "$work/rb.db" "$work/naive/wasl.db"
cp "$R-wal" "$work/naive/wasl.db-wal"
t "restore: copying the backup into place would show the -wal's 5 submissions, not its 2" \
    [ "$(sqlite3 -batch "$work/naive/wasl.db" 'SELECT count(*) FROM submission')" = 5 ]
RA restore "$work/rb.db" >"$work/out" 2>&1; rc=$?
why=$(cat "$work/out")
kept=$(ls -d "$R".before-restore-* 2>/dev/null)
t "restore: done, no stale -wal or -shm, no temporary file left" [ $rc = 0 -a ! -e "$R-wal" -a ! -e "$R-shm" -a \
    "$(ls -d "$R".restore-* 2>/dev/null | wc -l)" = 0 ]
t "restore: says where the replaced database is kept" [ -n "$kept" -a \
    "$(grep -c "^restore: the database it replaced (5 submissions) is kept as $kept\$" "$work/out")" = 1 ]
t "restore: mode 0600, the owner and group of the file it replaced ($rowner)" [ "$(stat -c %a:%U:%G "$R")" = "600:$rowner" ]
t "restore: the replaced database kept with all 5 (its -wal copied into it), mode 0600" [ \
    "$(stat -c %a:%U:%G "$kept")" = "600:$rowner" -a \
    "$(sqlite3 -batch "file:$kept?immutable=1" 'SELECT group_concat(ref) FROM submission')" = \
    RRRR3463,RRRR3464,RRRR3466,RRRR3467,RRRR3469 ]
t "restore: exactly the backup's 2 submissions" [ "$(sqlite3 -batch "$R" 'SELECT group_concat(ref) FROM submission')" = RRRR3463,RRRR3464 ]
t "restore: integrity ok" [ "$(sqlite3 -batch "$R" 'PRAGMA integrity_check')" = ok ]
note="restored from $(realpath "$work/rb.db") (2 submissions, schema version 7); the database it replaced is kept as $kept"
t "restore: in the restored database's audit trail (who, when, from which file, where the replaced one is)" \
    [ "$(sqlite3 -batch "$R" "SELECT count(*) FROM audit WHERE action = 'restore' AND actor = '$me' AND note = '$note'")" = 1 -a \
    "$(RA audit | grep -c "	$me	restore	-	\"$note\"\$")" = 1 ]
sum=$(sha256sum <"$kept")
RA restore "$work/rb.db" >"$work/out" 2>&1
t "restore: again, the first copy kept untouched and the second beside it" [ "$(ls -d "$R".before-restore-* | wc -l)" = 2 -a \
    "$(sha256sum <"$kept")" = "$sum" ]
# Refusals: a damaged file, a SQLite file that is not wasl's, no file, a
# newer schema; each leaves the database and its folder as they were.
cp "$work/rb.db" "$work/bad.db"
printf 'garbage%.0s' $(seq 1 600) | dd of="$work/bad.db" bs=1 seek=8192 conv=notrunc 2>/dev/null
sqlite3 -batch "$work/other.db" "CREATE TABLE t (a); INSERT INTO t VALUES (1)"
cp "$work/rb.db" "$work/newer.db"
sqlite3 -batch "$work/newer.db" "PRAGMA user_version = 8"
sum=$(sha256sum <"$R")
before=$(ls "$work/rs" | tr '\n' ' ')
for c in "bad.db=fails SQLite's integrity check" "other.db=is not a wasl database" \
    "none.db=no such file: name the backup to restore" "newer.db=has schema version 8, newer than this program's 7"; do
	RA restore "$work/${c%%=*}" >"$work/out" 2>&1; rc=$?
	why=$(cat "$work/out")
	t "restore: refused for ${c%%=*}, saying why, the database untouched" [ $rc = 1 -a \
	    "$(grep -c "${c#*=}" "$work/out")" = 1 -a "$(sha256sum <"$R")" = "$sum" -a \
	    "$(ls "$work/rs" | tr '\n' ' ')" = "$before" ]
done
# Where there is no database yet, the backup simply becomes it, with the
# folder's owner.
mkdir -p "$work/rs2"
[ "$(id -u)" = 0 ] && chown "${FORMS_USER:-wasl}:" "$work/rs2"
"$BIN/wasl-admin" --db "$work/rs2/wasl.db" restore "$work/rb.db" >"$work/out" 2>&1; rc=$?
why=$(cat "$work/out")
t "restore: with no database there, the backup becomes it" [ $rc = 0 -a \
    "$(grep -c '^restore: there was no database to replace$' "$work/out")" = 1 -a \
    "$(stat -c %a:%U:%G "$work/rs2/wasl.db")" = "600:$(stat -c %U:%G "$work/rs2")" -a \
    "$(sqlite3 -batch "$work/rs2/wasl.db" 'SELECT count(*) FROM submission')" = 2 ]
# A backup of an older schema is brought up to date.
cp "$work/rb.db" "$work/v3.db"
# Every table and index of later versions goes (schema 3: submissions,
# fields, the audit trail without the later actions and columns, the
# tallies).
later=$(sqlite3 -batch "$work/v3.db" "SELECT group_concat(x, '; ') FROM (
    SELECT 'DROP TABLE ' || name AS x FROM sqlite_schema
    WHERE type = 'table' AND name NOT IN ('submission', 'field', 'audit', 'tally')
    UNION ALL SELECT 'DROP INDEX ' || name FROM sqlite_schema WHERE type = 'index'
    AND sql IS NOT NULL AND tbl_name IN ('submission', 'field', 'tally')
    AND name <> 'submission_form')")
sqlite3 -batch "$work/v3.db" "PRAGMA foreign_keys = OFF; $later; CREATE TABLE a3 (id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('status', 'show', 'export', 'access', 'erase', 'purge', 'backup')),
    ref TEXT, from_status TEXT, to_status TEXT, note TEXT, redacted INTEGER NOT NULL DEFAULT 0);
    INSERT INTO a3 SELECT id, at, actor, action, ref, from_status, to_status, note, redacted FROM audit;
    DROP TABLE audit; ALTER TABLE a3 RENAME TO audit; PRAGMA user_version = 3"
RA restore "$work/v3.db" >"$work/out" 2>&1; rc=$?
why=$(cat "$work/out")
t "restore: a backup of schema 3 restored and migrated" [ $rc = 0 -a "$(sqlite3 -batch "$R" 'PRAGMA user_version')" = 7 -a \
    "$(sqlite3 -batch "$R" "SELECT count(*) FROM audit WHERE action = 'restore' AND note LIKE '%schema version 3%'")" = 1 ]

# ---- permissions, help, usage -------------------------------------------
chmod 640 "$DB"
refused=0 total=0
for cmd in "list" "show $r2" "status $r2 rejected --note x" "overdue" "audit" \
    "export --form inquiry" "report" "person --national-id $ID2" \
    "erase --national-id $ID2 --yes" "purge --dry-run" "backup $work/b3.db" "restore $work/b2.db"; do
	total=$((total + 1))
	# shellcheck disable=SC2086
	A $cmd >"$work/out" 2>&1 && continue
	grep -q 'permissions 0640 are looser than 0600.*chmod 600' "$work/out" && refused=$((refused + 1))
done
t "permissions: every command refuses a database looser than 0600 ($refused of $total)" [ $refused = $total -a ! -e "$work/b3.db" -a \
    "$(ls -d "$DB".before-restore-* | wc -l)" = 1 ]
chmod 600 "$DB"
t "permissions: erasure refused, nothing erased" [ "$(db "SELECT count(*) FROM field WHERE value = '$ID2'")" = 1 ]
chmod 644 "$DB-wal" 2>/dev/null && { A list >"$work/out" 2>&1; rc=$?; chmod 600 "$DB-wal"; }
t "permissions: a readable write-ahead log refused too" [ "${rc:-0}" = 1 ]
"$BIN/wasl-admin" --db "$work/none.db" list >"$work/out" 2>&1; rc=$?
t "usage: a missing database named, exit 1" [ $rc = 1 -a "$(grep -c 'no database there' "$work/out")" = 1 ]
helps=0
for cmd in list show status overdue audit export report person erase purge backup restore user publish-pending; do
	"$BIN/wasl-admin" --db "$work/none.db" $cmd --help >"$work/out" 2>&1 &&
	    grep -q "^usage: wasl-admin .* $cmd" "$work/out" && helps=$((helps + 1))
done
t "usage: --help for every command, exit 0 ($helps of 14)" [ $helps = 14 ]
"$BIN/wasl-admin" --help >"$work/out" && t "usage: wasl-admin --help lists the commands" [ "$(grep -c '^  [a-z]' "$work/out")" = 14 ]
A frobnicate >/dev/null 2>&1; r1c=$?
A list --colour >/dev/null 2>&1; r2c=$?
A show >/dev/null 2>&1; r3c=$?
A export --form >/dev/null 2>&1; r4c=$?
t "usage: unknown command, unknown option, missing argument or value: exit 1" [ "$r1c$r2c$r3c$r4c" = 1111 ]

# ---- the staff console's accounts ----------------------------------------
UDB=$work/users.db
: >"$UDB" && chmod 600 "$UDB"
U() { "$BIN/wasl-admin" --db "$UDB" --content content "$@"; }
udb() { sqlite3 -batch "$UDB" "$1"; }
U user add alice --role officer >"$work/out" 2>&1; rc=$?
why=$(cat "$work/out")
tok=$(sed -n 's|^https://www\.ihsanhousing\.org\.sa/staff/enrol?token=\([A-Za-z0-9_-]\{43\}\)$|\1|p' "$work/out")
t "user add: an account and a one-time link on the site's base_url, exit 0" [ $rc = 0 -a -n "$tok" -a \
    "$(grep -c '^added alice (officer)$' "$work/out")" = 1 ]
t "user add: the schema is version 7" [ "$(udb 'PRAGMA user_version')" = 7 ]
clear=0
rawhas "$UDB" "$tok" && clear=1
rawhas "$UDB-wal" "$tok" && clear=1
t "user add: the link's token stored as its SHA-256 only" [ $clear = 0 -a \
    "$(udb "SELECT enrol_hash FROM staff_user WHERE name = 'alice'")" = "$(printf %s "$tok" | sha256sum | cut -d' ' -f1)" ]
U user add bob --role committee --console-url https://staff.example.org >"$work/out" 2>&1
why=$(cat "$work/out")
t "user add: --console-url gives the console's address" [ \
    "$(grep -cE '^https://staff\.example\.org/enrol\?token=[A-Za-z0-9_-]{43}$' "$work/out")" = 1 ]
# refused WHY ARGS...: `user add ARGS` exits 1 saying WHY.
bad=0 n=0
refused() {
	local w=$1; shift
	n=$((n + 1))
	U user add "$@" >"$work/out" 2>&1 && return
	grep -qF -- "$w" "$work/out" && bad=$((bad + 1))
}
for name in Alice "a b" "" 1st -x abcdefghijabcdefghijabcdefghijabc "علي"; do
	refused "not a valid name" "$name" --role officer
done
refused "unknown role 'boss'" carol --role boss
refused "unknown role 'Admin'" carol --role Admin
refused "give the role" carol
refused "already an account named 'alice'" alice --role admin
t "user add: bad names, roles, a missing role, a taken name refused, saying why, exit 1 ($bad of $n)" [ $bad = $n -a \
    "$(udb 'SELECT count(*) FROM staff_user')" = 2 ]
U user list >"$work/out" 2>&1
why=$(cat "$work/out")
t "user list: both, with role and state" [ "$(grep -cE '^alice +officer +enrolling ' "$work/out")" = 1 -a \
    "$(grep -cE '^bob +committee +enrolling .* never$' "$work/out")" = 1 ]
U user disable bob >"$work/out" 2>&1; rc=$?
U user disable bob >>"$work/out" 2>&1; rc2=$?
why=$(cat "$work/out")
t "user disable: done once, refused the second time" [ $rc = 0 -a $rc2 = 1 -a \
    "$(udb "SELECT disabled, enrol_hash IS NULL FROM staff_user WHERE name = 'bob'")" = "1|1" -a \
    "$(grep -c "the account 'bob' is disabled" "$work/out")" = 1 ]
U user list >"$work/out" 2>&1
t "user list: bob disabled" [ "$(grep -cE '^bob +committee +disabled ' "$work/out")" = 1 ]
U user reset alice >"$work/out" 2>&1; rc=$?
tok2=$(sed -n 's|^https://www\.ihsanhousing\.org\.sa/staff/enrol?token=\([A-Za-z0-9_-]\{43\}\)$|\1|p' "$work/out")
why=$(cat "$work/out")
t "user reset: a new link, the old one no longer stored" [ $rc = 0 -a -n "$tok2" -a "$tok2" != "$tok" -a \
    "$(udb "SELECT enrol_hash FROM staff_user WHERE name = 'alice'")" = "$(printf %s "$tok2" | sha256sum | cut -d' ' -f1)" ]
rcs=""
for c in "reset zed" "disable zed" "reset bob" "frob alice" "list alice" "add" "disable" "list --role admin"; do
	# shellcheck disable=SC2086
	U user $c >/dev/null 2>&1; rcs="$rcs$?"
done
U user >/dev/null 2>&1; rcs="$rcs$?"
t "user: unknown accounts, a disabled one reset, bad subcommands and arguments: exit 1" [ "$rcs" = 111111111 ]
U audit >"$work/out" 2>&1
why=$(cat "$work/out")
t "user: every change in the audit trail in the name of who acted" [ \
    "$(grep -c "	$me	user	-	\"added account alice (officer), enrolment link until " "$work/out")" = 1 -a \
    "$(grep -c "	$me	user	-	\"added account bob (committee)" "$work/out")" = 1 -a \
    "$(grep -c "	$me	user	-	\"disabled account bob, its sessions ended\"" "$work/out")" = 1 -a \
    "$(grep -c "	$me	user	-	\"reset account alice: password and second factor cleared" "$work/out")" = 1 ]
