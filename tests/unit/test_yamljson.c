/*
 * test_yamljson: the YAML subset of lib/yamljson, its scalar rules, its
 * error messages and their places, its limits (size, depth, aliases),
 * and the node lines behind yj_line().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "buf.h"
#include "check.h"
#include "yamljson.h"

/* Parse and compare the compact, key-sorted JSON of the root. */
static void
t_ok_n(const char *name, const char *src, size_t len, const char *want)
{
	struct yj_error	 e;
	struct yj_doc	*d;
	char		*got;

	d = yj_parse(src, len, 0, &e);
	if (d == NULL) {
		check(0, name, e.msg);
		return;
	}
	got = json_dumps(yj_root(d), JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_ENCODE_ANY);
	check_str(got, want, name);
	free(got);
	yj_free(d);
}

#define T_OK(name, src, want) t_ok_n(name, src, strlen(src), want)

/* Parse, expect failure at line:col (col 0: not checked) with a message
 * that contains want; and the message starts with its place. */
static void
t_err_n(const char *name, const char *src, size_t len, int off, int line,
    int col, const char *want)
{
	struct yj_error	 e;
	struct yj_doc	*d;
	char		 detail[512], prefix[64];

	memset(&e, 0x5a, sizeof(e));
	d = yj_parse(src, len, off, &e);
	if (d != NULL) {
		yj_free(d);
		check(0, name, "parsed without error");
		return;
	}
	if (line > 0)
		snprintf(prefix, sizeof(prefix), "line %d, column %d: ",
		    e.line, e.column);
	else
		prefix[0] = '\0';
	snprintf(detail, sizeof(detail), "got %d:%d [%s], want %d:%d [%s]",
	    e.line, e.column, e.msg, line, col, want);
	check(e.line == line && (col == 0 || e.column == col) &&
	    strstr(e.msg, want) != NULL &&
	    strncmp(e.msg, prefix, strlen(prefix)) == 0 &&
	    strlen(e.msg) < sizeof(e.msg), name, detail);
}

#define T_ERR(name, src, line, col, want) \
	t_err_n(name, src, strlen(src), 0, line, col, want)

static void
t_scalars(void)
{
	T_OK("plain true/false", "a: true\nb: false",
	    "{\"a\":true,\"b\":false}");
	T_OK("null forms", "a: null\nb: ~\nc:\nd: ''",
	    "{\"a\":null,\"b\":null,\"c\":null,\"d\":\"\"}");
	T_OK("integers", "a: 0\nb: 42\nc: -7\nd: -0\n"
	    "e: 123456789012345678\nf: -123456789012345678",
	    "{\"a\":0,\"b\":42,\"c\":-7,\"d\":0,\"e\":123456789012345678,"
	    "\"f\":-123456789012345678}");
	T_OK("not integers", "a: 1234567890123456789\nb: 007\nc: 05xx\n"
	    "d: 1.5\ne: +5\nf: 1e3\ng: 0x1F\nh: 1_000\ni: -a\nj: --1\n"
	    "k: 0o17\nl: .5\nm: 5.",
	    "{\"a\":\"1234567890123456789\",\"b\":\"007\",\"c\":\"05xx\","
	    "\"d\":\"1.5\",\"e\":\"+5\",\"f\":\"1e3\",\"g\":\"0x1F\","
	    "\"h\":\"1_000\",\"i\":\"-a\",\"j\":\"--1\",\"k\":\"0o17\","
	    "\"l\":\".5\",\"m\":\"5.\"}");
	T_OK("dates and phones stay strings",
	    "date: 2024-08-14\nphone: 0501234567\ntime: 12:30",
	    "{\"date\":\"2024-08-14\",\"phone\":\"0501234567\","
	    "\"time\":\"12:30\"}");
	T_OK("YAML 1.1 booleans stay strings",
	    "a: yes\nb: no\nc: on\nd: off\ne: True\nf: FALSE\ng: Null\nh: y",
	    "{\"a\":\"yes\",\"b\":\"no\",\"c\":\"on\",\"d\":\"off\","
	    "\"e\":\"True\",\"f\":\"FALSE\",\"g\":\"Null\",\"h\":\"y\"}");
	T_OK("quoted are strings",
	    "a: 'true'\nb: \"5\"\nc: \"null\"\nd: '~'\ne: \"\"",
	    "{\"a\":\"true\",\"b\":\"5\",\"c\":\"null\",\"d\":\"~\","
	    "\"e\":\"\"}");
	T_OK("block scalars are strings",
	    "a: |\n  5\nb: >\n  true\nc: |-\n  null\nd: |\n  line 1\n"
	    "  line 2\ne: >\n  folded\n  text\n",
	    "{\"a\":\"5\\n\",\"b\":\"true\\n\",\"c\":\"null\","
	    "\"d\":\"line 1\\nline 2\\n\",\"e\":\"folded text\\n\"}");
	T_OK("double-quoted escapes", "a: \"tab\\there \\u0627\"",
	    "{\"a\":\"tab\\there \xd8\xa7\"}");
	T_OK("keys are their text", "1: a\ntrue: b\nnull: c\n~: d\n'x': e",
	    "{\"1\":\"a\",\"null\":\"c\",\"true\":\"b\",\"x\":\"e\","
	    "\"~\":\"d\"}");
	T_OK("multi-line plain scalar", "a: one\n  two\n", "{\"a\":\"one two\"}");
}

static void
t_structure(void)
{
	T_OK("nested mappings and sequences",
	    "a:\n  b:\n    - 1\n    - x\n  c: {d: [true, null], e: []}\n"
	    "f: [{g: 1}, {}]\n",
	    "{\"a\":{\"b\":[1,\"x\"],\"c\":{\"d\":[true,null],\"e\":[]}},"
	    "\"f\":[{\"g\":1},{}]}");
	T_OK("sequence of mappings",
	    "branches:\n  - name: a\n    phone: 1\n  - name: b\n",
	    "{\"branches\":[{\"name\":\"a\",\"phone\":1},{\"name\":\"b\"}]}");
	T_OK("empty input is an empty object", "", "{}");
	T_OK("comments only", "# nothing\n\n# here\n", "{}");
	T_OK("bare document start", "---\n", "{}");
	T_OK("explicit document", "---\na: 1\n...\n", "{\"a\":1}");
	T_OK("null document", "null\n", "{}");
	T_OK("top-level sequence", "- a\n- 1\n", "[\"a\",1]");
	T_OK("top-level scalar", "hello\n", "\"hello\"");
	T_OK("comments everywhere", "a: 1 # one\n# x\nb: [2, # two\n 3]\n",
	    "{\"a\":1,\"b\":[2,3]}");
	T_OK("%YAML directive", "%YAML 1.1\n---\na: 1\n", "{\"a\":1}");

	/* A NULL err is allowed, and NULL src with len 0 is empty. */
	{
		struct yj_doc	*d = yj_parse("a: [", 4, 0, NULL);

		check(d == NULL, "NULL err on failure", NULL);
		d = yj_parse(NULL, 0, 0, NULL);
		check(d != NULL && json_is_object(yj_root(d)) &&
		    json_object_size(yj_root(d)) == 0 &&
		    yj_line(d, "") == 0, "NULL empty input", NULL);
		yj_free(d);
		yj_free(NULL);
		check(yj_root(NULL) == NULL && yj_line(NULL, "a") == 0,
		    "NULL doc accepted", NULL);
	}
	/* src need not be NUL-terminated: len is the end. */
	t_ok_n("len bounds the input", "a: 1\nb: 2", 4, "{\"a\":1}");
}

static void
t_errors(void)
{
	T_ERR("bad indentation", "title: x\n  bad: y\n", 2, 6,
	    "mapping values are not allowed in this context");
	T_ERR("mapping value in plain scalar line 4",
	    "a: 1\nb: 2\nc:\n  d: e: f\n", 4, 7,
	    "mapping values are not allowed in this context");
	T_ERR("unclosed flow sequence", "a: 1\nb: [1, 2\nc: 3\n", 3, 2,
	    "did not find expected ',' or ']' (while parsing a flow "
	    "sequence at line 2, column 4)");
	T_ERR("mixed block collection", "a: 1\nb:\n  - x\n  y: 2\n", 4, 3,
	    "did not find expected '-' indicator");
	T_ERR("sequence after mapping", "k: v\n- x\n", 2, 1,
	    "did not find expected key (while parsing a block mapping at "
	    "line 1, column 1)");
	T_ERR("unterminated quote", "a: \"open\nb: 1\n", 3, 1,
	    "found unexpected end of stream (while scanning a quoted "
	    "scalar at line 1, column 4)");
	T_ERR("tab indentation", "a:\n\t- b\n", 2, 1,
	    "found character that cannot start any token");

	T_ERR("anchor", "a: &x 1\nb: *x\n", 1, 4,
	    "anchors and aliases are not supported");
	T_ERR("alias without anchor", "a: 1\nb: *x\n", 2, 4,
	    "anchors and aliases are not supported");
	T_ERR("anchor on a mapping", "a: 1\nb: &m\n  c: 1\n", 2, 4,
	    "anchors and aliases are not supported");
	T_ERR("merge key with alias", "a: 1\nb:\n  <<: *a\n", 3, 7,
	    "anchors and aliases are not supported");

	T_ERR("standard tag", "a: !!str 5\n", 1, 4,
	    "tags are not supported");
	T_ERR("local tag", "a: 1\nb: !custom x\n", 2, 4,
	    "tags are not supported (found !custom)");
	T_ERR("tag on a sequence", "a: !!set\n  - x\n", 1, 4,
	    "tags are not supported");
	T_ERR("binary tag", "a: !!binary aGVsbG8=\n", 1, 4,
	    "tags are not supported");

	T_ERR("two documents", "a: 1\n---\nb: 2\n", 2, 1,
	    "more than one document");
	T_ERR("two documents after end marker", "---\na: 1\n...\n---\nb: 2\n",
	    4, 1, "more than one document");

	T_ERR("duplicate key", "a: 1\nb: 2\na: 3\n", 3, 1,
	    "duplicate key \"a\" (first defined on line 1)");
	T_ERR("duplicate nested key", "x:\n  k: 1\n  j: 2\n  k: 3\n", 4, 3,
	    "duplicate key \"k\" (first defined on line 2)");
	T_ERR("duplicate in flow", "{a: 1, a: 2}", 1, 8,
	    "duplicate key \"a\" (first defined on line 1)");
	T_ERR("duplicate quoted and plain", "a: 1\n'a': 2\n", 2, 1,
	    "duplicate key \"a\"");
	T_ERR("duplicate Arabic key",
	    "\xd8\xa7\xd9\x84\xd8\xa7\xd8\xb3\xd9\x85: 1\nb: 2\n"
	    "\xd8\xa7\xd9\x84\xd8\xa7\xd8\xb3\xd9\x85: 3\n", 3, 1,
	    "duplicate key \"\xd8\xa7\xd9\x84\xd8\xa7\xd8\xb3\xd9\x85\" "
	    "(first defined on line 1)");
	T_ERR("same key in different mappings is fine then dup",
	    "a: {k: 1}\nb: {k: 2}\nb: 3\n", 3, 1,
	    "duplicate key \"b\" (first defined on line 2)");

	T_ERR("sequence as key", "? [a]\n: 1\n", 1, 3,
	    "mapping keys must be scalars");
	T_ERR("mapping as key", "a: 1\n? {b: 1}\n: 2\n", 2, 3,
	    "mapping keys must be scalars");
	T_ERR("NUL escape", "a: 1\nb: \"x\\0y\"\n", 2, 4,
	    "NUL characters are not allowed");

	/* Invalid UTF-8, reported by libyaml's reader with its place. */
	T_ERR("invalid UTF-8 byte", "a: \xff\n", 1, 4,
	    "invalid leading UTF-8 octet");
	T_ERR("bad trailing UTF-8 byte on line 3", "a: 1\nb: 2\nc: x\xd8\n",
	    3, 6, "invalid trailing UTF-8 octet");
	T_ERR("truncated UTF-8 at the end", "a: 1\nb: 2\nc: x\xd8", 3, 5,
	    "incomplete UTF-8 octet sequence");
	T_ERR("overlong UTF-8", "a: 1\nb: \xc0\xaf\n", 2, 4, "UTF-8");
	T_ERR("UTF-16 surrogate in UTF-8", "a: \xed\xa0\x80\n", 1, 4,
	    "invalid Unicode character");
	T_ERR("invalid UTF-8 after Arabic",
	    "t: \xd8\xb3\xd9\x8a\xd8\xa7\xff\n", 1, 7, "UTF-8");
	t_err_n("raw NUL byte", "a: x\0y\n", 7, 0, 1, 5,
	    "control characters are not allowed");
	T_ERR("control character", "a: \x01\n", 1, 4,
	    "control characters are not allowed");

	/* line_offset moves every reported line. */
	t_err_n("line_offset in syntax error", "title: x\n  bad: y\n", 18, 10,
	    12, 6, "mapping values are not allowed");
	t_err_n("line_offset in duplicate key", "a: 1\na: 2\n", 10, 5, 7, 1,
	    "duplicate key \"a\" (first defined on line 6)");
	t_err_n("line_offset in reader error", "a: 1\nb: \xff\n", 10, 3, 5, 4,
	    "UTF-8");

	/* CRLF input: lines count the same. */
	T_ERR("CRLF error line", "a: 1\r\nb: 2\r\n  c: 3\r\n", 3, 4,
	    "mapping values are not allowed");
	T_ERR("CRLF duplicate", "a: 1\r\nb: 2\r\na: 3\r\n", 3, 1,
	    "duplicate key \"a\" (first defined on line 1)");
	T_ERR("CRLF reader error line", "a: 1\r\nb: 2\r\nc: \xff\r\n", 3, 4,
	    "UTF-8");
}

static void
t_limits(void)
{
	struct buf	 b = BUF_INIT;
	struct yj_error	 e;
	struct yj_doc	*d;
	clock_t		 t0;
	double		 secs;
	int		 i;
	char		 name[64];

	/* 32 levels of flow nesting parse; 33 do not. */
	for (i = 0; i < 32; i++)
		buf_putc(&b, '[');
	for (i = 0; i < 32; i++)
		buf_putc(&b, ']');
	d = yj_parse(b.data, b.len, 0, &e);
	check(d != NULL, "32 nested sequences parse", d ? NULL : e.msg);
	yj_free(d);
	buf_reset(&b);
	for (i = 0; i < 33; i++)
		buf_putc(&b, '[');
	for (i = 0; i < 33; i++)
		buf_putc(&b, ']');
	t_err_n("33 nested sequences", b.data, b.len, 0, 1, 33,
	    "nesting is deeper than 32 levels");

	/* Block mappings, 32 and 33 deep. */
	buf_reset(&b);
	for (i = 0; i < 32; i++)
		buf_printf(&b, "%*sk:\n", 2 * i, "");
	d = yj_parse(b.data, b.len, 0, &e);
	check(d != NULL && yj_line(d, "k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k."
	    "k.k.k.k.k.k.k.k.k.k.k.k.k.k") == 32, "32 nested mappings parse",
	    d ? "line of the deepest key" : e.msg);
	yj_free(d);
	buf_reset(&b);
	for (i = 0; i < 33; i++)
		buf_printf(&b, "%*sk:\n", 2 * i, "");
	buf_printf(&b, "%*sv\n", 66, "");
	t_err_n("33 nested mappings", b.data, b.len, 0, 33, 0,
	    "nesting is deeper than 32 levels");

	/* Half a million '[' (within the size limit) fail fast. */
	buf_reset(&b);
	for (i = 0; i < 500000; i++)
		buf_putc(&b, '[');
	t0 = clock();
	t_err_n("500000 open brackets", b.data, b.len, 0, 1, 33,
	    "nesting is deeper than 32 levels");
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	check(secs < 2.0, "deep nesting fails fast", "took over 2 s");

	/* Mixed flow/block nesting counts every level. */
	buf_reset(&b);
	for (i = 0; i < 31; i++)
		buf_printf(&b, "%*s-\n", 2 * i, "");
	buf_printf(&b, "%*s- [{a: 1}]\n", 62, "");
	t_err_n("mixed block and flow nesting", b.data, b.len, 0, 32, 0,
	    "nesting is deeper than 32 levels");

	/* Size: 2 MiB refused before parsing; exactly 1 MiB accepted. */
	buf_reset(&b);
	while (b.len < 2 * 1024 * 1024)
		buf_puts(&b, "# padding padding padding padding padding\n");
	t_err_n("2 MiB input", b.data, b.len, 0, 0, 0, "input is too large");
	t_err_n("1 MiB + 1 input", b.data, YJ_MAX_INPUT + 1, 0, 0, 0,
	    "input is too large");
	buf_reset(&b);
	for (i = 0; b.len < YJ_MAX_INPUT - 64; i++)
		buf_printf(&b, "key%06d: value number %d\n", i, i);
	while (b.len < YJ_MAX_INPUT - 1)
		buf_putc(&b, '#');
	buf_putc(&b, '\n');
	t0 = clock();
	d = yj_parse(b.data, b.len, 0, &e);
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	snprintf(name, sizeof(name), "key%06d", i - 1);
	check(b.len == YJ_MAX_INPUT && d != NULL &&
	    json_object_size(yj_root(d)) == (size_t)i &&
	    yj_line(d, name) == i, "exactly 1 MiB parses",
	    d ? "wrong size or line" : e.msg);
	check(secs < 5.0, "1 MiB parses in reasonable time", "took over 5 s");
	yj_free(d);

	/* A billion-laughs alias bomb is refused at its first anchor. */
	buf_reset(&b);
	buf_puts(&b, "title: ok\n");
	buf_puts(&b, "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
	for (i = 1; i < 10; i++)
		buf_printf(&b, "%c: &%c [*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c]\n",
		    'a' + i, 'a' + i, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1,
		    'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1,
		    'a' + i - 1);
	buf_puts(&b, "bomb: *j\n");
	t0 = clock();
	t_err_n("alias bomb", b.data, b.len, 0, 2, 4,
	    "anchors and aliases are not supported");
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	check(secs < 1.0, "alias bomb fails fast", "took over 1 s");

	/* A long key is clipped in the message, on a UTF-8 boundary. */
	buf_reset(&b);
	for (i = 0; i < 2; i++) {
		int	 j;

		for (j = 0; j < 200; j++)
			buf_puts(&b, "\xd8\xb9");	/* ع */
		buf_puts(&b, ": 1\n");
	}
	memset(&e, 0, sizeof(e));
	d = yj_parse(b.data, b.len, 0, &e);
	check(d == NULL && strstr(e.msg, "duplicate key \"\xd8\xb9") != NULL &&
	    strstr(e.msg, "\xd8\xb9...\" (first defined on line 1)") != NULL &&
	    strlen(e.msg) < sizeof(e.msg), "long duplicate key clipped",
	    e.msg);
	yj_free(d);
	buf_free(&b);
}

static void
t_arabic(void)
{
	static const char src[] =
	    "\xd8\xa7\xd9\x84\xd8\xb9\xd9\x86\xd9\x88\xd8\xa7\xd9\x86: "
	    "\xd8\xb3\xd9\x8a\xd8\xa7\xd8\xb3\xd8\xa9 \xd8\xaa\xd9\x86\xd8\xb8"
	    "\xd9\x8a\xd9\x85 \xd8\xa7\xd9\x84\xd8\xb9\xd9\x84\xd8\xa7\xd9\x82"
	    "\xd8\xa9\n"
	    "channels:\n"
	    "  - \"\xd8\xa7\xd9\x84\xd9\x87\xd8\xa7\xd8\xaa\xd9\x81\"\n"
	    "  - '\xd9\x88\xd8\xb3\xd8\xa7\xd8\xa6\xd9\x84'\n"
	    "digits: \xd9\xa1\xd9\xa2\xd9\xa3\n";
	struct yj_error	 e;
	struct yj_doc	*d;
	json_t		*v;
	const char	*s;

	d = yj_parse(src, sizeof(src) - 1, 0, &e);
	if (!check(d != NULL, "Arabic document parses", d ? NULL : e.msg))
		return;
	v = json_object_get(yj_root(d),
	    "\xd8\xa7\xd9\x84\xd8\xb9\xd9\x86\xd9\x88\xd8\xa7\xd9\x86");
	s = json_string_value(v);
	check_str(s, "سياسة تنظيم العلاقة", "Arabic key and value byte-exact");
	check(s != NULL && json_string_length(v) == 36,
	    "Arabic value length in bytes", NULL);
	v = json_object_get(yj_root(d), "channels");
	check_str(json_string_value(json_array_get(v, 0)), "الهاتف",
	    "Arabic double-quoted item");
	check_str(json_string_value(json_array_get(v, 1)), "وسائل",
	    "Arabic single-quoted item");
	/* Arabic-Indic digits are not ASCII digits: a string. */
	check_str(json_string_value(json_object_get(yj_root(d), "digits")),
	    "١٢٣", "Arabic-Indic digits stay a string");
	check(yj_line(d, "العنوان") == 1 && yj_line(d, "channels.1") == 4,
	    "Arabic key line", NULL);
	yj_free(d);

	T_OK("BOM is skipped", "\xef\xbb\xbf" "a: 1\n", "{\"a\":1}");
}

static void
t_crlf(void)
{
	static const char src[] = "a: 1\r\nb: |\r\n  x\r\n  y\r\nc: z\r\n"
	    "d:\r\n  - e\r\n";
	struct yj_doc	*d;
	struct yj_error	 e;

	t_ok_n("CRLF values", src, sizeof(src) - 1,
	    "{\"a\":1,\"b\":\"x\\ny\\n\",\"c\":\"z\",\"d\":[\"e\"]}");
	d = yj_parse(src, sizeof(src) - 1, 0, &e);
	check(d != NULL && yj_line(d, "c") == 5 && yj_line(d, "d.0") == 7,
	    "CRLF lines", NULL);
	yj_free(d);
}

static void
t_lines(void)
{
	static const char src[] =
	    "# policy\n"				/* 1 */
	    "title: x\n"				/* 2 */
	    "approved:\n"				/* 3 */
	    "  meeting: 5\n"				/* 4 */
	    "  date: 2024-08-14\n"			/* 5 */
	    "branches:\n"				/* 6 */
	    "  - name: a\n"				/* 7 */
	    "    phone: \"011\"\n"			/* 8 */
	    "  - name: b\n"				/* 9 */
	    "  - [1,\n"					/* 10 */
	    "     2]\n"					/* 11 */
	    "empty: {}\n"				/* 12 */
	    "a.b: dotted\n"				/* 13 */
	    "a:\n"					/* 14 */
	    "  b: nested\n"				/* 15 */
	    "body: |\n"					/* 16 */
	    "  text\n";					/* 17 */
	static const struct {
		const char	*path;
		int		 line;
	} want[] = {
		{ "", 2 },
		{ "title", 2 },
		{ "approved", 3 },
		{ "approved.meeting", 4 },
		{ "approved.date", 5 },
		{ "approved.missing", 3 },	/* absent: its mapping */
		{ "approved.date.x", 5 },	/* below a scalar */
		{ "nope", 2 },			/* absent: the root */
		{ "branches", 6 },
		{ "branches.0", 7 },
		{ "branches.0.name", 7 },
		{ "branches.0.phone", 8 },
		{ "branches.1.name", 9 },
		{ "branches.2", 10 },
		{ "branches.2.1", 11 },
		{ "branches.3", 6 },		/* index out of range */
		{ "branches.x", 6 },
		{ "branches.-1", 6 },
		{ "empty", 12 },
		{ "empty.x", 12 },
		{ "a.b", 13 },			/* the dotted key wins */
		{ "a", 14 },
		{ "a.c", 14 },
		{ "body", 16 },
	};
	struct yj_error	 e;
	struct yj_doc	*d, *d2;
	size_t		 i;
	char		 name[96], detail[64];

	d = yj_parse(src, sizeof(src) - 1, 0, &e);
	d2 = yj_parse(src, sizeof(src) - 1, 100, &e);
	if (!check(d != NULL && d2 != NULL, "lines document parses", e.msg))
		goto out;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		snprintf(name, sizeof(name), "yj_line \"%s\"", want[i].path);
		snprintf(detail, sizeof(detail), "got %d, want %d",
		    yj_line(d, want[i].path), want[i].line);
		check(yj_line(d, want[i].path) == want[i].line, name, detail);
		snprintf(name, sizeof(name), "yj_line \"%s\" with offset 100",
		    want[i].path);
		check(yj_line(d2, want[i].path) == want[i].line + 100, name,
		    NULL);
	}
	check(yj_line(d, NULL) == 0, "yj_line NULL path", NULL);
	check(json_integer_value(json_object_get(json_object_get(yj_root(d),
	    "approved"), "meeting")) == 5 &&
	    strcmp(json_string_value(json_object_get(json_object_get(
	    yj_root(d), "approved"), "date")), "2024-08-14") == 0,
	    "lines document values", NULL);
out:
	yj_free(d);
	yj_free(d2);
}

int
main(void)
{
	t_scalars();
	t_structure();
	t_errors();
	t_limits();
	t_arabic();
	t_crlf();
	t_lines();
	return check_exit();
}
