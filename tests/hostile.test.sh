#!/usr/bin/env bash
# Hostile input, table-driven, through real nginx, wasl-forms and SQLite:
# each row posts one hostile submission and states the status, the message
# (or the field it is tied to) and what must be stored: nothing when
# rejected, exactly the expected value when accepted. The server must stay
# up throughout. Prints PASS/FAIL lines for tests/run.sh.
set -u
cd "$(dirname "$0")/.."
. tests/stack.sh
db() { sqlite3 -batch "$VAR/data/wasl.db" "$1"; }
count() { db "SELECT count(*) FROM submission"; }
stack_start hostile

# A valid inquiry, field by field (urlencoded); rows replace fields. The
# message gets the row's number: the same answers twice within ten
# minutes are one submission by design.
declare -A BASE=([kind]=inquiry [full_name]=%D8%B3%D8%A7%D8%B1%D8%A9
    [mobile]=0512345678 [message]=%D8%B3%D8%A4%D8%A7%D9%84
    [privacy_consent]=yes)
n=0
# row NAME STATUS EXPECT STORED-FIELD STORED-VALUE FIELD=RAW...
#   STATUS: the HTTP status; EXPECT: a string the reply must contain ("-"
#   for none); STORED-FIELD/VALUE: for 303, the field and its exact stored
#   value ("-" to skip); a FIELD=RAW with an empty RAW drops the field.
row() {
	local name=$1 want=$2 expect=$3 sf=$4 sv=$5 body="" k o before got ref
	shift 5
	local -A f
	for k in "${!BASE[@]}"; do f[$k]=${BASE[$k]}; done
	# each row its own message, so none is taken for a resubmission
	f[message]=${f[message]}$((n + 1))
	for o in "$@"; do
		if [ "${o#*=}" = "" ]; then unset "f[${o%%=*}]"; else f[${o%%=*}]=${o#*=}; fi
	done
	for k in "${!f[@]}"; do body="$body${body:+&}$k=${f[$k]}"; done
	post_raw "$name" "$want" "$expect" "$sf" "$sv" "$body"
}
# post_raw NAME STATUS EXPECT STORED-FIELD STORED-VALUE BODY [FORM]
post_raw() {
	local name=$1 want=$2 expect=$3 sf=$4 sv=$5 body=$6 form=${7:-inquiry}
	local before got loc ref v
	n=$((n + 1))
	before=$(count)
	printf '%s' "$body" >"$work/body.txt"
	read -r got loc < <(curl -s ${curl_max:+-m "$curl_max"} -o "$work/reply" -w '%{http_code} %{redirect_url}\n' \
	    -X POST -H 'Content-Type: application/x-www-form-urlencoded' \
	    --data-binary "@$work/body.txt" "$base/forms/$form")
	if [ "$got" != "$want" ]; then
		fail "hostile $n: $name" "status $got, want $want"
		return
	fi
	if [ "$expect" != - ] && ! grep -qF -- "$expect" "$work/reply"; then
		fail "hostile $n: $name" "reply lacks [$expect]"
		return
	fi
	if [ "$want" = 303 ]; then
		ref=${loc##*/}
		if [ "$(count)" != $((before + 1)) ]; then
			fail "hostile $n: $name" "acknowledged but not stored"
			return
		fi
		if [ "$sf" != - ]; then
			v=$(db "SELECT hex(value) FROM field JOIN submission ON id = submission_id WHERE ref = '$ref' AND name = '$sf'")
			if [ "$v" != "$(printf '%s' "$sv" | od -An -tx1 | tr -d ' \n' | tr a-f A-F)" ]; then
				fail "hostile $n: $name" "stored [$(db "SELECT value FROM field JOIN submission ON id = submission_id WHERE ref = '$ref' AND name = '$sf'")], want [$sv]"
				return
			fi
		fi
	elif [ "$(count)" != "$before" ]; then
		fail "hostile $n: $name" "rejected but something was stored"
		return
	fi
	pass "hostile $n: $name"
}

E='class="error-summary"'
# ---- encodings ----
row "valid baseline" 303 - full_name "سارة"
row "invalid UTF-8 byte in the message" 422 'href="#field-message"' - - message=%FF%FE
row "overlong UTF-8 slash" 422 'href="#field-message"' - - message=%C0%AF
row "UTF-16 surrogate in UTF-8" 422 'href="#field-full_name"' - - full_name=%ED%A0%80
row "truncated UTF-8 sequence" 422 'href="#field-full_name"' - - full_name=%D8
row "NUL byte in the name" 422 'href="#field-full_name"' - - full_name=a%00b
row "NUL byte in the message" 422 'href="#field-message"' - - message=%00
row "right-to-left override in the name is removed" 303 - full_name "سارة" full_name=%E2%80%AE%D8%B3%D8%A7%D8%B1%D8%A9
row "left-to-right override is removed" 303 - full_name "سارة" full_name=%D8%B3%E2%80%AD%D8%A7%D8%B1%D8%A9
row "isolates U+2066-2069 are removed" 303 - full_name "سارة" full_name=%E2%81%A6%D8%B3%D8%A7%E2%81%A9%D8%B1%D8%A9
row "embedding U+202A is removed" 303 - full_name "سارة" full_name=%E2%80%AA%D8%B3%D8%A7%D8%B1%D8%A9
row "zero-width space is removed" 303 - full_name "سارة" full_name=%D8%B3%E2%80%8B%D8%A7%D8%B1%D8%A9
row "byte order mark inside is removed" 303 - full_name "سارة" full_name=%EF%BB%BF%D8%B3%D8%A7%D8%B1%D8%A9
row "zero-width non-joiner is kept" 303 - full_name "سا‌رة" full_name=%D8%B3%D8%A7%E2%80%8C%D8%B1%D8%A9
row "C1 control character" 422 'href="#field-full_name"' - - full_name=a%C2%85b
row "escape control character" 422 'href="#field-message"' - - message=a%1Bb
row "CR/LF in a one-line field" 422 'href="#field-full_name"' - - full_name=a%0D%0ALocation:%20x
row "CRLF in a text area becomes LF" 303 - message "$(printf 'سطر\nسطر')" message=%D8%B3%D8%B7%D8%B1%0D%0A%D8%B3%D8%B7%D8%B1
row "tab in a text area is kept" 303 - message "$(printf 'a\tb')" message=a%09b
row "non-breaking spaces trimmed" 303 - full_name "سارة" full_name=%C2%A0%D8%B3%D8%A7%D8%B1%D8%A9%C2%A0
row "plus is a space" 303 - message "a b" message=a+b
# ---- markup and SQL, stored as text ----
row "SQL metacharacters stored exactly" 303 - message "'; DROP TABLE submission; --" \
    message=%27%3B+DROP+TABLE+submission%3B+--
row "script tag stored as text" 303 - full_name "<script>alert(1)</script>" \
    full_name=%3Cscript%3Ealert%281%29%3C%2Fscript%3E
row "script tag shown escaped when the form comes back" 422 '&lt;script&gt;alert(1)&lt;/script&gt;' - - \
    full_name=%3Cscript%3Ealert%281%29%3C%2Fscript%3E mobile=1
if grep -q '<script>alert' "$work/reply"; then fail "hostile: no raw script in the reply" "found"; else pass "hostile: no raw script in the reply"; fi
row "quotes in a value shown escaped" 422 'value="&quot;&gt;&lt;b&gt;"' - - full_name=%22%3E%3Cb%3E mobile=1
# ---- sizes ----
row "name at its limit (100)" 303 - - - full_name=$(printf '%%D8%%A3%.0s' $(seq 1 100))
row "name one past its limit" 422 'href="#field-full_name"' - - full_name=$(printf '%%D8%%A3%.0s' $(seq 1 101))
row "message past its limit (2001)" 422 'href="#field-message"' - - message=$(printf 'a%.0s' $(seq 1 2001))
row "a value over 16 KiB" 400 - - - message=$(head -c 17000 /dev/zero | tr '\0' a)
post_raw "a 1 MB field" 413 - - - "message=$(head -c 1048576 /dev/zero | tr '\0' a)"
post_raw "2000 fields" 400 - - - "$(for i in $(seq 1 2000); do printf 'f%d=1&' "$i"; done)"
post_raw "an empty body" 422 "$E" - - ""
# ---- shape of the body ----
post_raw "a repeated field" 400 - - - "kind=inquiry&kind=complaint&message=x&privacy_consent=yes&mobile=0512345678"
post_raw "an unknown field" 400 - - - "kind=inquiry&admin=1&message=x&privacy_consent=yes&mobile=0512345678"
post_raw "broken percent-encoding %zz" 400 - - - "kind=inquiry&message=%zz"
post_raw "percent at the end" 400 - - - "kind=inquiry&message=abc%"
post_raw "percent with one digit" 400 - - - "kind=inquiry&message=%4"
post_raw "an empty field name" 400 - - - "=x&kind=inquiry"
post_raw "a field name with a NUL" 400 - - - "kind%00=inquiry"
post_raw "a non-ASCII field name" 400 - - - "%D8%A7=1"
post_raw "no equals sign" 422 "$E" - - "kind"
# ---- values that are not what the form offers ----
row "a kind not offered" 422 'href="#field-kind-' - - kind=admin
row "consent not 'yes'" 422 'href="#field-privacy_consent"' - - privacy_consent=no
row "consent in capitals" 422 'href="#field-privacy_consent"' - - privacy_consent=YES
row "no way to reply" 422 'رقم الجوال أو البريد الإلكتروني' - - mobile= email=
row "an e-mail with a space" 422 'href="#field-email"' - - mobile= email=a%20b@example.com
row "an e-mail with two @" 422 'href="#field-email"' - - mobile= email=a@b@example.com
row "a foreign mobile" 422 'href="#field-mobile"' - - mobile=%2B441234567890
row "Arabic-Indic mobile digits normalised" 303 - mobile "+966512345678" mobile=%D9%A0%D9%A5%D9%A1%D9%A2%D9%A3%D9%A4%D9%A5%D9%A6%D9%A7%D9%A8
row "Persian mobile digits normalised" 303 - mobile "+966512345679" mobile=%DB%B0%DB%B5%DB%B1%DB%B2%DB%B3%DB%B4%DB%B5%DB%B6%DB%B7%DB%B9
row "00966 mobile normalised" 303 - mobile "+966512345670" mobile=00966512345670
# ---- support request: national ID and numbers ----
sr="full_name=x&mobile=0500000000&city=x&monthly_income=0&need=x&declaration=yes&privacy_consent=yes"
post_raw "national ID with Arabic-Indic digits and hyphens" 303 - national_id 1000000008 \
    "$sr&family_size=3&national_id=%D9%A1%D9%A0%D9%A0%D9%A0-%D9%A0%D9%A0%D9%A0-%D9%A0%D9%A0%D9%A8" support-request
post_raw "national ID failing Luhn" 422 'href="#field-national_id"' - - "$sr&family_size=3&national_id=1000000009" support-request
post_raw "national ID starting with 3" 422 'href="#field-national_id"' - - "$sr&family_size=3&national_id=3000000008" support-request
post_raw "a negative family size" 422 'href="#field-family_size"' - - "$sr&family_size=-1&national_id=1000000008" support-request
post_raw "a family size in exponent form" 422 'href="#field-family_size"' - - "$sr&family_size=1e1&national_id=1000000008" support-request
# ---- the wire itself ----
got=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/x-www-form-urlencoded' \
    -H 'Transfer-Encoding: chunked' --data-binary 'kind=inquiry&message=x&privacy_consent=yes&mobile=0512345678&full_name=chunked' "$base/forms/inquiry")
[ "$got" = 303 ] && pass "hostile: a chunked body is read whole" || fail "hostile: a chunked body is read whole" "$got"
before=$(count)
# a Content-Length larger than the body, then the client goes away
exec 3<>/dev/tcp/127.0.0.1/$PORT
printf 'POST /forms/inquiry HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\nkind=inquiry' >&3
exec 3<&-
sleep 0.5
[ "$(count)" = "$before" ] && pass "hostile: a body shorter than its Content-Length stores nothing" ||
    fail "hostile: a body shorter than its Content-Length stores nothing" "stored"
got=$(printf 'POST /forms/inquiry HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\nkind=inquiry' |
    (exec 3<>/dev/tcp/127.0.0.1/$PORT; cat >&3; head -1 <&3))
case "$got" in *" 411 "*|*" 400 "*|*" 422 "*) pass "hostile: no Content-Length is refused ($got)";;
*) fail "hostile: no Content-Length is refused" "$got";; esac
# a slow client: one byte every 20 ms, while others are served
body='kind=inquiry&message=slow&privacy_consent=yes&mobile=0512345671&full_name=slow'
(
	exec 3<>/dev/tcp/127.0.0.1/$PORT
	printf 'POST /forms/inquiry HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n' ${#body} >&3
	for ((i = 0; i < ${#body}; i++)); do printf '%s' "${body:i:1}" >&3; sleep 0.02; done
	head -1 <&3 >"$work/slow"
) &
slow=$!
sleep 0.3
t0=$(date +%s%N)
curl -s -o /dev/null "$base/"
fast=$(( ($(date +%s%N) - t0) / 1000000 ))
wait $slow
grep -q ' 303 ' "$work/slow" && pass "hostile: a slow client is served in the end" ||
    fail "hostile: a slow client is served in the end" "$(cat "$work/slow")"
[ "$fast" -lt 1000 ] && pass "hostile: others are served meanwhile (${fast} ms)" ||
    fail "hostile: others are served meanwhile" "${fast} ms"
# ---- peers of the FastCGI socket that send nothing ------------------------
# 200 connections (more than wasl-forms' 128 threads here) that send
# nothing or one byte must not stall it: each is dropped after a few
# seconds, and a submission through nginx meanwhile gets its answer.
"$BIN/tests/tools/sockpeer" idle "$VAR/wasl-forms.sock" 50 0 20 >"$work/idle0" &
idle0=$!
"$BIN/tests/tools/sockpeer" idle "$VAR/wasl-forms.sock" 150 1 20 >"$work/idle1" &
idle1=$!
sleep 1
t0=$(date +%s%N)
curl_max=15 row "a submission while 200 idle connections are open" 303 - full_name "سارة"
took=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$took" -lt 10000 ] && pass "hostile: answered within seconds despite idle peers (${took} ms)" ||
    fail "hostile: answered within seconds despite idle peers" "${took} ms"
wait $idle0 $idle1
for f in idle0 idle1; do
	want=$([ $f = idle0 ] && echo 50 || echo 150)
	read -r _ opened _ closed _ secs _ <"$work/$f"
	[ "$opened" = "$want" ] && [ "$closed" = "$want" ] &&
	    pass "hostile: $want peers sending ${f#idle} bytes all closed by wasl-forms (in $secs s)" ||
	    fail "hostile: $want peers sending ${f#idle} bytes all closed by wasl-forms" "$(cat "$work/$f")"
done

# ---- still up ----
got=$(curl -s -o /dev/null -w '%{http_code}' "$base/services/inquiry/")
[ "$got" = 200 ] && pass "hostile: the site is still up" || fail "hostile: the site is still up" "$got"
row "a valid submission still works" 303 - full_name "سارة"
[ "$(db 'PRAGMA integrity_check')" = ok ] && pass "hostile: database integrity ok" ||
    fail "hostile: database integrity ok" "$(db 'PRAGMA integrity_check')"
echo "# $n table rows"
