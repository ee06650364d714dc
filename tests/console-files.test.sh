#!/usr/bin/env bash
# The staff console's exports, report, data-subject requests and audit
# trail, end to end through nginx (tests/stack.sh, tests/console-lib.sh):
# submissions posted through the public forms, then a manager exports
# them (the very bytes of `wasl-admin export`, audited, only with the
# app's code), reads the report, answers an access request and an
# erasure request (their 30-day clock, the identifiers cleared once
# closed), and searches the trail; an officer may do none of it; the
# admin reads the trail.
set -u
cd "$(dirname "$0")/.."
. tests/stack.sh
stack_start console-files
. tests/console-lib.sh

PW='a long enough passphrase'
db() { sqlite3 -batch "$DB" "$1"; }
ok() { if eval "$2"; then pass "console-files: $1"; else fail "console-files: $1" "${3:-$code}"; fi; }
has() { grep -q -- "$1" "$work/body"; }

# post FORM ARGS...: a public form's POST; $location the reference's page.
post() {
	local form=$1
	shift
	read -r code location < <(curl -s -o /dev/null \
	    -w '%{http_code} %{redirect_url}\n' -X POST "$@" \
	    "$base/forms/$form")
}
sr() {	# NATIONAL_ID MOBILE NAME: a support request; ref into $ref
	post support-request --data-urlencode "full_name=$3" \
	    --data-urlencode "national_id=$1" --data-urlencode "mobile=$2" \
	    --data-urlencode "city=تبوك" \
	    -d family_size=4 -d monthly_income=3000 \
	    --data-urlencode "need==HYPERLINK(\"x\") إيجار متأخر" \
	    -d declaration=yes -d privacy_consent=yes
	ref=${location##*/}
}

# ---- the data ----
sr 1000000008 0500000000 "علي بن أحمد"; ref_ali=$ref
sr 1000000016 0511111111 "سارة بنت خالد"; ref_sara=$ref
sr 1000000024 0522222222 "عمر بن سعيد"; ref_omar=$ref
for i in 1 2 3 4 5 6; do
	post satisfaction-survey -d channel=in-person -d reception=$(( i % 2 + 4 )) \
	    -d clarity=$(( i % 3 + 3 )) -d speed=5 -d overall=$(( i % 2 + 4 ))
done
ok "seven submissions through the public forms" \
    '[ "$(db "SELECT count(*) FROM submission")" = 9 ] && [ ${#ref_ali} = 8 ]' \
    "$(db "SELECT form, count(*) FROM submission GROUP BY form")"

# The console answering before the accounts are made (a loaded machine).
for _ in $(seq 1 50); do
	c_get "" /staff/signin
	[ "$code" = 200 ] && break
	sleep 0.2
done
c_account mona manager "$PW" && c_signin mona "$PW" || fail "console-files: manager" "$code"
c_account fahd officer "$PW" && c_signin fahd "$PW" || fail "console-files: officer" "$code"
c_account root1 admin "$PW" && c_signin root1 "$PW" || fail "console-files: admin" "$code"

# ---- an officer may not ----
for path in /staff/export /staff/report /staff/privacy /staff/privacy/1 "/staff/report/file?format=html" /staff/audit; do
	c_get fahd "$path"
	ok "an officer gets 403 at $path" '[ "$code" = 403 ]'
done
c_post fahd /staff/export form=support-request code=000000
ok "an officer's export post is refused (403)" '[ "$code" = 403 ]'

# ---- export ----
c_get mona /staff/export
ok "the export form lists the forms and asks for the code" \
    '[ "$code" = 200 ] && has "value=\"support-request\"" && has "id=\"field-code\""'
exports() { db "SELECT count(*) FROM audit WHERE action = 'export'"; }
c_post mona /staff/export form=support-request
ok "an export without the code is refused (422), nothing downloaded, not audited" \
    '[ "$code" = 422 ] && grep -qi "^content-type: text/html" "$work/head" && has "id=\"error-code\"" && [ "$(exports)" = 0 ]'
c_post mona /staff/export form=support-request code=000000
ok "an export with a wrong code is refused (422), not audited" \
    '[ "$code" = 422 ] && has "رمز التحقق غير صحيح" && has "aria-invalid=\"true\"" && [ "$(exports)" = 0 ]'
c_post mona /staff/export form=no-such-form code=000000
ok "an unknown form is refused at its field (422)" '[ "$code" = 422 ] && has "id=\"error-form\""'
c_post mona /staff/export form=support-request from=2024-13-01 code=000000
ok "a malformed date is refused at its field (422)" '[ "$code" = 422 ] && has "id=\"error-from\""'
c_code mona
c_post mona /staff/export form=support-request "code=$CODE"
cp "$work/body" "$work/console.csv"
"$BIN/wasl-admin" --db "$DB" --content content export --form support-request >"$work/admin.csv" 2>"$work/err"
today=$(TZ=Asia/Riyadh date +%F)
ok "the export is the CSV as a download named FORM-DATE.csv" \
    '[ "$code" = 200 ] && grep -qi "^content-type: text/csv; charset=utf-8" "$work/head" && grep -qi "^content-disposition: attachment; filename=\"support-request-$today.csv\"" "$work/head"' \
    "$code $(cat "$work/head")"
ok "the console's CSV is byte for byte wasl-admin export's" 'cmp -s "$work/console.csv" "$work/admin.csv"' \
    "$(cmp "$work/console.csv" "$work/admin.csv" 2>&1)"
ok "the CSV has the BOM, CRLF, the three requests and the formula neutralised" \
    '[ "$(head -c 3 "$work/console.csv" | od -An -tx1 | tr -d " ")" = efbbbf ] && grep -q $'"'"'\r$'"'"' "$work/console.csv" && grep -c "$ref_ali\|$ref_sara\|$ref_omar" "$work/console.csv" | grep -qx 3 && grep -q "\"'"'"'=HYPERLINK" "$work/console.csv"'
ok "the export is in the trail in the manager's name" \
    '[ "$(db "SELECT count(*) FROM audit WHERE action = '"'export'"' AND actor = '"'mona'"' AND note LIKE '"'support-request: 3 rows%to the console'"'")" = 1 ]' \
    "$(db "SELECT actor, note FROM audit WHERE action = 'export'")"

# ---- the report ----
c_get mona /staff/report
ok "the report page shows the survey's figures and charts" \
    '[ "$code" = 200 ] && has "عدد الإجابات: <bdi dir=\"ltr\">6</bdi>" && has "<svg" && has "مؤشر الرضا شهرًا بشهر"' \
    "$code $(grep -o 'عدد الإجابات[^،]*' "$work/body" | head -2)"
ok "the report page shows the requests by status" 'has "الطلبات حسب الحالة" || has "طلبات في هذه الفترة"'
c_get mona "/staff/report?from=2000-01-01&to=2000-01-31"
ok "a period without answers hides the figures" '[ "$code" = 200 ] && has "أقل من 5 إجابات" && ! has "عدد الإجابات: <bdi"'
c_get mona "/staff/report?from=x"
ok "a malformed date on the report is said at its field (422)" '[ "$code" = 422 ] && has "id=\"error-from\""'
c_get mona "/staff/report/file?format=html&from=&to="
cp "$work/body" "$work/console.html"
"$BIN/wasl-admin" --db "$DB" --content content report --html "$work/admin.html" >/dev/null 2>&1
ok "the report's HTML download is the page of wasl-admin report --html" \
    '[ "$code" = 200 ] && grep -qi "^content-disposition: attachment; filename=\"report-$today.html\"" "$work/head" && cmp -s "$work/console.html" "$work/admin.html"' \
    "$code $(cmp "$work/console.html" "$work/admin.html" 2>&1)"
c_get mona "/staff/report/file?format=json"
cp "$work/body" "$work/console.json"
"$BIN/wasl-admin" --db "$DB" --content content report --json "$work/admin.json" >/dev/null 2>&1
ok "the report's JSON download is wasl-admin report --json's" \
    '[ "$code" = 200 ] && grep -qi "^content-type: application/json" "$work/head" && cmp -s "$work/console.json" "$work/admin.json"'

# ---- a data-subject access request ----
c_post mona /staff/privacy/open kind=access national_id=1234
ok "a malformed national ID is refused at its field, in Arabic (422)" \
    '[ "$code" = 422 ] && has "id=\"error-national_id\"" && has "رقم الهوية غير صحيح"'
c_post mona /staff/privacy/open kind=access
ok "a request naming no one is refused (422)" '[ "$code" = 422 ] && has "واحدًا منها على الأقل"'
c_post mona /staff/privacy/open kind=access mobile=0500000000
loc=$(grep -i '^location:' "$work/head" | tr -d '\r' | sed 's/^[^:]*: //')
rid=$(echo "$loc" | sed -n 's|^/staff/privacy/\([0-9]*\).*|\1|p')
ok "an access request opened (303 to its page), audited 'request'" \
    '[ "$code" = 303 ] && [ -n "$rid" ] && [ "$(db "SELECT count(*) FROM audit WHERE action = '"'request'"' AND actor = '"'mona'"' AND note LIKE '"'%request $rid opened: access'"'")" = 1 ]' \
    "$code $loc"
ok "its identifier stored normalised while open" \
    '[ "$(db "SELECT mobile FROM privacy_request WHERE id = $rid")" = +966500000000 ]'
due=$(TZ=Asia/Riyadh date -d "+30 days" +%F)
c_get mona /staff/privacy
ok "the list shows the open request with its 30-day due date and days left" \
    '[ "$code" = 200 ] && has "href=\"/staff/privacy/$rid\"" && has "datetime=\"$due\"" && has "الأيام المتبقية: <bdi dir=\"ltr\">30</bdi>"' \
    "$code $due $(grep -o 'datetime="[^"]*"' "$work/body" | head -3)"
c_get mona "/staff/privacy/$rid"
ok "the request's page lists the person's submission and why it was found" \
    '[ "$code" = 200 ] && has "$ref_ali" && ! has "$ref_sara" && has "رقم الجوال في حقل"'
c_post mona "/staff/privacy/$rid/export" code=000000
ok "the access export with a wrong code is refused (422), the request still open" \
    '[ "$code" = 422 ] && [ -z "$(db "SELECT closed_at FROM privacy_request WHERE id = $rid")" ]'
c_code mona
c_post mona "/staff/privacy/$rid/export" "code=$CODE"
cp "$work/body" "$work/access.json"
ok "the access export is the person's JSON document with the submission" \
    '[ "$code" = 200 ] && grep -qi "^content-disposition: attachment; filename=\"access-$rid-" "$work/head" && [ "$(sqlite3 :memory: "SELECT json_extract(readfile('"'$work/access.json'"'), '"'\$.submissions[0].ref'"')")" = "$ref_ali" ]' \
    "$code $(head -c 300 "$work/access.json")"
ok "the request closed 'answered' with found = 1 and its identifiers cleared" \
    '[ "$(db "SELECT outcome, found, national_id IS NULL AND mobile IS NULL AND email IS NULL, closed_by FROM privacy_request WHERE id = $rid")" = "answered|1|1|mona" ]' \
    "$(db "SELECT * FROM privacy_request WHERE id = $rid")"
ok "the access is audited" '[ "$(db "SELECT count(*) FROM audit WHERE action = '"'access'"' AND actor = '"'mona'"'")" -ge 1 ]'
c_post mona "/staff/privacy/$rid/export" "code=000000"
ok "a closed request cannot be exported again (409)" '[ "$code" = 409 ]'
c_get mona /staff/privacy
ok "the closed request is listed without identifiers" \
    '[ "$code" = 200 ] && has "سُلّمت البيانات" && ! has "500000000"'

# ---- a data-subject erasure request ----
c_post mona /staff/privacy/open kind=erase national_id=1000000016 email=SARA@example.com
eid=$(grep -i '^location:' "$work/head" | tr -d '\r' | sed -n 's|.*/staff/privacy/\([0-9]*\).*|\1|p')
c_get mona "/staff/privacy/$eid"
shown=$(grep -o 'name="shown" value="[^"]*"' "$work/body" | sed 's/.*value="\([^"]*\)"/\1/')
ok "the erasure request lists the submission to erase" '[ "$code" = 200 ] && [ "$shown" = "$ref_sara" ]' "$code [$shown]"
c_code mona
c_post mona "/staff/privacy/$eid/erase" "shown=$shown" "code=$CODE"
ok "erasure without the confirmation box is refused (422), nothing erased" \
    '[ "$code" = 422 ] && has "id=\"error-confirm\"" && [ "$(db "SELECT count(*) FROM submission WHERE ref = '"'$ref_sara'"'")" = 1 ]'
c_post mona "/staff/privacy/$eid/erase" "shown=$shown" confirm=yes code=000000
ok "erasure with a wrong code is refused (422), nothing erased" \
    '[ "$code" = 422 ] && [ "$(db "SELECT count(*) FROM submission WHERE ref = '"'$ref_sara'"'")" = 1 ]'
c_code mona
c_post mona "/staff/privacy/$eid/erase" "shown=$shown,$ref_omar" confirm=yes "code=$CODE"
ok "erasure of a list that is not the person's is refused (409), nothing erased" \
    '[ "$code" = 409 ] && has "تغيرت قائمة الطلبات" && [ "$(db "SELECT count(*) FROM submission WHERE ref IN ('"'$ref_sara'"', '"'$ref_omar'"')")" = 2 ]'
c_code mona
c_post mona "/staff/privacy/$eid/erase" "shown=$shown" confirm=yes "code=$CODE" "note=طلب مكتوب"
ok "erasure with the box and the code: 303, the submission is gone" \
    '[ "$code" = 303 ] && [ "$(db "SELECT count(*) FROM submission WHERE ref = '"'$ref_sara'"'")" = 0 ] && [ "$(db "SELECT count(*) FROM submission WHERE ref = '"'$ref_omar'"'")" = 1 ]' \
    "$code $(head -c 300 "$work/body")"
ok "the trail says erase in the manager's name" \
    '[ "$(db "SELECT count(*) FROM audit WHERE action = '"'erase'"' AND actor = '"'mona'"' AND note LIKE '"'%1 submission erased%'"'")" = 1 ]'
ok "the erasure request closed 'erased', found 1, identifiers cleared" \
    '[ "$(db "SELECT outcome, found, national_id IS NULL AND mobile IS NULL AND email IS NULL FROM privacy_request WHERE id = $eid")" = "erased|1|1" ]'

# ---- closed without action ----
c_post mona /staff/privacy/open kind=access email=nobody@example.com
wid=$(grep -i '^location:' "$work/head" | tr -d '\r' | sed -n 's|.*/staff/privacy/\([0-9]*\).*|\1|p')
c_post mona "/staff/privacy/$wid/close" "note=سحب الطلب هاتفيًا"
ok "closing without a reason is refused (422)" '[ "$code" = 422 ] && has "id=\"error-outcome\""'
c_post mona "/staff/privacy/$wid/close" outcome=withdrawn "note=سحب الطلب هاتفيًا"
ok "a request closed without action, withdrawn, with its note in the trail" \
    '[ "$code" = 303 ] && [ "$(db "SELECT outcome, email IS NULL FROM privacy_request WHERE id = $wid")" = "withdrawn|1" ] && [ "$(db "SELECT count(*) FROM audit WHERE action = '"'request'"' AND note LIKE '"'%$wid closed: withdrawn; سحب الطلب هاتفيًا'"'")" = 1 ]'

# ---- overdue ----
db "INSERT INTO privacy_request (kind, opened_at, opened_by, mobile) VALUES ('access', '2020-01-01T09:00:00Z', 'mona', '+966511111111')"
c_get mona /staff/privacy
ok "an overdue request is marked so" '[ "$code" = 200 ] && has "class=\"staff-overdue\"" && has "datetime=\"2020-01-31\""'

# ---- the audit trail ----
c_get mona "/staff/audit?actor=mon&action=export"
ok "the trail finds entries by a part of the actor and the action" \
    '[ "$code" = 200 ] && [ "$(grep -c "<td><bdi dir=\"ltr\">mona</bdi></td>" "$work/body")" = 1 ] && has "to the console"' \
    "$code $(grep -c 'mona</bdi>' "$work/body")"
c_get mona "/staff/audit?actor=m_na"
ok "the actor's % and _ match only themselves" '[ "$code" = 200 ] && has "لا توجد إجراءات تطابق البحث"'
c_get mona "/staff/audit?ref=$(echo "$ref_ali" | tr A-Z a-z)"
ok "the trail searched by reference (as typed, in lower case) finds its access" \
    '[ "$code" = 200 ] && has "(access)" && ! has "(export)" && has "<bdi dir=\"ltr\">$ref_ali</bdi>"'
c_get mona "/staff/audit?ref=abc"
ok "a reference that cannot be one is said at its field (422)" '[ "$code" = 422 ] && has "id=\"error-ref\""'
c_get root1 "/staff/audit?view=signins"
ok "the admin sees the sign-ins view" \
    '[ "$code" = 200 ] && has "(signin)" && ! has "(export)" && has "aria-current=\"page\">تسجيلات الدخول"'
c_get root1 "/staff/audit"
ok "the admin sees the whole trail, newest first" \
    '[ "$code" = 200 ] && has "(erase)" && has "(export)"'
c_get mona "/staff/audit?from=2024-02-30"
ok "a malformed date on the trail is said at its field (422)" '[ "$code" = 422 ] && has "id=\"error-from\""'

# ---- accessibility (when the browser tests' tools are installed) ----
c_post mona /staff/privacy/open kind=erase national_id=1000000024
if command -v node >/dev/null && command -v chromium >/dev/null &&
    [ -d tests/browser/node_modules/axe-core ] &&
    [ -d tests/browser/node_modules/playwright-core ]; then
	(cd tests/browser && BASE=$base COOKIE=$COOKIE_mona timeout 120 node staff-axe.mjs \
	    /staff/export /staff/report "/staff/report?from=x" /staff/privacy \
	    /staff/privacy/1 /staff/privacy/2 /staff/privacy/5 /staff/audit \
	    "/staff/audit?view=signins&ref=abc") 2>&1 | grep '^PASS \|^FAIL ' ||
	    fail "console-files: axe" "the checker did not run"
else
	echo "SKIP console-files: axe: node, chromium or tests/browser/node_modules missing (tests/browser.test.sh installs them)"
fi
