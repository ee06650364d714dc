/*
 * http: the HTTP side of one FastCGI request, for every program behind
 * nginx (wasl-forms today, the staff console next): what the request
 * says (method, path, query, content type and length, its body read
 * within a limit), the one cross-site decision every POST route makes,
 * and the replies (status line, headers, redirects, the page of last
 * resort when an error page cannot be rendered).
 *
 * What this layer sends itself: the status line, Content-Type (HTML in
 * UTF-8) and Cache-Control: no-store on every reply, since each is made
 * for one request and may hold an applicant's answers. The security
 * headers every page needs (Content-Security-Policy, X-Frame-Options,
 * nosniff, Referrer-Policy, Permissions-Policy) are nginx's: it adds them
 * to every reply, static or not (fcgi/nginx.conf.in), so they are in one
 * place for both.
 *
 * Nothing here renders a page or holds words for people: the program
 * renders its pages and passes the bytes. A struct http_req borrows the
 * FastCGI request; every string it hands out is valid until the request
 * is finished.
 */
#ifndef WASL_HTTP_H
#define WASL_HTTP_H

#include <stddef.h>

#include <fcgiapp.h>

#include "buf.h"
#include "urlenc.h"

/* The largest body of a form (bytes, as received), and the ceiling of
 * any body, which only a post carrying a long text is let near (the
 * console's policy drafts and content edits: console.h). */
#define HTTP_MAX_BODY	URLENC_MAX_BODY
#define HTTP_MAX_LONG	URLENC_MAX_LONG

/* One request, as read from its FastCGI parameters (borrowed). */
struct http_req {
	FCGX_Request	*fcgi;
	const char	*method;	/* REQUEST_METHOD, "" when absent */
	const char	*path;		/* DOCUMENT_URI, else SCRIPT_NAME;
					   NULL when neither */
	const char	*query;		/* QUERY_STRING, "" when absent */
	const char	*content_type;	/* CONTENT_TYPE; NULL when absent */
	const char	*client;	/* REMOTE_ADDR, "" when absent */
	int		 get;		/* GET or HEAD */
	int		 post;		/* POST */
};

/* Fill r from the FastCGI request fcgi (borrowed). */
void	 http_req_init(struct http_req *r, FCGX_Request *fcgi);
/* A FastCGI parameter of r ("HTTP_ORIGIN"), or NULL. Borrowed. */
const char *http_param(const struct http_req *r, const char *name);

/* The limits of the Cookie header read: cookies looked at, and the
 * bytes of one value. */
#define HTTP_MAX_COOKIES	32
#define HTTP_MAX_COOKIE_VALUE	256

/*
 * The value of the cookie name in the Cookie header cookie (HTTP_COOKIE;
 * may be NULL), parsed as RFC 6265 5.4 sends it ("a=1; b=2"): the first
 * of that name among the first HTTP_MAX_COOKIES, copied into out (size
 * bytes, NUL-terminated; size at most HTTP_MAX_COOKIE_VALUE + 1 is
 * enough for any accepted value). Returns 1 when found, 0 when absent,
 * -1 when the value is longer than size - 1 or holds a byte outside
 * RFC 6265's cookie-octet (which is then not copied).
 */
int	 http_cookie(const char *cookie, const char *name, char *out,
	    size_t size);

/* ---- the body ---- */

/* 1 when ct is application/x-www-form-urlencoded, alone or with
 * parameters (";charset=..."), case-insensitively; 0 otherwise (NULL
 * too). */
int	 http_is_urlencoded(const char *ct);

/*
 * The body's length from CONTENT_LENGTH cl (may be NULL), at most max.
 * Returns 0 with *len set, or the status to answer with: 411 when there
 * is none (NULL or ""), 400 when it is not a plain decimal number, 413
 * when it is over max.
 */
int	 http_content_length(const char *cl, size_t max, size_t *len);

/*
 * Read r's body as CONTENT_LENGTH says, at most max bytes, into body
 * (replacing what it held; NUL-terminated). Returns 0, or the status to
 * answer with: those of http_content_length(), and 400 when the body is
 * shorter than its length.
 */
int	 http_read_body(struct http_req *r, size_t max, struct buf *body);

/* ---- POST routes ---- */

/*
 * 1 when a POST comes from a page of another site, from what its browser
 * says: Sec-Fetch-Site (fetch_site) "cross-site" is; otherwise without an
 * Origin (old browsers, tools) it is not; an Origin is this site's when
 * it is the origin of base_url (base_url without its path; may be NULL)
 * or "http://" or "https://" followed by host (the Host the request was
 * sent to, port included; may be NULL). Any other Origin, "null"
 * included, is another site's.
 */
int	 http_cross_site(const char *fetch_site, const char *origin,
	    const char *host, const char *base_url);

/* What http_form_read() found wrong with a post of a form. */
enum http_post {
	HTTP_POST_OK = 0,
	HTTP_POST_CROSS_SITE,	/* 403: from another site's page */
	HTTP_POST_MEDIA_TYPE,	/* 415: not urlencoded */
	HTTP_POST_NO_LENGTH,	/* 411: no Content-Length */
	HTTP_POST_INCOMPLETE,	/* 400: a malformed length, or less body
				   than it said */
	HTTP_POST_TOO_LARGE,	/* 413: longer than the limit given */
	HTTP_POST_MALFORMED	/* 400: not valid urlencoded data */
};

/* The status a refusal of http_form_read() is answered with. */
int	 http_post_status(enum http_post e);

/*
 * The checks every POST of a form passes, in this order: not from
 * another site (http_cross_site() with the request's Sec-Fetch-Site,
 * Origin and Host, nginx's WASL_HOST first, against base_url), an
 * urlencoded body, its length (at most max bytes: HTTP_MAX_BODY for a
 * form, more only for a post that carries a long text, never more than
 * HTTP_MAX_LONG), the body read (into body) and parsed (into pairs, as
 * urlenc_parse() with max; their strings point into memory pairs owns;
 * the caller frees it with urlenc_free() whatever the result, and body
 * with buf_free()). Returns HTTP_POST_OK, or the first check failed.
 */
enum http_post http_form_read(struct http_req *r, const char *base_url,
	    size_t max, struct buf *body, struct urlenc_list *pairs);

/* ---- replies ---- */

/* "OK", "Not Found", ...: the reason phrase of the statuses sent. */
const char *http_reason(int status);

/*
 * Send a page: the status line, Content-Type: text/html; charset=utf-8,
 * Cache-Control: no-store, then extra (more header lines, each ending in
 * "\r\n"; may be NULL), then body (may be NULL), which a HEAD request
 * does not get.
 */
void	 http_send(struct http_req *r, int status, const char *extra,
	    const struct buf *body);

/*
 * Send a reply of another type: as http_send(), with content_type in
 * place of HTML (a download: "text/csv; charset=utf-8" with extra's
 * Content-Disposition).
 */
void	 http_send_as(struct http_req *r, int status, const char *content_type,
	    const char *extra, const struct buf *body);

/* Send 303 See Other to location (an address on this site), no-store,
 * without a body. */
void	 http_redirect(struct http_req *r, const char *location);
/* The same with extra header lines (each ending in "\r\n"; may be NULL):
 * a cookie set or cleared. */
void	 http_redirect_with(struct http_req *r, const char *location,
	    const char *extra);

/* Replace out's contents with the page of last resort for status: a
 * minimal Arabic-direction page with nothing but the number, for when
 * the program's own error page cannot be rendered. */
void	 http_fallback_page(int status, struct buf *out);

#endif
