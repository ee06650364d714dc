#!/usr/bin/env bash
# The daily rebuild of `make run` (fcgi/ctl.sh's rebuilder): a revision
# approved with an effective date ahead comes into force on that day
# without anyone acting, and a build that fails leaves the site as it
# was. The site is built as on yesterday, its mark dated yesterday, so
# that the rebuilder finds a day the site was not built on.
set -u
cd "$(dirname "$0")/.."
. tests/stack.sh

export CONTENT=$work/content REBUILD_EVERY=1
cp -r content "$CONTENT"
today=$(TZ=Asia/Riyadh date +%F)
yesterday=$(TZ=Asia/Riyadh date -d yesterday +%F)
rev=$CONTENT/policies/beneficiary-relations
sed -e 's/^revision: 1$/revision: 2/' -e 's/^  meeting: 5$/  meeting: 9/' \
    -e "s/^  date: 2024-08-14$/  date: $yesterday/" \
    -e "s/^effective: 2024-08-14$/effective: $today\nchanges: صياغة التمهيد./" \
    -e 's/وتركز الجمعية على صيغة العلاقات/وتُعنى الجمعية بصيغة العلاقات/' \
    "$rev/1.md" >"$rev/2.md"
"$BIN/wasl-build" --quiet --content "$CONTENT" --out "$SITE" --today "$yesterday" \
    >"$work/build.log" 2>&1 || { fail "rebuild: build" "$(head -5 "$work/build.log")"; exit 0; }
page=$SITE/policies/beneficiary-relations/index.html
grep -q 'وتركز الجمعية على صيغة العلاقات' "$page" && ! grep -q 'وتُعنى الجمعية' "$page" &&
    pass "rebuild: built as on yesterday, revision 1 is in force" ||
    fail "rebuild: yesterday's site" "revision 2 already shown"
touch -d "$yesterday 12:00 +0300" "$SITE/.wasl-build"
stack_start rebuild
for _ in $(seq 1 60); do
	grep -q 'built again' "$VAR/rebuild.log" 2>/dev/null && break
	sleep 0.5
done
body=$(curl -s "$base/policies/beneficiary-relations/")
grep -q 'وتُعنى الجمعية بصيغة العلاقات' <<<"$body" &&
    grep -q "rebuild: $today: the site built again" "$VAR/rebuild.log" &&
    pass "rebuild: on the new day the site was built again by itself: revision 2 in force" ||
    fail "rebuild: revision 2 in force" "$(cat "$VAR/rebuild.log" 2>/dev/null | tail -3)"
mark=$(stat -c %Y "$SITE/.wasl-build")
sleep 2
[ "$(stat -c %Y "$SITE/.wasl-build")" = "$mark" ] &&
    pass "rebuild: once built on the day, not built again that day" ||
    fail "rebuild: built again the same day" ""

# A build that fails: the content broken, the site as it was.
printf 'name: [\n' >>"$CONTENT/site.yaml"
touch -d "$yesterday 12:00 +0300" "$SITE/.wasl-build"
before=$(find "$SITE" -type f -exec sha256sum {} + | sort | sha256sum)
for _ in $(seq 1 60); do
	grep -q 'build failed' "$VAR/rebuild.log" && break
	sleep 0.5
done
grep -q "rebuild: $today: the build failed; the site is as it was" "$VAR/rebuild.log" &&
    [ "$(find "$SITE" -type f -exec sha256sum {} + | sort | sha256sum)" = "$before" ] &&
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/policies/beneficiary-relations/")" = 200 ] &&
    pass "rebuild: a build that fails is logged and leaves the site byte for byte as it was" ||
    fail "rebuild: failed build" "$(tail -3 "$VAR/rebuild.log")"

# The deploy's timer fires just after midnight in Riyadh (21:01 UTC).
if command -v systemd-analyze >/dev/null; then
	out=$(systemd-analyze calendar "$(sed -n 's/^OnCalendar=//p' fcgi/deploy/wasl-rebuild.timer)" 2>&1)
	grep -q 'Next elapse: .* 21:01:00 UTC' <<<"$out" &&
	    pass "rebuild: the deploy's timer fires at 00:01 in Riyadh (21:01 UTC)" ||
	    fail "rebuild: timer" "$out"
else
	echo "SKIP rebuild: the deploy's timer: no systemd-analyze here"
fi
