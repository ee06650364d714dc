/*
 * content: the content folder into the JSON data model (see content.h).
 *
 * The orchestrator: site.yaml (siteinfo.c), the policies (policies.c,
 * revision.c), then the three kinds of page file, each a folder of
 * <slug>.md files (mddoc.c), checked here against their tables of keys
 * (schema.c) and their own rules, and the forms (lib/model/formdef.h).
 * Every address is taken once: the site's own (names.h), a policy's, a
 * page's.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "content.h"
#include "date.h"
#include "diag.h"
#include "folder.h"
#include "fsx.h"
#include "keys.h"
#include "mddoc.h"
#include "names.h"
#include "policies.h"
#include "revision.h"
#include "schema.h"
#include "siteinfo.h"

static const struct schema_key channel_fields[] = {
	{ KEY_TITLE, SCHEMA_STR, 1, NULL, "the channel's name" },
	{ KEY_ORDER, SCHEMA_INT, 0, NULL, "its place in the list, e.g. 1" },
	{ KEY_SUMMARY, SCHEMA_STR, 0, NULL, "one sentence" },
	{ KEY_PHONE, SCHEMA_PHONE, 0, NULL, "a phone number" },
	{ KEY_WHATSAPP, SCHEMA_MOBILE, 0, NULL, "a mobile number on WhatsApp" },
	{ KEY_UNIFIED, SCHEMA_UNIFIED, 0, NULL, "the unified number" },
	{ KEY_EMAIL, SCHEMA_EMAIL, 0, NULL, "an e-mail address" },
	{ KEY_URL, SCHEMA_URL, 0, NULL, "an https:// address" },
	{ KEY_ADDRESS, SCHEMA_STR, 0, NULL, "an address" },
	{ KEY_MAP_URL, SCHEMA_HTTPS, 0, NULL, "the map's https:// address" },
	{ KEY_HOURS, SCHEMA_STR, 0, NULL, "working hours" },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct schema_key service_fields[] = {
	{ KEY_TITLE, SCHEMA_STR, 1, NULL, "the service's name" },
	{ KEY_ORDER, SCHEMA_INT, 0, NULL, "its place in the list, e.g. 1" },
	{ KEY_SUMMARY, SCHEMA_STR, 0, NULL, "one sentence" },
	{ KEY_FORM, SCHEMA_STR, 0, NULL,
	    "the form's id, e.g. support-request" },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct schema_key page_fields[] = {
	{ KEY_TITLE, SCHEMA_STR, 1, NULL, "the page's title" },
	{ KEY_ORDER, SCHEMA_INT, 0, NULL, "its place in the menu, e.g. 1" },
	{ KEY_SUMMARY, SCHEMA_STR, 0, NULL, "one sentence" },
	{ KEY_VERSION, SCHEMA_INT, 0, NULL, "the notice's version number" },
	{ KEY_UPDATED, SCHEMA_DATE, 0, NULL,
	    "the date of this version, YYYY-MM-DD" },
	{ NULL, 0, 0, NULL, NULL }
};

/* A service's form must be defined; it gets "form_id", for its template
 * data (lib/view/contentview.h). */
static void
S_check_service(struct diag *x, json_t *doc, void *arg)
{
	const struct content	*c = arg;
	const struct formdef	*fd;
	const char		*id;

	if ((id = json_string_value(json_object_get(doc, KEY_FORM))) == NULL ||
	    c->forms_bad)
		return;	/* the definitions' own errors say it all */
	fd = c->forms ? formdef_dir_find(c->forms, id) : NULL;
	if (fd == NULL) {
		diag_at(x, KEY_FORM, "form '%s' is not defined: add "
		    "forms/%s.yaml to the content folder, or remove 'form:'",
		    id, id);
		return;
	}
	json_object_set_new(doc, KEY_FORM_ID, json_string(id));
}

/* The privacy notice's version is the one consent is recorded against. */
static void
S_check_page(struct diag *x, json_t *doc, void *arg)
{
	const struct content	*c = arg;
	json_t			*ver = json_object_get(doc, KEY_VERSION);
	size_t			 i;

	if (!json_is_integer(ver) || c->forms == NULL ||
	    strcmp(x->path + strlen(x->path) - 11, "/privacy.md") != 0)
		return;
	for (i = 0; i < formdef_dir_count(c->forms); i++) {
		const struct formdef *fd = formdef_dir_at(c->forms, i);

		if (formdef_notice_version(fd) > 0 &&
		    formdef_notice_version(fd) != json_integer_value(ver))
			diag_at(x, KEY_VERSION, "the privacy notice is "
			    "version %" JSON_INTEGER_FORMAT " but form '%s' "
			    "records consent to version %d: make them equal "
			    "(privacy_notice_version in forms/%s.yaml)",
			    json_integer_value(ver), formdef_id(fd),
			    formdef_notice_version(fd), formdef_id(fd));
	}
}

/* A form's confirmation may say {{response_days}} only when site.yaml
 * states the number: no default stands in for the association's word. */
static void
S_check_days(const char *dir, const struct content *c, struct buf *err,
    int *nerr)
{
	const char	*body;
	size_t		 i;

	if (c->forms == NULL || c->site == NULL ||
	    json_is_integer(json_object_get(c->site, KEY_RESPONSE_DAYS)))
		return;
	for (i = 0; i < formdef_dir_count(c->forms); i++) {
		const struct formdef *fd = formdef_dir_at(c->forms, i);

		body = json_string_value(json_object_get(json_object_get(
		    formdef_json(fd), KEY_CONFIRMATION), KEY_BODY));
		if (body == NULL || strstr(body, "{{response_days}}") == NULL)
			continue;
		buf_printf(err, "%s/forms/%s.yaml:1: the confirmation says "
		    "{{response_days}}, but %s/site.yaml states no "
		    "response_days: add 'response_days: N' (the days your "
		    "policy says an answer takes) to site.yaml, or write the "
		    "time in the confirmation's own words\n", dir,
		    formdef_id(fd), dir);
		(*nerr)++;
	}
}

/* A file's modification time in nanoseconds. */
static json_int_t
S_mtime(const struct stat *st)
{
	return (json_int_t)st->st_mtim.tv_sec * 1000000000 +
	    st->st_mtim.tv_nsec;
}

const struct content_kind_info content_kinds[CONTENT_NKINDS] = {
	[CONTENT_CHANNELS] = { "channels", "/channels/", "channels/",
	    "channel", "/channels/", "channels" },
	[CONTENT_SERVICES] = { "services", "/services/", "services/",
	    "service", "/services/", "services" },
	[CONTENT_PAGES] = { "pages", "/", "", "page", NULL, "pages" },
};

/* How each kind is checked: its keys, and its own rules (called with the
 * content). */
static const struct kind {
	const struct schema_key	*fields;
	mddoc_hook		 hook;
} kinds[CONTENT_NKINDS] = {
	[CONTENT_CHANNELS] = { channel_fields, NULL },
	[CONTENT_SERVICES] = { service_fields, S_check_service },
	[CONTENT_PAGES] = { page_fields, S_check_page },
};

/*
 * File name (of len bytes without ".md") of kind k: its document, with
 * the keys every document gets (source_key, source_size, source_mtime,
 * slug, url), or NULL after reporting.
 */
static json_t *
S_load_one(const char *dir, enum content_kind_id kind, const char *name,
    size_t len, struct content *c, struct buf *err, int *nerr)
{
	const struct content_kind_info	*ki = &content_kinds[kind];
	const struct kind		*k = &kinds[kind];
	struct buf	 path = BUF_INIT, url = BUF_INIT;
	struct diag	 x;
	struct stat	 st;
	json_t		*doc = NULL;

	memset(&x, 0, sizeof(x));
	x.err = err;
	x.line = 1;
	buf_printf(&path, "%s/%s/%s", dir, ki->dir, name);
	x.path = path.data;
	if (fsx_stat_in(dir, path.data, &st) == -1)
		diag_at(&x, NULL, "cannot read: %s", fsx_strerror(errno));
	else if ((doc = mddoc_load(dir, path.data, k->fields, k->hook, c,
	    err, nerr)) != NULL) {
		buf_printf(&url, "%s%.*s/", ki->url, (int)len, name);
		json_object_set_new(doc, KEY_SOURCE_SIZE,
		    json_integer((json_int_t)st.st_size));
		json_object_set_new(doc, KEY_SOURCE_MTIME,
		    json_integer(S_mtime(&st)));
		json_object_set_new(doc, KEY_SOURCE_KEY, json_pack("s++",
		    ki->dir, "/", name));
		json_object_set_new(doc, KEY_SLUG, json_stringn(name, len));
		json_object_set_new(doc, KEY_URL, json_string(url.data));
	}
	*nerr += x.nerr;
	buf_free(&path);
	buf_free(&url);
	return doc;
}

/* The length of name's slug, when it is a content file's name
 * (<slug>.md); else 0 after reporting it at path. */
static size_t
S_file_slug(struct diag *x, const char *name)
{
	size_t	 len = strlen(name);

	if (len < 4 || strcmp(name + len - 3, ".md") != 0) {
		diag_at(x, NULL, "not a content file: pages are Markdown "
		    "files named <slug>.md");
		return 0;
	}
	len -= 3;
	if (!folder_slug_ok(name, len)) {
		diag_at(x, NULL, "bad file name: use lowercase ASCII letters, "
		    "digits and single hyphens (it becomes the page's "
		    "address), e.g. support-request.md");
		return 0;
	}
	return len;
}

/* Every file of kind k, sorted by order, then slug. */
static json_t *
S_load_kind(const char *dir, enum content_kind_id kind, struct content *c,
    json_t *taken, struct buf *err, int *nerr)
{
	const struct content_kind_info	*k = &content_kinds[kind];
	struct buf	 path = BUF_INIT, url = BUF_INIT;
	char		**names;
	size_t		 n, i, len;
	json_t		*arr = json_array(), *doc, *prev;
	struct diag	 x;

	memset(&x, 0, sizeof(x));
	x.err = err;
	x.line = 1;
	buf_printf(&path, "%s/%s", dir, k->dir);
	names = folder_list(dir, path.data, &n, err, nerr);
	for (i = 0; i < n; i++) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s/%s", dir, k->dir, names[i]);
		x.path = path.data;
		if ((len = S_file_slug(&x, names[i])) == 0)
			continue;
		buf_reset(&url);
		buf_printf(&url, "%s%.*s/", k->url, (int)len, names[i]);
		if ((prev = json_object_get(taken, url.data)) != NULL) {
			diag_at(&x, NULL, "duplicate slug: the address %s "
			    "is already %s; rename the file", url.data,
			    json_string_value(prev));
			continue;
		}
		if ((doc = S_load_one(dir, kind, names[i], len, c, err,
		    nerr)) == NULL)
			continue;
		json_object_set_new(taken, url.data, json_pack("s+",
		    "used by ", path.data));
		json_array_append_new(arr, doc);
	}
	*nerr += x.nerr;
	folder_list_free(names, n);
	folder_sort(arr);
	buf_free(&path);
	buf_free(&url);
	return arr;
}

/* content_read(), and with kinds 0 content_read_base(). */
static int
S_load(const char *dir, int drafts, int with_kinds,
    const struct formdef_words *words, struct content *c, struct buf *err)
{
	json_t		*taken;
	int		 nerr = 0, i;
	struct date	 today;
	struct buf	 fdir = BUF_INIT;
	struct stat	 st;
	char		 url[64];

	memset(c, 0, sizeof(*c));
	if (!fsx_is_dir(dir)) {
		buf_printf(err, "%s: no such content folder\n", dir);
		return -1;
	}
	taken = json_object();
	for (i = 0; names_reserved_slugs[i] != NULL; i++) {
		snprintf(url, sizeof(url), "/%s/", names_reserved_slugs[i]);
		json_object_set_new(taken, url, json_string("used by the "
		    "site itself"));
	}
	c->site = siteinfo_load(dir, err, &nerr);
	c->policies = policies_load(dir, drafts, taken, &c->drafts, err,
	    &nerr);
	/* Channels first: their problems are reported before the forms'. */
	for (i = 0; i < CONTENT_NKINDS; i++) {
		if (i == CONTENT_SERVICES) {
			buf_printf(&fdir, "%s/forms", dir);
			if (fsx_stat_in(dir, fdir.data, &st) == -1) {
				if (errno != ENOENT) {
					buf_printf(err, "%s: cannot read the "
					    "folder: %s\n", fdir.data,
					    fsx_strerror(errno));
					c->forms_bad = 1;
					nerr++;
				}
			} else if (S_ISDIR(st.st_mode) && (c->forms =
			    formdef_dir_load(dir, fdir.data, words, err)) ==
			    NULL) {
				c->forms_bad = 1;
				nerr++;
			}
		}
		*content_list(c, i) = with_kinds ? S_load_kind(dir, i, c, taken,
		    err, &nerr) : json_array();
	}
	json_decref(taken);
	buf_free(&fdir);
	S_check_days(dir, c, err, &nerr);
	/* A form's decisions name a revision of its policy: it must be
	 * one of the site's. */
	for (i = 0; c->forms != NULL && i < (int)formdef_dir_count(c->forms);
	    i++) {
		const struct formdef *fd = formdef_dir_at(c->forms, (size_t)i);
		const char *pol = formdef_policy(fd);

		if (pol != NULL && policies_find(c->policies, pol) == NULL) {
			buf_printf(err, "%s/forms/%s.yaml:1: policy '%s' is not "
			    "a policy of this site: write the slug of a folder "
			    "under %s/policies/, or remove 'policy:'\n", dir,
			    formdef_id(fd), pol, dir);
			nerr++;
		}
	}
	date_from_time(time(NULL), &today);
	c->build = json_pack("{s:o}", KEY_DATE, schema_date_json(&today));
	if (nerr > 0) {
		content_free(c);
		return -1;
	}
	return 0;
}

int
content_read(const char *dir, int drafts, const struct formdef_words *words,
    struct content *c, struct buf *err)
{
	return S_load(dir, drafts, 1, words, c, err);
}

int
content_read_base(const char *dir, int drafts,
    const struct formdef_words *words, struct content *c, struct buf *err)
{
	return S_load(dir, drafts, 0, words, c, err);
}

int
content_kind(const char *key)
{
	size_t	 i, len;

	for (i = 0; i < CONTENT_NKINDS; i++) {
		len = strlen(content_kinds[i].dir);
		if (strncmp(key, content_kinds[i].dir, len) == 0 &&
		    key[len] == '/')
			return (int)i;
	}
	return -1;
}

json_t *
content_read_file(const char *dir, const char *key, struct content *c,
    struct buf *err)
{
	const char	*slash = strchr(key, '/');
	struct buf	 path = BUF_INIT;
	struct diag	 x;
	json_t		*doc = NULL;
	size_t		 len;
	int		 i = content_kind(key), nerr = 0;

	memset(&x, 0, sizeof(x));
	x.err = err;
	x.line = 1;
	buf_printf(&path, "%s/%s", dir, key);
	x.path = path.data;
	if (i == -1 || strchr(slash + 1, '/') != NULL)
		diag_at(&x, NULL, "not a channel, service or page file");
	else if ((len = S_file_slug(&x, slash + 1)) > 0)
		doc = S_load_one(dir, i, slash + 1, len, c, err,
		    &nerr);
	buf_free(&path);
	return doc;
}

json_t **
content_list(struct content *c, enum content_kind_id k)
{
	switch (k) {
	case CONTENT_CHANNELS:
		return &c->channels;
	case CONTENT_SERVICES:
		return &c->services;
	case CONTENT_PAGES:
	default:
		return &c->pages;
	}
}

json_t *
content_docs(const struct content *c, enum content_kind_id k)
{
	switch (k) {
	case CONTENT_CHANNELS:
		return c->channels;
	case CONTENT_SERVICES:
		return c->services;
	case CONTENT_PAGES:
	default:
		return c->pages;
	}
}

void
content_doc_each_date(enum content_kind_id k, json_t *doc,
    schema_date_fn fn, void *arg)
{
	if (k < CONTENT_NKINDS)
		schema_each_date(doc, kinds[k].fields, fn, arg);
}

void
content_each_date(struct content *c, schema_date_fn fn, void *arg)
{
	json_t	*p, *revs;
	size_t	 i, j;
	int	 k;

	fn(json_object_get(c->build, KEY_DATE), arg);
	for (i = 0; i < json_array_size(c->policies); i++) {
		p = json_array_get(c->policies, i);
		revs = json_object_get(p, KEY_REVISIONS);
		for (j = 0; j < json_array_size(revs); j++)
			revision_each_date(json_array_get(revs, j), fn, arg);
	}
	for (k = 0; k < CONTENT_NKINDS; k++) {
		json_t *list = *content_list(c, (enum content_kind_id)k);

		/* channels have none: no walk through their thousands */
		if (!schema_has_dates(kinds[k].fields))
			continue;
		for (i = 0; i < json_array_size(list); i++)
			content_doc_each_date((enum content_kind_id)k,
			    json_array_get(list, i), fn, arg);
	}
}

void
content_free(struct content *c)
{
	json_decref(c->site);
	json_decref(c->policies);
	json_decref(c->channels);
	json_decref(c->services);
	json_decref(c->pages);
	json_decref(c->build);
	formdef_dir_free(c->forms);
	memset(c, 0, sizeof(*c));
}
