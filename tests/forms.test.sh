#!/usr/bin/env bash
# End to end through the real servers: nginx on a free 127.0.0.1 port in
# front of wasl-forms and SQLite, exactly as `make run` starts them. Each
# form valid and invalid, every refusal status, double submission, the
# honeypot, concurrency, a restart, and the static site's headers.
# Prints PASS/FAIL lines for tests/run.sh.
set -u
cd "$(dirname "$0")/.."
. tests/stack.sh
db() { sqlite3 -batch "$VAR/data/wasl.db" "$1"; }
start() { stack_start forms; }

# post FORM ARGS...: POST to /forms/FORM (curl -d/--data-urlencode ARGS);
# sets $code and $location, the body in $work/body.
post() {
	local form=$1
	shift
	read -r code location < <(curl -s -o "$work/body" \
	    -w '%{http_code} %{redirect_url}\n' -X POST "$@" \
	    "$base/forms/$form")
	location=${location#"$base"}
}
count() { db "SELECT count(*) FROM submission ${1:-}"; }

start
pass "servers start on 127.0.0.1:$PORT"

# ---- the static site through nginx ----------------------------------------
check_get() {	# NAME PATH STATUS GREP
	local got
	got=$(curl -s -o "$work/page" -w '%{http_code}' "$base$2")
	if [ "$got" = "$3" ] && grep -q -- "$4" "$work/page"; then
		pass "$1"
	else
		fail "$1" "status $got"
	fi
}
check_get "static: home page" / 200 'جمعية إحسان للإسكان بتبوك'
check_get "static: policy page" /policies/beneficiary-relations/ 200 '10/02/1446هـ'
check_get "static: service page carries its form" /services/support-request/ 200 \
    'action="/forms/support-request"'
check_get "static: unknown address gets the Arabic 404 page" /no/such/ 404 \
    'الصفحة غير موجودة'
for path in / /no/such/ /forms/support-request/received/AAAAAAAA; do
	curl -s -D "$work/h" -o /dev/null "$base$path"
	for h in 'Content-Security-Policy: default-src .self.;.*frame-ancestors .none.' \
	    'X-Content-Type-Options: nosniff' 'Referrer-Policy: same-origin' \
	    'Permissions-Policy: '; do
		grep -qi "^$h" "$work/h" && pass "headers: ${h%%:*} on $path" ||
		    fail "headers: ${h%%:*} on $path" "missing"
	done
done
curl -s -D "$work/h" -o /dev/null "$base/assets/style.css"
grep -qi '^content-type: text/css' "$work/h" && pass "static: stylesheet" ||
    fail "static: stylesheet" "$(head -3 "$work/h")"

# ---- a valid support request, typed as people type ------------------------
declare -A SR=(
	[full_name]="عبدالله بن محمد الشهري" [national_id]="١٠٠٠ ٠٠٠ ٠٠٨"
	[mobile]="050 000 0000" [city]="تبوك" [family_size]="٥"
	[monthly_income]=3000
	[need]="تأخر سداد الإيجار <b>&</b>" [declaration]=yes
	[privacy_consent]=yes)
# sr [FIELD=VALUE...]: the support request's curl arguments in ${ARGS[@]},
# with fields replaced (an empty value leaves the field out).
sr() {
	local -A f
	local k o
	for k in "${!SR[@]}"; do f[$k]=${SR[$k]}; done
	for o in "$@"; do f[${o%%=*}]=${o#*=}; done
	ARGS=()
	for k in "${!f[@]}"; do
		[ -n "${f[$k]}" ] && ARGS+=(--data-urlencode "$k=${f[$k]}")
	done
}
sr
post support-request "${ARGS[@]}"
ref=${location##*/}
if [ "$code" = 303 ] && [[ "$location" =~ /forms/support-request/received/[ACDEFGHJKMNPQRTUVWXY34679]{8}$ ]]; then
	pass "support-request: valid answers get 303 to a reference"
else
	fail "support-request: valid answers get 303 to a reference" "$code $location"
fi
v() { db "SELECT value FROM field JOIN submission ON id = submission_id WHERE ref = '$ref' AND name = '$1'"; }
[ "$(v full_name)" = "عبدالله بن محمد الشهري" ] && pass "support-request: Arabic name stored byte-exact" ||
    fail "support-request: Arabic name stored byte-exact" "$(v full_name)"
[ "$(v national_id)" = 1000000008 ] && pass "support-request: national ID normalised" ||
    fail "support-request: national ID normalised" "$(v national_id)"
[ "$(v mobile)" = +966500000000 ] && pass "support-request: mobile stored as E.164" ||
    fail "support-request: mobile stored as E.164" "$(v mobile)"
[ "$(v family_size)" = 5 ] && pass "support-request: Arabic-Indic digits normalised" ||
    fail "support-request: Arabic-Indic digits normalised" "$(v family_size)"
[ "$(v need)" = 'تأخر سداد الإيجار <b>&</b>' ] && pass "support-request: markup stored as text" ||
    fail "support-request: markup stored as text" "$(v need)"
[ "$(db "SELECT status, notice_version, consent_at = received_at FROM submission WHERE ref = '$ref'")" = "received|1|1" ] &&
    pass "support-request: status received, consent time and notice version" ||
    fail "support-request: status received, consent time and notice version" \
    "$(db "SELECT status, notice_version, consent_at FROM submission WHERE ref = '$ref'")"
check_get "support-request: confirmation shows the reference" "$location" 200 "$ref"
grep -q 'لا تقل عن أسبوعين' "$work/page" && pass "support-request: confirmation says when the answer comes" ||
    fail "support-request: confirmation says when the answer comes" "no response_days"

# the same answers again (a double click, a reload): same reference, one row
sr
post support-request "${ARGS[@]}"
[ "$code" = 303 ] && [ "${location##*/}" = "$ref" ] && [ "$(count "WHERE form = 'support-request'")" = 1 ] &&
    pass "support-request: sent twice, one row and the same reference" ||
    fail "support-request: sent twice, one row and the same reference" "$code $location"

# ---- each kind of mistake: 422, its message, the answers kept, nothing stored
before=$(count)
invalid() {	# NAME MESSAGE FIELD=VALUE (replacing that field)
	local name=$1 msg=$2 field=${3%%=*}
	sr "$3"
	post support-request "${ARGS[@]}"
	if [ "$code" != 422 ]; then
		fail "invalid: $name" "status $code, want 422"
	elif ! grep -qF -- "$msg" "$work/body"; then
		fail "invalid: $name" "no message [$msg]"
	elif ! grep -q 'class="error-summary"' "$work/body" ||
	    ! grep -q "href=\"#field-$field" "$work/body"; then
		fail "invalid: $name" "no error summary linking to the field"
	elif [ "$field" != full_name ] &&
	    ! grep -q 'value="عبدالله بن محمد الشهري"' "$work/body"; then
		fail "invalid: $name" "earlier answers not kept"
	elif [ "$(count)" != "$before" ]; then
		fail "invalid: $name" "something was stored"
	else
		pass "invalid: $name"
	fi
}
invalid "national ID checksum" "رقم الهوية" "national_id=1000000009"
invalid "national ID starting with 3" "رقم الهوية" "national_id=3000000008"
invalid "national ID too short" "رقم الهوية" "national_id=100000000"
invalid "mobile not Saudi" "الجوال" "mobile=+441234567890"
invalid "missing name" "الاسم" "full_name="
invalid "name too long" "الاسم" "full_name=$(printf 'أ%.0s' $(seq 1 101))"
invalid "family size not a number" "عدد أفراد الأسرة" "family_size=خمسة"
invalid "family size out of range" "عدد أفراد الأسرة" "family_size=0"
invalid "declaration not ticked" "أقر" "declaration="
invalid "privacy consent not ticked" "إشعار الخصوصية" "privacy_consent="
grep -q '<title>خطأ: ' "$work/body" && pass "invalid: the page title says there is an error" ||
    fail "invalid: the page title says there is an error" "no"

# ---- the other two forms ------------------------------------------------
post satisfaction-survey -d channel=website -d reception=5 -d clarity=4 \
    -d speed=3 -d overall=5 --data-urlencode "comments=خدمة ممتازة"
sref=${location##*/}
[ "$code" = 303 ] && [ "$(db "SELECT group_concat(name || '=' || value, ',') FROM (SELECT name, value FROM field JOIN submission ON id = submission_id WHERE ref = '$sref' ORDER BY name)")" = "channel=website,clarity=4,comments=خدمة ممتازة,overall=5,reception=5,speed=3" ] &&
    pass "satisfaction-survey: stored" || fail "satisfaction-survey: stored" "$code"
[ "$(db "SELECT consent_at IS NULL AND notice_version IS NULL FROM submission WHERE ref = '$sref'")" = 1 ] &&
    pass "satisfaction-survey: anonymous, no consent record" ||
    fail "satisfaction-survey: anonymous, no consent record" "consent recorded"
post satisfaction-survey -d channel=phone --data-urlencode reception=٥ \
    --data-urlencode clarity=٤ --data-urlencode speed=۳ -d overall=2
aref=${location##*/}
[ "$code" = 303 ] && [ "$(db "SELECT group_concat(name || '=' || value, ',') FROM (SELECT name, value FROM field JOIN submission ON id = submission_id WHERE ref = '$aref' ORDER BY name)")" = "channel=phone,clarity=4,overall=2,reception=5,speed=3" ] &&
    pass "satisfaction-survey: ratings in Arabic-Indic and Persian digits stored as numbers" ||
    fail "satisfaction-survey: ratings in Arabic-Indic and Persian digits stored as numbers" "$code $(head -c 300 "$work/body")"
post satisfaction-survey -d channel=website -d reception=6 -d clarity=4 -d speed=3 -d overall=5
[ "$code" = 422 ] && pass "satisfaction-survey: a rating of 6 refused" ||
    fail "satisfaction-survey: a rating of 6 refused" "$code"
post inquiry -d kind=complaint --data-urlencode "message=لم يصلني رد" -d privacy_consent=yes
[ "$code" = 422 ] && grep -q 'رقم الجوال أو البريد الإلكتروني' "$work/body" &&
    pass "inquiry: a reply needs a mobile or an e-mail" ||
    fail "inquiry: a reply needs a mobile or an e-mail" "$code"
post inquiry -d kind=complaint --data-urlencode "message=لم يصلني رد" \
    -d privacy_consent=yes --data-urlencode "email=Applicant@Example.COM"
iref=${location##*/}
[ "$code" = 303 ] && [ "$(db "SELECT value FROM field JOIN submission ON id = submission_id WHERE ref = '$iref' AND name = 'email'")" = "Applicant@example.com" ] &&
    pass "inquiry: stored with the e-mail's domain lowercased" ||
    fail "inquiry: stored with the e-mail's domain lowercased" "$code"

# ---- the page's token: one page sent twice is one, two pages two --------
# page_token SERVICE: the token nginx wrote into the service page's form.
page_token() {
	curl -s "$base/services/$1/" | sed -n 's/.*name="_token" value="\([^"]*\)".*/\1/p'
}
t1=$(page_token satisfaction-survey) t2=$(page_token satisfaction-survey)
[[ "$t1" =~ ^[0-9a-f]{32}$ ]] && [[ "$t2" =~ ^[0-9a-f]{32}$ ]] && [ "$t1" != "$t2" ] &&
    pass "token: two views of the survey page carry two different tokens" ||
    fail "token: two views of the survey page carry two different tokens" "[$t1] [$t2]"
# The survey's most common answer, as two people at one kiosk send it.
survey5() { post satisfaction-survey -d channel=in-person -d reception=5 -d clarity=5 \
    -d speed=5 -d overall=5 "$@"; }
rows5() { db "SELECT count(*) FROM submission s WHERE form = 'satisfaction-survey' AND
    (SELECT count(*) FROM field WHERE submission_id = s.id) = 5 AND
    (SELECT value FROM field WHERE submission_id = s.id AND name = 'channel') = 'in-person'"; }
n5=$(rows5)
survey5 -d "_token=$t1"; c1=$code r1=${location##*/}
survey5 -d "_token=$t2"; c2=$code r2=${location##*/}
[ "$c1" = 303 ] && [ "$c2" = 303 ] && [ "$r1" != "$r2" ] && [ "$(rows5)" = $((n5 + 2)) ] &&
    pass "token: two people's identical anonymous answers are two references and two rows" ||
    fail "token: two people's identical anonymous answers are two references and two rows" \
    "$c1 $r1, $c2 $r2, $(( $(rows5) - n5 )) rows"
survey5 -d "_token=$t1"
[ "$code" = 303 ] && [ "${location##*/}" = "$r1" ] && [ "$(rows5)" = $((n5 + 2)) ] &&
    pass "token: one page sent twice (a double click) is one reference and one row" ||
    fail "token: one page sent twice (a double click) is one reference and one row" "$code $location"
survey5 -d "_token=$t1" -d request_ref=SR-1
[ "$code" = 303 ] && [ "${location##*/}" != "$r1" ] &&
    pass "token: an answer changed and sent again from the same page is a new record" ||
    fail "token: an answer changed and sent again from the same page is a new record" "$code $location"
n5=$(rows5)
survey5; c1=$code r1=${location##*/}
survey5; c2=$code r2=${location##*/}
[ "$c1" = 303 ] && [ "$c2" = 303 ] && [ "$r1" != "$r2" ] && [ "$(rows5)" = $((n5 + 2)) ] &&
    pass "token: without one (a page cached before), anonymous answers are accepted and never merged" ||
    fail "token: without one (a page cached before), anonymous answers are accepted and never merged" \
    "$c1 $r1, $c2 $r2"
for bad in "<!--# echo var='request_id' -->" "${t1^^}" "${t1}0" '"><script>x</script>'; do
	n5=$(rows5)
	survey5 --data-urlencode "_token=$bad"; c1=$code r1=${location##*/}
	survey5 --data-urlencode "_token=$bad"; c2=$code r2=${location##*/}
	[ "$c1" = 303 ] && [ "$c2" = 303 ] && [ "$r1" != "$r2" ] && [ "$(rows5)" = $((n5 + 2)) ] &&
	    pass "token: an invalid one [${bad:0:20}] counts as none (accepted, not merged)" ||
	    fail "token: an invalid one [${bad:0:20}] counts as none (accepted, not merged)" "$c1 $r1, $c2 $r2"
done
# Without a token a form that is not anonymous keys on the client, as before.
n0=$(count "WHERE form = 'inquiry'")
for i in 1 2; do
	post inquiry -d kind=inquiry -d mobile=0512345601 -d privacy_consent=yes \
	    --data-urlencode "message=بلا رمز" --data-urlencode "_token=not-a-token"
	eval "r$i=\${location##*/} c$i=\$code"
done
[ "$c1" = 303 ] && [ "$r1" = "$r2" ] && [ "$(count "WHERE form = 'inquiry'")" = $((n0 + 1)) ] &&
    pass "token: without a valid one, a named form sent twice is still one row" ||
    fail "token: without a valid one, a named form sent twice is still one row" "$c1 $r1 $r2"
# A mistake: the form comes back with its token, so the corrected
# answers sent twice are still one.
t3=$(page_token satisfaction-survey)
post satisfaction-survey -d channel=in-person -d reception=5 -d clarity=5 -d speed=5 -d "_token=$t3"
[ "$code" = 422 ] && grep -q "name=\"_token\" value=\"$t3\"" "$work/body" &&
    pass "token: the form shown again with its errors carries the posted token" ||
    fail "token: the form shown again with its errors carries the posted token" \
    "$code $(grep -o 'name="_token"[^>]*' "$work/body")"
n5=$(rows5)
survey5 -d "_token=$t3"; c1=$code r1=${location##*/}
survey5 -d "_token=$t3"; c2=$code r2=${location##*/}
[ "$c1" = 303 ] && [ "$r1" = "$r2" ] && [ "$(rows5)" = $((n5 + 1)) ] &&
    pass "token: corrected, then sent twice: one record" ||
    fail "token: corrected, then sent twice: one record" "$c1 $r1 $r2"
post satisfaction-survey -d channel=in-person -d reception=5 --data-urlencode '_token="><b>x</b>'
t4=$(sed -n 's/.*name="_token" value="\([^"]*\)".*/\1/p' "$work/body")
[ "$code" = 422 ] && ! grep -q '<b>x' "$work/body" && [[ "$t4" =~ ^[0-9a-f]{32}$ ]] &&
    pass "token: an invalid one is not sent back; the form gets a fresh one" ||
    fail "token: an invalid one is not sent back; the form gets a fresh one" "$code [$t4]"

# ---- refusals -----------------------------------------------------------
status() {	# NAME WANT CURL-ARGS...
	local name=$1 want=$2 got
	shift 2
	got=$(curl -s -o "$work/body" -w '%{http_code}' "$@")
	[ "$got" = "$want" ] && pass "$name" || fail "$name" "status $got, want $want"
}
n0=$(count)
status "405: PUT" 405 -X PUT --data x=1 "$base/forms/inquiry"
status "405: DELETE" 405 -X DELETE "$base/forms/inquiry"
status "415: text/plain body" 415 -X POST -H 'Content-Type: text/plain' --data x "$base/forms/inquiry"
status "415: multipart body" 415 -X POST -F kind=inquiry "$base/forms/inquiry"
# Refused before its body is read: 60 KB left unread must not cut the
# reply short when the connection closes (fcgi/forms/main.c, S_finish()).
head -c 60000 /dev/zero | tr '\0' a >"$work/unread"
status "415: a 60 KB body left unread" 415 -X POST -H 'Content-Type: text/plain' \
    --data-binary "@$work/unread" "$base/forms/inquiry"
grep -q '</html>' "$work/body" && pass "415: its reply arrives whole" ||
    fail "415: its reply arrives whole" "$(wc -c <"$work/body") bytes"
{ printf 'message='; head -c 70000 /dev/zero | tr '\0' a; } >"$work/big"
status "413: a body over 64 KiB" 413 -X POST --data-binary "@$work/big" "$base/forms/inquiry"
status "403: cross-site fetch" 403 -X POST -H 'Sec-Fetch-Site: cross-site' --data kind=inquiry "$base/forms/inquiry"
status "403: another origin" 403 -X POST -H 'Origin: https://evil.example' --data kind=inquiry "$base/forms/inquiry"
status "303: the site's own origin" 303 -X POST -H "Origin: $base" -H 'Sec-Fetch-Site: same-origin' \
    -d kind=suggestion --data-urlencode "message=اقتراح" -d privacy_consent=yes -d mobile=0511111111 "$base/forms/inquiry"
n0=$((n0 + 1))
status "400: an unknown field" 400 -X POST -d kind=inquiry -d admin=1 "$base/forms/inquiry"
status "400: a repeated field" 400 -X POST -d kind=inquiry -d kind=complaint "$base/forms/inquiry"
status "400: broken percent-encoding" 400 -X POST --data-binary 'kind=%zz' "$base/forms/inquiry"
status "404: an unknown form" 404 -X POST -d x=1 "$base/forms/no-such-form"
status "303: GET of a form address goes to its page" 303 "$base/forms/inquiry"
[ "$(count)" = "$n0" ] && pass "refusals: nothing stored" || fail "refusals: nothing stored" "$(count) rows, want $n0"

# security headers on every kind of response, the program's and nginx's own
headers_ok() {	# NAME CURL-ARGS...
	local name=$1 h
	shift
	curl -s -D "$work/h" -o /dev/null "$@"
	for h in 'Content-Security-Policy: default-src .self.;.*frame-ancestors .none.' \
	    'X-Content-Type-Options: nosniff' 'Referrer-Policy: same-origin' \
	    'Permissions-Policy: '; do
		grep -qi "^$h" "$work/h" || { fail "headers: $name" "no ${h%%:*} ($(head -1 "$work/h"))"; return; }
	done
	pass "headers: $name ($(head -1 "$work/h" | cut -d' ' -f2))"
}
headers_ok "a form sent back with errors" -X POST -d kind=inquiry "$base/forms/inquiry"
headers_ok "a confirmation (303)" -X POST -d kind=suggestion -d mobile=0511111112 \
    -d privacy_consent=yes --data-urlencode "message=رأي" "$base/forms/inquiry"
headers_ok "405" -X PUT "$base/forms/inquiry"
headers_ok "415" -X POST -H 'Content-Type: text/plain' --data x "$base/forms/inquiry"
headers_ok "400" -X POST -d kind=1 -d kind=2 "$base/forms/inquiry"
headers_ok "403" -X POST -H 'Origin: https://evil.example' -d kind=1 "$base/forms/inquiry"
headers_ok "413 from nginx" -X POST --data-binary "@$work/big" "$base/forms/inquiry"
headers_ok "404 from the program" "$base/forms/no-such-form/x"
headers_ok "the status page" "$base/forms/status"
n0=$(count)

# the honeypot: an ordinary answer, nothing stored
post inquiry -d kind=inquiry --data-urlencode "message=buy now" -d privacy_consent=yes \
    -d mobile=0512345678 -d _website=http://spam.example
[ "$code" = 303 ] && [ "$(count)" = "$n0" ] && pass "honeypot: a normal reply, nothing stored" ||
    fail "honeypot: a normal reply, nothing stored" "$code, $(count) rows"

# ---- 200 submissions from 8 concurrent clients ----------------------------
n0=$(count)
for c in $(seq 1 8); do
	(
		for i in $(seq 1 25); do
			curl -s -o /dev/null -w '%{http_code} %{redirect_url}\n' -X POST \
			    -d channel=phone -d reception=5 -d clarity=5 -d speed=5 -d overall=5 \
			    --data-urlencode "comments=عميل $c طلب $i" "$base/forms/satisfaction-survey"
		done >"$work/client$c"
	) &
done
wait
ok=$(cat "$work"/client* | grep -c '^303 ')
refs=$(cat "$work"/client* | awk '{print $2}' | sort -u | wc -l)
[ "$ok" = 200 ] && [ "$refs" = 200 ] && [ "$(count)" = $((n0 + 200)) ] &&
    pass "concurrency: 200 submissions from 8 clients, all stored, distinct references" ||
    fail "concurrency: 200 submissions from 8 clients, all stored, distinct references" \
    "$ok acknowledged, $refs references, $(( $(count) - n0 )) stored"
grep -qi 'busy\|locked' "$VAR/wasl-forms.log" && fail "concurrency: no busy errors" "$(grep -i 'busy\|locked' "$VAR/wasl-forms.log" | head -2)" ||
    pass "concurrency: no busy errors"

# ---- a restart of both servers keeps every row ---------------------------
n0=$(count)
fcgi/ctl.sh stop >/dev/null 2>&1
start
[ "$(count)" = "$n0" ] && [ "$(v full_name)" = "عبدالله بن محمد الشهري" ] &&
    pass "restart: every stored row is kept" || fail "restart: every stored row is kept" "$(count) rows, want $n0"
sr full_name="سارة"
post support-request "${ARGS[@]}"
[ "$code" = 303 ] && pass "restart: service resumes" || fail "restart: service resumes" "$code"
[ "$(stat -c %a "$VAR/data/wasl.db")" = 600 ] && pass "database: file mode 0600" ||
    fail "database: file mode 0600" "$(stat -c %a "$VAR/data/wasl.db")"
[ "$(db 'PRAGMA user_version')" -ge 1 ] && pass "database: schema versioned" ||
    fail "database: schema versioned" "user_version 0"

# ---- an inherited socket, as spawn-fcgi or systemd hand it over ----------
fcgi/ctl.sh stop >/dev/null 2>&1
rm -f "$VAR/wasl-forms.sock"
spawn-fcgi -n -s "$VAR/wasl-forms.sock" -M 0666 -- "$BIN/wasl-forms" \
    --content content --templates templates --db "$VAR/data/wasl.db" \
    --workers 1 >"$work/spawn.log" 2>&1 &
spawned=$!
for _ in $(seq 1 50); do [ -S "$VAR/wasl-forms.sock" ] && break; sleep 0.1; done
nginx -c "$VAR/nginx.conf" -p "$VAR"
post inquiry -d kind=inquiry --data-urlencode "message=عبر مقبس موروث" \
    -d privacy_consent=yes -d mobile=0512345670
[ "$code" = 303 ] && pass "inherited socket: wasl-forms serves on spawn-fcgi's socket" ||
    fail "inherited socket: wasl-forms serves on spawn-fcgi's socket" "$code $(cat "$work/spawn.log")"
nginx -c "$VAR/nginx.conf" -p "$VAR" -s quit 2>/dev/null
kill "$spawned" 2>/dev/null
wait "$spawned" 2>/dev/null
[ $? -eq 0 ] && pass "inherited socket: SIGTERM stops it cleanly" ||
    fail "inherited socket: SIGTERM stops it cleanly" "exit status $?"
for _ in $(seq 1 50); do [ -f "$VAR/nginx.pid" ] || break; sleep 0.1; done

# ---- rate limit: LIMIT submissions a minute per client, then 429 ---------
fcgi/ctl.sh stop >/dev/null 2>&1
LIMIT=6 start
codes=""
for i in $(seq 1 12); do
	codes="$codes $(curl -s -o /dev/null -w '%{http_code}' -X POST -d kind=inquiry "$base/forms/inquiry")"
done
case "$codes" in
*429*) pass "429: posts beyond the limit are refused" ;;
*) fail "429: posts beyond the limit are refused" "$codes" ;;
esac
status "429: reading pages is not limited" 200 "$base/"

# ---- no personal data in any log: a unique marker, valid and invalid -----
marker="MARK$RANDOM$RANDOM"
post inquiry -d kind=inquiry -d mobile=0512345699 -d privacy_consent=yes \
    --data-urlencode "full_name=$marker" --data-urlencode "message=$marker"
post inquiry -d kind=inquiry -d mobile=bad --data-urlencode "full_name=$marker"
post status -d "reference=$marker" -d national_id=1000000008
fcgi/ctl.sh stop >/dev/null 2>&1	# flush whatever was buffered
if grep -rqa -e "$marker" -e 'عبدالله' -e 1000000008 -e 0500000000 "$VAR"/*.log* "$VAR"/nginx 2>/dev/null; then
	fail "logs: no personal data in any log" "$(grep -rla -e "$marker" -e 1000000008 "$VAR"/*.log* "$VAR"/nginx)"
else
	pass "logs: no personal data in any log ($(ls "$VAR"/*.log* | wc -l) logs searched for a unique marker)"
fi
