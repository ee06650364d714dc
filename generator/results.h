/*
 * results: the satisfaction results wasl-admin exported (aggregates only)
 * to content/data/satisfaction.json, published as /results/ when the
 * association puts the file there.
 */
#ifndef WASL_RESULTS_H
#define WASL_RESULTS_H

#include <jansson.h>

#include "buf.h"

/*
 * Read the results of the content folder content into *out (caller
 * decrefs; NULL without the file) and, when there are some, give site
 * its "results_url". Returns 0, or -1 with a message appended to err.
 */
int	results_load(const char *content, json_t *site, json_t **out,
	    struct buf *err);

#endif
