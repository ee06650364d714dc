#!/usr/bin/env bash
# Tests of wasl-build --withdraw SLUG/N: a published revision taken back
# (the console's rollback) stays taken back. Its text moves out of the
# policies into withdrawn/, its fingerprints go with it, the revision
# before it is in force again, a later build does not publish it again,
# the same number can be approved and published again with another text,
# and every refusal or failed build leaves the content and the site as
# they were. Prints PASS/FAIL lines for tests/run.sh.
set -u
cd "$(dirname "$0")/.."
BIN=${WASL_BIN:-bin}
BUILD=$BIN/wasl-build
# Revision 3 of the golden policy is in force on this day.
TODAY=2026-04-01
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
snapshot() { (cd "$1" && find . -type f -exec md5sum {} + | sort); }
c=$work/c
site=$work/site
build() { "$BUILD" --quiet --today $TODAY --content "$c" --out "$site" "$@"; }
third='فقرة أضيفت في الإصدار الثالث'

cp -r tests/golden/site/content "$c"
rm "$c/policies/conduct/4.md"		# the draft after 3
if build --publish 2>"$work/err" && grep -q "$third" "$site/policies/conduct/index.html"; then
	pass "withdraw: revision 3 published and in force"
else
	fail "withdraw: setup" "$(cat "$work/err")"
fi
cp "$c/policies/conduct/3.md" "$work/3.md"
hex3=$(sed -n 's|^conduct/3 ||p' "$c/fingerprints.txt")

# refused NAME EXPECTED-MESSAGE ARGS...: exit non-zero, the message, and
# the content and the site exactly as they were.
refused() {
	local name=$1 msg=$2 cb sb
	shift 2
	cb=$(snapshot "$c")
	sb=$(snapshot "$site")
	if build "$@" >"$work/out" 2>&1; then
		fail "withdraw: $name" "it was done"
	elif ! grep -q -- "$msg" "$work/out"; then
		fail "withdraw: $name" "$(cat "$work/out")"
	elif [ "$(snapshot "$c")" != "$cb" ] || [ "$(snapshot "$site")" != "$sb" ] ||
	    [ -e "$c/withdrawn" ]; then
		fail "withdraw: $name" "the content or the site changed"
	else
		pass "withdraw: $name, nothing changed"
	fi
}
refused "a malformed revision is refused" "give the policy's folder and the revision's number" --withdraw conduct
refused "a revision number with a leading zero is refused" "as SLUG/N" --withdraw conduct/03
refused "a path in the slug is refused" "as SLUG/N" --withdraw ../conduct/3
refused "a revision that is not there is refused" "policies/conduct/7.md" --withdraw conduct/7
refused "the first revision is refused" "the first revision of a policy cannot be withdrawn" --withdraw conduct/1
refused "a revision before the latest is refused" "revision 3 comes after it" --withdraw conduct/2
printf '%s\n' '---' 'title: سياسة الاختبار' 'revision: 4' 'status: approved' \
    'approved:' '  meeting: 12' '  date: 2026-02-01' 'effective: 2026-03-15' \
    'changes: فقرة رابعة.' '---' '' '## المقدمة' '' 'نص رابع لم يُنشر.' \
    >"$c/policies/conduct/4.md"
refused "a revision never published is refused" "never published" --withdraw conduct/4
rm "$c/policies/conduct/4.md"
# A build that fails (a broken link in a page): all put back.
cp "$c/pages/privacy.md" "$work/privacy.md"
printf '\n[رابط مكسور](/no-such-page/)\n' >>"$c/pages/privacy.md"
refused "a failed build puts the file and the fingerprints back" "no-such-page" --withdraw conduct/3
cp "$work/privacy.md" "$c/pages/privacy.md"

# ---- withdrawn ----
if build --publish --keep --withdraw conduct/3 >"$work/out" 2>&1; then
	pass "withdraw: revision 3 withdrawn"
else
	fail "withdraw: revision 3 withdrawn" "$(cat "$work/out")"
fi
grep -q "conduct/3 withdrawn: its text is at $c/withdrawn/conduct/3.md" "$work/out" &&
    pass "withdraw: it says where the text went" || fail "withdraw: message" "$(cat "$work/out")"
[ ! -e "$c/policies/conduct/3.md" ] && cmp -s "$work/3.md" "$c/withdrawn/conduct/3.md" &&
    pass "withdraw: the text moved, byte for byte, to withdrawn/conduct/3.md" ||
    fail "withdraw: the text" "$(ls -R "$c/withdrawn" 2>&1)"
! grep -q '^conduct/3 ' "$c/fingerprints.txt" &&
    grep -qx "withdrawn/conduct/3 $hex3" "$c/fingerprints.txt" &&
    grep -q '^conduct/2 ' "$c/fingerprints.txt" &&
    pass "withdraw: its fingerprint stays, under the place its text went" ||
    fail "withdraw: fingerprints" "$(cat "$c/fingerprints.txt")"
in_force() {
	[ ! -e "$site/policies/conduct/3/index.html" ] &&
	    ! grep -q "$third" "$site/policies/conduct/index.html" &&
	    grep -q 'conduct/2/' "$site/policies/conduct/index.html"
}
in_force && pass "withdraw: the site has revision 2 in force and no revision 3" ||
    fail "withdraw: the site" "$(ls "$site/policies/conduct")"
[ -d "$site.prev/policies/conduct/3" ] &&
    pass "withdraw: with --keep the site it replaced is kept" || fail "withdraw: --keep" "no $site.prev"
build 2>"$work/err" && in_force && build --publish 2>>"$work/err" && in_force &&
    pass "withdraw: the next builds (the daily one, a publish) do not publish it again" ||
    fail "withdraw: rebuilt" "$(cat "$work/err")"

# ---- the same number again, with another text ----
sed 's/وفقرة أضيفت في الإصدار الثالث/وفقرة صححها المجلس/' "$work/3.md" >"$c/policies/conduct/3.md"
if build --publish 2>"$work/err" && grep -q 'وفقرة صححها المجلس' "$site/policies/conduct/index.html"; then
	new=$(sed -n 's|^conduct/3 ||p' "$c/fingerprints.txt")
	[ -n "$new" ] && [ "$new" != "$hex3" ] &&
	    pass "withdraw: revision 3 approved again with another text publishes, sealed anew" ||
	    fail "withdraw: republished" "$(cat "$c/fingerprints.txt")"
else
	fail "withdraw: republished" "$(cat "$work/err")"
fi
if build --withdraw conduct/3 >/dev/null 2>"$work/err" &&
    [ -e "$c/withdrawn/conduct/3.md" ] && [ -e "$c/withdrawn/conduct/3-2.md" ] &&
    grep -q '^withdrawn/conduct/3-2 ' "$c/fingerprints.txt" && cmp -s "$work/3.md" "$c/withdrawn/conduct/3.md"; then
	pass "withdraw: withdrawn a second time, it goes beside the first (3-2.md), which stays"
else
	fail "withdraw: second" "$(cat "$work/err"; ls "$c/withdrawn/conduct")"
fi
"$BUILD" --withdraw conduct/3 --drafts --content "$c" --out "$work/x" >/dev/null 2>&1
[ $? -eq 2 ] && pass "withdraw: with --drafts is a usage error" || fail "withdraw: --drafts" "not 2"
