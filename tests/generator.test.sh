#!/usr/bin/env bash
# Tests of wasl-build: golden output, the real and fixture sites, links and
# anchors, dates, and every kind of bad content (with the published site
# left untouched). Prints PASS/FAIL lines for tests/run.sh.
#
# UPDATE_GOLDEN=1 bash tests/generator.test.sh rewrites the golden output
# after an intended change; review the diff before committing it.
set -u
cd "$(dirname "$0")/.."
BIN=${WASL_BIN:-bin}
BUILD=$BIN/wasl-build
LINKCHECK=$BIN/tests/tools/linkcheck
# The golden site is built as on this day: revision 2 of its policy is in
# force, 3 is approved for later, 1 is superseded, 4 is a draft.
TODAY=2026-01-15
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

pass() { echo "PASS $1"; }
snapshot() { (cd "$1" && find . -type f -exec md5sum {} + | sort); }
fail() { echo "FAIL $1: $2"; }
# check NAME COMMAND...: PASS when the command succeeds.
check() {
	local name=$1
	shift
	if "$@" >"$work/check.out" 2>&1; then
		pass "$name"
	else
		fail "$name" "$(head -c 600 "$work/check.out" | tr '\n' ' ')"
	fi
}

# ---- golden output -------------------------------------------------------
golden=tests/golden/site
if "$BUILD" --quiet --today $TODAY --content "$golden/content" \
    --out "$work/golden" 2>"$work/golden.err"; then
	if [ -n "${UPDATE_GOLDEN:-}" ]; then
		rm -rf "$golden/expected"
		cp -r "$work/golden" "$golden/expected"
		rm -rf "$golden/expected/assets"
		find "$golden/expected" -name '*.pdf' -delete
	fi
	# The stylesheet is copied as it is; the pages are what is golden.
	# The PDF files depend on the system's fonts and Pango: what they
	# hold is tested in tests/pdf.test.sh.
	check "golden: output equals tests/golden/site/expected" \
	    diff -ru -x assets -x '*.pdf' "$golden/expected" "$work/golden"
	check "golden: no warnings" test ! -s "$work/golden.err"
else
	fail "golden: build" "$(cat "$work/golden.err")"
fi

# ---- the real site and the fixture sites ---------------------------------
site_checks() {	# NAME OUTDIR
	check "$1: links, anchors, lang/dir, no third-party loads" \
	    "$LINKCHECK" "$2"
	check "$1: sitemap has absolute addresses" \
	    grep -q '<loc>https\?://[^<]*/</loc>' "$2/sitemap.xml"
	check "$1: 404 page" test -s "$2/404.html"
	check "$1: stylesheet" test -s "$2/assets/style.css"
}

out=$("$BUILD" --content content --out "$work/site" 2>"$work/site.err")
if [ $? -eq 0 ]; then
	check "content: summary line" \
	    grep -qE '^wasl-build: [0-9]+ pages written to .* in [0-9]+ ms$' \
	    <<<"$out"
	check "content: no warnings" test ! -s "$work/site.err"
	site_checks content "$work/site"
	p="$work/site/policies/beneficiary-relations/index.html"
	check "content: seed 004 approval is 10/02/1446 AH (Umm al-Qura)" \
	    grep -q '10/02/1446هـ الموافق 14/08/2024م' "$p"
	check "content: policy shows meeting number" \
	    grep -q '<dt>رقم الاجتماع</dt><dd><bdi>5</bdi></dd>' "$p"
	check "content: policy has a table of contents" \
	    grep -q '<nav class="toc"' "$p"
	check "content: Arabic heading anchors" \
	    grep -q '<h2 id="الهدف-العام">' "$p"
	check "content: e-mail isolated left-to-right" \
	    grep -q 'dir="ltr">ihsanhousing@gmail.com<' "$p"
	n=$(ls "$work/site/channels" | grep -vc index.html)
	check "content: eight channel pages" test "$n" -eq 8
	for s in support-request satisfaction-survey inquiry; do
		check "content: service page $s" \
		    test -s "$work/site/services/$s/index.html"
	done
	check "content: privacy notice" test -s "$work/site/privacy/index.html"
	check "content: quiet build prints nothing" test -z "$("$BUILD" \
	    --quiet --content content --out "$work/site")"
else
	fail "content: build" "$(cat "$work/site.err")"
fi

for dir in tests/sites/*/; do
	name=fixture-$(basename "$dir")
	if "$BUILD" --quiet --content "$dir" --out "$work/$name" \
	    2>"$work/$name.err"; then
		check "$name: no warnings" test ! -s "$work/$name.err"
		site_checks "$name" "$work/$name"
		# The seeds give no approval record: the policy stays a draft.
		check "$name: draft policy not published" \
		    test ! -e "$work/$name/policies/beneficiary-relations"
	else
		fail "$name: build" "$(cat "$work/$name.err")"
	fi
	if "$BUILD" --quiet --drafts --content "$dir" \
	    --out "$work/$name-drafts" 2>"$work/$name.err"; then
		site_checks "$name-drafts" "$work/$name-drafts"
		check "$name-drafts: draft marked" grep -q 'banner-draft' \
		    "$work/$name-drafts/policies/beneficiary-relations/index.html"
		# once: by the site's banner, or on a page showing a draft
		# (or announcing one) by that page's own banner
		check "$name-drafts: preview marked on every page" \
		    test -z "$(grep -rL -e 'preview-banner' -e 'banner-draft' \
		    -e 'قيد الإعداد (معاينة)' --include='*.html' \
		    "$work/$name-drafts")"
		check "$name-drafts: one banner says it, never three" \
		    test -z "$(grep -rc -e 'preview-banner' -e 'banner-draft' \
		    -e 'قيد الإعداد (معاينة)' --include='*.html' \
		    "$work/$name-drafts" | grep -v ':1$')"
		check "$name-drafts: no empty line, item or list waiting for a detail" \
		    test -z "$(grep -rlP '<(dd|li|p|h2|h3)[^>]*>\s*</(dd|li|p|h2|h3)>|<(ul|ol|dl)[^>]*>\s*</(ul|ol|dl)>' \
		    --include='*.html' "$work/$name-drafts")"
		check "$name-drafts: a draft is not called approved" \
		    bash -c "! grep -q '>السياسات المعتمدة<' \
		    '$work/$name-drafts/index.html' \
		    '$work/$name-drafts/policies/index.html'"
	else
		fail "$name-drafts: build" "$(cat "$work/$name.err")"
	fi
done

# ---- a preview of a site without drafts; the history's PDF links --------
"$BUILD" --quiet --drafts --content content --out "$work/nodrafts" 2>"$work/nd.err"
check "drafts build of a site with no draft: built" test -s "$work/nodrafts/index.html"
check "drafts build of a site with no draft: no page speaks of drafts or a preview" \
    test -z "$(grep -rl -e 'ومسوداتها' -e 'preview-banner' -e 'مسودات' --include='*.html' "$work/nodrafts")"
check "drafts build of a site with no draft: the policies are called approved" \
    grep -q '>السياسات المعتمدة<' "$work/nodrafts/index.html"
h=$work/site/policies/beneficiary-relations/history/index.html
check "history: each approved revision links its PDF, which exists" bash -c "
    grep -q 'href=\"/policies/beneficiary-relations/1/beneficiary-relations-1.pdf\" type=\"application/pdf\" download>تنزيل الإصدار 1 بصيغة PDF<' '$h' &&
    test -s '$work/site/policies/beneficiary-relations/1/beneficiary-relations-1.pdf'"
check "history: no PDF link for a draft (preview)" bash -c "
    ! grep -q 'بصيغة PDF' '$work/fixture-namaa-rafha-drafts/policies/beneficiary-relations/history/index.html'"

# ---- response_days: the association's word, no default -------------------
rm -rf "$work/nd" && cp -r content "$work/nd" && sed -i '/^response_days:/d' "$work/nd/site.yaml"
check "no response_days: the site builds, and no page gives a reply date" bash -c "
    '$BUILD' --quiet --content '$work/nd' --out '$work/nd-site' &&
    ! grep -rq 'يُتوقع الرد\|موعد الرد' --include='*.html' '$work/nd-site'"
printf '%s\n' 'id: ask' 'title: سؤال' 'retention_days: 30' 'privacy_notice_version: 1' \
    'reference_prefix: AS' 'confirmation:' '  title: وصل' '  body: نرد خلال {{response_days}} يومًا.' \
    'fields:' '  - name: q' '    label: السؤال' '    type: text' >"$work/nd/forms/ask.yaml"
"$BUILD" --quiet --content "$work/nd" --out "$work/nd-site2" >"$work/nd.out" 2>&1; rc=$?
check "no response_days: a confirmation that says {{response_days}} is an error naming both files" \
    bash -c "[ $rc = 1 ] && grep -q '^$work/nd/forms/ask.yaml:1: the confirmation says {{response_days}}, but $work/nd/site.yaml states no response_days' '$work/nd.out'"

# ---- the privacy notice repeats each form's retention_days, in words ------
pv=$work/site/privacy/index.html
check "privacy notice: each form's retention as its definition states it" bash -c "
    grep -q '<strong>طلب دعم مستفيد:</strong> تُحفظ البيانات المرسلة بهذا النموذج مدة 5 سنوات من تاريخ استلامها' '$pv' &&
    grep -q '<strong>الاستفسارات والشكاوى والمقترحات:</strong> تُحفظ البيانات المرسلة بهذا النموذج مدة سنتين' '$pv' &&
    ! grep -q 'قياس رضا المستفيدين:</strong> تُحفظ' '$pv'"
check "privacy notice: no period the forms do not state (the text's own list gone)" bash -c "
    [ \$(grep -c 'خمس سنوات\|سنتان' '$pv') = 0 ]"
rm -rf "$work/rt"; cp -r content "$work/rt"
said=""
for d in 1 2 7 10 11 30 99 100 101 103 111 200 365 730 1095 3650; do
	sed -i "s/^retention_days: .*/retention_days: $d/" "$work/rt/forms/inquiry.yaml"
	"$BUILD" --quiet --content "$work/rt" --out "$work/rt-site" 2>/dev/null
	said="$said$(sed -n 's/.*والمقترحات:<\/strong> تُحفظ البيانات المرسلة بهذا النموذج مدة \(.*\) من تاريخ استلامها.*/\1/p' "$work/rt-site/privacy/index.html")|"
done
check "privacy notice: the number and its noun agree in Arabic" test "$said" = \
    "يوم واحد|يومين|7 أيام|10 أيام|11 يومًا|30 يومًا|99 يومًا|100 يوم|101 يوم|103 أيام|111 يومًا|200 يوم|سنة واحدة|سنتين|3 سنوات|10 سنوات|"

# ---- golden behaviour worth naming ---------------------------------------
g="$work/golden/policies/conduct/index.html"
check "policy: highest approved revision shown, draft never" \
    grep -q '<dt>رقم الإصدار</dt><dd><bdi>2</bdi></dd>' "$g"
check "policy: raw HTML in Markdown is not passed through" \
    bash -c "! grep -q '<script>' '$g'"
check "anchors: duplicate headings get distinct anchors" \
    grep -q 'id="المقدمة-2"' "$g"
check "anchors: a heading with no letters still gets an anchor" \
    grep -q '<h2 id="section">' "$g"
check "policy: approval, effective and review dates shown" \
    grep -c '<time datetime="2024-08-14">\|<time datetime="2024-09-01">\|<time datetime="2025-08-14">' "$g"
check "policy: decision number shown" \
    grep -q '<dt>رقم القرار</dt><dd><bdi>12</bdi></dd>' "$g"

# ---- revisions: addresses, banners, history, comparisons, feed -----------
gp="$work/golden/policies/conduct"
check "revisions: each approved revision at its permanent address" \
    test -s "$gp/1/index.html" -a -s "$gp/2/index.html" -a -s "$gp/3/index.html"
check "revisions: a draft is never published" test ! -e "$gp/4"
check "revisions: the policy's address shows the one in force on the build date" \
    grep -q '<dt>رقم الإصدار</dt><dd><bdi>2</bdi></dd>' "$gp/index.html"
check "revisions: an approved revision not yet in force is announced" \
    grep -q 'اعتُمد إصدار جديد (رقم 3).*ويُعمل به من <time datetime="2026-03-01">' "$gp/index.html"
check "revisions: a superseded revision says so and links to the current one" \
    grep -q 'هذا الإصدار (1) لم يعد معمولًا به.*href="/policies/conduct/"' "$gp/1/index.html"
check "revisions: a revision for later says when it takes effect" \
    grep -q 'لم يدخل حيّز النفاذ بعد' "$gp/3/index.html"
check "revisions: the fingerprint is shown" \
    grep -qE '<code class="fingerprint" dir="ltr">([0-9a-f]{4} ){15}[0-9a-f]{4}</code>' "$gp/2/index.html"
n=$(grep -c '<li class="history-row">' "$gp/history/index.html")
check "history: one row per approved revision" test "$n" -eq 3
check "history: newest first, with meeting and decision" \
    grep -q 'رقم <bdi>7</bdi>، القرار رقم <bdi>12</bdi>' "$gp/history/index.html"
check "compare: consecutive revisions compared" \
    test -s "$gp/compare/1-2/index.html" -a -s "$gp/compare/2-3/index.html"
check "compare: insertions and deletions marked and announced" \
    grep -q '<del><span class="visually-hidden">بداية الحذف: </span>ثانيًا' "$gp/compare/2-3/index.html"
check "feed: well-formed XML" xmllint --noout "$work/golden/feed.xml"
n=$(grep -c '<entry>' "$work/golden/feed.xml")
check "feed: one entry per approved revision" test "$n" -eq 3
check "feed: entries carry absolute permanent addresses" \
    grep -q '<id>https://test-charity.example/policies/conduct/3/</id>' "$work/golden/feed.xml"
check "feed: announced in every page's head" \
    grep -q 'rel="alternate" type="application/atom+xml" href="/feed.xml"' "$work/golden/index.html"
# The feed and the sitemap are XML from their templates: a name with
# & < > " and ' in it is escaped as XML wants.
cp -r "$golden/content" "$work/xc"
sed -i '/^name: /d' "$work/xc/site.yaml"
printf '%s\n' "name: \"أ & <ب> \\\"ج\\\" 'د'\"" >>"$work/xc/site.yaml"
if "$BUILD" --quiet --today $TODAY --content "$work/xc" --out "$work/xo" \
    2>"$work/xo.err"; then
	check "feed: a name with & < > \" ' stays well-formed XML" \
	    xmllint --noout "$work/xo/feed.xml" "$work/xo/sitemap.xml"
	check "feed: a name with & < > \" ' escaped" grep -qF \
	    "<name>أ &amp; &lt;ب&gt; &quot;ج&quot; &#39;د&#39;</name>" \
	    "$work/xo/feed.xml"
else
	fail "feed: a name with & < > \" ': build" "$(cat "$work/xo.err")"
fi
check "changes: newest revision first" \
    bash -c "grep -o 'الإصدار [0-9]</a>' '$work/golden/changes/index.html' | head -1 | grep -q 3"
if "$BUILD" --quiet --drafts --today $TODAY --content "$golden/content" \
    --out "$work/preview" 2>"$work/preview.err"; then
	check "preview: the draft is published, marked" \
	    grep -q 'banner-draft' "$work/preview/policies/conduct/4/index.html"
	check "preview: the draft compared with the last approved revision" \
	    test -s "$work/preview/policies/conduct/compare/3-4/index.html"
	check "preview: the draft is not in the feed" \
	    test "$(grep -c '<entry>' "$work/preview/feed.xml")" -eq 3
else
	fail "preview: build" "$(cat "$work/preview.err")"
fi
check "preview: records no fingerprint" \
    git diff --quiet -- "$golden/content/fingerprints.txt"

# ---- satisfaction results, when the association publishes them ----------
rm -rf "$work/c"
cp -r "$golden/content" "$work/c"
mkdir -p "$work/c/data"
cp tests/golden/admin/report.json "$work/c/data/satisfaction.json"
if "$BUILD" --quiet --today $TODAY --content "$work/c" --out "$work/res" \
    2>"$work/res.err"; then
	check "results: a page with the survey's charts" \
	    grep -q '<svg' "$work/res/results/index.html"
	check "results: linked from the home page" \
	    grep -q 'href="/results/"' "$work/res/index.html"
	check "results: no page without the file" test ! -e "$work/golden/results"
else
	fail "results: build" "$(cat "$work/res.err")"
fi

# ---- rebuilds: only what changed, the same site as a whole build ---------
rm -rf "$work/c" "$work/inc" "$work/whole" "$work/.inc.cache"
cp -r "$golden/content" "$work/c"
"$BUILD" --quiet --today $TODAY --content "$work/c" --out "$work/inc"
out=$("$BUILD" --today $TODAY --content "$work/c" --out "$work/inc")
check "rebuild: nothing changed, nothing written" grep -q '^wasl-build: 0 pages written' <<<"$out"
printf '\nفقرة أضيفت.\n' >>"$work/c/channels/phone.md"
out=$("$BUILD" --today $TODAY --content "$work/c" --out "$work/inc")
check "rebuild: one page's text changed, one page written" grep -q '^wasl-build: 1 pages written' <<<"$out"
"$BUILD" --quiet --today $TODAY --content "$work/c" --out "$work/whole"
check "rebuild: the result equals a whole build" diff -r "$work/inc" "$work/whole"
check "rebuild: its record equals a whole build's" \
    cmp "$work/.inc.cache" "$work/.whole.cache"
# a channel, a service (with its form) and a page changed at once
ch=$(ls "$work/c/channels" | head -1) sv=$(ls "$work/c/services" | head -1) pg=$(ls "$work/c/pages" | head -1)
for f in "channels/$ch" "services/$sv" "pages/$pg"; do printf '\nفقرة في %s.\n' "$f" >>"$work/c/$f"; done
out=$("$BUILD" --today $TODAY --content "$work/c" --out "$work/inc")
rm -rf "$work/whole"
"$BUILD" --quiet --today $TODAY --content "$work/c" --out "$work/whole"
check "rebuild: three kinds changed, three pages written" grep -q '^wasl-build: 3 pages written' <<<"$out"
check "rebuild: three kinds changed, the result equals a whole build" diff -r "$work/inc" "$work/whole"
check "rebuild: three kinds changed, the record equals a whole build's" \
    cmp "$work/.inc.cache" "$work/.whole.cache"
# a channel's page that lists the channels: its rebuild reads them from
# the record (without them its list would be empty)
rm -rf "$work/t" "$work/tinc" "$work/twhole" "$work/.tinc.cache"
cp -r templates "$work/t"
sed -i 's|^  {{> channel-contact}}$|  <ul class="others">{{#channels}}<li>{{title}}</li>{{/channels}}</ul>\n&|' "$work/t/channel.mustache"
"$BUILD" --quiet --today $TODAY --content "$work/c" --templates "$work/t" --out "$work/tinc"
printf '\nفقرة أخرى.\n' >>"$work/c/channels/phone.md"
out=$("$BUILD" --today $TODAY --content "$work/c" --templates "$work/t" --out "$work/tinc")
"$BUILD" --quiet --today $TODAY --content "$work/c" --templates "$work/t" --out "$work/twhole"
check "rebuild: a page listing the channels, one page written" grep -q '^wasl-build: 1 pages written' <<<"$out"
check "rebuild: a page listing the channels lists them all" \
    test "$(grep -o '<ul class="others">.*</ul>' "$work/tinc/channels/phone/index.html" | grep -o '<li>' | wc -l)" = "$(ls "$work/c/channels" | wc -l)"
check "rebuild: a page listing the channels equals a whole build" diff -r "$work/tinc" "$work/twhole"
# a record cut short is not read: the next build is whole, and right
head -c 300 "$work/.inc.cache" >"$work/cut" && mv "$work/cut" "$work/.inc.cache"
printf '\nفقرة ثانية.\n' >>"$work/c/channels/phone.md"
out=$("$BUILD" --today $TODAY --content "$work/c" --out "$work/inc")
rm -rf "$work/whole"
"$BUILD" --quiet --today $TODAY --content "$work/c" --out "$work/whole"
check "rebuild: a damaged record means a whole build" \
    bash -c "! grep -q '^wasl-build: 1 pages written' <<<'$out' && diff -r '$work/inc' '$work/whole'"
sed -i 's/^title: الهاتف$/title: الهاتف والجوال/' "$work/c/channels/phone.md"
out=$("$BUILD" --today $TODAY --content "$work/c" --out "$work/inc")
check "rebuild: a changed title rebuilds the lists and menus too" \
    bash -c "! grep -q '^wasl-build: 1 pages written' <<<'$out' && grep -q 'الهاتف والجوال' '$work/inc/channels/index.html'"
printf '\n[رابط](/no/such/)\n' >>"$work/c/channels/visit.md"
before=$(snapshot "$work/inc")
"$BUILD" --quiet --today $TODAY --content "$work/c" --out "$work/inc" 2>/dev/null &&
    fail "rebuild: a broken link in a changed page" "it built" ||
    check "rebuild: a broken link in a changed page writes nothing" \
    test "$(snapshot "$work/inc")" = "$before"

# ---- threads: the same site and the same messages as one thread ------------
rm -rf "$work/c" "$work/j1" "$work/j4"
cp -r "$golden/content" "$work/c"
for i in $(seq 1 120); do
	sed "s/^order: .*/order: $((i + 10))/" "$work/c/channels/phone.md" \
	    >"$work/c/channels/p$i.md"
done
"$BUILD" --quiet --jobs 1 --today $TODAY --content "$work/c" --out "$work/j1"
"$BUILD" --quiet --jobs 4 --today $TODAY --content "$work/c" --out "$work/j4"
check "threads: --jobs 4 writes the site --jobs 1 writes" \
    diff -r "$work/j1" "$work/j4"
printf '\n[رابط](/no/such/)\n' >>"$work/c/channels/p7.md"
printf '\n[رابط](#no-such)\n' >>"$work/c/channels/p90.md"
rm -rf "$work/j1" "$work/j4"	# whole builds, the threaded kind
"$BUILD" --quiet --jobs 1 --today $TODAY --content "$work/c" \
    --out "$work/j1" 2>"$work/j1.err"
"$BUILD" --quiet --jobs 4 --today $TODAY --content "$work/c" \
    --out "$work/j4" 2>"$work/j4.err"
check "threads: the same problems, in the same order, as one thread" \
    bash -c "grep -q 'p7/index.html: has a broken link' '$work/j4.err' && grep -q 'p90/index.html: links to a missing anchor' '$work/j4.err' && diff <(sed 's|$work/j1|OUT|g' '$work/j1.err') <(sed 's|$work/j4|OUT|g' '$work/j4.err')"

# ---- approved text is immutable ----------------------------------------------
rm -rf "$work/c"
cp -r "$golden/content" "$work/c"
sed -i 's/نص أول./نص أول معدّل./' "$work/c/policies/conduct/1.md"
if "$BUILD" --quiet --today $TODAY --content "$work/c" --out "$work/imm" \
    >"$work/imm.out" 2>&1; then
	fail "immutable: an edited approved text fails the build" "it built"
else
	check "immutable: an edited approved text fails the build, naming the file" \
	    grep -q "c/policies/conduct/1.md: the approved text changed since it was published" "$work/imm.out"
fi
printf '%s\n' '---' 'title: سياسة الاختبار' 'revision: 1' 'status: approved' \
    'approved:' '  by: مجلس الإدارة' '  meeting: 3' '  date: 2023-03-23' \
    'effective: 2023-04-01' 'corrections:' '  - date: 2026-01-10' \
    '    note: تصحيح خطأ إملائي.' '---' '' '## المقدمة' '' 'نص أول معدّل.' \
    >"$work/c/policies/conduct/1.md"
lines=$(grep -c '^conduct/1 ' "$work/c/fingerprints.txt")
if "$BUILD" --quiet --today $TODAY --content "$work/c" --out "$work/imm" \
    >"$work/imm.out" 2>&1 &&
    "$BUILD" --quiet --publish --today $TODAY --content "$work/c" \
    --out "$work/imm" >"$work/imm.out" 2>&1; then
	pass "immutable: a declared editorial correction builds, and publishes"
	check "immutable: the correction's fingerprint is recorded when published" \
	    test "$(grep -c '^conduct/1 ' "$work/c/fingerprints.txt")" -eq $((lines + 1))
	check "immutable: the history shows the correction" \
	    grep -q 'تصحيح خطأ إملائي' "$work/imm/policies/conduct/history/index.html"
else
	fail "immutable: a declared editorial correction builds, and publishes" "$(cat "$work/imm.out")"
fi
sed -i 's/نص أول معدّل./نص أول معدّل مرة أخرى./' "$work/c/policies/conduct/1.md"
"$BUILD" --quiet --today $TODAY --content "$work/c" --out "$work/imm" \
    >"$work/imm.out" 2>&1 && fail "immutable: one correction covers one change" "it built" ||
    pass "immutable: one correction covers one change"

# ---- approved text is sealed when it is published, not before --------------
# A plain build (or a preview) checks approved texts against
# fingerprints.txt but never writes it: a revision approved and not yet
# published can still be corrected, and a build on a server changes no
# file of the content. --publish (make publish) seals what it published.
rm -rf "$work/c" "$work/seal" "$work/seal-pre" "$work/.seal.cache"
cp -r "$golden/content" "$work/c"
printf '%s\n' '---' 'title: سياسة الاختبار' 'revision: 4' 'status: approved' \
    'approved:' '  meeting: 11' '  date: 2026-01-10' 'changes: فقرة جديدة.' \
    '---' '' '## المقدمة' '' 'نص الإصدار الرابع وفيه خطا إملائي.' \
    >"$work/c/policies/conduct/4.md"
fp=$work/c/fingerprints.txt
cp -p "$fp" "$work/fp.before"
stamp() { stat -c '%s %y' "$1"; }
before=$(stamp "$fp")
if "$BUILD" --quiet --today $TODAY --content "$work/c" --out "$work/seal" \
    2>"$work/seal.err"; then
	check "seal: a plain build leaves fingerprints.txt byte for byte" \
	    cmp "$work/fp.before" "$fp"
	check "seal: ... and untouched (its time too)" test "$(stamp "$fp")" = "$before"
else
	fail "seal: a plain build of a new approved revision" "$(cat "$work/seal.err")"
fi
"$BUILD" --quiet --drafts --today $TODAY --content "$work/c" \
    --out "$work/seal-pre" 2>"$work/seal.err"
check "seal: a preview leaves fingerprints.txt untouched" \
    bash -c "cmp '$work/fp.before' '$fp' && test \"\$(stat -c '%s %y' '$fp')\" = '$before'"
sed -i 's/وفيه خطا إملائي/وقد صُحّح خطؤه/' "$work/c/policies/conduct/4.md"
check "seal: a typo fixed in an approved revision never published builds" \
    "$BUILD" --quiet --today $TODAY --content "$work/c" --out "$work/seal"
check "seal: ... and the revision is not sealed yet" \
    bash -c "! grep -q '^conduct/4 ' '$fp' && cmp '$work/fp.before' '$fp'"
if "$BUILD" --quiet --publish --today $TODAY --content "$work/c" \
    --out "$work/seal" 2>"$work/seal.err"; then
	check "seal: --publish records the revision it published first" \
	    test "$(grep -c '^conduct/4 [0-9a-f]\{64\}$' "$fp")" -eq 1
	check "seal: ... keeping every fingerprint recorded before" \
	    cmp -n "$(stat -c %s "$work/fp.before")" "$work/fp.before" "$fp"
	check "seal: ... and leaves no temporary file" \
	    test -z "$(ls -A "$work/c" | grep tmp)"
else
	fail "seal: --publish" "$(cat "$work/seal.err")"
fi
sed -i 's/وقد صُحّح خطؤه/وقد عُدّل بعد نشره/' "$work/c/policies/conduct/4.md"
before=$(snapshot "$work/seal")
cp "$fp" "$work/fp.before"
if "$BUILD" --quiet --today $TODAY --content "$work/c" --out "$work/seal" \
    >"$work/seal.out" 2>&1; then
	fail "seal: once published, the same change is refused" "it built"
else
	check "seal: once published, the same change is refused, naming the file and how to proceed" \
	    grep -q "c/policies/conduct/4.md: the approved text changed since it was published.*declare it under 'corrections:'.*(with 'date' and 'note'), or make the change a new revision (5.md)" "$work/seal.out"
	check "seal: ... and the site is as it was" test "$(snapshot "$work/seal")" = "$before"
fi
"$BUILD" --quiet --publish --today $TODAY --content "$work/c" --out "$work/seal" \
    >"$work/seal.out" 2>&1 && fail "seal: --publish refuses it too" "it built" ||
    check "seal: --publish refuses it too, writing nothing" cmp "$work/fp.before" "$fp"
rm "$fp"
"$BUILD" --quiet --today $TODAY --content "$work/c" --out "$work/seal" 2>/dev/null
check "seal: a plain build creates no fingerprints.txt" test ! -e "$fp"
"$BUILD" --quiet --publish --drafts --content "$work/c" --out "$work/seal" 2>/dev/null
check "seal: --publish with --drafts is a usage error" test $? -eq 2

# ---- publish and roll back, the site complete at every moment -----------
rm -rf "$work/pub" "$work/pub.prev"
"$BUILD" --quiet --keep --today $TODAY --content "$golden/content" --out "$work/pub"
(	# a reader who keeps loading the home page while we publish
	while [ ! -f "$work/stop" ]; do
		[ -s "$work/pub/index.html" ] || echo missing >>"$work/gaps"
	done
) &
watcher=$!
ok=1
for i in 1 2 3 4 5 6; do
	"$BUILD" --quiet --keep --today $TODAY --content "$golden/content" \
	    --out "$work/pub" || ok=0
	"$BUILD" --quiet --rollback --out "$work/pub" || ok=0
done
touch "$work/stop"
wait $watcher
check "publish: repeated publishing and rollback succeed" test $ok -eq 1
check "publish: the site is complete at every moment" test ! -e "$work/gaps"
cp -r "$golden/content" "$work/c2"
sed -i 's/^title: طلب خدمة$/title: طلب خدمة جديد/' "$work/c2/services/request.md"
"$BUILD" --quiet --keep --today $TODAY --content "$work/c2" --out "$work/pub"
check "publish: the new site is live" grep -q 'طلب خدمة جديد' "$work/pub/services/request/index.html"
check "publish: the previous site is kept" \
    bash -c "! grep -q 'طلب خدمة جديد' '$work/pub.prev/services/request/index.html'"
"$BUILD" --quiet --rollback --out "$work/pub"
check "rollback: the previous site is back in one step" \
    bash -c "! grep -q 'طلب خدمة جديد' '$work/pub/services/request/index.html'"
check "publish: a site with a broken link is not published" bash -c "
	cp -r '$golden/content' '$work/c3' &&
	printf '\n[رابط](/no/such/page/)\n' >>'$work/c3/services/request.md' &&
	! '$BUILD' --quiet --today $TODAY --content '$work/c3' --out '$work/pub' 2>'$work/broken.err' &&
	grep -q 'has a broken link: /no/such/page/' '$work/broken.err'"

# ---- the output folder: only a site it wrote is replaced ----------------
# A build replaces its output whole, so a folder that is not a site it
# wrote (no .wasl-build mark, nor the shape of an output from before the
# mark) is refused, byte for byte as it was, and so are OUT.prev with
# --keep and both folders with --rollback.
# refused NAME WANT-MESSAGE FOLDER-TO-KEEP ARGS...: exit 1, the message,
# FOLDER exactly as it was (every file, hidden ones too), no temporary
# folder left beside it.
refused() {
	local name=$1 want=$2 keep=$3 rc before
	shift 3
	before=$(snapshot "$keep")
	"$BUILD" --quiet --today $TODAY "$@" >"$work/refused.out" 2>&1
	rc=$?
	if [ $rc -ne 1 ]; then
		fail "output: $name" "exit status $rc, want 1"
	elif ! grep -qF -- "$want" "$work/refused.out"; then
		fail "output: $name" "message [$(tr '\n' ' ' <"$work/refused.out")] lacks [$want]"
	elif [ "$(snapshot "$keep")" != "$before" ]; then
		fail "output: $name" "$keep changed"
	elif ls -a "$(dirname "$keep")" | grep -q '\.tmp-'; then
		fail "output: $name" "a temporary folder was left"
	else
		pass "output: $name"
	fi
}
rm -rf "$work/o" && mkdir "$work/o"
cp -r content "$work/o/content"
refused "--out a copy of the content is refused, every file kept" \
    "o/content: not a site that wasl-build wrote (it has no .wasl-build mark, and holds channels, fingerprints.txt, forms and" \
    "$work/o/content" --content content --out "$work/o/content"
check "output: the refused folder holds no mark" test ! -e "$work/o/content/.wasl-build"
refused "--out a copy of the content with --keep is refused too" \
    "not a site that wasl-build wrote" \
    "$work/o/content" --keep --content content --out "$work/o/content"
printf 'notes\n' >"$work/o/notes.txt"
refused "--out a file is refused" "o/notes.txt: a file, not a folder that wasl-build wrote" \
    "$work/o" --content content --out "$work/o/notes.txt"
ln -s content "$work/o/link"
refused "--out a symbolic link is refused" "o/link: a symbolic link, not a folder" \
    "$work/o" --content content --out "$work/o/link"
# a site with something else in it is not a site it wrote
"$BUILD" --quiet --today $TODAY --content "$golden/content" --out "$work/o/site"
check "output: the output is marked" \
    grep -q '^wasl-build output:' "$work/o/site/.wasl-build"
mkdir "$work/o/empty"
check "output: an empty folder is built into" \
    "$BUILD" --quiet --today $TODAY --content "$golden/content" --out "$work/o/empty"
check "output: a rebuild over the marked output works" \
    "$BUILD" --quiet --keep --today $TODAY --content content --out "$work/o/site"
check "output: ... and keeps the replaced site, marked" \
    test -f "$work/o/site.prev/.wasl-build" -a -f "$work/o/site/.wasl-build"
check "output: rollback over marked folders works" \
    "$BUILD" --quiet --rollback --out "$work/o/site"
check "output: ... the previous site is back" \
    grep -q 'test-charity' "$work/o/site/sitemap.xml"
rm -rf "$work/o/site.prev" && cp -r content "$work/o/site.prev"
refused "--keep over an OUT.prev that is not a kept site is refused" \
    "o/site.prev: not a site that wasl-build kept (it has no .wasl-build mark" \
    "$work/o/site.prev" --keep --content content --out "$work/o/site"
check "output: ... and the output is as it was" \
    grep -q 'test-charity' "$work/o/site/sitemap.xml"
refused "--rollback to an OUT.prev that is not a kept site is refused" \
    "o/site.prev: not a site that wasl-build wrote or kept" \
    "$work/o/site.prev" --rollback --out "$work/o/site"
check "output: ... and the output is as it was" \
    grep -q 'test-charity' "$work/o/site/sitemap.xml"
rm -rf "$work/o/site.prev"
# The output of a wasl-build from before the mark (its shape: index.html,
# 404.html, sitemap.xml and feed.xml at the top, and folders) is rebuilt,
# as is the site it kept; with anything else in it, it is refused.
rm -rf "$work/o/old" "$work/o/old.prev" "$work/o/.old.cache"
"$BUILD" --quiet --keep --today $TODAY --content "$golden/content" --out "$work/o/old"
"$BUILD" --quiet --keep --today $TODAY --content "$golden/content" --out "$work/o/old"
rm -f "$work/o/old/.wasl-build" "$work/o/old.prev/.wasl-build" "$work/o/.old.cache"
check "output: an output from before the mark is rebuilt, --keep too" \
    "$BUILD" --quiet --keep --today $TODAY --content content --out "$work/o/old"
check "output: ... and is marked now" test -f "$work/o/old/.wasl-build"
rm -f "$work/o/old.prev/.wasl-build"
check "output: ... and rolled back" "$BUILD" --quiet --rollback --out "$work/o/old"
rm -f "$work/o/old/.wasl-build" "$work/o/.old.cache"
printf 'mine\n' >"$work/o/old/notes.txt"
refused "an unmarked site with a file of someone's in it is refused" \
    "o/old: not a site that wasl-build wrote (it has no .wasl-build mark, and holds" \
    "$work/o/old" --content content --out "$work/o/old"
# nor does a record beside it let a rebuild write into it
rm -rf "$work/o/inc" "$work/o/.inc.cache" "$work/c"
cp -r "$golden/content" "$work/c"
"$BUILD" --quiet --today $TODAY --content "$work/c" --out "$work/o/inc"
rm "$work/o/inc/.wasl-build" && printf 'mine\n' >"$work/o/inc/notes.txt"
refused "with a record beside it, nothing changed: still refused" \
    "o/inc: not a site that wasl-build wrote" \
    "$work/o/inc" --content "$work/c" --out "$work/o/inc"
printf '\nفقرة أضيفت.\n' >>"$work/c/channels/phone.md"
refused "with a record beside it, one page changed: still refused" \
    "o/inc: not a site that wasl-build wrote" \
    "$work/o/inc" --content "$work/c" --out "$work/o/inc"

# ---- bad content ---------------------------------------------------------
# Each case starts from a copy of the golden content, breaks one thing,
# builds over an existing site, and must fail with its message (FILE:LINE
# where there is a line) while leaving the site byte for byte as it was.
"$BUILD" --quiet --today $TODAY --content "$golden/content" --out "$work/live"
before=$(snapshot "$work/live")

bad() {	# NAME EXPECTED-MESSAGE SETUP-COMMAND
	local name=$1 want=$2 setup=$3 rc
	rm -rf "$work/c" "$work/t"
	cp -r "$golden/content" "$work/c"
	cp -r templates "$work/t"
	(cd "$work" && eval "$setup")
	"$BUILD" --quiet --today $TODAY --content "$work/c" \
	    --templates "$work/t" --out "$work/live" >"$work/bad.out" 2>&1
	rc=$?
	if [ $rc -ne 1 ]; then
		fail "bad content: $name" "exit status $rc, want 1"
	elif ! grep -qF -- "$want" "$work/bad.out"; then
		fail "bad content: $name" "message [$(tr '\n' ' ' \
		    <"$work/bad.out")] lacks [$want]"
	elif [ "$(snapshot "$work/live")" != "$before" ]; then
		fail "bad content: $name" "the published site changed"
	else
		pass "bad content: $name"
	fi
}

bad "a phone that is not a Saudi number" \
    "c/channels/phone.md:5: 'phone' is not a Saudi phone number" \
    "sed -i 's/^phone: .*/phone: \"12345\"/' c/channels/phone.md"
bad "WhatsApp on a landline" \
    "c/channels/phone.md:7: 'whatsapp' is not a Saudi mobile number" \
    "sed -i 's/^whatsapp: .*/whatsapp: \"011 000 0000\"/' c/channels/phone.md"
bad "a unified number that is not 920" \
    "c/site.yaml:10: 'unified' is not a unified number" \
    "sed -i 's/^  unified: .*/  unified: 800000000/' c/site.yaml"
bad "a map address that is not https" \
    "c/channels/phone.md:9: 'map_url' must be a web address starting with https://" \
    "sed -i 's|^map_url: .*|map_url: http://maps.example/x|' c/channels/phone.md"
bad "malformed YAML" "c/site.yaml:3: bad YAML: line 3, column 1" \
    "printf 'name: x\nbase_url: [a\n' > c/site.yaml"
bad "missing required key" "c/site.yaml:1: missing 'base_url'" \
    "printf 'name: x\n' > c/site.yaml"
bad "unknown key" "c/channels/visit.md:2: unknown key 'tittle'" \
    "sed -i 's/^title:/tittle:/' c/channels/visit.md"
bad "revision does not match the file name" \
    "c/policies/conduct/1.md:3: revision is 4 but the file is named 1.md" \
    "sed -i 's/^revision: 1/revision: 4/' c/policies/conduct/1.md"
bad "approved without meeting" \
    "c/policies/conduct/1.md:5: missing 'approved.meeting'" \
    "sed -i '/meeting: 3/d' c/policies/conduct/1.md"
bad "approved without date" \
    "c/policies/conduct/1.md:5: missing 'approved.date'" \
    "sed -i '/date: 2023-03-23/d' c/policies/conduct/1.md"
bad "approved without approval record" \
    "c/policies/conduct/1.md:4: an approved revision needs its approval record" \
    "sed -i '/^approved:/,/^effective/d' c/policies/conduct/1.md"
bad "invalid date" "c/policies/conduct/2.md:10: 'date' is not a valid date" \
    "sed -i 's/2024-08-14/2024-02-30/' c/policies/conduct/2.md"
bad "invalid status" "c/policies/conduct/1.md:4: status 'aproved' is not known" \
    "sed -i 's/^status: approved/status: aproved/' c/policies/conduct/1.md"
bad "duplicate slug" "duplicate slug: the address /channels/" \
    "printf -- '---\ntitle: x\n---\n' > c/pages/channels.md"
bad "bad file name" "bad file name" \
    "mv c/channels/phone.md c/channels/Phone.md"
bad "no front matter" "c/pages/privacy.md:1: no front matter" \
    "printf 'just text\n' > c/pages/privacy.md"
bad "unclosed front matter" "is never closed" \
    "printf -- '---\ntitle: x\n' > c/pages/privacy.md"
bad "invalid UTF-8" "c/pages/privacy.md:3: not valid UTF-8" \
    "printf -- '---\ntitle: x\n\xff\xfe---\n' > c/pages/privacy.md"
bad "missing template" "page.mustache: missing" "rm t/page.mustache"
bad "missing feed template" \
    "t/feed.mustache: missing: every site needs this template" \
    "rm t/feed.mustache"
bad "missing sitemap template" \
    "t/sitemap.mustache: missing: every site needs this template" \
    "rm t/sitemap.mustache"
bad "a feed template that does not compile" \
    "t/feed.mustache:14:1: '{{#page.entries}}' is never closed" \
    "sed -i '/{{\\/page.entries}}/d' t/feed.mustache"
bad "a text missing from the catalog" \
    "catalog: the text 'feed.entry_summary' is missing from the catalog" \
    "sed -i '/^  entry_summary:/d' t/strings.yaml"
bad "a text that does not compile" \
    "'policy.history_title': '{{#policy}}' is never closed" \
    "sed -i 's/^  history_title: .*/  history_title: \"{{#policy}}\"/' t/strings.yaml"
bad "missing partial" "footer.mustache:2:1: no template called 'nosuch'" \
    "sed -i '2i {{> nosuch}}' t/footer.mustache"
bad "Mustache syntax error" \
    "home.mustache:80:1: '{{/main}}' does not match '{{#site.supervisor}}' opened at line 7, column 5" \
    "sed -i 's/{{\\/site.supervisor}}//' t/home.mustache"
bad "every problem reported, not just the first" \
    "c/channels/phone.md:2: unknown key 'tittle'" \
    "sed -i 's/^title:/tittle:/' c/channels/visit.md c/channels/phone.md"
bad "service offers an undefined form" \
    "c/services/request.md:5: form 'nope' is not defined" \
    "sed -i 's/^form: request/form: nope/' c/services/request.md"
bad "privacy notice version differs from the forms'" \
    "c/pages/privacy.md:3: the privacy notice is version 3 but form 'request' records consent to version 2" \
    "sed -i 's/^version: 2/version: 3/' c/pages/privacy.md"
bad "bad form definition" "c/forms/request.yaml:28: unknown type 'phone'" \
    "sed -i 's/type: mobile/type: phone/' c/forms/request.yaml"
bad "results file that is not a report" \
    "c/data/satisfaction.json:1: not a wasl-admin report" \
    "mkdir -p c/data && printf '{\"x\": 1}' > c/data/satisfaction.json"
bad "a form may not take the status page's id" "id 'status' is taken" \
    "sed 's/^id: request/id: status/' c/forms/request.yaml > c/forms/status.yaml"
bad "missing content folder" "no such content folder" "rm -rf c"
# Symbolic links may not lead out of the content or templates folder (a
# build as root would publish what they point to), nor to nothing.
printf 'secret\n' >"$work/secret.txt"
bad "a link in the assets to a file outside" \
    "t/assets/passwd: cannot read: it is a symbolic link to /etc/passwd, which is outside" \
    "ln -s /etc/passwd t/assets/passwd"
bad "a channel linked to a file outside" \
    "c/channels/leak.md: cannot read: it is a symbolic link to /etc/passwd, which is outside" \
    "ln -s /etc/passwd c/channels/leak.md"
bad "a channel linked out through '..'" \
    "c/channels/leak.md: cannot read: it is a symbolic link to ../../secret.txt, which is outside" \
    "ln -s ../../secret.txt c/channels/leak.md"
bad "a linked folder leaving the content" \
    "c/pages: cannot read: it is a symbolic link to ../pages-elsewhere, which is outside" \
    "rm -rf pages-elsewhere && mv c/pages pages-elsewhere && ln -s ../pages-elsewhere c/pages"
bad "a linked folder leaving the templates" \
    "t/assets: cannot read: it is a symbolic link to" \
    "rm -rf assets-elsewhere && mv t/assets assets-elsewhere && ln -s \"\$PWD/assets-elsewhere\" t/assets"
bad "a template linked to a file outside" \
    "t/footer.mustache: cannot read: it is a symbolic link to ../secret.txt, which is outside" \
    "rm t/footer.mustache && ln -s ../secret.txt t/footer.mustache"
bad "a policy revision linked to a file outside" \
    "c/policies/conduct/2.md: cannot read: it is a symbolic link to /etc/passwd, which is outside" \
    "rm c/policies/conduct/2.md && ln -s /etc/passwd c/policies/conduct/2.md"
bad "a form linked to a file outside" \
    "c/forms/request.yaml: cannot read: it is a symbolic link to /etc/passwd, which is outside" \
    "rm c/forms/request.yaml && ln -s /etc/passwd c/forms/request.yaml"
bad "a link to nothing" \
    "c/channels/gone.md: cannot read: it is a symbolic link to nothing.md, which does not exist" \
    "ln -s nothing.md c/channels/gone.md"
bad "a pipe among the assets" "t/assets/pipe: cannot read: it is not a regular file" \
    "mkfifo t/assets/pipe"
# A link that stays inside its folder is followed: the file it names is
# read (or copied) in its place.
rm -rf "$work/c" "$work/t" "$work/in"
cp -r "$golden/content" "$work/c"
cp -r templates "$work/t"
ln -s style.css "$work/t/assets/same.css"
sed 's/^order: .*/order: 90/' "$work/c/channels/phone.md" >"$work/c/phone-text.md"
ln -s ../phone-text.md "$work/c/channels/mobile.md"
if "$BUILD" --quiet --today $TODAY --content "$work/c" --templates "$work/t" \
    --out "$work/in" 2>"$work/in.err"; then
	check "links inside: an asset linked inside is copied as the file" \
	    cmp "$work/in/assets/same.css" templates/assets/style.css
	check "links inside: a channel linked inside is published" \
	    test -s "$work/in/channels/mobile/index.html"
else
	fail "links inside: build" "$(cat "$work/in.err")"
fi

# A failed build leaves no temporary folder behind.
check "bad content: no temporary folder left" \
    test -z "$(ls -A "$work" | grep '^\.live\.tmp')"

# ---- declared document keys ----------------------------------------------
# The generator names the document keys lib/model/keys.h declares through
# it (KEY_*), never as literal strings, wherever a key is read or made: the
# key of json_object_*() and of S_str()/S_iso(), the keys of json_pack(),
# the cache's table of keys not recorded. Its own page data's keys for the
# templates ("kind", "items", ...) are not declared there.
cat >"$work/keys.py" <<'PY'
import re, sys
src = open("lib/model/keys.h").read()
vals = {v: n for n, v in re.findall(r'^#define\s+(KEY_\w+)\s+"([^"]*)"',
                                    src, re.M)}

def args(s, start):
    """The top-level arguments of the call whose '(' is at start."""
    depth, i, out, b, instr = 0, start, [], start + 1, False
    while i < len(s):
        c = s[i]
        if instr:
            if c == "\\": i += 1
            elif c == '"': instr = False
        elif c == '"': instr = True
        elif c in "([{": depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                out.append(s[b:i].strip()); return out
        elif c == "," and depth == 1:
            out.append(s[b:i].strip()); b = i + 1
        i += 1
    return out

def pack_keys(fmt):
    """The numbers (after the format) of json_pack()'s key arguments."""
    keys, n, i, stack = [], 0, 0, []
    while i < len(fmt):
        c = fmt[i]; i += 1
        if c in " \t:,": continue
        if c in "{[":
            if stack and stack[-1][0] == "{": stack[-1][1] = "key"
            stack.append([c, "key"]); continue
        if c in "}]": stack.pop(); continue
        tok = c
        while i < len(fmt) and fmt[i] in "#%?*": tok += fmt[i]; i += 1
        width = 2 if ("#" in tok or "%" in tok) else (0 if c == "n" else 1)
        if c != "+" and stack and stack[-1][0] == "{":
            if stack[-1][1] == "key":
                keys.append(n); stack[-1][1] = "value"
            else:
                stack[-1][1] = "key"
        n += width
    return keys

bad = []
for path in sys.argv[1:]:
    s = re.sub(r'/\*.*?\*/', lambda m: re.sub(r'[^\n]', ' ', m.group(0)),
               open(path).read(), flags=re.S)
    def lit(a, pos):
        m = re.match(r'^"([^"]*)"$', a)
        if m and m.group(1) in vals:
            bad.append("%s:%d %s" % (path, s.count("\n", 0, pos) + 1,
                                     vals[m.group(1)]))
    for m in re.finditer(r'\b(?:json_object_(?:get|set|set_new|del)|S_str|'
                         r'S_iso)\s*\(', s):
        a = args(s, m.end() - 1)
        if len(a) > 1: lit(a[1], m.start())
    for m in re.finditer(r'\bjson_pack\s*\(', s):
        a = args(s, m.end() - 1)
        if not a or not re.match(r'^(?:"[^"]*"\s*)+$', a[0]): continue
        for k in pack_keys("".join(re.findall(r'"([^"]*)"', a[0]))):
            if k + 1 < len(a): lit(a[k + 1], m.start())
    for m in re.finditer(r'unrecorded\[\]\s*=\s*\{([^}]*)\}', s):
        for l in re.findall(r'"[^"]*"', m.group(1)): lit(l, m.start())
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
check "keys: generator/ names the keys keys.h declares through it" \
    python3 "$work/keys.py" generator/*.c generator/*/*.c
