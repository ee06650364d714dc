#!/usr/bin/env bash
# fcgi/serve.sh SITE PORT [VARDIR]: serve the generated site with nginx on
# 127.0.0.1:PORT in the foreground until interrupted. Run-time files (the
# filled-in configuration, pid, temporary folders) go to VARDIR (default
# var/); nothing is written outside it and the site.
set -euo pipefail
site=$(cd "$1" && pwd)
port=$2
var=${3:-var}
mkdir -p "$var"
var=$(cd "$var" && pwd)
mkdir -p "$var"/{body,proxy,fastcgi,uwsgi,scgi}
user=""
if [ "$(id -u)" -eq 0 ]; then
	# nginx's workers drop root; they only need to read the site.
	user="user www-data;"
	chmod -R a+rX "$site"
fi
sed -e "s|@ROOT@|$site|g" -e "s|@PORT@|$port|g" -e "s|@VAR@|$var|g" \
    -e "s|@USER@|$user|g" "$(dirname "$0")/nginx.conf.in" >"$var/nginx.conf"
exec nginx -c "$var/nginx.conf" -p "$var"
