#!/usr/bin/env bash
# bench/forms.sh: the forms benchmark (make bench-forms). Three stacks side
# by side in one run, each nginx on its own free 127.0.0.1 port:
#
#   wasl     nginx + wasl-forms, started by fcgi/ctl.sh (LIMIT=0: no rate
#            limit), on a fresh database
#   php      nginx + PHP-FPM running bench/php/submit.php: the same checks
#            and one SQLite insert per request (WAL, synchronous=FULL)
#   ceiling  nginx + bench/noop.c, a FastCGI responder that answers 303 at
#            once: the most nginx plus FastCGI can do on this machine
#
# wrk POSTs a valid support request (bench/submit.lua; every request a new
# submission) at each concurrency in CONNS, each stack in turn, ROUNDS
# rounds interleaved, after a warm-up; the medians over the rounds are
# reported. Then wasl-forms is killed (SIGKILL, no clean shutdown) and its
# database checked: every request acknowledged with 303 must be there with
# its exact answers.
#
# Settings from the environment: WASL_BIN (bin), DURATION (5 seconds a
# run), WARMUP (2), ROUNDS (3), CONNS ("16 64"), WRK_THREADS (cores),
# PHP_CHILDREN (5, Debian's pm.max_children; 2 to 16 all give PHP about
# the same requests per second here, more only a longer tail), BENCH_DIR
# (var: where the databases go; it must be on the disk the service would
# use, not tmpfs, or fsync costs nothing).
# WASL_BEFORE: another checkout of wasl with its programs built (bin/);
# its wasl-forms then runs as a fourth stack, "before", started by its own
# ctl.sh with its own content and templates, posted its own
# bench/submit.lua, and the summary compares the two builds.
# Exit status: 0 when everything ran and nothing acknowledged was lost,
# else 1. Performance targets are reported, never enforced.
set -u
cd "$(dirname "$0")/.."
BIN=${WASL_BIN:-bin}
DURATION=${DURATION:-5}
WARMUP=${WARMUP:-2}
ROUNDS=${ROUNDS:-3}
CONNS=${CONNS:-16 64}
WRK_THREADS=${WRK_THREADS:-$(nproc)}
PHP_CHILDREN=${PHP_CHILDREN:-5}
BENCH_DIR=${BENCH_DIR:-var}
PHP_FPM=$(command -v php-fpm8.2 php-fpm 2>/dev/null | head -1)
STACKS="wasl php ceiling"
BEFORE=${WASL_BEFORE:-}
if [ -n "$BEFORE" ]; then
	BEFORE=$(cd "$BEFORE" && pwd)
	STACKS="wasl before php ceiling"
fi

die() { echo "bench/forms.sh: $*" >&2; exit 1; }
for t in wrk nginx sqlite3 "$PHP_FPM" "$BIN/wasl-forms" "$BIN/wasl-build" \
    "$BIN/bench/noop"; do
	[ -n "$t" ] && command -v "$t" >/dev/null ||
	    die "missing ${t:-php-fpm}: run make bench-forms"
done

mkdir -p "$BENCH_DIR"
work=$(mktemp -d "$(cd "$BENCH_DIR" && pwd)/bench-forms.XXXXXX")
chmod 755 "$work"	# nginx's workers run as www-data when we are root
pids=()
cleanup() {
	VAR=$work/wasl fcgi/ctl.sh stop >/dev/null 2>&1
	[ -z "$BEFORE" ] || (cd "$BEFORE" && VAR=$work/before \
	    fcgi/ctl.sh stop >/dev/null 2>&1)
	for s in php ceiling; do
		[ -f "$work/$s/nginx.pid" ] &&
		    kill "$(cat "$work/$s/nginx.pid")" 2>/dev/null
	done
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# A free port on 127.0.0.1: one nothing answers on, and not one already
# given out.
taken=""
# Below the ephemeral range, where a client's connection could hold a
# port nothing answers on.
low_port=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
[ "${low_port:-0}" -gt 11000 ] 2>/dev/null || low_port=32768
free_port() {
	local p
	for _ in $(seq 1 100); do
		p=$((10000 + RANDOM % (${low_port:-32768} - 10000)))
		case " $taken " in *" $p "*) continue ;; esac
		if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then
			taken="$taken $p"
			echo "$p"
			return
		fi
	done
	die "no free port"
}

# wait_socket PATH PID: until PATH is a socket, or PID has died.
wait_socket() {
	for _ in $(seq 1 100); do
		[ -S "$1" ] && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# nginx_for STACK PORT SOCKET SCRIPT: nginx in front of a FastCGI socket,
# configured as fcgi/nginx.conf.in is (bench/nginx.conf.in).
nginx_for() {
	local d=$work/$1 user=""
	mkdir -p "$d"/nginx/{body,proxy,fastcgi,uwsgi,scgi}
	[ "$(id -u)" -eq 0 ] && user="user www-data;"
	sed -e "s|@USER@|$user|" -e "s|@VAR@|$d|g" -e "s|@PORT@|$2|" \
	    -e "s|@SOCK@|$3|" -e "s|@SCRIPT@|$4|" bench/nginx.conf.in \
	    >"$d/nginx.conf"
	nginx -c "$d/nginx.conf" -p "$d" || die "$1: nginx did not start"
}

declare -A port
echo "== starting the three stacks"
# wasl, exactly as make run starts it, but without the rate limit.
port[wasl]=$(free_port)
"$BIN/wasl-build" --quiet --content content --templates templates \
    --out "$work/site" || die "wasl-build failed"
PORT=${port[wasl]} VAR=$work/wasl SITE=$work/site LIMIT=0 BIN=$BIN \
    CONTENT=content TEMPLATES=templates fcgi/ctl.sh start >/dev/null ||
    die "wasl did not start: $(tail -3 "$work/wasl/wasl-forms.log")"
if [ -n "$BEFORE" ]; then
	port[before]=$(free_port)
	(cd "$BEFORE" && bin/wasl-build --quiet --content content \
	    --templates templates --out "$work/before-site" &&
	    PORT=${port[before]} VAR=$work/before SITE=$work/before-site \
	    LIMIT=0 BIN=bin CONTENT=content TEMPLATES=templates \
	    fcgi/ctl.sh start >/dev/null) ||
	    die "before did not start: $(tail -3 "$work/before/wasl-forms.log")"
fi

# PHP-FPM with its own pool; as root, the pool runs as root too (-R),
# so that it can write the database in $work.
port[php]=$(free_port)
mkdir -p "$work/php"
sqlite3 -batch "$work/php/php.db" <bench/php/schema.sql >/dev/null ||
    die "php: cannot create the database"
user="" asroot=""
if [ "$(id -u)" -eq 0 ]; then user="user = root"; asroot=-R; fi
sed -e "s|@VAR@|$work/php|g" -e "s|@USER@|$user|" \
    -e "s|@CHILDREN@|$PHP_CHILDREN|" bench/php/fpm.conf.in >"$work/php/fpm.conf"
setsid "$PHP_FPM" $asroot -y "$work/php/fpm.conf" >"$work/php/stdout.log" 2>&1 &
pids+=($!)
wait_socket "$work/php/php.sock" "$!" ||
    die "php-fpm did not start: $(tail -3 "$work/php/php-fpm.log")"
nginx_for php "${port[php]}" "$work/php/php.sock" \
    "$PWD/bench/php/submit.php"

# The do-nothing responder, one process per core like wasl-forms.
port[ceiling]=$(free_port)
mkdir -p "$work/ceiling"
setsid "$BIN/bench/noop" "$work/ceiling/noop.sock" >"$work/ceiling/noop.log" 2>&1 &
pids+=($!)
wait_socket "$work/ceiling/noop.sock" "$!" || die "noop did not start"
nginx_for ceiling "${port[ceiling]}" "$work/ceiling/noop.sock" /dev/null

for s in $STACKS; do
	code=$(curl -s -o /dev/null -w '%{http_code}' -X POST \
	    -d full_name=x "http://127.0.0.1:${port[$s]}/forms/support-request")
	case "$s:$code" in
	wasl:422|before:422|php:422|ceiling:303) ;;
	*) die "$s answers an invalid post with $code" ;;
	esac
done

# run STACK CONNS SECONDS TAG: one wrk run; its RESULT line in $work/r/TAG.
mkdir -p "$work/r" "$work/out"
run() {
	local refs="" lua=bench/submit.lua
	[ "$1" = wasl ] && refs=$work/wasl-refs
	# The other checkout posts its own form (its content may differ).
	[ "$1" = before ] && lua=$BEFORE/bench/submit.lua
	WASL_BENCH_REFS=$refs wrk -t"$WRK_THREADS" -c"$2" -d"$3"s \
	    -s "$lua" \
	    "http://127.0.0.1:${port[$1]}/forms/support-request" -- "$4" \
	    >"$work/out/$4" 2>&1
	grep '^RESULT ' "$work/out/$4" >"$work/r/$4" ||
	    die "wrk against $1 failed: $(tail -3 "$work/out/$4")"
}
# field FILE NAME: a value of a RESULT line.
field() { sed -n "s/.* $2=\\([^ ]*\\).*/\\1/p" "$1"; }

echo "== warm-up: ${WARMUP}s each at 16 connections"
for s in $STACKS; do run "$s" 16 "$WARMUP" "warmup-$s"; done
echo "== $ROUNDS rounds of ${DURATION}s runs at $CONNS connections," \
    "$WRK_THREADS wrk threads"
for r in $(seq 1 "$ROUNDS"); do
	for c in $CONNS; do
		for s in $STACKS; do
			run "$s" "$c" "$DURATION" "$s-$c-$r"
			printf '  round %d, %3d connections, %-8s %9.0f req/s\n' \
			    "$r" "$c" "$s" "$(field "$work/r/$s-$c-$r" rps)"
		done
	done
done

# ---- durability: kill wasl-forms without warning, then count -------------
sup=$(cat "$work/wasl/wasl-forms.pid")
# The whole process group at once (ctl.sh starts it in its own session):
# killed one by one, the supervisor could replace a worker first.
kill -KILL -- "-$sup" 2>/dev/null
sleep 0.2
db=$work/wasl/data/wasl.db
acked=0 sent=0 answered=0
for f in "$work"/r/wasl-* "$work/r/warmup-wasl"; do
	[ -f "$f" ] || continue
	acked=$((acked + $(field "$f" acked)))
	sent=$((sent + $(field "$f" sent)))
	answered=$((answered + $(field "$f" requests)))
done
rows=$(sqlite3 -batch "$db" "SELECT count(*) FROM submission")
needs=$(sqlite3 -batch "$db" "SELECT count(DISTINCT value) FROM field WHERE name = 'need'")
refs=$(sort -u "$work/wasl-refs" | wc -l)
# Every acknowledged reference, with the exact answers that were sent.
expect="city=تبوك|declaration=yes|family_size=5|full_name=عبدالله بن محمد الشهري|mobile=+966500000000|monthly_income=3000|national_id=1000000008|need=تأخر سداد الإيجار منذ ثلاثة أشهر، والأسرة بلا دخل ثابت. طلب رقم %|privacy_consent=yes"
exact=$(sqlite3 -batch "$db" <<EOF
CREATE TEMP TABLE acked (ref TEXT PRIMARY KEY);
.mode csv
.import $work/wasl-refs acked
SELECT count(*) FROM temp.acked a JOIN submission s ON s.ref = a.ref
 WHERE s.form = 'support-request' AND s.status = 'received'
   AND s.notice_version = 1 AND s.consent_at = s.received_at
   AND (SELECT group_concat(name || '=' || value, '|') FROM
        (SELECT name, value FROM field WHERE submission_id = s.id
         ORDER BY name)) LIKE '$expect';
EOF
)
inflight=$((sent - answered))
durable=yes
[ "$refs" -eq "$acked" ] && [ "$exact" -eq "$acked" ] &&
    [ "$rows" -ge "$acked" ] && [ $((rows - acked)) -le "$inflight" ] &&
    [ "$needs" -eq "$rows" ] || durable=no
php_rows=$(sqlite3 -batch "$work/php/php.db" "SELECT count(*) FROM request")
php_acked=0
for f in "$work"/r/php-* "$work/r/warmup-php"; do
	php_acked=$((php_acked + $(field "$f" acked)))
done

# ---- the summary -----------------------------------------------------------
# median STACK CONNS NAME: the median of NAME over the rounds.
median() {
	local r
	for r in $(seq 1 "$ROUNDS"); do field "$work/r/$1-$2-$r" "$3"; done |
	    sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
errors() {
	local r n=0
	for r in $(seq 1 "$ROUNDS"); do
		n=$((n + $(field "$work/r/$1-$2-$r" status_errors) + \
		    $(field "$work/r/$1-$2-$r" socket_errors)))
	done
	echo "$n"
}
echo
echo "== forms benchmark: $(nproc) cores, $(uname -r), databases on $(df -T "$work" | awk 'NR == 2 { print $2 }')"
echo "   medians of $ROUNDS rounds of ${DURATION}s; errors: non-2xx/3xx answers and socket errors, all rounds"
printf '%-8s %6s %10s %9s %9s %7s\n' stack conns 'req/s' 'p50 ms' 'p99 ms' errors
declare -A rps
for c in $CONNS; do
	for s in $STACKS; do
		rps[$s-$c]=$(median "$s" "$c" rps)
		printf '%-8s %6d %10.0f %9.2f %9.2f %7d\n' "$s" "$c" \
		    "${rps[$s-$c]}" "$(median "$s" "$c" p50_ms)" \
		    "$(median "$s" "$c" p99_ms)" "$(errors "$s" "$c")"
	done
done
echo
printf '%-6s %12s %14s\n' conns 'wasl / php' 'wasl / ceiling'
for c in $CONNS; do
	awk -v c="$c" -v w="${rps[wasl-$c]}" -v p="${rps[php-$c]}" \
	    -v n="${rps[ceiling-$c]}" \
	    'BEGIN { printf "%-6d %11.1fx %13.0f%%\n", c, w / p, 100 * w / n }'
done
if [ -n "$BEFORE" ]; then
	echo
	printf '%-6s %14s   (before: %s)\n' conns 'wasl / before' \
	    "$(git -C "$BEFORE" log -1 --format=%h 2>/dev/null)"
	for c in $CONNS; do
		awk -v c="$c" -v w="${rps[wasl-$c]}" -v b="${rps[before-$c]}" \
		    'BEGIN { printf "%-6d %13.2fx\n", c, w / b }'
	done
fi
echo
echo "durability (wasl-forms killed with SIGKILL, then counted):"
echo "  $acked acknowledged with 303, $exact of them stored with their exact answers"
echo "  $rows rows = $acked acknowledged + $((rows - acked)) committed whose 303 wrk never read (at most $inflight requests were in flight when its runs ended)"
echo "  every stored submission distinct: $([ "$needs" -eq "$rows" ] && echo yes || echo "no: $needs distinct of $rows")"
echo "  php: $php_acked acknowledged, $php_rows rows"
echo "nothing acknowledged lost: $durable"
[ "$durable" = yes ]
