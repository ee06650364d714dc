#!/usr/bin/env bash
# The policies' PDF files (generator/pdf.h): one for each approved revision
# and none for a draft, valid, holding the title, the approval record and
# the fingerprint, the Arabic extracted in its logical order, the same
# bytes from two builds, and a build that cannot draw them leaving the
# site as it was. Prints PASS/FAIL lines for tests/run.sh.
set -u
cd "$(dirname "$0")/.."
BIN=${WASL_BIN:-bin}
BUILD=$BIN/wasl-build
TODAY=2026-01-15
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
check() {
	local name=$1
	shift
	if "$@" >"$work/check.out" 2>&1; then
		pass "$name"
	else
		fail "$name" "$(head -c 600 "$work/check.out" | tr '\n' ' ')"
	fi
}
snapshot() { (cd "$1" && find . -type f -exec md5sum {} + | sort); }
# The text of a PDF as pdftotext reads it (its own reading order), on one
# line, without the direction marks it puts around runs.
text_of() {
	pdftotext "$1" - | LC_ALL=C sed 's/\xe2\x80[\xaa-\xae]//g' |
	    tr '\n' ' ' | tr -s ' '
}
has() { grep -qF -- "$2" <<<"$1"; }
# pdftotext's own reordering of a number beside Arabic words drops the
# space between them ("1من"), a bold lam-alef after an alef may come out
# with one ("ا لاجتماع"): those places are matched as regular expressions.
has_re() { grep -qE -- "$2" <<<"$1"; }
not_pdf_link() { ! grep -q "\.pdf\"" "$1"; }

# ---- the golden site as a preview: three approved revisions, a draft ----
g=tests/golden/site/content
if ! "$BUILD" --quiet --drafts --today $TODAY --content $g \
    --out "$work/g" 2>"$work/g.err"; then
	fail "pdf: build" "$(cat "$work/g.err")"
	exit 0
fi
for n in 1 2 3; do
	f="$work/g/policies/conduct/$n/conduct-$n.pdf"
	check "pdf: approved revision $n has its PDF" test -s "$f"
	check "pdf: revision $n's page links it" grep -qF \
	    "href=\"/policies/conduct/$n/conduct-$n.pdf\"" \
	    "$work/g/policies/conduct/$n/index.html"
done
check "pdf: the draft (4) has none" test ! -e \
    "$work/g/policies/conduct/4/conduct-4.pdf"
check "pdf: the draft's page links none" not_pdf_link \
    "$work/g/policies/conduct/4/index.html"
check "pdf: the policy's page links the revision in force's" grep -qF \
    'href="/policies/conduct/2/conduct-2.pdf"' \
    "$work/g/policies/conduct/index.html"

f="$work/g/policies/conduct/2/conduct-2.pdf"
check "pdf: valid (pdfinfo)" pdfinfo "$f"
info=$(pdfinfo "$f" 2>&1)
check "pdf: A4 pages" has "$info" "(A4)"
check "pdf: its title in the metadata" has "$info" "سياسة الاختبار"
# 2024-08-14 at midnight in Riyadh (+03:00), which pdfinfo says in UTC
check "pdf: dated by its approval, not the build" has "$info" \
    "Aug 13 21:00:00 2024 UTC"
t=$(text_of "$f")
check "pdf: the policy's title" has "$t" "سياسة الاختبار"
check "pdf: the association's name" has "$t" \
    "$(sed -n 's/^name: //p' $g/site.yaml)"
check "pdf: the revision" has "$t" "الإصدار 2"
check "pdf: the meeting and its number" has_re "$t" "رقم ا ?لاجتماع 7"
check "pdf: the decision and its number" has "$t" "رقم القرار 12"
check "pdf: the approval date in Hijri and Gregorian, as the page shows" \
    has "$t" "$(sed -n 's/.*<dt>تاريخ الاعتماد<\/dt><dd><time[^>]*>\([^<]*\)<.*/\1/p' \
    "$work/g/policies/conduct/2/index.html")"
check "pdf: the effective date" has "$t" "تاريخ النفاذ"
fp=$(sed -n 's/.*<code class="fingerprint" dir="ltr">\([^<]*\)<.*/\1/p' \
    "$work/g/policies/conduct/2/index.html")
check "pdf: the fingerprint the page shows" test -n "$fp"
check "pdf: holds the fingerprint" has "$t" "$fp"
check "pdf: a heading of the text" has "$t" "المقدمة"
check "pdf: page numbers" has_re "$t" "صفحة 1 ?من 1"

# ---- the real site: a long policy, its Arabic in logical order ----------
if ! "$BUILD" --quiet --content content --out "$work/c" 2>"$work/c.err"
then
	fail "pdf: the real site builds" "$(cat "$work/c.err")"
	exit 0
fi
f="$work/c/policies/beneficiary-relations/1/beneficiary-relations-1.pdf"
check "pdf: the real site's policy" pdfinfo "$f"
t=$(text_of "$f")
# pdftotext's default reading order puts each line's right-to-left words
# back in logical order; a sentence that the page breaks over two lines
# is joined again by the line's end being a space above.
check "pdf: a sentence in logical order (pdftotext)" has "$t" \
    "تضع جمعية إحسان للإسكان بمنطقة تبوك السياسات والإجراءات التي تنظم علاقتها"
check "pdf: joined letters and lam-alef read back" has "$t" \
    "وتشكل أنظمة العمل والعقود المصدر الأساسي في تحديد حقوق المتعاقدين"
check "pdf: a numbered item" has_re "$t" "\\.1 ?تقدير حاجة المستفيد"
check "pdf: a bullet item" has "$t" "تصحيح المفاهيم السائدة لدى المستفيد"
check "pdf: the signatory" has "$t" "رئيس مجلس الإدارة أ"
pages=$(pdfinfo "$f" | sed -n 's/^Pages: *//p')
check "pdf: a long text breaks over pages ($pages)" test "${pages:-0}" -ge 2
check "pdf: the last page numbered" has_re "$t" "صفحة $pages ?من $pages"
# -layout keeps the lines as they stand and reads them the same way;
# -raw gives the content stream's order, which is the glyphs' visual one,
# left to right, so its Arabic words come out reversed: not used.
check "pdf: the sentence in pdftotext -layout too" grep -qF \
    "تضع جمعية إحسان للإسكان بمنطقة تبوك السياسات والإجراءات" \
    <(pdftotext -layout "$f" - | LC_ALL=C sed 's/\xe2\x80[\xaa-\xae]//g')

# ---- the same bytes ------------------------------------------------------
sleep 1
"$BUILD" --quiet --content content --out "$work/c2" 2>"$work/c2.err"
check "pdf: a second build gives the same bytes" cmp "$f" \
    "$work/c2/policies/beneficiary-relations/1/beneficiary-relations-1.pdf"
for d in "" --drafts; do
	"$BUILD" --quiet $d --today $TODAY --content $g --out "$work/t1" \
	    2>/dev/null
	"$BUILD" --quiet $d --today $TODAY --content $g --out "$work/t2" \
	    2>/dev/null
	check "pdf: the golden site twice ${d:-published}, the same PDF bytes" \
	    diff <(cd "$work/t1" && find . -name '*.pdf' -exec md5sum {} + |
	    sort) <(cd "$work/t2" && find . -name '*.pdf' -exec md5sum {} + |
	    sort)
	rm -rf "$work/t1" "$work/t2"
done

# ---- a rebuild of what changed keeps them --------------------------------
cp -r content "$work/content"
"$BUILD" --quiet --content "$work/content" --out "$work/r" 2>/dev/null
before=$(snapshot "$work/r" | grep '\.pdf$')
ch=$(ls "$work/content/channels/"*.md | head -1)
echo >>"$ch"
echo "نص أضيف." >>"$ch"
"$BUILD" --quiet --content "$work/content" --out "$work/r" 2>"$work/r.err"
check "pdf: a rebuild of a channel keeps the PDF" test \
    "$before" = "$(snapshot "$work/r" | grep '\.pdf$')"

# ---- no fonts: nothing to draw with, the site stays as it was ------------
printf '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n' \
    >"$work/nofonts.conf"
before=$(snapshot "$work/c")
echo "<!-- changed -->" >>"$work/content/pages/$(ls "$work/content/pages" |
    head -1)"
if FONTCONFIG_FILE="$work/nofonts.conf" "$BUILD" --quiet --content \
    "$work/content" --out "$work/c" 2>"$work/nofonts.err"; then
	fail "pdf: without its font the build fails" "it succeeded"
else
	pass "pdf: without its font the build fails"
fi
check "pdf: ... saying which font and package" grep -q \
    "Noto Naskh Arabic.*fonts-noto-core" "$work/nofonts.err"
check "pdf: ... the site left as it was" test \
    "$before" = "$(snapshot "$work/c")"
check "pdf: ... no temporary folder left" test -z \
    "$(find "$work" -maxdepth 1 -name '.c.tmp-*')"

# The fixture sites' policies are all drafts: nothing is drawn, published
# or previewed, and they build with no fonts at all (nothing is loaded).
for site in tests/sites/*/; do
	name=$(basename "$site")
	for d in "" --drafts; do
		if FONTCONFIG_FILE="$work/nofonts.conf" "$BUILD" --quiet $d \
		    --content "$site" --out "$work/np" 2>"$work/np.err"; then
			pass "pdf: $name ${d:-published}: drafts only, no font needed"
			check "pdf: ... and no PDF" test -z \
			    "$(find "$work/np" -name '*.pdf')"
		else
			fail "pdf: $name ${d:-published}: drafts only, no font needed" \
			    "$(head -c 400 "$work/np.err")"
		fi
		rm -rf "$work/np"
	done
done
