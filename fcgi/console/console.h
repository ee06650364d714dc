/*
 * console: what the routes of wasl-console share inside fcgi/console.
 *
 * wasl-console is the staff's program behind nginx (at /staff/): the
 * beneficiary-relations officer, the research committee, management and
 * the accounts' admin work in it in the browser, each seeing and doing
 * only what their role may (lib/model/roles.h). It shares the database
 * module (fcgi/db) with wasl-admin: the same case operations, the same
 * audit trail, in the name of the account signed in.
 *
 * One request goes through handler.c: the route is found in the table
 * of routes (each with the permission it needs), the session is read
 * from its cookie (sessions.h) unless the route is one of signing in,
 * the role is asked (403 and nothing done when it may not), and a POST
 * is refused unless it comes from this site (http_cross_site()) and
 * carries the session's token against cross-site requests (field
 * "csrf"). Then the route's function runs with a struct creq. The routes
 * are in their own files, one for each part of the work:
 *   signin.c   signing in and out, enrolment (the password and the app)
 *   queue.c    the list of requests
 *   request.c  one request: answers, reveal, history, status changes
 *   files.c    the exports (CSV) and the satisfaction report
 *   dsr.c      the data-subject requests (find, export, erase)
 *   trail.c    the audit trail and the sign-ins
 *   accounts.c the staff's accounts (admin)
 *   publishing.c  new revisions of policies: drafted, approved, published
 *              by a second person (the board's secretary and chair)
 *   details.c  the association's details, channels, services' pages and
 *              pages edited, previewed and published (the secretary)
 *
 * Pages are the templates "staff-*" (templates/), children of
 * "staff-layout", rendered by lib/view/pages.h from the same content as
 * the site: they look like it. The words the C code chooses (errors,
 * refusals) are the catalog's, group "console" (templates/strings.yaml);
 * the pages' own labels are in their templates.
 *
 * Every page is sent with no-store, framing forbidden, a strict
 * Content-Security-Policy (no script at all) and a Referer only to the
 * console itself (an enrolment link holds its token; no-referrer would
 * have Chromium send "Origin: null" with every post, which the cross-site
 * check refuses): console_page() and console_error() add them.
 */
#ifndef WASL_CONSOLE_H
#define WASL_CONSOLE_H

#include <jansson.h>

#include "auth.h"
#include "buf.h"
#include "catalog.h"
#include "content.h"
#include "http.h"
#include "pages.h"
#include "sessions.h"
#include "store.h"
#include "urlenc.h"
#include "workflow.h"

/* The session cookie: __Host- (Secure, Path=/, no Domain: only this
 * host, over HTTPS) with HttpOnly and SameSite=Strict. */
#define CONSOLE_COOKIE	"__Host-wasl-staff"

/*
 * The longest post of a route that carries a long text: a policy draft's
 * Markdown (/staff/drafts/, DRAFTS_BODY_MAX) and a content edit's file
 * (/staff/edits/, EDITS_TEXT_MAX), 256 KiB each. Arabic is two bytes a
 * letter and a browser sends each byte of it as %XX, so 256 KiB of it
 * comes to some 770 KiB urlencoded: 1 MiB leaves room for the other
 * fields and for a text over its limit to be read and told so at its
 * field. Every other route keeps a form's HTTP_MAX_BODY (64 KiB). nginx
 * has the same limits (client_max_body_size in fcgi/nginx.conf.in and
 * fcgi/deploy/nginx-site.conf).
 */
#define CONSOLE_LONG_POST	HTTP_MAX_LONG

/* The headers of every console reply after the status and type. */
#define CONSOLE_HEADERS \
	"Content-Security-Policy: default-src 'none'; style-src 'self';" \
	" img-src 'self' data:; form-action 'self'; frame-ancestors 'none';" \
	" base-uri 'none'\r\n" \
	"X-Frame-Options: DENY\r\n" \
	"X-Content-Type-Options: nosniff\r\n" \
	"Referrer-Policy: same-origin\r\n" \
	"Permissions-Policy: camera=(), microphone=(), geolocation=()," \
	" payment=()\r\n" \
	"Cross-Origin-Opener-Policy: same-origin\r\n" \
	"Cross-Origin-Resource-Policy: same-origin\r\n"

/* What every worker shares, loaded at start (and again at a reload):
 * read only while requests are served. */
struct console {
	struct content		 c;
	struct catalog		*words;
	struct pages		*pages;
	const struct auth_common *common;	/* the common passwords
						   (borrowed: read once) */
	json_t			*forms;		/* [ { id, title, tracked } ] */
	const char		*db;		/* the database's path */
	const char		*content_dir;	/* the content folder's path
						   (read only: details.c) */
	unsigned char		 salt[32];	/* store_open()'s */
	const char		*origin;	/* --origin, or the site's
						   base_url: this console's
						   own address (NULL: the
						   Host the request names) */
	int			 response_days;	/* site.yaml's */
	const char		*templates;	/* the templates' folder
						   (borrowed: console_init()'s),
						   for chart_html() */
};

/* One request. */
struct creq {
	struct console		*app;
	struct store		*st;
	struct http_req		*r;
	const char		*rest;		/* the path after the route's */
	int			 signed_in;
	struct session		 sess;		/* when signed_in */
	char			 token[HTTP_MAX_COOKIE_VALUE + 1];
						/* the cookie's token, or "" */
	struct urlenc_list	 query;		/* QUERY_STRING's pairs */
	struct urlenc_list	 form;		/* a POST's pairs */
	struct buf		 body;
};

/* ---- start ---- */

/* Load the content, the catalog and the templates into a (zeroed), which
 * borrows common (the common passwords, read once at start). Returns 0,
 * or -1 with err. */
int	 console_init(struct console *a, const char *content,
	    const char *templates, const struct auth_common *common,
	    struct buf *err);
void	 console_free(struct console *a);

/* Answer one request; st is the worker's store, used by one thread at a
 * time (the caller holds its lock). */
void	 console_serve(struct console *a, struct store *st,
	    struct http_req *r);

/* ---- what routes use ---- */

/*
 * A field of the POST (form) or of the query string (query) named name:
 * its value when it was given once, is valid UTF-8 with no NUL and no
 * control character but tab and line breaks, and holds at most max
 * bytes; NULL when absent or when it breaks one of those rules (*bad
 * set to 1 then, when bad is not NULL).
 */
const char *console_field(const struct creq *cr, const char *name,
	    size_t max, int *bad);
const char *console_query(const struct creq *cr, const char *name,
	    size_t max, int *bad);
/* The id at the start of the route's rest, "N" or "N/WHAT" (N a
 * positive number without leading zeros), into *id, and *what the rest
 * after the slash ("" when none): 1; 0 when the rest is not that (the
 * caller answers 404). */
int	 console_rest_id(const struct creq *cr, long long *id,
	    const char **what);
/* The rule of those fields alone: 1 when the len bytes of value (which
 * may hold NULs) are valid UTF-8 of at most max bytes with no NUL and no
 * control character but tab, LF and CR. */
int	 console_value_ok(const char *value, size_t len, size_t max);

/*
 * Render template tpl (a "staff-*" one) with page (stolen) and send it
 * with status. page gains "staff": who is signed in (name, role), what
 * the role may do ("may": { PERM: true }), the csrf token for its forms,
 * and "current": { section: true } for the menu. extra: more header
 * lines, or NULL. A page that fails to render is logged and answered
 * with the error page "render".
 */
void	 console_page(struct creq *cr, const char *tpl, const char *section,
	    json_t *page, int status, const char *extra);

/* Send the error page for status with the catalog's texts
 * console.error.KEY.title and .message. */
void	 console_error(struct creq *cr, int status, const char *key);

/* The catalog's text at key (each checked at start: console.c's
 * tables) rendered with params (stolen; may be NULL), as a new JSON
 * string. */
json_t	*console_text(const struct creq *cr, const char *key,
	    json_t *params);

/*
 * The second factor asked again before a reveal, an export or an
 * erasure: the field "code" of the POST checked with users_confirm()
 * for purpose. Returns 1 when it was accepted; 0 when refused, with
 * *msg a new JSON string saying why for the field (the caller shows the
 * form again); -1 on a database error, answered here with 500.
 */
int	 console_confirm(struct creq *cr, const char *purpose, json_t **msg);

/* A Saudi date of a stored UTC time as the pages show it, both
 * calendars: { iso, saudi, long, hijri_long, time } (time "HH:MM"
 * Riyadh); JSON null when utc is NULL or malformed. New reference. */
json_t	*console_when(const struct creq *cr, const char *utc);

/* The catalog keys each part says (checked at start), NULL-terminated. */
extern const char *const signin_words[];
extern const char *const publishing_words[];
extern const char *const details_words[];
extern const char *const files_words[];
extern const char *const dsr_words[];
extern const char *const trail_words[];

/* files.c, for trail.c too: a period of Saudi dates as typed ("" or
 * NULL: unbounded), each "YYYY-MM-DD", inclusive, as stored UTC times
 * [lo, hi) and months [lo_month, hi_month], as wasl-admin's --from and
 * --to. A malformed date, or from after to, sets errors.from or
 * errors.to (the catalog's message) and returns -1. */
struct files_period {
	char		 lo[WF_TIME_LEN + 1], hi[WF_TIME_LEN + 1];
	char		 lo_month[8], hi_month[8];
	struct date	 from, to;
	int		 has_from, has_to;
};
int	 files_period(const struct creq *cr, const char *from, const char *to,
	    struct files_period *p, json_t *errors);
/* Today's Saudi date "YYYY-MM-DD", as the downloads are named. */
void	 files_today(char out[11]);
extern const char *const accounts_words[];

/* ---- the routes (console.c's table says which path, method and
 * permission each answers) ---- */

/* signin.c */
void	 signin_home(struct creq *cr);
void	 signin_get(struct creq *cr);
void	 signin_post(struct creq *cr);
void	 signout_post(struct creq *cr);
void	 enrol_get(struct creq *cr);
void	 enrol_post(struct creq *cr);

/* publishing.c */
void	 publishing_list(struct creq *cr);
void	 publishing_new(struct creq *cr);
void	 publishing_rollback(struct creq *cr);
void	 publishing_draft_get(struct creq *cr);
void	 publishing_draft_post(struct creq *cr);

/* details.c */
void	 details_list(struct creq *cr);
void	 details_start(struct creq *cr);
void	 details_get(struct creq *cr);
void	 details_post(struct creq *cr);
/* files.c */
void	 export_get(struct creq *cr);
void	 export_post(struct creq *cr);
void	 report_get(struct creq *cr);
void	 report_file(struct creq *cr);

/* dsr.c */
void	 dsr_list(struct creq *cr);
void	 dsr_open(struct creq *cr);
void	 dsr_get(struct creq *cr);
void	 dsr_post(struct creq *cr);

/* trail.c */
void	 trail_get(struct creq *cr);
/* accounts.c */
void	 accounts_get(struct creq *cr);
void	 account_get(struct creq *cr);
void	 account_post(struct creq *cr);
/* queue.c */
extern const char *const queue_words[];
void	 queue_get(struct creq *cr);
/* The words of days left (left > 0), due today (0) or late (< 0). */
json_t	*queue_days(const struct creq *cr, int left);

/* request.c */
extern const char *const request_words[];
void	 request_get(struct creq *cr);
void	 request_post(struct creq *cr);
/* 1 when the answers of f are masked until revealed (request.c says
 * which). */
int	 request_field_personal(const struct formdef_field *f);

#endif
