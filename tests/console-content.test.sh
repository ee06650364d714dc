#!/usr/bin/env bash
# Editing the association's other content from the staff console, end to
# end through nginx with the publisher (tests/stack.sh,
# tests/console-lib.sh, fcgi/ctl.sh): the secretary edits a channel's
# page, previews it through the site's own template and publishes it; the
# site shows it and the content's git has the commit; an edit that breaks
# the build leaves the site and the file as they were, its messages on the
# edit; a rollback puts the file's text back for good (not over a hand
# edit); an officer may not edit; every step audited.
set -u
cd "$(dirname "$0")/.."
. tests/stack.sh
cp -r content "$work/content"
export CONTENT=$work/content PUBLISH_EVERY=1
git -C "$CONTENT" init -q && git -C "$CONTENT" add -A &&
    git -C "$CONTENT" -c user.name=t -c user.email=t@t commit -qm content ||
    { fail "content: setup" "git"; exit 0; }
"$BIN/wasl-build" --quiet --content "$CONTENT" --out "$SITE" ||
    { fail "content: setup" "build"; exit 0; }
stack_start content
. tests/console-lib.sh

q() { sqlite3 "$DB" "$1"; }
wait_for() {
	local i
	for i in $(seq 1 120); do
		[ "$(q "$1")" = "$2" ] && return 0
		sleep 0.5
	done
	return 1
}
site_sum() { (cd "$SITE" && find . -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum; }
F=channels/letters.md
orig=$(sha256sum <"$CONTENT/$F")

c_account sara secretary 'أمانة السر والنشر' &&
    c_account omar officer 'موظف العلاقات هنا' || { fail "content: accounts" ""; exit 0; }
c_signin sara 'أمانة السر والنشر' && c_signin omar 'موظف العلاقات هنا' ||
    { fail "content: sign-in" "$code"; exit 0; }

c_get omar /staff/content
c1=$code
c_post omar /staff/content/edit path=$F
[ "$c1" = 403 ] && [ "$code" = 403 ] && [ "$(q 'SELECT count(*) FROM content_edit')" = 0 ] &&
    pass "content: an officer may not edit the content (403, nothing made)" ||
    fail "content: officer" "$c1 $code"
c_get sara /staff/content
[ "$code" = 200 ] && grep -q "value=\"$F\"" "$work/body" && grep -q 'value="site.yaml"' "$work/body" &&
    grep -q 'value="pages/privacy.md"' "$work/body" &&
    pass "content: the list offers the details, the channels, the services and the privacy notice" ||
    fail "content: list" "$code"
c_post sara /staff/content/edit path=../etc/passwd
[ "$code" = 404 ] && [ "$(q 'SELECT count(*) FROM content_edit')" = 0 ] &&
    pass "content: a file not on the list refused" || fail "content: other file" "$code"
c_post sara /staff/content/edit path=$F
id=$(q "SELECT id FROM content_edit WHERE path = '$F'")
[ "$code" = 303 ] && [ -n "$id" ] && pass "content: an edit begun from the file's text" ||
    fail "content: start" "$code"
c_get sara /staff/edits/$id
grep -q 'id="field-text"' "$work/body" && grep -q 'title: ' "$work/body" &&
    pass "content: the edit shows the file's text" || fail "content: edit page" "$code"
sed 's/^summary: .*/summary: تصل الخطابات إلى الجمعية وتُسجَّل ويُرد عليها خلال أسبوع./' "$CONTENT/$F" >"$work/new"
c_post sara /staff/edits/$id "text@$work/new" action=preview
c_get sara /staff/edits/$id/preview
[ "$code" = 200 ] && grep -q 'ويُرد عليها خلال أسبوع' "$work/body" &&
    grep -q 'href="/assets/style.css"' "$work/body" &&
    pass "content: the preview is the site's own channel page with the new text" ||
    fail "content: preview" "$code"
c_post sara /staff/edits/$id/publish
if [ "$code" = 303 ] && wait_for "SELECT status FROM content_edit WHERE id = $id" published; then
	pass "content: published by the publisher"
else
	fail "content: publish" "$code $(q "SELECT status, log FROM content_edit WHERE id = $id")"
fi
curl -s "$base/channels/letters/" | grep -q 'ويُرد عليها خلال أسبوع' &&
    grep -q 'ويُرد عليها خلال أسبوع' "$CONTENT/$F" &&
    git -C "$CONTENT" log -1 --format='%an %B' | grep -q "sara.*$F changed" &&
    pass "content: the site and the file changed, committed by its author" ||
    fail "content: after publish" "$(git -C "$CONTENT" log -1 --format='%an %s')"

# An edit that breaks the build.
before=$(site_sum)
old=$(sha256sum "$CONTENT/$F")
c_post sara /staff/content/edit path=$F
id2=$(q "SELECT id FROM content_edit WHERE path = '$F' AND status = 'draft'")
sed 's/^order: /colour: blue\norder: /' "$CONTENT/$F" >"$work/bad"
c_post sara /staff/edits/$id2 "text@$work/bad" action=save
c_post sara /staff/edits/$id2/publish
if [ -n "$id2" ] && wait_for "SELECT status FROM content_edit WHERE id = $id2 AND log IS NOT NULL" draft; then
	[ "$(site_sum)" = "$before" ] && [ "$(sha256sum "$CONTENT/$F")" = "$old" ] &&
	    q "SELECT log FROM content_edit WHERE id = $id2" | grep -q colour &&
	    pass "content: a failed build leaves the site and the file as they were, its messages on the edit" ||
	    fail "content: failed build" "$(q "SELECT log FROM content_edit WHERE id = $id2" | head -3)"
else
	fail "content: failed build" "$id2 $(q "SELECT status FROM content_edit WHERE id = ${id2:-0}")"
fi
# Rolling the edit back: refused while the file has changed by hand since,
# the failure shown; then the file's text before the edit put back for
# good, a daily rebuild keeping it so.
c_get sara /staff/policies
grep -q "تعديل الملف <bdi dir=\"ltr\">$F</bdi>" "$work/body" &&
    pass "content: the rollback names the edit it would undo" ||
    fail "content: rollback named" "$(grep -A2 'staff-rollback-title' "$work/body" | tail -1)"
cp "$CONTENT/$F" "$work/published"
printf '\nسطر أضيف باليد.\n' >>"$CONTENT/$F"
hand=$(sha256sum <"$CONTENT/$F")
c_post sara /staff/policies/rollback
if [ "$code" = 303 ] && wait_for "SELECT outcome FROM publish_job WHERE kind = 'rollback'" failed; then
	c_get sara /staff/policies
	[ "$(sha256sum <"$CONTENT/$F")" = "$hand" ] &&
	    [ "$(q "SELECT status FROM content_edit WHERE id = $id")" = published ] &&
	    grep -q 'تعذّر التراجع الأخير' "$work/body" && grep -q 'changed since it was published' "$work/body" &&
	    pass "content: a file changed by hand since is not put back, and the console says why" ||
	    fail "content: rollback over a hand edit" "$(sha256sum <"$CONTENT/$F")"
else
	fail "content: rollback over a hand edit" "$code $(q "SELECT outcome, log FROM publish_job WHERE kind = 'rollback'")"
fi
cp "$work/published" "$CONTENT/$F"
c_post sara /staff/policies/rollback
if [ "$code" = 303 ] && wait_for "SELECT status FROM content_edit WHERE id = $id" withdrawn; then
	[ "$(sha256sum <"$CONTENT/$F")" = "$orig" ] &&
	    ! curl -s "$base/channels/letters/" | grep -q 'ويُرد عليها خلال أسبوع' &&
	    git -C "$CONTENT" log -1 --format='%an %B' | grep -q "sara.*$F put back" &&
	    [ -z "$(git -C "$CONTENT" status --porcelain -- "$F")" ] &&
	    pass "content: rolled back, the file's text before the edit back, committed" ||
	    fail "content: rollback" "$(git -C "$CONTENT" log -1 --format='%an %s')"
else
	fail "content: rollback" "$code $(q "SELECT status, log FROM content_edit WHERE id = $id")"
fi
"$BIN/wasl-build" --quiet --content "$CONTENT" --out "$SITE" &&
    ! curl -s "$base/channels/letters/" | grep -q 'ويُرد عليها خلال أسبوع' &&
    pass "content: the daily rebuild does not bring the rolled-back edit back" ||
    fail "content: rebuild after rollback" ""
c_post sara /staff/policies/rollback
grep -qi '^location: /staff/policies?done=nothing' "$work/head" &&
    [ "$(q "SELECT count(*) FROM publish_job WHERE done_at IS NULL")" = 0 ] &&
    pass "content: nothing left to roll back, nothing asked" ||
    fail "content: rollback of nothing" "$(grep -i ^location "$work/head")"
[ "$(q "SELECT count(*) FROM audit WHERE ref = '$F' AND actor = 'sara'")" -ge 5 ] &&
    [ "$(q "SELECT count(*) FROM audit WHERE ref = '$F' AND action = 'publish' AND to_status = 'published'")" = 1 ] &&
    pass "content: every step in the audit trail" ||
    fail "content: audit" "$(q "SELECT actor, action, note FROM audit WHERE ref = '$F'")"
