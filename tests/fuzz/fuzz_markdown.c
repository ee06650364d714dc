/*
 * fuzz_markdown: the Markdown pass of every page (headings' anchors, the
 * table of contents, bidi isolation of addresses and numbers) and the
 * word-level comparison of two revisions (the input split at its first
 * NUL byte, or compared with itself).
 */
#include <string.h>

#include <jansson.h>

#include "compare.h"
#include "markdown.h"
#include "fuzz.h"

int
fuzz_one(const uint8_t *data, size_t size)
{
	const char	*s = (const char *)data, *z;
	struct buf	 out = BUF_INIT;
	json_t		*toc = json_array();
	size_t		 a;
	/* Words with the characters escaping must handle. */
	static const struct compare_words cw = { "<del & \"", "'>",
	    "بداية الإضافة:", "" };

	md_render(s, size, &out, toc);
	buf_reset(&out);
	md_anchor(s, size > 200 ? 200 : size, &out);
	buf_reset(&out);
	z = memchr(s, '\0', size);
	a = z ? (size_t)(z - s) : size;
	compare_html_words(s, a, z ? z + 1 : s, z ? size - a - 1 : size, &cw,
	    &out, NULL);
	json_decref(toc);
	buf_free(&out);
	return 0;
}
