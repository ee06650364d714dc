/*
 * policy: settles, for the build date, which revision of each policy is in
 * force, which are superseded and which are approved but not yet in force,
 * checks approved texts against their fingerprints, and lists the pages
 * of a policy: the current one, every revision at its permanent address,
 * the history and the comparisons of consecutive revisions.
 */
#ifndef WASL_POLICY_H
#define WASL_POLICY_H

#include <jansson.h>

#include "buf.h"
#include "date.h"
#include "ledger.h"
#include "catalog.h"

/* The catalog's texts it says (catalog_require()): the titles of the
 * history and comparison pages. */
extern const char *const policy_texts[];
extern const size_t policy_ntexts;

/* One page to render: template tpl with page (owned), at page's "url". */
struct policy_page {
	const char	*tpl;
	json_t		*page;
};

struct policy_pages {
	struct policy_page	*v;
	size_t			 n;
};

/*
 * Settle every policy of policies (content_read()'s array, changed in
 * place: each policy gets "current", "upcoming", the listing keys of the
 * revision in force, and each revision its status flags and fingerprint),
 * check fingerprints in ledger (NULL: not checked, as in a rebuild whose
 * policies are those the last build checked), and append the pages to
 * render to out, titled with the catalog words (policy_texts). Returns 0,
 * or -1 with problems appended to err.
 */
int	policy_settle(json_t *policies, const struct date *today,
	    struct ledger *ledger, const struct catalog *words,
	    struct policy_pages *out, struct buf *err);

/*
 * Every published revision of every policy, newest approval first (for
 * /changes/ and the feed): a new array of the revision objects, each with
 * "policy_title" and "policy_url".
 */
json_t	*policy_changes(json_t *policies);

void	policy_pages_free(struct policy_pages *p);

#endif
