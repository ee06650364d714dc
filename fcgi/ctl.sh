#!/usr/bin/env bash
# fcgi/ctl.sh start|stop|run|reload: wasl's servers, wasl-forms (at
# /forms/) and wasl-console (the staff's, at /staff/) behind nginx on
# 127.0.0.1. `run` stays in the foreground and stops them on Ctrl-C; `reload` has the running wasl-forms read the content and
# templates again (after a publish) and waits until its new workers serve.
#
# Settings, from the environment (the Makefile passes its own):
#   PORT=8080        where nginx listens (127.0.0.1 only)
#   VAR=var          run-time files: database, socket, logs, nginx.conf
#   SITE=public      the generated site
#   LIMIT=10         form submissions a minute per client (an IPv4 address
#                    or an IPv6 /64: fcgi/nginx-client.conf; 0: off)
#   BIN=bin CONTENT=content TEMPLATES=templates
#   WORKERS= THREADS=  wasl-forms' --workers and --threads (default: its own)
#   WRAP=""          a command wasl-forms runs under (tests: valgrind)
#   FORMS_USER=wasl  as root: the account wasl-forms drops to (created,
#                    without a login, when missing)
#   SECCOMP=1        0: wasl-forms' workers run without their filter
#   REBUILD_EVERY=60 seconds between the daily rebuild's looks at the
#                    date (0: no daily rebuild)
#   PUBLISH_EVERY=2  seconds between the publisher's looks for revisions
#                    confirmed in the staff console (0: no publisher)
#
# The database is VAR/data/wasl.db; as root, VAR/data belongs to
# FORMS_USER (mode 0700) and the rest of VAR to root, so that wasl-forms
# can write its database and nothing else there.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8080}
VAR=${VAR:-var}
SITE=${SITE:-public}
LIMIT=${LIMIT:-10}
BIN=${BIN:-bin}
CONTENT=${CONTENT:-content}
TEMPLATES=${TEMPLATES:-templates}
WORKERS=${WORKERS:-}
THREADS=${THREADS:-}
FORMS_USER=${FORMS_USER:-wasl}
SECCOMP=${SECCOMP:-1}
REBUILD_EVERY=${REBUILD_EVERY:-60}
PUBLISH_EVERY=${PUBLISH_EVERY:-2}

mkdir -p "$VAR"
VAR=$(cd "$VAR" && pwd)

stop() {
	if [ -f "$VAR/nginx.pid" ]; then
		nginx -c "$VAR/nginx.conf" -p "$VAR" -s quit 2>/dev/null ||
		    kill "$(cat "$VAR/nginx.pid")" 2>/dev/null || true
	fi
	for p in wasl-forms wasl-console rebuild publisher; do
		if [ -f "$VAR/$p.pid" ]; then
			kill "$(cat "$VAR/$p.pid")" 2>/dev/null || true
		fi
	done
	for _ in $(seq 1 100); do
		running=""
		for p in nginx wasl-forms wasl-console; do
			[ -f "$VAR/$p.pid" ] && kill -0 "$(cat "$VAR/$p.pid")" \
			    2>/dev/null && running=1
		done
		[ -z "$running" ] && break
		sleep 0.1
	done
	rm -f "$VAR/nginx.pid" "$VAR/wasl-forms.pid" "$VAR/wasl-console.pid" \
	    "$VAR/rebuild.pid" "$VAR/publisher.pid"
	# Left behind by a program that was no longer root when it ended.
	rm -f "$VAR/wasl-forms.sock" "$VAR/wasl-console.sock"
}

# reach USER PATH (as root): let USER pass through every folder down to
# PATH, e.g. when the checkout is under /root: an ACL entry for USER
# alone where the file system keeps them, else the search bit for all.
reach() {
	local u=$1 d=$2 dirs=()
	while [ "$d" != / ]; do
		d=$(dirname "$d")
		dirs=("$d" "${dirs[@]}")
	done
	for d in "${dirs[@]}"; do
		runuser -u "$u" -- test -x "$d" && continue
		setfacl -m "u:$u:x" "$d" 2>/dev/null || chmod o+x "$d"
		echo "ctl.sh: $u may now pass through $d" >&2
	done
}

# readable USER DIR...: as root, let USER read each DIR whole (wasl-forms'
# supervisor reads the content and templates again as that user when it
# reloads): through the folders above, and for each file or folder in it
# that USER cannot read yet, an ACL entry for USER alone (nothing becomes
# readable by anyone else). Where the file system keeps no ACLs, says
# what a reload will not read.
readable() {
	local u=$1 d f
	shift
	for d in "$@"; do
		d=$(cd "$d" && pwd)
		reach "$u" "$d/."
		find "$d" \( \( -type d ! -perm -o=rx \) -o \( ! -type d ! -perm -o=r \) \) \
		    -print0 | while IFS= read -r -d '' f; do
			if [ -d "$f" ]; then
				runuser -u "$u" -- test -r "$f" -a -x "$f" && continue
			else
				runuser -u "$u" -- test -r "$f" && continue
			fi
			setfacl -m "u:$u:rX" "$f" 2>/dev/null ||
			    echo "ctl.sh: $u cannot read $f: a reload of wasl-forms will fail" >&2
		done
	done
}

# The database's folder, and as root the account that writes it.
data_dir() {
	if [ "$(id -u)" -eq 0 ] && ! id -u "$FORMS_USER" >/dev/null 2>&1; then
		useradd --system --user-group --no-create-home \
		    --home-dir /nonexistent --shell /usr/sbin/nologin "$FORMS_USER"
	fi
	mkdir -p "$VAR/data"
	chmod 700 "$VAR/data"
	# Where earlier versions kept it.
	for f in wasl.db wasl.db-wal wasl.db-shm; do
		[ -e "$VAR/$f" ] && [ ! -e "$VAR/data/wasl.db" ] &&
		    mv "$VAR/$f" "$VAR/data/$f"
	done
	if [ "$(id -u)" -eq 0 ]; then
		chown "$FORMS_USER:" "$VAR/data"
		for f in "$VAR"/data/wasl.db*; do
			[ -e "$f" ] && chown "$FORMS_USER:" "$f"
		done
		reach "$FORMS_USER" "$VAR/data"
		readable "$FORMS_USER" "$CONTENT" "$TEMPLATES"
	fi
}

start() {
	[ -d "$SITE" ] || { echo "ctl.sh: no site at $SITE; build it first" >&2; exit 1; }
	stop
	SITE=$(cd "$SITE" && pwd)
	mkdir -p "$VAR"/nginx/{body,proxy,fastcgi,uwsgi,scgi}
	user="" zone="" req="" staffreq="" sgroup=()
	if [ "$(id -u)" -eq 0 ]; then
		# nginx's workers drop root; they read the site and reach the
		# socket, nothing else: the socket is root's and www-data's
		# group's alone (mode 0660). Not root: it is the user's own
		# (0600), as nginx runs as the same user.
		user="user www-data;"
		sgroup=(--socket-group www-data)
		chmod -R a+rX "$SITE"
		chmod a+x "$VAR"
		reach www-data "$SITE"
		reach www-data "$VAR"
	fi
	data_dir
	if [ "$LIMIT" -gt 0 ]; then
		zone="limit_req_zone \$wasl_post_key zone=wasl_forms:1m rate=${LIMIT}r/m;"
		req="limit_req zone=wasl_forms burst=$((LIMIT / 2 + 1)) nodelay;"
		# The staff's posts (sign-in above all) in a zone of their own.
		zone="$zone limit_req_zone \$wasl_post_key zone=wasl_staff:1m rate=30r/m;"
		staffreq="limit_req zone=wasl_staff burst=20 nodelay;"
	fi
	sed -e "s|@SITE@|$SITE|g" -e "s|@PORT@|$PORT|g" -e "s|@VAR@|$VAR|g" \
	    -e "s|@TOP@|$PWD|g" \
	    -e "s|@USER@|$user|g" -e "s|@LIMIT_ZONE@|$zone|g" \
	    -e "s|@LIMIT_REQ@|$req|g" -e "s|@LIMIT_STAFF@|$staffreq|g" \
	    fcgi/nginx.conf.in >"$VAR/nginx.conf"
	# Its own session: Ctrl-C reaches this script, which stops both.
	setsid ${WRAP:-} "$BIN/wasl-forms" --content "$CONTENT" --templates "$TEMPLATES" \
	    --db "$VAR/data/wasl.db" --socket "$VAR/wasl-forms.sock" "${sgroup[@]}" \
	    --user "$FORMS_USER" $([ "$SECCOMP" = 0 ] && echo --no-seccomp) \
	    ${WORKERS:+--workers "$WORKERS"} ${THREADS:+--threads "$THREADS"} \
	    >>"$VAR/wasl-forms.log" 2>&1 &
	echo $! >"$VAR/wasl-forms.pid"
	for _ in $(seq 1 300); do
		[ -S "$VAR/wasl-forms.sock" ] && break
		kill -0 "$(cat "$VAR/wasl-forms.pid")" 2>/dev/null || {
			echo "ctl.sh: wasl-forms did not start:" >&2
			tail -5 "$VAR/wasl-forms.log" >&2; exit 1; }
		sleep 0.1
	done
	# The staff console, as the same user (it writes the same database)
	# and as confined.
	setsid ${WRAP:-} "$BIN/wasl-console" --content "$CONTENT" --templates "$TEMPLATES" \
	    --db "$VAR/data/wasl.db" --socket "$VAR/wasl-console.sock" "${sgroup[@]}" \
	    --passwords fcgi/db/common-passwords.txt \
	    --user "$FORMS_USER" $([ "$SECCOMP" = 0 ] && echo --no-seccomp) \
	    >>"$VAR/wasl-console.log" 2>&1 &
	echo $! >"$VAR/wasl-console.pid"
	for _ in $(seq 1 300); do
		[ -S "$VAR/wasl-console.sock" ] && break
		kill -0 "$(cat "$VAR/wasl-console.pid")" 2>/dev/null || {
			echo "ctl.sh: wasl-console did not start:" >&2
			tail -5 "$VAR/wasl-console.log" >&2; stop; exit 1; }
		sleep 0.1
	done
	# Of nginx's error log, this run's and the one before, no more (what
	# it may hold: README, "Logs").
	if [ -f "$VAR/nginx-error.log" ]; then
		mv -f "$VAR/nginx-error.log" "$VAR/nginx-error.log.1"
	fi
	nginx -c "$VAR/nginx.conf" -p "$VAR" || { stop; exit 1; }
	if [ "$REBUILD_EVERY" -gt 0 ]; then
		rebuilder </dev/null >/dev/null 2>&1 &
		echo $! >"$VAR/rebuild.pid"
	fi
	if [ "$PUBLISH_EVERY" -gt 0 ]; then
		publisher </dev/null >/dev/null 2>&1 &
		echo $! >"$VAR/publisher.pid"
	fi
	echo "wasl: http://127.0.0.1:$PORT/ (forms into $VAR/data/wasl.db; the staff's console at http://127.0.0.1:$PORT/staff/)"
}

# The Saudi date (Asia/Riyadh: UTC+3, no daylight saving) of now, or of
# the time given in seconds.
saudi_day() { TZ=Asia/Riyadh date ${1:+-d "@$1"} +%F; }

# rebuilder: the daily rebuild. A revision approved with an effective
# date ahead comes into force on that day without anyone acting: once a
# Saudi day has begun that the site was not built on (its mark's time),
# the site is built again from the content (wasl-build writes a new
# folder and swaps it in whole, so a failed build leaves the site as it
# was; the failure is logged and tried again at the next look).
rebuilder() {
	local built today
	while sleep "$REBUILD_EVERY"; do
		built=$(stat -c %Y "$SITE/.wasl-build" 2>/dev/null) || continue
		today=$(saudi_day)
		[ "$(saudi_day "$built")" = "$today" ] && continue
		if "$BIN/wasl-build" --quiet --content "$CONTENT" --templates "$TEMPLATES" \
		    --out "$SITE" >>"$VAR/rebuild.log" 2>&1; then
			[ "$(id -u)" -eq 0 ] && chmod -R a+rX "$SITE"
			echo "rebuild: $today: the site built again" >>"$VAR/rebuild.log"
		else
			echo "rebuild: $today: the build failed; the site is as it was" >>"$VAR/rebuild.log"
			sleep 600
		fi
	done
}

# publisher: what the staff console's secretary and chair confirmed
# (wasl-console never writes the content nor builds: it is confined and
# faces the network). wasl-admin publish-pending, as this script's user
# (root under make run, as `make publish`), writes each confirmed
# revision into the content, builds the site with --publish --keep,
# swaps it in and reports to the database; a rollback asked undoes the
# last publish for good (the revision withdrawn, or the edited file given
# its text back) and builds. After anything done, the servers read the
# content again.
publisher() {
	local out
	while sleep "$PUBLISH_EVERY"; do
		out=$("$BIN/wasl-admin" --db "$VAR/data/wasl.db" --content "$CONTENT" \
		    --templates "$TEMPLATES" publish-pending --site "$SITE" \
		    --build "$BIN/wasl-build" 2>>"$VAR/publish.log") || true
		[ -n "$out" ] || continue
		echo "$out" >>"$VAR/publish.log"
		if [ "$(id -u)" -eq 0 ]; then
			chmod -R a+rX "$SITE"
			readable "$FORMS_USER" "$CONTENT" >>"$VAR/publish.log" 2>&1 || true
		fi
		( reload ) >>"$VAR/publish.log" 2>&1 || true
	done
}

# reload: the running wasl-forms and wasl-console read the content and
# templates again (SIGHUP) and replace their workers; waits for each one's
# answer in its log and exits 1 when a reload failed. A program not
# running (a publish while the servers are stopped) has nothing to
# reload.
reload_one() {
	local p=$1 pid="" log=$VAR/$1.log off line
	[ -f "$VAR/$p.pid" ] && pid=$(cat "$VAR/$p.pid")
	if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
		echo "ctl.sh: $p is not running; nothing to reload" >&2
		return 0
	fi
	off=$(stat -c %s "$log" 2>/dev/null || echo 0)
	kill -HUP "$pid"
	for _ in $(seq 1 600); do
		line=$(tail -c +$((off + 1)) "$log" |
		    grep -m1 -E "^$p: (reloaded|reload failed)" || true)
		case "$line" in
		*reloaded*)
			echo "ctl.sh: $line"
			return 0 ;;
		*"reload failed"*)
			tail -c +$((off + 1)) "$log" | grep "^$p: reload" >&2
			exit 1 ;;
		esac
		kill -0 "$pid" 2>/dev/null || {
			echo "ctl.sh: $p stopped while reloading:" >&2
			tail -5 "$log" >&2; exit 1; }
		sleep 0.1
	done
	echo "ctl.sh: $p did not answer the reload within 60 s; see $log" >&2
	exit 1
}
reload() {
	reload_one wasl-forms
	reload_one wasl-console
}

case "${1:-}" in
start) start ;;
stop) stop ;;
reload) reload ;;
run)
	start
	trap 'stop; exit 0' INT TERM
	echo "Ctrl-C stops the servers."
	while kill -0 "$(cat "$VAR/wasl-forms.pid")" 2>/dev/null &&
	    kill -0 "$(cat "$VAR/wasl-console.pid")" 2>/dev/null &&
	    [ -f "$VAR/nginx.pid" ] && kill -0 "$(cat "$VAR/nginx.pid")" 2>/dev/null; do
		sleep 1
	done
	echo "ctl.sh: a server stopped; stopping the others" >&2
	stop
	exit 1 ;;
*) echo "usage: fcgi/ctl.sh start|stop|run|reload" >&2; exit 2 ;;
esac
