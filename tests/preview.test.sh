#!/usr/bin/env bash
# make preview (fcgi/preview.sh): the draft site served on 127.0.0.1,
# styled and linked as on the site, built again when a content file is
# saved; a broken save reported with the last good preview kept; stopping
# it stops its nginx.
set -u
cd "$(dirname "$0")/.."
. tests/stack.sh

export CONTENT=$work/content
cp -r content "$CONTENT"
PREVIEW_PORT=$PORT VAR=$VAR BIN=$BIN CONTENT=$CONTENT TEMPLATES=templates \
    setsid fcgi/preview.sh >"$work/preview.out" 2>"$work/preview.err" &
pid=$!
stack_at_exit='kill -TERM -- -$pid 2>/dev/null; sleep 0.5'
for _ in $(seq 1 100); do
	grep -q '^preview: http' "$work/preview.out" && break
	sleep 0.2
done
code=$(curl -s -o "$work/home" -w '%{http_code}' "$base/")
css=$(curl -s -o /dev/null -w '%{http_code}' "$base/assets/style.css")
[ "$code" = 200 ] && [ "$css" = 200 ] && grep -q 'href="/assets/style.css"' "$work/home" &&
    pass "preview: the draft site is served with its stylesheet" ||
    fail "preview: served" "$code $css $(cat "$work/preview.err")"
page=$(ls "$CONTENT"/pages/*.md | head -1)
slug=$(basename "$page" .md)
sleep 1.1
printf '\nفقرة أضيفت للمعاينة.\n' >>"$page"
for _ in $(seq 1 50); do
	curl -s "$base/$slug/" | grep -q 'فقرة أضيفت للمعاينة' && break
	sleep 0.2
done
curl -s "$base/$slug/" | grep -q 'فقرة أضيفت للمعاينة' &&
    pass "preview: a page saved is shown changed within seconds" ||
    fail "preview: rebuild on save" "$(tail -3 "$work/preview.err")"
printf 'name: [\n' >>"$CONTENT/site.yaml"
for _ in $(seq 1 50); do
	grep -q 'build failed' "$work/preview.err" && break
	sleep 0.2
done
grep -q 'site.yaml' "$work/preview.err" && curl -s "$base/$slug/" | grep -q 'فقرة أضيفت للمعاينة' &&
    pass "preview: a broken save is reported with its file, the last good preview still shown" ||
    fail "preview: broken save" "$(cat "$work/preview.err")"
kill -TERM $pid 2>/dev/null; sleep 1
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/" || true)
[ "$code" = 000 ] && pass "preview: stopping it (TERM; Ctrl-C in a terminal) stops its nginx" || fail "preview: stop" "$code"
