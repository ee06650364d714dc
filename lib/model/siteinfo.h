/*
 * siteinfo: the content folder's site.yaml, the association's own facts
 * (name, address, contact, branches, social accounts, response time),
 * read and checked into the site's document.
 */
#ifndef WASL_SITEINFO_H
#define WASL_SITEINFO_H

#include <jansson.h>

#include "buf.h"

/*
 * Read dir/site.yaml and check it: base_url without its trailing slash;
 * nothing the association did not write is filled in (no response_days,
 * no appeal, when it gives none). Returns the document (caller
 * owns), or NULL after appending the problems to err, one a line, *nerr
 * being increased by their count.
 */
json_t	*siteinfo_load(const char *dir, struct buf *err, int *nerr);

#endif
