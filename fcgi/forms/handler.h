/*
 * handler: what wasl-forms does with one request.
 *
 *   POST /forms/ID                  a submission: 303 to its confirmation,
 *                                   or 422 with the form page and errors
 *   GET  /forms/ID                  303 to the service page offering it
 *   GET  /forms/ID/received/REF     the confirmation page
 *   GET  /forms/status              the applicants' status lookup form
 *   POST /forms/status              the status of the request with that
 *                                   reference and national ID; a wrong
 *                                   pair is answered exactly as a
 *                                   missing one, and a client whose
 *                                   lookups keep failing is refused for
 *                                   a while (429; throttle.h)
 *
 * Everything else gets 404, 405, 411, 413, 415, 400 or 403 with an Arabic
 * page. Nothing is stored unless every answer is valid, and a reply of 303
 * is sent only after the submission is committed.
 *
 * The request arrives parsed by the HTTP layer (fcgi/web/http.h), which
 * also makes the checks every post passes; the routes are submit.c and
 * status.c (forms.h), their words in templates/strings.yaml ("forms").
 */
#ifndef WASL_HANDLER_H
#define WASL_HANDLER_H

#include <jansson.h>

#include "buf.h"
#include "content.h"
#include "formdef.h"
#include "http.h"
#include "pages.h"
#include "store.h"
#include "catalog.h"
#include "throttle.h"

/* What every worker shares, loaded once before they start. */
struct app {
	struct content	 c;
	struct pages	*pages;		/* the templates, shared by every
					   thread (pages.h) */
	json_t		*by_form;	/* form id -> the service doc offering it */
	json_t		*defs;		/* form id -> its formview_def() */
	const char	*db;		/* database path (borrowed) */
	unsigned char	 salt[32];	/* keys the duplicate digests */
	struct throttle	*throttle;	/* failed status lookups; may be NULL */
	struct catalog	*words;		/* templates/strings.yaml */
	/* The status lookup's national ID field, as a form's (its label
	 * from words), for fieldcheck. */
	struct formdef_field status_id;
};

/* Load content, templates and the catalog of words into a. Returns 0,
 * or -1 with the problems appended to err. */
int	handler_init(struct app *a, const char *content,
	    const char *templates, struct buf *err);
/* The number of forms offered by a service. */
size_t	handler_nforms(const struct app *a);
/* Answer one request. Many threads may call it at once with one a and
 * st. */
void	handler_serve(struct app *a, struct store *st, struct http_req *r);
/* Release what handler_init() loaded; accepts a zeroed struct. */
void	handler_free(struct app *a);

#endif
