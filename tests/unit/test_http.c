/*
 * test_http: the HTTP layer of the FastCGI programs (fcgi/web/http.h):
 * what a request says, the body's content type and length, the
 * cross-site decision every POST route makes, the order of the checks on
 * a post, and the bytes of the replies. Requests are made in memory: a
 * FastCGI request whose input is a buffer and whose output is another,
 * through libfcgi's own stream functions.
 */
#include <stdio.h>
#include <string.h>

#include <fcgiapp.h>

#include "check.h"
#include "http.h"

/* ---- a request in memory ---- */

struct fake {
	FCGX_Request	 req;
	FCGX_Stream	 in, out;
	unsigned char	 inbuf[HTTP_MAX_LONG + 16];
	unsigned char	 outbuf[4096];
	char		*env[16];
};

/* The input ends when its buffer does. */
static void
S_fill(FCGX_Stream *s)
{
	s->isClosed = 1;
}

static void
S_empty(FCGX_Stream *s, int close)
{
	(void)close;
	s->isClosed = 1;	/* the test's output never fills up */
}

/* A request with the parameters env (NULL-terminated, "NAME=value")
 * and the body body[0..len). */
static void
S_fake(struct fake *f, const char *const *env, const char *body,
    size_t len)
{
	size_t	 i;

	memset(f, 0, sizeof(*f));
	for (i = 0; env[i] != NULL && i + 1 < sizeof(f->env) /
	    sizeof(f->env[0]); i++)
		f->env[i] = (char *)env[i];
	memcpy(f->inbuf, body, len);
	f->in.rdNext = f->in.stopUnget = f->inbuf;
	f->in.wrNext = f->in.stop = f->inbuf + len;
	f->in.isReader = 1;
	f->in.fillBuffProc = S_fill;
	f->out.wrNext = f->outbuf;
	f->out.rdNext = f->out.stop = f->outbuf + sizeof(f->outbuf);
	f->out.emptyBuffProc = S_empty;
	f->req.in = &f->in;
	f->req.out = &f->out;
	f->req.envp = f->env;
}

/* What was sent, as a string. */
static const char *
S_sent(struct fake *f)
{
	size_t	 n = (size_t)(f->out.wrNext - f->outbuf);

	if (n >= sizeof(f->outbuf))
		n = sizeof(f->outbuf) - 1;
	f->outbuf[n] = '\0';
	return (const char *)f->outbuf;
}

/* ---- tests ---- */

static void
t_req(void)
{
	static const char *const env[] = {
		"REQUEST_METHOD=HEAD", "SCRIPT_NAME=/forms/x",
		"REMOTE_ADDR=192.0.2.1", "HTTP_ORIGIN=https://a.example",
		NULL
	};
	static const char *const none[] = { NULL };
	static struct fake f;
	struct http_req	 r;

	S_fake(&f, env, "", 0);
	http_req_init(&r, &f.req);
	check_str(r.method, "HEAD", "req: method");
	check_str(r.path, "/forms/x", "req: path from SCRIPT_NAME without "
	    "DOCUMENT_URI");
	check_str(r.query, "", "req: no query is \"\"");
	check_str(r.client, "192.0.2.1", "req: client");
	check(r.get && !r.post, "req: HEAD is a GET", NULL);
	check(r.content_type == NULL, "req: no content type", NULL);
	check_str(http_param(&r, "HTTP_ORIGIN"), "https://a.example",
	    "req: a parameter");
	check(http_param(&r, "HTTP_COOKIE") == NULL, "req: an absent one",
	    NULL);

	S_fake(&f, none, "", 0);
	http_req_init(&r, &f.req);
	check(strcmp(r.method, "") == 0 && r.path == NULL &&
	    strcmp(r.client, "") == 0 && !r.get && !r.post,
	    "req: nothing given", NULL);
}

static void
t_urlencoded(void)
{
	static const struct {
		const char	*ct;
		int		 want;
	} cases[] = {
		{ "application/x-www-form-urlencoded", 1 },
		{ "Application/X-WWW-Form-URLEncoded", 1 },
		{ "application/x-www-form-urlencoded;charset=UTF-8", 1 },
		{ "application/x-www-form-urlencoded  ; charset=UTF-8", 1 },
		{ "application/x-www-form-urlencodedx", 0 },
		{ "application/x-www-form-urlencoded, text/plain", 0 },
		{ "multipart/form-data; boundary=x", 0 },
		{ "text/plain", 0 },
		{ "", 0 },
		{ NULL, 0 },
	};
	char	 name[128];
	size_t	 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(name, sizeof(name), "urlencoded: [%s]",
		    cases[i].ct ? cases[i].ct : "(none)");
		check(http_is_urlencoded(cases[i].ct) == cases[i].want, name,
		    NULL);
	}
}

static void
t_length(void)
{
	static const struct {
		const char	*cl;
		int		 want;
		size_t		 len;
	} cases[] = {
		{ "0", 0, 0 },
		{ "17", 0, 17 },
		{ "100", 0, 100 },
		{ "101", 413, 0 },
		{ "99999999999999999999999", 413, 0 },
		{ NULL, 411, 0 },
		{ "", 411, 0 },
		{ "-1", 400, 0 },
		{ "+1", 400, 0 },
		{ " 1", 400, 0 },
		{ "1 ", 400, 0 },
		{ "0x10", 400, 0 },
		{ "1e3", 400, 0 },
	};
	char	 name[128];
	size_t	 i, len;
	int	 rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		len = 12345;
		rc = http_content_length(cases[i].cl, 100, &len);
		snprintf(name, sizeof(name), "length: [%s] is %d",
		    cases[i].cl ? cases[i].cl : "(none)", cases[i].want);
		check(rc == cases[i].want && (rc != 0 ||
		    len == cases[i].len), name, NULL);
	}
}

static void
t_cross_site(void)
{
	static const struct {
		const char	*name, *fetch, *origin, *host, *base;
		int		 want;
	} cases[] = {
		{ "no headers: a tool or an old browser", NULL, NULL,
		    "h.example", NULL, 0 },
		{ "Sec-Fetch-Site cross-site", "cross-site", NULL,
		    "h.example", NULL, 1 },
		{ "cross-site wins over a matching Origin", "cross-site",
		    "https://h.example", "h.example", NULL, 1 },
		{ "same-origin", "same-origin", "https://h.example",
		    "h.example", NULL, 0 },
		{ "same-site, Origin the Host's", "same-site",
		    "http://h.example:8080", "h.example:8080", NULL, 0 },
		{ "none (typed, bookmarked)", "none", NULL, "h.example", NULL,
		    0 },
		{ "Origin of another host", NULL, "https://evil.example",
		    "h.example", NULL, 1 },
		{ "Origin with another port", NULL, "http://h.example:81",
		    "h.example:8080", NULL, 1 },
		{ "Origin null", NULL, "null", "h.example", NULL, 1 },
		{ "Origin of another scheme", NULL, "ftp://h.example",
		    "h.example", NULL, 1 },
		{ "Origin without a Host", NULL, "https://h.example", NULL,
		    NULL, 1 },
		{ "Origin: base_url's origin", NULL, "https://site.example",
		    "127.0.0.1:8080", "https://site.example/", 0 },
		{ "Origin: base_url without a path", NULL,
		    "https://site.example", NULL, "https://site.example", 0 },
		{ "Origin: base_url's with a path", NULL,
		    "https://site.example", NULL, "https://site.example/ar/",
		    0 },
		{ "Origin: a prefix of base_url's", NULL,
		    "https://site.exampl", NULL, "https://site.example/", 1 },
		{ "Origin: longer than base_url's", NULL,
		    "https://site.example.evil", NULL,
		    "https://site.example/", 1 },
		{ "Origin: base_url's with a path added", NULL,
		    "https://site.example/x", NULL, "https://site.example/",
		    1 },
	};
	char	 name[160];
	size_t	 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(name, sizeof(name), "cross-site: %s", cases[i].name);
		check(http_cross_site(cases[i].fetch, cases[i].origin,
		    cases[i].host, cases[i].base) == cases[i].want, name,
		    NULL);
	}
}

/* http_form_read() on a request with env and body, with base as the
 * site's address, at most max bytes. */
static enum http_post
S_post_at(const char *const *env, const char *body, size_t len,
    const char *base, size_t max, struct urlenc_list *pairs)
{
	static struct fake f;
	struct http_req	 r;
	struct buf	 b = BUF_INIT;
	enum http_post	 rc;

	S_fake(&f, env, body, len);
	http_req_init(&r, &f.req);
	rc = http_form_read(&r, base, max, &b, pairs);
	buf_free(&b);
	return rc;
}

static enum http_post
S_post_max(const char *const *env, const char *body, size_t len,
    size_t max, struct urlenc_list *pairs)
{
	return S_post_at(env, body, len, NULL, max, pairs);
}

/* ... a form's post. */
static enum http_post
S_post(const char *const *env, const char *body, size_t len,
    const char *base, struct urlenc_list *pairs)
{
	return S_post_at(env, body, len, base, HTTP_MAX_BODY, pairs);
}

/* The limit given: at it accepted, a byte over refused (413) before the
 * body is read; a long post's one long value; never past HTTP_MAX_LONG. */
static void
t_form_read_max(void)
{
#define CT	"CONTENT_TYPE=application/x-www-form-urlencoded"
	static const char *const at[] = { CT, "CONTENT_LENGTH=100000",
		NULL };
	static const char *const over[] = { CT, "CONTENT_LENGTH=100001",
		NULL };
	static const char *const long_at[] = { CT, "CONTENT_LENGTH=1048576",
		NULL };
	static const char *const long_over[] = { CT,
		"CONTENT_LENGTH=1048577", NULL };
	static char	 body[HTTP_MAX_LONG + 1];
	struct urlenc_list pairs;
	enum http_post	 rc;

	/* a=1&v=xxx...: one value as long as the body allows */
	memset(body, 'x', sizeof(body));
	memcpy(body, "a=1&v=", 6);
	rc = S_post_max(at, body, 100000, 100000, &pairs);
	check(rc == HTTP_POST_OK && pairs.n == 2 &&
	    pairs.pairs[1].value_len == 100000 - 6,
	    "post max 100,000: a body of 100,000, a value of 99,994", NULL);
	urlenc_free(&pairs);
	check(S_post_max(over, body, 100001, 100000, &pairs) ==
	    HTTP_POST_TOO_LARGE && pairs.n == 0,
	    "post max 100,000: a body of 100,001 (413)", NULL);
	urlenc_free(&pairs);
	check(S_post_max(at, body, 100000, HTTP_MAX_BODY, &pairs) ==
	    HTTP_POST_TOO_LARGE, "post max 64 KiB: a body of 100,000 (413)",
	    NULL);
	urlenc_free(&pairs);
	/* the console's long post: 1 MiB exactly, and one byte more */
	rc = S_post_max(long_at, body, HTTP_MAX_LONG, HTTP_MAX_LONG, &pairs);
	check(rc == HTTP_POST_OK && pairs.n == 2 &&
	    pairs.pairs[1].value_len == HTTP_MAX_LONG - 6,
	    "post max 1 MiB: a body of 1 MiB", NULL);
	urlenc_free(&pairs);
	check(S_post_max(long_over, body, HTTP_MAX_LONG + 1, HTTP_MAX_LONG,
	    &pairs) == HTTP_POST_TOO_LARGE,
	    "post max 1 MiB: a body of 1 MiB + 1 (413)", NULL);
	urlenc_free(&pairs);
	check(S_post_max(long_over, body, HTTP_MAX_LONG + 1, (size_t)-1,
	    &pairs) == HTTP_POST_TOO_LARGE,
	    "post max past the ceiling: a body of 1 MiB + 1 (413)", NULL);
	urlenc_free(&pairs);
#undef CT
}

static void
t_form_read(void)
{
#define CT	"CONTENT_TYPE=application/x-www-form-urlencoded"
	static const char *const ok[] = { "REQUEST_METHOD=POST", CT,
		"CONTENT_LENGTH=9", "HTTP_HOST=h.example", NULL };
	static const char *const wasl_host[] = { CT, "CONTENT_LENGTH=3",
		"WASL_HOST=h.example", "HTTP_HOST=other.example",
		"HTTP_ORIGIN=http://h.example", NULL };
	static const char *const cross[] = { "CONTENT_TYPE=text/plain",
		"HTTP_SEC_FETCH_SITE=cross-site", NULL };
	static const char *const origin[] = { CT, "CONTENT_LENGTH=3",
		"HTTP_ORIGIN=https://evil.example", "HTTP_HOST=h.example",
		NULL };
	static const char *const base[] = { CT, "CONTENT_LENGTH=3",
		"HTTP_ORIGIN=https://site.example", "HTTP_HOST=127.0.0.1",
		NULL };
	static const char *const media[] = { "CONTENT_TYPE=text/plain",
		"CONTENT_LENGTH=3", NULL };
	static const char *const nolen[] = { CT, NULL };
	static const char *const badlen[] = { CT, "CONTENT_LENGTH=3x",
		NULL };
	static const char *const big[] = { CT, "CONTENT_LENGTH=65537",
		NULL };
	static const char *const max[] = { CT, "CONTENT_LENGTH=65536",
		NULL };
	static const char *const shortb[] = { CT, "CONTENT_LENGTH=10",
		NULL };
	static const char *const bad[] = { CT, "CONTENT_LENGTH=4", NULL };
	static const char *const empty[] = { CT, "CONTENT_LENGTH=0", NULL };
	static char	 full[HTTP_MAX_BODY];
	struct urlenc_list pairs;
	enum http_post	 rc;

	rc = S_post(ok, "a=1&b=%41", 9, NULL, &pairs);
	check(rc == HTTP_POST_OK && pairs.n == 2 &&
	    strcmp(pairs.pairs[1].value, "A") == 0, "post: read and parsed",
	    NULL);
	urlenc_free(&pairs);
	rc = S_post(wasl_host, "a=1", 3, NULL, &pairs);
	check(rc == HTTP_POST_OK, "post: nginx's WASL_HOST before Host",
	    NULL);
	urlenc_free(&pairs);
	check(S_post(cross, "", 0, NULL, &pairs) == HTTP_POST_CROSS_SITE,
	    "post: cross-site first, before the content type", NULL);
	urlenc_free(&pairs);
	check(S_post(origin, "a=1", 3, NULL, &pairs) == HTTP_POST_CROSS_SITE,
	    "post: another site's Origin", NULL);
	urlenc_free(&pairs);
	check(S_post(base, "a=1", 3, NULL, &pairs) == HTTP_POST_CROSS_SITE,
	    "post: base_url's Origin without base_url", NULL);
	urlenc_free(&pairs);
	check(S_post(base, "a=1", 3, "https://site.example/", &pairs) ==
	    HTTP_POST_OK, "post: base_url's Origin", NULL);
	urlenc_free(&pairs);
	check(S_post(media, "a=1", 3, NULL, &pairs) == HTTP_POST_MEDIA_TYPE,
	    "post: not urlencoded", NULL);
	urlenc_free(&pairs);
	check(S_post(nolen, "a=1", 3, NULL, &pairs) == HTTP_POST_NO_LENGTH,
	    "post: no length", NULL);
	urlenc_free(&pairs);
	check(S_post(badlen, "a=1", 3, NULL, &pairs) == HTTP_POST_INCOMPLETE,
	    "post: a malformed length", NULL);
	urlenc_free(&pairs);
	check(S_post(big, "a=1", 3, NULL, &pairs) == HTTP_POST_TOO_LARGE,
	    "post: over the limit", NULL);
	urlenc_free(&pairs);
	/* a=1 and empty pairs (skipped) up to the limit */
	memset(full, '&', sizeof(full));
	memcpy(full, "a=1", 3);
	check(S_post(max, full, sizeof(full), NULL, &pairs) == HTTP_POST_OK &&
	    pairs.n == 1, "post: at the limit", NULL);
	urlenc_free(&pairs);
	check(S_post(shortb, "a=1", 3, NULL, &pairs) == HTTP_POST_INCOMPLETE,
	    "post: less body than its length", NULL);
	urlenc_free(&pairs);
	check(S_post(bad, "a=%Z", 4, NULL, &pairs) == HTTP_POST_MALFORMED &&
	    pairs.n == 0, "post: not urlencoded data", NULL);
	urlenc_free(&pairs);
	rc = S_post(empty, "", 0, NULL, &pairs);
	check(rc == HTTP_POST_OK && pairs.n == 0, "post: an empty body",
	    NULL);
	urlenc_free(&pairs);

	check(http_post_status(HTTP_POST_CROSS_SITE) == 403 &&
	    http_post_status(HTTP_POST_MEDIA_TYPE) == 415 &&
	    http_post_status(HTTP_POST_NO_LENGTH) == 411 &&
	    http_post_status(HTTP_POST_INCOMPLETE) == 400 &&
	    http_post_status(HTTP_POST_TOO_LARGE) == 413 &&
	    http_post_status(HTTP_POST_MALFORMED) == 400,
	    "post: each refusal's status", NULL);
#undef CT
}

static void
t_replies(void)
{
	static const char *const get[] = { "REQUEST_METHOD=GET", NULL };
	static const char *const head[] = { "REQUEST_METHOD=HEAD", NULL };
	static struct fake f;
	struct http_req	 r;
	struct buf	 body = BUF_INIT;

	buf_puts(&body, "<p>x</p>");
	S_fake(&f, get, "", 0);
	http_req_init(&r, &f.req);
	http_send(&r, 422, "Retry-After: 1\r\n", &body);
	check_str(S_sent(&f), "Status: 422 Unprocessable Content\r\n"
	    "Content-Type: text/html; charset=utf-8\r\n"
	    "Cache-Control: no-store\r\nRetry-After: 1\r\n\r\n<p>x</p>",
	    "reply: a page");
	S_fake(&f, head, "", 0);
	http_req_init(&r, &f.req);
	http_send(&r, 200, NULL, &body);
	check_str(S_sent(&f), "Status: 200 OK\r\n"
	    "Content-Type: text/html; charset=utf-8\r\n"
	    "Cache-Control: no-store\r\n\r\n", "reply: HEAD gets no body");
	S_fake(&f, get, "", 0);
	http_req_init(&r, &f.req);
	http_redirect(&r, "/forms/x/received/ACDE3467");
	check_str(S_sent(&f), "Status: 303 See Other\r\n"
	    "Location: /forms/x/received/ACDE3467\r\n"
	    "Cache-Control: no-store\r\nContent-Length: 0\r\n\r\n",
	    "reply: a redirect");
	http_fallback_page(503, &body);
	check_str(buf_cstr(&body), "<!doctype html><html lang=\"ar\" "
	    "dir=\"rtl\"><meta charset=\"utf-8\"><title>503</title>"
	    "<p>503</p>", "reply: the page of last resort");
	check_str(http_reason(413), "Content Too Large", "reply: a reason");
	check_str(http_reason(599), "Internal Server Error",
	    "reply: an unknown status's reason");
	buf_free(&body);
}

/* The Cookie header: the value of one name, quoted or not. */
static void
t_cookie(void)
{
	char	 out[HTTP_MAX_COOKIE_VALUE + 1];

	check(http_cookie("a=1; __Host-x=tok_en-1; b=2", "__Host-x", out,
	    sizeof(out)) == 1 && strcmp(out, "tok_en-1") == 0,
	    "cookie: the value of its name among others", out);
	check(http_cookie("a=\"quoted\"  ; b=2", "a", out, sizeof(out)) == 1
	    && strcmp(out, "quoted") == 0,
	    "cookie: a quoted value with spaces after it loses its quotes",
	    out);
	check(http_cookie("a=\"x \"", "a", out, sizeof(out)) == -1,
	    "cookie: a space inside the quotes is refused (fuzz_cookie)",
	    out);
	check(http_cookie("ab=1; b=2", "b", out, sizeof(out)) == 1 &&
	    strcmp(out, "2") == 0, "cookie: a name is not found inside "
	    "another", out);
	check(http_cookie("a=x,y", "a", out, sizeof(out)) == -1,
	    "cookie: a comma is no cookie-octet", NULL);
	check(http_cookie("a=12345", "a", out, 5) == -1,
	    "cookie: a value longer than the buffer is refused", NULL);
	check(http_cookie("b=1", "a", out, sizeof(out)) == 0 &&
	    http_cookie(NULL, "a", out, sizeof(out)) == 0,
	    "cookie: absent", NULL);
}

int
main(void)
{
	t_req();
	t_urlencoded();
	t_length();
	t_cross_site();
	t_form_read();
	t_form_read_max();
	t_replies();
	t_cookie();
	return check_exit();
}
