/*
 * handler: one request of wasl-forms (see handler.h).
 */
#include <sys/random.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "fieldcheck.h"
#include "formview.h"
#include "handler.h"
#include "submission.h"
#include "urlenc.h"
#include "workflow.h"

/* The templates wasl-forms renders itself. */
static const char *const required_tpls[] = {
	"service", "received", "error", "status", NULL
};

/* The honeypot: a field people never see nor fill. */
#define HONEYPOT	"_website"

/*
 * The form page's token: nginx writes its $request_id into each form page
 * it serves (SSI), so each page shown is told apart from every other. It
 * is what the duplicate digest keys on: the same page sent twice (a
 * double click, a reload) is one submission, two people's identical
 * answers from two pages are two. Anything but 32 lowercase hexadecimal
 * digits (e.g. the directive's own text, from a site served without SSI)
 * counts as no token.
 */
#define TOKEN		"_token"
#define TOKEN_LEN	32
/* The digest of the definition the page was made from (formview.h). */
#define DEF		"_def"

static int
S_token_valid(const char *v, size_t len)
{
	size_t	 i;

	if (len != TOKEN_LEN)
		return 0;
	for (i = 0; i < len; i++)
		if (!((v[i] >= '0' && v[i] <= '9') ||
		    (v[i] >= 'a' && v[i] <= 'f')))
			return 0;
	return 1;
}

int
handler_init(struct app *a, const char *content, const char *templates,
    struct buf *err)
{
	json_t		*svc;
	long		 cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t		 i;

	memset(a->salt, 0, sizeof(a->salt));
	if (content_load(content, 0, &a->c, err) == -1)
		return -1;
	if (cores < 1)
		cores = 1;
	if (cores > HANDLER_MAX_RENDERERS)
		cores = HANDLER_MAX_RENDERERS;
	for (a->nrender = 0; a->nrender < (size_t)cores; a->nrender++) {
		struct renderer *r = &a->render[a->nrender];

		if ((r->pages = pages_new(&a->c, templates, required_tpls, 0,
		    err)) == NULL)
			return -1;
		pthread_mutex_init(&r->lock, NULL);
	}
	a->by_form = json_object();
	json_array_foreach(a->c.services, i, svc) {
		const char *id = json_string_value(json_object_get(svc,
		    "form_id"));

		if (id != NULL)
			json_object_set(a->by_form, id, svc);
	}
	a->defs = json_object();
	for (i = 0; i < formdef_dir_count(a->c.forms); i++) {
		const struct formdef *fd = formdef_dir_at(a->c.forms, i);
		char def[FORMVIEW_DEF_LEN + 1];

		formview_def(fd, def);
		json_object_set_new(a->defs, formdef_id(fd), json_string(def));
	}
	if (json_object_size(a->by_form) == 0) {
		buf_printf(err, "%s: no service offers a form: give a "
		    "service 'form: ID' and add forms/ID.yaml\n", content);
		return -1;
	}
	return 0;
}

size_t
handler_nforms(const struct app *a)
{
	return json_object_size(a->by_form);
}

void
handler_free(struct app *a)
{
	size_t	 i;

	for (i = 0; i < a->nrender; i++) {
		pages_free(a->render[i].pages);
		pthread_mutex_destroy(&a->render[i].lock);
		a->render[i].pages = NULL;
	}
	a->nrender = 0;
	json_decref(a->by_form);
	json_decref(a->defs);
	content_free(&a->c);
	a->by_form = a->defs = NULL;
}

/* Render with a free renderer, or wait for one. */
static int
S_render(struct app *a, const char *tpl, const char *section, json_t *page,
    struct buf *out, struct buf *err)
{
	struct renderer	*r;
	unsigned	 k = atomic_fetch_add(&a->render_next, 1);
	size_t		 i;
	int		 rc;

	for (i = 0; i < a->nrender; i++) {
		r = &a->render[(k + i) % a->nrender];
		if (pthread_mutex_trylock(&r->lock) == 0)
			goto render;
	}
	r = &a->render[k % a->nrender];
	pthread_mutex_lock(&r->lock);
render:
	rc = pages_render(r->pages, tpl, section, page, out, err);
	pthread_mutex_unlock(&r->lock);
	return rc;
}

/* ---- responses ---- */

static const char *
S_reason(int status)
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

static void
S_send(FCGX_Request *req, int status, const char *extra,
    const struct buf *body)
{
	FCGX_FPrintF(req->out, "Status: %d %s\r\n"
	    "Content-Type: text/html; charset=utf-8\r\n"
	    "Cache-Control: no-store\r\n%s\r\n", status, S_reason(status),
	    extra ? extra : "");
	if (body != NULL && body->len > 0 &&
	    strcmp(FCGX_GetParam("REQUEST_METHOD", req->envp) ?
	    FCGX_GetParam("REQUEST_METHOD", req->envp) : "", "HEAD") != 0)
		FCGX_PutStr(body->data, (int)body->len, req->out);
}

/* An Arabic page for a request that cannot be served. */
static void
S_error(struct app *a, FCGX_Request *req, int status, const char *extra,
    const char *title, const char *message)
{
	struct buf	 out = BUF_INIT, err = BUF_INIT;
	json_t		*page;

	page = json_pack("{s:s,s:s,s:s,s:i}", "title", title, "message",
	    message, "kind", "error", "status", status);
	if (S_render(a, "error", "", page, &out, &err) == -1) {
		fprintf(stderr, "wasl-forms: %s", buf_cstr(&err));
		buf_reset(&out);
		buf_printf(&out, "<!doctype html><html lang=\"ar\" dir=\"rtl\">"
		    "<meta charset=\"utf-8\"><title>%d</title><p>%d</p>",
		    status, status);
	}
	S_send(req, status, extra, &out);
	json_decref(page);
	buf_free(&out);
	buf_free(&err);
}

static void
S_redirect(FCGX_Request *req, const char *location)
{
	FCGX_FPrintF(req->out, "Status: 303 See Other\r\n"
	    "Location: %s\r\nCache-Control: no-store\r\n"
	    "Content-Length: 0\r\n\r\n", location);
}

/* ---- checks on the request ---- */

/* 1 when the request comes from a page of another site. */
static int
S_cross_site(struct app *a, FCGX_Request *req)
{
	const char	*fetch = FCGX_GetParam("HTTP_SEC_FETCH_SITE", req->envp);
	const char	*origin = FCGX_GetParam("HTTP_ORIGIN", req->envp);
	const char	*host = FCGX_GetParam("WASL_HOST", req->envp);
	const char	*base, *rest;

	if (fetch != NULL && strcmp(fetch, "cross-site") == 0)
		return 1;
	if (origin == NULL)
		return 0;	/* old browsers and tools send none */
	if (host == NULL)	/* nginx's $http_host, port included */
		host = FCGX_GetParam("HTTP_HOST", req->envp);
	base = json_string_value(json_object_get(a->c.site, "base_url"));
	if (base != NULL) {
		/* base_url without its path is the site's origin */
		const char *p = strstr(base, "://");
		const char *path = p ? strchr(p + 3, '/') : NULL;
		size_t n = path ? (size_t)(path - base) : strlen(base);

		if (strlen(origin) == n && strncmp(origin, base, n) == 0)
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

static int
S_is_urlencoded(const char *ct)
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

/*
 * Read the body as CONTENT_LENGTH says. Returns 0, or the status to
 * answer with: 411 without a length, 413 over the limit, 400 when the
 * length is malformed or the body shorter than it.
 */
static int
S_read_body(FCGX_Request *req, struct buf *body)
{
	const char	*cl = FCGX_GetParam("CONTENT_LENGTH", req->envp);
	char		*end;
	unsigned long	 len;
	int		 n;

	if (cl == NULL || *cl == '\0')
		return 411;
	if (*cl < '0' || *cl > '9')
		return 400;
	len = strtoul(cl, &end, 10);
	if (*end != '\0')
		return 400;
	if (len > URLENC_MAX_BODY)
		return 413;
	buf_grow(body, len);
	n = FCGX_GetStr(body->data, (int)len, req->in);
	if (n < 0 || (unsigned long)n != len)
		return 400;
	body->len = len;
	body->data[len] = '\0';
	return 0;
}

/* ---- pages ---- */

/*
 * The form page again, with the answers and what is wrong with them, and
 * the page's token: the one it was posted with (valid, or NULL), so that
 * the corrected answers sent twice are still one submission; else a new
 * one of the same form (this reply passes no SSI).
 */
static void
S_form_again(struct app *a, FCGX_Request *req, const struct formdef *fd,
    json_t *svc, const json_t *refill, const json_t *errors,
    const char *token)
{
	struct buf	 out = BUF_INIT, err = BUF_INIT, title = BUF_INIT;
	json_t		*page = json_copy(svc), *form;
	unsigned char	 rnd[TOKEN_LEN / 2];
	char		 fresh[TOKEN_LEN + 1];
	size_t		 i;

	form = formview_json(fd, refill, errors);
	if (token == NULL &&
	    getrandom(rnd, sizeof(rnd), 0) == (ssize_t)sizeof(rnd)) {
		for (i = 0; i < sizeof(rnd); i++)
			snprintf(fresh + 2 * i, 3, "%02x", rnd[i]);
		token = fresh;
	}
	if (token != NULL)
		json_object_set_new(form, "token", json_string(token));
	json_object_set_new(page, "form", form);
	/* The title tells screen-reader users at once (GOV.UK's pattern). */
	buf_printf(&title, "خطأ: %s", json_string_value(json_object_get(svc,
	    "title")));
	json_object_set_new(page, "title", json_string(buf_cstr(&title)));
	json_object_set_new(page, "kind", json_string("service"));
	if (S_render(a, "service", "/services/", page, &out,
	    &err) == -1) {
		fprintf(stderr, "wasl-forms: %s", buf_cstr(&err));
		S_error(a, req, 500, NULL, "حدث خطأ",
		    "تعذّر عرض النموذج. حاول مرة أخرى بعد قليل.");
	} else
		S_send(req, 422, NULL, &out);
	json_decref(page);
	buf_free(&out);
	buf_free(&err);
	buf_free(&title);
}

/* Replace each "{{response_days}}" in s with the site's number. */
static json_t *
S_fill_days(const char *s, json_int_t days)
{
	static const char	 key[] = "{{response_days}}";
	struct buf		 b = BUF_INIT;
	const char		*p;
	json_t			*j;

	while ((p = strstr(s, key)) != NULL) {
		buf_put(&b, s, (size_t)(p - s));
		buf_printf(&b, "%" JSON_INTEGER_FORMAT, days);
		s = p + sizeof(key) - 1;
	}
	buf_puts(&b, s);
	j = json_string(buf_cstr(&b));
	buf_free(&b);
	return j;
}

static void
S_received(struct app *a, FCGX_Request *req, const struct formdef *fd,
    json_t *svc, const char *ref)
{
	struct buf	 out = BUF_INIT, err = BUF_INIT, url = BUF_INIT;
	const json_t	*conf = json_object_get(formdef_json(fd),
			    "confirmation");
	json_int_t	 days = json_integer_value(json_object_get(a->c.site,
			    "response_days"));
	json_t		*page;

	buf_printf(&url, "/forms/%s/received/%s", formdef_id(fd), ref);
	page = json_pack("{s:O,s:o,s:s,s:s,s:s,s:O,s:O,s:b}",
	    "title", json_object_get(conf, "title"),
	    "body", S_fill_days(json_string_value(json_object_get(conf,
	    "body")), days),
	    "ref", ref, "url", buf_cstr(&url), "kind", "received",
	    "service", json_object_get(svc, "title"),
	    "service_url", json_object_get(svc, "url"),
	    "anonymous", formdef_anonymous(fd));
	/* The status page serves requests looked up by national ID. */
	json_object_set_new(page, "trackable", json_boolean(
	    wf_form_tracked(fd)));
	if (S_render(a, "received", "/services/", page, &out,
	    &err) == -1) {
		fprintf(stderr, "wasl-forms: %s", buf_cstr(&err));
		S_error(a, req, 500, NULL, "حدث خطأ",
		    "تعذّر عرض الصفحة. حاول مرة أخرى بعد قليل.");
	} else
		S_send(req, 200, NULL, &out);
	json_decref(page);
	buf_free(&out);
	buf_free(&err);
	buf_free(&url);
}

/* ---- a submission ---- */

/* The privacy notice version consented to: only a form that asks for
 * consent records one (the anonymous survey asks for none). */
static int
S_consent_version(const struct formdef *fd)
{
	size_t	 i;

	for (i = 0; i < formdef_nfields(fd); i++)
		if (formdef_field_at(fd, i)->type == FORMDEF_CONSENT)
			return formdef_notice_version(fd);
	return 0;
}

/*
 * The names of a post's fields, for a log line: never their values, at
 * most 30 names of 40 bytes, each byte outside [a-z0-9_-] shown as '?'
 * (a name is the sender's to choose).
 */
static void
S_names(const struct urlenc_list *pairs, struct buf *out)
{
	size_t	 i, k;

	for (i = 0; i < pairs->n && i < 30; i++) {
		const char *n = pairs->pairs[i].name;

		if (i > 0)
			buf_puts(out, ", ");
		for (k = 0; n[k] != '\0' && k < 40; k++)
			buf_putc(out, (n[k] >= 'a' && n[k] <= 'z') ||
			    (n[k] >= '0' && n[k] <= '9') || n[k] == '_' ||
			    n[k] == '-' ? n[k] : '?');
		if (n[k] != '\0')
			buf_puts(out, "...");
	}
	if (pairs->n > 30)
		buf_printf(out, " and %zu more", pairs->n - 30);
}

#define STALE_HINT \
	"the page may be older than the definition: rebuild the site " \
	"(make publish) and reload wasl-forms (fcgi/ctl.sh reload, or " \
	"systemctl reload wasl-forms)"

/* A post that its form's definition refuses as not its own: logged with
 * the field names only, and what to do. */
static void
S_log_reject(const struct formdef *fd, const struct submission *sub,
    const struct urlenc_list *pairs, int stale)
{
	struct buf	 names = BUF_INIT, bad = BUF_INIT;
	struct urlenc_list one;
	struct urlenc_pair p;

	S_names(pairs, &names);
	memset(&p, 0, sizeof(p));
	memset(&one, 0, sizeof(one));
	p.name = sub->bad_name;
	one.pairs = &p;
	one.n = 1;
	S_names(&one, &bad);
	fprintf(stderr, "wasl-forms: form '%s': a post does not match its "
	    "definition (%s '%s'; fields posted: %s)%s; %s\n", formdef_id(fd),
	    sub->reason == SUBMISSION_REPEATED_FIELD ? "a field sent twice" :
	    "a field it does not have", buf_cstr(&bad), buf_cstr(&names),
	    stale ? ", from a page of another definition" : "",
	    STALE_HINT);
	buf_free(&names);
	buf_free(&bad);
}

static void
S_submit(struct app *a, struct store *st, FCGX_Request *req,
    const struct formdef *fd, json_t *svc)
{
	struct buf		 body = BUF_INIT, err = BUF_INIT;
	struct buf		 loc = BUF_INIT;
	struct urlenc_list	 pairs;
	struct submission	 sub;
	char			 ref[STORE_REF_LEN + 1];
	char			 client[THROTTLE_CLIENT_MAX];
	char			 token[TOKEN_LEN + 1] = "";
	char			 key[THROTTLE_CLIENT_MAX + TOKEN_LEN + 16];
	const char		*keyp = NULL, *cur;
	const char		*def = NULL;	/* the page's _def, */
	size_t			 def_len = 0;	/* borrowed from pairs */
	int			 rc, dup, trapped = 0, ntokens = 0, stale = 0;
	size_t			 i, k;

	memset(&pairs, 0, sizeof(pairs));
	memset(&sub, 0, sizeof(sub));
	if (S_cross_site(a, req)) {
		S_error(a, req, 403, NULL, "طلب مرفوض",
		    "لا يُقبل إرسال هذا النموذج من موقع آخر. افتح النموذج من "
		    "موقع الجمعية وأرسله من هناك.");
		goto out;
	}
	if (!S_is_urlencoded(FCGX_GetParam("CONTENT_TYPE", req->envp))) {
		S_error(a, req, 415, NULL, "نوع البيانات غير مدعوم",
		    "أرسل النموذج من صفحته في موقع الجمعية.");
		goto out;
	}
	if ((rc = S_read_body(req, &body)) != 0) {
		if (rc == 413)
			S_error(a, req, 413, NULL, "البيانات المرسلة كبيرة جدًا",
			    "اختصر إجاباتك ثم أرسل النموذج مرة أخرى.");
		else
			S_error(a, req, rc, NULL, "تعذّر قراءة النموذج",
			    "لم تصل بيانات النموذج كاملة. أرسله مرة أخرى من "
			    "صفحته في موقع الجمعية.");
		goto out;
	}
	if ((rc = urlenc_parse(body.data ? body.data : "", body.len,
	    &pairs)) != URLENC_OK) {
		if (rc == URLENC_TOO_LARGE)
			S_error(a, req, 413, NULL, "البيانات المرسلة كبيرة جدًا",
			    "اختصر إجاباتك ثم أرسل النموذج مرة أخرى.");
		else
			S_error(a, req, 400, NULL, "تعذّر قراءة النموذج",
			    "وصلت بيانات النموذج تالفة. أرسله مرة أخرى من "
			    "صفحته في موقع الجمعية.");
		goto out;
	}

	/* The honeypot and the token are not part of the form: take them
	 * out, note a filled honeypot, keep a valid token (one only). */
	for (i = k = 0; i < pairs.n; i++) {
		const struct urlenc_pair *p = &pairs.pairs[i];

		if (strcmp(p->name, HONEYPOT) == 0) {
			if (p->value_len > 0)
				trapped = 1;
			continue;
		}
		if (strcmp(p->name, DEF) == 0) {
			/* its value, not the pair: the pairs are moved
			 * down over the ones taken out */
			def = p->value;
			def_len = p->value_len;
			continue;
		}
		if (strcmp(p->name, TOKEN) == 0) {
			ntokens++;
			if (S_token_valid(p->value, p->value_len)) {
				memcpy(token, p->value, TOKEN_LEN);
				token[TOKEN_LEN] = '\0';
			}
			continue;
		}
		pairs.pairs[k++] = pairs.pairs[i];
	}
	pairs.n = k;
	if (ntokens != 1)
		token[0] = '\0';

	/* A page made from another definition than the one loaded: said,
	 * then judged by the one loaded. */
	cur = json_string_value(json_object_get(a->defs, formdef_id(fd)));
	if (def != NULL && cur != NULL && (def_len != strlen(cur) ||
	    memcmp(def, cur, def_len) != 0))
		stale = 1;
	rc = submission_check(fd, &pairs, &sub);
	if (rc == SUBMISSION_REJECT)
		S_log_reject(fd, &sub, &pairs, stale);
	else if (stale) {
		struct buf names = BUF_INIT;

		S_names(&pairs, &names);
		fprintf(stderr, "wasl-forms: form '%s': a post from a page of "
		    "another definition than the one loaded (fields posted: "
		    "%s), judged by the one loaded; %s\n", formdef_id(fd),
		    buf_cstr(&names), STALE_HINT);
		buf_free(&names);
	}
	if (rc == SUBMISSION_REJECT) {
		S_error(a, req, 400, NULL, "تعذّر قراءة النموذج",
		    "وصلت بيانات لا تخص هذا النموذج. أرسله مرة أخرى من صفحته "
		    "في موقع الجمعية.");
		goto out;
	}
	if (rc == SUBMISSION_INVALID) {
		S_form_again(a, req, fd, svc, sub.refill, sub.errors,
		    token[0] != '\0' ? token : NULL);
		goto out;
	}
	if (trapped) {
		/* A robot: an ordinary-looking answer, nothing stored. */
		if (getrandom(ref, STORE_REF_LEN, 0) != STORE_REF_LEN)
			memset(ref, 0, STORE_REF_LEN);
		for (i = 0; i < STORE_REF_LEN; i++)
			ref[i] = STORE_REF_ALPHABET[(unsigned char)ref[i] %
			    (sizeof(STORE_REF_ALPHABET) - 1)];
		ref[STORE_REF_LEN] = '\0';
	} else {
		/*
		 * What tells apart two senders of the same answers, in the
		 * duplicate digest only (ten minutes, never stored): the
		 * page's token; without one (a page cached before tokens),
		 * the client (an IPv6 /64 is one: throttle.h), except on
		 * an anonymous form, whose most common answers come from
		 * many people at one address (a kiosk, a carrier's):
		 * never merged there.
		 */
		if (token[0] != '\0') {
			snprintf(key, sizeof(key), "token %s", token);
			keyp = key;
		} else if (!formdef_anonymous(fd)) {
			throttle_client(FCGX_GetParam("REMOTE_ADDR",
			    req->envp), client);
			snprintf(key, sizeof(key), "client %s", client);
			keyp = key;
		}
		if (store_submit(st, formdef_id(fd), sub.values,
		    S_consent_version(fd), keyp, ref,
		    &dup, &err) == -1) {
			fprintf(stderr, "wasl-forms: %s\n", buf_cstr(&err));
			S_error(a, req, 500, NULL, "تعذّر حفظ الطلب",
			    "لم يُحفظ طلبك بسبب عطل مؤقت. أرسله مرة أخرى بعد "
			    "قليل؛ إجاباتك لم تُسجَّل.");
			goto out;
		}
	}
	buf_printf(&loc, "/forms/%s/received/%s", formdef_id(fd), ref);
	S_redirect(req, loc.data);
out:
	submission_free(&sub);
	urlenc_free(&pairs);
	buf_free(&body);
	buf_free(&err);
	buf_free(&loc);
}

/* ---- the applicants' status page ---- */

/* The lookup form's national ID field, for fieldcheck's messages. */
static const struct formdef_field status_id_field = {
	"national_id", "رقم الهوية", FORMDEF_NATIONAL_ID, 1, NULL, 0, 0,
	NULL, 0, NULL, NULL
};

/*
 * The status page's data: the lookup form (with the answers to show
 * again and their errors, both may be NULL) and what the lookup found.
 * Every key a template tests is present.
 */
static json_t *
S_status_page(const json_t *refill, const json_t *errors, json_t *result,
    int not_found, int throttled)
{
	json_t		*form, *list = json_array(), *e;
	const char	*name;
	static const char *const names[] = { "ref", "national_id", NULL };
	int		 i;

	form = json_object();
	for (i = 0; names[i] != NULL; i++) {
		char key[32];
		const json_t *v = refill ? json_object_get(refill, names[i]) :
		    NULL;

		json_object_set_new(form, names[i], json_string(
		    json_is_string(v) ? json_string_value(v) : ""));
		snprintf(key, sizeof(key), "%s_error", names[i]);
		e = errors ? json_object_get(errors, names[i]) : NULL;
		json_object_set(form, key, e ? e : json_false());
	}
	if (errors != NULL)
		json_object_foreach((json_t *)errors, name, e) {
			char anchor[64];

			snprintf(anchor, sizeof(anchor), "field-%s", name);
			json_array_append_new(list, json_pack("{s:s,s:O}",
			    "anchor", anchor, "message", e));
		}
	json_object_set_new(form, "has_errors", json_boolean(
	    json_array_size(list) > 0));
	json_object_set_new(form, "errors", list);
	return json_pack("{s:s,s:s,s:o,s:o,s:b,s:b}",
	    "title", errors && json_object_size(errors) > 0 ?
	    "خطأ: متابعة حالة الطلب" : "متابعة حالة الطلب",
	    "kind", "status", "form", form,
	    "result", result ? result : json_false(),
	    "not_found", not_found, "throttled", throttled);
}

static void
S_status_send(struct app *a, FCGX_Request *req, int status,
    const char *extra, json_t *page)
{
	struct buf	 out = BUF_INIT, err = BUF_INIT;

	if (S_render(a, "status", "/services/", page, &out,
	    &err) == -1) {
		fprintf(stderr, "wasl-forms: %s", buf_cstr(&err));
		S_error(a, req, 500, NULL, "حدث خطأ",
		    "تعذّر عرض الصفحة. حاول مرة أخرى بعد قليل.");
	} else
		S_send(req, status, extra, &out);
	json_decref(page);
	buf_free(&out);
	buf_free(&err);
}

/* The reference as people type it: digits in any script, lower case,
 * spaces and hyphens; appended in its stored form (which may still be
 * invalid: store_ref_valid() decides). */
static void
S_ref_normalize(const char *s, size_t len, struct buf *out)
{
	struct buf	 digits = BUF_INIT;
	size_t		 i;
	char		 c;

	fc_digits_normalize(s, len, &digits);
	for (i = 0; i < digits.len; i++) {
		c = digits.data[i];
		if (c == ' ' || c == '-' || c == '\t')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		buf_putc(out, c);
	}
	buf_free(&digits);
}

/* What the lookup found, for the template. */
static json_t *
S_status_result(struct app *a, const struct store_case *c,
    const char *ref)
{
	const struct formdef	*fd = formdef_dir_find(a->c.forms, c->form);
	json_t			*svc = json_object_get(a->by_form, c->form);
	json_int_t		 days = json_integer_value(json_object_get(
				    a->c.site, "response_days"));
	struct date		 received, due, decided;
	json_t			*r, *decision = json_false();

	if (wf_local_date(c->received_at, &received) == -1 ||
	    wf_due_date(c->received_at, (int)days, &due) == -1)
		return NULL;
	if (wf_status_decided(c->status) &&
	    wf_local_date(c->decided_at, &decided) == 0)
		decision = json_pack("{s:b,s:s,s:o}", "accepted",
		    strcmp(c->status, "accepted") == 0, "label",
		    strcmp(c->status, "accepted") == 0 ? "قبول الطلب" :
		    "رفض الطلب", "date", wf_date_json(&decided));
	r = json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:b,s:o}",
	    "ref", ref,
	    "service", svc ? json_string_value(json_object_get(svc,
	    "title")) : formdef_title(fd),
	    "status", c->status,
	    "status_label", wf_status_label(c->status),
	    "explain", wf_status_explain(c->status),
	    "received", wf_date_json(&received),
	    "due", wf_date_json(&due),
	    "decided", json_is_object(decision),
	    "decision", decision);
	return r;
}

static void
S_status_lookup(struct app *a, struct store *st, FCGX_Request *req)
{
	struct buf		 body = BUF_INIT, err = BUF_INIT;
	struct buf		 ref = BUF_INIT, id = BUF_INIT, tmp = BUF_INIT;
	struct urlenc_list	 pairs;
	struct store_case	 c;
	const struct urlenc_pair *pref = NULL, *pid = NULL;
	json_t			*refill = json_object(), *errors = json_object();
	json_t			*result;
	const char		*client = FCGX_GetParam("REMOTE_ADDR",
				    req->envp);
	char			 retry[64];
	int			 rc;
	size_t			 i;

	memset(&pairs, 0, sizeof(pairs));
	if (client == NULL)
		client = "";
	if (S_cross_site(a, req)) {
		S_error(a, req, 403, NULL, "طلب مرفوض",
		    "لا يُقبل هذا الطلب من موقع آخر. افتح صفحة متابعة الطلب "
		    "من موقع الجمعية.");
		goto out;
	}
	if (!S_is_urlencoded(FCGX_GetParam("CONTENT_TYPE", req->envp))) {
		S_error(a, req, 415, NULL, "نوع البيانات غير مدعوم",
		    "أرسل النموذج من صفحته في موقع الجمعية.");
		goto out;
	}
	if ((rc = S_read_body(req, &body)) != 0 ||
	    urlenc_parse(body.data ? body.data : "", body.len, &pairs) !=
	    URLENC_OK) {
		S_error(a, req, rc == 413 ? 413 : 400, NULL,
		    "تعذّر قراءة النموذج", "أرسل النموذج مرة أخرى من صفحته "
		    "في موقع الجمعية.");
		goto out;
	}
	for (i = 0; i < pairs.n; i++) {
		const struct urlenc_pair *p = &pairs.pairs[i];
		const struct urlenc_pair **slot = NULL;

		if (strcmp(p->name, "ref") == 0)
			slot = &pref;
		else if (strcmp(p->name, "national_id") == 0)
			slot = &pid;
		else if (p->name[0] == '_')
			continue;
		if (slot == NULL || *slot != NULL) {
			S_error(a, req, 400, NULL, "تعذّر قراءة النموذج",
			    "وصلت بيانات لا تخص هذا النموذج. أرسله مرة أخرى "
			    "من صفحته في موقع الجمعية.");
			goto out;
		}
		*slot = p;
	}

	/* The answers: each checked, shown again with its error. */
	if (pref != NULL) {
		fc_refill(pref->value, pref->value_len, 0, &tmp);
		json_object_set_new(refill, "ref", json_string(buf_cstr(&tmp)));
		buf_reset(&tmp);
		if (pref->value_len <= 64)
			S_ref_normalize(pref->value, pref->value_len, &ref);
	}
	if (ref.len == 0)
		json_object_set_new(errors, "ref",
		    json_string("أدخل الرقم المرجعي"));
	else if (!store_ref_valid(buf_cstr(&ref)))
		json_object_set_new(errors, "ref", json_string(
		    "أدخل الرقم المرجعي كما ظهر في صفحة تأكيد الطلب: 8 أحرف "
		    "وأرقام لاتينية"));
	if (pid != NULL) {
		fc_refill(pid->value, pid->value_len, 0, &tmp);
		json_object_set_new(refill, "national_id",
		    json_string(buf_cstr(&tmp)));
		buf_reset(&tmp);
	}
	rc = fc_national_id(pid ? pid->value : "", pid ? pid->value_len : 0,
	    &id);
	if (rc != FC_OK) {
		fc_message(&status_id_field, rc, &tmp);
		json_object_set_new(errors, "national_id",
		    json_string(buf_cstr(&tmp)));
	}
	if (json_object_size(errors) > 0) {
		S_status_send(a, req, 422, NULL, S_status_page(refill, errors,
		    NULL, 0, 0));
		goto out;
	}

	/* A client that keeps failing learns nothing more for a while,
	 * not even whether its next guess is right. */
	if (throttle_blocked(a->throttle, client, time(NULL))) {
		snprintf(retry, sizeof(retry), "Retry-After: %d\r\n",
		    THROTTLE_WINDOW);
		S_status_send(a, req, 429, retry, S_status_page(NULL, NULL,
		    NULL, 0, 1));
		goto out;
	}
	rc = store_case_find(st, a->c.forms, buf_cstr(&ref), buf_cstr(&id),
	    &c, &err);
	if (rc == -1) {
		fprintf(stderr, "wasl-forms: %s\n", buf_cstr(&err));
		S_error(a, req, 500, NULL, "حدث خطأ",
		    "تعذّر البحث عن طلبك بسبب عطل مؤقت. حاول مرة أخرى بعد "
		    "قليل.");
		goto out;
	}
	result = rc == 1 ? S_status_result(a, &c, buf_cstr(&ref)) : NULL;
	if (result == NULL) {
		/* Nothing of what was typed goes back: a wrong pair and a
		 * missing one get the very same page. */
		throttle_fail(a->throttle, client, time(NULL));
		S_status_send(a, req, 200, NULL, S_status_page(NULL, NULL,
		    NULL, 1, 0));
	} else
		S_status_send(a, req, 200, NULL, S_status_page(NULL, NULL,
		    result, 0, 0));
out:
	json_decref(refill);
	json_decref(errors);
	urlenc_free(&pairs);
	if (id.data != NULL)
		explicit_bzero(id.data, id.len);
	buf_free(&body);
	buf_free(&err);
	buf_free(&ref);
	buf_free(&id);
	buf_free(&tmp);
}

static void
S_status(struct app *a, struct store *st, FCGX_Request *req,
    const char *method)
{
	if (strcmp(method, "POST") == 0)
		S_status_lookup(a, st, req);
	else if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)
		S_status_send(a, req, 200, NULL, S_status_page(NULL, NULL,
		    NULL, 0, 0));
	else
		S_error(a, req, 405, "Allow: GET, HEAD, POST\r\n",
		    "طريقة الطلب غير مسموح بها",
		    "افتح صفحة متابعة الطلب من موقع الجمعية.");
}

void
handler_serve(struct app *a, struct store *st, FCGX_Request *req)
{
	const char		*uri = FCGX_GetParam("DOCUMENT_URI", req->envp);
	const char		*method = FCGX_GetParam("REQUEST_METHOD",
				    req->envp);
	const char		*rest, *slash;
	char			 id[64];
	const struct formdef	*fd;
	json_t			*svc;
	size_t			 n;
	int			 get;

	if (uri == NULL)
		uri = FCGX_GetParam("SCRIPT_NAME", req->envp);
	if (method == NULL)
		method = "";
	get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	if (uri == NULL || strncmp(uri, "/forms/", 7) != 0)
		goto notfound;
	rest = uri + 7;
	/* The status page comes first: no form may be called "status". */
	if (strcmp(rest, "status") == 0 || strcmp(rest, "status/") == 0) {
		S_status(a, st, req, method);
		return;
	}
	slash = strchr(rest, '/');
	n = slash ? (size_t)(slash - rest) : strlen(rest);
	if (n == 0 || n >= sizeof(id))
		goto notfound;
	memcpy(id, rest, n);
	id[n] = '\0';
	svc = json_object_get(a->by_form, id);
	fd = a->c.forms ? formdef_dir_find(a->c.forms, id) : NULL;
	if (svc == NULL || fd == NULL)
		goto notfound;

	if (slash == NULL || strcmp(slash, "/") == 0) {
		if (strcmp(method, "POST") == 0)
			S_submit(a, st, req, fd, svc);
		else if (get)
			S_redirect(req, json_string_value(json_object_get(svc,
			    "url")));
		else
			S_error(a, req, 405, "Allow: GET, HEAD, POST\r\n",
			    "طريقة الطلب غير مسموح بها",
			    "يُرسل هذا النموذج من صفحته في موقع الجمعية.");
		return;
	}
	if (strncmp(slash, "/received/", 10) == 0 &&
	    store_ref_valid(slash + 10)) {
		if (get)
			S_received(a, req, fd, svc, slash + 10);
		else
			S_error(a, req, 405, "Allow: GET, HEAD\r\n",
			    "طريقة الطلب غير مسموح بها",
			    "هذه الصفحة للعرض فقط.");
		return;
	}
notfound:
	S_error(a, req, 404, NULL, "الصفحة غير موجودة",
	    "لم نجد الصفحة التي طلبتها. ربما تغيّر عنوانها أو حُذفت.");
}
