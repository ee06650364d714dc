#!/usr/bin/env bash
# As a person would: the real stack (nginx, wasl-forms, SQLite) on a free
# 127.0.0.1 port, used through Debian's chromium by tests/browser/run.mjs
# (playwright-core, axe-core from the npm registry, installed here on
# first use). Screenshots go to tests/out/screenshots/ (not committed).
set -u
cd "$(dirname "$0")/.."
. tests/stack.sh

for tool in node npm chromium; do
	command -v $tool >/dev/null || { echo "FAIL browser: $tool is not installed"; exit 0; }
done
if [ ! -d tests/browser/node_modules/playwright-core ] ||
    [ ! -d tests/browser/node_modules/axe-core ]; then
	(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error) \
	    >"$work/npm.log" 2>&1 ||
	    { echo "FAIL browser: npm ci: $(tail -3 "$work/npm.log")"; exit 0; }
fi

stack_start browser
out=tests/out/screenshots/${WASL_FLAVOR:-std}
rm -rf "$out"
BASE=$base DB=$VAR/data/wasl.db OUT=$out \
    timeout 600 node tests/browser/run.mjs
