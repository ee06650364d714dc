/*
 * compare: what changed between two revisions of a policy, as HTML that
 * reads naturally in Arabic: unchanged paragraphs as they are, changed ones
 * word by word, with <del> and <ins> runs that also carry hidden words a
 * screen reader announces ("start of deletion" ... "end of deletion", in
 * the catalog's words: lib/view/compareview.h).
 */
#ifndef WASL_COMPARE_H
#define WASL_COMPARE_H

#include <stddef.h>

#include "buf.h"

struct compare_stats {
	size_t	 inserted;	/* words inserted */
	size_t	 deleted;	/* words deleted */
};

/* The hidden words around each run, plain text (escaped when written). */
struct compare_words {
	const char	*del_start, *del_end;	/* around a deletion */
	const char	*ins_start, *ins_end;	/* around an insertion */
};

/*
 * Compare the Markdown bodies a (the older) and b, appending the HTML to
 * out and the counts to *st (may be NULL), each run marked with the words
 * of cw. Paragraphs are matched first, then words inside the paragraphs
 * that changed; past a size bound the comparison falls back to whole
 * paragraphs. Returns 0, or -1 when cmark fails (nothing appended).
 */
int	compare_html_words(const char *a, size_t alen, const char *b,
	    size_t blen, const struct compare_words *cw, struct buf *out,
	    struct compare_stats *st);

#endif
