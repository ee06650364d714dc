#!/usr/bin/env bash
# Serving through the real nginx: the built site answers on 127.0.0.1 with
# its pages, the 404 page, UTF-8 and the security headers, and stops when
# the test ends. Prints PASS/FAIL lines for tests/run.sh.
set -u
cd "$(dirname "$0")/.."
BIN=${WASL_BIN:-bin}
work=$(mktemp -d)
chmod 755 "$work"	# nginx's workers run as www-data when we are root
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }

# A free port on 127.0.0.1: one nothing answers on.
port=""
for try in $(seq 1 50); do
	p=$((20000 + RANDOM % 30000))
	if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then
		port=$p
		break
	fi
done
[ -n "$port" ] || { fail "serve: free port" "none found"; exit 0; }

# get PATH: the raw response (headers and body) in $work/resp
get() {
	exec 3<>/dev/tcp/127.0.0.1/$port || return 1
	printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$1" >&3
	cat <&3 >"$work/resp"
	exec 3<&-
}

"$BIN/wasl-build" --quiet --content content --out "$work/site" || {
	fail "serve: build" "wasl-build failed"; exit 0; }
fcgi/serve.sh "$work/site" "$port" "$work/var" >"$work/nginx.log" 2>&1 &
pid=$!
up=""
for i in $(seq 1 50); do
	if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then up=1; break; fi
	sleep 0.1
done
if [ -z "$up" ]; then
	fail "serve: nginx starts" "$(cat "$work/nginx.log")"
	exit 0
fi
pass "serve: nginx starts on 127.0.0.1:$port"

get / && head -1 "$work/resp" | grep -q ' 200 ' &&
    grep -q 'جمعية إحسان للإسكان بتبوك' "$work/resp" &&
    pass "serve: home page" || fail "serve: home page" "$(head -1 "$work/resp")"
get /policies/beneficiary-relations/ &&
    head -1 "$work/resp" | grep -q ' 200 ' &&
    grep -q '10/02/1446هـ' "$work/resp" &&
    grep -qi '^content-type: text/html; charset=utf-8' "$work/resp" &&
    pass "serve: policy page as UTF-8 HTML" ||
    fail "serve: policy page as UTF-8 HTML" "$(head -5 "$work/resp")"
get /assets/style.css && head -1 "$work/resp" | grep -q ' 200 ' && grep -qi '^content-type: text/css' "$work/resp" &&
    pass "serve: stylesheet" || fail "serve: stylesheet" "$(head -5 "$work/resp")"
get /no/such/page/ && head -1 "$work/resp" | grep -q ' 404 ' &&
    grep -q 'الصفحة غير موجودة' "$work/resp" &&
    pass "serve: unknown address gets the Arabic 404 page" ||
    fail "serve: unknown address gets the Arabic 404 page" "$(head -1 "$work/resp")"
for h in 'Content-Security-Policy: default-src' 'X-Content-Type-Options: nosniff' \
    'Referrer-Policy: same-origin' 'X-Frame-Options: DENY'; do
	for path in / /no/such/page/; do
		get "$path"
		grep -qi "^$h" "$work/resp" && pass "serve: $h on $path" ||
		    fail "serve: $h on $path" "missing"
	done
done
get / && ! grep -qi '^Server: nginx/' "$work/resp" &&
    pass "serve: server version hidden" || fail "serve: server version hidden" "shown"
