/*
 * test_frontmatter: splitting "---" YAML "---" from a Markdown body,
 * with LF and CRLF line ends, a BOM, and the two failure cases.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "frontmatter.h"

/* Split src and compare the YAML and body text and lines with the
 * expected ones (yaml and body NULL when rc is not 0). */
static void
t_split(const char *name, const char *src, size_t len, int want_rc,
    const char *yaml, int yaml_line, const char *body, int body_line)
{
	struct fm_split	 s;
	char		 detail[256];
	int		 rc;

	memset(&s, 0xa5, sizeof(s));
	rc = fm_split(src, len, &s);
	if (rc != want_rc) {
		snprintf(detail, sizeof(detail), "rc %d, want %d", rc, want_rc);
		check(0, name, detail);
		return;
	}
	if (yaml == NULL) {
		/* Failure: the whole file is the body. */
		size_t	 bom = len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0 ?
		    3 : 0;

		snprintf(detail, sizeof(detail), "body_off %zu body_line %d "
		    "yaml_len %zu", s.body_off, s.body_line, s.yaml_len);
		check(s.body_off == bom && s.body_line == 1 &&
		    s.yaml_len == 0, name, detail);
		return;
	}
	snprintf(detail, sizeof(detail),
	    "yaml [%.*s] line %d, body [%.*s] line %d",
	    (int)s.yaml_len, src + s.yaml_off, s.yaml_line,
	    (int)(len - s.body_off), src + s.body_off, s.body_line);
	check(s.yaml_off + s.yaml_len <= len && s.body_off <= len &&
	    s.yaml_len == strlen(yaml) &&
	    memcmp(src + s.yaml_off, yaml, s.yaml_len) == 0 &&
	    len - s.body_off == strlen(body) &&
	    memcmp(src + s.body_off, body, len - s.body_off) == 0 &&
	    s.yaml_line == yaml_line && s.body_line == body_line,
	    name, detail);
}

#define T(name, src, rc, yaml, yl, body, bl) \
	t_split(name, src, sizeof(src) - 1, rc, yaml, yl, body, bl)

int
main(void)
{
	T("basic LF", "---\ntitle: x\n---\n# Body\n", 0,
	    "title: x\n", 2, "# Body\n", 4);
	T("two YAML lines", "---\na: 1\nb: 2\n---\ntext\nmore\n", 0,
	    "a: 1\nb: 2\n", 2, "text\nmore\n", 5);
	T("CRLF", "---\r\ntitle: x\r\nb: 2\r\n---\r\nBody\r\n", 0,
	    "title: x\r\nb: 2\r\n", 2, "Body\r\n", 5);
	T("closing with dots", "---\na: 1\n...\nbody\n", 0,
	    "a: 1\n", 2, "body\n", 4);
	T("closing with dots CRLF", "---\r\na: 1\r\n...\r\nbody", 0,
	    "a: 1\r\n", 2, "body", 4);
	T("empty YAML", "---\n---\nbody\n", 0, "", 2, "body\n", 3);
	T("closing at end of file", "---\na: 1\n---", 0,
	    "a: 1\n", 2, "", 4);
	T("closing CRLF at end of file", "---\r\na: 1\r\n---\r\n", 0,
	    "a: 1\r\n", 2, "", 4);
	T("empty body", "---\na: 1\n---\n", 0, "a: 1\n", 2, "", 4);
	T("trailing blanks on delimiters", "---  \na: 1\n--- \t\nbody\n", 0,
	    "a: 1\n", 2, "body\n", 4);
	T("BOM skipped", "\xef\xbb\xbf---\na: 1\n---\nbody\n", 0,
	    "a: 1\n", 2, "body\n", 4);
	T("body keeps later rules", "---\na: 1\n---\nx\n---\ny\n", 0,
	    "a: 1\n", 2, "x\n---\ny\n", 4);
	T("blank lines in YAML", "---\n\na: 1\n\n---\n\nbody\n", 0,
	    "\na: 1\n\n", 2, "\nbody\n", 6);
	T("Arabic byte-exact",
	    "---\ntitle: \xd8\xb3\xd9\x8a\xd8\xa7\xd8\xb3\xd8\xa9\n---\n"
	    "\xd8\xaa\xd9\x85\xd9\x87\xd9\x8a\xd8\xaf\n", 0,
	    "title: \xd8\xb3\xd9\x8a\xd8\xa7\xd8\xb3\xd8\xa9\n", 2,
	    "\xd8\xaa\xd9\x85\xd9\x87\xd9\x8a\xd8\xaf\n", 4);
	T("indented dashes do not close", "---\na: |\n  ---\n---\nb\n", 0,
	    "a: |\n  ---\n", 2, "b\n", 5);
	T("dashes with text do not close", "---\na: 1\n--- x\n---\nb\n", 0,
	    "a: 1\n--- x\n", 2, "b\n", 5);

	/* -1: no front matter */
	T("no front matter", "# Title\n\ntext\n", -1, NULL, 0, NULL, 0);
	T("empty file", "", -1, NULL, 0, NULL, 0);
	T("BOM then no front matter", "\xef\xbb\xbf# T\n", -1,
	    NULL, 0, NULL, 0);
	T("four dashes is not an opening", "----\na: 1\n----\n", -1,
	    NULL, 0, NULL, 0);
	T("dashes with text is not an opening", "--- a\nb\n---\n", -1,
	    NULL, 0, NULL, 0);
	T("opening on line 2 is not front matter", "\n---\na: 1\n---\n", -1,
	    NULL, 0, NULL, 0);
	T("indented opening", " ---\na: 1\n---\n", -1, NULL, 0, NULL, 0);
	T("dots do not open", "...\na: 1\n...\n", -1, NULL, 0, NULL, 0);
	T("thematic break with spaces", "- - -\ntext\n", -1,
	    NULL, 0, NULL, 0);

	/* -2: opened, never closed */
	T("unclosed", "---\ntitle: x\nbody\n", -2, NULL, 0, NULL, 0);
	T("only the opening", "---\n", -2, NULL, 0, NULL, 0);
	T("opening without newline", "---", -2, NULL, 0, NULL, 0);
	T("unclosed CRLF", "---\r\na: 1\r\n", -2, NULL, 0, NULL, 0);
	T("closing with text is not closing", "---\na: 1\n---x\n", -2,
	    NULL, 0, NULL, 0);

	/* len bounds the scan: the closing line past len is not seen. */
	{
		const char	*s = "---\na: 1\n---\nbody";
		struct fm_split	 sp;

		check(fm_split(s, 9, &sp) == -2, "len bounds the scan",
		    "found a closing line beyond len");
		check(fm_split(NULL, 0, &sp) == -1, "NULL empty input", NULL);
	}
	return check_exit();
}
