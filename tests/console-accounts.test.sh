#!/usr/bin/env bash
# The staff's accounts in the console, end to end through nginx
# (tests/stack.sh, tests/console-lib.sh): the admin adds an officer and
# the one-time enrolment link is shown once (never stored as itself) and
# enrols through the page; disabling ends the account's sessions and
# refuses its sign-ins; a reset refuses the old password and its new link
# enrols again; the admin sees an account's sign-ins and refusals; the
# admin cannot disable their own account; an officer gets 403 on every
# /staff/users route and nothing changes; the admin sees no request.
set -u
cd "$(dirname "$0")/.."
. tests/stack.sh
stack_start console-accounts
. tests/console-lib.sh

PW='the admin passphrase here'
PW2='an officer passphrase'
PW3='a brand new passphrase'
q() { sqlite3 -batch "$DB" "$1"; }
users_state() { q "SELECT group_concat(name || ':' || role || ':' || disabled || ':' || (password_hash IS NOT NULL), ',') FROM (SELECT * FROM staff_user ORDER BY name)"; }

# link_token: the token of the link the reply shows, or "".
link_token() {
	grep -o 'class="secret staff-link"><bdi dir="ltr">[^<]*' "$work/body" |
	    sed 's/.*token=//' | head -1
}
# enrol_link NAME PASSWORD TOKEN: the enrolment page and its form, as a
# person would with the link; sets SECRET_NAME; $code is the post's.
enrol_link() {
	local name=$1 pw=$2 token=$3 v
	code=$(_c_curl "$base/staff/enrol?token=$token")
	[ "$code" = 200 ] || return 1
	printf -v "$(_c_var "$name" SECRET)" %s "$(grep -o 'class="secret"><bdi dir="ltr">[^<]*' "$work/body" | sed 's/.*>//')"
	v=$(_c_var "$name" LAST); unset "$v"
	c_code "$name"
	code=$(_c_curl -H "Origin: $base" --data-urlencode "token=$token" \
	    --data-urlencode "password=$pw" --data-urlencode "password2=$pw" \
	    --data-urlencode "code=$CODE" "$base/staff/enrol")
	[ "$code" = 303 ]
}

c_account boss admin "$PW" || fail "accounts: admin account" "$code"
c_signin boss "$PW" || fail "accounts: admin signs in" "$code"

# ---- the list ----
c_get boss /staff/users
[ "$code" = 200 ] && grep -q '<bdi dir="ltr">boss</bdi></a> (حسابك)' "$work/body" &&
    grep -q 'action="/staff/users/add"' "$work/body" && grep -q 'مسؤول الحسابات' "$work/body" &&
    grep -q '<th scope="col">آخر دخول</th>' "$work/body" && grep -q 'هـ' "$work/body" &&
    pass "accounts: the admin sees every account, its role, last sign-in in both calendars, the add form" ||
    fail "accounts: the list" "$code $(head -c 300 "$work/body")"
grep -q 'action="/staff/users/boss/disable"' "$work/body" &&
    fail "accounts: no disable form for one's own account" "there is one" ||
    pass "accounts: no disable form for one's own account"

# ---- add ----
n_audit=$(q "SELECT count(*) FROM audit WHERE action = 'user'")
c_post boss /staff/users/add name=olga role=officer
tok=$(link_token)
[ "$code" = 200 ] && [ ${#tok} = 43 ] &&
    grep -q "class=\"secret staff-link\"><bdi dir=\"ltr\">$base/staff/enrol?token=$tok<" "$work/body" &&
    pass "accounts: adding an officer shows the one-time link on the reply (http for 127.0.0.1)" ||
    fail "accounts: add" "$code '$tok' $(grep -o 'staff-link.\{0,120\}' "$work/body")"
[ "$(q "SELECT role || (enrol_hash IS NOT NULL) FROM staff_user WHERE name = 'olga'")" = officer1 ] &&
    [ "$(q "SELECT count(*) FROM audit WHERE action = 'user' AND actor = 'boss' AND note LIKE 'added account olga (officer)%'")" = 1 ] &&
    pass "accounts: the account is made, audited in the admin's name" ||
    fail "accounts: add stored" "$(users_state)"
found=0
for f in "$DB" "$DB-wal" "$VAR"/*.log; do
	[ -f "$f" ] && grep -qaF -e "$tok" "$f" && found="$found $f"
done
[ "$found" = 0 ] && pass "accounts: the link's token is nowhere in the database, its WAL or the logs" ||
    fail "accounts: token stored" "$found"
grep -qi '^cache-control: no-store' "$work/head" && pass "accounts: the reply with the link is no-store" ||
    fail "accounts: no-store" "$(cat "$work/head")"
c_get boss /staff/users
! grep -q 'staff-link' "$work/body" && ! grep -qF -e "$tok" "$work/body" &&
    grep -q 'بانتظار التفعيل' "$work/body" &&
    pass "accounts: the link is shown once: not on the list again; the account waits for enrolment" ||
    fail "accounts: link once" "shown again"
if enrol_link olga "$PW2" "$tok" && c_signin olga "$PW2"; then
	pass "accounts: the officer enrols with the link through the page and signs in"
else
	fail "accounts: enrol with the link" "$code $(head -c 200 "$work/body")"
fi

# ---- errors at the fields ----
before=$(users_state)
c_post boss /staff/users/add name= role=officer
[ "$code" = 422 ] && grep -q 'href="#field-name">اكتب اسم المستخدم' "$work/body" &&
    grep -q 'id="error-name"' "$work/body" && grep -q 'aria-invalid="true"' "$work/body" &&
    pass "accounts: no name: 422, the error at the field" || fail "accounts: no name" "$code"
c_post boss /staff/users/add "name=Olga Ali" role=officer
[ "$code" = 422 ] && grep -q 'يبدأ بحرف لاتيني صغير' "$work/body" &&
    grep -q 'value="Olga Ali"' "$work/body" &&
    pass "accounts: an invalid name: 422 with what was typed kept" || fail "accounts: invalid name" "$code"
c_post boss /staff/users/add name=olga role=manager
[ "$code" = 422 ] && grep -q 'يوجد حساب بهذا الاسم' "$work/body" &&
    pass "accounts: a name taken: 422" || fail "accounts: name taken" "$code"
c_post boss /staff/users/add name=newone role=root
[ "$code" = 422 ] && grep -q 'اختر دور الحساب' "$work/body" && grep -q 'id="error-role"' "$work/body" &&
    pass "accounts: an unknown role: 422 at the role" || fail "accounts: unknown role" "$code"
c_post boss /staff/users/add 'name=<script>x' role=officer
[ "$code" = 422 ] && ! grep -q '<script>x' "$work/body" && grep -q '&lt;script&gt;x' "$work/body" &&
    pass "accounts: markup typed as a name comes back escaped" || fail "accounts: markup in name" "$code"
[ "$(users_state)" = "$before" ] && pass "accounts: none of the refused additions changed anything" ||
    fail "accounts: refused additions" "$(users_state)"

# ---- the officer: 403 everywhere, nothing changes ----
before=$(users_state)
n_audit=$(q "SELECT count(*) FROM audit WHERE action = 'user'")
ok=1
for p in /staff/users /staff/users/boss /staff/users/olga; do
	c_get olga "$p"
	[ "$code" = 403 ] || { ok=0; fail "accounts: officer GET $p" "$code"; }
done
for p in /staff/users/add /staff/users/boss/reset /staff/users/boss/disable /staff/users/olga/reset; do
	c_post olga "$p" name=mallory role=admin confirm=yes
	[ "$code" = 403 ] && grep -q 'لا تسمح صلاحيات حسابك' "$work/body" ||
	    { ok=0; fail "accounts: officer POST $p" "$code"; }
done
[ $ok = 1 ] && [ "$(users_state)" = "$before" ] &&
    [ "$(q "SELECT count(*) FROM audit WHERE action = 'user'")" = "$n_audit" ] &&
    [ "$(q "SELECT count(*) FROM staff_session s JOIN staff_user u ON u.id = s.user_id WHERE u.name = 'boss'")" -ge 1 ] &&
    pass "accounts: an officer gets 403 on every /staff/users route; nothing changed" ||
    fail "accounts: officer refused" "$(users_state)"

# ---- the admin sees no request ----
c_get boss /staff/queue
if [ "$code" = 403 ]; then
	pass "accounts: the admin cannot see the requests (403 on /staff/queue)"
elif [ "$code" = 404 ] && ! grep -q '"/staff/queue"' fcgi/console/console.c; then
	pass "accounts: the admin cannot see the requests (no queue route in this build: 404)"
else
	fail "accounts: admin and the queue" "$code"
fi

# ---- disable ----
c_post boss /staff/users/olga/disable
[ "$code" = 422 ] && grep -q 'id="error-confirm-olga"' "$work/body" &&
    grep -q 'href="#field-confirm-olga"' "$work/body" &&
    [ "$(q "SELECT disabled FROM staff_user WHERE name = 'olga'")" = 0 ] &&
    pass "accounts: disabling without ticking the box: 422 at the box, nothing done" ||
    fail "accounts: disable unconfirmed" "$code"
c_post boss /staff/users/boss/disable confirm=yes
[ "$code" = 403 ] && grep -q 'لا يمكنك تعطيل حسابك' "$work/body" &&
    [ "$(q "SELECT disabled FROM staff_user WHERE name = 'boss'")" = 0 ] &&
    pass "accounts: the admin cannot disable their own account (403)" ||
    fail "accounts: disable self" "$code"
c_post boss /staff/users/olga/disable confirm=yes
[ "$code" = 200 ] && grep -q 'عُطّل الحساب olga' "$work/body" &&
    [ "$(q "SELECT disabled FROM staff_user WHERE name = 'olga'")" = 1 ] &&
    [ "$(q "SELECT count(*) FROM staff_session s JOIN staff_user u ON u.id = s.user_id WHERE u.name = 'olga'")" = 0 ] &&
    [ "$(q "SELECT count(*) FROM audit WHERE action = 'user' AND actor = 'boss' AND note LIKE 'disabled account olga%'")" = 1 ] &&
    pass "accounts: disabling the officer ends its sessions, audited" ||
    fail "accounts: disable" "$code"
c_get olga /staff/no-such-page
! grep -q 'name="csrf"' "$work/body" && pass "accounts: the disabled account's cookie is no session" ||
    fail "accounts: disabled session" "still signed in"
c_signin olga "$PW2" && fail "accounts: disabled sign-in" "accepted" ||
    { [ "$code" = 422 ] && pass "accounts: the disabled account's sign-in is refused" ||
    fail "accounts: disabled sign-in" "$code"; }
c_post boss /staff/users/olga/reset
[ "$code" = 409 ] && [ -z "$(link_token)" ] && pass "accounts: a disabled account is not reset (409, no link)" ||
    fail "accounts: reset disabled" "$code"
c_post boss /staff/users/nobody-here/reset
[ "$code" = 404 ] && pass "accounts: an unknown account: 404" || fail "accounts: unknown" "$code"

# ---- the account's sign-ins ----
c_get boss /staff/users/olga
[ "$code" = 200 ] && grep -q '<h1>الحساب <bdi dir="ltr">olga</bdi></h1>' "$work/body" &&
    grep -q 'محاولة دخول مرفوضة' "$work/body" && grep -q 'الحساب معطّل' "$work/body" &&
    grep -q '<td>دخول</td>' "$work/body" &&
    pass "accounts: the admin sees the account's sign-ins and refusals with their reason" ||
    fail "accounts: sign-ins page" "$code"
first=$(grep -o '<td>\(دخول\|محاولة دخول مرفوضة\|خروج\)</td>' "$work/body" | head -1)
[ "$first" = '<td>محاولة دخول مرفوضة</td>' ] && pass "accounts: the sign-ins newest first" ||
    fail "accounts: order" "$first"
! grep -qF "$PW2" "$work/body" && pass "accounts: no password on the sign-ins page" ||
    fail "accounts: password shown" ""

# ---- reset ----
c_post boss /staff/users/add name=rami role=committee
tok=$(link_token)
enrol_link rami "$PW2" "$tok" && c_signin rami "$PW2" || fail "accounts: rami enrols" "$code"
c_post boss /staff/users/rami/reset
tok2=$(link_token)
[ "$code" = 200 ] && [ ${#tok2} = 43 ] && [ "$tok2" != "$tok" ] &&
    [ "$(q "SELECT password_hash IS NULL FROM staff_user WHERE name = 'rami'")" = 1 ] &&
    [ "$(q "SELECT count(*) FROM staff_session s JOIN staff_user u ON u.id = s.user_id WHERE u.name = 'rami'")" = 0 ] &&
    pass "accounts: a reset shows a new link once, clears the password, ends the sessions" ||
    fail "accounts: reset" "$code"
c_get rami /staff/no-such-page
! grep -q 'name="csrf"' "$work/body" && pass "accounts: after a reset the old cookie is no session" ||
    fail "accounts: reset session" "still signed in"
c_signin rami "$PW2" && fail "accounts: old password after reset" "accepted" ||
    pass "accounts: after a reset the old password is refused"
code=$(_c_curl "$base/staff/enrol?token=$tok")
[ "$code" = 404 ] && pass "accounts: the first link serves no more" || fail "accounts: old link" "$code"
if enrol_link rami "$PW3" "$tok2" && c_signin rami "$PW3"; then
	pass "accounts: the new link enrols again, the new password signs in"
else
	fail "accounts: new link" "$code"
fi
q "SELECT note FROM audit" | grep -qF -e "$PW" -e "$PW2" -e "$PW3" &&
    fail "accounts: the trail holds a password" "yes" ||
    pass "accounts: the trail holds none of the passwords"
c_get boss /staff/users
grep -q "$base/staff/enrol" "$work/body" && fail "accounts: link again" "shown" ||
    pass "accounts: the list shows no link afterwards"
