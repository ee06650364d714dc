/*
 * content: the content folder into the JSON data model (see content.h).
 *
 * Each kind of file has a table of the keys it may hold; validation walks
 * the table, so an unknown key (a typo) is an error like a missing one.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "content.h"
#include "date.h"
#include "diag.h"
#include "frontmatter.h"
#include "formview.h"
#include "fsx.h"
#include "markdown.h"
#include "names.h"
#include "utf8.h"
#include "yamljson.h"

enum ftype {
	F_STR,		/* a string */
	F_TEXT,		/* a string or a whole number, kept as a string */
	F_INT,		/* a whole number */
	F_DATE,		/* an ISO date, expanded to {iso, saudi, ...} */
	F_URL,		/* an http(s) address */
	F_EMAIL,
	F_MAP,		/* a mapping with its own table */
	F_LIST		/* a list of mappings with their own table */
};

struct field {
	const char		*key;
	enum ftype		 type;
	int			 required;
	const struct field	*sub;	/* for F_MAP and F_LIST */
	const char		*hint;	/* what to write, for errors */
};

static const struct field contact_fields[] = {
	{ "phone", F_TEXT, 0, NULL, "a phone number" },
	{ "email", F_EMAIL, 0, NULL, "an e-mail address" },
	{ "website", F_URL, 0, NULL, "an https:// address" },
	{ "address", F_STR, 0, NULL, "the street address" },
	{ "postal_code", F_TEXT, 0, NULL, "the postal code" },
	{ "hours", F_STR, 0, NULL, "working hours, as text" },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct field branch_fields[] = {
	{ "name", F_STR, 1, NULL, "the branch's name" },
	{ "city", F_STR, 0, NULL, "its city" },
	{ "phone", F_TEXT, 0, NULL, "its phone number" },
	{ "address", F_STR, 0, NULL, "its address" },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct field social_fields[] = {
	{ "name", F_STR, 1, NULL, "the network's name" },
	{ "url", F_URL, 1, NULL, "the account's https:// address" },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct field site_fields[] = {
	{ "name", F_STR, 1, NULL, "the association's name in Arabic" },
	{ "name_en", F_STR, 0, NULL, "its English name" },
	{ "registration", F_TEXT, 0, NULL, "the NCNP registration number" },
	{ "supervisor", F_STR, 0, NULL, "the supervising ministry" },
	{ "city", F_STR, 0, NULL, "the city" },
	{ "base_url", F_URL, 1, NULL,
	    "the site's address, e.g. https://example.org.sa" },
	{ "contact", F_MAP, 0, contact_fields, NULL },
	{ "branches", F_LIST, 0, branch_fields, NULL },
	{ "social", F_LIST, 0, social_fields, NULL },
	{ "response_days", F_INT, 0, NULL,
	    "days the committee takes to answer, e.g. 14" },
	{ "about", F_STR, 0, NULL, "a sentence about the association" },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct field approval_fields[] = {
	{ "by", F_STR, 0, NULL, "the approving body, e.g. مجلس الإدارة" },
	{ "meeting", F_TEXT, 1, NULL, "the meeting number, e.g. 5" },
	{ "decision", F_TEXT, 0, NULL, "the decision number" },
	{ "date", F_DATE, 1, NULL, "the approval date as YYYY-MM-DD" },
	{ "signatory", F_STR, 0, NULL, "who signed, e.g. رئيس مجلس الإدارة" },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct field correction_fields[] = {
	{ "date", F_DATE, 1, NULL, "the date of the correction, YYYY-MM-DD" },
	{ "note", F_STR, 1, NULL, "what was corrected and why" },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct field policy_fields[] = {
	{ "title", F_STR, 1, NULL, "the policy's title" },
	{ "revision", F_INT, 1, NULL, "the revision number (the file name)" },
	{ "status", F_STR, 1, NULL, "approved or draft" },
	{ "summary", F_STR, 0, NULL, "one sentence" },
	{ "approved", F_MAP, 0, approval_fields, NULL },
	{ "effective", F_DATE, 0, NULL, "the date it takes effect, YYYY-MM-DD" },
	{ "review", F_DATE, 0, NULL, "the next review date, YYYY-MM-DD" },
	{ "changes", F_STR, 0, NULL, "what this revision changed" },
	{ "corrections", F_LIST, 0, correction_fields, NULL },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct field channel_fields[] = {
	{ "title", F_STR, 1, NULL, "the channel's name" },
	{ "order", F_INT, 0, NULL, "its place in the list, e.g. 1" },
	{ "summary", F_STR, 0, NULL, "one sentence" },
	{ "phone", F_TEXT, 0, NULL, "a phone number" },
	{ "email", F_EMAIL, 0, NULL, "an e-mail address" },
	{ "url", F_URL, 0, NULL, "an https:// address" },
	{ "address", F_STR, 0, NULL, "an address" },
	{ "hours", F_STR, 0, NULL, "working hours" },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct field service_fields[] = {
	{ "title", F_STR, 1, NULL, "the service's name" },
	{ "order", F_INT, 0, NULL, "its place in the list, e.g. 1" },
	{ "summary", F_STR, 0, NULL, "one sentence" },
	{ "form", F_STR, 0, NULL, "the form's id, e.g. support-request" },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct field page_fields[] = {
	{ "title", F_STR, 1, NULL, "the page's title" },
	{ "order", F_INT, 0, NULL, "its place in the menu, e.g. 1" },
	{ "summary", F_STR, 0, NULL, "one sentence" },
	{ "version", F_INT, 0, NULL, "the notice's version number" },
	{ "updated", F_DATE, 0, NULL, "the date of this version, YYYY-MM-DD" },
	{ NULL, 0, 0, NULL, NULL }
};


json_t *
content_date_json(const struct date *d)
{
	struct buf	 b = BUF_INIT;
	json_t		*o = json_object();

	date_iso(&b, d);
	json_object_set_new(o, "iso", json_string(buf_cstr(&b)));
	buf_reset(&b);
	if (date_format_saudi(&b, d) == 0)
		json_object_set_new(o, "saudi", json_string(buf_cstr(&b)));
	buf_reset(&b);
	if (date_format_long(&b, d) == 0)
		json_object_set_new(o, "long", json_string(buf_cstr(&b)));
	buf_reset(&b);
	if (date_format_hijri_long(&b, d) == 0)
		json_object_set_new(o, "hijri_long",
		    json_string(buf_cstr(&b)));
	buf_free(&b);
	return o;
}

static int
S_is_email(const char *s)
{
	const char	*at = strchr(s, '@');

	return at != NULL && at != s && strchr(at + 1, '.') != NULL &&
	    strchr(at + 1, '@') == NULL && strpbrk(s, " \t<>\"'") == NULL;
}

/*
 * Check obj against the table, in place: numbers that are text become
 * strings, dates become date objects. path is the dotted prefix for
 * positions ("" at the top).
 */
static void
S_check(struct diag *x, json_t *obj, const char *path,
    const struct field *fields)
{
	const char		*key;
	json_t			*v;
	const struct field	*f;
	struct buf		 p = BUF_INIT, known = BUF_INIT;
	struct date		 d;
	size_t			 i;
	void			*tmp;
	json_t			*add = json_object();	/* changes, applied
							   after the walk */

#define KEYPATH(k) (buf_reset(&p), buf_printf(&p, "%s%s%s", path, \
	    *path ? "." : "", (k)), buf_cstr(&p))

	json_object_foreach_safe(obj, tmp, key, v) {
		for (f = fields; f->key != NULL; f++)
			if (strcmp(f->key, key) == 0)
				break;
		if (f->key == NULL) {
			buf_reset(&known);
			for (f = fields; f->key != NULL; f++)
				buf_printf(&known, "%s%s",
				    f == fields ? "" : ", ", f->key);
			diag_at(x, KEYPATH(key), "unknown key '%s'; the "
			    "keys here are: %s", key, buf_cstr(&known));
			continue;
		}
		if (json_is_null(v)) {
			/* "key:" with nothing: treat as absent */
			json_object_del(obj, key);
			continue;
		}
		switch (f->type) {
		case F_TEXT:
			if (json_is_integer(v)) {
				char num[32];

				snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
				    json_integer_value(v));
				json_object_set_new(add, key, json_string(num));
				break;
			}
			/* FALLTHROUGH */
		case F_STR:
		case F_URL:
		case F_EMAIL:
			if (!json_is_string(v)) {
				diag_at(x, KEYPATH(key), "'%s' must be text: "
				    "%s", key, f->hint);
				break;
			}
			if (json_string_length(v) == 0 && f->required)
				diag_at(x, KEYPATH(key), "'%s' is empty: "
				    "write %s", key, f->hint);
			if (f->type == F_URL &&
			    strncmp(json_string_value(v), "https://", 8) != 0 &&
			    strncmp(json_string_value(v), "http://", 7) != 0)
				diag_at(x, KEYPATH(key), "'%s' must be a web "
				    "address starting with https://", key);
			if (strcmp(key, "phone") == 0) {
				/* digits and '+' only, for tel: links */
				const char *ph = json_string_value(v);
				char tel[64];
				size_t k = 0;

				for (; *ph != '\0' && k + 1 < sizeof(tel); ph++)
					if ((*ph >= '0' && *ph <= '9') ||
					    (*ph == '+' && k == 0))
						tel[k++] = *ph;
				tel[k] = '\0';
				json_object_set_new(add, "phone_tel",
				    json_string(tel));
			}
			if (f->type == F_EMAIL &&
			    !S_is_email(json_string_value(v)))
				diag_at(x, KEYPATH(key), "'%s' is not an "
				    "e-mail address: write it as "
				    "name@example.org", key);
			break;
		case F_INT:
			if (!json_is_integer(v))
				diag_at(x, KEYPATH(key), "'%s' must be a "
				    "whole number: %s", key, f->hint);
			break;
		case F_DATE:
			if (!json_is_string(v) || date_parse(
			    json_string_value(v), json_string_length(v),
			    &d) == -1) {
				diag_at(x, KEYPATH(key), "'%s' is not a "
				    "valid date: write it as YYYY-MM-DD, e.g. "
				    "2024-08-14 (Gregorian)", key);
				break;
			}
			json_object_set_new(add, key, content_date_json(&d));
			break;
		case F_MAP:
			if (!json_is_object(v)) {
				diag_at(x, KEYPATH(key), "'%s' must be a "
				    "mapping of keys (indented lines "
				    "'key: value')", key);
				break;
			}
			S_check(x, v, KEYPATH(key), f->sub);
			break;
		case F_LIST:
			if (!json_is_array(v)) {
				diag_at(x, KEYPATH(key), "'%s' must be a list "
				    "(lines starting with '- ')", key);
				break;
			}
			for (i = 0; i < json_array_size(v); i++) {
				json_t *item = json_array_get(v, i);
				char sub[300];

				snprintf(sub, sizeof(sub), "%s%s%s.%zu", path,
				    *path ? "." : "", key, i);
				if (!json_is_object(item))
					diag_at(x, sub, "each item of '%s' "
					    "must be a mapping", key);
				else
					S_check(x, item, sub, f->sub);
			}
			break;
		}
	}
	for (f = fields; f->key != NULL; f++)
		if (f->required && json_object_get(obj, f->key) == NULL)
			diag_at(x, *path ? path : NULL, "missing '%s%s%s': "
			    "add it with %s", path, *path ? "." : "", f->key,
			    f->hint ? f->hint : "a value");
	json_object_update(obj, add);
	json_decref(add);
	buf_free(&p);
	buf_free(&known);
#undef KEYPATH
}

/* File name rules: slugs become addresses. */
static int
S_valid_slug(const char *s, size_t len)
{
	size_t	 i;

	if (len == 0 || len > 64 || s[0] == '-' || s[len - 1] == '-')
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') ||
		    (s[i] == '-' && s[i + 1] != '-')))
			return 0;
	return 1;
}

/* A kind's own checks, run while positions are still known. */
typedef void (*doc_hook)(struct diag *x, json_t *obj, void *arg);

/*
 * Read path (inside the content folder root), split its front matter,
 * parse and check it against fields (then hook, when not NULL), and
 * render its Markdown. Returns the front matter object with "html", "toc"
 * and "source" added (caller owns), or NULL after reporting.
 */
static json_t *
S_load_doc(const char *root, const char *path, const struct field *fields,
    doc_hook hook, void *arg, struct buf *err, int *nerr)
{
	struct buf	 src = BUF_INIT, html = BUF_INIT;
	struct fm_split	 fm;
	struct yj_error	 yerr;
	struct diag	 x;
	json_t		*obj = NULL, *toc;
	size_t		 bad, i;
	int		 rc, line;

	memset(&x, 0, sizeof(x));
	x.path = path;
	x.err = err;
	x.line = 1;
	if (fsx_read_in(root, path, CONTENT_MAX_FILE, &src) == -1) {
		diag_at(&x, NULL, "cannot read: %s%s", fsx_strerror(errno),
		    errno == EFBIG ? " (content files are limited to 1 MiB)" :
		    "");
		goto out;
	}
	if (!utf8_valid(buf_cstr(&src), src.len, &bad)) {
		for (line = 1, i = 0; i < bad; i++)
			if (src.data[i] == '\n')
				line++;
		x.line = line;
		diag_at(&x, NULL, "not valid UTF-8 text (or holds a NUL "
		    "byte): save the file as UTF-8");
		goto out;
	}
	rc = fm_split(buf_cstr(&src), src.len, &fm);
	if (rc == -1) {
		diag_at(&x, NULL, "no front matter: the file must start with "
		    "a line '---', then keys such as 'title: ...', then a "
		    "line '---'");
		goto out;
	}
	if (rc == -2) {
		diag_at(&x, NULL, "the front matter opened by '---' on line 1 "
		    "is never closed: add a line '---' after its keys");
		goto out;
	}
	x.doc = yj_parse(src.data + fm.yaml_off, fm.yaml_len,
	    fm.yaml_line - 1, &yerr);
	if (x.doc == NULL) {
		x.line = yerr.line ? yerr.line : 1;
		diag_at(&x, NULL, "bad YAML in the front matter: %s",
		    yerr.msg);
		goto out;
	}
	obj = yj_root(x.doc);
	if (!json_is_object(obj)) {
		diag_at(&x, NULL, "the front matter must be keys such as "
		    "'title: ...', one a line");
		obj = NULL;
		goto out;
	}
	json_incref(obj);
	S_check(&x, obj, "", fields);
	if (hook != NULL && x.nerr == 0)
		hook(&x, obj, arg);
	toc = json_array();
	if (md_render(src.data + fm.body_off, src.len - fm.body_off, &html,
	    toc) == -1) {
		diag_at(&x, NULL, "the Markdown could not be rendered");
		json_decref(toc);
	} else {
		/* valid UTF-8 already: checked above, and cmark's own */
		json_object_set_new(obj, "html", json_stringn_nocheck(
		    html.data ? html.data : "", html.len));
		json_object_set_new(obj, "toc", toc);
		json_object_set_new(obj, "has_toc",
		    json_boolean(json_array_size(toc) > 1));
	}
	json_object_set_new(obj, "source", json_string(path));
	json_object_set_new(obj, "markdown", json_stringn_nocheck(src.data +
	    fm.body_off, src.len - fm.body_off));
	if (x.nerr > 0) {
		json_decref(obj);
		obj = NULL;
	}
out:
	*nerr += x.nerr;
	yj_free(x.doc);
	buf_free(&src);
	buf_free(&html);
	return obj;
}

static int
S_cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The names in dir (inside the content folder root), sorted, without
 * hidden files. *n gets the count; a missing folder is an empty list, one
 * that cannot be read is reported. Caller frees each and the array.
 */
static char **
S_list(const char *root, const char *dir, size_t *n, struct buf *err,
    int *nerr)
{
	DIR		*d;
	struct dirent	*e;
	char		**v = NULL;

	*n = 0;
	if ((d = fsx_opendir_in(root, dir)) == NULL) {
		if (errno != ENOENT) {
			buf_printf(err, "%s: cannot read the folder: %s\n",
			    dir, fsx_strerror(errno));
			(*nerr)++;
		}
		return NULL;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		v = xrealloc(v, (*n + 1) * sizeof(*v));
		v[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n > 0)
		qsort(v, *n, sizeof(*v), S_cmp_names);
	return v;
}

static void
S_free_list(char **v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int
S_cmp_order(const void *a, const void *b)
{
	json_t		*x = *(json_t *const *)a, *y = *(json_t *const *)b;
	json_int_t	 ox = 1000, oy = 1000;

	if (json_is_integer(json_object_get(x, "order")))
		ox = json_integer_value(json_object_get(x, "order"));
	if (json_is_integer(json_object_get(y, "order")))
		oy = json_integer_value(json_object_get(y, "order"));
	if (ox != oy)
		return ox < oy ? -1 : 1;
	return strcmp(json_string_value(json_object_get(x, "slug")),
	    json_string_value(json_object_get(y, "slug")));
}

static void
S_sort(json_t *arr)
{
	size_t	 n = json_array_size(arr), i;
	json_t	**v;

	if (n < 2)
		return;
	v = xmalloc(n * sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(arr, i));
	qsort(v, n, sizeof(*v), S_cmp_order);
	json_array_clear(arr);
	for (i = 0; i < n; i++)
		json_array_append_new(arr, v[i]);
	free(v);
}

/* A service that offers a form gets the form's template data. */
static void
S_check_service(struct diag *x, json_t *doc, void *arg)
{
	const struct content	*c = arg;
	const struct formdef	*fd;
	const char		*id;

	if ((id = json_string_value(json_object_get(doc, "form"))) == NULL ||
	    c->forms_bad)
		return;	/* the definitions' own errors say it all */
	fd = c->forms ? formdef_dir_find(c->forms, id) : NULL;
	if (fd == NULL) {
		diag_at(x, "form", "form '%s' is not defined: add "
		    "forms/%s.yaml to the content folder, or remove 'form:'",
		    id, id);
		return;
	}
	json_object_set_new(doc, "form_id", json_string(id));
	json_object_set_new(doc, "form", formview_json(fd, NULL, NULL));
}

/* The privacy notice's version is the one consent is recorded against. */
static void
S_check_page(struct diag *x, json_t *doc, void *arg)
{
	const struct content	*c = arg;
	json_t			*ver = json_object_get(doc, "version");
	size_t			 i;

	if (!json_is_integer(ver) || c->forms == NULL ||
	    strcmp(x->path + strlen(x->path) - 11, "/privacy.md") != 0)
		return;
	for (i = 0; i < formdef_dir_count(c->forms); i++) {
		const struct formdef *fd = formdef_dir_at(c->forms, i);

		if (formdef_notice_version(fd) > 0 &&
		    formdef_notice_version(fd) != json_integer_value(ver))
			diag_at(x, "version", "the privacy notice is "
			    "version %" JSON_INTEGER_FORMAT " but form '%s' "
			    "records consent to version %d: make them equal "
			    "(privacy_notice_version in forms/%s.yaml)",
			    json_integer_value(ver), formdef_id(fd),
			    formdef_notice_version(fd), formdef_id(fd));
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
	const struct field	*fields;
	doc_hook		 hook;
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
	else if ((doc = S_load_doc(dir, path.data, k->fields, k->hook, c,
	    err, nerr)) != NULL) {
		buf_printf(&url, "%s%.*s/", ki->url, (int)len, name);
		json_object_set_new(doc, "source_size",
		    json_integer((json_int_t)st.st_size));
		json_object_set_new(doc, "source_mtime",
		    json_integer(S_mtime(&st)));
		json_object_set_new(doc, "source_key", json_pack("s++",
		    ki->dir, "/", name));
		json_object_set_new(doc, "slug", json_stringn(name, len));
		json_object_set_new(doc, "url", json_string(url.data));
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
	if (!S_valid_slug(name, len)) {
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
	names = S_list(dir, path.data, &n, err, nerr);
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
	S_free_list(names, n);
	S_sort(arr);
	buf_free(&path);
	buf_free(&url);
	return arr;
}

/* Check one policy revision's own rules (arg: its file's number). */
static void
S_check_revision(struct diag *x, json_t *doc, void *arg)
{
	long		 n = *(long *)arg;
	json_t		*rev = json_object_get(doc, "revision");
	const char	*status = json_string_value(json_object_get(doc,
			    "status"));
	json_t		*ap = json_object_get(doc, "approved");

	if (json_is_integer(rev) && json_integer_value(rev) != n)
		diag_at(x, "revision", "revision is %" JSON_INTEGER_FORMAT
		    " but the file is named %ld.md: make them equal",
		    json_integer_value(rev), n);
	if (status != NULL && strcmp(status, "approved") != 0 &&
	    strcmp(status, "draft") != 0)
		diag_at(x, "status", "status '%s' is not known: write "
		    "'approved' (the board approved it) or 'draft'", status);
	if (status != NULL && strcmp(status, "approved") == 0) {
		if (ap == NULL)
			diag_at(x, "status", "an approved revision needs its "
			    "approval record: add 'approved:' with 'meeting:' "
			    "and 'date:' (and 'by:', 'decision:')");
		if (n > 1 && json_object_get(doc, "changes") == NULL)
			diag_at(x, "revision", "revision %ld needs a "
			    "'changes:' note saying what it changed", n);
	}
}

/* Fill defaults of an approved revision: body, effective date. */
static void
S_revision_defaults(json_t *doc)
{
	json_t	*ap = json_object_get(doc, "approved");

	if (ap == NULL)
		return;
	if (json_object_get(ap, "by") == NULL)
		json_object_set_new(ap, "by", json_string("مجلس الإدارة"));
	if (json_object_get(doc, "effective") == NULL &&
	    json_object_get(ap, "date") != NULL)
		json_object_set(doc, "effective", json_object_get(ap, "date"));
}

static int
S_cmp_revision(const void *a, const void *b)
{
	json_int_t	 x = json_integer_value(json_object_get(
			    *(json_t *const *)a, "revision"));
	json_int_t	 y = json_integer_value(json_object_get(
			    *(json_t *const *)b, "revision"));

	return x < y ? -1 : x > y;
}

/*
 * Every policy folder: its revisions in number order (drafts only with
 * drafts on), each with "url", and on the policy, for listings, the
 * title, summary and approval record of its highest approved revision
 * (the generator then settles which one is in force on the build date).
 */
static json_t *
S_load_policies(const char *dir, int drafts, json_t *taken, size_t *ndrafts,
    struct buf *err, int *nerr)
{
	struct buf	 path = BUF_INIT, url = BUF_INIT;
	char		**slugs, **files;
	size_t		 ns, nf, i, j, k, len;
	json_t		*arr = json_array(), *doc, *revs, **v, *latest;
	long		 n;
	char		*end;
	struct diag	 x;
	struct stat	 st;

	memset(&x, 0, sizeof(x));
	x.err = err;
	x.line = 1;
	buf_printf(&path, "%s/policies", dir);
	slugs = S_list(dir, path.data, &ns, err, nerr);
	for (i = 0; i < ns; i++) {
		buf_reset(&path);
		buf_printf(&path, "%s/policies/%s", dir, slugs[i]);
		x.path = path.data;
		if (fsx_stat_in(dir, path.data, &st) == -1) {
			diag_at(&x, NULL, "cannot read: %s",
			    fsx_strerror(errno));
			continue;
		}
		if (!S_ISDIR(st.st_mode) ||
		    !S_valid_slug(slugs[i], strlen(slugs[i]))) {
			diag_at(&x, NULL, "policies are folders named by "
			    "their slug (lowercase ASCII letters, digits and "
			    "hyphens) holding 1.md, 2.md, ...");
			continue;
		}
		files = S_list(dir, path.data, &nf, err, nerr);
		revs = json_array();
		for (j = 0; j < nf; j++) {
			buf_reset(&path);
			buf_printf(&path, "%s/policies/%s/%s", dir, slugs[i],
			    files[j]);
			x.path = path.data;
			len = strlen(files[j]);
			n = strtol(files[j], &end, 10);
			if (len < 4 || strcmp(end, ".md") != 0 || n < 1 ||
			    n > 9999 || files[j][0] == '0') {
				diag_at(&x, NULL, "a policy revision is "
				    "named by its number: 1.md, 2.md, ...");
				continue;
			}
			doc = S_load_doc(dir, path.data, policy_fields,
			    S_check_revision, &n, err, nerr);
			if (doc == NULL)
				continue;
			S_revision_defaults(doc);
			if (strcmp(json_string_value(json_object_get(doc,
			    "status")), "approved") != 0) {
				if (!drafts) {
					json_decref(doc);
					continue;
				}
				json_object_set_new(doc, "draft", json_true());
				(*ndrafts)++;
			}
			buf_reset(&url);
			buf_printf(&url, "/policies/%s/%ld/", slugs[i], n);
			json_object_set_new(doc, "url", json_string(url.data));
			json_object_set_new(doc, "slug", json_string(slugs[i]));
			json_array_append_new(revs, doc);
		}
		S_free_list(files, nf);
		if (json_array_size(revs) == 0) {
			json_decref(revs);
			continue;
		}
		/* number order: 2.md before 10.md */
		k = json_array_size(revs);
		v = xmalloc(k * sizeof(*v));
		for (j = 0; j < k; j++)
			v[j] = json_incref(json_array_get(revs, j));
		qsort(v, k, sizeof(*v), S_cmp_revision);
		json_array_clear(revs);
		latest = NULL;
		for (j = 0; j < k; j++) {
			json_array_append_new(revs, v[j]);
			if (json_object_get(v[j], "draft") == NULL ||
			    latest == NULL)
				latest = v[j];
		}
		free(v);
		buf_reset(&url);
		buf_printf(&url, "/policies/%s/", slugs[i]);
		json_object_set_new(taken, url.data, json_string("a policy"));
		json_array_append_new(arr, json_pack("{s:s,s:s,s:s+,s:o,"
		    "s:O,s:O*,s:O*,s:O*}", "slug", slugs[i], "url", url.data,
		    "history_url", url.data, "history/", "revisions", revs,
		    "title", json_object_get(latest, "title"),
		    "summary", json_object_get(latest, "summary"),
		    "approved", json_object_get(latest, "approved"),
		    "draft", json_object_get(latest, "draft")));
	}
	*nerr += x.nerr;
	S_free_list(slugs, ns);
	buf_free(&path);
	buf_free(&url);
	return arr;
}

static json_t *
S_load_site(const char *dir, struct buf *err, int *nerr)
{
	struct buf	 path = BUF_INIT, src = BUF_INIT;
	struct yj_error	 yerr;
	struct diag	 x;
	json_t		*site = NULL;
	const char	*base;
	size_t		 bad;

	memset(&x, 0, sizeof(x));
	x.err = err;
	x.line = 1;
	buf_printf(&path, "%s/site.yaml", dir);
	x.path = path.data;
	if (fsx_read_in(dir, path.data, CONTENT_MAX_FILE, &src) == -1) {
		diag_at(&x, NULL, "cannot read: %s%s", fsx_strerror(errno),
		    errno != ENOENT ? "" : " (every content folder needs "
		    "site.yaml with at least 'name:' and 'base_url:')");
		goto out;
	}
	if (!utf8_valid(buf_cstr(&src), src.len, &bad)) {
		diag_at(&x, NULL, "not valid UTF-8 text: save it as UTF-8");
		goto out;
	}
	if ((x.doc = yj_parse(buf_cstr(&src), src.len, 0, &yerr)) == NULL) {
		x.line = yerr.line ? yerr.line : 1;
		diag_at(&x, NULL, "bad YAML: %s", yerr.msg);
		goto out;
	}
	site = yj_root(x.doc);
	if (!json_is_object(site)) {
		diag_at(&x, NULL, "site.yaml must be keys such as "
		    "'name: ...', one a line");
		site = NULL;
		goto out;
	}
	json_incref(site);
	S_check(&x, site, "", site_fields);
	if (json_object_get(site, "response_days") == NULL)
		json_object_set_new(site, "response_days", json_integer(14));
	else if (json_is_integer(json_object_get(site, "response_days")) &&
	    (json_integer_value(json_object_get(site, "response_days")) < 1 ||
	    json_integer_value(json_object_get(site, "response_days")) > 365))
		diag_at(&x, "response_days", "response_days must be between "
		    "1 and 365");
	/* base_url without its trailing slash, for absolute addresses */
	base = json_string_value(json_object_get(site, "base_url"));
	if (base != NULL) {
		size_t l = strlen(base);

		while (l > 0 && base[l - 1] == '/')
			l--;
		json_object_set_new(site, "base_url", json_stringn(base, l));
	}
	if (x.nerr > 0) {
		json_decref(site);
		site = NULL;
	}
out:
	*nerr += x.nerr;
	yj_free(x.doc);
	buf_free(&path);
	buf_free(&src);
	return site;
}

/* content_load(), and with kinds 0 content_load_base(). */
static int
S_load(const char *dir, int drafts, int with_kinds, struct content *c,
    struct buf *err)
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
	c->site = S_load_site(dir, err, &nerr);
	c->policies = S_load_policies(dir, drafts, taken, &c->drafts, err,
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
			    formdef_dir_load(dir, fdir.data, err)) == NULL) {
				c->forms_bad = 1;
				nerr++;
			}
		}
		*content_list(c, i) = with_kinds ? S_load_kind(dir, i, c, taken,
		    err, &nerr) : json_array();
	}
	json_decref(taken);
	buf_free(&fdir);
	date_from_time(time(NULL), &today);
	c->build = json_pack("{s:o}", "date", content_date_json(&today));
	if (nerr > 0) {
		content_free(c);
		return -1;
	}
	return 0;
}

int
content_load(const char *dir, int drafts, struct content *c,
    struct buf *err)
{
	return S_load(dir, drafts, 1, c, err);
}

int
content_load_base(const char *dir, int drafts, struct content *c,
    struct buf *err)
{
	return S_load(dir, drafts, 0, c, err);
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
content_load_file(const char *dir, const char *key, struct content *c,
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
