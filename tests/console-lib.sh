# tests/console-lib.sh: what the tests of the staff console share; they
# source it after tests/stack.sh, once the stack runs (stack_start, which
# starts wasl-console at /staff/ too). Requests go through nginx with
# curl; the session cookie is sent by hand (a Secure cookie over plain
# HTTP to 127.0.0.1, which curl's jar would not keep); codes come from
# bin/tests/tools/totp, each step used once, as the console requires.
#
#   c_account NAME ROLE PASSWORD   make and enrol an account (wasl-admin
#                                  user add, then the enrolment page);
#                                  sets SECRET_NAME
#   c_signin NAME PASSWORD         sign in: the cookie's token into
#                                  COOKIE_NAME; returns 1 when refused
#   c_code NAME                    a code of NAME's app not used before
#                                  into $CODE (waits for the next step
#                                  when both usable ones are spent); not
#                                  in a subshell: it counts the steps
#   c_get NAME PATH                GET as NAME ("" for no one): the status
#                                  into $code, the body into $work/body,
#                                  the headers into $work/head
#   c_post NAME PATH [ARG...]      POST from the console's own origin with
#                                  NAME's csrf token and --data-urlencode
#                                  ARGs; $code, $work/body, $work/head
DB=$VAR/data/wasl.db
C_TOTP=$BIN/tests/tools/totp
[ -x "$C_TOTP" ] || C_TOTP=bin/tests/tools/totp

# _c_var NAME KIND: the variable KIND_NAME (names may hold . _ -).
_c_var() { local n=${1//[.-]/_}; echo "${2}_$n"; }

c_code() {
	local secret last now s use v
	v=$(_c_var "$1" SECRET); secret=${!v}
	v=$(_c_var "$1" LAST); last=${!v:--1}
	while :; do
		now=$(date +%s); s=$((now / 30))
		use=$((last + 1)); [ $use -lt $s ] && use=$s
		# A step ending within 2 seconds is left: the console's clock
		# may already be past it.
		[ $use -eq $s ] && [ $((now % 30)) -ge 28 ] && use=$((s + 1))
		[ $use -le $((s + 1)) ] && break
		sleep $(( (use - 1) * 30 - now + 1 ))
	done
	printf -v "$(_c_var "$1" LAST)" %s "$use"
	CODE=$("$C_TOTP" "$secret" $((use * 30 + 15 - now)))
}

_c_curl() {
	curl -s -o "$work/body" -D "$work/head" -w '%{http_code}' "$@"
}

c_get() {
	local cookie=()
	if [ -n "$1" ]; then
		local v; v=$(_c_var "$1" COOKIE)
		cookie=(-H "Cookie: __Host-wasl-staff=${!v}")
	fi
	code=$(_c_curl "${cookie[@]}" "$base$2")
}

# The csrf token of NAME's session, from the sign-out form every page
# carries (the 404 page is one any role gets).
c_csrf() {
	c_get "$1" /staff/no-such-page
	grep -o 'name="csrf" value="[^"]*"' "$work/body" | head -1 |
	    sed 's/.*value="\([^"]*\)"/\1/'
}

c_post() {
	local who=$1 path=$2 csrf v args=()
	shift 2
	if [ -n "$who" ]; then
		v=$(_c_var "$who" COOKIE)
		v=${!v}
		csrf=$(c_csrf "$who")
		args=(-H "Cookie: __Host-wasl-staff=$v" --data-urlencode "csrf=$csrf")
	fi
	local a
	for a in "$@"; do args+=(--data-urlencode "$a"); done
	code=$(_c_curl -H "Origin: $base" -H "Sec-Fetch-Site: same-origin" \
	    "${args[@]}" "$base$path")
}

# The session cookie's token a reply set, or "".
c_set_cookie() {
	grep -i '^set-cookie: __Host-wasl-staff=' "$work/head" | head -1 |
	    sed 's/^[^=]*=\([^;]*\);.*/\1/' | tr -d '\r'
}

c_account() {
	local name=$1 role=$2 pw=$3 token secret
	token=$("$BIN/wasl-admin" --db "$DB" --content content user add "$name" \
	    --role "$role" --console-url "$base/staff" 2>&1 |
	    grep -o 'token=[A-Za-z0-9_-]*' | cut -d= -f2)
	[ -n "$token" ] || { echo "c_account: no token for $name" >&2; return 1; }
	code=$(_c_curl "$base/staff/enrol?token=$token")
	secret=$(grep -o 'class="secret"><bdi dir="ltr">[^<]*' "$work/body" |
	    sed 's/.*>//')
	printf -v "$(_c_var "$name" SECRET)" %s "$secret"
	c_code "$name"
	code=$(_c_curl -H "Origin: $base" --data-urlencode "token=$token" \
	    --data-urlencode "password=$pw" --data-urlencode "password2=$pw" \
	    --data-urlencode "code=$CODE" "$base/staff/enrol")
	[ "$code" = 303 ] || { echo "c_account: enrolment of $name: $code" >&2; return 1; }
}

c_signin() {
	local name=$1 pw=$2 c
	c_code "$name"
	code=$(_c_curl -H "Origin: $base" --data-urlencode "name=$name" \
	    --data-urlencode "password=$pw" \
	    --data-urlencode "code=$CODE" "$base/staff/signin")
	c=$(c_set_cookie)
	printf -v "$(_c_var "$name" COOKIE)" %s "$c"
	[ "$code" = 303 ] && [ -n "$c" ]
}
