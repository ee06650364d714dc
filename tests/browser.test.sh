#!/usr/bin/env bash
# As a person would: the real stack (nginx, wasl-forms, SQLite) on a free
# 127.0.0.1 port, used through Debian's chromium by tests/browser/run.mjs
# (playwright-core, axe-core from the npm registry, installed here on
# first use). Screenshots go to tests/out/screenshots/ (not committed).
#
# The site is the association's content with, in a copy, what every kind
# of page needs to be seen: published survey results (the golden report)
# and an approved second revision of its policy, not yet in force, so
# that there is a comparison page.
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

export CONTENT=$work/content
cp -r content "$CONTENT"
mkdir -p "$CONTENT/data"
cp tests/golden/admin/report.json "$CONTENT/data/satisfaction.json"
rev=$CONTENT/policies/beneficiary-relations
sed -e 's/^revision: 1$/revision: 2/' -e 's/^  meeting: 5$/  meeting: 9/' \
    -e 's/^  date: 2024-08-14$/  date: 2025-01-15/' \
    -e 's/^effective: 2024-08-14$/effective: 2099-01-01\nchanges: صياغة التمهيد./' \
    -e 's/وتركز الجمعية على صيغة العلاقات/وتُعنى الجمعية بصيغة العلاقات/' \
    "$rev/1.md" >"$rev/2.md"
"$BIN/wasl-build" --quiet --content "$CONTENT" --out "$SITE" \
    >"$work/build.log" 2>&1 ||
    { echo "FAIL browser: build: $(head -5 "$work/build.log")"; exit 0; }
stack_start browser
out=tests/out/screenshots/${WASL_FLAVOR:-std}
rm -rf "$out"
BASE=$base DB=$VAR/data/wasl.db OUT=$out \
    timeout 600 node tests/browser/run.mjs
