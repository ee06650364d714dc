/*
 * sitemap: sitemap.xml (the Sitemaps protocol, 0.9), every page's
 * address for search engines. This module gives the addresses;
 * templates/sitemap.mustache is its markup.
 */
#ifndef WASL_SITEMAP_H
#define WASL_SITEMAP_H

#include <jansson.h>

#include "buf.h"
#include "pages.h"

/* The template it renders (one of pagelist_templates). */
#define SITEMAP_TEMPLATE	"sitemap"

/*
 * Write dir/sitemap.xml, rendered by pages from
 * SITEMAP_TEMPLATE with the page {"urls": urls}: urls is an array of
 * strings ("/a/b/", in order), each put under site's base_url by the
 * template. Returns 0, or -1 with a message appended to err.
 */
int	sitemap_write(const char *dir, const struct pages *pages,
	    json_t *urls, struct buf *err);

#endif
