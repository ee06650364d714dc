/*
 * frontmatter: split "---" YAML "---" from a Markdown body (see
 * frontmatter.h).
 */
#include <string.h>

#include "frontmatter.h"

/* Is src[start..end) (a line without its break) the delimiter word,
 * optionally followed by spaces and tabs? */
static int
S_delim(const char *src, size_t start, size_t end, const char *word)
{
	size_t	 i;

	if (end - start < 3 || memcmp(src + start, word, 3) != 0)
		return 0;
	for (i = start + 3; i < end; i++)
		if (src[i] != ' ' && src[i] != '\t')
			return 0;
	return 1;
}

/* The end of the line starting at pos: *eol is where its content ends
 * (before \r\n or \n), the return value where the next line starts. */
static size_t
S_line(const char *src, size_t len, size_t pos, size_t *eol)
{
	const char	*nl = memchr(src + pos, '\n', len - pos);
	size_t		 end = nl != NULL ? (size_t)(nl - src) : len;

	*eol = end > pos && src[end - 1] == '\r' ? end - 1 : end;
	return nl != NULL ? end + 1 : len;
}

int
fm_split(const char *src, size_t len, struct fm_split *out)
{
	size_t	 pos = 0, eol, next, yaml_off;
	int	 line;

	if (src == NULL) {
		src = "";
		len = 0;
	}
	if (len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	out->yaml_off = pos;
	out->yaml_len = 0;
	out->yaml_line = 1;
	out->body_off = pos;
	out->body_line = 1;

	next = S_line(src, len, pos, &eol);
	/* The opening line must end in a line break: "---" alone at the
	 * end of the file opens nothing that could close. */
	if (!S_delim(src, pos, eol, "---"))
		return -1;
	if (next == eol)
		return -2;
	yaml_off = pos = next;
	line = 2;
	while (pos < len) {
		next = S_line(src, len, pos, &eol);
		if (S_delim(src, pos, eol, "---") ||
		    S_delim(src, pos, eol, "...")) {
			out->yaml_off = yaml_off;
			out->yaml_len = pos - yaml_off;
			out->yaml_line = 2;
			out->body_off = next;
			out->body_line = line + 1;
			return 0;
		}
		pos = next;
		line++;
	}
	return -2;
}
