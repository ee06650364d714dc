#!/usr/bin/env bash
# Long texts in the staff console, end to end through nginx
# (tests/stack.sh, tests/console-lib.sh): a policy draft's Markdown and a
# content edit's file may be 256 KiB each (DRAFTS_BODY_MAX,
# EDITS_TEXT_MAX), some 770 KiB urlencoded in Arabic, so their two routes
# take posts of up to 1 MiB (CONSOLE_LONG_POST, and nginx's
# client_max_body_size for /staff/drafts/ and /staff/edits/) while every
# other route and the public forms keep 64 KiB.
#  - a draft of ~200 KiB of Arabic Markdown, and one of exactly 256 KiB,
#    saved and read back byte for byte from the database and the draft's
#    page; a content edit of ~150 KiB the same;
#  - a text one byte over 256 KiB, or ~300 KiB: 422 with the Arabic
#    message at the field, the text shown back, the one saved before kept;
#  - a post over 1 MiB to the draft: 413, nothing saved; the replies of
#    the long routes carry the headers of the rest of the console;
#  - 64 KiB still: a public form's post and other console routes' posts
#    (sign-in, an account, an edit begun) of 70-100 KiB get 413;
#  - the programs' own limits, behind a test nginx that lets 4 MiB
#    through: the console's Arabic 413 page for a route of 64 KiB and for
#    a draft over 1 MiB, a post of 700 KiB to a draft saved, wasl-forms'
#    413 for a form over 64 KiB.
# Prints PASS/FAIL lines for tests/run.sh.
set -u
cd "$(dirname "$0")/.."
. tests/stack.sh
stack_start console-long
. tests/console-lib.sh

POL=beneficiary-relations
F=channels/letters.md
q() { sqlite3 "$DB" "$1"; }
KIB=1024

# arabic BYTES FILE [SEED]: Arabic Markdown of exactly BYTES bytes (UTF-8;
# headings, numbered clauses, paragraphs with diacritics, Arabic-Indic
# digits, marks, and the characters urlencoding and HTML escape: & < > " '
# + % = #), ending in a line that names its seed, and a newline.
arabic() {
	python3 - "$1" "$2" "${3:-1}" <<'EOF'
import random, sys
size, path, seed = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
rnd = random.Random(seed)
words = ("الجمعية المستفيد الطلب الرد خلال أيام العمل تلتزم يحق له "
         "السياسة الإجراء الموظف المختص سرية البيانات الشخصية مجلس الإدارة "
         "الشكوى الاقتراح يُسجَّل يُحال القرار المدة المعلنة التواصل الفرع "
         "مَسؤولِيَّة الإفصاح ٢٠٢٥ ١٤٤٦هـ «العلاقة» (المادة) ؛ ، ؟").split()
odd = ["&", "&amp;", "<b>", "</textarea>", '"اقتباس"', "'", "a+b", "100%",
       "x=y", "#وسم", "*", "ﷲ", "\u200f", "🌙"]
out, n = [], 0
while sum(len(s.encode()) for s in out) < size:
	n += 1
	out.append("## القسم %d: أحكام %s\n\n" % (n, rnd.choice(words)))
	for i in range(1, 6):
		out.append("%d. %s.\n" % (i, " ".join(rnd.choice(words) for _ in range(12))))
	out.append("\n")
	for _ in range(3):
		s = [rnd.choice(words) for _ in range(40)]
		s.insert(rnd.randrange(40), rnd.choice(odd))
		out.append(" ".join(s) + ".\n\n")
tail = ("\nنهاية النص رقم %d.\n" % seed).encode()
body = "".join(out).encode()[:size - len(tail)]
while True:
	try:
		body.decode()
		break
	except UnicodeDecodeError:
		body = body[:-1]
body += b"." * (size - len(tail) - len(body))
open(path, "wb").write(body + tail)
EOF
}

# fromdb SQL FILE: the one value SQL selects, as its bytes, into FILE.
fromdb() { rm -f "$2"; q "SELECT writefile('$2', ($1))" >/dev/null; }
# textarea ID FILE: the text box ID's text in $work/body, unescaped.
textarea() {
	python3 - "$work/body" "$1" "$2" <<'EOF'
import html, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<textarea[^>]*\bid="%s"[^>]*>(.*?)</textarea>' % sys.argv[2], page, re.S)
open(sys.argv[3], "wb").write(html.unescape(m.group(1)).encode() if m else b"\0none")
EOF
}
same() { cmp -s "$1" "$2"; }
size() { wc -c <"$1" | tr -d ' '; }
# urlsize FILE: its bytes urlencoded, as curl's --data-urlencode sends
# them (a letter of Arabic, two bytes, is six).
urlsize() {
	python3 -c 'import sys, urllib.parse; print(len(urllib.parse.quote(open(sys.argv[1], "rb").read(), safe="-._~")))' "$1"
}

c_account sara secretary 'أمانة السر والنشر' &&
    c_account nora admin 'مسؤولة الحسابات هنا' || { fail "long: accounts" ""; exit 0; }
c_signin sara 'أمانة السر والنشر' && c_signin nora 'مسؤولة الحسابات هنا' ||
    { fail "long: sign-in" "$code"; exit 0; }
TITLE="سياسة تنظيم العلاقة مع المستفيدين"

# ---- a policy draft ----
c_post sara /staff/policies/$POL/new
id=$(q "SELECT id FROM policy_draft WHERE slug = '$POL'")
[ "$code" = 303 ] && [ -n "$id" ] || { fail "long: a draft begun" "$code"; exit 0; }

arabic $((200 * KIB)) "$work/d200" 200
c_post sara /staff/drafts/$id "title=$TITLE" "body@$work/d200" action=save
fromdb "SELECT body FROM policy_draft WHERE id = $id" "$work/got"
[ "$code" = 303 ] && grep -qi "^location: /staff/drafts/$id?done=saved" "$work/head" &&
    same "$work/got" "$work/d200" &&
    pass "long: a draft of 200 KiB of Arabic Markdown ($(urlsize "$work/d200") bytes urlencoded) saved byte for byte" ||
    fail "long: a draft of 200 KiB saved" "$code, $(size "$work/got") bytes in the database"
c_get sara /staff/drafts/$id
textarea field-body "$work/shown"
[ "$code" = 200 ] && same "$work/shown" "$work/d200" &&
    pass "long: the draft's page gives it back byte for byte" ||
    fail "long: the draft's page gives it back" "$code, $(size "$work/shown") bytes shown"
# The other routes' headers (nginx's and the console's) on the long ones.
hnames() { grep -i '^[a-z-]*:' "$work/head" | grep -viE '^(date|content-length|set-cookie):' |
    tr -d '\r' | sort; }
long_h=$(hnames)
c_get sara /staff/policies
[ "$code" = 200 ] && [ "$long_h" = "$(hnames)" ] && grep -qi '^x-robots-tag: noindex' "$work/head" &&
    pass "long: the draft's page has the headers of the console's other pages" ||
    fail "long: the draft's headers" "$(diff <(echo "$long_h") <(hnames) | tr '\n' ' ')"

arabic $((256 * KIB)) "$work/d256" 256
c_post sara /staff/drafts/$id "title=$TITLE" "body@$work/d256" action=save
fromdb "SELECT body FROM policy_draft WHERE id = $id" "$work/got"
[ "$code" = 303 ] && same "$work/got" "$work/d256" &&
    pass "long: a draft of exactly 256 KiB ($(urlsize "$work/d256") bytes urlencoded) saved byte for byte" ||
    fail "long: a draft of exactly 256 KiB saved" "$code, $(size "$work/got") bytes in the database"

for n in $((256 * KIB + 1)) $((300 * KIB)); do
	arabic $n "$work/over" 3
	c_post sara /staff/drafts/$id "title=$TITLE" "body@$work/over" action=save
	fromdb "SELECT body FROM policy_draft WHERE id = $id" "$work/got"
	textarea field-body "$work/shown"
	if [ "$code" = 422 ] && grep -q 'نص السياسة أطول من الحد المسموح به' "$work/body" &&
	    grep -q 'class="field field-error"' "$work/body" && grep -q 'href="#field-body"' "$work/body" &&
	    same "$work/got" "$work/d256" && same "$work/shown" "$work/over"; then
		pass "long: a draft of $n bytes refused at its field (422, in Arabic), shown back, the text saved before kept"
	else
		fail "long: a draft of $n bytes refused at its field" \
		    "$code, $(size "$work/got") bytes in the database, $(size "$work/shown") shown"
	fi
done

arabic $((400 * KIB)) "$work/d400" 4
c_post sara /staff/drafts/$id "title=$TITLE" "body@$work/d400" action=save
fromdb "SELECT body FROM policy_draft WHERE id = $id" "$work/got"
[ "$code" = 413 ] && same "$work/got" "$work/d256" && grep -qi '^x-robots-tag: noindex' "$work/head" &&
    pass "long: a post over 1 MiB to the draft ($(urlsize "$work/d400") bytes) refused by nginx (413), nothing saved" ||
    fail "long: a post over 1 MiB to the draft" "$code, $(size "$work/got") bytes in the database"

# ---- a content edit ----
c_post sara /staff/content/edit path=$F
eid=$(q "SELECT id FROM content_edit WHERE path = '$F'")
[ "$code" = 303 ] && [ -n "$eid" ] || { fail "long: an edit begun" "$code"; exit 0; }
arabic $((150 * KIB)) "$work/more" 150
cat content/$F "$work/more" >"$work/e150"
c_post sara /staff/edits/$eid "text@$work/e150" action=save
fromdb "SELECT text FROM content_edit WHERE id = $eid" "$work/got"
[ "$code" = 303 ] && grep -qi "^location: /staff/edits/$eid?done=edit_saved" "$work/head" &&
    same "$work/got" "$work/e150" &&
    pass "long: a content edit of $(size "$work/e150") bytes ($(urlsize "$work/e150") urlencoded) saved byte for byte" ||
    fail "long: a content edit of 150 KiB saved" "$code, $(size "$work/got") bytes in the database"
c_get sara /staff/edits/$eid
textarea field-text "$work/shown"
[ "$code" = 200 ] && same "$work/shown" "$work/e150" && grep -qi '^x-robots-tag: noindex' "$work/head" &&
    pass "long: the edit's page gives it back byte for byte" ||
    fail "long: the edit's page gives it back" "$code, $(size "$work/shown") bytes shown"
arabic $((256 * KIB + 1 - $(size content/$F))) "$work/more" 5
cat content/$F "$work/more" >"$work/over"
c_post sara /staff/edits/$eid "text@$work/over" action=save
fromdb "SELECT text FROM content_edit WHERE id = $eid" "$work/got"
textarea field-text "$work/shown"
[ "$code" = 422 ] && grep -q 'نص الملف أطول من الحد المسموح به' "$work/body" &&
    same "$work/got" "$work/e150" && same "$work/shown" "$work/over" &&
    pass "long: an edit of 256 KiB + 1 refused (422, in Arabic), shown back, the text saved before kept" ||
    fail "long: an edit of 256 KiB + 1 refused" "$code, $(size "$work/got") bytes in the database"

# ---- 64 KiB everywhere else ----
{ printf 'message='; head -c 70000 /dev/zero | tr '\0' a; } >"$work/big"
n0=$(q "SELECT count(*) FROM submission")
got=$(curl -s -o /dev/null -w '%{http_code}' --data-binary "@$work/big" "$base/forms/inquiry")
[ "$got" = 413 ] && [ "$(q "SELECT count(*) FROM submission")" = "$n0" ] &&
    pass "long: a public form's post over 64 KiB still refused (413)" ||
    fail "long: a public form's post over 64 KiB" "$got"
arabic $((34 * KIB)) "$work/pad" 6	# some 100 KiB urlencoded
code=$(_c_curl -H "Origin: $base" --data-urlencode name=sara --data-urlencode "password@$work/pad" \
    --data-urlencode code=123456 "$base/staff/signin")
[ "$code" = 413 ] && pass "long: a sign-in post of 100 KiB refused (413)" ||
    fail "long: a sign-in post of 100 KiB" "$code"
c_post nora /staff/users/sara/disable confirm=yes "pad@$work/pad"
[ "$code" = 413 ] && [ "$(q "SELECT disabled FROM staff_user WHERE name = 'sara'")" = 0 ] &&
    pass "long: an account's post of 100 KiB refused (413)" ||
    fail "long: an account's post of 100 KiB" "$code"
n0=$(q "SELECT count(*) FROM content_edit")
c_post sara /staff/content/edit path=pages/privacy.md "pad@$work/pad"
[ "$code" = 413 ] && [ "$(q "SELECT count(*) FROM content_edit")" = "$n0" ] &&
    pass "long: an edit begun with a post of 100 KiB refused (413), beside the long routes" ||
    fail "long: /staff/content/edit with 100 KiB" "$code"

# ---- the programs' own limits, behind an nginx that lets 4 MiB through ----
wide=$work/wide
mkdir -p "$wide"
main_port=$PORT main_base=$base
stack_port
wide_port=$PORT
PORT=$main_port base=$main_base
[ "$(id -u)" = 0 ] && wuser="user www-data;" || wuser=""
cat >"$wide/nginx.conf" <<EOF
$wuser
pid $wide/nginx.pid;
error_log $wide/error.log warn;
worker_processes 1;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path $wide/body;
	proxy_temp_path $wide/proxy;
	fastcgi_temp_path $wide/fastcgi;
	uwsgi_temp_path $wide/uwsgi;
	scgi_temp_path $wide/scgi;
	server {
		listen 127.0.0.1:$wide_port;
		client_max_body_size 4m;
		location /staff/ {
			fastcgi_pass unix:$VAR/wasl-console.sock;
			include /etc/nginx/fastcgi_params;
			fastcgi_param WASL_HOST \$http_host;
		}
		location /forms/ {
			fastcgi_pass unix:$VAR/wasl-forms.sock;
			include /etc/nginx/fastcgi_params;
			fastcgi_param WASL_HOST \$http_host;
		}
	}
}
EOF
stack_at_exit='[ -f "$wide/nginx.pid" ] && kill -QUIT "$(cat "$wide/nginx.pid")" 2>/dev/null; sleep 0.3'
if nginx -c "$wide/nginx.conf" -p "$wide/" 2>"$wide/start.log"; then
	base=http://127.0.0.1:$wide_port
	code=$(_c_curl -H "Origin: $base" --data-urlencode name=sara --data-urlencode "password@$work/pad" \
	    --data-urlencode code=123456 "$base/staff/signin")
	[ "$code" = 413 ] && grep -q 'الطلب أكبر من المسموح' "$work/body" && grep -q '</html>' "$work/body" &&
	    pass "long: the console itself refuses a sign-in of 100 KiB (413, its Arabic page, whole)" ||
	    fail "long: the console's own 413 on sign-in" "$code"
	c_post sara /staff/content/edit path=pages/privacy.md "pad@$work/pad"
	[ "$code" = 413 ] && grep -q 'أطول مما تقبله لوحة الموظفين' "$work/body" &&
	    [ "$(q "SELECT count(*) FROM content_edit")" = "$n0" ] &&
	    pass "long: the console itself keeps 64 KiB on another route of a signed-in secretary (413, in Arabic)" ||
	    fail "long: the console's own 413 on /staff/content/edit" "$code"
	c_post sara /staff/drafts/$id "title=$TITLE" "body@$work/d400" action=save
	fromdb "SELECT body FROM policy_draft WHERE id = $id" "$work/got"
	[ "$code" = 413 ] && grep -q 'الطلب أكبر من المسموح' "$work/body" && grep -q '</html>' "$work/body" &&
	    same "$work/got" "$work/d256" &&
	    pass "long: the console itself refuses a draft's post over 1 MiB (413, its Arabic page, whole), nothing saved" ||
	    fail "long: the console's own 413 on a draft" "$code, $(size "$work/got") bytes in the database"
	arabic $((230 * KIB)) "$work/d230" 230
	c_post sara /staff/drafts/$id "title=$TITLE" "body@$work/d230" action=save
	fromdb "SELECT body FROM policy_draft WHERE id = $id" "$work/got"
	[ "$code" = 303 ] && same "$work/got" "$work/d230" &&
	    pass "long: the console itself takes a draft's post of $(urlsize "$work/d230") bytes" ||
	    fail "long: the console's own limit for a draft" "$code"
	{ printf 'kind=inquiry&message='; head -c 100000 /dev/zero | tr '\0' a; } >"$work/big"
	got=$(curl -s -o "$work/body" -w '%{http_code}' --data-binary "@$work/big" "$base/forms/inquiry")
	[ "$got" = 413 ] && grep -q '</html>' "$work/body" &&
	    pass "long: wasl-forms itself refuses a form's post of 100 KiB (413)" ||
	    fail "long: wasl-forms' own 413" "$got"
	base=$main_base
else
	fail "long: a test nginx of 4 MiB starts" "$(cat "$wide/start.log")"
fi

# Nothing above killed a worker.
bad='AddressSanitizer|runtime error|killed by signal|exited with status'
grep -qE "$bad" "$VAR"/wasl-*.log &&
    fail "long: the programs' logs" "$(grep -hm3 -E "$bad" "$VAR"/wasl-*.log)" ||
    pass "long: no worker died, no sanitizer report"
