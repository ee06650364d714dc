#!/usr/bin/env bash
# fcgi/preview.sh: `make preview`, for those who edit the content by hand:
# the draft site (wasl-build --drafts: draft revisions included, marked
# as such) served by nginx on 127.0.0.1, built again whenever a file of
# the content or templates changes (a look every second), until Ctrl-C.
# Pages are seen as on the site, styled and with working links, not
# opened from files. A build that fails is reported and the preview keeps
# the last good one. The forms are not served (the preview has no
# database); nothing here touches the published site.
#
# Settings, from the environment (the Makefile passes its own):
#   PREVIEW_PORT=8081   where nginx listens (127.0.0.1 only)
#   VAR=var             the preview goes to VAR/preview, its nginx files
#                       to VAR/preview-nginx
#   BIN=bin CONTENT=content TEMPLATES=templates
#   PREVIEW_ONCE=       set: build and serve, without watching (tests)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PREVIEW_PORT:-8081}
VAR=${VAR:-var}
BIN=${BIN:-bin}
CONTENT=${CONTENT:-content}
TEMPLATES=${TEMPLATES:-templates}
mkdir -p "$VAR/preview-nginx"
VAR=$(cd "$VAR" && pwd)
OUT=$VAR/preview
N=$VAR/preview-nginx

build() {
	if "$BIN/wasl-build" --quiet --drafts --content "$CONTENT" \
	    --templates "$TEMPLATES" --out "$OUT" >"$N/build.log" 2>&1; then
		[ "$(id -u)" -eq 0 ] && chmod -R a+rX "$OUT"
		echo "preview: built $(date +%T)"
	else
		echo "preview: the build failed; still showing the last good one:" >&2
		sed 's/^/  /' "$N/build.log" >&2
		return 1
	fi
}

# What changed is seen by the newest modification time and the count of
# files (a file removed changes the count).
state() {
	find "$CONTENT" "$TEMPLATES" -printf '%T@\n' 2>/dev/null | sort -n | tail -1
	find "$CONTENT" "$TEMPLATES" | wc -l
}

stop() {
	[ -f "$N/nginx.pid" ] && kill "$(cat "$N/nginx.pid")" 2>/dev/null || true
	rm -f "$N/nginx.pid"
}

build || [ -d "$OUT" ] || { echo "preview: nothing to show" >&2; exit 1; }
mkdir -p "$N"/{body,proxy,fastcgi,uwsgi,scgi}
user=""
if [ "$(id -u)" -eq 0 ]; then
	user="user www-data;"
	chmod a+x "$VAR"
fi
cat >"$N/nginx.conf" <<CONF
$user
pid $N/nginx.pid;
error_log $N/error.log warn;
worker_processes 1;
events { worker_connections 256; }
http {
	include /etc/nginx/mime.types;
	charset utf-8;
	access_log off;
	client_body_temp_path $N/body;
	proxy_temp_path $N/proxy;
	fastcgi_temp_path $N/fastcgi;
	uwsgi_temp_path $N/uwsgi;
	scgi_temp_path $N/scgi;
	server {
		listen 127.0.0.1:$PORT;
		root $OUT;
		index index.html;
		error_page 404 /404.html;
		add_header Cache-Control no-store always;
		add_header X-Robots-Tag "noindex, nofollow" always;
		location / { try_files \$uri \$uri/ =404; }
	}
}
CONF
stop
nginx -c "$N/nginx.conf" -p "$N"
trap 'stop; exit 0' INT TERM
echo "preview: http://127.0.0.1:$PORT/ (drafts included; Ctrl-C stops)"
[ -n "${PREVIEW_ONCE:-}" ] && exit 0
last=$(state)
while sleep 1; do
	now=$(state)
	[ "$now" = "$last" ] && continue
	last=$now
	build || true
done
