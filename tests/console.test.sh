#!/usr/bin/env bash
# The staff console's doors, end to end through nginx (tests/stack.sh,
# tests/console-lib.sh): enrolment, sign-in with password and code,
# sessions and their cookie, sign-out, the headers of every page, and
# what is refused: a reused code, wrong passwords (100 of them), posts
# from another site or without the session's token, a stolen, ended or
# expired cookie, a role without the right.
set -u
cd "$(dirname "$0")/.."
. tests/stack.sh
stack_start console
. tests/console-lib.sh

PW='a long enough passphrase'
trail() { sqlite3 "$DB" "SELECT count(*) FROM audit WHERE $1"; }

# ---- enrolment ----
token=$("$BIN/wasl-admin" --db "$DB" --content content user add alice \
    --role officer --console-url "$base/staff" 2>&1 | grep -o 'token=[A-Za-z0-9_-]*' | cut -d= -f2)
c_get "" "/staff/enrol?token=$token"
if [ "$code" = 200 ] && grep -q '<svg class="qr"' "$work/body" &&
    grep -q 'class="secret"><bdi dir="ltr">[A-Z2-7 ]\{39\}<' "$work/body"; then
	pass "console: the enrolment page shows the app's QR code and its secret"
else
	fail "console: enrolment page" "$code $(head -c 300 "$work/body")"
fi
SECRET_alice=$(grep -o 'class="secret"><bdi dir="ltr">[^<]*' "$work/body" | sed 's/.*>//')
c_get "" "/staff/enrol?token=${token%?}x"
[ "$code" = 404 ] && grep -q 'رابط التفعيل هذا غير صالح' "$work/body" &&
    pass "console: an enrolment link altered by one character is not valid (404)" ||
    fail "console: altered enrolment link" "$code"
enrol() {
	code=$(curl -s -o "$work/body" -D "$work/head" -w '%{http_code}' \
	    -H "Origin: $base" --data-urlencode "token=$token" \
	    --data-urlencode "password=$1" --data-urlencode "password2=$2" \
	    --data-urlencode "code=$3" "$base/staff/enrol")
}
enrol short short 000000
[ "$code" = 422 ] && grep -q 'اكتب كلمة مرور من 8 أحرف على الأقل' "$work/body" &&
    grep -q 'aria-invalid="true"' "$work/body" &&
    pass "console: a short password is refused at its field (422)" ||
    fail "console: short password" "$code"
enrol password1 password1 000000
[ "$code" = 422 ] && grep -q 'كلمة المرور هذه شائعة' "$work/body" &&
    pass "console: a common password is refused" || fail "console: common password" "$code"
enrol "$PW" "$PW x" 000000
[ "$code" = 422 ] && grep -q 'أعد كتابة كلمة المرور نفسها' "$work/body" &&
    pass "console: two different passwords are refused" || fail "console: password twice" "$code"
enrol "$PW" "$PW" 000000
[ "$code" = 422 ] && grep -q 'رمز التحقق غير صحيح' "$work/body" &&
    pass "console: a wrong first code is refused" || fail "console: wrong code" "$code"
c_code alice
enrol "$PW" "$PW" "$CODE"
[ "$code" = 303 ] && grep -qi '^location: /staff/signin?done=enrolled' "$work/head" &&
    pass "console: enrolment with a good password and the app's code" ||
    fail "console: enrolment" "$code $(head -c 300 "$work/body")"
c_get "" "/staff/enrol?token=$token"
[ "$code" = 404 ] && pass "console: an enrolment link serves once" ||
    fail "console: enrolment link reused" "$code"

# ---- sign-in ----
c_get "" /staff/queue
[ "$code" = 303 ] && grep -qi '^location: /staff/signin' "$work/head" &&
    pass "console: a page behind the sign-in sends there without a session" ||
    fail "console: no session" "$code"
if c_signin alice "$PW"; then
	pass "console: sign-in with password and code"
else
	fail "console: sign-in" "$code $(head -c 300 "$work/body")"
fi
line=$(grep -i '^set-cookie:' "$work/head" | tr -d '\r')
case $line in
*"__Host-wasl-staff="*"; Path=/; Secure; HttpOnly; SameSite=Strict") ;;
*) line="" ;;
esac
[ -n "$line" ] && [ ${#COOKIE_alice} -ge 43 ] &&
    pass "console: the session cookie is __Host-, Secure, HttpOnly, SameSite=Strict, 256 bits" ||
    fail "console: cookie" "$(grep -i set-cookie "$work/head")"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM staff_session WHERE token_hash = '$COOKIE_alice'")" = 0 ] &&
    [ "$(sqlite3 "$DB" "SELECT count(*) FROM staff_session")" = 1 ] &&
    pass "console: the session is stored as a hash, not as its token" ||
    fail "console: session stored" "$(sqlite3 "$DB" 'SELECT token_hash FROM staff_session')"
[ "$(trail "action = 'signin' AND actor = 'alice'")" = 1 ] &&
    pass "console: the sign-in is in the audit trail" || fail "console: signin audited" ""

# A code serves once: the same code again, with the right password.
old=$CODE
code=$(curl -s -o "$work/body" -D "$work/head" -w '%{http_code}' -H "Origin: $base" \
    --data-urlencode name=alice --data-urlencode "password=$PW" \
    --data-urlencode "code=$old" "$base/staff/signin")
[ "$code" = 422 ] && ! grep -qi '^set-cookie' "$work/head" &&
    [ "$(trail "action = 'signin-refused' AND note = 'code already used'")" = 1 ] &&
    pass "console: a code used once is refused a second time" ||
    fail "console: reused code" "$code"

# ---- every page: the headers ----
c_get alice /staff/no-such-page
h=$(tr -d '\r' <"$work/head")
ok=1
for want in "Cache-Control: no-store" "X-Frame-Options: DENY" \
    "Content-Security-Policy: default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'" \
    "X-Content-Type-Options: nosniff" "Referrer-Policy: same-origin"; do
	grep -qxF "$want" <<<"$h" || { ok=0; fail "console: header" "no '$want'"; }
done
[ $(grep -c '^Content-Security-Policy:' <<<"$h") = 1 ] || { ok=0; fail "console: header" "two CSPs"; }
[ "$code" = 404 ] && [ $ok = 1 ] &&
    pass "console: a page has no-store, no framing, one strict CSP without script, nosniff" ||
    fail "console: headers" "$code"
grep -q '<script' "$work/body" && fail "console: script" "a page holds a script" ||
    pass "console: no script on the page"

# ---- posts: from another site, without the token ----
n0=$(sqlite3 "$DB" "SELECT count(*) FROM staff_session")
csrf=$(c_csrf alice)
[ ${#csrf} = 43 ] && pass "console: each page carries the session's token for its forms" ||
    fail "console: csrf" "'$csrf'"
post_as() {	# post_as ORIGIN FETCHSITE CSRF: sign-out as alice
	code=$(curl -s -o "$work/body" -D "$work/head" -w '%{http_code}' \
	    ${1:+-H "Origin: $1"} ${2:+-H "Sec-Fetch-Site: $2"} \
	    -H "Cookie: __Host-wasl-staff=$COOKIE_alice" \
	    --data-urlencode "x=1" ${3:+--data-urlencode "csrf=$3"} \
	    "$base/staff/signout")
}
post_as https://evil.example "" "$csrf"
[ "$code" = 403 ] && pass "console: a post with another site's Origin is refused (403)" ||
    fail "console: cross-site Origin" "$code"
post_as "" cross-site "$csrf"
[ "$code" = 403 ] && pass "console: a post with Sec-Fetch-Site cross-site is refused" ||
    fail "console: cross-site fetch metadata" "$code"
post_as null "" "$csrf"
[ "$code" = 403 ] && pass "console: a post with Origin null is refused" ||
    fail "console: Origin null" "$code"
post_as "$base" same-origin ""
[ "$code" = 403 ] && pass "console: a post without the session's token is refused" ||
    fail "console: no csrf" "$code"
# One character changed (the first: the last of a 256-bit token in
# base64url carries 4 bits only, so 1 in 16 would already be an "A").
[ "${csrf:0:1}" = x ] && wrong=y${csrf:1} || wrong=x${csrf:1}
post_as "$base" same-origin "$wrong"
[ "$code" = 403 ] && pass "console: a post with a wrong token is refused" ||
    fail "console: wrong csrf" "$code"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM staff_session")" = "$n0" ] &&
    pass "console: none of the refused posts ended the session" ||
    fail "console: refused posts changed something" ""

# ---- roles: 403 and nothing done ----
c_get alice /staff/users
[ "$code" = 403 ] && grep -q 'لا تسمح صلاحيات حسابك' "$work/body" &&
    pass "console: the officer gets 403 for the accounts' page" ||
    fail "console: wrong role" "$code"
n0=$(sqlite3 "$DB" "SELECT count(*) FROM staff_user")
c_post alice /staff/users/add name=mallory role=admin
[ "$code" = 403 ] && [ "$(sqlite3 "$DB" "SELECT count(*) FROM staff_user")" = "$n0" ] &&
    pass "console: the officer cannot add an account (403, none added)" ||
    fail "console: officer adds account" "$code"

# ---- a stolen, ended or expired cookie ----
stolen=$COOKIE_alice
c_post alice /staff/signout
[ "$code" = 303 ] && grep -qi '^set-cookie: __Host-wasl-staff=;.*Max-Age=0' "$work/head" &&
    [ "$(trail "action = 'signout' AND actor = 'alice'")" = 1 ] &&
    pass "console: sign-out ends the session, clears the cookie, is audited" ||
    fail "console: sign-out" "$code"
c_get alice /staff/no-such-page
! grep -q 'name="csrf"' "$work/body" &&
    pass "console: the cookie of an ended session is no session" ||
    fail "console: ended cookie" "still signed in"
c_signin alice "$PW" || fail "console: sign in again" "$code"
[ "$COOKIE_alice" != "$stolen" ] && pass "console: each sign-in makes a new session token" ||
    fail "console: session fixation" "same token"
sqlite3 "$DB" "UPDATE staff_session SET last_seen = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-16 minutes')"
c_get alice /staff/no-such-page
! grep -q 'name="csrf"' "$work/body" &&
    [ "$(sqlite3 "$DB" "SELECT count(*) FROM staff_session")" = 0 ] &&
    pass "console: a session idle for 16 minutes has ended (and is deleted)" ||
    fail "console: idle session" "still signed in"
c_signin alice "$PW" || fail "console: sign in again" "$code"
sqlite3 "$DB" "UPDATE staff_session SET created_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-8 hours', '-1 minute')"
c_get alice /staff/no-such-page
! grep -q 'name="csrf"' "$work/body" &&
    pass "console: a session older than 8 hours has ended, however used" ||
    fail "console: old session" "still signed in"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: __Host-wasl-staff=$(printf 'x%.0s' $(seq 1 300))" "$base/staff/queue")
[ "$code" = 303 ] && pass "console: an overlong cookie is no session" || fail "console: long cookie" "$code"

# ---- 100 wrong passwords ----
c_signin alice "$PW" || fail "console: sign in again" "$code"
refused=0 throttled=0
for i in $(seq 1 100); do
	c=$(curl -s -o /dev/null -w '%{http_code}' -H "Origin: $base" \
	    --data-urlencode name=alice --data-urlencode "password=wrong $i" \
	    --data-urlencode code=123456 "$base/staff/signin")
	case $c in 422) refused=$((refused + 1)) ;; 429) throttled=$((throttled + 1)) ;; esac
done
[ $((refused + throttled)) = 100 ] && [ $refused = 5 ] &&
    pass "console: 100 wrong passwords: all refused, throttled after 5" ||
    fail "console: 100 wrong passwords" "$refused refused, $throttled throttled"
c_code alice
c=$(curl -s -o "$work/body" -D "$work/head" -w '%{http_code}' -H "Origin: $base" \
    --data-urlencode name=alice --data-urlencode "password=$PW" \
    --data-urlencode "code=$CODE" "$base/staff/signin")
[ "$c" = 429 ] && ! grep -qi '^set-cookie' "$work/head" &&
    pass "console: then even the right password is refused for the window" ||
    fail "console: throttle" "$c"
c=$(curl -s -o "$work/body" -w '%{http_code}' -H "Origin: $base" \
    --data-urlencode name=nobody-here --data-urlencode "password=wrong" \
    --data-urlencode code=123456 "$base/staff/signin")
[ "$c" = 422 ] && grep -q 'اسم المستخدم أو كلمة المرور أو رمز التحقق غير صحيح' "$work/body" &&
    pass "console: an unknown name is refused with the same words as a wrong password" ||
    fail "console: unknown account" "$c"
c_get alice /staff/no-such-page
grep -q 'name="csrf"' "$work/body" &&
    pass "console: the sign-ins refused left the open session alone" ||
    fail "console: session after throttling" "ended"
