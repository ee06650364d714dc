/*
 * pagelist: which pages a site has, in the order they are written: the
 * home page, the listings, every policy page, the changes, one page per
 * channel, service and page file, the results and the 404 page. Each is
 * a template, the menu section it marks and its page data.
 */
#ifndef WASL_PAGELIST_H
#define WASL_PAGELIST_H

#include <jansson.h>

#include "content.h"
#include "policy.h"
#include "catalog.h"

/* The templates every site needs (its pages', the feed's and the
 * sitemap's), NULL-terminated. */
extern const char *const pagelist_templates[];

/* The catalog's texts it says (catalog_require()): the titles and
 * summaries of the pages it lists itself. */
extern const char *const pagelist_texts[];
extern const size_t pagelist_ntexts;

/* One page: template tpl with page as "page", at page's "url" (a folder
 * address ending in '/', or a file name such as "/404.html"), the menu
 * marking section. */
struct pagelist_page {
	const char	*tpl;
	const char	*section;	/* static, or the page's own */
	json_t		*page;		/* a reference */
};

struct pagelist {
	struct pagelist_page	*v;
	size_t			 n;
	size_t			 changes;	/* the /changes/ page, after
						   which feed.xml is written */
};

/*
 * List every page of the site made from c (its documents get their
 * "kind"), the policy pages pp and the satisfaction results (NULL: no
 * results page) into l, which starts zeroed, titled with the catalog
 * words (pagelist_texts). Returns 0, or -1 with a message appended to
 * err; either way free l with pagelist_free().
 */
int	pagelist_site(struct pagelist *l, const struct content *c,
	    const struct policy_pages *pp, json_t *results,
	    const struct catalog *words, struct buf *err);

void	pagelist_free(struct pagelist *l);

#endif
