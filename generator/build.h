/*
 * build: builds the public website from a content folder and a templates
 * folder, all or nothing: pages are written to a temporary folder beside
 * the output, their links and anchors checked, and the folder replaces
 * the output in one step only when all of that succeeded (publish.h).
 * Approved policy texts are checked against their fingerprints
 * (content/fingerprints.txt), which only a build that publishes records
 * for newly published revisions (ledger.h). A build over the output of
 * the last one renders only what changed (rebuild.h).
 */
#ifndef WASL_BUILD_H
#define WASL_BUILD_H

#include "buf.h"

struct site_opts {
	const char	*content;	/* content folder */
	const char	*templates;	/* templates folder (with assets/) */
	const char	*out;		/* output folder */
	int		 drafts;	/* publish drafts too, marked (preview) */
	const char	*today;		/* the build date, YYYY-MM-DD; NULL:
					   today in Riyadh */
	int		 keep;		/* keep the replaced site at OUT.prev */
	int		 publish;	/* publishing: seal the approved texts
					   (a whole build; not with drafts) */
	int		 jobs;		/* threads writing pages; 0: one per
					   core */
};

struct site_stats {
	size_t		 pages;		/* HTML pages written */
	size_t		 files;		/* all files written */
	int		 replaced;	/* the output was replaced (so even
					   a failure after it changed it) */
};

/*
 * Build the site. Returns 0, or -1 with the problems appended to err
 * ("FILE:LINE: ..." lines) and the output folder untouched unless
 * st->replaced says otherwise. A folder that is not a site it wrote
 * (output.h) is never written into, replaced nor removed.
 */
int	build_site(const struct site_opts *o, struct site_stats *st,
	    struct buf *err);

#endif
