/*
 * test_revision: one policy revision file checked on its own
 * (revision_check()): a right one passes with nothing said, and a file
 * with each kind of problem is refused with the message a content author
 * sees, "FILE:LINE: ...", on the line of the key at fault.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "fsx.h"
#include "revision.h"

static char	 root[64];

#define GOOD \
	"---\n" \
	"title: سياسة تعارض المصالح\n" \
	"revision: 1\n" \
	"status: approved\n" \
	"approved:\n" \
	"  meeting: 5\n" \
	"  date: 2024-08-14\n" \
	"---\n" \
	"\n" \
	"## الغرض\n" \
	"\n" \
	"نص.\n"

/* Write text as policies/p/name in root and check it: the messages
 * (all of them) must be want exactly, with FILE standing for the path;
 * want NULL means it passes. */
static void
S_case(const char *name, const char *text, const char *want,
    const char *label)
{
	struct buf	 path = BUF_INIT, err = BUF_INIT, exp = BUF_INIT;
	const char	*w;
	int		 rc;

	buf_printf(&path, "%s/policies/p/%s", root, name);
	if (fsx_write(buf_cstr(&path), text, strlen(text)) == -1) {
		check(0, label, "cannot write the file");
		goto out;
	}
	rc = revision_check(root, buf_cstr(&path), &err);
	if (want == NULL) {
		check(rc == 0 && err.len == 0, label, buf_cstr(&err));
		goto out;
	}
	for (w = want; *w != '\0'; w++)
		if (strncmp(w, "FILE", 4) == 0) {
			buf_puts(&exp, buf_cstr(&path));
			w += 3;
		} else
			buf_put(&exp, w, 1);
	if (rc != -1)
		check(0, label, "it passed");
	else
		check_str(buf_cstr(&err), buf_cstr(&exp), label);
	unlink(buf_cstr(&path));
out:
	buf_free(&path);
	buf_free(&err);
	buf_free(&exp);
}

/* The approval paragraph against the record (revision_approval_text). */
static void
S_approval_text(void)
{
	static const char *const para = "## \xd8\xa7\xd8\xb9\xd8\xaa"
	    "\xd9\x85\xd8\xa7\xd8\xaf\n\n"
	    "text (5) and (10/02/1446\xd9\x87\xd9\x80 and "
	    "14/08/2024\xd9\x85), more.\n\nsigned\n";
	struct date	 d = { 2024, 8, 14 }, other = { 2024, 8, 15 };

	check(revision_approval_text(para, "5", &d) == REV_TEXT_OK &&
	    revision_approval_text(para, " 5 ", &d) == REV_TEXT_OK,
	    "approval text: the paragraph agrees", NULL);
	check(revision_approval_text(para, "6", &d) == REV_TEXT_MEETING &&
	    revision_approval_text(para, "5a", &d) == REV_TEXT_MEETING,
	    "approval text: another meeting", NULL);
	check(revision_approval_text(para, "5", &other) == REV_TEXT_HIJRI,
	    "approval text: another date (the Hijri one first)", NULL);
	check(revision_approval_text("a (5) 10/02/1446\xd9\x87 and "
	    "15/08/2024\xd9\x85\n", "5", &d) == REV_TEXT_GREGORIAN,
	    "approval text: another Gregorian date", NULL);
	check(revision_approval_text("meeting (\xd9\xa5) on "
	    "\xd9\xa1\xd9\xa0/\xd9\xa0\xd9\xa2/\xd9\xa1\xd9\xa4"
	    "\xd9\xa4\xd9\xa6\xd9\x87\n", "5", &d) == REV_TEXT_OK,
	    "approval text: Arabic-Indic digits", NULL);
	check(revision_approval_text("no approval here (7) 1/2/2024\n",
	    "5", &d) == REV_TEXT_OK && revision_approval_text("", "5", &d) ==
	    REV_TEXT_OK, "approval text: none in the text agrees", NULL);
}

int
main(void)
{
	struct buf	 dir = BUF_INIT;

	snprintf(root, sizeof(root), "/tmp/wasl-revision-XXXXXX");
	if (mkdtemp(root) == NULL) {
		check(0, "temporary folder", NULL);
		return check_exit();
	}
	buf_printf(&dir, "%s/policies/p", root);
	fsx_mkdirs(buf_cstr(&dir));

	S_case("1.md", GOOD, NULL, "a right revision passes");
	S_case("1.md", "---\ntitle: مسودة\nrevision: 1\nstatus: draft\n"
	    "---\nنص\n", NULL, "a draft needs no approval record");
	S_case("2.md", "---\ntitle: ت\nrevision: 2\nstatus: approved\n"
	    "changes: عدلنا البند 3\napproved:\n  meeting: 7\n"
	    "  date: 2025-01-05\n---\n", NULL,
	    "a later revision with its changes passes");

	S_case("01.md", GOOD, "FILE:1: a policy revision is named by its "
	    "number: 1.md, 2.md, ...\n", "a name with a leading zero");
	S_case("one.md", GOOD, "FILE:1: a policy revision is named by its "
	    "number: 1.md, 2.md, ...\n", "a name that is not a number");
	S_case("2.md", GOOD, "FILE:3: revision is 1 but the file is named "
	    "2.md: make them equal\n"
	    "FILE:3: revision 2 needs a 'changes:' note saying what it "
	    "changed\n", "a number other than the file's");
	S_case("1.md", "---\ntitle: ت\nrevision: 1\nstatus: final\n---\n",
	    "FILE:4: status 'final' is not known: write 'approved' (the "
	    "board approved it) or 'draft'\n", "an unknown status");
	S_case("1.md", "---\ntitle: ت\nrevision: 1\nstatus: approved\n---\n",
	    "FILE:4: an approved revision needs its approval record: add "
	    "'approved:' with 'meeting:' and 'date:' (and 'by:', "
	    "'decision:')\n", "approved without its record");
	S_case("2.md", "---\ntitle: ت\nrevision: 2\nstatus: approved\n"
	    "approved:\n  meeting: 7\n  date: 2025-01-05\n---\n",
	    "FILE:3: revision 2 needs a 'changes:' note saying what it "
	    "changed\n", "a later revision without its changes");
	S_case("1.md", "---\ntitle: ت\nrevison: 1\nstatus: draft\n---\n",
	    "FILE:3: unknown key 'revison'; the keys here are: title, "
	    "revision, status, summary, approved, effective, review, "
	    "changes, corrections\n"
	    "FILE:1: missing 'revision': add it with the revision number "
	    "(the file name)\n", "a misspelt key");
	S_case("1.md", "---\ntitle: ت\nrevision: 1\nstatus: approved\n"
	    "approved:\n  meeting: 5\n  date: 14/08/2024\n---\n",
	    "FILE:7: 'date' is not a valid date: write it as YYYY-MM-DD, "
	    "e.g. 2024-08-14 (Gregorian)\n", "a date not in ISO form");
	S_case("1.md", "---\ntitle: ت\nrevision: first\nstatus: draft\n---\n",
	    "FILE:3: 'revision' must be a whole number: the revision number "
	    "(the file name)\n", "a revision that is not a number");
	S_case("1.md", "title: ت\n", "FILE:1: no front matter: the file "
	    "must start with a line '---', then keys such as 'title: ...', "
	    "then a line '---'\n", "no front matter");
	S_case("1.md", "---\ntitle: ت\n", "FILE:1: the front matter opened "
	    "by '---' on line 1 is never closed: add a line '---' after its "
	    "keys\n", "front matter never closed");
	S_case("1.md", "---\ntitle: ت\nrevision: [1\n---\n",
	    "FILE:4: bad YAML in the front matter: line 4, column 1: did "
	    "not find expected ',' or ']' (while parsing a flow sequence at "
	    "line 3, column 11)\n", "bad YAML");
	S_case("1.md", "---\ntitle: ت\nrevision: 1\n\xff\n---\n",
	    "FILE:4: not valid UTF-8 text (or holds a NUL byte): save the "
	    "file as UTF-8\n", "not UTF-8");

	S_approval_text();
	fsx_remove_tree(root);
	buf_free(&dir);
	return check_exit();
}
