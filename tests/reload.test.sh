#!/usr/bin/env bash
# tests/reload.test.sh: a form definition changes while the servers run.
# Through real nginx and wasl-forms (as `make start` runs them) on a copy
# of the content: a field is added and the site rebuilt; the new page's
# post is refused (the running definition is the old one) and the
# mismatch logged with field names, never values; `fcgi/ctl.sh reload`
# then serves the new definition with no restart; a broken definition
# keeps the old one serving and says why, and so does a catalog of words
# without one of wasl-forms' texts; posts sent while reloading are
# all answered and stored. Prints PASS/FAIL lines for tests/run.sh.
set -u
cd "$(dirname "$0")/.."
. tests/stack.sh
db() { sqlite3 -batch "$VAR/data/wasl.db" "$1"; }
export CONTENT=$work/content TEMPLATES=$work/templates
cp -r content "$CONTENT"
cp -r templates "$TEMPLATES"
# The content as a checkout under umask 077 would have it: root's alone,
# so that the account wasl-forms runs as reads it only where ctl.sh lets
# it (when we are root).
chmod -R go-rwx "$CONTENT"
build() { "$BIN/wasl-build" --quiet --content "$CONTENT" --out "$SITE" >"$work/build.log" 2>&1; }
build || { fail "reload: first build" "$(head -5 "$work/build.log")"; exit 0; }
stack_start reload
log=$VAR/wasl-forms.log
opened=$(find "$CONTENT" -perm /o=rwx | head -3)
[ -z "$opened" ] && pass "content: not opened to other users by the start" ||
    fail "content: not opened to other users by the start" "$opened"

# inquiry FIELD=VALUE...: post the inquiry form as its page would, with the
# page's token and definition digest (from the page nginx serves now).
inquiry() {
	local page token def a args=()
	for a in "$@"; do args+=(--data-urlencode "$a"); done
	page=$(curl -s "$base/services/inquiry/")
	token=$(sed -n 's/.*name="_token" value="\([^"]*\)".*/\1/p' <<<"$page")
	def=$(sed -n 's/.*name="_def" value="\([^"]*\)".*/\1/p' <<<"$page")
	read -r code location < <(curl -s -o "$work/body" -w '%{http_code} %{redirect_url}\n' \
	    -X POST -d kind=inquiry -d mobile=0512345678 -d privacy_consent=yes \
	    -d "_token=$token" -d "_def=$def" "${args[@]}" "$base/forms/inquiry")
	ref=${location##*/}
}
stored() { db "SELECT value FROM field JOIN submission ON id = submission_id WHERE ref = '$1' AND name = '$2'"; }

inquiry "message=قبل التغيير"
[ "$code" = 303 ] && pass "before: the form is served" || fail "before: the form is served" "$code"
olddef=$(sed -n 's/.*name="_def" value="\([^"]*\)".*/\1/p' "$SITE/services/inquiry/index.html")

# A new field, the site rebuilt: the page has it, the server not yet.
cat >>"$CONTENT/forms/inquiry.yaml" <<'EOF'
  - name: branch
    label: الفرع الأقرب إليك
    type: text
    max: 60
EOF
build || { fail "reload: rebuild with the new field" "$(head -5 "$work/build.log")"; exit 0; }
grep -q 'name="branch"' "$SITE/services/inquiry/index.html" &&
    pass "rebuild: the page has the new field" || fail "rebuild: the page has the new field" "missing"
marker="VALUE$RANDOM$RANDOM"
off=$(stat -c %s "$log")
inquiry "message=$marker" "branch=$marker"
[ "$code" = 400 ] && pass "stale definition: the new page's post is refused (400)" ||
    fail "stale definition: the new page's post is refused (400)" "$code"
sleep 0.2
mismatch=$(tail -c +$((off + 1)) "$log" | grep "form 'inquiry': a post does not match its definition")
[[ "$mismatch" == *"'branch'"* ]] && [[ "$mismatch" == *"another definition"* ]] &&
    [[ "$mismatch" == *"reload"* ]] &&
    pass "stale definition: logged with the field's name, the other definition and what to do" ||
    fail "stale definition: logged with the field's name, the other definition and what to do" \
    "$(tail -c +$((off + 1)) "$log" | head -3)"
grep -q "$marker" "$log" && fail "stale definition: no answer's value in the log" "$(grep "$marker" "$log")" ||
    pass "stale definition: no answer's value in the log"

# The reload: no restart, the new definition serves.
sup=$(cat "$VAR/wasl-forms.pid")
old_workers=$(pgrep -P "$sup" | sort | tr '\n' ' ')
if fcgi/ctl.sh reload >"$work/reload.log" 2>&1; then
	pass "ctl.sh reload: succeeds ($(head -1 "$work/reload.log"))"
else
	fail "ctl.sh reload: succeeds" "$(cat "$work/reload.log")"
fi
[ "$(cat "$VAR/wasl-forms.pid")" = "$sup" ] && kill -0 "$sup" &&
    pass "ctl.sh reload: the same supervisor goes on" || fail "ctl.sh reload: the same supervisor goes on" "gone"
for _ in $(seq 1 50); do
	now=$(pgrep -P "$sup" | sort | tr '\n' ' ')
	[ "$(wc -w <<<"$now")" = "$WORKERS" ] && ! grep -qw -f <(tr ' ' '\n' <<<"$old_workers" | grep .) <<<"$now" && break
	sleep 0.1
done
[ "$(wc -w <<<"$now")" = "$WORKERS" ] && [ "$now" != "$old_workers" ] &&
    pass "ctl.sh reload: the workers are replaced ($old_workers-> $now)" ||
    fail "ctl.sh reload: the workers are replaced" "[$old_workers] -> [$now]"
off=$(stat -c %s "$log")
inquiry "message=بعد التحميل" "branch=تبوك"
[ "$code" = 303 ] && [ "$(stored "$ref" branch)" = "تبوك" ] &&
    pass "after the reload: 303 and the new field stored" ||
    fail "after the reload: 303 and the new field stored" "$code $(head -c 200 "$work/body")"
# The page's own digest, with fields posted after it (which the handler
# moves down over the ones it takes out): no mismatch said.
sleep 0.2
if tail -c +$((off + 1)) "$log" | grep -q "another definition"; then
	fail "after the reload: the current page is not taken for another definition's" \
	    "$(tail -c +$((off + 1)) "$log" | head -2)"
else
	pass "after the reload: the current page is not taken for another definition's"
fi

# A page of the old definition whose fields still parse: served by the
# one loaded, and the mismatch said.
off=$(stat -c %s "$log")
read -r code _ < <(curl -s -o /dev/null -w '%{http_code}\n' -X POST -d kind=inquiry \
    -d mobile=0512345678 -d privacy_consent=yes --data-urlencode "message=$marker" \
    -d "_def=$olddef" "$base/forms/inquiry")
sleep 0.2
line=$(tail -c +$((off + 1)) "$log" | grep "form 'inquiry': a post from a page of another definition")
[ "$code" = 303 ] && [[ "$line" == *"message"* ]] && [[ "$line" != *"$marker"* ]] &&
    pass "old page, fields that parse: 303, the mismatch logged by field names" ||
    fail "old page, fields that parse: 303, the mismatch logged by field names" "$code [$line]"

# A broken definition: the reload fails loudly, the last good one serves.
cp "$CONTENT/forms/inquiry.yaml" "$work/inquiry.good"
printf '  - name: broken\n    type: no-such-type\n' >>"$CONTENT/forms/inquiry.yaml"
off=$(stat -c %s "$log")
if fcgi/ctl.sh reload >"$work/reload.log" 2>&1; then
	fail "broken definition: ctl.sh reload fails" "it succeeded"
else
	pass "broken definition: ctl.sh reload fails"
fi
grep -q "inquiry.yaml" "$work/reload.log" && grep -q "still serving" "$work/reload.log" &&
    pass "broken definition: the error names the file and says the old one serves" ||
    fail "broken definition: the error names the file and says the old one serves" "$(cat "$work/reload.log")"
inquiry "message=مع تعريف معطوب" "branch=المدينة"
[ "$code" = 303 ] && [ "$(stored "$ref" branch)" = "المدينة" ] &&
    pass "broken definition: the last good definition still serves" ||
    fail "broken definition: the last good definition still serves" "$code"
cp "$work/inquiry.good" "$CONTENT/forms/inquiry.yaml"

# A catalog of words without one of wasl-forms' texts: the reload fails
# and names the text, and the last good catalog still serves.
cp "$TEMPLATES/strings.yaml" "$work/strings.good"
sed -i '/^    not_found: "لم نجد/d' "$TEMPLATES/strings.yaml"
if fcgi/ctl.sh reload >"$work/reload.log" 2>&1; then
	fail "catalog without a text: ctl.sh reload fails" "it succeeded"
else
	grep -q "forms.message.not_found" "$work/reload.log" &&
	    pass "catalog without a text: ctl.sh reload fails and names the text" ||
	    fail "catalog without a text: ctl.sh reload fails and names the text" "$(cat "$work/reload.log")"
fi
code=$(curl -s -o "$work/body" -w '%{http_code}' "$base/forms/no-such-form")
[ "$code" = 404 ] && grep -q 'لم نجد الصفحة التي طلبتها' "$work/body" &&
    pass "catalog without a text: the last good one still serves" ||
    fail "catalog without a text: the last good one still serves" "$code"
cp "$work/strings.good" "$TEMPLATES/strings.yaml"

# Unreadable content (as root, for the account the supervisor now is):
# the reload fails and says so.
if [ "$(id -u)" -eq 0 ]; then
	setfacl -b "$CONTENT/forms/inquiry.yaml"
	chmod 600 "$CONTENT/forms/inquiry.yaml"
	if fcgi/ctl.sh reload >"$work/reload.log" 2>&1; then
		fail "unreadable content: the reload fails" "it succeeded"
	else
		grep -q "must be readable by it" "$work/reload.log" &&
		    pass "unreadable content: the reload fails and says who must read what" ||
		    fail "unreadable content: the reload fails and says who must read what" "$(cat "$work/reload.log")"
	fi
	inquiry "message=بعد الفشل" "branch=جدة"
	[ "$code" = 303 ] && pass "unreadable content: the old definition still serves" ||
	    fail "unreadable content: the old definition still serves" "$code"
	fcgi/ctl.sh stop >/dev/null 2>&1
	stack_start reload
fi

# Posts in flight while reloading three times: every one answered 303 and
# stored.
n0=$(db "SELECT count(*) FROM submission")
rm -f "$work/stop"
for c in $(seq 1 4); do
	(
		# until the reloads are over (at most 500 posts each)
		for i in $(seq 1 500); do
			[ -e "$work/stop" ] && break
			curl -s -m 30 -o /dev/null -w '%{http_code} %{redirect_url}\n' -X POST \
			    -d kind=inquiry -d mobile=0512345678 -d privacy_consent=yes \
			    --data-urlencode "message=أثناء التحميل $c $i" "$base/forms/inquiry"
		done >"$work/client$c"
	) &
done
reloads=0
for r in 1 2 3; do
	sleep 0.3
	fcgi/ctl.sh reload >>"$work/reloads.log" 2>&1 && reloads=$((reloads + 1))
done
sleep 0.3
touch "$work/stop"
wait
sent=$(cat "$work"/client* | wc -l)
ok=$(cat "$work"/client* | grep -c '^303 ')
stored_n=$(( $(db "SELECT count(*) FROM submission") - n0 ))
[ "$reloads" = 3 ] && pass "in flight: three reloads succeed" || fail "in flight: three reloads succeed" "$(cat "$work/reloads.log")"
[ "$sent" -gt 20 ] && [ "$ok" = "$sent" ] && [ "$stored_n" = "$sent" ] &&
    pass "in flight: $sent posts during the reloads, every one 303 and stored" ||
    fail "in flight: posts during the reloads, every one 303 and stored" \
    "$sent sent, $ok answered 303 ($(cat "$work"/client* | cut -d' ' -f1 | sort | uniq -c | tr '\n' ' ')), $stored_n stored"
grep -q "killed by signal\|exited with status" "$log" &&
    fail "in flight: no worker died" "$(grep "killed by signal\|exited with status" "$log" | head -2)" ||
    pass "in flight: no worker died"

# With no server running, a reload (as a publish would run it) has nothing
# to do and does not fail.
fcgi/ctl.sh stop >/dev/null 2>&1
fcgi/ctl.sh reload >"$work/reload.log" 2>&1 && grep -q "nothing to reload" "$work/reload.log" &&
    pass "no server running: reload has nothing to do" ||
    fail "no server running: reload has nothing to do" "$(cat "$work/reload.log")"
