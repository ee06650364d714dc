/*
 * policies: the content folder's policies/, one folder per policy
 * (policies/<slug>/) holding its revisions 1.md, 2.md, ... (each read by
 * lib/model/revision.h), into the policies' documents.
 */
#ifndef WASL_POLICIES_H
#define WASL_POLICIES_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"

/*
 * Every policy folder of dir: its revisions in number order (drafts only
 * with drafts set, each marked "draft" and counted in *ndrafts), each
 * with "url" and "slug", and on the policy, for listings, the title,
 * summary and approval record of its highest approved revision (the
 * generator then settles which one is in force on the build date). Each
 * policy's address is entered in taken (address -> what uses it).
 * Returns the array of policies (caller owns); the problems are appended
 * to err, *nerr being increased by their count.
 */
json_t	*policies_load(const char *dir, int drafts, json_t *taken,
	    size_t *ndrafts, struct buf *err, int *nerr);

/* The policy of policies (policies_load()'s array) with slug, or NULL.
 * Borrowed. */
const json_t *policies_find(const json_t *policies, const char *slug);

/*
 * The number of the revision of the policy slug in force on the day
 * today ("YYYY-MM-DD"): the highest approved revision whose effective
 * date has come, as the generator settles it; 0 when there is none (or
 * no such policy).
 */
long	 policies_in_force(const json_t *policies, const char *slug,
	    const char *today);

#endif
