/*
 * rebuild: a build over the output of the last one whose inputs
 * (cache.h) are the same but for the text of some channel, service or
 * page files: only their pages are rendered, checked and written, each
 * replacing its old file in one rename. The documents of the other files
 * are taken from the record, and only for the lists (channels, services,
 * pages) that the changed pages' templates read: a channel's page that
 * shows no list of channels needs none of them.
 */
#ifndef WASL_REBUILD_H
#define WASL_REBUILD_H

#include "buf.h"
#include "build.h"
#include "cache.h"
#include "date.h"
#include "catalog.h"

/*
 * Rebuild o->out for the date today, with the catalog words (as
 * policy_settle()), from the record rec (borrowed; its changed documents
 * are replaced in it), saving it at cache_path under key and files
 * (cache_key(), cache_files_key()). Counts what it wrote in st.
 * Returns 0 when done, 1 when a whole build is needed (a changed file's
 * front matter changed, so lists and menus may have, or the record is
 * damaged), -1 with the problems appended to err.
 */
int	rebuild_site(const struct site_opts *o, const struct date *today,
	    const struct catalog *words, struct cache_rec *rec,
	    const char *key, const char *files, const char *cache_path,
	    struct site_stats *st, struct buf *err);

#endif
