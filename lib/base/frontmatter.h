/*
 * frontmatter: find the YAML front matter at the top of a Markdown file.
 *
 * A page starts with a line "---", then YAML, then a closing line "---"
 * (or "..."); the rest is the Markdown body. This module only finds the
 * pieces; yamljson parses the YAML (pass yaml_line - 1 as its
 * line_offset so that its lines are the file's lines).
 */
#ifndef WASL_FRONTMATTER_H
#define WASL_FRONTMATTER_H

#include <stddef.h>

struct fm_split {
	size_t	 yaml_off, yaml_len;	/* the YAML, between the delimiters */
	int	 yaml_line;		/* 1-based line of its first line */
	size_t	 body_off;		/* the body runs to the end of src */
	int	 body_line;		/* 1-based line of its first line */
};

/* Split src[0..len) (need not be NUL-terminated). A UTF-8 byte order
 * mark at the start is skipped. Lines end in \n or \r\n; a delimiter line
 * is exactly "---" (opening) or "---" / "..." (closing), trailing spaces
 * and tabs allowed. The YAML's last line break belongs to it, and the
 * body starts after the closing line's break (or at len when the file
 * ends there).
 * Returns 0 with *out filled; -1 when line 1 is not "---" (no front
 * matter); -2 when nothing closes the opening line. On -1 and -2, *out
 * describes the whole file (after any BOM) as the body, at line 1, with
 * an empty YAML. */
int	 fm_split(const char *src, size_t len, struct fm_split *out);

#endif
