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
 * Read dir/site.yaml and check it: the defaults filled (response_days
 * 14), base_url without its trailing slash. Returns the document (caller
 * owns), or NULL after appending the problems to err, one a line, *nerr
 * being increased by their count.
 */
json_t	*siteinfo_load(const char *dir, struct buf *err, int *nerr);

#endif
