/*
 * diag: problems found in a YAML file (or a Markdown file's front matter)
 * reported as "FILE:LINE: message" lines, with the line found from the
 * dotted path of the offending key.
 */
#ifndef WASL_DIAG_H
#define WASL_DIAG_H

#include "buf.h"
#include "yamljson.h"

/* One file being checked; the caller fills it and reads nerr. */
struct diag {
	const char	*path;	/* the file, as the message names it */
	struct yj_doc	*doc;	/* its parsed YAML, for positions; may be NULL */
	int		 line;	/* line when the key has none (0: line 1) */
	struct buf	*err;	/* where the lines are appended */
	int		 nerr;	/* problems reported so far */
};

/* Append "PATH:LINE: message\n" to d->err, LINE being that of the dotted
 * key in d->doc (NULL: d->line), and count it. */
void	diag_at(struct diag *d, const char *key, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#endif
