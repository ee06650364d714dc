#!/usr/bin/env bash
# The nginx configurations: `make run`'s (fcgi/nginx.conf.in, filled in by
# fcgi/ctl.sh), the deploy example (fcgi/deploy/) and the snippets both
# include (fcgi/nginx-client.conf: who a client is; fcgi/nginx-limits.conf:
# what it may hold).
#  - client keys: every spelling of every address of an IPv6 /64 gets one
#    key, different /64s and IPv4 addresses different ones;
#  - the deploy files pass `nginx -t` and, served on 127.0.0.1, speak
#    TLS 1.2 and 1.3 only and HTTP/2; the console's long texts' routes
#    take posts of 1 MiB, its others 64 KiB; they include the same
#    snippets and have the same capacity, limits and log levels as
#    `make run`;
#  - slow clients: 2,000 of them held from 2,000 addresses, pages and a
#    form post from another client are answered; unfinished headers and
#    stalled bodies are dropped after their timeouts; one address cannot
#    hold more than its share;
#  - logs: refusals (429), a body too large (413), a folder without an
#    index page and a dead wasl-forms leave no client address in
#    nginx's error log; what is kept (crit events) and for how long (this
#    run and the one before; on a server 7 rotations) is what the README
#    says.
# Prints PASS/FAIL lines for tests/run.sh.
set -u
cd "$(dirname "$0")/.."
. tests/stack.sh
SLOW=$BIN/tests/tools/slowclients
extra=()	# nginx prefixes of the test's own servers, stopped at exit
slow=()		# slowclients processes, ended at exit
stop_extra() {
	local d p
	for p in "${slow[@]}"; do kill "$p" 2>/dev/null; done
	for d in "${extra[@]}"; do
		[ -f "$d/nginx.pid" ] && kill -QUIT "$(cat "$d/nginx.pid")" 2>/dev/null
	done
	for _ in $(seq 1 50); do
		p=""
		for d in "${extra[@]}"; do [ -f "$d/nginx.pid" ] && p=1; done
		[ -z "$p" ] && break
		sleep 0.1
	done
	wait 2>/dev/null
	extra=() slow=()
}
stack_at_exit=stop_extra

# The slow clients need a descriptor each, nginx as many again.
ulimit -n 16384 2>/dev/null ||
    fail "ulimit" "cannot raise the open files limit to 16384 (hard limit $(ulimit -Hn))"

# run_nginx DIR NAME: start nginx on DIR/nginx.conf (prefix DIR), whose
# ports were picked by the caller; fails NAME when it does not start.
run_nginx() {
	extra+=("$1")
	nginx -c "$1/nginx.conf" -p "$1/" 2>"$1/start.log" && return 0
	fail "$2: nginx starts" "$(cat "$1/start.log")"
	return 1
}

# ---- client keys: one per IPv6 /64, one per IPv4 address ------------------
# The map file applied to a header instead of $remote_addr, on a test
# nginx that answers with the key.
keys=$work/keys
mkdir -p "$keys"
sed 's/\$remote_addr/$http_x_test_addr/g' fcgi/nginx-client.conf >"$keys/client.conf"
stack_port
keys_port=$PORT
cat >"$keys/nginx.conf" <<EOF
pid $keys/nginx.pid;
error_log $keys/error.log warn;
worker_processes 1;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path $keys/body;
	proxy_temp_path $keys/proxy;
	fastcgi_temp_path $keys/fastcgi;
	uwsgi_temp_path $keys/uwsgi;
	scgi_temp_path $keys/scgi;
	include $keys/client.conf;
	server {
		listen 127.0.0.1:$keys_port;
		keepalive_requests 1000000;
		location = /post { return 200 "\$wasl_post_key\n"; }
		location / { return 200 "\$wasl_client\n"; }
	}
}
EOF
if [ -f fcgi/nginx-client.conf ] && run_nginx "$keys" "client keys"; then
	seed=${SEED:-$RANDOM}
	python3 - "$keys_port" "$seed" <<'EOF'
# Addresses from random /64s, with zero groups in every position, each in
# every way it can be written (lowercase, no leading zeros, "::" for any
# run of zero groups: nginx writes one of them); IPv4 addresses, mapped
# and compatible ones. Each must get its /64's key (its own for IPv4).
import collections, http.client, ipaddress, random, sys

port, seed = int(sys.argv[1]), int(sys.argv[2])
rnd = random.Random(seed)

def group():
    digits = rnd.randint(1, 4)
    return rnd.randint(16 ** (digits - 1), 16 ** digits - 1)

def spellings(a):
    g = [int(x, 16) for x in a.exploded.split(":")]
    h = ["%x" % x for x in g]
    out = {":".join(h)}
    for i in range(8):
        for j in range(i + 1, 9):
            if not any(g[i:j]):
                out.add(":".join(h[:i]) + "::" + ":".join(h[j:]))
    return out

table = []  # (text, what it must be keyed on)
addresses = set()
for pmask in range(16):
    for _ in range(3):
        prefix = [0 if pmask >> k & 1 else group() for k in range(4)]
        for imask in range(16):
            iid = [0 if imask >> k & 1 else group() for k in range(4)]
            a = ipaddress.IPv6Address(":".join("%x" % x for x in prefix + iid))
            addresses.add(a)
            net = ipaddress.IPv6Network((a, 64), strict=False)
            assert str(a) in spellings(a)  # nginx's spelling is Python's
            table += [(s, net) for s in sorted(spellings(a))]
for s, n in [("2001:db8:0:0:1::", "2001:db8::/64"),
             ("2001:db8::1:0:0:1", "2001:db8::/64"),
             ("2001:db8:0:1::1", "2001:db8:0:1::/64"),
             ("2001:db8:1::1", "2001:db8:1::/64"),
             ("::", "::/64"), ("::1", "::/64")]:
    table.append((s, ipaddress.IPv6Network(n)))
for _ in range(20):
    v4 = ipaddress.IPv4Address(rnd.getrandbits(32))
    table += [(str(v4), v4), ("::ffff:" + str(v4), v4),
              ("::" + str(v4), ipaddress.IPv6Network("::/64"))]

conn = None
def ask(method, path, text):
    global conn
    for _ in range(2):
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request(method, path, headers={"X-Test-Addr": text})
            r = conn.getresponse()
            return r.read().decode().strip()
        except (http.client.HTTPException, OSError):
            conn = None
    return None

by_net = collections.defaultdict(set)
by_key = collections.defaultdict(set)
missing = []
for text, net in table:
    key = ask("GET", "/", text)
    if not key:
        missing.append(text)
        continue
    by_net[net].add(key)
    by_key[key].add(net)
nets6 = [n for n in by_net if isinstance(n, ipaddress.IPv6Network)]
print("# seed %d: %d spellings of %d IPv6 addresses in %d /64s, 20 IPv4"
      % (seed, len(table), len(addresses), len(nets6)))
split = {str(n): sorted(k) for n, k in by_net.items() if len(k) > 1}
merged = {k: sorted(map(str, n)) for k, n in by_key.items() if len(n) > 1}
name = "client keys: every spelling of every address of a /64 gets one key"
if missing or split:
    print("FAIL %s: %s" % (name, missing[:3] or list(split.items())[:3]))
else:
    print("PASS %s (%d spellings, %d /64s; SEED=%d repeats)"
          % (name, len(table), len(nets6), seed))
name = "client keys: different /64s and IPv4 addresses get different keys"
if merged or not by_key:
    print("FAIL %s: %s" % (name, list(merged.items())[:3]))
else:
    print("PASS %s (%d keys)" % (name, len(by_key)))
name = "client keys: a mapped IPv4 address is keyed as that IPv4 address"
v4 = [t for t, n in table if isinstance(n, ipaddress.IPv4Address)]
print(("PASS %s" if all(len(by_net[n]) == 1 for t, n in table
       if isinstance(n, ipaddress.IPv4Address)) and v4 else "FAIL %s: split")
      % name)
name = "client keys: the form posts' key is the client's for POST only"
samples = [t for t, _ in table[::97]]
bad = [t for t in samples if ask("POST", "/post", t) != ask("GET", "/", t)
       or ask("GET", "/post", t) != ""]
print("FAIL %s: %s" % (name, bad[:3]) if bad else "PASS %s" % name)
EOF
elif [ ! -f fcgi/nginx-client.conf ]; then
	fail "client keys" "no fcgi/nginx-client.conf"
fi
stop_extra

# ---- the deploy files: nginx -t, then served on 127.0.0.1 -----------------
dep=$work/deploy
mkdir -p "$dep/public/assets"
echo 'body{}' >"$dep/public/assets/style.css"
cp /etc/nginx/fastcgi_params "$dep/"	# the site's relative include
echo '<!doctype html><title>wasl</title>' >"$dep/public/index.html"
echo '<!doctype html><title>404</title>' >"$dep/public/404.html"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$dep/key.pem" -out "$dep/cert.pem" -days 2 \
    -subj /CN=example.org.sa >"$dep/openssl.log" 2>&1 ||
    fail "deploy: a throwaway certificate" "$(cat "$dep/openssl.log")"
stack_port
p80=$PORT
stack_port
p443=$PORT
sed -e "s|/run/nginx.pid|$dep/nginx.pid|" -e "s|/var/log/nginx/|$dep/|g" \
    -e '/include \/etc\/nginx\/conf.d/d' \
    -e "s|include /etc/nginx/sites-enabled/\*;|include $dep/site.conf;|" \
    fcgi/deploy/nginx.conf >"$dep/nginx.conf"
sed -e "s|listen 80;|listen 127.0.0.1:$p80;|" -e "s|listen 443 |listen 127.0.0.1:$p443 |" \
    -e '/listen \[::\]/d' \
    -e "s|/etc/ssl/certs/example.org.sa.pem|$dep/cert.pem|" \
    -e "s|/etc/ssl/private/example.org.sa.key|$dep/key.pem|" \
    -e "s|/etc/ssl/certs/staff.example.org.sa.pem|$dep/cert.pem|" \
    -e "s|/etc/ssl/private/staff.example.org.sa.key|$dep/key.pem|" \
    -e "s|/srv/wasl/public|$dep/public|" -e "s|/run/wasl-forms.sock|$dep/forms.sock|" \
    -e "s|/run/wasl-console.sock|$dep/console.sock|" \
    -e "s|/etc/nginx/snippets/wasl-client.conf|$PWD/fcgi/nginx-client.conf|" \
    -e "s|/etc/nginx/snippets/wasl-limits.conf|$PWD/fcgi/nginx-limits.conf|" \
    -e "s|/var/log/wasl/|$dep/|g" \
    fcgi/deploy/nginx-site.conf >"$dep/site.conf"
for f in nginx.conf nginx-site.conf wasl-nginx.logrotate wasl-forms.service \
    wasl-forms.socket wasl-console.service wasl-console.socket; do
	[ -f "fcgi/deploy/$f" ] || fail "deploy: fcgi/deploy/$f" "missing"
done
left=$(grep -hnE '^[^#]*(/etc/ssl|/srv/|/run/|/var/log|snippets|sites-enabled|conf\.d|listen (80|443|\[))' \
    "$dep/nginx.conf" "$dep/site.conf")
[ -z "$left" ] && pass "deploy: the test's stand-ins replace every path and port" ||
    fail "deploy: the test's stand-ins replace every path and port" "$left"
nginx -t -c "$dep/nginx.conf" -p "$dep/" >"$dep/t.log" 2>&1
rc=$?
warn=$(grep -E '\[(warn|emerg|alert|crit)\]' "$dep/t.log" | grep -v '"user" directive makes sense only')
[ $rc -eq 0 ] && [ -z "$warn" ] && pass "deploy: nginx.conf with nginx-site.conf passes nginx -t ($(nginx -v 2>&1 | sed 's/.*\///'))" ||
    fail "deploy: nginx.conf with nginx-site.conf passes nginx -t" "$(head -3 "$dep/t.log")"
if [ $rc -eq 0 ] && run_nginx "$dep" "deploy"; then
	got=$(curl -sk --http2 -D "$dep/h" -o /dev/null -w '%{http_code} %{http_version}' \
	    --resolve "example.org.sa:$p443:127.0.0.1" "https://example.org.sa:$p443/")
	[ "$got" = "200 2" ] && grep -qi '^strict-transport-security: max-age' "$dep/h" &&
	    pass "deploy: a page over HTTP/2 and TLS, with HSTS" ||
	    fail "deploy: a page over HTTP/2 and TLS, with HSTS" "$got $(head -1 "$dep/h")"
	got=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' \
	    --resolve "example.org.sa:$p80:127.0.0.1" "http://example.org.sa:$p80/x")
	[[ "$got" == "301 https://example.org.sa"* ]] && pass "deploy: plain HTTP goes to HTTPS" ||
	    fail "deploy: plain HTTP goes to HTTPS" "$got"
	# tls VERSION [ARGS]: the protocol and cipher a handshake got.
	tls() {
		local v=$1
		shift
		openssl s_client -connect "127.0.0.1:$p443" -servername example.org.sa \
		    "-$v" "$@" </dev/null 2>&1 | sed -n 's/^New, \(.*\)/\1/p' | head -1
	}
	for v in tls1_2 tls1_3; do
		got=$(tls $v)
		case "$got" in
		TLSv1.[23]", Cipher is "*GCM*|TLSv1.[23]", Cipher is "*CHACHA20*)
			pass "deploy: $v accepted ($got)" ;;
		*) fail "deploy: $v accepted" "${got:-no handshake}" ;;
		esac
	done
	for v in tls1 tls1_1; do
		got=$(tls $v -cipher 'DEFAULT:@SECLEVEL=0')
		case "$got" in
		*"Cipher is (NONE)"|"") pass "deploy: $v refused" ;;
		*) fail "deploy: $v refused" "$got" ;;
		esac
	done
	got=$(tls tls1_2 -cipher 'AES128-SHA:AES256-GCM-SHA384')
	case "$got" in
	*"Cipher is (NONE)"|"") pass "deploy: TLS 1.2 without forward secrecy refused" ;;
	*) fail "deploy: TLS 1.2 without forward secrecy refused" "$got" ;;
	esac
	reused=$(openssl s_client -connect "127.0.0.1:$p443" -servername example.org.sa \
	    -tls1_2 -reconnect </dev/null 2>&1 | grep -c '^Reused, ')
	[ "$reused" -ge 1 ] && pass "deploy: TLS sessions are resumed ($reused of 5)" ||
	    fail "deploy: TLS sessions are resumed" "none of 5"
	# The staff's console on its own name: its stylesheet from the
	# public site, everything else to the console's socket (none here:
	# 502), never on the public name.
	staff() {
		curl -sk -o /dev/null -D "$dep/sh" -w '%{http_code} %{redirect_url}' \
		    --resolve "staff.example.org.sa:$p443:127.0.0.1" "https://staff.example.org.sa:$p443$1"
	}
	got=$(staff /assets/style.css)
	[ "$got" = "200 " ] && grep -qi '^strict-transport-security: max-age' "$dep/sh" &&
	    pass "deploy: the console's name serves the public stylesheet, with HSTS" ||
	    fail "deploy: the console's name serves the public stylesheet" "$got"
	got=$(staff /)
	[[ "$got" == "302 https://staff.example.org.sa"*"/staff/" ]] &&
	    pass "deploy: the console's name sends / to /staff/" || fail "deploy: console /" "$got"
	got=$(staff /staff/signin)
	[ "$got" = "502 " ] && grep -qi '^strict-transport-security: max-age' "$dep/sh" &&
	    pass "deploy: the console's name passes the rest to wasl-console's socket" ||
	    fail "deploy: the console's name passes the rest to its socket" "$got"
	# The long texts' routes take 1 MiB (to the socket: 502 here) with
	# the headers of the rest; the rest 64 KiB.
	head -c 700000 /dev/zero | tr '\0' a | sed 's/^/body=/' >"$dep/700k"
	head -c 1100000 /dev/zero | tr '\0' a | sed 's/^/body=/' >"$dep/1100k"
	head -c 70000 /dev/zero | tr '\0' a | sed 's/^/name=/' >"$dep/70k"
	staff_post() {
		curl -sk -o /dev/null -D "$dep/sh" -w '%{http_code}' --data-binary "@$2" \
		    --resolve "staff.example.org.sa:$p443:127.0.0.1" "https://staff.example.org.sa:$p443$1"
	}
	got="$(staff_post /staff/drafts/1 "$dep/700k") $(staff_post /staff/edits/1 "$dep/700k")"
	[ "$got" = "502 502" ] && grep -qi '^strict-transport-security: max-age' "$dep/sh" &&
	    grep -qi '^x-robots-tag: noindex' "$dep/sh" &&
	    pass "deploy: a draft's or an edit's post of 700 KB passes to the console, with the console's headers" ||
	    fail "deploy: a draft's or an edit's post of 700 KB passes to the console" "$got"
	got="$(staff_post /staff/drafts/1 "$dep/1100k") $(staff_post /staff/edits/1 "$dep/1100k")"
	got="$got $(staff_post /staff/signin "$dep/70k") $(staff_post /staff/content/edit "$dep/70k")"
	[ "$got" = "413 413 413 413" ] &&
	    pass "deploy: over 1 MiB there, and over 64 KiB on the console's other routes, 413" ||
	    fail "deploy: over 1 MiB there, and over 64 KiB on the console's other routes, 413" "$got"
	got=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' \
	    --resolve "staff.example.org.sa:$p80:127.0.0.1" "http://staff.example.org.sa:$p80/staff/")
	[[ "$got" == "301 https://staff.example.org.sa"* ]] &&
	    pass "deploy: the console's name over plain HTTP goes to HTTPS" || fail "deploy: console HTTP" "$got"
	got=$(curl -sk -o /dev/null -w '%{http_code}' \
	    --resolve "example.org.sa:$p443:127.0.0.1" "https://example.org.sa:$p443/staff/signin")
	[ "$got" = 404 ] && pass "deploy: the public name has no console (404)" ||
	    fail "deploy: the public name has no console" "$got"
	nginx -T -c "$dep/nginx.conf" -p "$dep/" >"$dep/dump" 2>/dev/null
fi
# Each unit starts its program with options the program has, and the
# console's --origin is the name of its server block.
for u in wasl-forms wasl-console; do
	bad=""
	usage=$("$BIN/$u" --help 2>&1)
	for o in $(sed -n 's/^ExecStart=//p' "fcgi/deploy/$u.service" | grep -o -- '--[a-z-]*'); do
		grep -q -- "\[$o[] ]" <<<"$usage" || bad="$bad $o"
	done
	[ -z "$bad" ] && pass "deploy: $u.service's options are $u's" ||
	    fail "deploy: $u.service's options are $u's" "unknown:$bad"
done
origin=$(sed -n 's/^ExecStart=.*--origin \([^ ]*\).*/\1/p' fcgi/deploy/wasl-console.service)
grep -q "server_name ${origin#https://};" fcgi/deploy/nginx-site.conf &&
    pass "deploy: wasl-console's --origin is its server block's name ($origin)" ||
    fail "deploy: wasl-console's --origin is its server block's name" "'$origin'"
stop_extra

# ---- logrotate keeps 7 days of the deploy error log -----------------------
if command -v logrotate >/dev/null; then
	lr=$work/logrotate
	mkdir -p "$lr"
	sed -e "s|/var/log/wasl/|$lr/|" -e 's|invoke-rc.d nginx rotate.*|true|' \
	    -e 's|create 0640 www-data adm|create 0640|' \
	    fcgi/deploy/wasl-nginx.logrotate >"$lr/conf"
	for day in $(seq 1 10); do
		echo "day $day" >>"$lr/nginx-error.log"
		logrotate -f -s "$lr/state" "$lr/conf" 2>>"$lr/log"
	done
	: >"$lr/nginx-error.log"	# an empty day is rotated too
	logrotate -f -s "$lr/state" "$lr/conf" 2>>"$lr/log"
	kept=$(cat "$lr"/nginx-error.log* | sort -V | tr '\n' ' ')
	[ "$(ls "$lr"/nginx-error.log* | wc -l)" = 8 ] &&
	    [ "$kept" = "day 5 day 6 day 7 day 8 day 9 day 10 " ] &&
	    pass "deploy: logrotate keeps the last 7 days' error logs, empty days included" ||
	    fail "deploy: logrotate keeps the last 7 days' error logs, empty days included" \
	    "kept: $kept; $(ls "$lr" | tr '\n' ' ') $(cat "$lr/log")"
else
	fail "deploy: logrotate" "not installed (make deps installs it)"
fi

# ---- slow clients, against make run's configuration ----------------------
# wait_ready FILE...: until each slowclients output says "ready".
wait_ready() {
	local f
	for _ in $(seq 1 300); do
		for f in "$@"; do
			grep -q '^ready' "$f" 2>/dev/null || { sleep 0.1; continue 2; }
		done
		return 0
	done
	return 1
}
# state FILE: the held count of its latest state line (after SIGUSR1).
state() { grep '^held' "$1" | tail -1; }
held() { state "$1" | cut -d' ' -f2; }
# report PID... FILES...: ask each slowclients for its state.
report() {
	local n
	n=$(grep -c '^held' "$1" 2>/dev/null)
	kill -USR1 "${slow[@]}" 2>/dev/null
	for _ in $(seq 1 50); do
		[ "$(grep -c '^held' "$1" 2>/dev/null)" -gt "$n" ] && break
		sleep 0.1
	done
	sleep 0.2
}
page_paths=(/ /policies/beneficiary-relations/ /services/ /services/inquiry/
    /assets/style.css /feed.xml /changes/ /privacy/ /no/such/ /forms/status)
# probes: 20 pages and a form post from 127.0.0.1, at once; their codes
# in $work/probe.*.
probes() {
	local i pids=()
	rm -f "$work"/probe.*
	for i in $(seq 0 19); do
		curl -s -o /dev/null -m 10 -w '%{http_code}\n' \
		    "$base${page_paths[i % 10]}" >"$work/probe.$i" &
		pids+=($!)
	done
	curl -s -o /dev/null -m 10 -w '%{http_code}\n' -X POST -d kind=inquiry \
	    -d message=slow -d privacy_consent=yes -d mobile=0512345671 \
	    "$base/forms/inquiry" >"$work/probe.post" &
	pids+=($!)
	wait "${pids[@]}"
}
expected_probes() {	# what the probes answer when all is well
	local i
	for i in $(seq 0 19); do
		[ "${page_paths[i % 10]}" = /no/such/ ] && echo 404 || echo 200
	done
	echo 303
}

LIMIT=10 stack_start nginx	# make run's default limit
curl -s -o /dev/null "$base/"
probes
expected=$(expected_probes | sort | uniq -c)
got=$(cat "$work"/probe.* | sort | uniq -c)
[ "$got" = "$expected" ] || fail "slow clients: the probes themselves" "$got"

t0=$(date +%s)
"$SLOW" -n 1000 -f 127.2.0.1 -m header -r 500 -t 120 "$PORT" >"$work/slow.header" 2>&1 &
slow+=($!)
"$SLOW" -n 700 -f 127.3.0.1 -m body -r 350 -t 120 "$PORT" >"$work/slow.body" 2>&1 &
slow+=($!)
"$SLOW" -n 300 -f 127.4.0.1 -m body -e 0 -r 150 -t 120 "$PORT" >"$work/slow.stall" 2>&1 &
slow+=($!)
if ! wait_ready "$work/slow.header" "$work/slow.body" "$work/slow.stall"; then
	fail "slow clients: 2,000 connections open" "$(cat "$work"/slow.*)"
else
	ready=$(date +%s)
	sleep 1
	t1=$(date +%s%N)
	probes
	ms=$((($(date +%s%N) - t1) / 1000000))
	report "$work/slow.header"
	got=$(cat "$work"/probe.* | sort | uniq -c)
	[ "$got" = "$expected" ] &&
	    pass "slow clients: with 2,000 held, 20 pages and a form post from another client are answered (in $ms ms)" ||
	    fail "slow clients: with 2,000 held, 20 pages and a form post from another client are answered" \
	    "$(echo $got) in $ms ms, want $(echo $expected)"
	h=$(held "$work/slow.header") b=$(held "$work/slow.body") s=$(held "$work/slow.stall")
	[ "${h:-0}" -ge 950 ] && [ "${b:-0}" -ge 665 ] && [ "${s:-0}" -ge 285 ] &&
	    pass "slow clients: all were still held meanwhile ($h + $b + $s)" ||
	    fail "slow clients: all were still held meanwhile" \
	    "headers $(state "$work/slow.header"); bodies $(state "$work/slow.body"); stalled $(state "$work/slow.stall")"
	# Every connection is 10 s old by ready + 10 s; 3 s more to spare.
	while [ "$(date +%s)" -lt $((ready + 13)) ]; do sleep 0.5; done
	report "$work/slow.header"
	[ "$(held "$work/slow.header")" = 0 ] &&
	    pass "slow clients: a header still unfinished after 10 s is dropped, trickling or not" ||
	    fail "slow clients: a header still unfinished after 10 s is dropped, trickling or not" \
	    "$(state "$work/slow.header") after $(($(date +%s) - t0)) s"
	[ "$(held "$work/slow.stall")" = 0 ] &&
	    pass "slow clients: a body stalled for 10 s is dropped" ||
	    fail "slow clients: a body stalled for 10 s is dropped" "$(state "$work/slow.stall")"
	b=$(held "$work/slow.body")
	[ "${b:-0}" -ge 665 ] &&
	    pass "slow clients: a body trickled a byte a second is kept ($b of 700; per client, limit_conn bounds them)" ||
	    fail "slow clients: a body trickled a byte a second is kept" "$(state "$work/slow.body")"
fi
stop_extra
# What make run served here, for the comparison with the deploy files.
nginx -T -c "$VAR/nginx.conf" -p "$VAR" >"$work/run.dump" 2>/dev/null

# ---- one address cannot take more than its share -------------------------
fcgi/ctl.sh stop >/dev/null 2>&1
LIMIT=0 stack_start nginx	# no rate limit: only limit_conn refuses
"$SLOW" -n 150 -k 150 -f 127.0.0.3 -m body -r 500 -t 60 "$PORT" >"$work/slow.one" 2>&1 &
slow+=($!)
if wait_ready "$work/slow.one"; then
	sleep 1
	report "$work/slow.one"
	got=$(state "$work/slow.one")
	[[ "$got" == "held 100 answered 50 "*"codes 429=50" ]] &&
	    pass "per client: one address holds at most 100 requests, the rest get 429" ||
	    fail "per client: one address holds at most 100 requests, the rest get 429" "$got"
	got=$(curl -s -o /dev/null -m 10 -w '%{http_code}' --interface 127.0.0.3 "$base/")
	[ "$got" = 429 ] && pass "per client: that address's next request too" ||
	    fail "per client: that address's next request too" "$got"
	got=$(curl -s -o /dev/null -m 10 -w '%{http_code}' "$base/")
	[ "$got" = 200 ] && pass "per client: another address is served" ||
	    fail "per client: another address is served" "$got"
else
	fail "per client: connections open" "$(cat "$work/slow.one")"
fi
stop_extra
fcgi/ctl.sh stop >/dev/null 2>&1
grep -q '127\.0\.0\.3' "$VAR/nginx-error.log" &&
    fail "logs: limit_conn's 429s leave no client address" "$(grep -m1 '127\.0\.0\.3' "$VAR/nginx-error.log")" ||
    pass "logs: limit_conn's 429s leave no client address"

# ---- the two configurations agree ----------------------------------------
# directives NAME... < DUMP: those directives of an `nginx -T` dump, one a
# line, sorted, without the paths that differ (ctl.sh writes the two
# limit_req_zone of make run on one line: one directive a line first).
directives() {
	local re
	re=$(IFS='|'; echo "$*")
	grep -v '^\s*#' | sed 's/;\s*/;\n/g' | grep -oE "^\s*($re)\s[^;]*;" | sed -E 's/^\s+//; s/\s+/ /g' |
	    sed -E 's|error_log [^ ]+ |error_log LOG |' | sort -u
}
if [ -s "$dep/dump" ] && [ -s "$work/run.dump" ]; then
	for f in nginx-client.conf nginx-limits.conf; do
		grep -q "^# configuration file $PWD/fcgi/$f:" "$dep/dump" &&
		    grep -q "^# configuration file $PWD/fcgi/$f:" "$work/run.dump" &&
		    pass "agree: deploy and make run both include fcgi/$f" ||
		    fail "agree: deploy and make run both include fcgi/$f" "missing"
	done
	n_srv=$(grep -cE '^\s*server\s*\{' fcgi/deploy/nginx-site.conf)
	n_inc=$(grep -cE '^\s*include /etc/nginx/snippets/wasl-limits.conf;' fcgi/deploy/nginx-site.conf)
	n_log=$(grep -cE '^\s*error_log /var/log/wasl/nginx-error.log crit;' fcgi/deploy/nginx-site.conf)
	[ "$n_srv" = "$n_inc" ] && [ "$n_srv" = "$n_log" ] &&
	    pass "agree: each of the deploy site's $n_srv servers has the limits and the crit error log" ||
	    fail "agree: each of the deploy site's servers has the limits and the crit error log" \
	    "$n_srv servers, $n_inc includes, $n_log error logs"
	names=(worker_connections worker_rlimit_nofile limit_req_zone limit_conn_zone
	    limit_req limit_conn limit_req_status limit_conn_status limit_req_log_level
	    limit_conn_log_level client_header_timeout client_body_timeout send_timeout
	    keepalive_timeout reset_timedout_connection client_max_body_size)
	a=$(directives "${names[@]}" <"$work/run.dump")
	b=$(directives "${names[@]}" <"$dep/dump")
	[ "$a" = "$b" ] && [ -n "$a" ] &&
	    pass "agree: the same capacity, timeouts and limits ($(echo "$a" | wc -l) directives)" ||
	    fail "agree: the same capacity, timeouts and limits" "$(diff <(echo "$a") <(echo "$b") | tr '\n' ' ')"
	a=$(grep -v '^\s*#' "$work/run.dump" | grep -oE '^\s*error_log\s[^;]*;' | awk '{print $3}' | sort | uniq -c)
	b=$(grep -v '^\s*#' fcgi/deploy/nginx-site.conf | grep -oE '^\s*error_log\s[^;]*;' | awk '{print $3}' | sort -u)
	[ "$(echo "$a" | grep -c crit)" = 1 ] && [ "$b" = "crit;" ] &&
	    pass "agree: requests log at crit in both" ||
	    fail "agree: requests log at crit in both" "make run: $(echo $a); deploy: $b"
	bad=$(cat "$work/run.dump" "$dep/dump" | grep -v '^\s*#' |
	    grep -E '^\s*limit_(req|conn)_zone\s' | grep -vE '_zone \$wasl_(client|post_key) ')
	[ -z "$bad" ] && pass "agree: every limit is keyed on the client key (an IPv6 /64)" ||
	    fail "agree: every limit is keyed on the client key (an IPv6 /64)" "$bad"
else
	fail "agree: deploy and make run compared" "no nginx -T dump of one of them"
fi

# ---- logs: refusals and everyday errors leave no client address ----------
LIMIT=2 stack_start nginx
c9() { curl -s -o /dev/null -m 10 -w '%{http_code} ' --interface 127.0.0.9 "$@"; }
codes=$(for i in 1 2 3 4 5 6; do c9 -X POST -d kind=inquiry "$base/forms/inquiry"; done)
{ printf 'message='; head -c 70000 /dev/zero | tr '\0' a; } >"$work/big"
codes="$codes$(c9 -X POST --data-binary "@$work/big" "$base/forms/inquiry")"
codes="$codes$(c9 "$base/assets/") $(c9 "$base/no/such/")"
# wasl-forms dead (its session killed at once, its socket left behind):
# nginx cannot reach it (502).
sup=$(cat "$VAR/wasl-forms.pid")
kill -KILL -- "-$sup" 2>/dev/null
for _ in $(seq 1 50); do kill -0 "$sup" 2>/dev/null || break; sleep 0.1; done
codes="$codes$(c9 --interface 127.0.0.11 -X POST -d kind=inquiry "$base/forms/inquiry")"
# What is kept: an event at crit, here a file nginx cannot look at.
ln -s loop "$SITE/loop"
c10=$(curl -s -o /dev/null -m 10 -w '%{http_code}' --interface 127.0.0.10 "$base/loop")
rm -f "$SITE/loop"
for c in 429 413 403 404 502; do
	[[ "$codes" == *"$c "* ]] || fail "logs: the refusals happened" "$codes"
done
sleep 0.5
if grep -qE '127\.0\.0\.(9|11)\b' "$VAR/nginx-error.log"; then
	fail "logs: 429, 413, 403, 404 and 502 leave no client address" "$(grep -E '127\.0\.0\.(9|11)\b' "$VAR/nginx-error.log" | head -3)"
else
	pass "logs: 429, 413, 403, 404 and 502 leave no client address ($codes)"
fi
grep -q '\[crit\] .*client: 127\.0\.0\.10, ' "$VAR/nginx-error.log" &&
    pass "logs: a crit event is kept with its client's address, as the README says" ||
    fail "logs: a crit event is kept with its client's address, as the README says" \
    "$c10: $(tail -2 "$VAR/nginx-error.log")"
grep -q '`crit`' README.md && grep -q 'nginx-error.log.1' README.md &&
    grep -q 'wasl-nginx.logrotate' README.md &&
    pass "logs: the README names the level, the previous run's log and the rotation" ||
    fail "logs: the README names the level, the previous run's log and the rotation" "not found"
# Kept for this run and the one before, no longer.
fcgi/ctl.sh stop >/dev/null 2>&1
stack_start nginx
ok=$(cat "$VAR/nginx-error.log.1" 2>/dev/null | grep -c 'client: 127\.0\.0\.10')
fcgi/ctl.sh stop >/dev/null 2>&1
stack_start nginx
gone=$(cat "$VAR"/nginx-error.log* | grep -c 'client: 127\.0\.0\.10')
[ "$ok" -ge 1 ] && [ "$gone" = 0 ] && [ "$(ls "$VAR" | grep -c '^nginx-error')" = 2 ] &&
    pass "logs: make run keeps the error log of this run and of the one before only" ||
    fail "logs: make run keeps the error log of this run and of the one before only" \
    "$ok in the previous, $gone after two starts; $(ls "$VAR" | grep nginx-error | tr '\n' ' ')"
