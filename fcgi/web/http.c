/*
 * http: the HTTP side of one FastCGI request (see http.h).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http.h"

void
http_req_init(struct http_req *r, FCGX_Request *fcgi)
{
	const char	*s;

	r->fcgi = fcgi;
	s = FCGX_GetParam("REQUEST_METHOD", fcgi->envp);
	r->method = s != NULL ? s : "";
	r->path = FCGX_GetParam("DOCUMENT_URI", fcgi->envp);
	if (r->path == NULL)
		r->path = FCGX_GetParam("SCRIPT_NAME", fcgi->envp);
	s = FCGX_GetParam("QUERY_STRING", fcgi->envp);
	r->query = s != NULL ? s : "";
	r->content_type = FCGX_GetParam("CONTENT_TYPE", fcgi->envp);
	s = FCGX_GetParam("REMOTE_ADDR", fcgi->envp);
	r->client = s != NULL ? s : "";
	r->get = strcmp(r->method, "GET") == 0 ||
	    strcmp(r->method, "HEAD") == 0;
	r->post = strcmp(r->method, "POST") == 0;
}

const char *
http_param(const struct http_req *r, const char *name)
{
	return FCGX_GetParam(name, r->fcgi->envp);
}

/* ---- cookies ---- */

/* RFC 6265 4.1.1's cookie-octet: visible ASCII but '"', ',', ';', '\\'. */
static int
S_cookie_octet(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x2b) ||
	    (c >= 0x2d && c <= 0x3a) || (c >= 0x3c && c <= 0x5b) ||
	    (c >= 0x5d && c <= 0x7e);
}

int
http_cookie(const char *cookie, const char *name, char *out, size_t size)
{
	const char	*p = cookie, *eq, *end;
	size_t		 nlen = strlen(name), vlen, i;
	int		 seen = 0;

	if (cookie == NULL || size == 0)
		return 0;
	while (*p != '\0' && seen < HTTP_MAX_COOKIES) {
		while (*p == ' ' || *p == ';')
			p++;
		if (*p == '\0')
			break;
		seen++;
		end = strchr(p, ';');
		if (end == NULL)
			end = p + strlen(p);
		eq = memchr(p, '=', (size_t)(end - p));
		if (eq != NULL && (size_t)(eq - p) == nlen &&
		    memcmp(p, name, nlen) == 0) {
			eq++;
			vlen = (size_t)(end - eq);
			/* The spaces after the value first, then the quotes
			 * of a quoted value (RFC 6265's DQUOTE *cookie-octet
			 * DQUOTE), whose inside is taken as it is: a space
			 * there is no cookie-octet. */
			while (vlen > 0 && eq[vlen - 1] == ' ')
				vlen--;
			if (vlen >= 2 && eq[0] == '"' && eq[vlen - 1] == '"') {
				eq++;
				vlen -= 2;
			}
			if (vlen >= size)
				return -1;
			for (i = 0; i < vlen; i++)
				if (!S_cookie_octet((unsigned char)eq[i]))
					return -1;
			memcpy(out, eq, vlen);
			out[vlen] = '\0';
			return 1;
		}
		p = end;
	}
	return 0;
}

/* ---- the body ---- */

int
http_is_urlencoded(const char *ct)
{
	static const char want[] = "application/x-www-form-urlencoded";
	size_t		 n = sizeof(want) - 1;

	if (ct == NULL || strncasecmp(ct, want, n) != 0)
		return 0;
	ct += n;
	while (*ct == ' ')
		ct++;
	return *ct == '\0' || *ct == ';';
}

int
http_content_length(const char *cl, size_t max, size_t *len)
{
	char		*end;
	unsigned long	 n;

	if (cl == NULL || *cl == '\0')
		return 411;
	if (*cl < '0' || *cl > '9')
		return 400;
	n = strtoul(cl, &end, 10);
	if (*end != '\0')
		return 400;
	if (n > max)
		return 413;
	*len = (size_t)n;
	return 0;
}

int
http_read_body(struct http_req *r, size_t max, struct buf *body)
{
	size_t		 len = 0;
	int		 n, rc;

	if ((rc = http_content_length(http_param(r, "CONTENT_LENGTH"), max,
	    &len)) != 0)
		return rc;
	buf_grow(body, len);
	n = FCGX_GetStr(body->data, (int)len, r->fcgi->in);
	if (n < 0 || (size_t)n != len)
		return 400;
	body->len = len;
	body->data[len] = '\0';
	return 0;
}

/* ---- POST routes ---- */

int
http_cross_site(const char *fetch_site, const char *origin,
    const char *host, const char *base_url)
{
	const char	*rest;

	if (fetch_site != NULL && strcmp(fetch_site, "cross-site") == 0)
		return 1;
	if (origin == NULL)
		return 0;	/* old browsers and tools send none */
	if (base_url != NULL) {
		/* base_url without its path is the site's origin */
		const char *p = strstr(base_url, "://");
		const char *path = p ? strchr(p + 3, '/') : NULL;
		size_t n = path ? (size_t)(path - base_url) :
		    strlen(base_url);

		if (strlen(origin) == n && strncmp(origin, base_url, n) == 0)
			return 0;
	}
	if (host != NULL) {
		if (strncmp(origin, "http://", 7) == 0)
			rest = origin + 7;
		else if (strncmp(origin, "https://", 8) == 0)
			rest = origin + 8;
		else
			return 1;
		if (strcmp(rest, host) == 0)
			return 0;
	}
	return 1;
}

int
http_post_status(enum http_post e)
{
	switch (e) {
	case HTTP_POST_OK: return 200;
	case HTTP_POST_CROSS_SITE: return 403;
	case HTTP_POST_MEDIA_TYPE: return 415;
	case HTTP_POST_NO_LENGTH: return 411;
	case HTTP_POST_TOO_LARGE: return 413;
	case HTTP_POST_INCOMPLETE:
	case HTTP_POST_MALFORMED: return 400;
	}
	return 400;
}

enum http_post
http_form_read(struct http_req *r, const char *base_url, size_t max,
    struct buf *body, struct urlenc_list *pairs)
{
	/* nginx's $http_host (port included), else the Host header */
	const char	*host = http_param(r, "WASL_HOST");
	int		 rc;

	memset(pairs, 0, sizeof(*pairs));
	if (host == NULL)
		host = http_param(r, "HTTP_HOST");
	if (http_cross_site(http_param(r, "HTTP_SEC_FETCH_SITE"),
	    http_param(r, "HTTP_ORIGIN"), host, base_url))
		return HTTP_POST_CROSS_SITE;
	if (!http_is_urlencoded(r->content_type))
		return HTTP_POST_MEDIA_TYPE;
	if (max > HTTP_MAX_LONG)
		max = HTTP_MAX_LONG;
	switch (http_read_body(r, max, body)) {
	case 0:
		break;
	case 411:
		return HTTP_POST_NO_LENGTH;
	case 413:
		return HTTP_POST_TOO_LARGE;
	default:
		return HTTP_POST_INCOMPLETE;
	}
	/* The length is within the same limit: URLENC_TOO_LARGE cannot
	 * come, and would be the same refusal. */
	rc = urlenc_parse(body->data ? body->data : "", body->len, max,
	    pairs);
	if (rc == URLENC_TOO_LARGE)
		return HTTP_POST_TOO_LARGE;
	if (rc != URLENC_OK)
		return HTTP_POST_MALFORMED;
	return HTTP_POST_OK;
}

/* ---- replies ---- */

const char *
http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 303: return "See Other";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	default: return "Internal Server Error";
	}
}

void
http_send_as(struct http_req *r, int status, const char *content_type,
    const char *extra, const struct buf *body)
{
	FCGX_FPrintF(r->fcgi->out, "Status: %d %s\r\n"
	    "Content-Type: %s\r\n"
	    "Cache-Control: no-store\r\n%s\r\n", status, http_reason(status),
	    content_type, extra ? extra : "");
	if (body != NULL && body->len > 0 && strcmp(r->method, "HEAD") != 0)
		FCGX_PutStr(body->data, (int)body->len, r->fcgi->out);
}

void
http_send(struct http_req *r, int status, const char *extra,
    const struct buf *body)
{
	http_send_as(r, status, "text/html; charset=utf-8", extra, body);
}

void
http_redirect_with(struct http_req *r, const char *location,
    const char *extra)
{
	FCGX_FPrintF(r->fcgi->out, "Status: 303 See Other\r\n"
	    "Location: %s\r\nCache-Control: no-store\r\n%s"
	    "Content-Length: 0\r\n\r\n", location, extra ? extra : "");
}

void
http_redirect(struct http_req *r, const char *location)
{
	http_redirect_with(r, location, NULL);
}

void
http_fallback_page(int status, struct buf *out)
{
	buf_reset(out);
	buf_printf(out, "<!doctype html><html lang=\"ar\" dir=\"rtl\">"
	    "<meta charset=\"utf-8\"><title>%d</title><p>%d</p>",
	    status, status);
}
