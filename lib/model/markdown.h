/*
 * markdown: a page's Markdown (CommonMark, through libcmark, raw HTML
 * disabled) to HTML for wasl's right-to-left pages.
 *
 * Beyond cmark's own rendering it gives every heading an id that keeps its
 * Arabic letters, unique on the page and never empty; collects the table of
 * contents; and isolates left-to-right runs inside Arabic text: web
 * addresses and e-mails become links with dir="ltr", phone numbers are
 * wrapped in <bdi dir="ltr">.
 */
#ifndef WASL_MARKDOWN_H
#define WASL_MARKDOWN_H

#include <jansson.h>

#include "buf.h"

/*
 * Render src[0..len) (valid UTF-8) as HTML appended to html. When toc is
 * not NULL, an object {"id", "text", "level"} is appended to that array for
 * each heading of level 2 or 3. Returns 0, or -1 when cmark fails.
 */
int	md_render(const char *src, size_t len, struct buf *html, json_t *toc);

/*
 * Rendering ahead, so that another thread can do md_render()'s work before
 * it is asked for. Between md_ahead_begin() and md_ahead_end(),
 * md_ahead_render(src, len), called on any thread, renders src and keeps
 * the result; a later md_render() of the same bytes takes it instead of
 * rendering again (waiting while it is being rendered), and marks each
 * text it renders itself so that it is not rendered ahead as well.
 * md_ahead_render() returns 0, or 1 when md_render() already had that
 * text (a thread going through texts in the opposite order has met it:
 * it can stop). md_ahead_end(), once no md_ahead_render() is running,
 * drops whatever was not taken. md_render()'s results are the same
 * with or without this; one set of texts at a time per process.
 */
void	md_ahead_begin(void);
int	md_ahead_render(const char *src, size_t len);
void	md_ahead_end(void);

/* Append the plain text of a cmark node's inlines (line breaks as
 * spaces). node is a cmark_node (void * keeps cmark out of this header). */
void	md_plain(void *node, struct buf *out);

/*
 * Append to out the anchor for heading text: letters and digits of any
 * script kept (ASCII lowercased), Arabic diacritics and tatweel dropped,
 * everything else folded into single hyphens; "section" when nothing is
 * left. Uniqueness is the caller's (md_render's) business.
 */
void	md_anchor(const char *text, size_t len, struct buf *out);

#endif
