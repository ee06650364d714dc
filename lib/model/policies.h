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

#endif
