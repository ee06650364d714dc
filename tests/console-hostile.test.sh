#!/usr/bin/env bash
# Hostile input to the staff console, table-driven, through real nginx,
# wasl-console and SQLite: the sign-in and enrolment fields (and the
# admin's form to add an account) with overlong values, NULs, invalid
# UTF-8, control characters, SQL and HTML, repeated fields, huge bodies,
# wrong content types and methods. Each row states the status (always a
# 4xx: never a 500, never a crash); after each the console still answers.
# At the end: no session was made, no password set, nothing typed as a
# password is in the database (the trail included) or the logs, and no
# worker died. Prints PASS/FAIL lines for tests/run.sh.
set -u
cd "$(dirname "$0")/.."
. tests/stack.sh
stack_start console-hostile
. tests/console-lib.sh

# Every password typed below holds this mark, so that none can hide.
M=ZQXHOSTILEPW
n=0
# raw NAME WANT PATH BODY [CONTENT-TYPE] [METHOD] [COOKIE]: WANT is a
# status or several (422|429); CONTENT-TYPE "-" sends none.
raw() {
	local name=$1 want=$2 path=$3 body=$4 ct=${5:-application/x-www-form-urlencoded}
	local method=${6:-POST} cookie=${7:-} got alive hdr=()
	n=$((n + 1))
	printf '%s' "$body" >"$work/rawbody"
	[ "$ct" = - ] && hdr=(-H "Content-Type:") || hdr=(-H "Content-Type: $ct")
	[ -n "$cookie" ] && hdr+=(-H "Cookie: __Host-wasl-staff=$cookie")
	got=$(curl -s -m 20 -o "$work/reply" -w '%{http_code}' -X "$method" \
	    -H "Origin: $base" "${hdr[@]}" --data-binary "@$work/rawbody" "$base$path")
	alive=$(curl -s -m 10 -o /dev/null -w '%{http_code}' "$base/staff/signin")
	if [[ "|$want|" != *"|$got|"* ]]; then
		fail "console hostile $n: $name" "status $got, want $want"
	elif [ "$alive" != 200 ]; then
		fail "console hostile $n: $name" "the console no longer answers ($alive)"
	elif [[ "$got" == 5* ]]; then
		fail "console hostile $n: $name" "a server error"
	elif grep -q '<script>alert' "$work/reply"; then
		fail "console hostile $n: $name" "markup sent back raw"
	else
		pass "console hostile $n: $name ($got)"
	fi
}
repeat() { local s="" i; for i in $(seq 1 "$2"); do s="$s$1"; done; printf '%s' "$s"; }

# An account enrolling: its link's token, for the enrolment rows.
token=$("$BIN/wasl-admin" --db "$DB" --content content user add hana \
    --role officer --console-url "$base/staff" 2>&1 | grep -o 'token=[A-Za-z0-9_-]*' | cut -d= -f2)
[ ${#token} = 43 ] || fail "console hostile: an enrolment link" "'$token'"

S=/staff/signin E=/staff/enrol R='422|429'
# ---- sign-in: every refusal looks alike (422), or throttled (429) ----
raw "sign-in: an overlong name (10,000 bytes)" "$R" $S "name=$(repeat a 10000)&password=$M&code=123456"
raw "sign-in: a NUL in the name" "$R" $S "name=hana%00admin&password=$M&code=123456"
raw "sign-in: a NUL in the password" "$R" $S "name=hana&password=$M%00x&code=123456"
raw "sign-in: invalid UTF-8 in the password" "$R" $S "name=hana&password=$M%FF%FE&code=123456"
raw "sign-in: an overlong UTF-8 slash in the name" "$R" $S "name=%C0%AFhana&password=$M&code=123456"
raw "sign-in: a surrogate in the name" "$R" $S "name=%ED%A0%80&password=$M&code=123456"
raw "sign-in: an escape character in the password" "$R" $S "name=hana&password=$M%1B%5B2J&code=123456"
raw "sign-in: DEL in the code" "$R" $S "name=hana&password=$M&code=12%7F456"
raw "sign-in: CR LF and a header in the name" "$R" $S "name=hana%0D%0ASet-Cookie:%20x=1&password=$M&code=123456"
raw "sign-in: SQL in the name" "$R" $S "name=%27%20OR%201%3D1%20--&password=%27%20OR%20%271%27%3D%271$M&code=1%27%20OR%201%3D1"
raw "sign-in: markup in the name (shown escaped)" "$R" $S "name=%3Cscript%3Ealert(1)%3C%2Fscript%3E&password=$M&code=123456"
raw "sign-in: the name twice" "$R" $S "name=hana&name=admin&password=$M&code=123456"
raw "sign-in: the password twice" "$R" $S "name=hana&password=$M&password=$M-2&code=123456"
raw "sign-in: an overlong code" "$R" $S "name=hana&password=$M&code=$(repeat 1 5000)"
raw "sign-in: an empty body" "$R" $S ""
raw "sign-in: a value over 16 KiB" 400 $S "name=hana&password=$M$(repeat x 17000)&code=1"
raw "sign-in: a body over 64 KiB" 413 $S "name=hana&password=$M$(repeat x 70000)&code=1"
raw "sign-in: 2000 fields" 400 $S "$(for i in $(seq 1 2000); do printf 'f%d=1&' "$i"; done)password=$M"
raw "sign-in: a NUL in a field's name" 400 $S "na%00me=hana&password=$M&code=1"
raw "sign-in: broken percent-encoding" 400 $S "name=hana&password=$M%zz&code=1"
raw "sign-in: a percent at the end" 400 $S "name=hana&password=$M%"
raw "sign-in: text/plain" 415 $S "name=hana&password=$M&code=1" text/plain
raw "sign-in: multipart" 415 $S "name=hana&password=$M&code=1" "multipart/form-data; boundary=x"
raw "sign-in: JSON" 415 $S "{\"name\":\"hana\",\"password\":\"$M\"}" application/json
raw "sign-in: no content type" 415 $S "name=hana&password=$M&code=1" -
raw "sign-in: PUT" 405 $S "name=hana&password=$M" application/x-www-form-urlencoded PUT
raw "sign-in: DELETE" 405 $S "" application/x-www-form-urlencoded DELETE
raw "sign-in: PATCH" 405 $S "name=hana&password=$M" application/x-www-form-urlencoded PATCH
raw "sign-in: OPTIONS" 405 $S "" application/x-www-form-urlencoded OPTIONS
raw "sign-in: a broken query string" 400 "$S?%zz" "name=hana&password=$M&code=1"
raw "sign-in: a cookie of 300 bytes and junk" "$R" $S "name=hana&password=$M&code=1" \
    application/x-www-form-urlencoded POST "$(repeat 'x' 300)"
raw "sign-in: a cookie with quotes and commas" "$R" $S "name=hana&password=$M&code=1" \
    application/x-www-form-urlencoded POST '"a,b\c"'
# ---- enrolment ----
raw "enrolment: no token" 404 $E "password=$M-pass&password2=$M-pass&code=123456"
raw "enrolment: a token with a NUL" 404 $E "token=${token:0:20}%00${token:21}&password=$M-pass&password2=$M-pass&code=1"
raw "enrolment: an overlong token" 404 $E "token=$token$(repeat A 500)&password=$M-pass&password2=$M-pass&code=1"
raw "enrolment: the token twice" 404 $E "token=$token&token=$token&password=$M-pass&password2=$M-pass&code=1"
raw "enrolment: SQL as the token" 404 $E "token=%27%20OR%201%3D1%20--&password=$M-pass&password2=$M-pass&code=1"
raw "enrolment: a NUL in the password" 422 $E "token=$token&password=$M-pass%00word&password2=$M-pass%00word&code=1"
raw "enrolment: invalid UTF-8 in the password" 422 $E "token=$token&password=$M-pass%FF&password2=$M-pass%FF&code=1"
raw "enrolment: control characters in the password" 422 $E "token=$token&password=$M-pass%07%08&password2=$M-pass%07%08&code=1"
raw "enrolment: a password of 600 characters" 422 $E "token=$token&password=$M$(repeat p 600)&password2=$M$(repeat p 600)&code=1"
raw "enrolment: the password twice" 422 $E "token=$token&password=$M-pass-a&password=$M-pass-b&password2=$M-pass-a&code=1"
raw "enrolment: an overlong code" 422 $E "token=$token&password=$M-passphrase&password2=$M-passphrase&code=$(repeat 9 3000)"
raw "enrolment: markup in the code" 422 $E "token=$token&password=$M-passphrase&password2=$M-passphrase&code=%3Cscript%3Ealert(1)%3C%2Fscript%3E"
raw "enrolment: text/plain" 415 $E "token=$token&password=$M-passphrase" text/plain
raw "enrolment: PUT" 405 $E "token=$token" application/x-www-form-urlencoded PUT
raw "enrolment: a body over 64 KiB" 413 $E "token=$token&password=$M$(repeat x 70000)"
raw "enrolment page: a NUL in the query's token" 404 "$E?token=%00$token" "" application/x-www-form-urlencoded GET
raw "enrolment page: invalid UTF-8 in the query" 404 "$E?token=%FF%FE" "" application/x-www-form-urlencoded GET
raw "enrolment page: the token twice in the query" 404 "$E?token=$token&token=$token" "" application/x-www-form-urlencoded GET

# ---- the admin's form to add an account ----
c_account boss admin 'the admin passphrase' && c_signin boss 'the admin passphrase' ||
    fail "console hostile: an admin" "$code"
csrf=$(c_csrf boss)
A=/staff/users/add
users=$(sqlite3 "$DB" "SELECT count(*) FROM staff_user")
raw "add account: an overlong name" 422 $A "csrf=$csrf&name=$(repeat a 5000)&role=officer" \
    application/x-www-form-urlencoded POST "$COOKIE_boss"
raw "add account: a NUL in the name" 422 $A "csrf=$csrf&name=olga%00admin&role=officer" \
    application/x-www-form-urlencoded POST "$COOKIE_boss"
raw "add account: invalid UTF-8 as the role" 422 $A "csrf=$csrf&name=olga&role=%FF" \
    application/x-www-form-urlencoded POST "$COOKIE_boss"
raw "add account: SQL as the name" 422 $A "csrf=$csrf&name=x%27%3B%20DROP%20TABLE%20staff_user%3B%20--&role=admin" \
    application/x-www-form-urlencoded POST "$COOKIE_boss"
raw "add account: markup as the name (shown escaped)" 422 $A "csrf=$csrf&name=%3Cscript%3Ealert(1)%3C%2Fscript%3E&role=officer" \
    application/x-www-form-urlencoded POST "$COOKIE_boss"
raw "add account: the name twice" 422 $A "csrf=$csrf&name=olga&name=mallory&role=officer" \
    application/x-www-form-urlencoded POST "$COOKIE_boss"
raw "add account: the token twice" 403 $A "csrf=$csrf&csrf=$csrf&name=olga&role=officer" \
    application/x-www-form-urlencoded POST "$COOKIE_boss"
raw "add account: text/plain" 415 $A "csrf=$csrf&name=olga&role=officer" text/plain POST "$COOKIE_boss"
raw "add account: a name with a slash in the path" 404 "/staff/users/..%2F..%2Fetc/reset" "csrf=$csrf" \
    application/x-www-form-urlencoded POST "$COOKIE_boss"
raw "account page: a NUL in the path" "400|404" "/staff/users/boss%00x" "" application/x-www-form-urlencoded GET "$COOKIE_boss"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM staff_user")" = "$users" ] &&
    pass "console hostile: none of the hostile additions made an account" ||
    fail "console hostile: hostile additions" "$(sqlite3 "$DB" 'SELECT name FROM staff_user')"

# ---- what is left ----
[ "$(sqlite3 "$DB" "SELECT password_hash IS NULL AND enrol_hash IS NOT NULL FROM staff_user WHERE name = 'hana'")" = 1 ] &&
    pass "console hostile: the enrolling account still has no password and its link" ||
    fail "console hostile: enrolment changed" "$(sqlite3 "$DB" "SELECT password_hash, enrol_hash FROM staff_user WHERE name = 'hana'")"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM staff_session s JOIN staff_user u ON u.id = s.user_id WHERE u.name <> 'boss'")" = 0 ] &&
    pass "console hostile: no session was made" || fail "console hostile: a session" "made"
sqlite3 "$DB" .dump >"$work/dump.sql"
if grep -qaF "$M" "$work/dump.sql" "$DB" "$DB-wal" "$VAR"/*.log 2>/dev/null; then
	fail "console hostile: nothing typed as a password is kept" "$(grep -laF "$M" "$work/dump.sql" "$DB" "$DB-wal" "$VAR"/*.log)"
else
	pass "console hostile: nothing typed as a password is in the database, the trail or the logs"
fi
[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'signin-refused'")" -ge 10 ] &&
    ! sqlite3 "$DB" "SELECT actor || ' ' || ifnull(note, '') FROM audit" | grep -qE "script|DROP|OR 1=1" &&
    pass "console hostile: the refusals are in the trail, none with what was typed as a name" ||
    fail "console hostile: the trail" "$(sqlite3 "$DB" "SELECT actor, note FROM audit" | tail -5)"
if grep -E "killed by signal|exited with status" "$VAR/wasl-console.log" >/dev/null; then
	fail "console hostile: no worker died" "$(grep -E 'killed|exited' "$VAR/wasl-console.log" | head -2)"
else
	pass "console hostile: no worker died"
fi
