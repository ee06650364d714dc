#!/usr/bin/env bash
# Publishing from the staff console in Debian's chromium
# (tests/browser/publish.mjs: playwright-core, axe-core) on the real stack
# with its publisher (fcgi/ctl.sh), over a copy of the content. Screenshots
# go to tests/out/publish/ (not committed).
set -u
cd "$(dirname "$0")/.."
. tests/stack.sh

for tool in node npm chromium; do
	command -v $tool >/dev/null || { echo "FAIL publish-browser: $tool is not installed"; exit 0; }
done
if [ ! -d tests/browser/node_modules/playwright-core ] ||
    [ ! -d tests/browser/node_modules/axe-core ]; then
	(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error) \
	    >"$work/npm.log" 2>&1 ||
	    { echo "FAIL publish-browser: npm ci: $(tail -3 "$work/npm.log")"; exit 0; }
fi
cp -r content "$work/content"
export CONTENT=$work/content PUBLISH_EVERY=1
"$BIN/wasl-build" --quiet --content "$CONTENT" --out "$SITE" ||
    { echo "FAIL publish-browser: build"; exit 0; }
stack_start publish-browser
tokens=""
for a in sara:secretary hamad:chair; do
	name=${a%%:*} role=${a#*:}
	t=$("$BIN/wasl-admin" --db "$VAR/data/wasl.db" --content content user add "$name" \
	    --role "$role" --console-url "$base/staff" 2>&1 | grep -o 'token=[A-Za-z0-9_-]*' | cut -d= -f2)
	[ -n "$t" ] || { echo "FAIL publish-browser: user add $name"; exit 0; }
	tokens="$tokens${tokens:+,}$name:$role:$t"
done
out=tests/out/publish/${WASL_FLAVOR:-std}
rm -rf "$out"
BASE=$base DB=$VAR/data/wasl.db OUT=$out TOKENS=$tokens \
    timeout 900 node tests/browser/publish.mjs
