#!/usr/bin/env bash
# Publishing from the staff console, end to end through nginx
# (tests/stack.sh, tests/console-lib.sh) with the publisher that
# fcgi/ctl.sh runs: a secretary drafts revision 2 of a policy, records
# the board's approval (a date in the future, one before revision 1's and
# a text that disagrees refused; the date typed in Hijri), makes it ready;
# she cannot publish it herself (403); the chair does; the public site
# then shows revision 2 in force, revision 1 superseded, the history, the
# comparison and the feed updated, and the content folder's git has the
# commit in both names; a rollback withdraws revision 2 for good (a
# rebuild does not bring it back) and revision 1 is in force again; a
# revision whose build fails leaves the site as it was.
set -u
cd "$(dirname "$0")/.."
. tests/stack.sh
# A content folder of its own (the publisher writes into it), a git
# repository, and its site.
cp -r content "$work/content"
export CONTENT=$work/content PUBLISH_EVERY=1
git -C "$CONTENT" init -q && git -C "$CONTENT" add -A &&
    git -C "$CONTENT" -c user.name=t -c user.email=t@t commit -qm content ||
    { fail "publish: setup" "git"; exit 0; }
"$BIN/wasl-build" --quiet --content "$CONTENT" --out "$SITE" ||
    { fail "publish: setup" "build"; exit 0; }
stack_start publish
. tests/console-lib.sh

POL=beneficiary-relations
q() { sqlite3 "$DB" "$1"; }
# wait_for SQL VALUE: until the query answers VALUE (60 s at most).
wait_for() {
	local i
	for i in $(seq 1 120); do
		[ "$(q "$1")" = "$2" ] && return 0
		sleep 0.5
	done
	return 1
}
site_sum() { (cd "$SITE" && find . -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum; }

c_account sara secretary 'أمانة السر والنشر' &&
    c_account hamad chair 'رئاسة المجلس والنشر' &&
    c_account omar officer 'موظف العلاقات هنا' || { fail "publish: accounts" ""; exit 0; }
c_signin sara 'أمانة السر والنشر' && c_signin hamad 'رئاسة المجلس والنشر' &&
    c_signin omar 'موظف العلاقات هنا' || { fail "publish: sign-in" "$code"; exit 0; }

# ---- who may ----
c_get sara /staff/
grep -qi '^location: /staff/policies' "$work/head" &&
    pass "publish: the secretary's first page is the policies" ||
    fail "publish: secretary's home" "$(grep -i ^location "$work/head")"
c_get omar /staff/policies
[ "$code" = 403 ] && pass "publish: an officer may not see the publishing pages (403)" ||
    fail "publish: officer" "$code"
c_post hamad /staff/policies/$POL/new
[ "$code" = 403 ] && [ "$(q 'SELECT count(*) FROM policy_draft')" = 0 ] &&
    pass "publish: the chair may not start a draft (403, nothing made)" ||
    fail "publish: chair drafting" "$code"

codes=""
for p in /staff/drafts/0 /staff/drafts/01 /staff/drafts/1x /staff/drafts/-1 \
    /staff/drafts/99999999999999999999 /staff/drafts/ /staff/edits/01 /staff/edits/1%2F; do
	c_get sara "$p"
	codes="$codes $code"
done
[ "$codes" = " 404 404 404 404 404 404 404 404" ] &&
    pass "publish: a draft's or an edit's number malformed or unknown: 404" ||
    fail "publish: malformed ids" "$codes"

# ---- drafting ----
c_get sara /staff/policies
[ "$code" = 200 ] && grep -q "action=\"/staff/policies/$POL/new\"" "$work/body" &&
    grep -q 'الإصدار <bdi>1</bdi>' "$work/body" &&
    pass "publish: the list shows each policy's revision in force and offers revision 2" ||
    fail "publish: list" "$code"
c_post sara /staff/policies/$POL/new
id=$(q "SELECT id FROM policy_draft WHERE slug = '$POL' AND revision = 2")
[ "$code" = 303 ] && [ -n "$id" ] &&
    grep -qi "^location: /staff/drafts/$id?done=started" "$work/head" &&
    pass "publish: revision 2 started from revision 1" ||
    fail "publish: start" "$code $id"
c_post sara /staff/policies/$POL/new
[ "$code" = 303 ] && [ "$(q 'SELECT count(*) FROM policy_draft')" = 1 ] &&
    pass "publish: a second draft of the same policy refused" ||
    fail "publish: second draft" "$code"

# The text: revision 1's with one sentence more, its approval paragraph
# still revision 1's (meeting 5, 14/08/2024).
awk 'BEGIN{n=0} n>=2{print; next} /^---$/{n++}' "$CONTENT/policies/$POL/1.md" >"$work/body1"
sed -e 's/^## الهدف العام$/## الهدف العام\n\nوتلتزم الجمعية بالرد على كل طلب خلال المدة المعلنة./' \
    "$work/body1" >"$work/body2"
c_post sara /staff/drafts/$id "title=سياسة تنظيم العلاقة مع المستفيدين" "body@$work/body2" action=save
[ "$code" = 303 ] && q "SELECT body FROM policy_draft WHERE id = $id" | grep -q 'بالرد على كل طلب' &&
    pass "publish: the text saved" || fail "publish: save" "$code"
c_get sara /staff/drafts/$id
[ "$code" = 200 ] && grep -q '<ins' "$work/body" && grep -q 'بالرد' "$work/body" &&
    grep -q 'id="field-body"' "$work/body" &&
    pass "publish: the draft's page compares it word by word with revision 1" ||
    fail "publish: compare" "$code"
c_get sara /staff/drafts/$id/preview
[ "$code" = 200 ] && grep -q 'مسودة غير معتمدة' "$work/body" &&
    grep -q 'href="/assets/style.css"' "$work/body" && grep -q 'بالرد على كل طلب' "$work/body" &&
    pass "publish: the preview is the site's own policy page, marked a draft" ||
    fail "publish: preview" "$code"

approve() {
	c_post sara /staff/drafts/$id/approval "meeting=$1" decision=12 "date=$2" \
	    "calendar=$3" "signatory=رئيس مجلس الإدارة" "changes=أُضيفت مدة الرد." effective=
}
approve 6 2099-01-01 gregorian
[ "$code" = 422 ] && grep -q 'تاريخ الاعتماد لم يأتِ بعد' "$work/body" &&
    [ -z "$(q "SELECT approved_on FROM policy_draft WHERE id = $id")" ] &&
    pass "publish: an approval date in the future refused" ||
    fail "publish: future date" "$code"
approve 6 2024-08-13 gregorian
[ "$code" = 422 ] && grep -q 'يسبق تاريخ اعتماد الإصدار السابق' "$work/body" &&
    pass "publish: an approval date before revision 1's refused" ||
    fail "publish: date before" "$code"
approve 6 1446-09-01 hijri
[ "$code" = 422 ] && grep -q 'رقم الاجتماع في فقرة الاعتماد' "$work/body" &&
    pass "publish: an approval the text's approval paragraph disagrees with refused" ||
    fail "publish: text disagrees" "$code $(grep -o 'error-[a-z]*' "$work/body" | head -3)"
# The approval paragraph made revision 2's: meeting 6, 1 Ramadan 1446.
sed -i -e 's/رقم (5)/رقم (6)/' -e 's|10/02/1446هـ الموافق 14/08/2024م|01/09/1446هـ الموافق 01/03/2025م|' "$work/body2"
c_post sara /staff/drafts/$id "title=سياسة تنظيم العلاقة مع المستفيدين" "body@$work/body2" action=save
approve 6 1446-09-01 hijri
c_get sara /staff/drafts/$id
[ "$(q "SELECT approved_on || ' ' || effective || ' ' || meeting FROM policy_draft WHERE id = $id")" = "2025-03-01 2025-03-01 6" ] &&
    grep -q 'datetime="2025-03-01"' "$work/body" && grep -q '1446' "$work/body" &&
    pass "publish: the approval recorded, its Hijri date converted and shown in both calendars" ||
    fail "publish: approval" "$code $(q "SELECT approved_on FROM policy_draft WHERE id = $id")"
c_post sara /staff/drafts/$id/ready
[ "$code" = 303 ] && [ "$(q "SELECT status || ready_by FROM policy_draft WHERE id = $id")" = readysara ] &&
    pass "publish: made ready by the secretary" || fail "publish: ready" "$code"

# ---- the second person ----
c_post sara /staff/drafts/$id/publish
[ "$code" = 403 ] && [ "$(q "SELECT status FROM policy_draft WHERE id = $id")" = ready ] &&
    [ "$(q 'SELECT count(*) FROM publish_job')" = 0 ] &&
    grep -q 'يؤكد النشرَ شخص آخر' "$work/body" &&
    pass "publish: the one who made it ready cannot publish it (403, nothing changes)" ||
    fail "publish: same person" "$code"
c_get hamad /staff/drafts/$id
grep -q "action=\"/staff/drafts/$id/publish\"" "$work/body" && grep -q '<ins' "$work/body" &&
    ! grep -q 'id="field-body"' "$work/body" &&
    pass "publish: the chair sees the comparison and the confirmation, not the editor" ||
    fail "publish: chair's page" "$code"
c_post hamad /staff/drafts/$id/publish
[ "$code" = 303 ] && pass "publish: the chair confirms" || fail "publish: confirm" "$code"
if wait_for "SELECT status FROM policy_draft WHERE id = $id" published; then
	pass "publish: the publisher built and published it"
else
	fail "publish: publisher" "$(q "SELECT status, log FROM policy_draft WHERE id = $id") $(tail -5 "$VAR/publish.log" 2>/dev/null)"
fi
curl -s "$base/policies/$POL/" >"$work/cur"
curl -s "$base/policies/$POL/1/" >"$work/r1"
curl -s "$base/policies/$POL/history/" >"$work/hist"
curl -s -o /dev/null -w '%{http_code}' "$base/policies/$POL/compare/1-2/" >"$work/cmp"
curl -s "$base/feed.xml" >"$work/feed"
grep -q 'بالرد على كل طلب' "$work/cur" && grep -q 'لم يعد معمولًا به' "$work/r1" &&
    grep -q 'الإصدار 2</a> <span class="tag tag-current">' "$work/hist" &&
    [ "$(cat "$work/cmp")" = 200 ] && grep -q "/policies/$POL/2/" "$work/feed" &&
    pass "publish: the site shows revision 2 in force, revision 1 superseded, history, comparison and feed" ||
    fail "publish: public site" "$(grep -c بالرد "$work/cur") $(cat "$work/cmp")"
cp "$CONTENT/policies/$POL/2.md" "$work/published2" 2>/dev/null
grep -q "^$POL/2 " "$CONTENT/fingerprints.txt" &&
    head -1 "$CONTENT/policies/$POL/2.md" | grep -q '^---$' &&
    pass "publish: the revision written to the content and its text sealed" ||
    fail "publish: content" "$(tail -2 "$CONTENT/fingerprints.txt")"
git -C "$CONTENT" log -1 --format='%an%n%B' >"$work/git"
grep -q '^sara$' "$work/git" && grep -q 'Approved-by: sara' "$work/git" &&
    grep -q 'Published-by: hamad' "$work/git" &&
    git -C "$CONTENT" show --stat HEAD | grep -q "policies/$POL/2.md" &&
    pass "publish: a commit in the content's git by its author, with both names" ||
    fail "publish: git" "$(cat "$work/git")"
# The servers read the content again once the publisher is done.
for _ in $(seq 1 60); do
	c_get hamad /staff/policies
	grep -q 'الإصدار <bdi>2</bdi>، اعتُمد' "$work/body" && break
	sleep 0.5
done
grep -q 'الإصدار <bdi>2</bdi>، اعتُمد' "$work/body" &&
    pass "publish: the console shows revision 2 in force after the publish" ||
    fail "publish: console reloaded" "$(grep -o 'الإصدار <bdi>[0-9]</bdi>[^<]*' "$work/body" | head -3)"
[ "$(q "SELECT count(*) FROM audit WHERE action = 'draft' AND ref = '$POL/2' AND actor = 'sara'")" -ge 4 ] &&
    [ "$(q "SELECT count(*) FROM audit WHERE action = 'publish' AND ref = '$POL/2' AND actor = 'hamad'")" = 1 ] &&
    [ "$(q "SELECT count(*) FROM audit WHERE action = 'publish' AND ref = '$POL/2' AND to_status = 'published'")" = 1 ] &&
    pass "publish: every step in the audit trail, in each person's name" ||
    fail "publish: audit" "$(q "SELECT actor, action, note FROM audit WHERE action IN ('draft','publish')")"

# ---- rollback ----
# The console says what a rollback undoes; it withdraws revision 2 for
# good: its text out of the policies (kept in withdrawn/), its fingerprint
# renamed with it, committed; the daily rebuild does not bring it back.
c_get sara /staff/policies
grep -q 'الإصدار <bdi>2</bdi> من ' "$work/body" && grep -q 'تراجع عن هذا النشر' "$work/body" &&
    pass "publish: the console names the revision a rollback would withdraw" ||
    fail "publish: rollback named" "$(grep -A3 'staff-rollback-title' "$work/body" | tail -2)"
c_post sara /staff/policies/$POL/new
id3=$(q "SELECT id FROM policy_draft WHERE slug = '$POL' AND revision = 3 AND status = 'draft'")
c_post sara /staff/policies/rollback
grep -qi '^location: /staff/policies?done=follows' "$work/head" &&
    [ "$(q "SELECT count(*) FROM publish_job WHERE kind = 'rollback'")" = 0 ] &&
    pass "publish: no rollback from under an open draft of revision 3" ||
    fail "publish: rollback under a draft" "$(grep -i ^location "$work/head")"
c_post sara /staff/drafts/$id3/reject
c_post sara /staff/policies/rollback
[ "$code" = 303 ] && wait_for "SELECT count(*) FROM publish_job WHERE kind = 'rollback' AND outcome = 'done'" 1 &&
    pass "publish: a rollback asked and done" || fail "publish: rollback" "$code $(tail -3 "$VAR/publish.log")"
curl -s "$base/policies/$POL/1/" >"$work/r1"
r2=$(curl -s -o /dev/null -w '%{http_code}' "$base/policies/$POL/2/")
! grep -q 'لم يعد معمولًا به' "$work/r1" && [ "$r2" = 404 ] &&
    ! grep -q 'بالرد على كل طلب' <(curl -s "$base/policies/$POL/") &&
    pass "publish: the rollback restores revision 1" || fail "publish: after rollback" "$r2"
[ ! -e "$CONTENT/policies/$POL/2.md" ] && cmp -s "$CONTENT/withdrawn/$POL/2.md" "$work/published2" &&
    grep -q "^withdrawn/$POL/2 " "$CONTENT/fingerprints.txt" &&
    ! grep -q "^$POL/2 " "$CONTENT/fingerprints.txt" &&
    [ "$(q "SELECT status FROM policy_draft WHERE slug = '$POL' AND revision = 2")" = withdrawn ] &&
    pass "publish: revision 2 withdrawn from the content, its text and fingerprint kept aside" ||
    fail "publish: withdrawn" "$(ls "$CONTENT/policies/$POL" "$CONTENT/withdrawn/$POL" 2>&1 | tr '\n' ' ')"
git -C "$CONTENT" log -1 --format='%an%n%B' >"$work/git"
grep -q '^sara$' "$work/git" && grep -q "revision 2 withdrawn" "$work/git" &&
    [ -z "$(git -C "$CONTENT" status --porcelain)" ] &&
    pass "publish: the withdrawal committed in the content's git by who asked it" ||
    fail "publish: withdrawal commit" "$(cat "$work/git"; git -C "$CONTENT" status --porcelain)"
"$BIN/wasl-build" --quiet --content "$CONTENT" --out "$SITE" &&
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/policies/$POL/2/")" = 404 ] &&
    ! grep -q 'بالرد على كل طلب' <(curl -s "$base/policies/$POL/") &&
    pass "publish: the daily rebuild does not bring revision 2 back" ||
    fail "publish: rebuild after rollback" ""
c_get sara /staff/policies
grep -q 'سُحب بالتراجع عنه' "$work/body" && grep -q 'لا يوجد نشر من لوحة الموظفين يمكن التراجع عنه' "$work/body" &&
    ! grep -q 'تراجع عن هذا النشر' "$work/body" &&
    pass "publish: the console lists revision 2 as withdrawn, nothing more to roll back" ||
    fail "publish: console after rollback" "$code"
c_post hamad /staff/policies/rollback
grep -qi '^location: /staff/policies?done=nothing' "$work/head" &&
    [ "$(q "SELECT count(*) FROM publish_job WHERE kind = 'rollback'")" = 1 ] &&
    pass "publish: a rollback with nothing to undo asks nothing" ||
    fail "publish: rollback of nothing" "$(grep -i ^location "$work/head")"
said=""
for d in "rollback=يُلغى آخر نشر" "busy=للناشر عمل لم يُتمّه بعد" "follows=تلي الإصدار الذي سيُسحب" \
    "rejected=أُلغيت المسودة." "open=لهذه السياسة مسودة مفتوحة؛"; do
	c_get sara "/staff/policies?done=${d%%=*}"
	grep -q "${d#*=}" "$work/body" || said="$said ${d%%=*}"
done
[ -z "$said" ] && pass "publish: the policies page says what came of each step it was sent back from" ||
    fail "publish: the list's notices" "not said:$said"

# ---- a failed build ----
before=$(site_sum)
c_post sara /staff/policies/$POL/new
id3=$(q "SELECT id FROM policy_draft WHERE slug = '$POL' AND status = 'draft'")
{ cat "$work/body2"; printf '\n[رابط مكسور](/no-such-page/)\n'; } >"$work/body3"
c_post sara /staff/drafts/$id3 "title=سياسة تنظيم العلاقة مع المستفيدين" "body@$work/body3" action=save
c_post sara /staff/drafts/$id3/approval meeting=6 "date=2025-03-01" calendar=gregorian \
    "changes=رابط." effective=
c_post sara /staff/drafts/$id3/ready
c_post hamad /staff/drafts/$id3/publish
if [ -n "$id3" ] && wait_for "SELECT status FROM policy_draft WHERE id = $id3" draft; then
	[ "$(site_sum)" = "$before" ] && [ ! -e "$CONTENT/policies/$POL/2.md" ] &&
	    q "SELECT log FROM policy_draft WHERE id = $id3" | grep -q 'no-such-page' &&
	    ! grep -q "^$POL/2 " "$CONTENT/fingerprints.txt" &&
	    pass "publish: a failed build leaves the site and the content as they were, its messages on the draft" ||
	    fail "publish: failed build" "$(q "SELECT log FROM policy_draft WHERE id = $id3" | head -3)"
	c_get sara /staff/drafts/$id3
	grep -q 'تعذّر نشر هذا الإصدار' "$work/body" && grep -q 'no-such-page' "$work/body" &&
	    pass "publish: the secretary sees why the build failed" || fail "publish: log shown" "$code"
else
	fail "publish: failed build" "$id3 $(q "SELECT status FROM policy_draft WHERE id = ${id3:-0}")"
fi
