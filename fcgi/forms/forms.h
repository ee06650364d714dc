/*
 * forms: what the routes of wasl-forms share inside fcgi/forms: its pages
 * rendered and sent, its error pages, and the routes themselves, which
 * handler.c dispatches to:
 *   submit.c   a form's submission and its confirmation page
 *   status.c   the applicants' status lookup
 * The words on its pages come from the catalog (templates/strings.yaml,
 * group "forms"); every key used is in handler.c's table of them,
 * checked at start and at each reload.
 */
#ifndef WASL_FORMS_H
#define WASL_FORMS_H

#include <jansson.h>

#include "buf.h"
#include "formdef.h"
#include "handler.h"
#include "http.h"
#include "store.h"

/* Each error page wasl-forms answers with: a title and a message. */
enum forms_error {
	FE_CROSS_SITE_FORM,	/* a form posted from another site */
	FE_CROSS_SITE_STATUS,	/* the status lookup from another site */
	FE_MEDIA_TYPE,		/* a post not urlencoded */
	FE_TOO_LARGE,		/* a post over the limit */
	FE_INCOMPLETE,		/* a post without all its body */
	FE_CORRUPT,		/* a post that does not parse */
	FE_NOT_THIS_FORM,	/* fields the form does not have */
	FE_RESEND,		/* the status lookup's post unreadable */
	FE_NOT_SAVED,		/* the database failed to store */
	FE_FORM_FAILED,		/* the form page failed to render */
	FE_PAGE_FAILED,		/* another page failed to render */
	FE_LOOKUP_FAILED,	/* the database failed to look up */
	FE_METHOD_STATUS,	/* 405 on the status page */
	FE_METHOD_FORM,		/* 405 on a form's address */
	FE_METHOD_RECEIVED,	/* 405 on a confirmation page */
	FE_NOT_FOUND,		/* 404 */
	FE__MAX
};

/* How a route answers each way http_form_read() refuses a post: the
 * status and the error page; a table indexed by enum http_post. */
struct forms_refusal {
	int			 status;
	enum forms_error	 page;
};

/*
 * Send the error page e with status (and extra header lines, or NULL).
 * Should the page not render, a minimal one (http_fallback_page()) goes
 * instead and the reason is logged.
 */
void	 forms_error(struct app *a, struct http_req *r, int status,
	    const char *extra, enum forms_error e);

/*
 * Render template tpl with page (borrowed), the menu marking section,
 * and send it with status and extra; on failure log it and send the
 * error page failed (FE_FORM_FAILED or FE_PAGE_FAILED) with 500.
 */
void	 forms_page(struct app *a, struct http_req *r, const char *tpl,
	    const char *section, json_t *page, int status, const char *extra,
	    enum forms_error failed);

/* The catalog's text at key (one of handler.c's table) rendered with
 * params (may be NULL), as a new JSON string. */
json_t	*forms_text(const struct app *a, const char *key,
	    const json_t *params);
/* The same, appended to out. */
void	 forms_put(const struct app *a, const char *key,
	    const json_t *params, struct buf *out);

/* The routes (submit.c, status.c). */
void	 forms_submit(struct app *a, struct store *st, struct http_req *r,
	    const struct formdef *fd, json_t *svc);
void	 forms_received(struct app *a, struct http_req *r,
	    const struct formdef *fd, json_t *svc, const char *ref);
void	 forms_status(struct app *a, struct store *st, struct http_req *r);

#endif
