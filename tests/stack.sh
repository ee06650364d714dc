# tests/stack.sh: what the end-to-end tests share; they source it from the
# repository's top folder. It sets BIN (the programs, from $WASL_BIN),
# work (a temporary folder, removed at exit), VAR and SITE inside it, PORT
# (a free 127.0.0.1 port) and base (its URL); defines pass and fail (the
# lines tests/run.sh counts); and at exit stops the servers and runs
# $stack_at_exit first. stack_start NAME builds the site from content/ and
# starts nginx and wasl-forms as `make start` does; on failure it reports
# NAME and ends the test.
BIN=${WASL_BIN:-bin}
work=$(mktemp -d)
chmod 755 "$work"	# nginx's workers run as www-data when we are root
export VAR=$work/var SITE=$work/site BIN LIMIT=${LIMIT:-0} WORKERS=${WORKERS:-2}
# No daily rebuild under a test's feet, but in the test of it.
export REBUILD_EVERY=${REBUILD_EVERY:-0}
# Nor a publisher, but in the tests of publishing.
export PUBLISH_EVERY=${PUBLISH_EVERY:-0}
stack_at_exit=""
stack_cleanup() {
	eval "$stack_at_exit"
	fcgi/ctl.sh stop >/dev/null 2>&1
	rm -rf "$work"
}
trap stack_cleanup EXIT

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }

# stack_port: a free port on 127.0.0.1 into PORT and base: one nothing
# answers on, below the ephemeral range, where a client's connection could
# hold a port that nothing answers on.
low_port=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
[ "${low_port:-0}" -gt 11000 ] 2>/dev/null || low_port=32768
stack_port() {
	local p
	PORT=""
	for _ in $(seq 1 50); do
		p=$((10000 + RANDOM % (low_port - 10000)))
		if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then
			PORT=$p
			break
		fi
	done
	export PORT
	base=http://127.0.0.1:$PORT
}
stack_port

stack_start() {
	if [ ! -d "$SITE" ] && ! "$BIN/wasl-build" --quiet --content content \
	    --out "$SITE" >"$work/build.log" 2>&1; then
		fail "$1: build" "$(head -5 "$work/build.log")"
		exit 0
	fi
	# A port taken between the look and nginx's bind: another one.
	local try
	for try in 1 2 3; do
		fcgi/ctl.sh start >"$work/start.log" 2>&1 && return 0
		grep -q 'Address already in use' "$work/start.log" || break
		fcgi/ctl.sh stop >/dev/null 2>&1
		stack_port
	done
	fail "$1: servers start" "$(cat "$work/start.log" "$VAR"/*.log 2>/dev/null | head -20)"
	exit 0
}
