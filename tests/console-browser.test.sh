#!/usr/bin/env bash
# The staff console as staff would use it, in Debian's chromium
# (tests/browser/console.mjs: playwright-core, axe-core), on the real
# stack: nginx, wasl-forms and wasl-console on a free 127.0.0.1 port.
# The accounts are made as an admin would make the first ones, with
# `wasl-admin user add`, and enrolled in the browser at their links.
# Screenshots go to tests/out/console/ (not committed).
set -u
cd "$(dirname "$0")/.."
. tests/stack.sh

for tool in node npm chromium; do
	command -v $tool >/dev/null || { echo "FAIL console-browser: $tool is not installed"; exit 0; }
done
if [ ! -d tests/browser/node_modules/playwright-core ] ||
    [ ! -d tests/browser/node_modules/axe-core ]; then
	(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error) \
	    >"$work/npm.log" 2>&1 ||
	    { echo "FAIL console-browser: npm ci: $(tail -3 "$work/npm.log")"; exit 0; }
fi
stack_start console-browser
tokens=""
for a in noura:officer khalid:committee sara:manager omar:admin; do
	name=${a%%:*} role=${a#*:}
	t=$("$BIN/wasl-admin" --db "$VAR/data/wasl.db" --content content user add "$name" \
	    --role "$role" --console-url "$base/staff" 2>&1 | grep -o 'token=[A-Za-z0-9_-]*' | cut -d= -f2)
	[ -n "$t" ] || { echo "FAIL console-browser: user add $name"; exit 0; }
	tokens="$tokens${tokens:+,}$name:$role:$t"
done
out=tests/out/console/${WASL_FLAVOR:-std}
rm -rf "$out"
BASE=$base DB=$VAR/data/wasl.db OUT=$out TOKENS=$tokens \
    timeout 900 node tests/browser/console.mjs
