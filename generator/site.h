/*
 * site: builds the public website from a content folder and a templates
 * folder, all or nothing: pages are written to a temporary folder beside
 * the output, which replaces the output in one step only when every page
 * was written.
 */
#ifndef WASL_SITE_H
#define WASL_SITE_H

#include "buf.h"

struct site_opts {
	const char	*content;	/* content folder */
	const char	*templates;	/* templates folder (with assets/) */
	const char	*out;		/* output folder */
	int		 drafts;	/* publish drafts too, marked (preview) */
};

struct site_stats {
	size_t		 pages;		/* HTML pages written */
	size_t		 files;		/* all files written */
};

/*
 * Build the site. Returns 0, or -1 with the problems appended to err
 * ("FILE:LINE: ..." lines) and the output folder untouched.
 */
int	site_build(const struct site_opts *o, struct site_stats *st,
	    struct buf *err);

#endif
