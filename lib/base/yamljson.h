/*
 * yamljson: load one YAML document into a jansson tree, for front matter
 * and configuration files written by hand.
 *
 * Only a safe, predictable subset of YAML is accepted: mappings become
 * objects and sequences arrays. Quoted and block scalars are always
 * strings; a plain scalar is true/false (boolean), null/~/empty (null),
 * an optional '-' and 1..18 decimal digits without leading zeros
 * (integer), and a string otherwise (so 2024-08-14, 1.5, yes and 05xx
 * stay strings). Mapping keys are scalars, taken as their text, and
 * unique. Rejected with an error: anchors and aliases, tags, more than
 * one document, nesting deeper than YJ_MAX_DEPTH, input over
 * YJ_MAX_INPUT bytes, invalid UTF-8, NUL characters. The parser keeps
 * the line of every node so that callers can point at problems.
 */
#ifndef WASL_YAMLJSON_H
#define WASL_YAMLJSON_H

#include <stddef.h>

#include <jansson.h>

#define YJ_MAX_INPUT	(1024 * 1024)	/* bytes */
#define YJ_MAX_DEPTH	32		/* nested mappings and sequences */

struct yj_error {
	int	 line, column;	/* 1-based; 0 when the error has no place */
	char	 msg[256];	/* English, starts "line L, column C: " when
				   there is a place */
};

struct yj_doc;	/* opaque */

/* Parse one YAML document from src[0..len) (need not be NUL-terminated).
 * line_offset is added to every reported line, in errors and by
 * yj_line(): pass 0 for a whole file, or the number of lines before the
 * YAML (for front matter inside a Markdown file); a negative one counts
 * as 0. Returns a document the caller frees with yj_free(), or NULL with
 * *err filled (err may be NULL when the caller needs no detail). */
struct yj_doc	*yj_parse(const char *src, size_t len, int line_offset,
		    struct yj_error *err);

/* The document's value: borrowed, valid until yj_free(). Usually an
 * object; a document that is empty or only null gives an empty object,
 * and a top-level sequence or scalar is returned as it is. */
json_t		*yj_root(const struct yj_doc *d);

/* The 1-based line (line_offset included) of the node at a dotted path
 * such as "approved.date" or "branches.0.name" ("" is the root): the line
 * of its key for a mapping entry, of the value itself for a sequence item
 * or the root. When the path is absent, the line of its longest prefix
 * that exists (so a missing key points at the mapping that lacks it).
 * Keys containing '.' are matched too. Returns 0 when unknown (d or path
 * NULL, or an empty document). */
int		 yj_line(const struct yj_doc *d, const char *path);

/* Free a document and its tree; accepts NULL. */
void		 yj_free(struct yj_doc *d);

#endif
