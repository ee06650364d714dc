/*
 * compare: what changed between two revisions of a policy, as HTML that
 * reads naturally in Arabic: unchanged paragraphs as they are, changed ones
 * word by word, with <del> and <ins> runs that also carry hidden words a
 * screen reader announces ("بداية الحذف" ... "نهاية الحذف").
 */
#ifndef WASL_COMPARE_H
#define WASL_COMPARE_H

#include <stddef.h>

#include "buf.h"

struct compare_stats {
	size_t	 inserted;	/* words inserted */
	size_t	 deleted;	/* words deleted */
};

/*
 * Compare the Markdown bodies a (the older) and b, appending the HTML to
 * out and the counts to *st (may be NULL). Paragraphs are matched first,
 * then words inside the paragraphs that changed; past a size bound the
 * comparison falls back to whole paragraphs. Returns 0, or -1 when cmark
 * fails (nothing appended).
 */
int	compare_html(const char *a, size_t alen, const char *b, size_t blen,
	    struct buf *out, struct compare_stats *st);

#endif
