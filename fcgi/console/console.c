/*
 * console: one request of wasl-console (see console.h): the shared state
 * loaded at start, the table of routes with the permission each needs,
 * the session, the checks every POST passes, and the pages sent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "console.h"
#include "contentview.h"
#include "datefmt.h"
#include "roles.h"
#include "statusmsg.h"
#include "users.h"
#include "utf8.h"
#include "workflow.h"

/* A route's permission when it needs none: signing in, enrolling. */
#define ROUTE_OPEN	(-1)
/* ... when any account signed in may use it: signing out. */
#define ROUTE_ANY	(-2)

struct route {
	const char	*path;		/* the whole path, or its start when
					   prefix */
	int		 prefix;
	int		 perm;		/* enum perm, ROUTE_OPEN, ROUTE_ANY */
	void		 (*get)(struct creq *);	/* GET and HEAD; NULL: none */
	void		 (*post)(struct creq *);	/* NULL: none */
	size_t		 post_max;	/* a post's bytes at most:
					   HTTP_MAX_BODY, or CONSOLE_LONG_POST
					   for a long text */
};

/* A form's posts, and those of the two routes whose page carries a long
 * text (console.h; their other steps, approval, publishing..., share the
 * route and so the limit). */
#define POST_FORM	HTTP_MAX_BODY
#define POST_TEXT	CONSOLE_LONG_POST

static const struct route routes[] = {
	{ "/staff/", 0, ROUTE_OPEN, signin_home, NULL, POST_FORM },
	{ "/staff/signin", 0, ROUTE_OPEN, signin_get, signin_post, POST_FORM },
	{ "/staff/enrol", 0, ROUTE_OPEN, enrol_get, enrol_post, POST_FORM },
	{ "/staff/signout", 0, ROUTE_ANY, NULL, signout_post, POST_FORM },
	{ "/staff/policies", 0, PERM_PUBLISH, publishing_list, NULL,
	    POST_FORM },
	{ "/staff/policies/rollback", 0, PERM_PUBLISH, NULL,
	    publishing_rollback, POST_FORM },
	{ "/staff/policies/", 1, PERM_DRAFT, NULL, publishing_new, POST_FORM },
	{ "/staff/drafts/", 1, PERM_PUBLISH, publishing_draft_get,
	    publishing_draft_post, POST_TEXT },
	{ "/staff/content", 0, PERM_DRAFT, details_list, NULL, POST_FORM },
	{ "/staff/content/edit", 0, PERM_DRAFT, NULL, details_start,
	    POST_FORM },
	{ "/staff/edits/", 1, PERM_DRAFT, details_get, details_post,
	    POST_TEXT },
	{ "/staff/export", 0, PERM_EXPORT, export_get, export_post,
	    POST_FORM },
	{ "/staff/report", 0, PERM_REPORT, report_get, NULL, POST_FORM },
	{ "/staff/report/file", 0, PERM_REPORT, report_file, NULL, POST_FORM },
	{ "/staff/privacy", 0, PERM_PRIVACY, dsr_list, NULL, POST_FORM },
	{ "/staff/privacy/open", 0, PERM_PRIVACY, NULL, dsr_open, POST_FORM },
	{ "/staff/privacy/", 1, PERM_PRIVACY, dsr_get, dsr_post, POST_FORM },
	{ "/staff/audit", 0, PERM_AUDIT, trail_get, NULL, POST_FORM },
	{ "/staff/users", 0, PERM_USERS, accounts_get, NULL, POST_FORM },
	{ "/staff/users/", 1, PERM_USERS, account_get, account_post,
	    POST_FORM },
	{ "/staff/queue", 0, PERM_QUEUE, queue_get, NULL, POST_FORM },
	{ "/staff/request/", 1, PERM_CASE, request_get, request_post,
	    POST_FORM },
};
#define NROUTES	(sizeof(routes) / sizeof(routes[0]))

/* The error pages: console.error.KEY.title and .message each. */
static const char *const error_keys[] = {
	"not_found", "method", "forbidden", "session", "cross_site",
	"bad_request", "too_large", "media_type", "failed", "render", NULL
};

/* The parts' tables of keys, each checked at start. */
static const char *const *const word_tables[] = {
	signin_words,
	publishing_words,
	details_words,
	files_words,
	dsr_words,
	trail_words,
	accounts_words,
	queue_words,
	request_words,
};

/* The catalog, with every text the console says. */
static struct catalog *
S_words(const char *templates, struct buf *err)
{
	struct catalog	*s;
	struct buf	 path = BUF_INIT, key = BUF_INIT;
	size_t		 i, j;
	int		 rc = 0;
	const char	*k;

	buf_printf(&path, "%s/strings.yaml", templates);
	s = catalog_load(buf_cstr(&path), err);
	buf_free(&path);
	if (s == NULL)
		return NULL;
	for (i = 0; error_keys[i] != NULL; i++) {
		buf_reset(&key);
		buf_printf(&key, "console.error.%s.title", error_keys[i]);
		k = buf_cstr(&key);
		if (catalog_require(s, &k, 1, err) == -1)
			rc = -1;
		buf_reset(&key);
		buf_printf(&key, "console.error.%s.message", error_keys[i]);
		k = buf_cstr(&key);
		if (catalog_require(s, &k, 1, err) == -1)
			rc = -1;
	}
	for (i = 0; i < ROLE__MAX; i++) {
		buf_reset(&key);
		buf_printf(&key, "console.role.%s", role_name((int)i));
		k = buf_cstr(&key);
		if (catalog_require(s, &k, 1, err) == -1)
			rc = -1;
	}
	buf_free(&key);
	for (i = 0; i < sizeof(word_tables) / sizeof(word_tables[0]); i++)
		for (j = 0; word_tables[i][j] != NULL; j++)
			if (catalog_require(s, &word_tables[i][j], 1, err) == -1)
				rc = -1;
	if (statusmsg_require(s, err) == -1 ||
	    contentview_require(s, err) == -1 || datefmt_require(s, err) == -1)
		rc = -1;
	if (rc == -1) {
		catalog_free(s);
		return NULL;
	}
	return s;
}

int
console_init(struct console *a, const char *content, const char *templates,
    const struct auth_common *common, struct buf *err)
{
	static const char *const required[] = { "staff-error",
	    "staff-signin", "staff-enrol", "staff-policies", "staff-draft",
	    "staff-content", "staff-edit", "policy", "staff-export",
	    "staff-report", "staff-privacy", "staff-privacy-request",
	    "staff-audit", "staff-users", "staff-user", "staff-queue",
	    "staff-request", NULL };
	size_t		 i;
	json_t		*rd;

	if ((a->words = S_words(templates, err)) == NULL)
		return -1;
	if (contentview_load(a->words, content, 0, &a->c, err) == -1)
		return -1;
	if ((a->pages = pages_new(&a->c, templates, required, 0, err)) ==
	    NULL)
		return -1;
	a->common = common;
	a->content_dir = content;
	a->templates = templates;
	rd = json_object_get(a->c.site, "response_days");
	a->response_days = json_is_integer(rd) ?
	    (int)json_integer_value(rd) : 0;
	a->forms = json_array();
	for (i = 0; a->c.forms != NULL && i < formdef_dir_count(a->c.forms);
	    i++) {
		const struct formdef *fd = formdef_dir_at(a->c.forms, i);

		json_array_append_new(a->forms, json_pack("{s:s,s:s,s:b}",
		    "id", formdef_id(fd), "title", formdef_title(fd),
		    "tracked", wf_form_tracked(fd)));
	}
	return 0;
}

void
console_free(struct console *a)
{
	pages_free(a->pages);
	catalog_free(a->words);
	json_decref(a->forms);
	content_free(&a->c);
	a->pages = NULL;
	a->words = NULL;
	a->common = NULL;
	a->forms = NULL;
}

/* ---- fields ---- */

int
console_value_ok(const char *value, size_t len, size_t max)
{
	const unsigned char	*v = (const unsigned char *)value;
	size_t			 i, badat;

	if (len > max || !utf8_valid(value, len, &badat))
		return 0;
	for (i = 0; i < len; i++)
		if ((v[i] < 0x20 && v[i] != '\t' && v[i] != '\n' &&
		    v[i] != '\r') || v[i] == 0x7f)
			return 0;	/* a NUL among them */
	return 1;
}

static const char *
S_get(const struct urlenc_list *l, const char *name, size_t max, int *bad)
{
	const struct urlenc_pair *found = NULL;
	size_t		 i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->pairs[i].name, name) == 0) {
			if (found != NULL)
				goto bad;
			found = &l->pairs[i];
		}
	if (found == NULL)
		return NULL;
	if (!console_value_ok(found->value, found->value_len, max))
		goto bad;
	return found->value;
bad:
	if (bad != NULL)
		*bad = 1;
	return NULL;
}

const char *
console_field(const struct creq *cr, const char *name, size_t max, int *bad)
{
	return S_get(&cr->form, name, max, bad);
}

int
console_rest_id(const struct creq *cr, long long *id, const char **what)
{
	const char	*s = cr->rest;
	long long	 n = 0;

	if (*s < '1' || *s > '9')
		return 0;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (n > 100000000000LL)
			return 0;
		n = n * 10 + (*s - '0');
	}
	if (*s == '/')
		*what = s + 1;
	else if (*s == '\0')
		*what = "";
	else
		return 0;
	*id = n;
	return 1;
}

const char *
console_query(const struct creq *cr, const char *name, size_t max, int *bad)
{
	return S_get(&cr->query, name, max, bad);
}

/* ---- words and dates ---- */

json_t *
console_text(const struct creq *cr, const char *key, json_t *params)
{
	struct buf	 b = BUF_INIT;
	json_t		*j;

	if (catalog_put(cr->app->words, key, params, &b) == -1)
		fprintf(stderr, "wasl-console: no text '%s' in the catalog\n",
		    key);
	j = json_string(buf_cstr(&b));
	json_decref(params);
	buf_free(&b);
	return j;
}

json_t *
console_when(const struct creq *cr, const char *utc)
{
	struct date	 d;
	time_t		 t;
	struct tm	 tm;
	char		 hm[8];
	json_t		*j;

	if (utc == NULL || wf_local_date(utc, &d) == -1 ||
	    wf_time_parse(utc, &t) == -1)
		return json_null();
	t += 3 * 3600;			/* Asia/Riyadh: UTC+3, no DST */
	gmtime_r(&t, &tm);
	snprintf(hm, sizeof(hm), "%02d:%02d", tm.tm_hour, tm.tm_min);
	j = datefmt_json(cr->app->words, &d);
	json_object_set_new(j, "time", json_string(hm));
	json_object_set_new(j, "utc", json_string(utc));
	return j;
}

/* ---- pages ---- */

static void
S_send(struct creq *cr, int status, const char *extra, const struct buf *out)
{
	struct buf	 h = BUF_INIT;

	buf_puts(&h, CONSOLE_HEADERS);
	if (extra != NULL)
		buf_puts(&h, extra);
	http_send(cr->r, status, buf_cstr(&h), out);
	buf_free(&h);
}

/* page.staff: who is signed in and what they may do. */
static json_t *
S_staff(struct creq *cr, const char *section)
{
	json_t		*staff = json_object(), *may = json_object();
	json_t		*cur = json_object();
	struct buf	 key = BUF_INIT;
	int		 p;

	if (cr->signed_in) {
		const struct users_who *w = &cr->sess.who;

		json_object_set_new(staff, "name", json_string(w->name));
		json_object_set_new(staff, "role",
		    json_string(role_name(w->role)));
		buf_printf(&key, "console.role.%s", role_name(w->role));
		json_object_set_new(staff, "role_label",
		    console_text(cr, buf_cstr(&key), NULL));
		for (p = 0; p < PERM__MAX; p++)
			if (role_may(w->role, p))
				json_object_set_new(may, perm_names[p],
				    json_true());
		json_object_set_new(staff, "csrf", json_string(cr->sess.csrf));
	}
	if (section != NULL && *section != '\0')
		json_object_set_new(cur, section, json_true());
	json_object_set_new(staff, "may", may);
	json_object_set_new(staff, "current", cur);
	json_object_set_new(staff, "signed_in", json_boolean(cr->signed_in));
	buf_free(&key);
	return staff;
}

void
console_page(struct creq *cr, const char *tpl, const char *section,
    json_t *page, int status, const char *extra)
{
	struct buf	 out = BUF_INIT, err = BUF_INIT;

	json_object_set_new(page, "staff", S_staff(cr, section));
	if (pages_render(cr->app->pages, tpl, "", page, &out, &err) == -1) {
		fprintf(stderr, "wasl-console: %s", buf_cstr(&err));
		json_decref(page);
		buf_free(&out);
		buf_free(&err);
		console_error(cr, 500, "render");
		return;
	}
	S_send(cr, status, extra, &out);
	json_decref(page);
	buf_free(&out);
	buf_free(&err);
}

void
console_error(struct creq *cr, int status, const char *key)
{
	struct buf	 out = BUF_INIT, err = BUF_INIT, k = BUF_INIT;
	json_t		*page;

	buf_printf(&k, "console.error.%s.title", key);
	page = json_pack("{s:o,s:i}", "title", console_text(cr, buf_cstr(&k),
	    NULL), "status", status);
	buf_reset(&k);
	buf_printf(&k, "console.error.%s.message", key);
	json_object_set_new(page, "message", console_text(cr, buf_cstr(&k),
	    NULL));
	json_object_set_new(page, "kind", json_string("error"));
	json_object_set_new(page, "staff", S_staff(cr, ""));
	if (pages_render(cr->app->pages, "staff-error", "", page, &out,
	    &err) == -1) {
		fprintf(stderr, "wasl-console: %s", buf_cstr(&err));
		http_fallback_page(status, &out);
	}
	S_send(cr, status, status == 405 ? "Allow: GET, HEAD, POST\r\n" :
	    NULL, &out);
	json_decref(page);
	buf_free(&out);
	buf_free(&err);
	buf_free(&k);
}

int
console_confirm(struct creq *cr, const char *purpose, json_t **msg)
{
	struct buf	 err = BUF_INIT;
	const char	*code;
	int		 rc;

	*msg = NULL;
	code = console_field(cr, "code", 16, NULL);
	if (code == NULL || *code == '\0') {
		*msg = console_text(cr, "console.confirm.missing", NULL);
		return 0;
	}
	rc = users_confirm(cr->st, &cr->sess.who, code, purpose, &err);
	if (rc == -1) {
		fprintf(stderr, "wasl-console: %s\n", buf_cstr(&err));
		console_error(cr, 500, "failed");
	} else if (rc == 0)
		*msg = console_text(cr, "console.confirm.refused", NULL);
	buf_free(&err);
	return rc;
}

/* ---- routing ---- */

static const struct route *
S_route(const char *path, const char **rest)
{
	size_t		 i, n;

	for (i = 0; i < NROUTES; i++) {
		n = strlen(routes[i].path);
		if (routes[i].prefix ? strncmp(path, routes[i].path, n) == 0 :
		    strcmp(path, routes[i].path) == 0) {
			*rest = path + n;
			return &routes[i];
		}
	}
	return NULL;
}

/* The statuses and pages a refused post of a form is answered with. */
static const struct {
	int		 status;
	const char	*key;
} refusals[] = {
	[HTTP_POST_OK] = { 200, "failed" },
	[HTTP_POST_CROSS_SITE] = { 403, "cross_site" },
	[HTTP_POST_MEDIA_TYPE] = { 415, "media_type" },
	[HTTP_POST_NO_LENGTH] = { 411, "bad_request" },
	[HTTP_POST_INCOMPLETE] = { 400, "bad_request" },
	[HTTP_POST_TOO_LARGE] = { 413, "too_large" },
	[HTTP_POST_MALFORMED] = { 400, "bad_request" },
};

void
console_serve(struct console *a, struct store *st, struct http_req *r)
{
	struct creq		 cr;
	const struct route	*rt;
	struct buf		 err = BUF_INIT;
	const char		*csrf;
	enum http_post		 pe;
	int			 rc;

	memset(&cr, 0, sizeof(cr));
	cr.app = a;
	cr.st = st;
	cr.r = r;
	/* The session, when the request carries one. A cookie that is
	 * malformed or too long is no session. */
	if (http_cookie(http_param(r, "HTTP_COOKIE"), CONSOLE_COOKIE,
	    cr.token, sizeof(cr.token)) == 1) {
		rc = sessions_lookup(st, cr.token, &cr.sess, &err);
		if (rc == -1) {
			fprintf(stderr, "wasl-console: %s\n", buf_cstr(&err));
			console_error(&cr, 500, "failed");
			goto out;
		}
		cr.signed_in = rc == 1;
	} else
		cr.token[0] = '\0';
	/* The route, after the session: the error pages of one signed in
	 * keep the console's menu. */
	if (r->path == NULL || (rt = S_route(r->path, &cr.rest)) == NULL) {
		console_error(&cr, 404, "not_found");
		goto out;
	}
	if ((r->get && rt->get == NULL) || (r->post && rt->post == NULL) ||
	    (!r->get && !r->post)) {
		console_error(&cr, 405, "method");
		goto out;
	}
	if (rt->perm != ROUTE_OPEN) {
		if (!cr.signed_in) {
			if (r->get)
				http_redirect(r, "/staff/signin");
			else
				console_error(&cr, 403, "session");
			goto out;
		}
		if (rt->perm >= 0 && !role_may(cr.sess.who.role, rt->perm)) {
			console_error(&cr, 403, "forbidden");
			goto out;
		}
	}
	if (urlenc_parse(r->query, strlen(r->query), URLENC_MAX_BODY,
	    &cr.query) != URLENC_OK) {
		console_error(&cr, 400, "bad_request");
		goto out;
	}
	if (r->post) {
		pe = http_form_read(r, a->origin, rt->post_max, &cr.body,
		    &cr.form);
		if (pe != HTTP_POST_OK) {
			console_error(&cr, refusals[pe].status,
			    refusals[pe].key);
			goto out;
		}
		/* Behind the session: its own token, compared in
		 * constant time. */
		if (rt->perm != ROUTE_OPEN) {
			csrf = console_field(&cr, "csrf", AUTH_TOKEN_LEN, NULL);
			if (csrf == NULL || strlen(csrf) != AUTH_TOKEN_LEN ||
			    sodium_memcmp(csrf, cr.sess.csrf,
			    AUTH_TOKEN_LEN) != 0) {
				console_error(&cr, 403, "cross_site");
				goto out;
			}
		}
		rt->post(&cr);
	} else
		rt->get(&cr);
out:
	urlenc_free(&cr.query);
	urlenc_free(&cr.form);
	buf_free(&cr.body);
	buf_free(&err);
	sodium_memzero(&cr.sess, sizeof(cr.sess));
	sodium_memzero(cr.token, sizeof(cr.token));
}
