#!/usr/bin/env bash
# As a person would: the real stack (nginx, wasl-forms, SQLite) on a free
# 127.0.0.1 port, used through Debian's chromium by tests/browser/run.mjs
# (playwright-core, axe-core from the npm registry, installed here on
# first use). Screenshots go to tests/out/screenshots/ (not committed).
set -u
cd "$(dirname "$0")/.."
BIN=${WASL_BIN:-bin}
work=$(mktemp -d)
chmod 755 "$work"
export VAR=$work/var SITE=$work/site BIN LIMIT=0 WORKERS=2
cleanup() {
	fcgi/ctl.sh stop >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT

for tool in node npm chromium; do
	command -v $tool >/dev/null || { echo "FAIL browser: $tool is not installed"; exit 0; }
done
if [ ! -d tests/browser/node_modules/playwright-core ] ||
    [ ! -d tests/browser/node_modules/axe-core ]; then
	(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error) \
	    >"$work/npm.log" 2>&1 ||
	    { echo "FAIL browser: npm ci: $(tail -3 "$work/npm.log")"; exit 0; }
fi

PORT=""
for _ in $(seq 1 50); do
	p=$((20000 + RANDOM % 30000))
	if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then PORT=$p; break; fi
done
export PORT
"$BIN/wasl-build" --quiet --content content --out "$SITE" ||
    { echo "FAIL browser: wasl-build failed"; exit 0; }
fcgi/ctl.sh start >"$work/start.log" 2>&1 ||
    { echo "FAIL browser: servers: $(cat "$work/start.log")"; exit 0; }
out=tests/out/screenshots/${WASL_FLAVOR:-std}
rm -rf "$out"
BASE=http://127.0.0.1:$PORT DB=$VAR/wasl.db OUT=$out \
    timeout 600 node tests/browser/run.mjs
