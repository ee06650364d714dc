/*
 * links: checks a generated site the way a reader's clicks would, before
 * it is published: every local link and anchor resolves, ids are unique
 * and non-empty, every page is Arabic and right-to-left, and nothing loads
 * from another host.
 *
 * The generator hands each page over as it writes it (links_page) and
 * resolves everything at the end, so no page is read back; links_check
 * does the same for a folder already on disk.
 */
#ifndef WASL_LINKS_H
#define WASL_LINKS_H

#include <stddef.h>

#include "buf.h"

struct links_stats {
	size_t	 pages;		/* HTML pages read */
	size_t	 links;		/* local links and anchors followed */
};

struct links;

/* A new, empty index; free with links_free(). */
struct links	*links_new(void);
void		 links_free(struct links *l);

/*
 * Take in one page: file is its path in the site ("/a/b/index.html"),
 * html its text (borrowed for the call). Problems of the page itself are
 * kept for links_resolve().
 */
void		 links_page(struct links *l, const char *file, const char *html,
		    size_t len);

/*
 * links_page() in two steps, so that pages can be scanned on several
 * threads and taken in, in order, on one: links_scan() reads one page
 * (file and html as for links_page(); touches nothing shared) into a
 * result that links_add() takes in and frees. links_scan_free() frees a
 * result not taken in; both accept NULL.
 */
struct links_scan;
struct links_scan *links_scan(const char *file, const char *html,
		    size_t len);
void		 links_add(struct links *l, struct links_scan *sc);
void		 links_scan_free(struct links_scan *sc);

/* 1 if a page at file ("/a/index.html") was taken in, else 0. */
int		 links_has_page(const struct links *l, const char *file);

/*
 * Resolve every local link of every page taken in: a target page must have
 * been taken in, any other target must exist below root; a fragment must
 * be an id of its page. Links under /forms/ are left to the form
 * processor. Returns the number of problems, each appended to err as
 * "PAGE: problem"; *st (may be NULL) gets the counts.
 */
int		 links_resolve(struct links *l, const char *root, struct buf *err,
		    struct links_stats *st);

/* Take in every .html file below dir and resolve (for a site on disk). */
int		 links_check(const char *dir, struct buf *err,
		    struct links_stats *st);

#endif
