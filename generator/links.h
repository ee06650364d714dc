/*
 * links: checks a generated site the way a reader's clicks would, before
 * it is published: every local link and anchor resolves, ids are unique
 * and non-empty, every page is Arabic and right-to-left, and nothing loads
 * from another host.
 */
#ifndef WASL_LINKS_H
#define WASL_LINKS_H

#include <stddef.h>

#include "buf.h"

struct links_stats {
	size_t	 pages;		/* HTML pages read */
	size_t	 links;		/* local links and anchors followed */
};

/*
 * Check every .html file below dir. Links under /forms/ are left to the
 * form processor. Returns the number of problems, each appended to err as
 * "PAGE: problem"; *st (may be NULL) gets the counts.
 */
int	links_check(const char *dir, struct buf *err, struct links_stats *st);

#endif
