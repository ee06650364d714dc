/*
 * handler: one request of wasl-forms (see handler.h): the shared state
 * loaded at start, the pages and error pages sent, and the routing to the
 * routes of submit.c and status.c (forms.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contentview.h"
#include "fieldmsg.h"
#include "forms.h"
#include "formview.h"
#include "statusmsg.h"

/* The templates wasl-forms renders itself. */
static const char *const required_tpls[] = {
	"service", "received", "error", "status", NULL
};

/* Each error page's title and message, keys of the catalog. */
static const struct {
	const char	*title, *message;
} errors[FE__MAX] = {
	[FE_CROSS_SITE_FORM] = { "forms.title.refused",
	    "forms.message.cross_site_form" },
	[FE_CROSS_SITE_STATUS] = { "forms.title.refused",
	    "forms.message.cross_site_status" },
	[FE_MEDIA_TYPE] = { "forms.title.media_type",
	    "forms.message.media_type" },
	[FE_TOO_LARGE] = { "forms.title.too_large", "forms.message.too_large" },
	[FE_INCOMPLETE] = { "forms.title.unreadable",
	    "forms.message.incomplete" },
	[FE_CORRUPT] = { "forms.title.unreadable", "forms.message.corrupt" },
	[FE_NOT_THIS_FORM] = { "forms.title.unreadable",
	    "forms.message.not_this_form" },
	[FE_RESEND] = { "forms.title.unreadable", "forms.message.resend" },
	[FE_NOT_SAVED] = { "forms.title.not_saved", "forms.message.not_saved" },
	[FE_FORM_FAILED] = { "forms.title.failed",
	    "forms.message.form_failed" },
	[FE_PAGE_FAILED] = { "forms.title.failed",
	    "forms.message.page_failed" },
	[FE_LOOKUP_FAILED] = { "forms.title.failed",
	    "forms.message.lookup_failed" },
	[FE_METHOD_STATUS] = { "forms.title.method",
	    "forms.message.method_status" },
	[FE_METHOD_FORM] = { "forms.title.method",
	    "forms.message.method_form" },
	[FE_METHOD_RECEIVED] = { "forms.title.method",
	    "forms.message.method_received" },
	[FE_NOT_FOUND] = { "forms.title.not_found",
	    "forms.message.not_found" },
};

/* The catalog's other texts wasl-forms says (submit.c, status.c). */
static const char *const other_keys[] = {
	"forms.title_error",
	"forms.status.title",
	"forms.status.national_id",
	"forms.status.ref_missing",
	"forms.status.ref_invalid",
	"forms.status.accepted",
	"forms.status.rejected",
};

/* The catalog at templates/strings.yaml, with every text wasl-forms
 * needs. */
static struct catalog *
S_words(const char *templates, struct buf *err)
{
	struct catalog	*s;
	struct buf	 path = BUF_INIT;
	size_t		 i;
	int		 rc = 0;

	buf_printf(&path, "%s/strings.yaml", templates);
	s = catalog_load(buf_cstr(&path), err);
	buf_free(&path);
	if (s == NULL)
		return NULL;
	for (i = 0; i < FE__MAX; i++)
		if (catalog_require(s, &errors[i].title, 1, err) == -1 ||
		    catalog_require(s, &errors[i].message, 1, err) == -1)
			rc = -1;
	if (catalog_require(s, other_keys, sizeof(other_keys) /
	    sizeof(other_keys[0]), err) == -1)
		rc = -1;
	/* The answers' checks, the statuses and the content (dates). */
	if (fieldmsg_require(s, err) == -1)
		rc = -1;
	if (statusmsg_require(s, err) == -1)
		rc = -1;
	if (contentview_require(s, err) == -1)
		rc = -1;
	if (rc == -1) {
		catalog_free(s);
		return NULL;
	}
	return s;
}

int
handler_init(struct app *a, const char *content, const char *templates,
    struct buf *err)
{
	json_t		*svc;
	size_t		 i;

	memset(a->salt, 0, sizeof(a->salt));
	/* The words first: the content's display data is said in them. */
	if ((a->words = S_words(templates, err)) == NULL)
		return -1;
	if (contentview_load(a->words, content, 0, &a->c, err) == -1)
		return -1;
	if ((a->pages = pages_new(&a->c, templates, required_tpls, 0,
	    err)) == NULL)
		return -1;
	memset(&a->status_id, 0, sizeof(a->status_id));
	a->status_id.name = "national_id";
	a->status_id.label = catalog_get(a->words, "forms.status.national_id");
	a->status_id.type = FORMDEF_NATIONAL_ID;
	a->status_id.required = 1;
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
	pages_free(a->pages);
	a->pages = NULL;
	json_decref(a->by_form);
	json_decref(a->defs);
	catalog_free(a->words);
	content_free(&a->c);
	a->by_form = a->defs = NULL;
	a->words = NULL;
}

/* ---- the words ---- */

void
forms_put(const struct app *a, const char *key, const json_t *params,
    struct buf *out)
{
	/* Every key was checked at start and a text of plain Mustache
	 * always renders: a failure here would be a key missing from the
	 * table, said in the log. */
	if (catalog_put(a->words, key, params, out) == -1)
		fprintf(stderr, "wasl-forms: no text '%s' in the catalog\n",
		    key);
}

json_t *
forms_text(const struct app *a, const char *key, const json_t *params)
{
	struct buf	 b = BUF_INIT;
	json_t		*j;

	forms_put(a, key, params, &b);
	j = json_string(buf_cstr(&b));
	buf_free(&b);
	return j;
}

/* ---- replies ---- */

void
forms_error(struct app *a, struct http_req *r, int status,
    const char *extra, enum forms_error e)
{
	struct buf	 out = BUF_INIT, err = BUF_INIT;
	json_t		*page;

	page = json_pack("{s:o,s:o,s:s,s:i}",
	    "title", forms_text(a, errors[e].title, NULL),
	    "message", forms_text(a, errors[e].message, NULL),
	    "kind", "error", "status", status);
	if (pages_render(a->pages, "error", "", page, &out, &err) == -1) {
		fprintf(stderr, "wasl-forms: %s", buf_cstr(&err));
		http_fallback_page(status, &out);
	}
	http_send(r, status, extra, &out);
	json_decref(page);
	buf_free(&out);
	buf_free(&err);
}

void
forms_page(struct app *a, struct http_req *r, const char *tpl,
    const char *section, json_t *page, int status, const char *extra,
    enum forms_error failed)
{
	struct buf	 out = BUF_INIT, err = BUF_INIT;

	if (pages_render(a->pages, tpl, section, page, &out, &err) == -1) {
		fprintf(stderr, "wasl-forms: %s", buf_cstr(&err));
		forms_error(a, r, 500, NULL, failed);
	} else
		http_send(r, status, extra, &out);
	buf_free(&out);
	buf_free(&err);
}

/* ---- routing ---- */

void
handler_serve(struct app *a, struct store *st, struct http_req *r)
{
	const char		*rest, *slash;
	char			 id[64];
	const struct formdef	*fd;
	json_t			*svc;
	size_t			 n;

	if (r->path == NULL || strncmp(r->path, "/forms/", 7) != 0)
		goto notfound;
	rest = r->path + 7;
	/* The status page comes first: no form may be called "status". */
	if (strcmp(rest, "status") == 0 || strcmp(rest, "status/") == 0) {
		forms_status(a, st, r);
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
		if (r->post)
			forms_submit(a, st, r, fd, svc);
		else if (r->get)
			http_redirect(r, json_string_value(json_object_get(svc,
			    "url")));
		else
			forms_error(a, r, 405, "Allow: GET, HEAD, POST\r\n",
			    FE_METHOD_FORM);
		return;
	}
	if (strncmp(slash, "/received/", 10) == 0 &&
	    store_ref_valid(slash + 10)) {
		if (r->get)
			forms_received(a, r, fd, svc, slash + 10);
		else
			forms_error(a, r, 405, "Allow: GET, HEAD\r\n",
			    FE_METHOD_RECEIVED);
		return;
	}
notfound:
	forms_error(a, r, 404, NULL, FE_NOT_FOUND);
}
