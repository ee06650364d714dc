/*
 * sitemap: sitemap.xml (the Sitemaps protocol, 0.9), every page's
 * address for search engines.
 */
#ifndef WASL_SITEMAP_H
#define WASL_SITEMAP_H

#include <jansson.h>

#include "buf.h"

/*
 * Write dir/sitemap.xml: one entry for each address of urls (an array of
 * strings, "/a/b/", in order) under base_url. Returns 0, or -1 with a
 * message appended to err.
 */
int	sitemap_write(const char *dir, const char *base_url,
	    const json_t *urls, struct buf *err);

#endif
